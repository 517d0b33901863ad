"""The spool: a running run's samples, steps and phases, appended to a plain file.

A tracker flushes every 5 s for hours, and each flush wakes a thread whose caches have
gone cold; there one SQLite commit costs about 0.2 ms of CPU, twice everything else the
flush does. So a producer appends its samples to a spool file instead (one ``write``,
about 0.03 ms) and the rows move into the SQLite file later, in one transaction each
time (:func:`ingest`): every minute from the producer, at the end of the run, and
whenever a reader opens the store while the run is still ``running``, so a reader never
sees less than what reached the spool. A ``kill -9`` loses nothing that was written: the
file is in the kernel's page cache, like SQLite's own WAL.

Each line is one row, tab-separated, with Python literals (``repr``) for exact floats and
quoted strings:

- a sample: ``n, t, device, power_w, energy_j, method``;
- a step: ``s, n, t, step, tokens, samples, phase`` (issue 19: steps stream here too, so
  a flush with steps is still one ``write``, not an SQLite commit);
- a closed phase: ``p, name, start_t, end_t, energy_j``.

``n`` is the producer's ordinal of samples (of steps), and the samples' (steps') primary
key includes it, so ingesting a line twice keeps one row; a phase is an upsert on its
name and start. Only whole lines are read (a line cut by a crash is left for nobody).
A damaged line is skipped with a warning, so it never keeps the run from
finishing. How far the store has read is kept in ``runs.spool_bytes``; the file is removed when the
run finishes or is deleted.
"""

from __future__ import annotations

import ast
import logging
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wattprint.errors import StoreError
from wattprint.store.dialect import Sql, Transactions
from wattprint.store.records import SampleTuple
from wattprint.store.validate import check_samples

StepTuple = tuple[float, int, "int | None", "int | None", "str | None"]
"""A step as ``(t, step, tokens, samples, phase)`` (a :class:`StepRow`'s fields)."""

PhaseTuple = tuple[str, float, "float | None", "float | None"]
"""A phase as ``(name, start_t, end_t, energy_j)`` (a :class:`PhaseRow`'s fields)."""

logger = logging.getLogger(__name__)

_INSERT = (
    "INSERT OR IGNORE INTO samples (rk, device, t, n, power_w, energy_j, method) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_STEP = (
    "INSERT OR IGNORE INTO steps (rk, n, t, step, tokens, samples, phase) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT_PHASE = (
    "INSERT INTO phases (rk, name, start_t, end_t, energy_j) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (rk, name, start_t) "
    "DO UPDATE SET end_t = excluded.end_t, energy_j = excluded.energy_j"
)


def spool_dir(db_path: Path) -> Path:
    """The folder of a store's spool files: ``runs.db`` -> ``runs.db-spool``."""
    return db_path.with_name(db_path.name + "-spool")


def spool_path(db_path: Path, run_id: str) -> Path:
    """The spool file of one run."""
    return spool_dir(db_path) / run_id


class SpoolWriter:
    """Appends one run's samples, steps and phases to its spool file (the producer's side)."""

    def __init__(self, path: Path, first_n: int = 0, first_step_n: int = 0) -> None:
        """Create (or reopen) the spool file at ``path``; number samples from ``first_n``
        and steps from ``first_step_n``.

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
        self._step_n = first_step_n

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
        self._write("".join([line(i, *row) for i, row in enumerate(rows, n)]))
        self._n = n + len(rows)

    def append_steps(self, rows: Sequence[StepTuple]) -> None:
        """Append steps ``(t, step, tokens, samples, phase)`` in one write.

        Raises:
            StoreError: An invalid row (nothing is written) or the write failed.
        """
        if not rows:
            return
        _check_steps(rows)
        n = self._step_n
        line = "s\t{}\t{!r}\t{!r}\t{!r}\t{!r}\t{!r}\n".format
        self._write("".join([line(i, *row) for i, row in enumerate(rows, n)]))
        self._step_n = n + len(rows)

    def append_phase(self, row: PhaseTuple) -> None:
        """Append a phase ``(name, start_t, end_t, energy_j)``.

        Raises:
            StoreError: An invalid row (nothing is written) or the write failed.
        """
        name, start_t, end_t, energy_j = row
        if not isinstance(name, str) or not name or not _finite(start_t):
            raise StoreError(f"invalid phase row {row!r}: expected a name and a finite start")
        if not (end_t is None or _finite(end_t)) or not (energy_j is None or _finite(energy_j)):
            raise StoreError(f"invalid phase row {row!r}: end and energy must be finite")
        self._write(f"p\t{name!r}\t{float(start_t)!r}\t{end_t!r}\t{energy_j!r}\n")

    def close(self) -> None:
        """Close the file (it stays until the run finishes or is deleted)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def _write(self, text: str) -> None:
        if self._fd is None:
            raise StoreError(f"the spool file {self.path} is closed")
        try:
            os.write(self._fd, text.encode())
        except OSError as exc:
            raise StoreError(f"cannot append to the spool file {self.path}: {exc}") from exc


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_count(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _check_steps(rows: Sequence[StepTuple]) -> None:
    for i, (t, step, tokens, samples, phase) in enumerate(rows):
        if not (
            _finite(t)
            and _is_count(step)
            and step is not None
            and _is_count(tokens)
            and _is_count(samples)
            and (phase is None or isinstance(phase, str))
        ):
            raise StoreError(
                f"step row {i} is invalid: {rows[i]!r}; expected finite t, integer step, "
                "tokens and samples (None for unknown) and a phase string or None"
            )


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
    the spool's modification time when that is later (the producer's heartbeat). Rows
    count samples, steps and phases.
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
    samples, steps, phases = _parse_lines(data[:end].decode(errors="replace"), path)
    cur = conn.executemany(_INSERT, [(rk, d, t, n, p, e, m) for n, t, d, p, e, m in samples])
    added = max(cur.rowcount, 0)
    steps_added = 0
    if steps:
        cur = conn.executemany(_INSERT_STEP, [(rk, *row) for row in steps])
        steps_added = max(cur.rowcount, 0)
    for phase in phases:
        conn.execute(_UPSERT_PHASE, (rk, *phase))
    conn.execute(
        "UPDATE runs SET spool_bytes = ?, sample_count = sample_count + ?, "
        "step_count = step_count + ?, "
        "last_flush_at = max(coalesce(last_flush_at, 0), ?) WHERE rk = ?",
        (offset + end, added, steps_added, mtime, rk),
    )
    return added + steps_added + len(phases)


