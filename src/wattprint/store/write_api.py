"""Writing runs: what producers call, from ``create_run`` to ``finish_run``.

Every append is one WAL transaction (or a spool line, which reads move in first), so a
producer killed mid-run leaves every flushed row. The SQL lives in :mod:`.writes`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import wattprint.store.spool as spool
import wattprint.store.writes as writes
from wattprint.errors import StoreError
from wattprint.store.handle import StoreHandle
from wattprint.store.ids import resolve_run_key
from wattprint.store.records import RUN_KINDS, PhaseRow, RunInfo, SampleRow, StepRow
from wattprint.store.spool import SpoolWriter
from wattprint.store.validate import check_info, check_phase, check_samples, check_steps, to_json


class WriteApi(StoreHandle):
    """The writing half of :class:`~wattprint.store.RunStore`."""

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
            return writes.insert_run(conn, info, self.location)

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
            rk, full_id = resolve_run_key(conn, run_id, self.location)
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
            rk, full_id = resolve_run_key(conn, run_id, self.location)
            writes.delete_rows(conn, rk)
        self._keys.pop(full_id, None)
        spool.remove(spool.spool_path(self.path, full_id))
