"""The run store's SQLite schema: versioned DDL and the migrations between versions.

``MIGRATIONS[i]`` takes a file from schema version ``i`` to ``i + 1``; a fresh file runs
them all. Each migration is a list of SQL statements applied in one transaction, so a
file is always at exactly one version. Never edit a released step: add a new one.

History:
    v1: runs, samples (rowid table), steps.
    v2: samples and steps clustered by run (``WITHOUT ROWID``) with an insertion ordinal
        ``n``; steps gain ``phase``; runs gain ``node_key``, ``sample_count`` and
        ``step_count`` (backfilled); new ``phases`` and ``run_tags`` tables.
    v3: runs gain ``spool_bytes``, how much of the run's spool file is in the store
        (:mod:`wattprint.store.spool`).
    v4: new ``requests`` table: requests a measured run served and the energy attributed
        to each (:mod:`wattprint.store.requests`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wattprint.errors import StoreError

_V1 = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE runs (
        rk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at REAL NOT NULL,
        ended_at REAL,
        last_flush_at REAL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        region TEXT,
        facility TEXT,
        command TEXT,
        exit_code INTEGER,
        totals TEXT NOT NULL DEFAULT '{}',
        footprint TEXT,
        sensors TEXT NOT NULL DEFAULT '[]'
    )""",
    "CREATE INDEX runs_started_at ON runs (started_at)",
    "CREATE INDEX runs_name ON runs (name, started_at)",
    """CREATE TABLE samples (
        rk INTEGER NOT NULL,
        t REAL NOT NULL,
        device TEXT NOT NULL,
        power_w REAL,
        energy_j REAL,
        method TEXT NOT NULL
    )""",
    "CREATE INDEX samples_run_device_t ON samples (rk, device, t)",
    """CREATE TABLE steps (
        rk INTEGER NOT NULL,
        t REAL NOT NULL,
        step INTEGER NOT NULL,
        tokens INTEGER,
        samples INTEGER
    )""",
    "CREATE INDEX steps_run_t ON steps (rk, t)",
]

_V1_TO_V2 = [
    # samples: cluster by (run, device, t) so a run's device series is one range read.
    """CREATE TABLE samples_v2 (
        rk INTEGER NOT NULL,
        device TEXT NOT NULL,
        t REAL NOT NULL,
        n INTEGER NOT NULL,
        power_w REAL,
        energy_j REAL,
        method TEXT NOT NULL,
        PRIMARY KEY (rk, device, t, n)
    ) WITHOUT ROWID""",
    """INSERT INTO samples_v2 (rk, device, t, n, power_w, energy_j, method)
        SELECT rk, device, t, ROW_NUMBER() OVER (PARTITION BY rk ORDER BY rowid) - 1,
               power_w, energy_j, method
        FROM samples""",
    "DROP TABLE samples",
    "ALTER TABLE samples_v2 RENAME TO samples",
    # steps: insertion ordinal, phase label.
    """CREATE TABLE steps_v2 (
        rk INTEGER NOT NULL,
        n INTEGER NOT NULL,
        t REAL NOT NULL,
        step INTEGER NOT NULL,
        tokens INTEGER,
        samples INTEGER,
        phase TEXT,
        PRIMARY KEY (rk, n)
    ) WITHOUT ROWID""",
    """INSERT INTO steps_v2 (rk, n, t, step, tokens, samples, phase)
        SELECT rk, ROW_NUMBER() OVER (PARTITION BY rk ORDER BY rowid) - 1,
               t, step, tokens, samples, NULL
        FROM steps""",
    "DROP TABLE steps",
    "ALTER TABLE steps_v2 RENAME TO steps",
    # runs: node key and row counters (kept in step with appends, so listing is cheap).
    "ALTER TABLE runs ADD COLUMN node_key TEXT",
    "ALTER TABLE runs ADD COLUMN sample_count INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE runs ADD COLUMN step_count INTEGER NOT NULL DEFAULT 0",
    "UPDATE runs SET sample_count = (SELECT COUNT(*) FROM samples WHERE samples.rk = runs.rk)",
    "UPDATE runs SET step_count = (SELECT COUNT(*) FROM steps WHERE steps.rk = runs.rk)",
    # Only running runs are checked for staleness; a partial index finds them at once
    # and never tempts the planner away from the started_at index for other statuses.
    "CREATE INDEX runs_running ON runs (rk) WHERE status = 'running'",
    """CREATE TABLE phases (
        rk INTEGER NOT NULL,
        name TEXT NOT NULL,
        start_t REAL NOT NULL,
        end_t REAL,
        energy_j REAL,
        PRIMARY KEY (rk, name, start_t)
    ) WITHOUT ROWID""",
    """CREATE TABLE run_tags (
        rk INTEGER NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (rk, key)
    ) WITHOUT ROWID""",
    "CREATE INDEX run_tags_key_value ON run_tags (key, value)",
]

_V2_TO_V3 = ["ALTER TABLE runs ADD COLUMN spool_bytes INTEGER NOT NULL DEFAULT 0"]

_V3_TO_V4 = [
    """CREATE TABLE requests (
        rk INTEGER NOT NULL,
        n INTEGER NOT NULL,
        start_t REAL NOT NULL,
        duration_s REAL NOT NULL,
        tokens_in INTEGER NOT NULL,
        tokens_out INTEGER NOT NULL,
        energy_j REAL NOT NULL,
        PRIMARY KEY (rk, n)
    ) WITHOUT ROWID"""
]

MIGRATIONS: list[list[str]] = [_V1, _V1_TO_V2, _V2_TO_V3, _V3_TO_V4]
SCHEMA_VERSION = len(MIGRATIONS)
"""Schema version this code writes; files at a lower version are migrated on open."""

_APPLICATION_TABLES = ("runs", "samples", "steps")


def read_version(conn: sqlite3.Connection, path: Path) -> int:
    """Return the schema version of an open file (0 for an empty file).

    Raises:
        StoreError: The file holds tables but is not a wattprint run store.
    """
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "meta" not in tables:
        if tables:
            raise StoreError(
                f"{path} is an SQLite file but not a wattprint run store "
                f"(it has tables {', '.join(sorted(tables)[:5])} and no 'meta' table); "
                "point --db or WATTPRINT_DB at another file"
            )
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        raise StoreError(f"{path}: the 'meta' table has no schema_version; the file is damaged")
    try:
        return int(row[0])
    except ValueError:
        raise StoreError(f"{path}: schema_version {row[0]!r} is not a number") from None


def migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Bring the file up to :data:`SCHEMA_VERSION` in one write transaction.

    Safe when several processes open a fresh file at once: the version is read again
    inside the write lock, so each step runs exactly once.

    Args:
        conn: Connection in autocommit mode (``isolation_level=None``).
        path: The file's path, for messages.

    Returns:
        The version the file had before.

    Raises:
        StoreError: The file is newer than this code, or not a run store.
    """
    if _check_version(conn, path) == SCHEMA_VERSION:
        return SCHEMA_VERSION
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = _check_version(conn, path)
        for statement in (s for step in MIGRATIONS[before:] for s in step):
            conn.execute(statement)
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return before


def _check_version(conn: sqlite3.Connection, path: Path) -> int:
    version = read_version(conn, path)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} has run-store schema version {version}, but this wattprint knows "
            f"versions up to {SCHEMA_VERSION}; upgrade wattprint (pip install -U wattprint) "
            "or point --db / WATTPRINT_DB at another file"
        )
    return version
