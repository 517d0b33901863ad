"""The run's log of work: steps and phases, appended by the caller, taken by the sampler.

The caller's thread only appends tuples to deques (atomic in CPython), so
:meth:`MeasuredRun.step` takes well under a microsecond and never waits for a lock; the
sampler thread takes what is new from the left end at every flush, writes it to the
store and keeps only running totals, so the log never holds more than one flush's work.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

# (t_s monotonic, tokens, samples, phase)
StepEntry = tuple[float, "int | None", "int | None", "str | None"]


@dataclass(frozen=True)
class PhaseSpan:
    """A closed phase: its name and monotonic start and end."""

    name: str
    start_s: float
    end_s: float


@dataclass
class RunLog:
    """Steps and phases of one run not yet taken by the sampler, and the run's clock.

    Attributes:
        steps: Steps not yet taken, oldest first.
        opened: ``(name, start_s)`` of every phase opened, not yet taken.
        phases: Phases closed, not yet taken.
        phase: The innermost open phase, which new steps are labelled with.
        flops: FLOPs the work reported (``MeasuredRun.add_flops``), for the physics floor.
    """

    name: str
    started_s: float = field(default_factory=time.monotonic)
    started_unix: float = field(default_factory=time.time)
    steps: deque[StepEntry] = field(default_factory=deque)
    opened: deque[tuple[str, float]] = field(default_factory=deque)
    phases: deque[PhaseSpan] = field(default_factory=deque)
    phase: str | None = None
    flops: float = 0.0

    def unix(self, t_s: float) -> float:
        """Unix seconds of a monotonic time of this run."""
        return self.started_unix + (t_s - self.started_s)

    def monotonic(self, t_unix: float) -> float:
        """Monotonic time of unix seconds (inverse of :meth:`unix`)."""
        return self.started_s + (t_unix - self.started_unix)


def take(queue: deque[T]) -> list[T]:
    """Everything in ``queue`` now, removed from it (the caller may append meanwhile)."""
    return [queue.popleft() for _ in range(len(queue))]
