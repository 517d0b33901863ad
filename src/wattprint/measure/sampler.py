"""The sampler: one background thread per run, and the run's only writer.

It probes the sensors once (so ``track()`` returns at once), reads them on a timer and
when the caller marks a window edge (a phase starts or ends), flushes samples, steps
and phases to the run store every ``flush_interval_s`` (and steps sooner when the
caller reports more than :data:`STEP_BACKLOG` of them in between), keeping only running
totals (:mod:`.running`), and at the end reads once more and finishes the run. A sensor
that raises is dropped and reported; no exception of a sensor or of the store ever
leaves this thread.
"""

from __future__ import annotations

import _thread
import contextlib
import logging
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import wattprint.measure.bounded as bounded
import wattprint.measure.finish as finish
import wattprint.measure.otel as otel
import wattprint.measure.step_file as step_file
from wattprint.measure.bounded import PROBING, Watch
from wattprint.measure.config import TrackerConfig
from wattprint.measure.finish import StopRequest
from wattprint.measure.log import RunLog
from wattprint.measure.persist import RunSink, RunStart, Sample, Step
from wattprint.measure.plausible import PlausibleSensor
from wattprint.measure.registry import Probed, probe_all
from wattprint.measure.running import RunningTotals
from wattprint.measure.sensor import Sensor, SensorNote
from wattprint.measure.series import SensorTrack

logger = logging.getLogger(__name__)

POWER_INTERVAL_S = 0.1
"""Seconds between reads of power-only sensors (they are integrated)."""

STEP_BACKLOG = 512
"""Steps the caller may report between flushes before the sampler is woken to take them."""

STEP_LIMIT = 2048
"""Steps waiting beyond which ``run.step()`` waits for the sampler to take them (at most
:data:`STEP_WAIT_S`): the store writes some 200,000 steps a second, so only a loop
doing nothing but ``step()`` meets it; it bounds memory and the steps left for
``stop()`` (about 10 ms of writing)."""

STEP_WAIT_S = 1.0
"""Longest a ``run.step()`` waits for the sampler (it never hangs on a stuck store)."""


@dataclass
class SensorSet:
    """The sensors of a run, their tracks, and why any are missing."""

    given: Sequence[Sensor] | None = None
    live: list[tuple[Sensor, SensorTrack]] = field(default_factory=list)
    tracks: list[SensorTrack] = field(default_factory=list)
    notes: list[SensorNote] = field(default_factory=list)
    probed: Probed | None = None
    watch: Watch = field(default_factory=Watch)  # what a read waits on (bounded.stop)

    def start(self, config: TrackerConfig) -> None:
        """Probe (unless sensors were given) and take every sensor's first reading."""
        if config.step_file:
            note = "energy is measured by the parent `wattprint run` (WATTPRINT_STEP_FILE)"
            self.notes.append(SensorNote("all", note, "skipped"))
            return
        self.watch.begin(PROBING, bounded.PROBE_TIMEOUT_S)
        self.probed = probe_all(config) if self.given is None else Probed(list(self.given))
        self.notes.extend(self.probed.notes)
        for found in self.probed.sensors:
            sensor = PlausibleSensor(found, self.notes)  # resets and jumps are rejected
            try:
                info = sensor.info
                self.watch.begin(info.name)
                track = SensorTrack.start(info, _checked(sensor.read()))
            except Exception as exc:  # a sensor must never stop the run
                name = getattr(getattr(found, "info", None), "name", type(found).__name__)
                self.notes.append(SensorNote(str(name), f"first read failed: {exc!r}", "dropped"))
                continue
            finally:
                self.watch.end()
            self.live.append((sensor, track))
            self.tracks.append(track)

    @property
    def has_power_sensors(self) -> bool:
        """Whether any sensor integrates power (and so needs a finer grid)."""
        return any(t.info.method == "integrated_power" for _, t in self.live)

    def read(self, log: RunLog, power_only: bool = False) -> list[Sample]:
        """Read the live sensors; drop any that fail. Returns rows for the store."""
        rows: list[Sample] = []
        watch = self.watch
        for sensor, track in list(self.live):
            if power_only and track.info.method != "integrated_power":
                continue
            watch.begin(track.info.name)
            try:
                energy, power = track.add(_checked(sensor.read()))
            except Exception as exc:  # a sensor must never reach user code
                self._drop(sensor, track, f"read failed: {type(exc).__name__}: {exc}")
                continue
            finally:
                watch.end()
            if power is not None and not math.isfinite(power):
                power = None
            rows.append(
                (log.unix(track.last.t_s), track.info.name, power, energy, track.info.method)
            )
        return rows

    def status(self) -> list[dict[str, str]]:
        """Every sensor in use (with method) and every one not used (with reason)."""
        items: list[dict[str, str]] = []
        for track in self.tracks:
            item: dict[str, str] = {**track.info.to_dict(), "status": "active"}
            if track.dropped:
                item.update(status="dropped", reason=track.dropped)
            items.append(item)
        return items + [n.to_dict() for n in self.notes]

    def close(self) -> None:
        """Run the probes' cleanups."""
        if self.probed is not None:
            self.probed.close()

    def _drop(self, sensor: Sensor, track: SensorTrack, reason: str) -> None:
        logger.warning("wattprint: sensor %s dropped: %s", track.info.name, reason)
        track.dropped = reason
        self.live = [(s, t) for s, t in self.live if s is not sensor]


