"""Reading a run store that cannot be written: a read-only mount, or no write permission.

Readers (``wattprint runs list``, ``show``, the dashboard) must work on such a store; a
write must fail with a message that says why. SQLite can read a WAL file read-only when
its shared-memory index exists or can be made; where neither holds (a read-only folder
without ``runs.db-shm``) the file is opened as immutable, which is right for a read-only
copy and only a risk if another process writes it at the same time.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from wattprint.errors import StoreError
from wattprint.store.schema import SCHEMA_VERSION, read_version


def is_read_only(path: Path) -> bool:
    """Whether an existing store file (or its folder, for the WAL files) is not writable."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def open_read_only(path: Path, timeout_s: float) -> sqlite3.Connection:
    """Open ``path`` for reading only (see the module docstring).

    Raises:
        StoreError: The file cannot be read, is not a run store, or needs a migration
            (which would have to write).
    """
    uri = path.resolve().as_uri()
    last: Exception | None = None
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        conn = sqlite3.connect(
            uri + query, uri=True, timeout=timeout_s, isolation_level=None, check_same_thread=False
        )
        try:
            version = read_version(conn, path)
        except sqlite3.Error as exc:
            conn.close()
            last = exc
            continue
        except BaseException:
            conn.close()
            raise
        if version != SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"the run store {path} is read-only and has schema version {version}, not "
                f"{SCHEMA_VERSION}; open it once with write access (or a copy) to upgrade it"
            )
        return conn
    raise StoreError(f"cannot read the run store {path} (read-only): {last}")


def refuse_write(path: Path) -> StoreError:
    """The error a write to a read-only store raises."""
    return StoreError(
        f"the run store {path} is read-only (no write permission, or a read-only file "
        "system): it can be listed and shown but not written; copy it somewhere writable "
        "or point --db / WATTPRINT_DB at another file"
    )
