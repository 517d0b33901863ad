"""The run store as the sampler sees it: every call safe, a failure turns into memory-only.

Nothing a user measured is ever lost to the store: when the file cannot be opened or a
write fails, the run goes on in memory, :attr:`RunSink.error` says why, and the result
and footprint carry that message. All calls come from the sampler thread, the run's one
writer.

Samples go to the run's spool file at every flush (one ``write``), and into the SQLite
file every :data:`INGEST_INTERVAL_S` and at the end (readers of the store ingest the
spool too, so they see every flushed sample); see :mod:`wattprint.store.spool` for why.
Where no spool file can be made, each flush is one SQLite commit instead.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping, Sequence
from typing import Any

from wattprint.measure.config import TrackerConfig

logger = logging.getLogger(__name__)

INGEST_INTERVAL_S = 60.0
"""Seconds between moves of the spooled samples into the SQLite file during a run."""

# (t_unix, device, power_w, energy_j, method)
Sample = tuple[float, str, "float | None", float, str]
# (t_unix, step, tokens, samples, phase)
Step = tuple[float, int, "int | None", "int | None", "str | None"]
# (name, start_unix, end_unix, energy_j)
Phase = tuple[str, float, "float | None", "float | None"]


class RunSink:
    """Writes one run to the store, or keeps it in memory when that is impossible."""

    def __init__(self, config: TrackerConfig) -> None:
        self.config = config
        self.store: Any = None
        self.spool: Any = None
        self.run_id: str | None = None
        self._next_ingest_s = math.inf
        self.error: str | None = None if config.store else "not stored (store disabled)"

    @property
    def stored(self) -> bool:
        """Whether the run is being written to the store."""
        return self.store is not None and self.run_id is not None

    def open(self, info: Mapping[str, Any]) -> None:
        """Open the store and create the run (``info``: :class:`RunInfo` fields)."""
        if not self.config.store:
            return
        try:
            from wattprint.store import RunInfo, RunStore

            self.store = RunStore(self.config.db_path)
            self.run_id = self.store.create_run(RunInfo(**info))
        except Exception as exc:  # any failure: keep measuring in memory
            self._fail("open", exc)
            return
        try:
            self.spool = self.store.spool_writer(self.run_id)
            self._next_ingest_s = time.monotonic() + INGEST_INTERVAL_S
        except Exception as exc:  # no spool: flush straight into the SQLite file
            logger.debug("wattprint: no spool file (%s); flushing into %s", exc, self.store.path)

    def samples(self, rows: Sequence[Sample], *, flushed_at: float | None = None) -> None:
        """Append sensor readings to the spool (the file's time is the heartbeat); without
        a spool or without rows, one commit of the rows and the heartbeat ``flushed_at``."""
        if not (rows or flushed_at is not None) or not self.stored:
            return
        try:  # the hot path: plain tuples, no record objects
            if self.spool is not None and rows:
                self.spool.append(rows)  # its modification time is the heartbeat
                if time.monotonic() >= self._next_ingest_s:
                    self.store.ingest_spool(self.run_id)
                    self._next_ingest_s = time.monotonic() + INGEST_INTERVAL_S
            else:
                self.store.append_samples(self.run_id, self._rows("SampleRow", rows),
                                          flushed_at=flushed_at)  # fmt: skip
        except Exception as exc:  # any failure: keep measuring in memory
            self._fail("append samples", exc)

    def steps(self, rows: Sequence[Step]) -> None:
        """Append steps (to the spool when there is one)."""
        if rows and self.stored:
            if self.spool is not None:
                self._spooled("append steps", self.spool.append_steps, rows)
            else:
                self._call("append_steps", self._rows("StepRow", rows))

    def phase(self, row: Phase) -> None:
        """Insert or update a phase (through the spool when there is one)."""
        if self.stored:
            if self.spool is not None:
                self._spooled("append a phase", self.spool.append_phase, row)
            else:
                self._call("put_phase", self._rows("PhaseRow", [row])[0])

    def _spooled(self, action: str, append: Any, rows: Any) -> None:
        try:
            append(rows)
        except Exception as exc:  # any failure: keep measuring in memory
            self._fail(action, exc)

    def sensors(self, items: Sequence[Mapping[str, Any]]) -> None:
        """Replace the run's sensor list."""
        if self.stored:
            self._call("update_sensors", list(items))

    def finish(self, **fields: Any) -> None:
        """Mark the run finished (``ended_at``, ``status``, ``exit_code``, ``totals`` ...)."""
        if self.stored:
            self._call("finish_run", **fields)

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

    def _rows(self, kind: str, rows: Sequence[tuple[Any, ...]]) -> list[Any]:
        import wattprint.store as store_module

        row_type = getattr(store_module, kind)
        return [row_type(*row) for row in rows]

    def _call(self, method: str, *args: Any, **kwargs: Any) -> None:
        try:
            getattr(self.store, method)(self.run_id, *args, **kwargs)
        except Exception as exc:  # any failure: keep measuring in memory
            self._fail(method, exc)

    def _fail(self, action: str, exc: Exception) -> None:
        where = self.config.db_path or "the default run store"
        self.error = (
            f"run store unavailable ({action} on {where}: {type(exc).__name__}: {exc}); "
            "the run is kept in memory only"
        )
        logger.warning("wattprint: %s", self.error)
        self.close()
        self.run_id = None
