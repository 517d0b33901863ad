"""Physically plausible readings: counter resets and impossible jumps are rejected.

A cumulative energy counter can go backwards (a driver reload resets NVML's counter; a
RAPL counter reset looks like a wrap to the unwrapper, a phantom 262 kJ on a package
whose range is 2^38 µJ) or jump by an impossible amount (a damaged read: 1e24 J). Either
would be counted as energy. :class:`PlausibleSensor` wraps a sensor and compares each
reading with the one before: energy that went down, or rose faster than
:data:`DEVICE_CEILING_W`, is not counted; the interval gets the device's power over
the interval before, later readings are shifted to continue from there, and a warning
is logged and kept in the run's sensor list (status ``"corrected"``).

Models (readings with terms) are computed, not read, and pass unchanged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from wattprint.measure.sensor import CounterReading, Sensor, SensorInfo, SensorNote

logger = logging.getLogger(__name__)

DEVICE_CEILING_W = 5_000.0
"""Power no single device a sensor reads can draw: over 4x the highest per-device power
in the catalog, the NVIDIA GB200 GPU at 1,200 W (accelerators.csv row GB200-GPU, from
NVIDIA's GB200 NVL72 specification table, 2024). A jump faster than this is not energy."""

SLACK_J = 1.0
"""Allowed excess over the ceiling in one interval, for counter resolution and clock
jitter between two reads very close together."""


@dataclass
class PlausibleSensor:
    """A sensor whose readings are checked against the one before (see the module).

    Attributes:
        inner: The wrapped sensor.
        notes: Where a correction is noted (the run's sensor notes).
        ceiling_w: Highest plausible power of the device.
        corrections: How many readings were rejected.
    """

    inner: Sensor
    notes: list[SensorNote] = field(default_factory=list)
    ceiling_w: float = DEVICE_CEILING_W
    corrections: int = 0
    _last: CounterReading | None = None
    _power_w: float = 0.0  # mean power of the last accepted interval
    _out_j: float = 0.0  # the energy handed out last

    @property
    def info(self) -> SensorInfo:
        """The wrapped sensor's info."""
        return self.inner.info

    def read(self) -> CounterReading:
        """The inner reading, continued past any rejected jump."""
        reading = self.inner.read()
        last, self._last = self._last, reading
        if last is None or reading.terms:
            self._out_j = reading.energy_j
            return reading
        dt = max(reading.t_s - last.t_s, 0.0)
        delta = reading.energy_j - last.energy_j
        if delta < 0 or delta > self.ceiling_w * dt + SLACK_J:
            delta = self._reject(delta, dt)
        elif dt > 0:
            self._power_w = reading.power_w if reading.power_w is not None else delta / dt
        if not self.corrections:  # the common case: the reading as it came
            self._out_j = reading.energy_j
            return reading
        self._out_j += delta  # summed, not offset: 1e24 - 1e24 loses every digit
        return _shifted(reading, self._out_j)

    def _reject(self, delta: float, dt: float) -> float:
        """Note a rejected interval; return the energy counted for it instead."""
        kept = min(max(self._power_w, 0.0), self.ceiling_w) * dt
        self.corrections += 1
        what = "went back (a counter reset)" if delta < 0 else "jumped faster than"
        text = (
            f"rejected a reading: the energy {what} {delta:.6g} J in {dt:.3g} s "
            + ("" if delta < 0 else f"(over {self.ceiling_w:g} W, physically implausible) ")
            + f"; counted {kept:.4g} J for that interval instead"
        )
        logger.warning("wattprint: sensor %s %s", self.info.name, text)
        if self.corrections <= 3:  # the first few are enough to see what happened
            self.notes.append(SensorNote(self.info.name, text, "corrected"))
        return kept


def _shifted(reading: CounterReading, energy_j: float) -> CounterReading:
    low, high = reading.energy_low_j, reading.energy_high_j
    offset_j = energy_j - reading.energy_j
    return replace(
        reading,
        energy_j=energy_j,
        energy_low_j=None if low is None else low + offset_j,
        energy_high_j=None if high is None else high + offset_j,
    )
