"""The spool: a running run's samples, appended to a plain file every few seconds.

A tracker flushes every 5 s for hours, and each flush wakes a thread whose caches have
gone cold; there one SQLite commit costs about 0.2 ms of CPU, twice everything else the
flush does. So a producer appends its samples to a spool file instead (one ``write``,
about 0.03 ms) and the rows move into the SQLite file later, in one transaction each
time (:func:`ingest`): every minute from the producer, at the end of the run, and
whenever a reader opens the store while the run is still ``running``, so a reader never
sees less than what reached the spool. A ``kill -9`` loses nothing that was written: the
file is in the kernel's page cache, like SQLite's own WAL.

Each line is one sample: ``n, t, device, power_w, energy_j, method``, tab-separated, with
Python literals (``repr``) for exact floats and quoted strings; ``n`` is the producer's
ordinal, and the samples' primary key includes it, so ingesting a line twice keeps one
row. Only whole lines are read (a line cut by a crash is left for nobody); a damaged
line is skipped with a warning, so it never keeps the run from finishing. How far the
store has read is kept in ``runs.spool_bytes``; the file is removed when the run
finishes or is deleted.
"""

from __future__ import annotations

import ast
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from wattprint.errors import StoreError
from wattprint.store.dialect import Sql, Transactions
from wattprint.store.records import SampleTuple
from wattprint.store.validate import check_samples

logger = logging.getLogger(__name__)

_INSERT = (
    "INSERT OR IGNORE INTO samples (rk, device, t, n, power_w, energy_j, method) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def spool_dir(db_path: Path) -> Path:
    """The folder of a store's spool files: ``runs.db`` -> ``runs.db-spool``."""
    return db_path.with_name(db_path.name + "-spool")


def spool_path(db_path: Path, run_id: str) -> Path:
    """The spool file of one run."""
    return spool_dir(db_path) / run_id


class SpoolWriter:
    """Appends one run's samples to its spool file (the producer's side)."""

    def __init__(self, path: Path, first_n: int = 0) -> None:
        """Create (or reopen) the spool file at ``path``; number rows from ``first_n``.

        Raises:
            StoreError: The folder or file cannot be created.
        """
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fd: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot create the spool file {path}: {exc.strerror}") from exc
        self._n = first_n

    def append(self, rows: Sequence[SampleTuple]) -> None:
        """Append ``rows`` ``(t, device, power_w, energy_j, method)`` in one write.

        Raises:
            StoreError: An invalid row (nothing is written) or the write failed.
        """
        if not rows:
            return
        check_samples(rows)
        n = self._n
        line = "{}\t{!r}\t{!r}\t{!r}\t{!r}\t{!r}\n".format
        text = "".join([line(i, *row) for i, row in enumerate(rows, n)])
        if self._fd is None:
            raise StoreError(f"the spool file {self.path} is closed")
        try:
            os.write(self._fd, text.encode())
        except OSError as exc:
            raise StoreError(f"cannot append to the spool file {self.path}: {exc}") from exc
        self._n = n + len(rows)

    def close(self) -> None:
        """Close the file (it stays until the run finishes or is deleted)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


def remove(path: Path) -> None:
    """Delete a spool file whose rows are in the store (or whose run is gone).

    A file that cannot be deleted (open elsewhere on Windows) is harmless: only running
    runs' spools are read, so it is left, never an error.
    """
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        logger.debug("cannot remove the spool file %s: %s", path, exc)


def catch_up(db: Transactions, db_path: Path) -> None:
    """Ingest the new lines of every running run's spool, so a read sees them.

    Cheap when nothing is new (a query on the running runs and a ``stat`` each). Where
    the store cannot be written (a read-only file), reads go on with what is stored.
    """
    folder = spool_dir(db_path)
    if not folder.is_dir():
        return
    with db.read() as conn:
        running = conn.execute(
            "SELECT rk, id, spool_bytes FROM runs WHERE status = 'running'"
        ).fetchall()
    for rk, run_id, done in running:
        path = folder / run_id
        try:
            size = path.stat().st_size
        except OSError:
            continue
        if size > done:
            try:
                with db.write() as conn:
                    ingest(conn, rk, path)
            except StoreError as exc:
                logger.debug("cannot move the spool %s into the run store: %s", path, exc)


def ingest(conn: Sql, rk: int, path: Path) -> int:
    """Move the spool's new whole lines into run ``rk``; returns how many rows were added.

    Call inside a write transaction: the run's ``spool_bytes`` is read and advanced in
    it, so two processes ingesting at once add each line once. ``last_flush_at`` becomes
    the spool's modification time when that is later (the producer's heartbeat).
    """
    row = conn.execute("SELECT spool_bytes FROM runs WHERE rk = ?", (rk,)).fetchone()
    if row is None:
        return 0
    offset = int(row[0])
    try:
        with open(path, "rb") as f:
            mtime = os.fstat(f.fileno()).st_mtime
            f.seek(offset)
            data = f.read()
    except (FileNotFoundError, NotADirectoryError):
        return 0
    except OSError as exc:
        raise StoreError(f"cannot read the spool file {path}: {exc.strerror}") from exc
    end = data.rfind(b"\n") + 1
    if end == 0:
        return 0
    lines = data[:end].decode(errors="replace").splitlines()
    rows = [row for row in (_parse_or_skip(line, path) for line in lines) if row is not None]
    cur = conn.executemany(_INSERT, [(rk, d, t, n, p, e, m) for n, t, d, p, e, m in rows])
    added = max(cur.rowcount, 0)
    conn.execute(
        "UPDATE runs SET spool_bytes = ?, sample_count = sample_count + ?, "
        "last_flush_at = max(coalesce(last_flush_at, 0), ?) WHERE rk = ?",
        (offset + end, added, mtime, rk),
    )
    return added


def ingest_and_count(conn: Sql, rk: int, path: Path) -> int:
    """:func:`ingest` what a spool holds already; return the run's sample count, where a
    new writer's numbering starts (so it never reuses an ordinal)."""
    ingest(conn, rk, path)
    row = conn.execute("SELECT sample_count FROM runs WHERE rk = ?", (rk,)).fetchone()
    return int(row[0]) if row else 0


def _parse_or_skip(
    line: str, path: Path
) -> tuple[int, float, str, float | None, float | None, str] | None:
    """A line's row, or None for a damaged line (logged): it never loses the run's end."""
    try:
        return _parse(line, path)
    except StoreError as exc:
        logger.warning("wattprint: %s; the line is skipped", exc)
        return None


def _parse(line: str, path: Path) -> tuple[int, float, str, float | None, float | None, str]:
    try:
        n, t, device, power, energy, method = line.split("\t")
        return (
            int(n),
            float(t),
            _text(device),
            None if power == "None" else float(power),
            None if energy == "None" else float(energy),
            _text(method),
        )
    except (ValueError, SyntaxError) as exc:
        raise StoreError(
            f"{path}: a spool line is damaged ({line[:80]!r}: {exc}); move the file aside "
            "to read the run without its unstored tail"
        ) from exc


def _text(literal: str) -> str:
    if len(literal) >= 2 and literal[0] == literal[-1] == "'" and "\\" not in literal:
        return literal[1:-1]  # the common case, without the parser
    value = ast.literal_eval(literal)
    if not isinstance(value, str):
        raise ValueError(f"expected a quoted string, got {literal!r}")
    return value
