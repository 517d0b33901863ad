"""``wattprint runs repair|recompute``: finish dead runs, recompute old ones.

``repair`` finishes the runs whose producer died (killed, out of memory) from the samples
they flushed (:mod:`wattprint.measure.recovery`); every ``wattprint runs`` read does the
same, this command is for stores other tools read. ``recompute`` replays a stored run's
samples (:mod:`wattprint.measure.replay`) and computes its footprint again with today's
catalog, region and facility.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from wattprint.errors import StoreError

STALE_AFTER_S = 20.0
"""The store's own default (``wattprint.store.liveness.STALE_AFTER_S``; a test checks
they agree), repeated so that ``wattprint --help`` does not load the store."""

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Run store file (default: $WATTPRINT_DB, else the user data dir)."),
]


def register(runs: typer.Typer) -> None:
    """Add ``repair`` and ``recompute`` to the ``runs`` group."""
    runs.command("repair")(repair_runs)


def _store_path(db: Path | None) -> Path:
    from wattprint.store import default_db_path

    path = db if db is not None else default_db_path()
    if not path.exists():
        raise StoreError(
            f"no run store at {path}; record a run first (wattprint run -- CMD) or point "
            "--db / WATTPRINT_DB at an existing file"
        )
    return path


def repair_runs(
    db: DbOption = None,
    after: Annotated[
        float,
        typer.Option(
            min=0.0, help="Heartbeat age (seconds) after which a run whose process is gone is dead."
        ),
    ] = STALE_AFTER_S,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Finish runs whose producer died, from the samples they flushed (status incomplete)."""
    from wattprint.measure.recovery import dead_runs, recover
    from wattprint.store import RunStore

    with RunStore(_store_path(db), stale_after_s=after) as store:
        done = [recover(store, record) for record in dead_runs(store)]
    if json_out:
        typer.echo(json.dumps([vars(d) for d in done], indent=2))
        return
    if not done:
        typer.echo("No dead runs to repair.")
    for d in done:
        typer.echo(
            f"recovered run {d.run_id}: {d.energy_j:.4g} J over {d.covered_s:.1f} s of samples "
            f"({d.gap_s:.1f} s to the last heartbeat not measured; "
            f"{'with' if d.footprint else 'no'} footprint)"
        )
