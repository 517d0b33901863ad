"""track(): steps, phases, failing sensors, the run store, no network, kill -9, torch sync."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path

import pytest

from wattprint.errors import InputError, SensorError
from wattprint.measure import MockSensor, RunStateError, TrackerConfig, track
from wattprint.store import RunStore
from wattprint.store.spool import spool_path

SRC = str(Path(__file__).parent.parent / "src")


def config(tmp_path: Path | None = None, **changes: object) -> TrackerConfig:
    base = TrackerConfig(
        store=tmp_path is not None,
        db_path=str(tmp_path / "runs.db") if tmp_path is not None else None,
        sample_interval_s=0.05,
        flush_interval_s=0.2,
    )
    return base.with_options(**changes)


def test_steps_give_energy_per_step_token_and_sample() -> None:
    with track("steps", config=config(), sensors=[MockSensor("gpu0", 100.0)]) as run:
        for _ in range(5):
            time.sleep(0.02)
            run.step(tokens=10, samples=2)
    work = run.result.work
    assert (work.step_count, work.token_count, work.sample_count) == (5, 50, 10)
    assert work.energy_per_step_j == pytest.approx(run.result.energy_j / 5)
    assert work.energy_per_token_j == pytest.approx(run.result.energy_j / 50)
    assert work.energy_per_sample_j == pytest.approx(run.result.energy_j / 10)


def test_phase_energy_is_power_times_its_duration() -> None:
    with track("phases", config=config(), sensors=[MockSensor("gpu0", 100.0)]) as run:
        time.sleep(0.1)
        with run.phase("eval"):
            time.sleep(0.2)
            run.step()
        run.step()
    (phase,) = run.result.phases
    assert phase.name == "eval"
    assert phase.energy_j == pytest.approx(100.0 * phase.duration_s, rel=1e-6)


def test_failing_sensor_is_dropped_and_reported_never_raised() -> None:
    sensors = [MockSensor("good", 50.0), MockSensor("bad", 80.0, fail_after=3)]
    with track("flaky", config=config(), sensors=sensors) as run:
        time.sleep(0.4)
    result = run.result
    by_name = {s["name"]: s for s in result.sensors}
    assert by_name["bad"]["status"] == "dropped"
    assert "read failed" in by_name["bad"]["reason"]
    assert by_name["good"]["status"] == "active"
    assert any("bad was dropped" in w for w in result.warnings)
    bad = next(d for d in result.devices if d.info.name == "bad")
    assert bad.energy_j > 0  # what it measured before failing is kept


def test_result_before_the_end_is_an_error_with_a_hint() -> None:
    tracker = track("early", config=config(), sensors=[MockSensor("gpu0", 1.0)])
    run = tracker.start()
    with pytest.raises(RunStateError, match="still being measured"):
        run.result  # noqa: B018
    run.stop()
    assert run.result.status == "complete"


def test_no_network_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_sockets(*args: object, **kwargs: object) -> socket.socket:
        raise AssertionError("wattprint opened a socket")

    monkeypatch.setattr(socket, "socket", no_sockets)
    with track("offline", config=config(tmp_path)) as run:
        sum(range(100_000))
    assert run.result.run_id is not None
    assert run.footprint().kind == "measurement"


def test_run_is_stored_with_samples_steps_phases_and_footprint(tmp_path: Path) -> None:
    cfg = config(tmp_path, region="US")
    tracker = track("stored", config=cfg, sensors=[MockSensor("gpu0", 200.0)], tags={"k": "v"})
    with tracker as run, run.phase("train"):
        for _ in range(3):
            time.sleep(0.1)
            run.step(tokens=7)
    assert run.footprint().kind == "measurement", "waits until computed and stored"
    with RunStore(cfg.db_path) as store:
        record = store.get_run(run.result.run_id or "")
        assert record.status == "complete"
        assert record.tags == {"k": "v"}
        assert record.region == "US"
        assert record.sample_count >= 3
        assert record.step_count == 3
        assert record.totals["energy_j"] == pytest.approx(run.result.energy_j)
        assert record.footprint is not None and record.footprint["kind"] == "measurement"
        assert [p.name for p in store.phases(record.id)] == ["train"]
        assert [(s.step, s.tokens, s.phase) for s in store.steps(record.id)] == [
            (i, 7, "train") for i in (1, 2, 3)
        ]
        assert {s["name"] for s in record.sensors} == {"gpu0"}
        assert len(store.samples(record.id)) == record.sample_count
    assert not spool_path(Path(cfg.db_path or ""), record.id).exists(), "spool moved in, removed"


def test_samples_go_through_the_spool_and_reach_the_store_file(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    folder = tmp_path / "runs.db-spool"
    with track("spooled", config=cfg, sensors=[MockSensor("gpu0", 100.0)]):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(
            p.stat().st_size for p in (folder.iterdir() if folder.is_dir() else ())
        ):
            time.sleep(0.05)
        (spooled,) = folder.iterdir()
        assert spooled.stat().st_size > 0, "flushed to the spool"
        with sqlite3.connect(tmp_path / "runs.db") as conn:  # the file alone, no catch-up
            in_file = conn.execute("SELECT COUNT(*) FROM samples").fetchone()[0]
        with RunStore(cfg.db_path) as store:  # a read moves the spooled rows in first
            assert store.list_runs()[0].sample_count > in_file
    assert list(folder.iterdir()) == []


def test_unopenable_store_keeps_the_run_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    cfg = config().with_options(store=True, db_path=str(blocker / "runs.db"))
    with track("memory", config=cfg, sensors=[MockSensor("gpu0", 10.0)]) as run:
        time.sleep(0.1)
    assert run.result.run_id is None
    assert run.result.energy_j > 0
    assert any("kept in memory only" in w for w in run.result.warnings)


def test_decorator_measures_each_call_and_keeps_exceptions() -> None:
    tracker = track(config=config(), sensors=[MockSensor("gpu0", 5.0)])

    @tracker
    def work(x: int) -> int:
        if x < 0:
            raise ValueError("negative")
        return x * 2

    assert work(21) == 42
    assert tracker.last_run is not None
    assert tracker.last_run.result.name.endswith("work")
    assert tracker.last_run.result.status == "complete"
    with pytest.raises(ValueError, match="negative"):
        work(-1)
    assert tracker.last_run.result.status == "failed"


def test_exception_in_block_marks_the_run_failed() -> None:
    tracker = track("boom", config=config(), sensors=[MockSensor("gpu0", 5.0)])
    with pytest.raises(KeyError), tracker:
        raise KeyError("x")
    assert tracker.last_run is not None and tracker.last_run.result.status == "failed"


def test_no_sensor_at_all_is_unknown_not_zero() -> None:
    cfg = config().with_options(enabled=())
    with track("blind", config=cfg) as run:
        pass
    assert run.result.devices == ()
    assert any("unknown (not zero)" in w for w in run.result.warnings)
    assert {s["status"] for s in run.result.sensors} == {"skipped"}
    with pytest.raises(SensorError, match="no footprint"):
        run.footprint()


def test_torch_is_synchronised_at_window_edges_only_if_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    cuda = types.SimpleNamespace(
        is_initialized=lambda: True, synchronize=lambda: calls.append("sync")
    )
    monkeypatch.setitem(sys.modules, "torch", types.SimpleNamespace(cuda=cuda))
    tracker = track("gpu", config=config(), sensors=[MockSensor("gpu0", 1.0)])
    with tracker as run, run.phase("eval"):
        pass
    assert calls == ["sync", "sync", "sync"]  # phase start, phase end, stop


def test_config_from_env_reads_variables_and_names_a_bad_one() -> None:
    env = {
        "WATTPRINT_REGION": "CN",
        "WATTPRINT_SAMPLE_INTERVAL": "0.5",
        "WATTPRINT_SENSORS": "rapl, cpu_model",
        "CUDA_VISIBLE_DEVICES": "1,0",
        "SLURM_LOCALID": "3",
        "SLURM_JOB_ID": "42",
    }
    cfg = TrackerConfig.from_env(env, facility="hyperscale-average")
    assert cfg.region == "CN" and cfg.facility == "hyperscale-average"
    assert cfg.sample_interval_s == 0.5
    assert cfg.sensors.enabled == ("rapl", "cpu_model")
    assert cfg.sensors.visible_devices == "1,0"
    assert (cfg.local_rank, cfg.job_id) == (3, "42")
    with pytest.raises(InputError, match="WATTPRINT_SAMPLE_INTERVAL"):
        TrackerConfig.from_env({"WATTPRINT_SAMPLE_INTERVAL": "fast"})
    with pytest.raises(InputError, match="flush"):
        TrackerConfig(flush_interval_s=30)


def test_importing_and_starting_a_tracker_loads_no_numpy() -> None:
    code = textwrap.dedent(
        """
        import sys
        import wattprint.measure as m
        heavy = ("numpy", "typer", "rich", "yaml", "pynvml", "psutil")
        print(",".join(h for h in heavy if h in sys.modules))
        run = m.track("x", config=m.TrackerConfig(store=False)).start()
        print(",".join(h for h in ("numpy",) if h in sys.modules))
        run.stop()
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[:2] == ["", ""]


