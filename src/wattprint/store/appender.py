"""The producer's periodic flush: new samples and the heartbeat in one short transaction.

A tracker flushes every few seconds for hours, each time after seconds asleep, when
every cache it touches is cold; there each statement and each Python layer costs tens of
microseconds, and the flush was half the sampler's CPU. So this path takes plain tuples,
holds the run's key, and commits two statements (see :func:`writes.insert_samples
<wattprint.store.writes.insert_samples>`) through :meth:`Connection.write_now
<wattprint.store.connection.Connection.write_now>`, with no generator context managers.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence

import wattprint.store.writes as writes
from wattprint.errors import StoreError
from wattprint.store.connection import Connection
from wattprint.store.records import SampleTuple
from wattprint.store.validate import check_samples


class SampleAppender:
    """Appends one run's samples; made by :meth:`RunStore.sample_appender
    <wattprint.store.sqlite.RunStore.sample_appender>`."""

    def __init__(self, db: Connection, rk: int, run_id: str) -> None:
        self._db = db
        self._rk = rk
        self.run_id = run_id

    def append(self, rows: Sequence[SampleTuple], flushed_at: float | None = None) -> None:
        """Append ``rows`` and, with ``flushed_at`` (unix seconds), the heartbeat: one commit.

        Raises:
            StoreError: An invalid row, a non-finite heartbeat, the run was deleted, or
                the file cannot be written. Nothing is written then.
        """
        check_samples(rows)
        if flushed_at is not None and not math.isfinite(flushed_at):
            raise StoreError(f"heartbeat time must be finite unix seconds; got {flushed_at!r}")
        if rows or flushed_at is not None:
            self._db.write_now(self._insert, rows, flushed_at)

    def _insert(
        self, conn: sqlite3.Connection, rows: Sequence[SampleTuple], flushed_at: float | None
    ) -> None:
        if not writes.insert_samples(conn, self._rk, rows, flushed_at):
            raise StoreError(f"no run with id {self.run_id!r} in the run store (deleted?)")
