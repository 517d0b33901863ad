"""Replay: a stored run's samples read back as a sensor; runs recompute from them."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from wattprint.cli import main
from wattprint.cli.runs_tools_cmd import STALE_AFTER_S
from wattprint.errors import SensorError
from wattprint.measure import MockSensor, SensorInfo, TrackerConfig, track
from wattprint.measure.replay import ReplaySensor, replay_sensors, replay_tracks, stored_result
from wattprint.store import RunStore, SampleRow
from wattprint.store.liveness import STALE_AFTER_S as STORE_STALE_AFTER_S

INFO = SensorInfo("gpu0", "accelerator", "gpu", "counter", "node")


def test_a_replay_hands_out_the_stored_readings_in_order_then_the_last() -> None:
    rows = [SampleRow(10.0 + k, "gpu0", 50.0, 50.0 * k, "counter") for k in (1, 2, 3)]
    sensor = ReplaySensor.of(INFO, rows, origin_t=10.0)
    readings = [sensor.read() for _ in range(5)]
    # the origin (0 J at the run's start) the tracker never stores, then the three rows
    assert [(r.t_s, r.energy_j) for r in readings] == [
        (10.0, 0.0), (11.0, 50.0), (12.0, 100.0), (13.0, 150.0), (13.0, 150.0)
    ]  # fmt: skip
    assert sensor.exhausted


def test_a_device_without_stored_energy_cannot_be_replayed() -> None:
    with pytest.raises(SensorError, match="no stored energy"):
        ReplaySensor.of(INFO, [SampleRow(1.0, "gpu0", 5.0, None, "integrated_power")])


def test_replaying_a_stored_run_gives_back_its_energy(tmp_path: Path) -> None:
    cfg = TrackerConfig(db_path=str(tmp_path / "runs.db"), sample_interval_s=0.02, region="US")
    with track("live", config=cfg, sensors=[MockSensor("gpu0", 150.0)]) as run:
        time.sleep(0.3)
        for _ in range(5):
            run.step()
    with RunStore(tmp_path / "runs.db") as store:
        record = store.get_run(run.result.run_id or "")
        samples = store.samples(record.id)
        tracks = replay_tracks(replay_sensors(samples, record.sensors, record.started_at))
        rebuilt = stored_result(store, record).result
    assert sum(t.total_j for t in tracks) == pytest.approx(run.result.energy_j, rel=1e-9)
    assert rebuilt.energy_j == pytest.approx(run.result.energy_j, rel=1e-9)
    assert rebuilt.work.step_count == 5
    assert rebuilt.devices[0].info.kind == "accelerator"


def test_runs_recompute_uses_another_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "runs.db"
    cfg = TrackerConfig(db_path=str(db), sample_interval_s=0.02, region="US")
    with track("old", config=cfg, sensors=[MockSensor("gpu0", 300.0)]) as run:
        time.sleep(0.3)
    stored = run.footprint()
    run_id = run.result.run_id or ""
    assert main(["runs", "recompute", run_id, "--db", str(db), "--json"]) == 0
    same = json.loads(capsys.readouterr().out)
    energy = stored["facility_energy"].p50
    assert same["outputs"]["facility_energy"]["p50"] == pytest.approx(energy, rel=1e-5)
    argv = ["runs", "recompute", run_id, "--region", "FR", "--save", "--db", str(db)]
    assert main([*argv, "--json"]) == 0
    france = json.loads(capsys.readouterr().out)
    assert france["outputs"]["facility_energy"]["p50"] == pytest.approx(energy, rel=1e-5)
    assert france["outputs"]["carbon_operational"]["p50"] < stored["carbon_operational"].p50
    with RunStore(db) as store:
        saved = store.get_run(run_id).footprint
    assert saved is not None and saved["outputs"] == france["outputs"]


def test_runs_recompute_of_an_unknown_region_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "runs.db"
    cfg = TrackerConfig(db_path=str(db), sample_interval_s=0.02)
    with track("old", config=cfg, sensors=[MockSensor("gpu0", 300.0)]) as run:
        time.sleep(0.1)
    argv = ["runs", "recompute", run.result.run_id or "", "--region", "Atlantis"]
    assert main([*argv, "--db", str(db)]) == 2
    assert "Atlantis" in capsys.readouterr().err


def test_the_cli_default_for_dead_runs_is_the_stores() -> None:
    assert STALE_AFTER_S == STORE_STALE_AFTER_S
