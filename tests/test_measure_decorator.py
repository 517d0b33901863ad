"""@track as a decorator: the last result, one run for many calls, and its cost."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from wattprint.measure import MockSensor, TrackerConfig, track
from wattprint.store import RunStore


def config(tmp_path: Path) -> TrackerConfig:
    return TrackerConfig(db_path=str(tmp_path / "runs.db"), sample_interval_s=0.05)


def test_each_call_is_a_run_and_the_last_one_is_on_the_function(tmp_path: Path) -> None:
    @track("double", config=config(tmp_path), sensors=[MockSensor("gpu0", 5.0)])
    def double(x: int) -> int:
        return 2 * x

    assert double.last_run is None  # type: ignore[attr-defined]
    assert double(2) == 4 and double(3) == 6
    assert double.__name__ == "double"
    run = double.last_run  # type: ignore[attr-defined]
    assert run.result.status == "complete" and run.result.name == "double"
    with RunStore(tmp_path / "runs.db") as store:
        assert store.count_runs() == 2


def test_many_calls_aggregate_into_one_run_with_a_step_each(tmp_path: Path) -> None:
    @track("small", config=config(tmp_path), sensors=[MockSensor("gpu0", 5.0)], per_call=False)
    def small(x: int) -> int:
        if x < 0:
            raise ValueError("negative")
        return x + 1

    assert [small(i) for i in range(50)] == list(range(1, 51))
    with pytest.raises(ValueError, match="negative"):
        small(-1)  # a failing call is still a call
    result = small.finish()  # type: ignore[attr-defined]
    assert result.work.step_count == 51 and result.status == "complete"
    assert small.last_run.result is result  # type: ignore[attr-defined]
    assert small.finish() is None  # type: ignore[attr-defined]
    with RunStore(tmp_path / "runs.db") as store:
        (record,) = store.list_runs()
        assert record.step_count == 51


def test_an_aggregated_call_costs_well_under_a_millisecond(tmp_path: Path) -> None:
    cfg = config(tmp_path).with_options(store=False)

    @track("noop", config=cfg, sensors=[MockSensor("gpu0", 5.0)], per_call=False)
    def noop() -> None:
        return None

    noop()  # the first call starts the run
    calls = 5000
    started = time.perf_counter()
    for _ in range(calls):
        noop()
    per_call_s = (time.perf_counter() - started) / calls
    noop.finish()  # type: ignore[attr-defined]
    assert per_call_s < 1e-3


def test_track_without_parentheses_decorates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATTPRINT_DB", str(tmp_path / "runs.db"))

    @track
    def plain() -> str:
        return "ok"

    assert plain() == "ok"
    assert plain.last_run.result.name.endswith("plain")  # type: ignore[attr-defined]
