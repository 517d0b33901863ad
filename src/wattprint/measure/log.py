"""The run's log of work: steps and phases, appended by the caller, read by the sampler.

The caller's thread only appends tuples to lists (atomic in CPython), so
:meth:`RunLog.step` takes well under a microsecond and never waits for a lock; the
sampler thread reads what is new by index and writes it to the store.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

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
    """Steps and phases of one run, and the clock that dates them."""

    name: str
    started_s: float = field(default_factory=time.monotonic)
    started_unix: float = field(default_factory=time.time)
    steps: list[StepEntry] = field(default_factory=list)
    phases: list[PhaseSpan] = field(default_factory=list)
    phase: str | None = None
    flops: float = 0.0  # FLOPs the work reported (MeasuredRun.add_flops), for the physics floor

    def unix(self, t_s: float) -> float:
        """Unix seconds of a monotonic time of this run."""
        return self.started_unix + (t_s - self.started_s)

    def monotonic(self, t_unix: float) -> float:
        """Monotonic time of unix seconds (inverse of :meth:`unix`)."""
        return self.started_s + (t_unix - self.started_unix)
