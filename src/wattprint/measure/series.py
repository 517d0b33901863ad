"""One sensor's readings over a run: cumulative energy relative to its first reading.

Readings are kept in compact float arrays (16 bytes per reading), so an hour at the
default 1 s interval costs about 60 kB per sensor. Energy at any time inside the window
is interpolated linearly between readings; that is how steps and phases get their
energy without reading sensors on the caller's thread.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

from wattprint.measure.sensor import CounterReading, SensorInfo


@dataclass
class SensorTrack:
    """The readings of one sensor since the window opened."""

    info: SensorInfo
    first: CounterReading
    last: CounterReading
    t_s: array[float] = field(default_factory=lambda: array("d"))
    energy_j: array[float] = field(default_factory=lambda: array("d"))
    dropped: str | None = None

    @classmethod
    def start(cls, info: SensorInfo, reading: CounterReading) -> SensorTrack:
        """A track whose origin is ``reading``."""
        track = cls(info, reading, reading)
        track.t_s.append(reading.t_s)
        track.energy_j.append(0.0)
        return track

    def add(self, reading: CounterReading) -> tuple[float, float | None]:
        """Record a reading; return ``(energy_j since the origin, power_w)``.

        The energy never decreases (a counter that dips is held at its maximum), and the
        power is the sensor's own reading or, for counters, the mean over the interval.
        """
        energy = max(reading.energy_j - self.first.energy_j, self.energy_j[-1])
        power = reading.power_w
        dt = reading.t_s - self.t_s[-1]
        if power is None and dt > 0:
            power = (energy - self.energy_j[-1]) / dt
        self.t_s.append(reading.t_s)
        self.energy_j.append(energy)
        self.last = reading
        return energy, power

    @property
    def total_j(self) -> float:
        """Energy from the origin to the last reading."""
        return self.energy_j[-1]

    @property
    def bounds_j(self) -> tuple[float, float]:
        """Low and high energy (a model's range; a counter's own value twice)."""
        first, last = self.first, self.last
        if (
            first.energy_low_j is None
            or last.energy_low_j is None
            or first.energy_high_j is None
            or last.energy_high_j is None
        ):
            return self.total_j, self.total_j
        return (last.energy_low_j - first.energy_low_j, last.energy_high_j - first.energy_high_j)

    def terms(self) -> dict[str, float]:
        """Model terms over the window: ``{default name: amount}`` (empty for counters)."""
        start = dict(self.first.terms)
        return {name: amount - start.get(name, 0.0) for name, amount in self.last.terms}

    def energy_at(self, t_s: float) -> float:
        """Energy since the origin at ``t_s``, interpolated (held flat outside the window)."""
        times, values = self.t_s, self.energy_j
        n = min(len(times), len(values))
        if n == 0 or t_s <= times[0]:
            return 0.0
        if t_s >= times[n - 1]:
            return values[n - 1]
        i = bisect_left(times, t_s, 0, n)
        t0, t1 = times[i - 1], times[i]
        if t1 <= t0:
            return values[i]
        return values[i - 1] + (values[i] - values[i - 1]) * (t_s - t0) / (t1 - t0)


def energy_at(tracks: list[SensorTrack], t_s: float) -> float:
    """Sum of every track's energy at ``t_s``."""
    return sum(track.energy_at(t_s) for track in tracks)


def peak_power_w(tracks: list[SensorTrack], min_interval_s: float) -> float:
    """Highest total power over intervals of at least ``min_interval_s`` seconds.

    Short intervals (extra reads at phase edges) are merged into their neighbours, so a
    counter's coarse resolution does not show up as a spike.
    """
    grid: list[float] = []
    for t in sorted({t for track in tracks for t in track.t_s}):
        if not grid or t - grid[-1] >= min_interval_s:
            grid.append(t)
    peak = 0.0
    for t0, t1 in zip(grid, grid[1:], strict=False):
        peak = max(peak, (energy_at(tracks, t1) - energy_at(tracks, t0)) / (t1 - t0))
    return peak
