"""The open run-store file under a :class:`~wattprint.store.RunStore`: its connection,
the cache of run keys, the catch-up of spooled samples before a read, and liveness.

:mod:`.write_api` and :mod:`.read_api` build the store's two halves on it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import wattprint.store.listing as listing
import wattprint.store.spool as spool
from wattprint.store.connection import Connection, default_db_path
from wattprint.store.ids import resolve_run_key
from wattprint.store.liveness import STALE_AFTER_S, is_stale


class StoreHandle:
    """One SQLite run-store file, opened; shared by the write and read halves."""

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

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        self._db.close()

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