def ingest_and_count(conn: Sql, rk: int, path: Path) -> tuple[int, int]:
    """:func:`ingest` what a spool holds already; return the run's sample and step counts,
    where a new writer's numbering starts (so it never reuses an ordinal)."""
    ingest(conn, rk, path)
    row = conn.execute("SELECT sample_count, step_count FROM runs WHERE rk = ?", (rk,)).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _parse_lines(
    text: str, path: Path
) -> tuple[list[ParsedSample], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    samples: list[ParsedSample] = []
    steps: list[tuple[Any, ...]] = []
    phases: list[tuple[Any, ...]] = []
    for line in text.splitlines():
        try:  # a damaged line is skipped (logged): it never loses the run's end
            if line.startswith("s\t"):
                steps.append(_parse_step(line, path))
            elif line.startswith("p\t"):
                phases.append(_parse_phase(line, path))
            else:
                samples.append(_parse(line, path))
        except StoreError as exc:
            logger.warning("wattprint: %s; the line is skipped", exc)
    return samples, steps, phases


def _parse_step(line: str, path: Path) -> tuple[Any, ...]:
    """``(n, t, step, tokens, samples, phase)`` of a step line."""
    try:
        _, n, t, step, tokens, samples, phase = line.split("\t")
        return (int(n), float(t), int(step), _count(tokens), _count(samples), _opt_text(phase))
    except (ValueError, SyntaxError) as exc:
        raise _damaged(line, path, exc) from exc


def _parse_phase(line: str, path: Path) -> tuple[Any, ...]:
    """``(name, start_t, end_t, energy_j)`` of a phase line."""
    try:
        _, name, start, end, energy = line.split("\t")
        return (_text(name), float(start), _opt_float(end), _opt_float(energy))
    except (ValueError, SyntaxError) as exc:
        raise _damaged(line, path, exc) from exc


def _count(text: str) -> int | None:
    return None if text == "None" else int(text)


def _opt_float(text: str) -> float | None:
    return None if text == "None" else float(text)


def _opt_text(text: str) -> str | None:
    return None if text == "None" else _text(text)


def _damaged(line: str, path: Path, exc: Exception) -> StoreError:
    return StoreError(
        f"{path}: a spool line is damaged ({line[:80]!r}: {exc}); move the file aside "
        "to read the run without its unstored tail"
    )


ParsedSample = tuple[int, float, str, "float | None", "float | None", str]


def _parse(line: str, path: Path) -> ParsedSample:
    try:
        n, t, device, power, energy, method = line.split("\t")
        return (int(n), float(t), _text(device), _opt_float(power), _opt_float(energy),
                _text(method))  # fmt: skip
    except (ValueError, SyntaxError) as exc:
        raise _damaged(line, path, exc) from exc


def _text(literal: str) -> str:
    if len(literal) >= 2 and literal[0] == literal[-1] == "'" and "\\" not in literal:
        return literal[1:-1]  # the common case, without the parser
    value = ast.literal_eval(literal)
    if not isinstance(value, str):
        raise ValueError(f"expected a quoted string, got {literal!r}")
    return value
