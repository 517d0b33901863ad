"""``wattprint.runs()``: stored runs as rows for a DataFrame, dead runs finished first."""

from __future__ import annotations

import os
from typing import Any

from wattprint.measure.recovery import recovered
from wattprint.store.table import run_row


def runs(
    db: str | os.PathLike[str] | None = None,
    *,
    name: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored runs, newest first, as flat rows (:mod:`wattprint.store.table`).

    ``pandas.DataFrame(wattprint.runs())`` is a table of runs with energy, carbon and
    water (p5 / p50 / p95, units in the column names, each with its boundary). Runs whose
    producer died are finished from their samples first (:mod:`.recovery`).

    Args:
        db: Run store file (default: ``$WATTPRINT_DB`` or the user data dir).
        name: Only runs with this name (glob: ``"llama-*"``).
        status: ``running``, ``complete``, ``incomplete`` or ``failed``.
        tag: ``"key=value"`` or ``"key"``.
        limit: Most runs (None: all).

    Raises:
        StoreError: The store cannot be opened, or a filter is invalid.
    """
    from wattprint.store import RunFilter, RunStore

    with recovered(RunStore(db)) as store:
        records = store.list_runs(RunFilter(name=name, status=status, tag=tag), limit=limit)
    return [run_row(r) for r in records]
