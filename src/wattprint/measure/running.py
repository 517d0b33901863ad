"""What a run has done so far, in constant memory: the sampler's running totals.

At every flush the sampler takes the caller's new steps and phases from the
:class:`~wattprint.measure.log.RunLog` (they go to the store) and keeps only:

- counts of steps, tokens and samples;
- the energy of each step edge and phase edge, settled once every sensor has read past
  it (interpolated between readings, as before);
- a :class:`StepLedger` of cumulative (time, energy, steps) for projection, at most
  :data:`LEDGER_POINTS` points (coarsened by halves as the run grows);
- the closed phases' energies, the first :data:`PHASES_KEPT` of them (all are stored);
- the peak power (:class:`~wattprint.measure.series.PeakMeter`).

Then it lets the tracks forget readings older than :attr:`RunningTotals.keep_s` before
what is still unsettled. So memory after a month equals memory after an hour.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from wattprint.measure.log import PhaseSpan, RunLog, take
from wattprint.measure.persist import Phase, Step
from wattprint.measure.result import PhaseEnergy, WorkTotals
from wattprint.measure.series import PeakMeter, SensorTrack, energy_at

LEDGER_POINTS = 2048
"""Most points the step ledger keeps (three 8-byte numbers each: 48 kB), which is also
the most step energies left to compute at the end of a run."""

PHASES_KEPT = 10_000
"""Closed phases kept in ``result.phases``; later ones are in the run store only."""


@dataclass(frozen=True)
class StepHistory:
    """Cumulative energy and steps at step ends, from the window's origin.

    ``steps[i]`` steps had ended by ``t_s[i]``, when the run had used ``energy_j[i]``;
    the first point is the origin (0 steps, 0 J). Consecutive points are one step apart
    for runs of up to :data:`LEDGER_POINTS` steps, more for longer ones.
    """

    t_s: tuple[float, ...]
    energy_j: tuple[float, ...]
    steps: tuple[int, ...]

    @property
    def count(self) -> int:
        """Steps measured."""
        return self.steps[-1] if self.steps else 0


class StepLedger:
    """Cumulative (time, energy, steps) at every ``stride``-th step and at the latest.

    Steps come in with their times (:meth:`add`); a point gets its energy once the
    readings reach it (:meth:`settle`). Points settled and waiting together are at most
    ``capacity``: when full, the stride doubles and every other point goes, so memory
    and the work left for the end of a run stay bounded however fast steps come.
    """

    def __init__(self, origin_t_s: float, capacity: int = LEDGER_POINTS) -> None:
        self.capacity = max(4, capacity)
        self.stride = 1
        self.count = 0
        self._t = array("d", [origin_t_s])
        self._j = array("d", [0.0])
        self._k = array("q", [0])
        self._waiting: deque[tuple[int, float]] = deque()  # (steps, t_s), energy to come
        self._tail: tuple[int, float, float | None] | None = None  # latest, if not a point

    def move_origin(self, t_s: float) -> None:
        """Set the origin's time (the first reading), before any point is settled."""
        if len(self._t) == 1:
            self._t[0] = t_s

    def add(self, t_s: float) -> None:
        """One more step, ended at ``t_s``."""
        self.count += 1
        if self.count % self.stride:
            self._tail = (self.count, t_s, None)
            return
        self._tail = None
        self._waiting.append((self.count, t_s))
        if len(self._k) + len(self._waiting) > self.capacity:
            self._coarsen()

    def settle(self, horizon_s: float, energy_at: Callable[[float], float]) -> None:
        """Give energy to the points up to ``horizon_s``, in order."""
        waiting = self._waiting
        while waiting and waiting[0][1] <= horizon_s:
            k, t_s = waiting.popleft()
            self._t.append(t_s)
            self._j.append(energy_at(t_s))
            self._k.append(k)
        tail = self._tail
        if tail is not None and tail[2] is None and tail[1] <= horizon_s:
            self._tail = (tail[0], tail[1], energy_at(tail[1]))

    def history(self, energy_at: Callable[[float], float]) -> StepHistory:
        """Every point so far and the latest step; those not settled get ``energy_at``
        now (the energy held at the latest reading)."""
        t, j, k = list(self._t), list(self._j), list(self._k)
        for steps, t_s in self._waiting:
            t.append(t_s)
            j.append(energy_at(t_s))
            k.append(steps)
        if self._tail is not None:
            steps, t_s, energy = self._tail
            t.append(t_s)
            j.append(energy_at(t_s) if energy is None else energy)
            k.append(steps)
        return StepHistory(tuple(t), tuple(j), tuple(k))

    def _coarsen(self) -> None:
        self.stride *= 2
        stride = self.stride
        latest = self._waiting[-1]
        keep = [i for i, k in enumerate(self._k) if k % stride == 0]
        self._t = array("d", [self._t[i] for i in keep])
        self._j = array("d", [self._j[i] for i in keep])
        self._k = array("q", [self._k[i] for i in keep])
        self._waiting = deque(p for p in self._waiting if p[0] % stride == 0)
        if latest[0] % stride:
            self._tail = (latest[0], latest[1], None)


