"""The CPU and memory model on this machine (no RAPL, no GPU): busy vs idle, process
trees, cgroups, and the catalog parameters behind it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wattprint.measure import RunResult, TrackerConfig, track
from wattprint.measure.cpu_model import ACTIVE, DRAM, Param, probe
from wattprint.measure.cpu_time import CgroupCpu, ProcessTree, usable_cpus
from wattprint.measure.sensor import ProbeContext

MODEL_ONLY = TrackerConfig(store=False, sample_interval_s=0.25).with_options(enabled=("cpu_model",))
BUSY_CHILD = "import time\nend = time.process_time() + {s}\nwhile time.process_time() < end: pass"


def cpu_seconds(run_result: RunResult) -> float:
    device = next(d for d in run_result.devices if d.info.name == "cpu-model")
    return dict(device.terms)[ACTIVE]


def test_a_busy_loop_and_a_sleep_differ_clearly() -> None:
    with track("busy", config=MODEL_ONLY) as busy:
        end = time.monotonic() + 2.0
        while time.monotonic() < end:
            pass
    with track("idle", config=MODEL_ONLY) as idle:
        time.sleep(2.0)
    busy_r, idle_r = busy.result, idle.result
    assert busy_r.methods == ("model",)
    assert cpu_seconds(busy_r) > 0.5  # at least a quarter of the loop ran, even on a loaded box
    assert cpu_seconds(idle_r) < 0.2
    assert busy_r.energy_j > idle_r.energy_j + 1.0
    low, high = busy_r.energy_bounds_j
    assert low < busy_r.energy_j < high


def test_the_model_says_where_its_numbers_come_from() -> None:
    result = probe(ProbeContext(MODEL_ONLY))
    names = [s.info.name for s in result.sensors]
    assert names == ["cpu-model", "cpu-idle-model", "memory-model"]
    for sensor in result.sensors:
        assert sensor.info.method == "model"
        reading = sensor.read()
        assert reading.terms, "a model reading carries its terms"
        assert reading.energy_low_j is not None and reading.energy_high_j is not None
        assert reading.energy_low_j <= reading.energy_j <= reading.energy_high_j
    active = Param.from_catalog(ACTIVE)
    assert (active.low, active.central, active.high) == (1.1, 3.0, 6.75)


def test_domains_covered_by_counters_are_not_modelled() -> None:
    assert probe(ProbeContext(MODEL_ONLY, frozenset({"cpu", "dram"}))).sensors == ()
    only_memory = probe(ProbeContext(MODEL_ONLY, frozenset({"cpu"}))).sensors
    assert [s.info.name for s in only_memory] == ["memory-model"]


def test_process_tree_counts_live_and_reaped_children() -> None:
    tree = ProcessTree()
    before, _ = tree.read()
    child = subprocess.Popen([sys.executable, "-c", BUSY_CHILD.format(s=1.0)])
    time.sleep(0.2)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and tree.read()[0] - before < 0.3:
        time.sleep(0.05)
    live = tree.read()[0] - before
    assert live >= 0.3, "a live child's CPU time is counted"
    child.wait()
    reaped = tree.read()[0] - before
    assert reaped >= 0.9, "a reaped child's CPU time moves to the parent and stays counted"
    assert reaped >= live


def test_process_tree_of_another_pid(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", BUSY_CHILD.format(s=0.5)])
    tree = ProcessTree(child.pid)
    deadline = time.monotonic() + 10
    seen = 0.0
    while child.poll() is None and time.monotonic() < deadline:
        seen = tree.read()[0]
        time.sleep(0.05)
    child.wait()
    assert seen > 0.2
    assert tree.read()[0] >= seen  # never decreases, even once the process is gone


def fake_cgroup(tmp_path: Path) -> tuple[Path, Path]:
    proc = tmp_path / "proc"
    (proc / "self").mkdir(parents=True)
    (proc / "self" / "cgroup").write_text("0::/job.slice\n")
    cgroup = tmp_path / "cgroup"
    (cgroup / "job.slice").mkdir(parents=True)
    (cgroup / "job.slice" / "cpu.stat").write_text("usage_usec 2500000\nuser_usec 2000000\n")
    (cgroup / "job.slice" / "cpu.max").write_text("150000 100000\n")
    return cgroup, proc


def test_cgroup_cpu_time_and_quota(tmp_path: Path) -> None:
    cgroup, proc = fake_cgroup(tmp_path)
    assert CgroupCpu(str(cgroup), str(proc)).read() == 2.5
    cpus = len(os.sched_getaffinity(0))
    assert usable_cpus(str(cgroup), str(proc)) == min(cpus, 1.5)


def test_cgroup_scope_is_used_when_asked(tmp_path: Path) -> None:
    cgroup, proc = fake_cgroup(tmp_path)
    cfg = MODEL_ONLY.with_options(cpu_scope="cgroup", cgroup_root=str(cgroup), proc_root=str(proc))
    sensors = probe(ProbeContext(cfg)).sensors
    assert "cgroup" in sensors[0].info.label


def test_unreadable_cgroup_falls_back_to_the_process_tree(tmp_path: Path) -> None:
    cfg = MODEL_ONLY.with_options(cpu_scope="cgroup", cgroup_root=str(tmp_path / "none"))
    result = probe(ProbeContext(cfg))
    assert "process tree" in result.sensors[0].info.label
    assert "cgroup CPU time unreadable" in result.notes[0].reason


def test_memory_model_is_power_per_gb_times_resident_gb_seconds() -> None:
    sensors = probe(ProbeContext(MODEL_ONLY, frozenset({"cpu"}))).sensors
    (memory,) = sensors
    first = memory.read()
    time.sleep(0.3)
    second = memory.read()
    gb_s = dict(second.terms)[DRAM] - dict(first.terms)[DRAM]
    assert gb_s > 0
    assert second.energy_j - first.energy_j == pytest.approx(0.375 * gb_s)
    assert second.energy_j - first.energy_j < 1.0  # a test process: well under a watt
