"""Measured requests: the attribution rule, its sum, storage, and a serving loop on CPU."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wattprint.cli import main
from wattprint.measure import TrackerConfig, track
from wattprint.measure.requests import RequestLog, RequestSpan, attribute, totals
from wattprint.store import RunStore
from wattprint.store.requests import read_requests


def flat(power_w: float):  # type: ignore[no-untyped-def]
    return lambda a, b: power_w * (b - a)


def test_overlapping_requests_share_by_tokens_and_idle_time_is_shared_by_tokens() -> None:
    # 0..10 s at 100 W = 1,000 J. A: 0-4 s, 100 tokens; B: 2-6 s, 300 tokens; idle 6-10.
    spans = [RequestSpan(0, 4, 50, 50), RequestSpan(2, 6, 100, 200)]
    a, b = attribute(spans, flat(100.0), 0.0, 10.0)
    # 0-2: A alone 200 J; 2-4: 200 J split 1:3 -> A 50, B 150; 4-6: B alone 200 J;
    # idle 6-10: 400 J split 1:3 -> A 100, B 300
    assert a == pytest.approx(200 + 50 + 100)
    assert b == pytest.approx(150 + 200 + 300)


def test_without_tokens_requests_share_by_time() -> None:
    spans = [RequestSpan(0, 2, 0, 0), RequestSpan(0, 2, 0, 0)]
    assert attribute(spans, flat(10.0), 0.0, 4.0) == pytest.approx([20.0, 20.0])


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 100), st.floats(0, 20), st.integers(0, 500), st.integers(0, 500)),
        min_size=1,
        max_size=30,
    ),
    st.floats(1, 1000),
)
def test_request_energies_always_sum_to_the_measured_total(
    items: list[tuple[float, float, int, int]], power_w: float
) -> None:
    spans = [RequestSpan(s, s + d, i, o) for s, d, i, o in items]
    joules = attribute(spans, flat(power_w), 0.0, 130.0)
    assert sum(joules) == pytest.approx(power_w * 130.0, rel=1e-9)
    assert all(j >= 0 for j in joules)


def test_bad_token_counts_are_refused() -> None:
    log = RequestLog(time.monotonic())
    with pytest.raises(ValueError, match="tokens_out must be a non-negative whole number"):
        log.done(1, -3)
    with pytest.raises(ValueError, match="duration_s must be a non-negative number"):
        log.done(1, 3, duration_s=-1.0)


def test_a_cpu_serving_loop_gets_energy_per_request_stored_and_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "runs.db"
    config = TrackerConfig(db_path=str(db), sample_interval_s=0.05, flush_interval_s=0.2)
    with track("serve", config=config) as run:  # the machine's own sensors (CPU model here)
        run.wait_ready(5.0)
        for n in range(6):  # a toy server: each request "decodes" its tokens on the CPU
            with run.request(tokens_in=20) as r:
                total = 0
                for i in range(20_000 * (n + 1)):
                    total += i * i
                r.tokens_out = 10 * (n + 1)
        run.request_done(tokens_in=5, tokens_out=5, duration_s=0.0)
    requests = run.requests
    assert len(requests) == 7
    assert sum(r.energy_j for r in requests) == pytest.approx(run.result.energy_j, rel=1e-9)
    summary = totals(requests)
    assert summary is not None and summary.energy_per_output_token_j is not None
    assert run.run_id is not None
    with RunStore(db) as store:
        stored = read_requests(store, run.run_id)
    assert [r.tokens_out for r in stored] == [10, 20, 30, 40, 50, 60, 5]
    assert sum(r.energy_j for r in stored) == pytest.approx(run.result.energy_j, rel=1e-9)
    assert main(["runs", "show", run.run_id, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Requests served (measured)" in out and "7 requests" in out
