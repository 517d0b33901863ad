"""Crash recovery: kill -9 of a tracker or of `wattprint run`, and the run keeps its energy."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.readonly_support import read_only
from wattprint.cli import main
from wattprint.measure.recovery import dead_runs, recover_dead
from wattprint.store import RunInfo, RunStore, SampleRow, StepRow

SRC = str(Path(__file__).parent.parent / "src")

VICTIM = """
import sys, time
from wattprint.measure import MockSensor, TrackerConfig, track
cfg = TrackerConfig(db_path=sys.argv[1], sample_interval_s=0.1, flush_interval_s=0.2,
                    region="US")
with track("victim", config=cfg, sensors=[MockSensor("gpu0", 100.0)]) as run:
    while True:
        run.step(tokens=10)
        time.sleep(0.01)
"""


def wait_for_samples(db: Path, count: int, proc: subprocess.Popen[bytes]) -> float:
    """Wait until the store holds ``count`` samples; return when that was seen."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the producer exited early"
        if db.exists():
            with RunStore(db) as store:
                runs = store.list_runs()
                if runs and runs[0].sample_count >= count:
                    return time.time()
        time.sleep(0.1)
    raise AssertionError("the producer never flushed")


def test_kill_9_of_a_track_process_is_finished_from_its_samples(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    env = {**os.environ, "PYTHONPATH": SRC}
    victim = subprocess.Popen([sys.executable, "-c", VICTIM, str(db)], env=env)
    try:
        wait_for_samples(db, 15, victim)
        time.sleep(1.0)
        killed_at = time.time()
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait()
    with RunStore(db, stale_after_s=0.0) as store:
        (dead,) = dead_runs(store)
        (done,) = recover_dead(store)
        record = store.get_run(dead.id)
        assert dead_runs(store) == []  # finished once; the next read finds nothing to do
    assert record.status == "incomplete" and record.ended_at is not None
    recovered = record.totals["recovered"]
    # the samples cover the run up to its last flush (0.2 s), well within 5 s of the kill
    assert killed_at - record.started_at - recovered["covered_s"] < 5.0
    # the mock sensor draws 100 W: the energy is 100 W × the time its samples cover
    measured_s = recovered["last_sample_at"] - record.started_at
    assert record.totals["energy_j"] == pytest.approx(100.0 * measured_s, rel=0.05)
    assert record.totals["devices"]["gpu0"] == record.totals["energy_j"]
    assert record.totals["step_count"] > 0 and record.totals["token_count"] > 0
    assert done.energy_j == record.totals["energy_j"] and done.footprint
    assert record.footprint is not None
    assert any("died" in w for w in record.totals["warnings"])


def test_kill_9_of_wattprint_run_is_finished_by_runs_repair(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "runs.db"
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "WATTPRINT_SAMPLE_INTERVAL": "0.1",
        "WATTPRINT_FLUSH_INTERVAL": "0.2",
    }
    cmd = [sys.executable, "-m", "wattprint", "run", "--db", str(db), "--name", "k", "--"]
    parent = subprocess.Popen([*cmd, sys.executable, "-c", "import time; time.sleep(60)"], env=env)
    try:
        wait_for_samples(db, 5, parent)
        time.sleep(1.0)
        killed_at = time.time()
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    time.sleep(0.2)
    assert main(["runs", "repair", "--db", str(db), "--after", "0"]) == 0
    assert "recovered run" in capfd.readouterr().out
    with RunStore(db) as store:
        (record,) = store.list_runs()
    assert record.status == "incomplete"
    assert record.totals["energy_j"] > 0 and record.totals["devices"]
    assert killed_at - record.started_at - record.totals["recovered"]["covered_s"] < 5.0
    assert record.footprint is not None


def test_a_run_with_no_samples_is_finished_without_energy(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    with RunStore(db, stale_after_s=0.0) as store:
        info = RunInfo("empty", "measurement", time.time() - 60, "elsewhere", 1)
        run_id = store.create_run(info)
        store.append_steps(run_id, [StepRow(time.time() - 50, 1, None, None, None)])
        (done,) = recover_dead(store)
        record = store.get_run(run_id)
    assert done.energy_j == 0.0 and not done.footprint
    assert record.status == "incomplete" and record.totals["devices"] == {}
    assert record.totals["energy_j"] is None  # unknown, not zero
    assert record.footprint is None


def test_recovery_rebuilds_energy_from_cumulative_samples(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    t0 = time.time() - 100
    sensors = [{"name": "gpu0", "kind": "accelerator", "domain": "gpu", "method": "counter",
                "scope": "node", "label": "test", "factor": "", "status": "active"}]  # fmt: skip
    with RunStore(db, stale_after_s=0.0) as store:
        run_id = store.create_run(RunInfo("r", "measurement", t0, "elsewhere", 1, region="US"))
        store.update_sensors(run_id, sensors)
        # 200 W from the start: cumulative 200 J at +1 s ... 2000 J at +10 s
        rows = [SampleRow(t0 + s, "gpu0", 200.0, 200.0 * s, "counter") for s in range(1, 11)]
        store.append_samples(run_id, rows, flushed_at=t0 + 12)
        (done,) = recover_dead(store)
        record = store.get_run(run_id)
    assert done.energy_j == pytest.approx(2000.0)
    assert done.covered_s == pytest.approx(10.0)
    assert done.gap_s == pytest.approx(2.0)  # last flush 2 s after the last sample
    assert record.totals["peak_power_w"] == pytest.approx(200.0)
    assert record.ended_at == pytest.approx(t0 + 12)


def test_a_read_only_store_is_read_without_recovering(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "runs.db"
    with RunStore(db) as store:
        store.create_run(RunInfo("r", "measurement", time.time() - 60, "elsewhere", 1))
    with read_only(folder), RunStore(db, stale_after_s=0.0) as store:
        assert recover_dead(store) == []
        (record,) = store.list_runs()
    assert record.status == "incomplete" and record.ended_at is None


def test_the_first_runs_list_after_a_run_died_finishes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "runs.db"
    t0 = time.time() - 120  # its producer, on another host, last flushed 100 s ago
    with RunStore(db) as store:
        run_id = store.create_run(RunInfo("gone", "measurement", t0, "elsewhere", 1))
        rows = [SampleRow(t0 + s, "gpu0", 50.0, 50.0 * s, "counter") for s in range(1, 21)]
        store.append_samples(run_id, rows, flushed_at=t0 + 20)
    assert main(["runs", "list", "--json", "--db", str(db)]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["status"] == "incomplete" and item["totals"]["energy_j"] == pytest.approx(1000)
    assert item["totals"]["recovered"]["covered_s"] == pytest.approx(20.0)