class RunningTotals:
    """The sampler's totals of one run; see the module docstring.

    Written by the sampler thread (:meth:`take_steps`, :meth:`settle`); read from any
    thread under :attr:`lock` (:meth:`work`, :meth:`history`).
    """

    def __init__(self, log: RunLog, min_interval_s: float, keep_s: float) -> None:
        self.log = log
        self.keep_s = keep_s
        self.lock = threading.Lock()
        self.step_count = 0
        self.token_count = 0
        self.sample_count = 0
        self.peak = PeakMeter(min_interval_s)
        self.phases: list[PhaseEnergy] = []
        self.phases_left_out = 0
        self.ledger = StepLedger(log.started_s)
        self._opened: list[tuple[str, float]] = []
        self._closed: list[PhaseSpan] = []
        self._marks: dict[tuple[str, float], float] = {}
        # a run that marks requests shares energy among them at its end, from the whole
        # timeline: its tracks keep every reading (16 B per reading per sensor)
        self.keep_all = False

    def take_steps(self, rows: bool = True) -> list[Step]:
        """Take the caller's new steps; count them; return their rows for the store
        (none unless ``rows``)."""
        entries = take(self.log.steps)
        if not entries:
            return []
        with self.lock:
            first = self.step_count + 1
            self.step_count += len(entries)
            self.token_count += sum(e[1] or 0 for e in entries)
            self.sample_count += sum(e[2] or 0 for e in entries)
            add = self.ledger.add
            for entry in entries:
                add(entry[0])
        if not rows:
            return []
        unix = self.log.unix
        return [(unix(t), i, tok, n, ph) for i, (t, tok, n, ph) in enumerate(entries, first)]

    def settle(self, tracks: list[SensorTrack]) -> list[Phase]:
        """Give energy to the step and phase edges every live sensor has read past,
        advance the peak, and let the tracks forget what no edge needs; returns the
        phases closed since, as rows for the store."""
        closed = take(self.log.phases)  # before `opened`: a closed phase's start is in it
        opened = take(self.log.opened)
        with self.lock:
            self._closed.extend(closed)
            self._opened.extend(opened)
            horizon = min((t.last.t_s for t in tracks if not t.dropped), default=math.inf)
            self.ledger.move_origin(self._origin(tracks))
            self.ledger.settle(horizon, lambda t_s: energy_at(tracks, t_s))
            rows = self._settle_phases(tracks, horizon)
            self.peak.advance(tracks, horizon)
            last = self.peak.last_t_s
            keep = min(horizon, math.inf if last is None else last) - self.keep_s
            if math.isfinite(keep) and not self.keep_all:
                for track in tracks:
                    track.forget_before(keep)
        return rows

    def window_energy(
        self, name: str, start_s: float, end_s: float, tracks: list[SensorTrack]
    ) -> float:
        """Energy of a phase window, whatever the tracks have forgotten since it opened:
        from its start edge's settled energy, or its settled phase, else the tracks."""
        with self.lock:
            start_j = self._marks.get((name, start_s))
            if start_j is None:
                offset = start_s - self.log.started_s
                for phase in self.phases:
                    if phase.name == name and phase.start_s == offset:
                        return phase.energy_j
                start_j = energy_at(tracks, start_s)
            return energy_at(tracks, end_s) - start_j

    def work(self, energy_j: float, flops: float) -> WorkTotals:
        """Steps, tokens and samples so far (those not yet taken too) and energy per each."""
        untaken = list(self.log.steps)
        with self.lock:
            steps = self.step_count + len(untaken)
            tokens = self.token_count + sum(e[1] or 0 for e in untaken)
            samples = self.sample_count + sum(e[2] or 0 for e in untaken)
        return WorkTotals.counted(steps, tokens, samples, energy_j, flops)

    def history(self, tracks: list[SensorTrack]) -> StepHistory:
        """Every step so far for projection: settled ones from the ledger, the rest
        (after the latest reading) with the energy held at the latest reading."""
        untaken = [e[0] for e in list(self.log.steps)]
        with self.lock:  # the sampler thread lets the tracks forget under it too
            self.ledger.move_origin(self._origin(tracks))
            base = self.ledger.history(lambda t_s: energy_at(tracks, t_s))
            t, j, k = list(base.t_s), list(base.energy_j), list(base.steps)
            for i, t_s in enumerate(untaken, self.ledger.count + 1):
                t.append(t_s)
                j.append(energy_at(tracks, t_s))
                k.append(i)
        return StepHistory(tuple(t), tuple(j), tuple(k))

    def _origin(self, tracks: list[SensorTrack]) -> float:
        return min((t.first.t_s for t in tracks), default=self.log.started_s)

    def _settle_phases(self, tracks: list[SensorTrack], horizon: float) -> list[Phase]:
        for key in self._opened:
            if key[1] <= horizon:
                self._marks[key] = energy_at(tracks, key[1])
        self._opened = [key for key in self._opened if key[1] > horizon]
        rows: list[Phase] = []
        waiting: list[PhaseSpan] = []
        unix = self.log.unix
        for span in self._closed:
            if span.end_s > horizon:
                waiting.append(span)
                continue
            start_j = self._marks.pop((span.name, span.start_s), None)
            if start_j is None:  # opened and closed between two takes
                start_j = energy_at(tracks, span.start_s)
            energy = energy_at(tracks, span.end_s) - start_j
            rows.append((span.name, unix(span.start_s), unix(span.end_s), energy))
            if len(self.phases) < PHASES_KEPT:
                offset = span.start_s - self.log.started_s
                self.phases.append(
                    PhaseEnergy(span.name, offset, span.end_s - span.start_s, energy)
                )
            else:
                self.phases_left_out += 1
        self._closed = waiting
        return rows
