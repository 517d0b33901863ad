"""Requests of a measured run in the store (schema v4): one row per request.

A row holds the request's start (unix seconds), duration, tokens in and out, and the
energy the tracker attributed to it (``wattprint.measure.requests`` says by which rule).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wattprint.errors import StoreError
from wattprint.store.ids import resolve_run_key
from wattprint.store.sqlite import RunStore


@dataclass(frozen=True)
class RequestRow:
    """One stored request."""

    start_t: float
    duration_s: float
    tokens_in: int
    tokens_out: int
    energy_j: float


def put_requests(store: RunStore, run_id: str, rows: Sequence[RequestRow]) -> None:
    """Replace the run's requests with ``rows`` (in one transaction).

    Raises:
        StoreError: Unknown run, a row that is not finite and non-negative, or a file that
            cannot be written.
    """
    for i, row in enumerate(rows):
        values = (row.start_t, row.duration_s, row.tokens_in, row.tokens_out, row.energy_j)
        if not all(math.isfinite(v) for v in values) or min(values[1:]) < 0:
            raise StoreError(f"request {i}: values must be finite and non-negative; got {row}")
    with store._db.write() as conn:
        rk, _ = resolve_run_key(conn, run_id, store.location)
        conn.execute("DELETE FROM requests WHERE rk = ?", (rk,))
        conn.executemany(
            "INSERT INTO requests (rk, n, start_t, duration_s, tokens_in, tokens_out, energy_j) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (rk, n, r.start_t, r.duration_s, r.tokens_in, r.tokens_out, r.energy_j)
                for n, r in enumerate(rows)
            ],
        )


def read_requests(store: RunStore, run_id: str) -> list[RequestRow]:
    """A run's requests in the order they were marked.

    Raises:
        StoreError: Unknown run or an unreadable file.
    """
    with store._db.read() as conn:
        rk, _ = resolve_run_key(conn, run_id, store.location)
        rows = conn.execute(
            "SELECT start_t, duration_s, tokens_in, tokens_out, energy_j FROM requests "
            "WHERE rk = ? ORDER BY n",
            (rk,),
        ).fetchall()
    return [RequestRow(*row) for row in rows]


def request_summary(rows: Sequence[RequestRow]) -> dict[str, Any] | None:
    """Count, energy and energy per request and per token (at the run's measured boundary).

    ``None`` for a run that marked no requests. The per-request energies were attributed
    by the tracker (``wattprint.measure.requests``) so that they sum to the measured total.
    """
    if not rows:
        return None
    energy = sum(r.energy_j for r in rows)
    out = sum(r.tokens_out for r in rows)
    tokens = out + sum(r.tokens_in for r in rows)
    return {
        "count": len(rows),
        "energy_j": energy,
        "energy_per_request_j": energy / len(rows),
        "energy_per_output_token_j": energy / out if out else None,
        "energy_per_token_j": energy / tokens if tokens else None,
    }
