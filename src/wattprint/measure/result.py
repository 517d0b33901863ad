"""What a finished (or interrupted) measurement holds, before the footprint chain.

:class:`RunResult` has the measured energy per device, per step, per token, per sample
and per phase, every sensor's method and every reason a sensor was not used. The
footprint (:mod:`.footprint`) turns it into facility energy, carbon, water and heat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wattprint.measure.sensor import SensorInfo


@dataclass(frozen=True)
class DeviceEnergy:
    """Energy one sensor measured over the window.

    Attributes:
        info: The sensor.
        energy_j: Energy in joules (a model's central value).
        energy_low_j: Low end (equal to ``energy_j`` for counters).
        energy_high_j: High end (equal to ``energy_j`` for counters).
        terms: A model's ``(default name, amount)`` pairs (see ``CounterReading.terms``).
    """

    info: SensorInfo
    energy_j: float
    energy_low_j: float
    energy_high_j: float
    terms: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class WorkTotals:
    """Steps, tokens and samples the work reported, and energy per unit of each."""

    step_count: int = 0
    token_count: int = 0
    sample_count: int = 0
    energy_per_step_j: float | None = None
    energy_per_token_j: float | None = None
    energy_per_sample_j: float | None = None
    flop_count: float = 0.0

    @classmethod
    def of(
        cls, steps: Sequence[tuple[Any, ...]], energy_j: float, flops: float = 0.0
    ) -> WorkTotals:
        """Totals of ``(t, tokens, samples, phase)`` step entries for ``energy_j``."""
        tokens = sum(s[1] or 0 for s in steps)
        samples = sum(s[2] or 0 for s in steps)
        return cls.counted(len(steps), tokens, samples, energy_j, flops)

    @classmethod
    def counted(
        cls, steps: int, tokens: int, samples: int, energy_j: float, flops: float = 0.0
    ) -> WorkTotals:
        """Totals of counts already made, with energy per step, token and sample."""
        return cls(
            steps,
            tokens,
            samples,
            energy_j / steps if steps else None,
            energy_j / tokens if tokens else None,
            energy_j / samples if samples else None,
            flops,
        )


@dataclass(frozen=True)
class PhaseEnergy:
    """A named stretch of the run (``with run.phase("eval")``) and its energy."""

    name: str
    start_s: float
    duration_s: float
    energy_j: float


@dataclass(frozen=True)
class RunResult:
    """A measured run: energy per device, per unit of work and per phase.

    Attributes:
        name: Run name.
        run_id: Id in the run store, or None when the run was kept in memory only.
        status: ``"complete"``, ``"failed"`` or ``"incomplete"``.
        exit_code: Exit code of the measured command (``wattprint run``), else None.
        duration_s: Seconds from start to stop, as the caller saw them.
        devices: Energy of each sensor in use.
        work: Steps, tokens, samples and energy per unit.
        phases: Energy of each closed phase.
        sensors: Every sensor in use and every one not used, with the reason.
        warnings: What a reader must know (late window, store unavailable ...).
        peak_power_w: Highest total power over a sampling interval.
    """

    name: str
    run_id: str | None
    status: str
    exit_code: int | None
    duration_s: float
    devices: tuple[DeviceEnergy, ...]
    work: WorkTotals
    phases: tuple[PhaseEnergy, ...] = ()
    sensors: tuple[dict[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    peak_power_w: float = 0.0

    @property
    def energy_j(self) -> float:
        """Energy of every device, in joules (models at their central value)."""
        return sum(d.energy_j for d in self.devices)

    @property
    def energy_bounds_j(self) -> tuple[float, float]:
        """Low and high total energy (the models' ranges; counters exact)."""
        return (
            sum(d.energy_low_j for d in self.devices),
            sum(d.energy_high_j for d in self.devices),
        )

    @property
    def accelerator_energy_j(self) -> float:
        """Energy of the accelerators (GPUs)."""
        return sum(d.energy_j for d in self.devices if d.info.kind == "accelerator")

    @property
    def host_energy_j(self) -> float:
        """Energy of the host: CPU, memory and the CPU model's share."""
        return sum(d.energy_j for d in self.devices if d.info.kind == "host")

    @property
    def methods(self) -> tuple[str, ...]:
        """The distinct methods of the devices, e.g. ``("counter", "model")``."""
        return tuple(sorted({d.info.method for d in self.devices}))

    def totals(self) -> dict[str, Any]:
        """The JSON-able totals kept in the run store (units in the keys)."""
        low, high = self.energy_bounds_j
        return {
            "duration_s": self.duration_s,
            "energy_j": self.energy_j,
            "energy_low_j": low,
            "energy_high_j": high,
            "accelerator_energy_j": self.accelerator_energy_j,
            "host_energy_j": self.host_energy_j,
            "peak_power_w": self.peak_power_w,
            "devices": {d.info.name: d.energy_j for d in self.devices},
            "methods": list(self.methods),
            "step_count": self.work.step_count,
            "token_count": self.work.token_count,
            "sample_count": self.work.sample_count,
            "energy_per_step_j": self.work.energy_per_step_j,
            "energy_per_token_j": self.work.energy_per_token_j,
            "energy_per_sample_j": self.work.energy_per_sample_j,
            "phases": [
                {"name": p.name, "duration_s": p.duration_s, "energy_j": p.energy_j}
                for p in self.phases
            ],
            "warnings": list(self.warnings),
        }
