"""Run ids: minting sortable ids and finding a run from what a person typed.

An id is 8 hex digits of the start time in seconds followed by 6 random hex digits
(``"65f1a2b3c4d5e6"``): ids sort by start time, and any unique prefix finds a run.
"""

from __future__ import annotations

import difflib
import math
import re
import secrets

from wattprint.errors import StoreError
from wattprint.store.dialect import Sql

ID_LENGTH = 14
_ID_CHARS = re.compile(r"[0-9a-f]+")
_SUGGESTIONS = 3


def new_run_id(started_at: float) -> str:
    """Mint a run id that sorts by ``started_at`` (unix seconds)."""
    seconds = int(started_at) if math.isfinite(started_at) and started_at > 0 else 0
    return f"{min(seconds, 0xFFFFFFFF):08x}{secrets.token_hex(3)}"


def resolve_run_key(conn: Sql, run_id: str, path: str) -> tuple[int, str]:
    """Find the run whose id is ``run_id`` or starts with it.

    Args:
        conn: Open connection.
        run_id: A full id or a unique prefix (case and surrounding spaces ignored).
        path: The store's file or server, for messages.

    Returns:
        The run's internal key and full id.

    Raises:
        StoreError: No run matches (with the nearest ids), or several do.
    """
    typed = run_id.strip().lower()
    if not typed or not _ID_CHARS.fullmatch(typed):
        raise StoreError(
            f"{run_id!r} is not a run id (ids are hex, like 65f1a2b3c4d5e6); "
            f"list runs with: wattprint runs list --db {path}"
        )
    row = conn.execute("SELECT rk, id FROM runs WHERE id = ?", (typed,)).fetchone()
    if row is not None:
        return int(row[0]), str(row[1])
    rows = conn.execute(
        "SELECT rk, id FROM runs WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
        (typed, typed + "g"),
    ).fetchall()
    if len(rows) == 1:
        return int(rows[0][0]), str(rows[0][1])
    if rows:
        shown = ", ".join(str(r[1]) for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
        raise StoreError(
            f"run id prefix {typed!r} is ambiguous in {path}: it matches {shown}; "
            "type more characters of the id"
        )
    raise StoreError(_not_found_message(conn, typed, path))


def _not_found_message(conn: Sql, typed: str, path: str) -> str:
    ids = [str(r[0]) for r in conn.execute("SELECT id FROM runs")]
    text = f"no run with id {typed!r} in {path}"
    if not ids:
        return text + " (the store has no runs yet; record one with wattprint run or track)"
    heads = {i[: len(typed)]: i for i in ids}
    near = difflib.get_close_matches(typed, list(heads), n=_SUGGESTIONS, cutoff=0.5)
    if near:
        text += "; nearest ids: " + ", ".join(heads[h] for h in near)
    return text + f"; list runs with: wattprint runs list --db {path}"
