"""The one small interface every energy source satisfies, and the values it hands out.

A **sensor** has a :class:`SensorInfo` and one method, ``read() -> CounterReading``: a
*cumulative* energy in joules since an origin the sensor picks (its probe), monotone
non-decreasing. The tracker reads sensors at window edges and on a timer and takes
differences, so a hardware counter (NVML total energy, RAPL ``energy_uj``), an
integrated power reading and a model look the same from outside; each is labelled with
its ``method``.

A **probe** finds the sensors of one kind on this machine, once, off the caller's
thread: ``probe(ctx: ProbeContext) -> ProbeResult``. Probes are registered under the
``wattprint.sensors`` entry-point group; a third-party sensor satisfies the
:class:`Sensor` protocol, it need not subclass anything of ours.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:
    from wattprint.measure.config import TrackerConfig

Method = Literal["counter", "integrated_power", "model"]
Kind = Literal["accelerator", "host"]
Scope = Literal["node", "process"]


@dataclass(frozen=True)
class SensorInfo:
    """What a sensor measures and how.

    Attributes:
        name: Device name, unique in a run (``gpu0``, ``cpu-package0``, ``dram0``,
            ``cpu-model``).
        kind: Which chain input it feeds: ``"accelerator"`` or ``"host"`` energy.
        domain: What it covers (``gpu``, ``cpu``, ``dram``, ``cpu-idle``, ``memory``);
            a model is only added for a domain no counter covers.
        method: ``"counter"`` (hardware energy counter), ``"integrated_power"`` (power
            readings integrated over time) or ``"model"`` (estimated from activity).
        scope: ``"node"`` (whole device, counted once per node) or ``"process"`` (the
            measured process tree's share).
        label: Human description (``"NVIDIA H100 80GB HBM3, MIG on: whole GPU"``).
        factor: Name of the ``defaults.csv`` row giving the measurement's relative
            uncertainty as a multiplicative factor (``nvml_energy_factor``); empty when
            the readings carry model terms instead.
    """

    name: str
    kind: Kind
    domain: str
    method: Method
    scope: Scope
    label: str = ""
    factor: str = ""

    def to_dict(self) -> dict[str, str]:
        """JSON form, as kept in the run store's sensor list."""
        return {
            "name": self.name,
            "kind": self.kind,
            "domain": self.domain,
            "method": self.method,
            "scope": self.scope,
            "label": self.label,
            "factor": self.factor,
        }


@dataclass(frozen=True)
class CounterReading:
    """One reading: cumulative energy since the sensor's origin.

    Attributes:
        t_s: When it was read, ``time.monotonic()`` seconds.
        energy_j: Cumulative energy in joules (the best estimate for a model).
        power_w: Instantaneous power in watts, when the source gives one.
        energy_low_j: Lower bound of the cumulative energy (models), else None.
        energy_high_j: Upper bound of the cumulative energy (models), else None.
        terms: For a model, ``(default name, amount)`` pairs with
            ``energy_j = sum(default × amount)``: e.g. ``("cpu_active_power_per_core_w",
            cpu_seconds)``. The footprint samples each default from the catalog, so
            the model's spread and its drivers come out right.
    """

    t_s: float
    energy_j: float
    power_w: float | None = None
    energy_low_j: float | None = None
    energy_high_j: float | None = None
    terms: tuple[tuple[str, float], ...] = ()


@runtime_checkable
class Sensor(Protocol):
    """An energy source: what it is (``info``) and a cumulative reading (``read``)."""

    @property
    def info(self) -> SensorInfo:
        """What this sensor measures and how."""
        ...

    def read(self) -> CounterReading:
        """Cumulative energy since this sensor's origin; may raise (the tracker drops it)."""
        ...


@dataclass(frozen=True)
class SensorNote:
    """Why a sensor is not in use (unavailable at probe, dropped while running), or a
    reading it gave that was corrected (``"corrected"``: a counter reset, an impossible
    jump)."""

    name: str
    reason: str
    status: Literal["unavailable", "dropped", "skipped", "corrected"] = "unavailable"

    def to_dict(self) -> dict[str, str]:
        """JSON form, as kept in the run store's sensor list."""
        return {"name": self.name, "status": self.status, "reason": self.reason}


@dataclass(frozen=True)
class ProbeContext:
    """What a probe gets: the configuration and the domains earlier probes covered."""

    config: TrackerConfig
    covered: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ProbeResult:
    """What a probe found: sensors, notes on what it could not use, and a cleanup."""

    sensors: tuple[Sensor, ...] = ()
    notes: tuple[SensorNote, ...] = ()
    close: Callable[[], None] | None = None


@dataclass
class MockSensor:
    """A sensor drawing constant power, for tests of code that uses a tracker.

    ``MockSensor("gpu0", power_w=300.0)`` reports 300 J for every second since it was
    created. With ``fail_after`` set, its read number ``fail_after + 1`` raises
    ``RuntimeError``, to test that a failing sensor is dropped and reported.
    """

    name: str
    power_w: float
    kind: Kind = "accelerator"
    method: Method = "counter"
    fail_after: int | None = None
    clock: Callable[[], float] = time.monotonic
    _start_s: float = field(default=-1.0, repr=False)
    _reads: int = field(default=0, repr=False)

    @property
    def info(self) -> SensorInfo:
        """A node-wide sensor of this name, kind and method."""
        return SensorInfo(self.name, self.kind, self.name, self.method, "node", "mock sensor")

    def read(self) -> CounterReading:
        """Energy = power × time since the first read."""
        now = self.clock()
        if self._start_s < 0:
            self._start_s = now
        self._reads += 1
        if self.fail_after is not None and self._reads > self.fail_after:
            raise RuntimeError(f"mock sensor {self.name} failed on read {self._reads}")
        return CounterReading(now, self.power_w * (now - self._start_s), self.power_w)
