"""The run store as the sampler sees it: every call safe, a failure turns into memory-only.

Nothing a user measured is ever lost to the store: when the file cannot be opened or a
write fails, the run goes on in memory, :attr:`RunSink.error` says why, and the result
and footprint carry that message. All calls come from the sampler thread, the run's one
writer.

Samples, steps and phases go to the run's spool file at every flush (one ``write``), and
into the SQLite file every :data:`INGEST_INTERVAL_S` and at the end (readers of the store ingest the
spool too, so they see every flushed sample); see :mod:`wattprint.store.spool` for why.
Where no spool file can be made, each flush is one SQLite commit instead.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypedDict

from wattprint.measure.config import TrackerConfig

if TYPE_CHECKING:  # the store is imported when a run is opened, not with the tracker
    from wattprint.store.records import PhaseRow, RunInfo, SampleRow, SampleTuple, StepRow

logger = logging.getLogger(__name__)

INGEST_INTERVAL_S = 60.0
"""Seconds between moves of the spooled samples into the SQLite file during a run."""

INGEST_LINES = 8192
"""Spooled lines that trigger a move sooner: a burst of steps (300,000 in a second) is
moved in as it comes, by the sampler thread, so the end of the run (which moves the rest
in the caller's ``stop()``) never has more than this many lines to move (about 25 ms)."""

# (t_unix, device, power_w, energy_j, method)
Sample = tuple[float, str, "float | None", float, str]
# (t_unix, step, tokens, samples, phase)
Step = tuple[float, int, "int | None", "int | None", "str | None"]
# (name, start_unix, end_unix, energy_j)
Phase = tuple[str, float, "float | None", "float | None"]


class RunStart(TypedDict):
    """What the tracker knows when a run starts: the fields of the store's ``RunInfo``."""

    name: str
    kind: str
    started_at: float
    host: str
    pid: int
    region: str | None
    facility: str | None
    tags: dict[str, str]
    command: list[str] | None
    node_key: str | None


class SampleSpool(Protocol):
    """The run's spool file as the sampler writes it (``wattprint.store.spool``): samples,
    steps and phases, so a flush is one ``write`` whatever it carries."""

    def append(self, rows: Sequence[SampleTuple]) -> None:
        """Write readings as lines; one ``write``, no commit."""

    def append_steps(self, rows: Sequence[Step]) -> None:
        """Write steps as lines; one ``write``, no commit."""

    def append_phase(self, row: Phase) -> None:
        """Write a phase (opened or closed) as a line."""

    def close(self) -> None:
        """Close the file (its lines stay for the store to move in)."""


class RunRecorder(Protocol):
    """What a tracker needs of a run store: the corridor from a sensor's joules to a row.

    :class:`wattprint.store.RunStore` is one; mypy checks it against this.
    """

    path: Path

    def create_run(self, info: RunInfo) -> str:
        """Record that a run started; returns its id."""

    def spool_writer(self, run_id: str) -> SampleSpool:
        """The run's spool file, for the cheapest flush of samples."""

    def ingest_spool(self, run_id: str) -> int:
        """Move the spooled lines into the store; returns rows added."""

    def append_samples(
        self, run_id: str, rows: Sequence[SampleRow], *, flushed_at: float | None = None
    ) -> None:
        """Append readings (and the heartbeat) in one commit."""

    def append_steps(self, run_id: str, rows: Sequence[StepRow]) -> None:
        """Append the steps the work reported."""

    def put_phase(self, run_id: str, row: PhaseRow) -> None:
        """Insert or update a phase."""

    def update_sensors(self, run_id: str, sensors: Sequence[Mapping[str, object]]) -> None:
        """Replace the run's sensor list."""

    def finish_run(
        self,
        run_id: str,
        *,
        ended_at: float,
        status: str,
        exit_code: int | None = None,
        totals: Mapping[str, object] | None = None,
        footprint: Mapping[str, object] | None = None,
    ) -> None:
        """Mark the run finished, with its totals and footprint."""

    def close(self) -> None:
        """Close the store file."""


class RunSink:
    """Writes one run to the store, or keeps it in memory when that is impossible."""

    def __init__(self, config: TrackerConfig) -> None:
        self.config = config
        self.store: RunRecorder | None = None
        self.spool: SampleSpool | None = None
        self.run_id: str | None = None
        self._next_ingest_s = math.inf
        self._spooled_lines = 0
        self.error: str | None = None if config.store else "not stored (store disabled)"

    @property
    def stored(self) -> bool:
        """Whether the run is being written to the store."""
        return self.store is not None and self.run_id is not None

    def open(self, info: RunStart) -> None:
        """Open the store and create the run."""
        if not self.config.store:
            return
        try:
            from wattprint.store import RunInfo, RunStore

            store: RunRecorder = RunStore(self.config.db_path)
            self.store = store
            run_id = self.run_id = store.create_run(RunInfo(**info))
        except Exception as exc:  # any failure: keep measuring in memory
            self._fail("open", exc)
            return
        try:
            self.spool = store.spool_writer(run_id)
            self._next_ingest_s = time.monotonic() + INGEST_INTERVAL_S
        except Exception as exc:  # no spool: flush straight into the SQLite file
            logger.debug("wattprint: no spool file (%s); flushing into %s", exc, store.path)

    def samples(self, rows: Sequence[Sample], *, flushed_at: float | None = None) -> None:
        """Append sensor readings to the spool (the file's time is the heartbeat); without
        a spool or without rows, one commit of the rows and the heartbeat ``flushed_at``."""
        store, run_id = self.store, self.run_id
        if not (rows or flushed_at is not None) or store is None or run_id is None:
            return
        try:  # the hot path: plain tuples, no record objects
            if self.spool is not None and rows:
                self.spool.append(rows)  # its modification time is the heartbeat
                self._spooled(len(rows), store, run_id)
            else:
                from wattprint.store.records import SampleRow

                records = [SampleRow(*row) for row in rows]
                store.append_samples(run_id, records, flushed_at=flushed_at)
        except Exception as exc:  # any failure: keep measuring in memory
            self._fail("append samples", exc)

    def _ship(self, store: RunRecorder, run_id: str) -> None:
        """Move the spool into the store; where the store is out of reach (a server down,
        a network blip) the lines wait in the spool and go at a later try, each once."""
        from wattprint.errors import StoreError

        self._next_ingest_s = time.monotonic() + INGEST_INTERVAL_S
        try:
            store.ingest_spool(run_id)
        except StoreError as exc:
            logger.warning("wattprint: samples wait in the local spool: %s", exc)

    def steps(self, rows: Sequence[Step]) -> None:
        """Append steps (to the spool when there is one)."""
        store, run_id = self.store, self.run_id
        if not rows or store is None or run_id is None:
            return
        try:
            if self.spool is not None:
                self.spool.append_steps(rows)
                self._spooled(len(rows), store, run_id)
                return
            from wattprint.store.records import StepRow

            store.append_steps(run_id, [StepRow(*row) for row in rows])
        except Exception as exc:  # any failure: keep measuring in memory
            self._fail("append_steps", exc)

    def _spooled(self, lines: int, store: RunRecorder, run_id: str) -> None:
        """Move the spool into the store every minute, or sooner after a burst of lines."""
        self._spooled_lines += lines
        if self._spooled_lines >= INGEST_LINES or time.monotonic() >= self._next_ingest_s:
            self._spooled_lines = 0
            self._ship(store, run_id)

    def phase(self, row: Phase) -> None:
        """Insert or update a phase (through the spool when there is one)."""
        store, run_id = self.store, self.run_id
        if store is None or run_id is None:
            return
        try:
            if self.spool is not None:
                self.spool.append_phase(row)
                return
            from wattprint.store.records import PhaseRow

            store.put_phase(run_id, PhaseRow(*row))
        except Exception as exc:  # any failure: keep measuring in memory
            self._fail("put_phase", exc)

    def sensors(self, items: Sequence[Mapping[str, object]]) -> None:
        """Replace the run's sensor list."""
        store, run_id = self.store, self.run_id
        if store is None or run_id is None:
            return
        try:
            store.update_sensors(run_id, list(items))
        except Exception as exc:  # any failure: keep measuring in memory
            self._fail("update_sensors", exc)

    def finish(
        self,
        *,
        ended_at: float,
        status: str,
        exit_code: int | None = None,
        totals: Mapping[str, object] | None = None,
        footprint: Mapping[str, object] | None = None,
    ) -> None:
        """Mark the run finished, with its totals and footprint."""
        store, run_id = self.store, self.run_id
        if store is None or run_id is None:
            return
        try:
            store.finish_run(
                run_id,
                ended_at=ended_at,
                status=status,
                exit_code=exit_code,
                totals=totals,
                footprint=footprint,
            )
        except Exception as exc:  # any failure: keep measuring in memory
            self._fail("finish_run", exc)

    def close(self) -> None:
        """Close the store file."""
        store, self.store = self.store, None
        spool, self.spool = self.spool, None
        if spool is not None:
            spool.close()
        if store is not None:
            try:
                store.close()
            except Exception:  # closing must never raise into the tracker
                logger.debug("closing the run store failed", exc_info=True)

    def _fail(self, action: str, exc: Exception) -> None:
        where = self.config.db_path or "the default run store"
        self.error = (
            f"run store unavailable ({action} on {where}: {type(exc).__name__}: {exc}); "
            "the run is kept in memory only"
        )
        logger.warning("wattprint: %s", self.error)
        self.close()
        self.run_id = None
