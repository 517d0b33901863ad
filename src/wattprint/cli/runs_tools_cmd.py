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
    runs.command("recompute")(recompute_run)


def _store_path(db: Path | None) -> Path | str:
    from wattprint.store.connection import default_location
    from wattprint.store.location import shown_location, store_exists

    path = db if db is not None else default_location()
    if not store_exists(path):
        raise StoreError(
            f"no run store at {shown_location(path)}; record a run first (wattprint run -- CMD) "
            "or point --db / WATTPRINT_DB at an existing file"
        )
    return path


def repair_runs(
    db: DbOption = None,
    after: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            help="Heartbeat age (seconds) after which a run whose process is gone is dead "
            f"(default: {STALE_AFTER_S:g} for a file, 150 for a PostgreSQL store).",
        ),
    ] = None,
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


def recompute_run(
    run_id: Annotated[str, typer.Argument(help="Run id, or any unique prefix of it.")],
    region: Annotated[
        str | None, typer.Option(help="Grid region to use (default: the run's).")
    ] = None,
    facility: Annotated[
        str | None, typer.Option(help="Facility to use (default: the run's).")
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Store the new footprint with the run.")
    ] = False,
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the footprint as JSON.")] = False,
) -> None:
    """Replay a stored run's samples and compute its footprint again with today's catalog."""
    from wattprint.measure import TrackerConfig
    from wattprint.measure.footprint import measured_footprint
    from wattprint.measure.replay import stored_result
    from wattprint.store import RunStore

    with RunStore(_store_path(db)) as store:
        record = store.get_run(run_id)
        result = stored_result(store, record).result
        if not result.devices:
            raise StoreError(f"run {record.id} has no stored energy samples to recompute from")
        config = TrackerConfig(
            region=region or record.region, facility=facility or record.facility, store=False
        )
        footprint = measured_footprint(result, config)
        if save:
            if record.ended_at is None:
                raise StoreError(f"run {record.id} is still running; recompute it once it ends")
            store.finish_run(record.id, ended_at=record.ended_at, status=record.status,
                             exit_code=record.exit_code, footprint=footprint.to_dict())  # fmt: skip
    if json_out:
        typer.echo(footprint.to_json())
        return
    from rich.console import Console

    from wattprint.report.text import print_footprint

    print_footprint(footprint, console=Console())
    if save:
        typer.echo(f"stored the new footprint with run {record.id}")
