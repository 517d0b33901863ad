"""The SQL of each write, one function per record kind, each run inside a transaction.

:class:`~wattprint.store.sqlite.RunStore` opens the transaction and resolves the run;
these functions only turn checked records into rows. Each appended sample and step gets
an insertion ordinal ``n`` (from the run's row counter), so rows with equal times keep
their order and a run's counts never need a scan.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from wattprint.errors import StoreError
from wattprint.store.dialect import Sql
from wattprint.store.ids import new_run_id
from wattprint.store.records import FINISHED_STATUSES, PhaseRow, RunInfo, SampleTuple, StepRow
from wattprint.store.validate import to_json

_ID_ATTEMPTS = 8
CHILD_TABLES = ("samples", "steps", "phases", "run_tags", "requests")


def insert_run(conn: Sql, info: RunInfo, path: str) -> str:
    """Insert a ``"running"`` run and its tags; return its new id."""
    command = None if info.command is None else to_json(list(info.command), "command")
    run_id = _unused_id(conn, info.started_at, path)
    conn.execute(
        "INSERT INTO runs (id, name, kind, status, started_at, host, pid, "
        "region, facility, command, node_key) "
        "VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)",
        (run_id, info.name, info.kind, float(info.started_at), info.host,
         int(info.pid), info.region, info.facility, command, info.node_key),
    )  # fmt: skip
    rk = conn.execute("SELECT rk FROM runs WHERE id = ?", (run_id,)).fetchone()[0]
    conn.executemany(
        "INSERT INTO run_tags (rk, key, value) VALUES (?, ?, ?)",
        [(rk, k, v) for k, v in info.tags.items()],
    )
    return run_id


def _unused_id(conn: Sql, started_at: float, path: str) -> str:
    for _ in range(_ID_ATTEMPTS):
        run_id = new_run_id(started_at)
        if conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
            return run_id
    raise StoreError(f"could not mint a unique run id in {path}; try again")


# One row each; ``n`` numbers the rows on from the run's counter, so no separate read of it.
# The casts type the parameters for PostgreSQL, which cannot infer a NULL's type in a SELECT.
_INSERT_SAMPLE = (
    "INSERT INTO samples (rk, device, t, n, power_w, energy_j, method) "
    "SELECT rk, CAST(? AS TEXT), CAST(? AS DOUBLE PRECISION), sample_count + ?, "
    "CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), CAST(? AS TEXT) "
    "FROM runs WHERE rk = ?"
)
_ADVANCE_SAMPLES = (
    "UPDATE runs SET sample_count = sample_count + ?, "
    "last_flush_at = coalesce(?, last_flush_at) WHERE rk = ?"
)


def insert_samples(
    conn: Sql, rk: int, rows: Sequence[SampleTuple], flushed_at: float | None
) -> None:
    """Append checked sample rows to run ``rk``, advance its counter, record the heartbeat
    (unless ``flushed_at`` is None): two statements, whatever the number of rows."""
    if rows:
        conn.executemany(
            _INSERT_SAMPLE,
            [(d, float(t), i, p, e, m, rk) for i, (t, d, p, e, m) in enumerate(rows)],
        )
    conn.execute(_ADVANCE_SAMPLES, (len(rows), flushed_at, rk))


def insert_steps(conn: Sql, rk: int, rows: Sequence[StepRow]) -> None:
    """Append step rows to run ``rk`` and advance its step counter."""
    base = _advance(conn, rk, "step_count", len(rows))
    conn.executemany(
        "INSERT INTO steps (rk, n, t, step, tokens, samples, phase) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (rk, base + i, float(r.t), int(r.step), r.tokens, r.samples, r.phase)
            for i, r in enumerate(rows)
        ],
    )


def _advance(conn: Sql, rk: int, column: str, by: int) -> int:
    """Add ``by`` to a run's row counter; return its value before."""
    row = conn.execute(f"SELECT {column} FROM runs WHERE rk = ?", (rk,)).fetchone()
    conn.execute(f"UPDATE runs SET {column} = {column} + ? WHERE rk = ?", (by, rk))
    return int(row[0])


def upsert_phase(conn: Sql, rk: int, row: PhaseRow) -> None:
    """Insert a phase, or update end and energy of the one with the same name and start."""
    conn.execute(
        "INSERT INTO phases (rk, name, start_t, end_t, energy_j) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (rk, name, start_t) "
        "DO UPDATE SET end_t = excluded.end_t, energy_j = excluded.energy_j",
        (rk, row.name, float(row.start_t), row.end_t, row.energy_j),
    )


def finish_sets(
    ended_at: float,
    status: str,
    exit_code: int | None,
    totals: Mapping[str, Any] | None,
    footprint: Mapping[str, Any] | None,
) -> tuple[str, tuple[Any, ...]]:
    """Check how a run ends; return the ``SET`` clause and its parameters.

    ``None`` totals or footprint keep what is stored.
    """
    if status not in FINISHED_STATUSES:
        raise StoreError(
            f"cannot finish a run with status {status!r}; "
            f"expected one of {', '.join(FINISHED_STATUSES)}"
        )
    if not math.isfinite(ended_at):
        raise StoreError(f"ended_at must be finite unix seconds; got {ended_at!r}")
    sets = ["ended_at = ?", "status = ?", "exit_code = ?", "last_flush_at = ?"]
    params: list[Any] = [float(ended_at), status, exit_code, float(ended_at)]
    if totals is not None:
        sets.append("totals = ?")
        params.append(to_json(dict(totals), "totals"))
    if footprint is not None:
        sets.append("footprint = ?")
        params.append(to_json(dict(footprint), "footprint"))
    return ", ".join(sets), tuple(params)


def delete_rows(conn: Sql, rk: int) -> None:
    """Delete a run and every row recorded for it."""
    for table in (*CHILD_TABLES, "runs"):
        conn.execute(f"DELETE FROM {table} WHERE rk = ?", (rk,))
