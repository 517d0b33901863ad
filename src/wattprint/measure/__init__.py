"""Measure real workloads: sensors on this machine, sampled while the work runs.

``with track(name=..., region=...) as run`` (or ``@track(...)``) measures a block of
code; ``wattprint run -- CMD`` measures a command from outside. Energy comes from the
best source the machine has, each labelled with its method: NVIDIA GPUs through NVML
(energy counter, or integrated power), AMD GPUs through amdsmi, CPU packages and DRAM
through powercap RAPL counters, and where none of those can be read, a CPU and memory
model from the process tree's CPU time and resident memory, with a sourced range.

Importing this package is light: no NumPy, no sensors, no store; they load in the
sampler thread or when a footprint is made (``Projection`` loads on first use).
"""

from typing import TYPE_CHECKING, Any

from wattprint.measure.config import SensorConfig, TrackerConfig
from wattprint.measure.measured_run import MeasuredRun, RunStateError
from wattprint.measure.result import DeviceEnergy, PhaseEnergy, RunResult, WorkTotals
from wattprint.measure.sensor import (
    CounterReading,
    MockSensor,
    ProbeContext,
    ProbeResult,
    Sensor,
    SensorInfo,
    SensorNote,
)
from wattprint.measure.tracker import Tracker, track
from wattprint.measure.windows import PhaseWindow

if TYPE_CHECKING:
    from wattprint.measure.projection import Projection

__all__ = [
    "CounterReading",
    "DeviceEnergy",
    "MeasuredRun",
    "MockSensor",
    "PhaseEnergy",
    "PhaseWindow",
    "ProbeContext",
    "ProbeResult",
    "Projection",
    "RunResult",
    "RunStateError",
    "Sensor",
    "SensorConfig",
    "SensorInfo",
    "SensorNote",
    "Tracker",
    "TrackerConfig",
    "WorkTotals",
    "track",
]


def __getattr__(name: str) -> Any:
    if name == "Projection":  # imports NumPy, so only on first use
        from wattprint.measure.projection import Projection

        return Projection
    raise AttributeError(f"module 'wattprint.measure' has no attribute {name!r}")