VICTIM = """
import sys, time
from wattprint.measure import TrackerConfig, track
cfg = TrackerConfig(db_path=sys.argv[1], sample_interval_s=0.05, flush_interval_s=0.1)
with track("victim", config=cfg) as run:
    while True:
        run.step(tokens=1)
        time.sleep(0.01)
"""


def test_kill_9_of_the_tracker_leaves_an_incomplete_run_with_its_samples(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    victim = subprocess.Popen(
        [sys.executable, "-c", VICTIM, str(db)], env={**os.environ, "PYTHONPATH": SRC}
    )
    try:
        deadline = time.monotonic() + 20
        flushed = 0
        while time.monotonic() < deadline and flushed < 5:
            time.sleep(0.1)
            if db.exists():
                with RunStore(db) as store:
                    runs = store.list_runs()
                    flushed = runs[0].sample_count if runs else 0
        assert flushed >= 5, "the tracker never flushed"
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.wait()
    with RunStore(db, stale_after_s=0.0) as store:
        (record,) = store.list_runs()
        assert record.status == "incomplete"
        assert record.sample_count >= flushed
        assert record.step_count > 0
        assert record.ended_at is None
        assert len(store.samples(record.id)) == record.sample_count


def test_counted_flops_reach_the_result_and_its_footprint() -> None:
    with track("flops", config=config(), sensors=[MockSensor("gpu0", 100.0)]) as run:
        run.add_flops(6 * 1e6 * 1e3)
        run.add_flops(4e9)
    assert run.result.work.flop_count == 1e10
    assert "floor_ratio" in run.footprint().outputs
    with pytest.raises(ValueError, match="non-negative"):
        run.add_flops(-1)


def test_a_script_that_exits_right_after_its_run_still_stores_the_footprint(
    tmp_path: Path,
) -> None:
    # the footprint is made after stop() by a worker thread; the worker is started by the
    # caller, so the exiting interpreter waits for it (started from the daemon sampler
    # thread, it was often never started before the interpreter shut down)
    db = tmp_path / "runs.db"
    child = "import wattprint\nwith wattprint.track('quick'):\n    pass\n"
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "WATTPRINT_DB": str(db),
        "WATTPRINT_SENSORS": "cpu_model",
    }
    for _ in range(3):
        subprocess.run([sys.executable, "-c", child], env=env, check=True, timeout=120)
    with RunStore(db) as store:
        runs = store.list_runs()
    assert len(runs) == 3 and all(r.footprint is not None for r in runs)
