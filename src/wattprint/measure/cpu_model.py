"""A CPU and memory model for machines where no counter can be read (VMs, containers, CI).

Three sensors, each ``method="model"``, each added only for a domain no counter covers:

- ``cpu-model`` (process scope): CPU seconds of the measured process tree (or cgroup)
  × ``cpu_active_power_per_core_w``, the power one busy logical CPU adds above idle.
- ``cpu-idle-model`` (node scope): the run's share of the machine's idle power,
  logical CPUs the run may use × ``cpu_idle_power_per_core_w`` × elapsed time.
- ``memory-model`` (process scope): resident memory of the tree in GB, integrated over
  time, × ``dram_power_w_per_gb``.

The three parameters are ranges with sources in the catalog (``defaults.csv``). A
reading's ``energy_j`` uses their central values, ``energy_low_j``/``energy_high_j``
their ends, and its ``terms`` let the footprint sample them, so the spread and its
drivers are the model's own. A 10 s busy loop and a 10 s sleep differ by the busy
CPU-seconds × about 3 W; the idle share is the same for both.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from wattprint.catalog import default
from wattprint.catalog.rows import Default
from wattprint.measure.cpu_time import CgroupCpu, ProcessTree, total_memory_bytes, usable_cpus
from wattprint.measure.sensor import (
    CounterReading,
    ProbeContext,
    ProbeResult,
    Sensor,
    SensorInfo,
    SensorNote,
)

ACTIVE = "cpu_active_power_per_core_w"
IDLE = "cpu_idle_power_per_core_w"
DRAM = "dram_power_w_per_gb"
GB = 1e9


@dataclass(frozen=True)
class Param:
    """A model parameter's low, central and high value (from its catalog row)."""

    name: str
    low: float
    central: float
    high: float

    @classmethod
    def from_catalog(cls, name: str) -> Param:
        """Read the ``defaults.csv`` row called ``name``."""
        row: Default = default(name)
        low = row.low if row.low is not None else row.mode
        high = row.high if row.high is not None else row.mode
        if low is None or high is None:
            raise ValueError(f"defaults.csv row {name} has no value")
        if (
            row.dist == "triangular"
            and row.mode is not None
            or row.dist == "fixed"
            and row.mode is not None
        ):
            central = row.mode
        else:
            central = (low + high) / 2
        return cls(name, low, central, high)

    def reading(self, t_s: float, amount: float, power_w: float | None = None) -> CounterReading:
        """A model reading for ``amount`` (e.g. CPU-seconds) of this parameter."""
        return CounterReading(
            t_s,
            self.central * amount,
            power_w,
            self.low * amount,
            self.high * amount,
            ((self.name, amount),),
        )


@dataclass
class TreeCache:
    """One read of the process tree shared by the CPU and memory models of a sample."""

    tree: ProcessTree
    clock: Callable[[], float] = time.monotonic
    _t_s: float = field(default=-1.0, repr=False)
    _value: tuple[float, float] = field(default=(0.0, 0.0), repr=False)

    def read(self) -> tuple[float, float]:
        """``(cpu_seconds, rss_bytes)``, re-read when the last read is over 5 ms old."""
        now = self.clock()
        if now - self._t_s > 0.005:
            self._value = self.tree.read()
            self._t_s = now
        return self._value


@dataclass
class CpuActiveModel:
    """CPU seconds since the probe × active power per logical CPU."""

    info: SensorInfo
    param: Param
    cpu_seconds: Callable[[], float]
    clock: Callable[[], float] = time.monotonic
    origin_s: float = 0.0

    def read(self) -> CounterReading:
        """Modelled energy of the CPU time used since the probe."""
        return self.param.reading(self.clock(), max(0.0, self.cpu_seconds() - self.origin_s))


