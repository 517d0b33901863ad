"""Reading runs back: filters, sort orders, derived status and row -> RunRecord.

Status is derived at read time: a ``"running"`` row whose producer is gone reads as
``"incomplete"`` (see :mod:`wattprint.store.liveness`). Nothing is written on read, so a
run that was only paused (a suspended laptop) reads as running again once it flushes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from wattprint.errors import StoreError
from wattprint.store.dialect import Sql
from wattprint.store.liveness import is_stale
from wattprint.store.records import RUN_STATUSES, RunRecord

RUN_COLUMNS = (
    "rk, id, name, kind, status, started_at, ended_at, last_flush_at, host, pid, region, "
    "facility, command, exit_code, totals, footprint, sensors, sample_count, step_count, "
    "node_key"
)
ORDER_COLUMNS = (
    "started_at",
    "ended_at",
    "last_flush_at",
    "name",
    "status",
    "id",
    "sample_count",
    "step_count",
    "energy",
    "carbon",
)


def _median_of(*outputs: str) -> str:
    """SQL for the first of ``outputs`` the stored footprint has: its median (p50)."""
    found = ", ".join(f"json_extract(footprint, '$.outputs.{o}.p50')" for o in outputs)
    return f"COALESCE({found})"


# Sort keys that are not columns: a run's headline energy and carbon (its footprint's).
ORDER_EXPRESSIONS = {
    "energy": _median_of("facility_energy", "it_energy", "accelerator_energy"),
    "carbon": _median_of("carbon_total", "carbon_operational"),
}


@dataclass(frozen=True)
class RunFilter:
    """Which runs a listing covers; ``None`` fields do not filter.

    Attributes:
        name: Exact run name, or a glob pattern when it holds ``*``, ``?`` or ``[``.
        since: Runs started at or after this time (unix seconds).
        until: Runs started before this time (unix seconds).
        tag: ``"key=value"`` (that tag) or ``"key"`` (any value).
        status: One of the run statuses, as derived at read time.
        host: Runs written from this host only (a node agent's own runs).
    """

    name: str | None = None
    since: float | None = None
    until: float | None = None
    tag: str | None = None
    status: str | None = None
    host: str | None = None

    def __post_init__(self) -> None:
        """Refuse an unknown status or a tag filter without a key."""
        if self.status is not None and self.status not in RUN_STATUSES:
            raise StoreError(
                f"unknown run status {self.status!r}; expected one of {', '.join(RUN_STATUSES)}"
            )
        if self.tag is not None and not self.tag.partition("=")[0].strip():
            raise StoreError(f"tag filter {self.tag!r} has no key; expected key=value or key")


def stale_keys(conn: Sql, *, now_s: float, stale_after_s: float) -> set[int]:
    """Keys of ``"running"`` runs that read as ``"incomplete"`` now."""
    rows = conn.execute(
        "SELECT rk, host, pid, started_at, last_flush_at FROM runs "
        "WHERE status = 'running' AND COALESCE(last_flush_at, started_at) < ?",
        (now_s - stale_after_s,),
    ).fetchall()
    return {
        int(rk)
        for rk, host, pid, started_at, last_flush_at in rows
        if is_stale(
            host=host,
            pid=pid,
            started_at=started_at,
            last_flush_at=last_flush_at,
            now_s=now_s,
            stale_after_s=stale_after_s,
        )
    }


def where_clause(runs_filter: RunFilter, stale: Collection[int]) -> tuple[str, list[Any]]:
    """SQL ``WHERE`` text (possibly empty) and its parameters for a filter."""
    terms: list[str] = []
    params: list[Any] = []
    if runs_filter.name is not None:
        glob = any(c in runs_filter.name for c in "*?[")
        terms.append("name GLOB ?" if glob else "name = ?")
        params.append(runs_filter.name)
    if runs_filter.since is not None:
        terms.append("started_at >= ?")
        params.append(float(runs_filter.since))
    if runs_filter.until is not None:
        terms.append("started_at < ?")
        params.append(float(runs_filter.until))
    if runs_filter.tag is not None:
        key, eq, value = runs_filter.tag.partition("=")
        sub = "SELECT 1 FROM run_tags g WHERE g.rk = runs.rk AND g.key = ?"
        params.append(key.strip())
        if eq:
            sub += " AND g.value = ?"
            params.append(value.strip())
        terms.append(f"EXISTS ({sub})")
    if runs_filter.host is not None:
        terms.append("host = ?")
        params.append(runs_filter.host)
    if runs_filter.status is not None:
        stale_list = ",".join(str(int(k)) for k in stale)  # integers from the file itself
        # "IN ()" is SQLite's only: PostgreSQL needs a non-empty list, so no list, no term
        if runs_filter.status == "incomplete":
            terms.append(f"(status = 'incomplete' OR rk IN ({stale_list}))" if stale_list
                         else "status = 'incomplete'")  # fmt: skip
        elif runs_filter.status == "running":
            terms.append(
                "status = 'running'" + (f" AND rk NOT IN ({stale_list})" if stale_list else "")
            )
        else:
            terms.append("status = ?")
            params.append(runs_filter.status)
    return (" WHERE " + " AND ".join(terms)) if terms else "", params


def order_clause(order_by: str, descending: bool) -> str:
    """SQL ``ORDER BY`` text for a whitelisted column, with a stable tie-break."""
    if order_by not in ORDER_COLUMNS:
        raise StoreError(
            f"cannot sort runs by {order_by!r}; expected one of {', '.join(ORDER_COLUMNS)}"
        )
    direction = "DESC" if descending else "ASC"
    key = ORDER_EXPRESSIONS.get(order_by, order_by)
    return f" ORDER BY {key} {direction}, rk {direction}"


def fetch_tags(conn: Sql, keys: Sequence[int]) -> dict[int, dict[str, str]]:
    """Tags of the given runs, by run key."""
    tags: dict[int, dict[str, str]] = {k: {} for k in keys}
    if not keys:
        return tags
    in_list = ",".join(str(int(k)) for k in keys)
    for rk, key, value in conn.execute(
        f"SELECT rk, key, value FROM run_tags WHERE rk IN ({in_list}) ORDER BY rk, key"
    ):
        tags[int(rk)][str(key)] = str(value)
    return tags


def to_record(row: Sequence[Any], tags: dict[str, str], *, stale: bool) -> RunRecord:
    """Build a RunRecord from a row selected with :data:`RUN_COLUMNS`."""
    (_, run_id, name, kind, status, started_at, ended_at, last_flush_at, host, pid) = row[:10]
    (region, facility, command, exit_code, totals, footprint, sensors) = row[10:17]
    sample_count, step_count, node_key = row[17:20]
    return RunRecord(
        id=run_id,
        name=name,
        kind=kind,
        status="incomplete" if stale and status == "running" else status,
        started_at=started_at,
        ended_at=ended_at,
        last_flush_at=last_flush_at,
        host=host,
        pid=pid,
        region=region,
        facility=facility,
        tags=tags,
        command=None if command is None else json.loads(command),
        exit_code=exit_code,
        totals=json.loads(totals),
        footprint_json=footprint,
        sensors=json.loads(sensors),
        sample_count=sample_count,
        step_count=step_count,
        node_key=node_key,
    )


def now_s() -> float:
    """Current unix time in seconds (one place, so the clock is easy to find)."""
    return time.time()
