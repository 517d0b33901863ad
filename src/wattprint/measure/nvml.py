"""NVIDIA GPU energy through NVML (the ``nvidia-ml-py`` package, imported as ``pynvml``).

Per GPU: the total-energy counter (``nvmlDeviceGetTotalEnergyConsumption``, mJ since
the driver loaded; Volta and later) where the GPU has one, ``method="counter"``;
otherwise power readings (``nvmlDeviceGetPowerUsage``, mW) integrated over time,
``method="integrated_power"``.

Which GPUs: those ``CUDA_VISIBLE_DEVICES`` names (indices, ``GPU-`` UUIDs or unique
UUID prefixes, ``MIG-`` UUIDs), read like CUDA does: the list stops at the first entry
that names no device, and an empty value means no GPU. Indices are NVML's (PCI bus
order); CUDA's default order (fastest first) agrees on nodes of identical GPUs, and
``CUDA_DEVICE_ORDER=PCI_BUS_ID`` makes it agree everywhere.

MIG: NVML reports energy and power for the whole GPU, not per instance. A MIG instance
is therefore measured as its parent GPU, once, and the sensor's label says so.

This module is the vendor boundary: tests replace ``wattprint.measure.nvml.pynvml``
with a fake module.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wattprint.errors import SensorError
from wattprint.measure.counters import PowerIntegrator
from wattprint.measure.sensor import (
    CounterReading,
    ProbeContext,
    ProbeResult,
    Sensor,
    SensorInfo,
    SensorNote,
)
from wattprint.quantity.units import MILLIJOULES_PER_J, MILLIWATTS_PER_W

logger = logging.getLogger(__name__)

# The vendor module, imported on first probe (about 2.6 MB of memory, so not on
# machines without an NVIDIA driver); tests put a fake module here instead.
pynvml: Any = None

# Where a Linux machine with an NVIDIA driver shows it (WSL2 exposes /dev/dxg).
DRIVER_MARKERS = ("/dev/nvidiactl", "/proc/driver/nvidia", "/dev/dxg")

FACTOR = "nvml_energy_factor"
MIG_NOTE = "MIG on: energy is the whole GPU, shared by all its instances"


@dataclass
class NvmlEnergySensor:
    """A GPU's total-energy counter (mJ), as joules since the probe."""

    info: SensorInfo
    handle: Any
    origin_mj: int
    clock: Callable[[], float] = time.monotonic
    _last_mj: int = field(default=-1, repr=False)

    def read(self) -> CounterReading:
        """Energy since the probe; raises SensorError if the counter went backwards."""
        mj = int(pynvml.nvmlDeviceGetTotalEnergyConsumption(self.handle))
        if mj < self._last_mj:
            raise SensorError(f"{self.info.name}: energy counter went backwards (GPU reset?)")
        self._last_mj = mj
        return CounterReading(self.clock(), (mj - self.origin_mj) / MILLIJOULES_PER_J)


@dataclass
class NvmlPowerSensor:
    """A GPU's power reading (mW), integrated over time."""

    info: SensorInfo
    handle: Any
    clock: Callable[[], float] = time.monotonic
    integrator: PowerIntegrator = field(default_factory=PowerIntegrator)

    def read(self) -> CounterReading:
        """Trapezoid-integrated energy since the first read, with the power just read."""
        power_w = pynvml.nvmlDeviceGetPowerUsage(self.handle) / MILLIWATTS_PER_W
        now = self.clock()
        return CounterReading(now, self.integrator.update(now, power_w), power_w)


def load_vendor_module() -> str | None:
    """Import ``pynvml`` unless it is loaded; return why it cannot be used, or None."""
    global pynvml
    if pynvml is not None:
        return None
    if sys.platform.startswith("linux") and not any(map(os.path.exists, DRIVER_MARKERS)):
        return "no NVIDIA driver found (no /dev/nvidiactl or /proc/driver/nvidia)"
    try:
        import pynvml as vendor
    except ImportError:
        return "nvidia-ml-py (pynvml) is not installed"
    pynvml = vendor
    return None


def probe(ctx: ProbeContext) -> ProbeResult:
    """Entry point ``nvml``: one sensor per visible NVIDIA GPU."""
    reason = load_vendor_module()
    if reason is not None:
        return _note(reason)
    try:
        pynvml.nvmlInit()
    except Exception as exc:  # vendor boundary: NVMLError, OSError ...
        return _note(f"no NVIDIA driver found (NVML: {exc})")
    try:
        sensors, notes = discover(ctx.config.sensors.visible_devices)
    except Exception as exc:  # vendor boundary
        _shutdown()
        return _note(f"NVML failed while listing GPUs: {exc}")
    if not sensors:
        _shutdown()
        return ProbeResult((), notes)
    return ProbeResult(sensors, notes, _shutdown)


