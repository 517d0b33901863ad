"""Opening a PostgreSQL run store: psycopg 3, migration, the write lock, reconnection.

Same face as :class:`~wattprint.store.connection.Connection` (``read()`` / ``write()``
transactions yielding a :class:`~wattprint.store.dialect.Sql`), so the store's SQL runs
unchanged. A write transaction takes one advisory lock first: writers queue as they do
on SQLite's write lock (each holds it for one short transaction), so read-then-update
sequences such as a run's row counters stay exact with many nodes writing. A connection
the server dropped (a restart, a network blip) is replaced on next use; the failed call
raises :class:`StoreError`, and a tracker's spool keeps its samples until then.

A tracker keeps one connection. A process serving many readers at once (the dashboard)
asks for a pool (``pool_size``): each transaction then borrows a connection from a
``psycopg_pool.ConnectionPool``, checked before use, so readers do not queue on one socket.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from wattprint.errors import StoreError, require_extra
from wattprint.store.dialect import Cursor, Sql, to_postgres
from wattprint.store.location import ServerUrl
from wattprint.store.pg_schema import migrate_pg

WRITE_LOCK = 0x77617475
"""The advisory lock every write transaction holds ("watu")."""
CONNECT_TIMEOUT_S = 10


class _PgSql:
    """A psycopg connection speaking the store's SQLite-spelled SQL."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        cursor: Cursor = self._conn.execute(to_postgres(sql), parameters)
        return cursor

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor:
        cursor = self._conn.cursor()
        cursor.executemany(to_postgres(sql), list(parameters))
        result: Cursor = cursor
        return result


class PgConnection:
    """A lock-guarded, fork-aware, reconnecting connection to one PostgreSQL run store."""

    read_only = False

    def __init__(self, server: ServerUrl, pool_size: int = 0) -> None:
        require_extra(
            "postgres", "psycopg", "psycopg_pool", what=f"the PostgreSQL run store {server.shown}"
        )
        self.server = server
        self._lock = threading.RLock()
        self._pid = os.getpid()
        self._conn: Any = None
        self._closed = False
        self.pool_size = pool_size
        self._pool: Any = None
        with self._lock:
            self._current()  # connects and migrates once, before any pool exists

    def _open(self) -> Any:
        import psycopg

        with self.translate("open"):
            conn = psycopg.connect(
                self.server.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
            )
            try:
                migrate_pg(conn, self.server.shown)
            except BaseException:
                conn.close()
                raise
        return conn

    @contextmanager
    def _borrowed(self) -> Iterator[Any]:
        """A connection for one transaction: the pool's, else the one kept (locked)."""
        if not self.pool_size:
            with self._lock:
                yield self._current()
            return
        with self._lock:
            pool = self._current_pool()
        with pool.connection() as conn:
            yield conn

    def _current_pool(self) -> Any:
        from psycopg_pool import ConnectionPool

        if self._pool is None or self._pid != os.getpid():
            self._current()  # fork and closed checks; the kept connection migrated already
            self._pool = ConnectionPool(
                self.server.url, min_size=1, max_size=self.pool_size, open=True,
                kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S},
                check=ConnectionPool.check_connection, timeout=CONNECT_TIMEOUT_S,
            )  # fmt: skip
        return self._pool

    @contextmanager
    def read(self) -> Iterator[Sql]:
        """Run the body as one read transaction seeing one snapshot (repeatable read)."""
        with self.translate("read"), self._borrowed() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield _PgSql(conn)

    @contextmanager
    def write(self) -> Iterator[Sql]:
        """Run the body as one write transaction, holding the store's write lock."""
        with self.translate("write"), self._borrowed() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield _PgSql(conn)

    def close(self) -> None:
        """Close the connection; later use raises StoreError."""
        with self._lock:
            if self._pid == os.getpid():
                if self._pool is not None:
                    self._pool.close()
                if self._conn is not None:
                    self._conn.close()
            self._pool = self._conn = None
            self._closed = True

    def _current(self) -> Any:
        if self._closed:
            raise StoreError(f"the run store {self.server.shown} is closed; open a new RunStore")
        if self._pid != os.getpid():  # forked: the parent's sockets are not ours to use
            self._pid = os.getpid()
            self._conn = self._pool = None
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = self._open()
        return self._conn

    @contextmanager
    def translate(self, action: str) -> Iterator[None]:
        """Turn psycopg errors into StoreError naming the server and what to try."""
        import psycopg

        try:
            yield
        except psycopg.OperationalError as exc:
            raise StoreError(
                f"cannot {action} the run store {self.server.shown}: "
                f"{str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}; is the "
                "server running and reachable? (samples wait in the local spool meanwhile)"
            ) from exc
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot {action} the run store {self.server.shown}: {str(exc).strip()}"
            ) from exc
