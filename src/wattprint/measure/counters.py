"""Counter arithmetic shared by sensors: wrap-around deltas and power integration.

Hardware energy counters are finite registers: RAPL's ``energy_uj`` counts up to
``max_energy_range_uj`` and starts again at 0 (every few minutes to hours, depending
on power). A counter read at least once per wrap period gives exact energy::

    delta = cur - prev                    if cur >= prev
    delta = cur + max_range - prev        otherwise (one wrap)

A power-only source (an older GPU's ``nvmlDeviceGetPowerUsage``) is integrated with the
trapezoid rule between readings.
"""

from __future__ import annotations

from dataclasses import dataclass


def wrapped_delta(prev: int, cur: int, max_range: int) -> int:
    """Counter increase from ``prev`` to ``cur``, allowing for one wrap at ``max_range``.

    Both readings lie in ``[0, max_range]``; the result is never negative.
    """
    if cur >= prev:
        return cur - prev
    return cur + max_range - prev


@dataclass
class Unwrapper:
    """Turns successive raw readings of a wrapping counter into a running total."""

    max_range: int
    last_raw: int | None = None
    total: int = 0

    def update(self, raw: int) -> int:
        """Add the increase since the previous reading; return the running total."""
        if self.last_raw is not None:
            self.total += wrapped_delta(self.last_raw, raw, self.max_range)
        self.last_raw = raw
        return self.total


@dataclass
class PowerIntegrator:
    """Trapezoid-rule energy from power readings at irregular times."""

    last_t_s: float | None = None
    last_power_w: float = 0.0
    energy_j: float = 0.0

    def update(self, t_s: float, power_w: float) -> float:
        """Add the energy since the previous reading; return the running total in J."""
        if self.last_t_s is not None and t_s > self.last_t_s:
            self.energy_j += 0.5 * (power_w + self.last_power_w) * (t_s - self.last_t_s)
        self.last_t_s = t_s
        self.last_power_w = power_w
        return self.energy_j
