"""The node agent: counters that survive wrap and failures, power, runs of this host."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.prometheus_support import SRC
from tests.test_measure_rapl import Clock, set_energy, zone
from wattprint.cli import main
from wattprint.measure.config import TrackerConfig
from wattprint.measure.exporter import NodeAgent, RunWatch
from wattprint.measure.rapl import discover
from wattprint.measure.sensor import MockSensor
from wattprint.store import RunInfo, RunStore
from wattprint.store.liveness import this_host


def rapl_agent(tmp_path: Path, start_uj: int, max_uj: int) -> tuple[NodeAgent, Path, Clock]:
    root = tmp_path / "powercap"
    package = zone(root, "intel-rapl:0", "package-0", start_uj, max_uj=max_uj)
    clock = Clock()
    agent = NodeAgent(discover(root, clock=clock).sensors)
    return agent, package, clock


def test_energy_counts_from_the_agent_start_through_a_wrap(tmp_path: Path) -> None:
    agent, package, clock = rapl_agent(tmp_path, 900_000_000, max_uj=1_000_000_000)
    set_energy(package, 950_000_000)  # +50 J
    clock.t += 1.0
    agent.sample()
    set_energy(package, 20_000_000)  # wrapped: +50 J to the top, then +20 J
    clock.t += 2.0
    (device,) = agent.snapshot().devices
    assert device.energy_j == pytest.approx(120.0)
    assert device.power_w == pytest.approx(70.0 / 2.0)  # mean over the last interval
    assert device.info.name == "cpu-package0"


def test_power_is_a_mean_over_a_second_at_least(tmp_path: Path) -> None:
    agent, package, clock = rapl_agent(tmp_path, 0, max_uj=10**12)
    set_energy(package, 100_000_000)
    clock.t += 1.0
    agent.sample()  # 100 J in 1 s
    set_energy(package, 100_300_000)
    clock.t += 0.005  # a scrape 5 ms later: 0.3 J would read as 60 W
    (device,) = agent.snapshot().devices
    assert device.power_w == pytest.approx(100.0)
    set_energy(package, 160_000_000)
    clock.t += 0.995
    agent.sample()
    assert agent.counters[0].power_w == pytest.approx(60.0)


@given(st.lists(st.integers(0, 999), min_size=1, max_size=30))
def test_the_counter_is_the_sum_of_wrapped_increments(steps: list[int]) -> None:
    """Read at least once per wrap, the counter equals the energy fed, whatever the wraps."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        agent, package, clock = rapl_agent(Path(tmp), 500, max_uj=1000)
        raw, last = 500, 0.0
        for step in steps:
            raw = (raw + step) % 1000
            set_energy(package, raw)
            clock.t += 1.0
            agent.sample()
            energy = agent.counters[0].energy_j
            assert energy >= last
            last = energy
        assert last == pytest.approx(sum(steps) / 1e6)


def test_a_failing_sensor_keeps_its_count_and_counts_its_errors() -> None:
    clock = Clock()
    sensor = MockSensor("gpu0", power_w=200.0, fail_after=2, clock=clock)
    agent = NodeAgent([sensor])  # read 1
    clock.t += 1.0
    agent.sample()  # read 2: 200 J
    clock.t += 1.0
    agent.sample()  # read 3 fails
    (device,) = agent.snapshot().devices  # read 4 fails
    assert device.energy_j == pytest.approx(200.0)
    assert device.read_errors == 2
    assert device.power_w == 200.0  # the sensor's own power reading


def test_process_scoped_models_are_left_out_with_a_note() -> None:
    config = TrackerConfig(sensors=TrackerConfig().sensors).with_options(enabled=("cpu_model",))
    agent = NodeAgent.probe(config)
    try:
        names = [c.info.name for c in agent.counters]
        assert names == ["cpu-idle-model"]
        skipped = {n.name: n.reason for n in agent.notes if n.status == "skipped"}
        assert "process-scoped" in skipped["cpu-model"]
        assert "process-scoped" in skipped["memory-model"]
        (device,) = agent.snapshot().devices
        assert device.info.method == "model"
    finally:
        agent.stop()


def _run(store: RunStore, name: str, host: str, node_key: str | None) -> str:
    return store.create_run(
        RunInfo(name, "measurement", time.time(), host, os.getpid(), node_key=node_key)
    )


def test_the_running_runs_of_this_host_are_found_with_their_job_ids(store_location: str) -> None:
    db = Path(store_location)  # as the CLI's --db hands it over (a URL collapsed by Path too)
    host = this_host()
    with RunStore(db) as store:
        mine = _run(store, "train", host, f"{host}:job-7")
        plain = _run(store, "notebook", host, host)
        _run(store, "elsewhere", "another-node", "another-node:job-7")
        done = _run(store, "finished", host, f"{host}:job-8")
        store.finish_run(done, status="complete", ended_at=time.time())
    runs = RunWatch(db, host, interval_s=0.0).current()
    assert [(r.run_id, r.name, r.job_id) for r in runs] == sorted(
        [(mine, "train", "job-7"), (plain, "notebook", "")]
    )


def test_no_store_file_means_no_runs_and_no_file_created(tmp_path: Path) -> None:
    db = tmp_path / "absent.db"
    assert RunWatch(db, this_host(), interval_s=0.0).current() == ()
    assert not db.exists()


def test_exporter_once_prints_the_metrics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "powercap"
    zone(root, "intel-rapl:0", "package-0", 1_000_000)
    code = main(
        ["exporter", "--once", "--sensors", "rapl", "--rapl-root", str(root), "--db", "x.db"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "# TYPE wattprint_device_energy_joules_total counter" in out
    assert 'device="cpu-package0"' in out
    assert 'method="measured"' in out
    assert "wattprint_exporter_info{" in out
    assert "wattprint_device_power_watts{" in out  # read twice, a second apart


def test_a_busy_port_is_one_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["exporter", "--port", str(port), "--sensors", "none"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err
    assert "another --port" in err


def test_a_bad_interval_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exporter", "--once", "--interval", "0"]) == 2
    assert "--interval" in capsys.readouterr().err


def test_without_prometheus_client_the_error_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['prometheus_client'] = None\n"
        "from wattprint.cli import main\n"
        "sys.exit(main(['exporter', '--once', '--sensors', 'none']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": SRC},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "wattprint: error: Prometheus metrics needs the 'prometheus' extra (prometheus_client "
        "not installed); install it with: pip install 'wattprint[prometheus]'"
    ]
