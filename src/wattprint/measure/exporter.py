"""The node agent behind ``wattprint exporter``: a node's sensors read continuously.

One agent per machine reads every **node-wide** sensor the registry finds (GPUs through
NVML or amdsmi, RAPL packages and DRAM, the idle share of the CPU model) on a timer and
whenever a face asks for a :meth:`NodeAgent.snapshot` (a Prometheus scrape). Each sensor
gives a cumulative energy that survives counter wrap (:mod:`.counters` unwraps RAPL's
``energy_uj``); the agent keeps it monotone, so a face can publish it as a counter.
The timer only guards against a wrap between two scrapes: read at least once per wrap
period (minutes at full power), the counter is exact whatever the scrape interval.

Process-scoped sensors (the CPU-time and memory models of one process tree) describe
the agent's own process, not the node, and are left out with a note.

The runs being tracked on this host are found in the local run store, through
:meth:`~wattprint.store.RunStore.list_runs` (status ``"running"``), at most every
``runs_interval_s`` and only when the store file changed; a face labels the node's
figures with their run and job ids while they last.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wattprint.measure.config import TrackerConfig
from wattprint.measure.ranks import job_id_of
from wattprint.measure.registry import probe_all
from wattprint.measure.sensor import Sensor, SensorInfo, SensorNote

logger = logging.getLogger(__name__)

METHOD_LABELS = {"counter": "measured", "integrated_power": "measured", "model": "modelled"}
"""A sensor's method as a Prometheus/OpenTelemetry label: measured or modelled."""


def method_label(info: SensorInfo) -> str:
    """``"measured"`` for counters and integrated power readings, ``"modelled"`` else."""
    return METHOD_LABELS.get(info.method, "modelled")


@dataclass(frozen=True)
class DeviceFigures:
    """One device as a face publishes it.

    Attributes:
        info: What the sensor measures and how.
        energy_j: Energy since the agent started, joules (monotone).
        power_w: Latest power, watts: the sensor's own reading, else the mean over the
            last :data:`POWER_WINDOW_S` or more; None until then.
        read_errors: Reads that failed since the agent started.
    """

    info: SensorInfo
    energy_j: float
    power_w: float | None
    read_errors: int


@dataclass(frozen=True)
class ActiveRun:
    """A run being tracked on this host: its id, name and scheduler job id ("" if none)."""

    run_id: str
    name: str
    job_id: str


@dataclass(frozen=True)
class NodeSnapshot:
    """Everything a face publishes, as of one moment."""

    host: str
    started_unix: float
    devices: tuple[DeviceFigures, ...]
    runs: tuple[ActiveRun, ...]
    notes: tuple[SensorNote, ...]


POWER_WINDOW_S = 1.0
"""Least time a counter's mean power is taken over: two reads a few milliseconds apart
(a scrape just after a timer read) would give a noisy figure."""


@dataclass
class DeviceCounter:
    """One sensor's running energy, origin at its first read, never decreasing."""

    sensor: Sensor
    info: SensorInfo
    origin_j: float
    ref_t_s: float
    energy_j: float = 0.0
    ref_energy_j: float = 0.0
    power_w: float | None = None
    read_errors: int = 0

    @classmethod
    def start(cls, sensor: Sensor) -> DeviceCounter:
        """The counter of ``sensor``, after a first read (which may raise)."""
        reading = sensor.read()
        return cls(sensor, sensor.info, reading.energy_j, reading.t_s, power_w=reading.power_w)

    def update(self) -> None:
        """Read the sensor once; a failed read is counted and the last values kept."""
        try:
            reading = self.sensor.read()
        except Exception as exc:  # a sensor must never stop the agent
            self.read_errors += 1
            logger.debug("sensor %s read failed: %s", self.info.name, exc)
            return
        self.energy_j = max(self.energy_j, reading.energy_j - self.origin_j)
        if reading.power_w is not None:
            self.power_w = reading.power_w
        elif reading.t_s - self.ref_t_s >= POWER_WINDOW_S:
            self.power_w = (self.energy_j - self.ref_energy_j) / (reading.t_s - self.ref_t_s)
            self.ref_t_s, self.ref_energy_j = reading.t_s, self.energy_j

    def figures(self) -> DeviceFigures:
        """The counter as published."""
        return DeviceFigures(self.info, self.energy_j, self.power_w, self.read_errors)


