"""AMD GPU energy through amdsmi (the optional ``wattprint[amd]`` extra).

Per GPU: the energy accumulator (``amdsmi_get_energy_count``: a count times
``counter_resolution`` µJ) where the driver has one, ``method="counter"``; otherwise the
socket power (``amdsmi_get_power_info``, W) integrated over time. All GPUs amdsmi lists
are measured (``HIP_VISIBLE_DEVICES`` is not read yet).

amdsmi is imported on first probe, and only where ``/dev/kfd`` shows an AMD GPU driver
(Linux); without it the probe says why and the other sensors carry on. This module is
the vendor boundary: tests replace ``wattprint.measure.amdsmi_gpu.amdsmi`` with a fake.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wattprint.measure.counters import PowerIntegrator
from wattprint.measure.sensor import (
    CounterReading,
    ProbeContext,
    ProbeResult,
    Sensor,
    SensorInfo,
    SensorNote,
)
from wattprint.quantity.units import MICROJOULES_PER_J

logger = logging.getLogger(__name__)

# The vendor module, imported on first probe, only where an AMD GPU driver shows
# (/dev/kfd on Linux); tests put a fake module here instead.
amdsmi: Any = None

FACTOR = "amdsmi_energy_factor"


def energy_uj(counts: Mapping[str, Any]) -> float:
    """Microjoules from an ``amdsmi_get_energy_count`` result (old and new key names)."""
    raw = counts.get("energy_accumulator", counts.get("power"))
    if raw is None:
        raise KeyError("energy_accumulator")
    return float(raw) * float(counts.get("counter_resolution", 1.0))


@dataclass
class AmdEnergySensor:
    """An AMD GPU's energy accumulator, as joules since the probe."""

    info: SensorInfo
    handle: Any
    origin_uj: float
    clock: Callable[[], float] = time.monotonic

    def read(self) -> CounterReading:
        """Energy since the probe."""
        uj = energy_uj(amdsmi.amdsmi_get_energy_count(self.handle))
        return CounterReading(self.clock(), max(0.0, uj - self.origin_uj) / MICROJOULES_PER_J)


@dataclass
class AmdPowerSensor:
    """An AMD GPU's socket power, integrated over time."""

    info: SensorInfo
    handle: Any
    clock: Callable[[], float] = time.monotonic
    integrator: PowerIntegrator = field(default_factory=PowerIntegrator)

    def read(self) -> CounterReading:
        """Trapezoid-integrated energy since the first read."""
        info = amdsmi.amdsmi_get_power_info(self.handle)
        power_w = float(info.get("current_socket_power") or info.get("average_socket_power"))
        now = self.clock()
        return CounterReading(now, self.integrator.update(now, power_w), power_w)


def load_vendor_module() -> str | None:
    """Import ``amdsmi`` unless it is loaded; return why it cannot be used, or None."""
    global amdsmi
    if amdsmi is not None:
        return None
    if sys.platform.startswith("linux") and not os.path.exists("/dev/kfd"):
        return "no AMD GPU driver found (no /dev/kfd)"
    try:
        import amdsmi as vendor
    except ImportError:
        return "amdsmi is not installed (pip install 'wattprint[amd]')"
    amdsmi = vendor
    return None


def probe(ctx: ProbeContext) -> ProbeResult:
    """Entry point ``amdsmi``: one sensor per AMD GPU."""
    reason = load_vendor_module()
    if reason is not None:
        return _note(reason)
    try:
        amdsmi.amdsmi_init()
        handles = list(amdsmi.amdsmi_get_processor_handles())
    except Exception as exc:  # vendor boundary
        return _note(f"no AMD GPU driver found (amdsmi: {exc})")
    sensors: list[Sensor] = []
    notes: list[SensorNote] = []
    for index, handle in enumerate(handles):
        sensor, note = _sensor(index, handle)
        if sensor is not None:
            sensors.append(sensor)
        if note is not None:
            notes.append(note)
    if not sensors:
        _shutdown()
        return ProbeResult((), tuple(notes) or (SensorNote("amdsmi", "amdsmi found no GPUs"),))
    return ProbeResult(tuple(sensors), tuple(notes), _shutdown)


def _sensor(index: int, handle: Any) -> tuple[Sensor | None, SensorNote | None]:
    name = f"amdgpu{index}"
    label = f"AMD GPU {index} (amdsmi)"
    try:
        origin = energy_uj(amdsmi.amdsmi_get_energy_count(handle))
        info = SensorInfo(name, "accelerator", "gpu", "counter", "node", label, FACTOR)
        return AmdEnergySensor(info, handle, origin), None
    except Exception as exc:  # vendor boundary
        logger.debug("%s: no energy counter (%s); integrating power", name, exc)
    try:
        AmdPowerSensor(
            SensorInfo(name, "accelerator", "gpu", "integrated_power", "node"), handle
        ).read()
    except Exception as exc:  # vendor boundary
        return None, SensorNote(name, f"{label}: no energy counter and no power reading ({exc})")
    info = SensorInfo(name, "accelerator", "gpu", "integrated_power", "node", label, FACTOR)
    return AmdPowerSensor(info, handle), None


def _note(reason: str) -> ProbeResult:
    return ProbeResult(notes=(SensorNote("amdsmi", reason),))


def _shutdown() -> None:
    try:
        amdsmi.amdsmi_shut_down()
    except Exception:  # vendor boundary
        logger.debug("amdsmi_shut_down failed", exc_info=True)
