"""RunStore: runs, samples, steps and phases in one crash-safe SQLite file.

Every append is one WAL transaction (or a spool line, which reads move in first), so a
producer killed mid-run leaves every flushed row and the run reads as ``"incomplete"``.
Several processes may write at once: writers queue on SQLite's lock (timeout 10 s).
"""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import Any

import wattprint.store.listing as listing
import wattprint.store.reads as reads
import wattprint.store.spool as spool
import wattprint.store.writes as writes
from wattprint.errors import StoreError
from wattprint.store.connection import Connection, default_db_path
from wattprint.store.ids import resolve_run_key
from wattprint.store.liveness import STALE_AFTER_S, is_stale
from wattprint.store.records import (
    RUN_KINDS,
    PhaseRow,
    RunInfo,
    RunRecord,
    SampleRow,
    StepRow,
)
from wattprint.store.spool import SpoolWriter
from wattprint.store.validate import check_info, check_phase, check_samples, check_steps, to_json


class RunStore:
    """The run store: one SQLite file of runs and what was recorded during them.

    Safe to share between threads; each process opens its own. Use as a context manager
    or call :meth:`close`.

    Example:
        >>> with RunStore(tmp_path / "runs.db") as store:  # doctest: +SKIP
        ...     run_id = store.create_run(info)
        ...     store.append_samples(run_id, rows)
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, stale_after_s: float = STALE_AFTER_S
    ) -> None:
        """Open (creating or migrating as needed) the store at ``path``.

        Args:
            path: SQLite file; ``None`` means :func:`default_db_path`.
            stale_after_s: Flush age after which a ``"running"`` run whose process is
                gone reads as ``"incomplete"``.

        Raises:
            StoreError: The file cannot be opened, is not a run store, or was written
                by a newer wattprint.
        """
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self.stale_after_s = float(stale_after_s)
        self._db = Connection(self.path)
        self._keys: dict[str, int] = {}

    # -- lifecycle ---------------------------------------------------------------

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        self._db.close()

    def __enter__(self) -> RunStore:
        """Use the store in a ``with`` block; it is closed at the end."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()

    def __repr__(self) -> str:
        """``RunStore('/path/to/runs.db')``."""
        return f"RunStore({str(self.path)!r})"

    # -- writing -----------------------------------------------------------------

    def create_run(self, info: RunInfo) -> str:
        """Record that a run started.

        Args:
            info: What the producer knows at the start.

        Returns:
            The new run's id (14 hex digits, sorting by start time).

        Raises:
            StoreError: ``info`` is invalid or the file cannot be written.
        """
        check_info(info, RUN_KINDS)
        with self._db.write() as conn:
            return writes.insert_run(conn, info, self.path)

    def append_samples(
        self, run_id: str, rows: Sequence[SampleRow], *, flushed_at: float | None = None
    ) -> None:
        """Append sensor readings to a run, all in one transaction.

        Args:
            run_id: The run's id (or a unique prefix).
            rows: Readings in any order; numbers must be finite (``None`` = unknown).
            flushed_at: Also record the heartbeat (unix seconds) in the same
                transaction, so a producer's periodic flush costs one commit, not two.

        Raises:
            StoreError: Unknown run, invalid row, or the file cannot be written.
        """
        tuples = [r.as_tuple() for r in rows]
        check_samples(tuples)
        if flushed_at is not None and not math.isfinite(flushed_at):
            raise StoreError(f"heartbeat time must be finite unix seconds; got {flushed_at!r}")
        if rows or flushed_at is not None:
            with self._db.write() as conn:
                writes.insert_samples(conn, self._key(conn, run_id), tuples, flushed_at)

    def spool_writer(self, run_id: str) -> SpoolWriter:
        """The producer's cheapest flush: samples, steps and phases appended to the run's
        spool file, moved in by :meth:`ingest_spool`, :meth:`finish_run` and every read
        (:mod:`.spool`); while it is open, append the run's rows through it only.

        Raises:
            StoreError: Unknown run, or the spool file cannot be created.
        """
        rk, path = self._spool_of(run_id)
        with self._db.write() as conn:
            first_n, first_step_n = spool.ingest_and_count(conn, rk, path)
        return SpoolWriter(path, first_n, first_step_n)

    def ingest_spool(self, run_id: str) -> int:
        """Move the new lines of the run's spool file into the store; returns rows added.

        Raises:
            StoreError: Unknown run, a damaged spool line, or an unwritable file.
        """
        rk, path = self._spool_of(run_id)
        with self._db.write() as conn:
            return spool.ingest(conn, rk, path)

    def append_steps(self, run_id: str, rows: Sequence[StepRow]) -> None:
        """Append steps reported by the work, all in one transaction.

        Args:
            run_id: The run's id (or a unique prefix).
            rows: Steps in the order they happened.

        Raises:
            StoreError: Unknown run, invalid row, or the file cannot be written.
        """
        check_steps(rows)
        if not rows:
            return
        with self._db.write() as conn:
            writes.insert_steps(conn, self._key(conn, run_id), rows)

    def put_phase(self, run_id: str, row: PhaseRow) -> None:
        """Insert a phase, or update it when ``(name, start_t)`` is already stored.

        Args:
            run_id: The run's id (or a unique prefix).
            row: The phase; put it again with ``end_t`` and ``energy_j`` when it ends.

        Raises:
            StoreError: Unknown run, invalid row, or the file cannot be written.
        """
        check_phase(row)
        with self._db.write() as conn:
            writes.upsert_phase(conn, self._key(conn, run_id), row)

    def heartbeat(self, run_id: str, t: float) -> None:
        """Record that the producer is alive and flushed at ``t`` (unix seconds).

        Raises:
            StoreError: Unknown run or the file cannot be written.
        """
        if not math.isfinite(t):
            raise StoreError(f"heartbeat time must be finite unix seconds; got {t!r}")
        self._update(run_id, "last_flush_at = ?", (float(t),))

    def update_sensors(self, run_id: str, sensors: Sequence[Mapping[str, Any]]) -> None:
        """Replace the run's sensor list (one JSON-able mapping per sensor).

        Raises:
            StoreError: Unknown run, a value JSON cannot hold, or an unwritable file.
        """
        text = to_json([dict(s) for s in sensors], "sensors")
        self._update(run_id, "sensors = ?", (text,))

    def finish_run(
        self,
        run_id: str,
        *,
        ended_at: float,
        status: str,
        exit_code: int | None = None,
        totals: Mapping[str, Any] | None = None,
        footprint: Mapping[str, Any] | None = None,
    ) -> None:
        """Mark a run finished.

        Args:
            run_id: The run's id (or a unique prefix).
            ended_at: End, unix seconds.
            status: ``"complete"``, ``"incomplete"`` or ``"failed"``.
            exit_code: Exit code of the measured command, when there is one.
            totals: Totals to store (``None`` keeps those stored).
            footprint: The chain's JSON form of the footprint (``None`` keeps the stored).

        Raises:
            StoreError: Unknown run, bad status, or the file cannot be written.
        """
        sets, params = writes.finish_sets(ended_at, status, exit_code, totals, footprint)
        with self._db.write() as conn:  # the spool's last lines and the end: one commit
            rk, full_id = resolve_run_key(conn, run_id, self.path)
            path = spool.spool_path(self.path, full_id)
            spool.ingest(conn, rk, path)
            conn.execute(f"UPDATE runs SET {sets} WHERE rk = ?", (*params, rk))
        spool.remove(path)

    def delete_run(self, run_id: str) -> None:
        """Delete a run and everything recorded during it.

        Raises:
            StoreError: Unknown or ambiguous id, or the file cannot be written.
        """
        with self._db.write() as conn:
            rk, full_id = resolve_run_key(conn, run_id, self.path)
            writes.delete_rows(conn, rk)
        self._keys.pop(full_id, None)
        spool.remove(spool.spool_path(self.path, full_id))

    # -- reading -----------------------------------------------------------------

    def get_run(self, run_id: str) -> RunRecord:
        """The run with this id or unique id prefix.

        Raises:
            StoreError: No run matches (the message lists the nearest ids) or several do.
        """
        with self._reading() as conn:
            rk, _ = resolve_run_key(conn, run_id, self.path)
            row = conn.execute(
                f"SELECT {listing.RUN_COLUMNS} FROM runs WHERE rk = ?", (rk,)
            ).fetchone()
            tags = listing.fetch_tags(conn, [rk])[rk]
        return listing.to_record(row, tags, stale=self._is_stale(row))

    def list_runs(
        self,
        *,
        name: str | None = None,
        since: float | None = None,
        until: float | None = None,
        tag: str | None = None,
        status: str | None = None,
        order_by: str = "started_at",
        descending: bool = True,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[RunRecord]:
        """Runs matching all the given filters, newest first by default.

        Args:
            name: Exact name, or a glob pattern (``"llama-*"``).
            since: Started at or after (unix seconds).
            until: Started before (unix seconds).
            tag: ``"key=value"`` or ``"key"``.
            status: Status as read now (a dead ``"running"`` run is ``"incomplete"``).
            order_by: One of ``listing.ORDER_COLUMNS``.
            descending: Largest first.
            limit: Most runs to return (``None``: all).
            offset: Runs to skip first (for paging).

        Raises:
            StoreError: Unknown status or sort column, or an unreadable file.
        """
        runs_filter = listing.RunFilter(name, since, until, tag, status)
        order = listing.order_clause(order_by, descending)
        if (limit is not None and limit < 0) or offset < 0:
            raise StoreError(f"limit and offset must be >= 0; got {limit} and {offset}")
        with self._reading() as conn:
            stale = self._stale(conn)
            where, params = listing.where_clause(runs_filter, stale)
            rows = conn.execute(
                f"SELECT {listing.RUN_COLUMNS} FROM runs{where}{order} LIMIT ? OFFSET ?",
                (*params, -1 if limit is None else limit, offset),
            ).fetchall()
            tags = listing.fetch_tags(conn, [r[0] for r in rows])
        return [listing.to_record(r, tags[r[0]], stale=r[0] in stale) for r in rows]

    def count_runs(
        self,
        *,
        name: str | None = None,
        since: float | None = None,
        until: float | None = None,
        tag: str | None = None,
        status: str | None = None,
    ) -> int:
        """Number of runs :meth:`list_runs` would return with these filters and no limit."""
        runs_filter = listing.RunFilter(name, since, until, tag, status)
        with self._reading() as conn:
            where, params = listing.where_clause(runs_filter, self._stale(conn))
            return int(conn.execute(f"SELECT COUNT(*) FROM runs{where}", params).fetchone()[0])

    def samples(
        self, run_id: str, *, device: str | None = None, max_points: int | None = None
    ) -> list[SampleRow]:
        """A run's samples, sorted by time.

        Args:
            run_id: The run's id (or a unique prefix).
            device: Only this device's samples.
            max_points: Downsample each device to at most this many rows, keeping each
                time bucket's minimum and maximum and the first and last sample.

        Raises:
            StoreError: Unknown run, ``max_points < 1``, or an unreadable file.
        """
        if max_points is not None and max_points < 1:
            raise StoreError(f"max_points must be at least 1; got {max_points}")
        with self._reading() as conn:
            rk, _ = resolve_run_key(conn, run_id, self.path)
            return reads.read_samples(conn, rk, device=device, max_points=max_points)

    def steps(self, run_id: str) -> list[StepRow]:
        """A run's steps, in the order they were appended.

        Raises:
            StoreError: Unknown run or an unreadable file.
        """
        with self._reading() as conn:
            rk, _ = resolve_run_key(conn, run_id, self.path)
            return reads.read_steps(conn, rk)

    def phases(self, run_id: str) -> list[PhaseRow]:
        """A run's phases, sorted by start time.

        Raises:
            StoreError: Unknown run or an unreadable file.
        """
        with self._reading() as conn:
            rk, _ = resolve_run_key(conn, run_id, self.path)
            return reads.read_phases(conn, rk)

    # -- internals ---------------------------------------------------------------

    def _reading(self) -> AbstractContextManager[sqlite3.Connection]:
        """A read transaction that sees what running producers have spooled so far."""
        spool.catch_up(self._db, self.path)
        return self._db.read()

    def _spool_of(self, run_id: str) -> tuple[int, Path]:
        with self._db.read() as conn:
            rk, full_id = resolve_run_key(conn, run_id, self.path)
        return rk, spool.spool_path(self.path, full_id)

    def _key(self, conn: sqlite3.Connection, run_id: str) -> int:
        """Internal key of a run, cached for the exact ids a producer writes to."""
        rk = self._keys.get(run_id)
        if rk is not None and conn.execute("SELECT 1 FROM runs WHERE rk = ?", (rk,)).fetchone():
            return rk
        rk, full_id = resolve_run_key(conn, run_id, self.path)
        if full_id == run_id:
            self._keys[run_id] = rk
        return rk

    def _update(self, run_id: str, sets: str, params: tuple[Any, ...]) -> None:
        with self._db.write() as conn:
            conn.execute(f"UPDATE runs SET {sets} WHERE rk = ?", (*params, self._key(conn, run_id)))

    def _stale(self, conn: sqlite3.Connection) -> set[int]:
        return listing.stale_keys(conn, now_s=listing.now_s(), stale_after_s=self.stale_after_s)

    def _is_stale(self, row: Sequence[Any]) -> bool:
        return row[4] == "running" and is_stale(
            host=row[8],
            pid=row[9],
            started_at=row[5],
            last_flush_at=row[7],
            now_s=listing.now_s(),
            stale_after_s=self.stale_after_s,
        )