@dataclass
class RunWatch:
    """The runs being tracked on this host, re-read when the store file changed."""

    db_path: Path | None
    host: str
    interval_s: float = 5.0
    clock: Callable[[], float] = time.monotonic
    runs: tuple[ActiveRun, ...] = ()
    _checked_s: float = field(default=-float("inf"), repr=False)
    _stamp: tuple[float, ...] = field(default=(), repr=False)

    def current(self) -> tuple[ActiveRun, ...]:
        """The running runs of this host (cached for ``interval_s``)."""
        now = self.clock()
        if self.db_path is None or now - self._checked_s < self.interval_s:
            return self.runs
        self._checked_s = now
        stamp = self._file_stamp(self.db_path)
        if stamp == self._stamp and not self.runs:
            return self.runs
        self._stamp = stamp
        self.runs = self._read(self.db_path) if stamp else ()
        return self.runs

    @staticmethod
    def _file_stamp(path: Path) -> tuple[float, ...]:
        from wattprint.store.location import ServerUrl, parse_location

        with contextlib.suppress(Exception):  # a bad location is reported by _read
            if isinstance(parse_location(path), ServerUrl):
                return (time.time(),)  # a server store has no file to watch: always look
        stamp: list[float] = []
        for name in (path, path.with_name(path.name + "-wal")):
            with contextlib.suppress(OSError):
                stamp.append(os.stat(name).st_mtime)
        return tuple(stamp)

    def _read(self, path: Path) -> tuple[ActiveRun, ...]:
        from wattprint.store import RunFilter, RunStore  # not at import: the tracker imports .otel

        try:
            with RunStore(path) as store:
                records = store.list_runs(RunFilter(status="running", host=self.host), limit=None)
        except Exception as exc:  # an unreadable store must not stop the agent
            logger.warning("wattprint exporter: cannot read runs from %s: %s", path, exc)
            return ()
        return tuple(
            ActiveRun(r.id, r.name, job_id_of(r.node_key) or "")
            for r in sorted(records, key=lambda r: r.id)
            if r.host == self.host
        )


class NodeAgent:
    """Reads a node's sensors on a timer; :meth:`snapshot` is what faces publish.

    Args:
        sensors: Node-wide sensors (see :meth:`probe`).
        db_path: Run store to watch for running runs; None watches none.
        interval_s: Seconds between timer reads (the counter-wrap guard).
        runs_interval_s: Least seconds between two looks at the run store.
        notes: Why sensors are not in use, to publish alongside.
        close: Cleanup of the probes, run by :meth:`stop`.
        host: This node's name, as runs record it (default: the host name).
    """

    def __init__(
        self,
        sensors: Sequence[Sensor],
        *,
        db_path: Path | None = None,
        interval_s: float = 5.0,
        runs_interval_s: float = 5.0,
        notes: Sequence[SensorNote] = (),
        close: Callable[[], None] | None = None,
        host: str | None = None,
    ) -> None:
        from wattprint.store.liveness import this_host

        self.host = host or this_host()
        self.started_unix = time.time()
        self.interval_s = interval_s
        self.notes = list(notes)
        self.counters: list[DeviceCounter] = []
        for sensor in sensors:
            try:
                self.counters.append(DeviceCounter.start(sensor))
            except Exception as exc:
                name = getattr(getattr(sensor, "info", None), "name", type(sensor).__name__)
                self.notes.append(SensorNote(str(name), f"first read failed: {exc!r}", "dropped"))
        self.watch = RunWatch(db_path, self.host, runs_interval_s)
        self._close = close
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def probe(
        cls,
        config: TrackerConfig,
        *,
        db_path: Path | None = None,
        interval_s: float = 5.0,
        runs_interval_s: float = 5.0,
        host: str | None = None,
    ) -> NodeAgent:
        """An agent over every node-wide sensor the registry finds with ``config``."""
        probed = probe_all(config)
        sensors: list[Sensor] = []
        notes = list(probed.notes)
        for sensor in probed.sensors:
            if sensor.info.scope == "node":
                sensors.append(sensor)
            else:
                reason = "process-scoped (it models one process tree, not the node)"
                notes.append(SensorNote(sensor.info.name, reason, "skipped"))
        return cls(
            sensors,
            db_path=db_path,
            interval_s=interval_s,
            runs_interval_s=runs_interval_s,
            notes=notes,
            close=probed.close,
            host=host,
        )

    def sample(self) -> None:
        """Read every sensor once."""
        with self._lock:
            for counter in self.counters:
                counter.update()

    def snapshot(self) -> NodeSnapshot:
        """Read the sensors now and return what a face publishes."""
        self.sample()
        with self._lock:
            devices = tuple(c.figures() for c in self.counters)
        runs = self.watch.current()
        return NodeSnapshot(self.host, self.started_unix, devices, runs, tuple(self.notes))

    def start(self) -> NodeAgent:
        """Start the timer thread (returns at once)."""
        self._thread = threading.Thread(target=self._loop, name="wattprint-exporter", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the timer thread and run the probes' cleanups."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
        if self._close is not None:
            self._close()
            self._close = None

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sample()
