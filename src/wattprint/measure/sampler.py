"""The sampler: one background thread per run, and the run's only writer.

It probes the sensors once (so ``track()`` returns at once), reads them on a timer and
when the caller marks a window edge (a phase starts or ends), flushes samples, steps
and phases to the run store every ``flush_interval_s``, and at the end reads once more
and finishes the run. A sensor that raises is dropped and reported; no exception of a
sensor or of the store ever leaves this thread.
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
from wattprint.measure.bounded import PROBING, Watch
from wattprint.measure.config import TrackerConfig
from wattprint.measure.finish import StopRequest
from wattprint.measure.log import RunLog
from wattprint.measure.persist import RunSink, RunStart, Sample
from wattprint.measure.plausible import PlausibleSensor
from wattprint.measure.registry import Probed, probe_all
from wattprint.measure.sensor import Sensor, SensorNote
from wattprint.measure.series import SensorTrack

logger = logging.getLogger(__name__)

POWER_INTERVAL_S = 0.1
"""Seconds between reads of power-only sensors (they are integrated)."""


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


@dataclass
class FlushState:
    """What has been written so far."""

    samples: list[Sample] = field(default_factory=list)
    steps: int = 0
    phases: int = 0


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
        self._wake = Doorbell()
        self._stop: StopRequest | None = None
        self._flush_state = FlushState()
        self._thread = threading.Thread(target=self._main, name="wattprint-sampler", daemon=True)
        self.otel = otel.for_sampler(self) if config.otel else None

    def start(self) -> None:
        """Start the thread (returns at once)."""
        self._thread.start()

    def poke(self) -> None:
        """Ask for a reading now (a window edge); does not wait."""
        self._wake.ring()

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
            if poked or now >= next_read:
                self._flush_state.samples.extend(self.sensors.read(self.log))
                next_read, next_fast = now + interval, now + fast
            elif now >= next_fast:
                self._flush_state.samples.extend(self.sensors.read(self.log, power_only=True))
                next_fast = now + fast
            # flush on this wake-up when the next read would come after the deadline:
            # one wake-up per interval serves both, and no flush is ever late
            if now >= next_flush or next_read > next_flush:
                self._flush()
                next_flush = now + self.config.flush_interval_s

    def flush(self) -> None:
        """Write what is new (:func:`.bounded.abandon` calls it when this thread is stuck)."""
        self._flush()

    def _flush(self) -> None:
        state, log = self._flush_state, self.log
        samples, state.samples = state.samples, []
        count = len(log.steps)
        if count > state.steps:
            rows = [
                (log.unix(t), i, tokens, samples_, phase)
                for i, (t, tokens, samples_, phase) in enumerate(
                    log.steps[state.steps : count], start=state.steps + 1
                )
            ]
            self._write_steps(rows)
            state.steps = count
            if self.otel is not None:
                self.otel.steps(rows)
        if state.phases < len(log.phases):
            self._write_phases(state, log)
        # samples last: their write is the heartbeat, "flushed up to here"
        self.sink.samples(samples, flushed_at=time.time())

    def _write_phases(self, state: FlushState, log: RunLog) -> None:
        """Write the phases that closed before the latest reading (their energy is known)."""
        latest = max((t.last.t_s for t in self.sensors.tracks), default=math.inf)
        while state.phases < len(log.phases) and log.phases[state.phases].end_s <= latest:
            span = log.phases[state.phases]
            energy = finish.energy_between(self.sensors.tracks, span.start_s, span.end_s)
            self.sink.phase((span.name, log.unix(span.start_s), log.unix(span.end_s), energy))
            state.phases += 1

    def _write_steps(self, rows: list[tuple[Any, ...]]) -> None:
        if not self.config.step_file:
            self.sink.steps(rows)
            return
        import wattprint.measure.step_file as step_file

        try:
            step_file.append(self.config.step_file, rows)
        except OSError as exc:
            logger.warning("wattprint: cannot write steps to %s: %s", self.config.step_file, exc)

    def _finish(self) -> None:
        request = self._stop or StopRequest("incomplete", None, time.monotonic())
        try:
            self._flush_state.samples.extend(self.sensors.read(self.log))
            self._flush()
            self.outcome = finish.finish_run(self, request)
        except Exception:
            logger.exception("wattprint: finishing the run failed")
        finally:
            self.sensors.close()
            self.sink.close()
            if self.otel is not None:
                self.otel.close()
            self.done.set()


def _no_store(config: TrackerConfig) -> TrackerConfig:
    return config.with_options(store=False)
