"""Bounded waits: no sensor that stops answering can hang the program it measures.

A sensor read is a file read (RAPL ``energy_uj``), a library call (NVML, amdsmi) or a
few ``/proc`` reads; it takes microseconds to milliseconds. One that never returns (a
RAPL file replaced by a FIFO, an NVML call on a GPU fallen off the bus) cannot be
interrupted from Python, so the sampler thread marks what it is reading in a
:class:`Watch` (two attribute writes, no lock) and :func:`stop` waits for the sampler
only as long as the watch shows progress:

- a sensor read (or a first read while probing) running longer than
  :data:`READ_TIMEOUT_S`, or probing running longer than :data:`PROBE_TIMEOUT_S`, is
  abandoned: the sensor is marked dropped ("did not answer ... abandoned") in the run's
  sensor list and result, the run is finished from the caller's thread with the readings
  so far, and the stuck thread (a daemon) is left behind;
- the whole end (last read, footprint, store) gets :data:`FINISH_TIMEOUT_S`.

A sensor that hangs in the middle of a run holds up the other sensors' readings until
the stop abandons it; their energy up to the hang is kept.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Protocol

from wattprint.measure.config import TrackerConfig
from wattprint.measure.finish import Outcome, StopRequest, finish_run
from wattprint.measure.log import RunLog
from wattprint.measure.persist import RunSink, RunStart
from wattprint.measure.running import RunningTotals
from wattprint.measure.sensor import Sensor, SensorNote
from wattprint.measure.series import SensorTrack

logger = logging.getLogger(__name__)

READ_TIMEOUT_S = 2.0
"""A sensor read that has not returned after this many seconds is abandoned (reads take
microseconds to milliseconds; NVML documents no timeout, so this is our bound)."""

PROBE_TIMEOUT_S = 10.0
"""Probing (NVML/amdsmi initialisation, the RAPL tree) may take this long before the
sensor being probed is abandoned; ``nvmlInit`` alone can take seconds on a node with
many GPUs and persistence mode off."""

FINISH_TIMEOUT_S = 30.0
"""The stop waits at most this long for the end (last read, footprint, store write)."""

PROBING = "sensor probes"


@dataclass
class Watch:
    """What the sampler thread is waiting on, and since when (monotonic seconds)."""

    what: str | None = None
    since_s: float = 0.0
    limit_s: float = READ_TIMEOUT_S

    def begin(self, what: str, limit_s: float | None = None) -> None:
        """The sampler starts waiting on ``what`` (a sensor name, or probing)."""
        self.since_s = time.monotonic()
        self.limit_s = READ_TIMEOUT_S if limit_s is None else limit_s
        self.what = what

    def end(self) -> None:
        """The wait is over."""
        self.what = None

    def overdue(self, now_s: float) -> str | None:
        """What the sampler has waited on for too long, if anything."""
        what = self.what
        if what is not None and now_s - self.since_s > self.limit_s:
            return what
        return None

    def due_s(self, now_s: float) -> float:
        """When the current wait becomes overdue (a read interval ahead when idle)."""
        what = self.what
        return self.since_s + self.limit_s if what is not None else now_s + READ_TIMEOUT_S


class WatchedSensors(Protocol):
    """The sampler's ``SensorSet`` as a bounded stop needs it."""

    tracks: list[SensorTrack]
    live: list[tuple[Sensor, SensorTrack]]
    notes: list[SensorNote]
    watch: Watch

    def status(self) -> list[dict[str, str]]:
        """Every sensor in use and every one not used."""
        ...


class Stoppable(Protocol):
    """The sampler as a bounded stop needs it (a protocol: the sampler imports us)."""

    done: threading.Event
    ready: threading.Event
    outcome: Outcome | None
    sink: RunSink
    run_info: RunStart
    log: RunLog
    config: TrackerConfig
    totals: RunningTotals

    @property
    def sensors(self) -> WatchedSensors:
        """The sensors being read."""
        ...

    def stop(self, request: StopRequest, timeout_s: float | None = None) -> Outcome | None:
        """Ask the thread to finish the run; wait at most ``timeout_s``."""
        ...

    def flush(self) -> None:
        """Write what is new."""
        ...

    def poke(self) -> None:
        """Ask for a reading now."""
        ...


def stop(sampler: Stoppable, request: StopRequest) -> Outcome | None:
    """Stop the sampler and wait for its outcome, never longer than the watch allows."""
    if sampler.stop(request, timeout_s=0.0) is not None:
        return sampler.outcome
    deadline = time.monotonic() + FINISH_TIMEOUT_S
    watch = sampler.sensors.watch
    while True:
        now = time.monotonic()
        if sampler.done.wait(max(0.0, min(watch.due_s(now), deadline) - now)):
            return sampler.outcome
        now = time.monotonic()
        stuck = watch.overdue(now)
        if stuck is not None or now >= deadline:
            return abandon(sampler, request, stuck)


def abandon(sampler: Stoppable, request: StopRequest, stuck: str | None) -> Outcome:
    """Finish the run from the caller's thread; the sampler thread is left behind.

    ``stuck`` is the sensor (or the probes) that did not answer; None when the end as a
    whole took longer than :data:`FINISH_TIMEOUT_S`.
    """
    if stuck is None:
        logger.warning("wattprint: the end of the run took over %g s; finished without "
                       "waiting for it", FINISH_TIMEOUT_S)  # fmt: skip
    else:
        _drop_stuck(sampler.sensors, stuck)
    if not sampler.sink.stored and sampler.sink.error is None:
        sampler.sink.open(sampler.run_info)  # stuck before the run was stored
    sampler.flush()
    return finish_run(sampler, request)


def _drop_stuck(sensors: WatchedSensors, stuck: str) -> None:
    waited = time.monotonic() - sensors.watch.since_s
    reason = f"did not answer within {waited:.1f} s; abandoned (the program went on)"
    logger.warning("wattprint: sensor %s %s", stuck, reason)
    tracks = [t for t in sensors.tracks if t.info.name == stuck]
    for track in tracks:
        track.dropped = reason
    sensors.live = [(s, t) for s, t in sensors.live if t.info.name != stuck]
    if not tracks:
        sensors.notes.append(SensorNote(stuck, reason, "dropped"))


def fresh_reading(sampler: Stoppable, after_s: float, timeout_s: float = 1.0) -> bool:
    """Ask for a reading now and wait (at most ``timeout_s`` after the sensors are ready)
    until every sensor has one taken after ``after_s``; False when none came.

    A projection made during a run calls this, so it never projects from readings that
    end before the steps it counts (or from none at all).
    """
    if not sampler.ready.wait(PROBE_TIMEOUT_S):
        return False
    deadline = time.monotonic() + timeout_s
    while True:
        tracks = list(sampler.sensors.tracks)
        if tracks and min(t.last.t_s for t in tracks) >= after_s:
            return True
        if time.monotonic() >= deadline or not tracks:
            return False
        sampler.poke()
        time.sleep(0.005)


@dataclass
class SamplerReadings:
    """A window's view of the sampler: its tracks once they cover a time (bounded)."""

    sampler: Stoppable

    def window_energy(self, name: str, start_s: float, end_s: float) -> float:
        """The window's energy, after waiting (at most a second) for a reading after it."""
        if not self.sampler.done.is_set():
            fresh_reading(self.sampler, end_s)
        tracks = list(self.sampler.sensors.tracks)
        energy: float = self.sampler.totals.window_energy(name, start_s, end_s, tracks)
        return energy
