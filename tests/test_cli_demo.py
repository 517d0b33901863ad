"""``wattprint demo``: the README's main job, end to end on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from wattprint.cli import main
from wattprint.store import RunStore


def test_demo_estimates_measures_stores_and_compares(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    db = tmp_path / "runs.db"
    assert main(["demo", "--track-seconds", "1", "--db", str(db), "--region", "US"]) == 0
    out = capsys.readouterr().out
    assert "GPT-4 training, as reported in the press" in out
    assert "demo: NumPy MLP" in out
    assert "Side by side" in out
    with RunStore(db) as store:
        (record,) = store.list_runs()
    assert record.status == "complete"
    assert f"stored as run {record.id}" in out
    footprint = record.footprint or {}
    assert footprint["kind"] == "measurement"
    assert footprint["outputs"]["it_energy"]["p50"] > 0
    assert "floor_ratio" in footprint["outputs"]  # the workload counts its FLOPs


def test_demo_can_skip_the_tracking(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--track-seconds", "0"]) == 0
    assert "Measure" not in capsys.readouterr().out