def _checked(reading: Any) -> Any:
    if not math.isfinite(reading.energy_j) or not math.isfinite(reading.t_s):
        raise ValueError(f"non-finite reading {reading!r}")
    return reading


class Doorbell:
    """A wake-up the caller rings and the sampler waits on.

    A bare lock, held while nobody rang: waiting on it costs about half of what
    ``threading.Event.wait`` does, which matters for a thread that wakes every few
    seconds for hours.
    """

    def __init__(self) -> None:
        self._lock = _thread.allocate_lock()
        self._lock.acquire()

    def ring(self) -> None:
        """Wake the waiter (once, however often it is rung before it wakes)."""
        with contextlib.suppress(RuntimeError):  # already rung
            self._lock.release()

    def wait(self, timeout_s: float) -> bool:
        """Wait until rung (True) or until ``timeout_s`` passed (False)."""
        return self._lock.acquire(timeout=max(0.0, timeout_s))


class Sampler:
    """Background thread that measures one run; see the module docstring."""

    def __init__(
        self,
        log: RunLog,
        config: TrackerConfig,
        sensors: Sequence[Sensor] | None,
        run_info: RunStart,
    ) -> None:
        self.log = log
        self.config = config
        self.sink = RunSink(config if not config.step_file else _no_store(config))
        self.sensors = SensorSet(sensors)
        self.run_info = run_info
        self.ready = threading.Event()
        self.done = threading.Event()
        self.outcome: finish.Outcome | None = None
        self.totals = RunningTotals(
            log, config.sample_interval_s / 2, 2 * config.flush_interval_s + 1.0
        )
        self.step_source: step_file.Follower | None = None
        self._wake = Doorbell()
        self._edge = False
        self._taken = threading.Event()
        self._stop: StopRequest | None = None
        self._samples: list[Sample] = []
        self._thread = threading.Thread(target=self._main, name="wattprint-sampler", daemon=True)
        self.otel = otel.for_sampler(self) if config.otel else None

    def start(self) -> None:
        """Start the thread (returns at once)."""
        self._thread.start()

    def poke(self) -> None:
        """Ask for a reading now (a window edge); does not wait."""
        self._edge = True
        self._wake.ring()

    def backlog(self, waiting: int) -> None:
        """The caller has ``waiting`` steps not taken: ring the sampler when they reach
        :data:`STEP_BACKLOG`; past :data:`STEP_LIMIT`, wait until it has taken them."""
        if waiting == STEP_BACKLOG:
            self._wake.ring()
        elif waiting >= STEP_LIMIT and not self.done.is_set():
            self._taken.clear()
            if len(self.log.steps) < STEP_LIMIT:  # taken meanwhile, before the clear
                return
            self._wake.ring()
            self._taken.wait(STEP_WAIT_S)

    def stop(self, request: StopRequest, timeout_s: float | None = None) -> finish.Outcome | None:
        """Ask the thread to finish the run and wait for it."""
        self._stop = request
        self._wake.ring()
        self.done.wait(timeout_s)
        return self.outcome

    def _main(self) -> None:
        try:
            self.sensors.start(self.config)
        except Exception:  # never let the thread die silently
            logger.exception("wattprint: sensor setup failed")
        finally:
            self.ready.set()
        try:
            self.sink.open(self.run_info)
            self.sink.sensors(self.sensors.status())
            self._loop()
        except Exception:
            logger.exception("wattprint: sampler loop failed; finishing the run")
        finally:
            self._finish()

    def _loop(self) -> None:
        clock, interval = time.monotonic, self.config.sample_interval_s
        fast = min(POWER_INTERVAL_S, interval) if self.sensors.has_power_sensors else math.inf
        now = clock()
        next_read, next_fast = now + interval, now + fast
        next_flush = now + self.config.flush_interval_s
        while self._stop is None:
            poked = self._wake.wait(min(next_read, next_fast, next_flush) - clock())
            if self._stop is not None:
                return
            now = clock()
            if self._edge or now >= next_read:
                self._edge = False
                self._samples.extend(self.sensors.read(self.log))
                next_read, next_fast = now + interval, now + fast
            elif now >= next_fast:
                self._samples.extend(self.sensors.read(self.log, power_only=True))
                next_fast = now + fast
            # flush on this wake-up when the next read would come after the deadline:
            # one wake-up per interval serves both, and no flush is ever late
            if now >= next_flush or next_read > next_flush:
                self._flush()
                next_flush = now + self.config.flush_interval_s
            elif poked and len(self.log.steps) >= STEP_BACKLOG:
                self._take_steps()

    def flush(self) -> None:
        """Write what is new (:func:`.bounded.abandon` calls it when this thread is stuck)."""
        self._flush()

    def _flush(self) -> None:
        if self.step_source is not None:
            self.step_source.read_into(self.log)
        self._take_steps()
        for row in self.totals.settle(self.sensors.tracks):
            self.sink.phase(row)
        samples, self._samples = self._samples, []
        # samples last: their write is the heartbeat, "flushed up to here"
        self.sink.samples(samples, flushed_at=time.time())

    @property
    def _steps_go_out(self) -> bool:
        """Whether steps are written anywhere (the store, or the parent's step file)."""
        return bool(self.config.step_file) or self.sink.stored

    def _take_steps(self) -> None:
        """Count the caller's new steps; write them where they go (and to OpenTelemetry)."""
        rows = self.totals.take_steps(self._steps_go_out or self.otel is not None)
        self._write_steps(rows)
        if self.otel is not None and rows:
            self.otel.steps(rows)
        self._taken.set()

    def _write_steps(self, rows: list[Step]) -> None:
        if not rows:
            return
        if not self.config.step_file:
            self.sink.steps(rows)
            return
        try:
            step_file.append(self.config.step_file, rows)
        except OSError as exc:
            logger.warning("wattprint: cannot write steps to %s: %s", self.config.step_file, exc)

    def _finish(self) -> None:
        request = self._stop or StopRequest("incomplete", None, time.monotonic())
        try:
            self._samples.extend(self.sensors.read(self.log))
            self._flush()
            self.outcome = finish.finish_run(self, request)
        except Exception:
            logger.exception("wattprint: finishing the run failed")
        finally:
            self.done.set()  # the caller has its result; what follows is cleanup
            self._taken.set()
            self.sensors.close()
            self.sink.close()  # may checkpoint the WAL: disk I/O, off the caller's path
            if self.otel is not None:
                self.otel.close()
        # after the caller has its result: NumPy's import would hold the GIL meanwhile
        if self.outcome is not None and self.outcome.footprint is not None:
            self.outcome.footprint.submit()


def _no_store(config: TrackerConfig) -> TrackerConfig:
    return config.with_options(store=False)