def discover(
    visible: str | None, clock: Callable[[], float] = time.monotonic
) -> tuple[tuple[Sensor, ...], tuple[SensorNote, ...]]:
    """Sensors for the GPUs ``visible`` (a ``CUDA_VISIBLE_DEVICES`` value) selects."""
    count = int(pynvml.nvmlDeviceGetCount())
    if count == 0:
        return (), (SensorNote("nvml", "NVML found no GPUs"),)
    handles = [pynvml.nvmlDeviceGetHandleByIndex(i) for i in range(count)]
    uuids = [_text(pynvml.nvmlDeviceGetUUID(h)) for h in handles]
    entries = parse_visible(visible) if visible is not None else [str(i) for i in range(count)]
    needs_mig = any(e.startswith("MIG-") for e in entries)
    targets, notes = select_devices(entries, uuids, _mig_parents(handles) if needs_mig else {})
    if not targets:
        notes.append(SensorNote("nvml", f"CUDA_VISIBLE_DEVICES={visible!r} selects no GPU"))
    sensors: list[Sensor] = []
    for index, extra in targets.items():
        sensor, note = _sensor(index, handles[index], extra, clock)
        if sensor is not None:
            sensors.append(sensor)
        if note is not None:
            notes.append(note)
    return tuple(sensors), tuple(notes)


def parse_visible(text: str) -> list[str]:
    """Entries of a ``CUDA_VISIBLE_DEVICES`` value (empty means no GPU)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def select_devices(
    entries: list[str], uuids: list[str], mig_parents: dict[str, int]
) -> tuple[dict[int, str], list[SensorNote]]:
    """Resolve entries to NVML indices, like CUDA: stop at the first invalid entry.

    Returns ``{index: label note}`` in order (a GPU named twice, or by several of its MIG
    instances, appears once) and notes on what was skipped.
    """
    targets: dict[int, str] = {}
    for position, entry in enumerate(entries):
        index, extra = _resolve(entry, uuids, mig_parents)
        if index is None:
            ignored = ", ".join(entries[position:])
            reason = f"CUDA_VISIBLE_DEVICES entry {entry!r} names no GPU; ignored: {ignored}"
            return targets, [SensorNote("nvml", reason, "skipped")]
        targets.setdefault(index, extra)
    return targets, []


def _resolve(entry: str, uuids: list[str], mig_parents: dict[str, int]) -> tuple[int | None, str]:
    if entry.isdigit():
        index = int(entry)
        return (index, "") if index < len(uuids) else (None, "")
    if entry.startswith("MIG-"):
        if entry in mig_parents:
            return mig_parents[entry], f"MIG instance {entry}; {MIG_NOTE}"
        parent = _by_prefix(entry[4:].split("/")[0], uuids)  # MIG-GPU-<uuid>/<gi>/<ci>
        return parent, (f"MIG instance {entry}; {MIG_NOTE}" if parent is not None else "")
    if entry.startswith("GPU-"):
        return _by_prefix(entry, uuids), ""
    return None, ""


def _by_prefix(prefix: str, uuids: list[str]) -> int | None:
    found = [i for i, u in enumerate(uuids) if u.startswith(prefix)]
    return found[0] if len(found) == 1 else None


def _mig_parents(handles: list[Any]) -> dict[str, int]:
    parents: dict[str, int] = {}
    for index, handle in enumerate(handles):
        try:
            slots = int(pynvml.nvmlDeviceGetMaxMigDeviceCount(handle))
        except Exception:  # vendor boundary: no MIG support
            continue
        for slot in range(slots):
            try:
                mig = pynvml.nvmlDeviceGetMigDeviceHandleByIndex(handle, slot)
                parents[_text(pynvml.nvmlDeviceGetUUID(mig))] = index
            except Exception:  # vendor boundary: empty slot
                continue
    return parents


def _sensor(
    index: int, handle: Any, extra: str, clock: Callable[[], float]
) -> tuple[Sensor | None, SensorNote | None]:
    name = f"gpu{index}"
    label = f"{_gpu_name(handle)} (NVML index {index})"
    if not extra and _mig_enabled(handle):
        extra = MIG_NOTE
    label = f"{label}, {extra}" if extra else label
    try:
        origin = int(pynvml.nvmlDeviceGetTotalEnergyConsumption(handle))
        info = SensorInfo(name, "accelerator", "gpu", "counter", "node", label, FACTOR)
        return NvmlEnergySensor(info, handle, origin, clock), None
    except Exception as exc:  # vendor boundary: NotSupported on pre-Volta GPUs
        logger.debug("%s: no energy counter (%s); integrating power", name, exc)
    try:
        pynvml.nvmlDeviceGetPowerUsage(handle)
    except Exception as exc:  # vendor boundary
        return None, SensorNote(name, f"{label}: no energy counter and no power reading ({exc})")
    info = SensorInfo(name, "accelerator", "gpu", "integrated_power", "node", label, FACTOR)
    return NvmlPowerSensor(info, handle, clock), None


def _gpu_name(handle: Any) -> str:
    try:
        return _text(pynvml.nvmlDeviceGetName(handle))
    except Exception:  # vendor boundary
        return "NVIDIA GPU"


def _mig_enabled(handle: Any) -> bool:
    try:
        current, _pending = pynvml.nvmlDeviceGetMigMode(handle)
    except Exception:  # vendor boundary: GPU without MIG
        return False
    return bool(current)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _note(reason: str) -> ProbeResult:
    return ProbeResult(notes=(SensorNote("nvml", reason),))


def _shutdown() -> None:
    try:
        pynvml.nvmlShutdown()
    except Exception:  # vendor boundary: nothing to do if it fails
        logger.debug("nvmlShutdown failed", exc_info=True)
