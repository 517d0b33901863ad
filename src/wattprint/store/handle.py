"""The open run-store file under a :class:`~wattprint.store.RunStore`: its connection,
the cache of run keys, the catch-up of spooled samples before a read, and liveness.

:mod:`.write_api` and :mod:`.read_api` build the store's two halves on it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import wattprint.store.listing as listing
import wattprint.store.spool as spool
from wattprint.store.connection import Connection, default_location
from wattprint.store.dialect import Sql
from wattprint.store.ids import resolve_run_key
from wattprint.store.liveness import SERVER_STALE_AFTER_S, STALE_AFTER_S, is_stale
from wattprint.store.location import ServerUrl, parse_location
from wattprint.store.pg_connection import PgConnection


class StoreHandle:
    """One run store (an SQLite file or a PostgreSQL database), opened; shared by the
    write and read halves.

    Attributes:
        location: What was opened, for messages: the file's path, or the server's URL
            without its password.
        path: The local file: the SQLite file itself; for a server store, the stand-in
            in the user cache dir beside which this node's spool files wait
            (:meth:`~.location.ServerUrl.spool_base`).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        stale_after_s: float | None = None,
        pool_size: int = 0,
    ) -> None:
        """Open (creating or migrating as needed) the store at ``path``.

        Args:
            path: SQLite file or ``postgresql://`` URL; ``None`` means
                :func:`~.connection.default_location`.
            stale_after_s: Flush age after which a ``"running"`` run whose process is
                gone reads as ``"incomplete"``; None: ``STALE_AFTER_S`` (20 s) for a
                file, ``SERVER_STALE_AFTER_S`` (150 s) for a server, where heartbeats
                arrive with each shipment of the spool (every 60 s).
            pool_size: For a server store read by many threads at once (the dashboard),
                a pool of up to this many connections; 0 keeps one. SQLite ignores it.

        Raises:
            StoreError: The file or server cannot be opened, is not a run store, or was
                written by a newer wattprint; a URL of another scheme than PostgreSQL's.
            MissingExtraError: A PostgreSQL URL without ``wattprint[postgres]`` installed.
        """
        where = parse_location(path if path is not None else default_location())
        self._db: Connection | PgConnection
        if isinstance(where, ServerUrl):
            self.location = where.shown
            self.path = where.spool_base()
            self._db = PgConnection(where, pool_size)
            default_stale_s = SERVER_STALE_AFTER_S
        else:
            self.location = str(where)
            self.path = where
            self._db = Connection(where)
            default_stale_s = STALE_AFTER_S
        self.stale_after_s = float(default_stale_s if stale_after_s is None else stale_after_s)
        self._keys: dict[str, int] = {}

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        self._db.close()

    def _reading(self) -> AbstractContextManager[Sql]:
        """A read transaction that sees what running producers have spooled so far."""
        spool.catch_up(self._db, self.path)
        return self._db.read()

    def _spool_of(self, run_id: str) -> tuple[int, Path]:
        with self._db.read() as conn:
            rk, full_id = resolve_run_key(conn, run_id, self.location)
        return rk, spool.spool_path(self.path, full_id)

    def _key(self, conn: Sql, run_id: str) -> int:
        """Internal key of a run, cached for the exact ids a producer writes to."""
        rk = self._keys.get(run_id)
        if rk is not None and conn.execute("SELECT 1 FROM runs WHERE rk = ?", (rk,)).fetchone():
            return rk
        rk, full_id = resolve_run_key(conn, run_id, self.location)
        if full_id == run_id:
            self._keys[run_id] = rk
        return rk

    def _update(self, run_id: str, sets: str, params: tuple[Any, ...]) -> None:
        with self._db.write() as conn:
            conn.execute(f"UPDATE runs SET {sets} WHERE rk = ?", (*params, self._key(conn, run_id)))

    def _stale(self, conn: Sql) -> set[int]:
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
