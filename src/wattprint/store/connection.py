"""Opening the SQLite file: pragmas, migration, locking and error translation.

One connection per store object, shared by threads under a lock (the tracker flushes
from a background thread). A process that forked after opening gets a fresh connection
of its own, because an SQLite handle must not cross a fork.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

import wattprint.store.readonly as readonly
from wattprint import settings
from wattprint.errors import StoreError
from wattprint.store.schema import migrate

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 10.0
"""How long a writer waits for another process's write lock before giving up."""

MIN_SQLITE = (3, 25, 0)
"""Oldest SQLite with what the schema uses: upserts (3.24) and window functions (3.25)."""


def default_db_path() -> Path:
    """Where runs are stored when no path is given.

    Returns:
        ``$WATTPRINT_DB`` when set, else ``runs.db`` in the user data directory
        (``platformdirs.user_data_dir("wattprint")``).
    """
    env = settings.DB.read_text(os.environ)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("wattprint")) / "runs.db"


def default_location() -> str | Path:
    """The store used when none is given: ``$WATTPRINT_DB`` as written (a path or a
    ``postgresql://`` URL), else :func:`default_db_path`."""
    return settings.DB.read_text(os.environ) or default_db_path()


class Connection:
    """A lock-guarded, fork-aware SQLite connection to one run-store file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._pid = os.getpid()
        self._inherited: list[sqlite3.Connection] = []
        self.read_only = readonly.is_read_only(path)
        self._conn: sqlite3.Connection | None = self._open()

    def _open(self) -> sqlite3.Connection:
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise StoreError(
                f"the run store needs SQLite {'.'.join(map(str, MIN_SQLITE))} or newer; this "
                f"Python has {sqlite3.sqlite_version}; use a newer Python build"
            )
        if self.read_only:
            return readonly.open_read_only(self.path, BUSY_TIMEOUT_S)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder for the run store {self.path}: {exc.strerror}; "
                "point --db or WATTPRINT_DB at a writable place"
            ) from exc
        with self.translate("open"):
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            try:
                self._configure(conn)
            except BaseException:
                conn.close()
                raise
        return conn

    def _configure(self, conn: sqlite3.Connection) -> None:
        """Pragmas and migration, retried while another process is setting up the file.

        Switching a new file to WAL (or recovering a WAL index) can answer "database is
        locked" at once, without waiting on the busy timeout; so wait here instead.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        pause_s = 0.005
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                conn.execute("PRAGMA synchronous=NORMAL")
                migrate(conn, self.path)
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(pause_s)
            pause_s = min(pause_s * 2, 0.2)
        if str(mode).lower() != "wal":
            logger.warning("run store %s stays in %s journal mode, not WAL", self.path, mode)

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Run the body as one read transaction: all its queries see one snapshot."""
        with self._lock, self.translate("read"):
            conn = self._current()
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Run the body as one write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``)."""
        if self.read_only:
            raise readonly.refuse_write(self.path)
        with self._lock, self.translate("write"):
            conn = self._current()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        """Close the connection; later use raises StoreError."""
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    def _current(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the run store {self.path} is closed; open a new RunStore")
        if self._pid != os.getpid():
            # Forked: never use, close or garbage-collect the parent's handle here.
            self._inherited.append(self._conn)
            self._pid = os.getpid()
            self._conn = self._open()
        return self._conn

    @contextmanager
    def translate(self, action: str) -> Iterator[None]:
        """Turn sqlite3 errors into StoreError naming the file and what to try."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                hint = (
                    f"another process held the write lock for over {BUSY_TIMEOUT_S:g} s; try again"
                )
            else:
                hint = "check the file's permissions and free disk space"
            raise StoreError(f"cannot {action} the run store {self.path}: {text}; {hint}") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot {action} the run store {self.path}: {exc} (is it a wattprint "
                "run store? a damaged file can be moved aside; a new one is made on next use)"
            ) from exc
