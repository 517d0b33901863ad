"""The run store's file format: migration from v1, newer files, damaged and foreign files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wattprint.errors import StoreError
from wattprint.store import SCHEMA_VERSION, PhaseRow, RunFilter, RunStore, SampleRow, StepRow

# The v1 schema exactly as wattprint 0.1 wrote it (kept here by hand, not imported, so a
# change to the code's migration list cannot quietly change what this test checks).
V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs (
    rk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
    status TEXT NOT NULL, started_at REAL NOT NULL, ended_at REAL, last_flush_at REAL,
    host TEXT NOT NULL, pid INTEGER NOT NULL, region TEXT, facility TEXT, command TEXT,
    exit_code INTEGER, totals TEXT NOT NULL DEFAULT '{}', footprint TEXT,
    sensors TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX runs_started_at ON runs (started_at);
CREATE INDEX runs_name ON runs (name, started_at);
CREATE TABLE samples (
    rk INTEGER NOT NULL, t REAL NOT NULL, device TEXT NOT NULL, power_w REAL, energy_j REAL,
    method TEXT NOT NULL
);
CREATE INDEX samples_run_device_t ON samples (rk, device, t);
CREATE TABLE steps (
    rk INTEGER NOT NULL, t REAL NOT NULL, step INTEGER NOT NULL, tokens INTEGER, samples INTEGER
);
CREATE INDEX steps_run_t ON steps (rk, t);
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO runs (rk, id, name, kind, status, started_at, ended_at, last_flush_at, host, pid,
                  command, totals, footprint, sensors)
VALUES (1, '65e1c340aaaaaa', 'old-run', 'measurement', 'complete', 1709294400.0,
        1709294460.0, 1709294460.0, 'node1', 42, '["python", "train.py"]',
        '{"energy_j": 1000.0}', NULL, '[{"name": "gpu0", "method": "counter"}]'),
       (2, '65e1c400bbbbbb', 'second', 'estimate', 'complete', 1709294592.0,
        1709294592.0, NULL, 'node1', 43, NULL, '{}', '{"kind": "estimate"}', '[]');
INSERT INTO samples VALUES
    (1, 1709294401.0, 'gpu0', 300.0, 300.0, 'counter'),
    (1, 1709294400.0, 'cpu-package0', NULL, 10.0, 'counter'),
    (1, 1709294402.0, 'gpu0', 310.0, 610.0, 'counter'),
    (2, 1709294592.0, 'gpu0', 1.0, 1.0, 'model');
INSERT INTO steps VALUES (1, 1709294401.0, 1, 512, 4), (1, 1709294402.0, 2, 512, 4);
"""


def write_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.commit()
    conn.close()


def test_v1_file_is_migrated_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    write_v1(path)
    with RunStore(path) as store:
        old = store.get_run("65e1c340")
        assert (old.name, old.status, old.totals) == ("old-run", "complete", {"energy_j": 1000.0})
        assert (old.sample_count, old.step_count, old.tags, old.node_key) == (3, 2, {}, None)
        assert old.command == ["python", "train.py"]
        assert store.samples(old.id) == [
            SampleRow(1709294400.0, "cpu-package0", None, 10.0, "counter"),
            SampleRow(1709294401.0, "gpu0", 300.0, 300.0, "counter"),
            SampleRow(1709294402.0, "gpu0", 310.0, 610.0, "counter"),
        ]
        assert store.steps(old.id) == [
            StepRow(1709294401.0, 1, 512, 4, None),
            StepRow(1709294402.0, 2, 512, 4, None),
        ]
        assert store.get_run("65e1c400").footprint == {"kind": "estimate"}
        assert store.get_run("65e1c400").sample_count == 1
        # v2 features work on the migrated file, and new rows follow the old ones.
        store.append_samples(old.id, [SampleRow(1709294402.0, "gpu0", 1.0, 611.0, "counter")])
        store.put_phase(old.id, PhaseRow("train", 1709294400.0, None, None))
        assert store.samples(old.id, device="gpu0")[-1].power_w == 1.0
        assert store.get_run(old.id).sample_count == 4
        assert store.list_runs(RunFilter(tag="team")) == []
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta").fetchone() == (str(SCHEMA_VERSION),)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"phases", "run_tags", "samples", "steps"} <= tables
    assert "samples_v2" not in tables
    conn.close()


def test_migration_is_done_once(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    write_v1(path)
    RunStore(path).close()
    with RunStore(path) as store:
        assert store.get_run("65e1c340").sample_count == 3


def test_newer_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    RunStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as caught:
        RunStore(path)
    text = str(caught.value)
    assert f"{path} has run-store schema version 99" in text
    assert f"knows versions up to {SCHEMA_VERSION}" in text
    assert "upgrade wattprint" in text


def test_file_that_is_not_sqlite_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match=f"cannot open the run store {path}: file is not a data"):
        RunStore(path)


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"not a wattprint run store \(it has tables customers"):
        RunStore(path)


def test_damaged_meta_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    RunStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="has no schema_version; the file is damaged"):
        RunStore(path)


def test_unwritable_location_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the folder for the run store"):
        RunStore(blocker / "sub" / "runs.db")
