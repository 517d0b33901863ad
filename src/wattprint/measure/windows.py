"""Measurement windows that hand back their energy, and energy per step.

``with run.phase("eval") as w: ...`` gives a :class:`PhaseWindow`; once the block has
closed, ``w.energy_j``, ``w.duration_s`` and ``w.power_w`` are the window's measured
energy, length and average power (like Zeus's ``begin_window``/``end_window``). The
sampler reads the sensors at both edges (``phase`` pokes it); the first access to the
energy waits, bounded, for the reading after the end edge, so the figure covers the
whole window.

Per-step energy (:func:`step_energies`) is the cumulative energy at each step's end
minus that at the step before, **interpolated linearly between the nearest readings**.
It is an approximation: a step shorter than the sampling interval gets the mean power
of the interval around it, so step-to-step differences inside one interval are not
seen; summed over many steps, or over a window whose edges were read, it is exact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from wattprint.errors import WattprintError


class WindowStateError(RuntimeError, WattprintError):
    """A window's energy was asked for before the window closed."""


class Readings(Protocol):
    """Where a window gets its energy (the run's sampler)."""

    def window_energy(self, name: str, start_s: float, end_s: float) -> float:
        """Energy between the edges, once every sensor has a reading after ``end_s``
        (bounded wait); right even when the run's tracks forgot the start's readings."""
        ...


@dataclass
class PhaseWindow:
    """A measured window of a run (``with run.phase(name) as w``).

    Attributes:
        name: The phase name.
        start_s: Start, ``time.monotonic()`` seconds.
        end_s: End (None while the window is open).
    """

    name: str
    start_s: float
    readings: Readings = field(repr=False)
    end_s: float | None = None
    _energy_j: float | None = field(default=None, repr=False)

    def close(self, end_s: float) -> None:
        """Mark the end edge (called when the ``with`` block ends)."""
        self.end_s = end_s

    @property
    def duration_s(self) -> float:
        """Seconds from start to end."""
        return self._end() - self.start_s

    @property
    def energy_j(self) -> float:
        """Energy measured in the window, joules (all sensors; 0 when none was read)."""
        if self._energy_j is None:
            self._energy_j = self.readings.window_energy(self.name, self.start_s, self._end())
        return self._energy_j

    @property
    def power_w(self) -> float:
        """Average power over the window, watts."""
        duration = self.duration_s
        return self.energy_j / duration if duration > 0 else 0.0

    def _end(self) -> float:
        if self.end_s is None:
            raise WindowStateError(
                f"window {self.name!r} is still open; its energy exists once the `with` block ends"
            )
        return self.end_s

    def __repr__(self) -> str:
        if self.end_s is None:
            return f"<PhaseWindow {self.name!r} open>"
        return (
            f"<PhaseWindow {self.name!r} {self.duration_s:.3g} s, {self.energy_j:.4g} J, "
            f"{self.power_w:.4g} W>"
        )


def step_energies(
    step_t: Sequence[float], origin_t: float, energy_at_t: Callable[[float], float]
) -> list[float]:
    """Energy of each step (see the module docstring: an interpolation between readings).

    Args:
        step_t: End time of each step, ascending (the first starts at ``origin_t``).
        origin_t: When the first step started (the run's start).
        energy_at_t: Cumulative energy at a time, interpolated between readings.
    """
    out: list[float] = []
    before = energy_at_t(origin_t)
    for t in step_t:
        now = energy_at_t(t)
        out.append(now - before)
        before = now
    return out
