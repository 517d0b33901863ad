"""One sensor's recent readings: cumulative energy relative to its first reading.

A track keeps the readings since the oldest time the sampler still needs (a step or a
phase edge whose energy is not settled yet, the last point of the peak-power grid), in
compact float arrays: the sampler calls :meth:`SensorTrack.forget_before` at every
flush, so a month-long run holds a few seconds of readings, not millions. Energy at any
time inside what is kept is interpolated linearly between readings; that is how steps
and phases get their energy without reading sensors on the caller's thread.

:class:`PeakMeter` keeps the peak power as the readings come, over the same grid the
whole run's readings would give (see :func:`peak_power_w`).
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from wattprint.measure.sensor import CounterReading, SensorInfo


@dataclass
class SensorTrack:
    """The readings of one sensor since the window opened (the recent ones kept)."""

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
        """Energy since the origin at ``t_s``, interpolated (held flat outside the window).

        A time before the readings kept (forgotten) gets the oldest kept value.
        """
        times, values = self.t_s, self.energy_j
        n = min(len(times), len(values))
        if n == 0 or t_s <= self.first.t_s:
            return 0.0
        if t_s <= times[0]:
            return values[0]
        if t_s >= times[n - 1]:
            return values[n - 1]
        i = bisect_left(times, t_s, 0, n)
        t0, t1 = times[i - 1], times[i]
        if t1 <= t0:
            return values[i]
        return values[i - 1] + (values[i] - values[i - 1]) * (t_s - t0) / (t1 - t0)

    def forget_before(self, t_s: float) -> None:
        """Drop the readings before the last one at or before ``t_s``.

        What is kept still interpolates every time from ``t_s`` on, and the last reading
        is always kept.
        """
        i = min(bisect_right(self.t_s, t_s), len(self.t_s)) - 1
        if i > 0:
            del self.t_s[:i]
            del self.energy_j[:i]


def energy_at(tracks: list[SensorTrack], t_s: float) -> float:
    """Sum of every track's energy at ``t_s``."""
    return sum(track.energy_at(t_s) for track in tracks)


class PeakMeter:
    """Highest total power over intervals of at least ``min_interval_s``, kept as it goes.

    The grid is every reading time of every track, in order, skipping those less than
    ``min_interval_s`` after the last grid point (extra reads at phase edges merge into
    their neighbours, so a counter's coarse resolution does not show up as a spike).
    :meth:`advance` moves the grid up to a horizon no track will read before again, so
    each reading is looked at once or twice and the tracks can forget what lies before
    :attr:`last_t_s`.
    """

    def __init__(self, min_interval_s: float) -> None:
        self.min_interval_s = min_interval_s
        self.peak_w = 0.0
        self.last_t_s: float | None = None
        self._last_j = 0.0

    def advance(self, tracks: list[SensorTrack], horizon_s: float) -> None:
        """Extend the grid over every reading time up to ``horizon_s`` (inclusive)."""
        after = -math.inf if self.last_t_s is None else self.last_t_s
        times: list[float] = []
        for track in tracks:
            kept = track.t_s
            times.extend(kept[bisect_right(kept, after) : bisect_right(kept, horizon_s)])
        times.sort()
        last_t, last_j, peak = self.last_t_s, self._last_j, self.peak_w
        for t in times:
            if last_t is None:
                last_t, last_j = t, energy_at(tracks, t)
            elif t > last_t and t - last_t >= self.min_interval_s:
                energy = energy_at(tracks, t)
                peak = max(peak, (energy - last_j) / (t - last_t))
                last_t, last_j = t, energy
        self.last_t_s, self._last_j, self.peak_w = last_t, last_j, peak


def peak_power_w(tracks: list[SensorTrack], min_interval_s: float) -> float:
    """Highest total power over intervals of at least ``min_interval_s`` seconds, from
    every reading the tracks hold (the batch form of :class:`PeakMeter`)."""
    meter = PeakMeter(min_interval_s)
    meter.advance(tracks, math.inf)
    return meter.peak_w