@dataclass
class CpuIdleModel:
    """The run's share of idle power: usable logical CPUs × idle power × elapsed time."""

    info: SensorInfo
    param: Param
    cpus: float
    clock: Callable[[], float] = time.monotonic
    origin_t_s: float = 0.0

    def read(self) -> CounterReading:
        """Modelled idle energy since the probe."""
        now = self.clock()
        return self.param.reading(
            now, self.cpus * (now - self.origin_t_s), self.cpus * self.param.central
        )


@dataclass
class MemoryModel:
    """Resident memory (GB) integrated over time × power per GB."""

    info: SensorInfo
    param: Param
    cache: TreeCache
    cap_b: float
    clock: Callable[[], float] = time.monotonic
    _last: tuple[float, float] | None = field(default=None, repr=False)
    _gb_s: float = field(default=0.0, repr=False)

    def read(self) -> CounterReading:
        """Modelled memory energy since the first read (trapezoid over RSS readings)."""
        rss_gb = min(self.cache.read()[1], self.cap_b) / GB
        now = self.clock()
        if self._last is not None:
            last_t, last_gb = self._last
            self._gb_s += 0.5 * (rss_gb + last_gb) * max(0.0, now - last_t)
        self._last = (now, rss_gb)
        return self.param.reading(now, self._gb_s, rss_gb * self.param.central)


def probe(ctx: ProbeContext) -> ProbeResult:
    """Entry point ``cpu_model``: model sensors for the domains no counter covers."""
    cfg = ctx.config.sensors
    cache = TreeCache(ProcessTree(cfg.root_pid, cfg.proc_root))
    sensors: list[Sensor] = []
    notes: list[SensorNote] = []
    if "cpu" not in ctx.covered:
        cpu_seconds, scope_text, note = _cpu_clock(ctx, cache)
        notes.extend(note)
        sensors.append(_active_model(cpu_seconds, scope_text))
        sensors.append(_idle_model(usable_cpus(cfg.cgroup_root, cfg.proc_root)))
    if "dram" not in ctx.covered:
        dram = Param.from_catalog(DRAM)
        label = f"resident memory of the process tree × {_span(dram, 'W/GB')}"
        info = SensorInfo("memory-model", "host", "dram", "model", "process", label)
        sensors.append(MemoryModel(info, dram, cache, total_memory_bytes()))
    if not sensors:
        cache.tree.close()
        return ProbeResult((), tuple(notes))
    return ProbeResult(tuple(sensors), tuple(notes), cache.tree.close)


def _active_model(cpu_seconds: Callable[[], float], scope_text: str) -> CpuActiveModel:
    active = Param.from_catalog(ACTIVE)
    label = f"CPU time of {scope_text} × {_span(active, 'W per busy logical CPU')}"
    info = SensorInfo("cpu-model", "host", "cpu", "model", "process", label)
    return CpuActiveModel(info, active, cpu_seconds, origin_s=cpu_seconds())


def _idle_model(cpus: float) -> CpuIdleModel:
    idle = Param.from_catalog(IDLE)
    label = f"idle share: {cpus:g} logical CPUs × {_span(idle, 'W each')}"
    info = SensorInfo("cpu-idle-model", "host", "cpu-idle", "model", "node", label)
    return CpuIdleModel(info, idle, cpus, origin_t_s=time.monotonic())


def _cpu_clock(
    ctx: ProbeContext, cache: TreeCache
) -> tuple[Callable[[], float], str, list[SensorNote]]:
    cfg = ctx.config.sensors
    tree_text = f"process tree {cache.tree.root_pid}"
    if cfg.cpu_scope != "cgroup":
        return (lambda: cache.read()[0]), tree_text, []
    try:
        cgroup = CgroupCpu(cfg.cgroup_root, cfg.proc_root)
        cgroup.read()
    except OSError as exc:
        note = SensorNote("cpu-model", f"cgroup CPU time unreadable ({exc}); using {tree_text}")
        return (lambda: cache.read()[0]), tree_text, [note]
    return cgroup.read, f"cgroup ({cgroup.path})", []


def _span(param: Param, unit: str) -> str:
    return f"{param.low:g}–{param.high:g} {unit} (central {param.central:g})"
