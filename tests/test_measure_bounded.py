"""No hang, no orphan: hung sensors are abandoned, the child dies with `wattprint run`,
implausible readings are rejected, bad tags and intervals are refused up front."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import wattprint.measure.bounded as bounded
from wattprint.cli import main
from wattprint.errors import InputError
from wattprint.measure import CounterReading, MockSensor, SensorInfo, TrackerConfig, track
from wattprint.measure.plausible import DEVICE_CEILING_W, PlausibleSensor
from wattprint.store import RunStore

SRC = str(Path(__file__).parent.parent / "src")


@pytest.fixture
def short_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounded, "READ_TIMEOUT_S", 0.5)
    monkeypatch.setattr(bounded, "PROBE_TIMEOUT_S", 1.0)


@dataclass
class HangingSensor:
    """Answers ``answers`` reads, then blocks for ever (a GPU fallen off the bus)."""

    name: str
    answers: int
    reads: int = 0
    never: threading.Event = field(default_factory=threading.Event)

    @property
    def info(self) -> SensorInfo:
        return SensorInfo(self.name, "accelerator", "gpu", "counter", "node", "hangs")

    def read(self) -> CounterReading:
        self.reads += 1
        if self.reads > self.answers:
            self.never.wait()
        return CounterReading(time.monotonic(), 10.0 * self.reads)


def config(tmp_path: Path) -> TrackerConfig:
    return TrackerConfig(
        db_path=str(tmp_path / "runs.db"), sample_interval_s=0.05, flush_interval_s=0.1
    )


def test_a_sensor_that_hangs_mid_run_is_abandoned_and_the_program_goes_on(
    tmp_path: Path, short_bounds: None
) -> None:
    hung = HangingSensor("gpu1", answers=3)
    sensors = [MockSensor("gpu0", 100.0), hung]
    started = time.monotonic()
    with track("hang", config=config(tmp_path), sensors=sensors) as run:
        time.sleep(0.5)
    took = time.monotonic() - started
    assert took < 0.5 + 3 * bounded.READ_TIMEOUT_S
    result = run.result
    (status,) = [s for s in result.sensors if s["name"] == "gpu1"]
    assert status["status"] == "dropped" and "abandoned" in status["reason"]
    assert any("gpu1 was dropped" in w for w in result.warnings)
    assert result.energy_j > 0  # what was read before the hang is kept
    with RunStore(tmp_path / "runs.db") as store:
        (record,) = store.list_runs()
    assert record.status == "complete"
    assert any("abandoned" in s.get("reason", "") for s in record.sensors)


def test_a_rapl_counter_that_is_a_fifo_does_not_hang_wattprint_run(
    tmp_path: Path, short_bounds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    zone = tmp_path / "powercap" / "intel-rapl:0"
    zone.mkdir(parents=True)
    (zone / "name").write_text("package-0\n")
    (zone / "max_energy_range_uj").write_text("262143328850\n")
    os.mkfifo(zone / "energy_uj")  # open() of a FIFO blocks until a writer comes
    monkeypatch.setenv("WATTPRINT_RAPL_ROOT", str(tmp_path / "powercap"))
    monkeypatch.setenv("WATTPRINT_SAMPLE_INTERVAL", "0.1")
    db = tmp_path / "runs.db"
    started = time.monotonic()
    code = main(["run", "--db", str(db), "--", "/bin/true"])
    assert code == 0
    assert time.monotonic() - started < 10.0
    with RunStore(db) as store:
        (record,) = store.list_runs()
    (note,) = [s for s in record.sensors if "abandoned" in s.get("reason", "")]
    assert note["status"] == "dropped" and "did not answer" in note["reason"]


def test_with_track_returns_when_a_first_read_hangs(tmp_path: Path, short_bounds: None) -> None:
    started = time.monotonic()
    with track("probe-hang", config=config(tmp_path), sensors=[HangingSensor("gpu0", 0)]) as run:
        pass
    assert time.monotonic() - started < 5.0
    assert run.result.devices == ()
    assert any("abandoned" in s.get("reason", "") for s in run.result.sensors)
    with RunStore(tmp_path / "runs.db") as store:
        (record,) = store.list_runs()  # stored even though the thread never got there
    assert record.status == "complete"


CHILD = """
import os, sys, time
open(sys.argv[1], "w").write(str(os.getpid()))
time.sleep(60)
"""


def test_the_child_of_wattprint_run_dies_with_it(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    env = {**os.environ, "PYTHONPATH": SRC, "WATTPRINT_SAMPLE_INTERVAL": "0.1"}
    cmd = [sys.executable, "-m", "wattprint", "run", "--db", str(tmp_path / "runs.db"), "--"]
    parent = subprocess.Popen([*cmd, sys.executable, "-c", CHILD, str(pid_file)], env=env)
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(pid_file.read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and alive(child):
        time.sleep(0.05)
    assert not alive(child), "the measured command outlived wattprint run"


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@dataclass
class Script:
    """A sensor reading a scripted list of (t, energy) pairs."""

    values: list[tuple[float, float]]
    i: int = 0

    @property
    def info(self) -> SensorInfo:
        return SensorInfo("package-0", "host", "cpu", "counter", "node")

    def read(self) -> CounterReading:
        t, e = self.values[self.i]
        self.i += 1
        return CounterReading(t, e)


def test_a_counter_reset_is_rejected_and_counted_at_the_power_before() -> None:
    # 50 W for 2 s, then the counter restarts at 0 and goes on at 50 W
    sensor = PlausibleSensor(Script([(0, 1000), (1, 1050), (2, 1100), (3, 0), (4, 50)]))
    energies = [sensor.read().energy_j for _ in range(5)]
    assert energies == [1000, 1050, 1100, 1150, 1200]  # the reset interval gets 50 W x 1 s
    (note,) = sensor.notes
    assert note.status == "corrected" and "counter reset" in note.reason


def test_an_impossible_jump_is_rejected() -> None:
    sensor = PlausibleSensor(Script([(0, 0), (1, 100), (2, 1e24), (3, 1e24)]))
    assert [sensor.read().energy_j for _ in range(4)] == [0, 100, 200, 200]
    assert f"over {DEVICE_CEILING_W:g} W" in sensor.notes[0].reason


def test_readings_after_a_jump_go_on_from_where_they_were() -> None:
    sensor = PlausibleSensor(Script([(0, 0), (1, 100), (2, 1e12), (3, 1e12 + 100)]))
    assert [sensor.read().energy_j for _ in range(4)] == [0, 100, 200, 300]


def test_a_reading_at_the_ceiling_is_accepted() -> None:
    sensor = PlausibleSensor(Script([(0, 0), (1, DEVICE_CEILING_W)]))
    assert [sensor.read().energy_j for _ in range(2)] == [0, DEVICE_CEILING_W]
    assert sensor.notes == []


@pytest.mark.parametrize("tags", [{"lr=0.1": "x"}, {"": "x"}, {"k": 3}])
def test_a_tag_the_store_cannot_keep_is_an_error_at_track(tags: dict[str, object]) -> None:
    with pytest.raises(InputError, match="tag"):
        track("t", tags=tags)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["1e-9", "0", "7200"])
def test_a_sampling_interval_out_of_bounds_is_refused(value: str) -> None:
    with pytest.raises(InputError, match="WATTPRINT_SAMPLE_INTERVAL|sample_interval_s"):
        TrackerConfig.from_env({"WATTPRINT_SAMPLE_INTERVAL": value})


def test_a_rapl_counter_reset_adds_no_phantom_energy(tmp_path: Path) -> None:
    from wattprint.measure.rapl import discover

    zone = tmp_path / "powercap" / "intel-rapl:0"
    zone.mkdir(parents=True)
    (zone / "name").write_text("package-0\n")
    (zone / "max_energy_range_uj").write_text("262143328850\n")
    clock = itertools.count(0.0, 1.0).__next__  # one second per read
    energy = zone / "energy_uj"
    energy.write_text("1000000000\n")  # 1000 J
    (rapl,) = discover(tmp_path / "powercap", clock=lambda: float(clock())).sensors
    sensor = PlausibleSensor(rapl)
    readings = []
    for uj in (1_000_000_000, 1_050_000_000, 20_000_000, 70_000_000):  # reset to 20 J
        energy.write_text(f"{uj}\n")
        readings.append(sensor.read().energy_j)
    readings = [r - readings[0] for r in readings]
    # 50 W throughout: the reset interval is counted at 50 W, not as a 262 kJ wrap
    assert readings == pytest.approx([0.0, 50.0, 100.0, 150.0])
    assert "physically implausible" in sensor.notes[0].reason


def test_the_whole_end_is_bounded_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounded, "READ_TIMEOUT_S", 60.0)  # a slow read, not yet overdue
    monkeypatch.setattr(bounded, "FINISH_TIMEOUT_S", 0.5)
    started = time.monotonic()
    with track("slow", config=config(tmp_path), sensors=[HangingSensor("gpu0", 2)]) as run:
        time.sleep(0.3)
    assert time.monotonic() - started < 3.0
    assert not any("abandoned" in s.get("reason", "") for s in run.result.sensors)
    with RunStore(tmp_path / "runs.db") as store:
        (record,) = store.list_runs()
    assert record.status == "complete"
