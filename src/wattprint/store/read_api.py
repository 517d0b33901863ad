"""Reading runs back: one run, a filtered and sorted page of runs, a run's rows.

Every read first moves in what running producers have spooled (:mod:`.spool`), so every
face sees every flushed sample. Filters and sort orders live in :mod:`.listing`.
"""

from __future__ import annotations

import wattprint.store.listing as listing
import wattprint.store.reads as reads
from wattprint.errors import StoreError
from wattprint.store.handle import StoreHandle
from wattprint.store.ids import resolve_run_key
from wattprint.store.listing import RunFilter
from wattprint.store.records import PhaseRow, RunRecord, SampleRow, StepRow


class ReadApi(StoreHandle):
    """The reading half of :class:`~wattprint.store.RunStore`."""

    def get_run(self, run_id: str) -> RunRecord:
        """The run with this id or unique id prefix.

        Raises:
            StoreError: No run matches (the message lists the nearest ids) or several do.
        """
        with self._reading() as conn:
            rk, _ = resolve_run_key(conn, run_id, self.location)
            row = conn.execute(
                f"SELECT {listing.RUN_COLUMNS} FROM runs WHERE rk = ?", (rk,)
            ).fetchone()
            tags = listing.fetch_tags(conn, [rk])[rk]
        return listing.to_record(row, tags, stale=self._is_stale(row))

    def list_runs(
        self,
        runs_filter: RunFilter | None = None,
        *,
        order_by: str = "started_at",
        descending: bool = True,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[RunRecord]:
        """Runs matching the filter, newest first by default.

        Args:
            runs_filter: Which runs (name or glob, since, until, tag, status); None: all.
            order_by: One of ``listing.ORDER_COLUMNS``.
            descending: Largest first.
            limit: Most runs to return (``None``: all).
            offset: Runs to skip first (for paging).

        Example:
            >>> store.list_runs(RunFilter(name="llama-*", status="complete"))  # doctest: +SKIP

        Raises:
            StoreError: Unknown sort column, bad paging, or an unreadable file.
        """
        runs_filter = runs_filter or RunFilter()
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

    def count_runs(self, runs_filter: RunFilter | None = None) -> int:
        """Number of runs :meth:`list_runs` would return with this filter and no limit."""
        with self._reading() as conn:
            where, params = listing.where_clause(runs_filter or RunFilter(), self._stale(conn))
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
            rk, _ = resolve_run_key(conn, run_id, self.location)
            return reads.read_samples(conn, rk, device=device, max_points=max_points)

    def steps(self, run_id: str) -> list[StepRow]:
        """A run's steps, in the order they were appended.

        Raises:
            StoreError: Unknown run or an unreadable file.
        """
        with self._reading() as conn:
            rk, _ = resolve_run_key(conn, run_id, self.location)
            return reads.read_steps(conn, rk)

    def phases(self, run_id: str) -> list[PhaseRow]:
        """A run's phases, sorted by start time.

        Raises:
            StoreError: Unknown run or an unreadable file.
        """
        with self._reading() as conn:
            rk, _ = resolve_run_key(conn, run_id, self.location)
            return reads.read_phases(conn, rk)
