"""``wattprint runs list|show|delete``: the run store, read and tidied from the shell.

The commands only: what they print is :mod:`wattprint.cli.runs_view`; ``export`` is in
:mod:`.runs_export_cmd`, ``repair`` and ``recompute`` in :mod:`.runs_tools_cmd`. ``--db``
overrides the store file, else ``WATTPRINT_DB``, else the default location.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from wattprint.cli.options import Lang, lang_option
from wattprint.cli.requests_view import print_requests, run_extras
from wattprint.errors import StoreError
from wattprint.measure.recovery import recovered
from wattprint.quantity.words import word

if TYPE_CHECKING:  # the store (sqlite3, platformdirs) loads only when a runs command runs
    from wattprint.store import RunRecord, RunStore


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Run store file (default: $WATTPRINT_DB, else the user data dir)."),
]
IdArgument = Annotated[
    str, typer.Argument(help="Run id, any unique prefix of it, or 'last' (the newest run).")
]
LAST = "last"


def resolve_id(store: RunStore, run_id: str) -> str:
    """``last`` -> the newest run's id; any other text is an id or prefix, as given."""
    if run_id != LAST:
        return run_id
    newest = store.list_runs(limit=1)
    if not newest:
        raise StoreError(f"no runs in {store.path}; record one with wattprint run -- CMD")
    return newest[0].id


def register(app: typer.Typer) -> None:
    """Add the ``runs`` command group."""
    runs = typer.Typer(help="List, show, export and delete stored runs.", no_args_is_help=True)
    runs.command("list")(list_runs)
    runs.command("show")(show_run)
    runs.command("delete")(delete_run)
    for module in ("runs_export_cmd", "runs_tools_cmd"):  # export, repair, recompute
        importlib.import_module(f"wattprint.cli.{module}").register(runs)
    app.add_typer(runs, name="runs")


def open_store(db: Path | str | None) -> RunStore:
    """The store at ``db`` (or the default); StoreError when the file does not exist."""
    from wattprint.store import RunStore
    from wattprint.store.connection import default_location
    from wattprint.store.location import shown_location, store_exists

    path = db if db is not None else default_location()
    if not store_exists(path):
        raise StoreError(
            f"no run store at {shown_location(path)}; record a run first (wattprint run -- CMD) "
            "or point --db / WATTPRINT_DB at an existing file"
        )
    return recovered(RunStore(path))  # dead runs finished first (measure.recovery)


def list_runs(
    name: Annotated[
        str | None, typer.Option(help="Only runs with this name (glob: 'llama-*').")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="running, complete, incomplete or failed.")
    ] = None,
    tag: Annotated[
        str | None, typer.Option(help="Only runs tagged KEY=VALUE (or just KEY).")
    ] = None,
    limit: Annotated[int, typer.Option(min=0, help="Most runs to show (0: all).")] = 50,
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lang: Lang = lang_option,
) -> None:
    """List stored runs, newest first."""
    from wattprint.store import RunFilter, RunStore
    from wattprint.store.connection import default_location
    from wattprint.store.location import shown_location, store_exists

    path = db if db is not None else default_location()
    exists = store_exists(path)
    if not exists and not json_out:
        typer.echo(word("no_runs_in", lang.value, path=shown_location(path)))
        return
    records: list[RunRecord] = []
    total = 0
    if exists:
        with recovered(RunStore(path)) as store:
            runs_filter = RunFilter(name=name, status=status, tag=tag)
            records = store.list_runs(runs_filter, limit=limit or None)
            total = store.count_runs(runs_filter)
    if json_out:
        typer.echo(json.dumps([listed(r) for r in records], indent=2, ensure_ascii=False))
        return
    if not records:
        typer.echo(word("no_runs_in", lang.value, path=shown_location(path)))
        return
    from wattprint.cli.runs_view import runs_table

    console = Console()
    console.print(runs_table(records, lang.value, console.width))
    if total > len(records):
        console.print(word("runs_shown", lang.value, shown=len(records), total=total))


def show_run(
    run_id: IdArgument,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lang: Lang = lang_option,
    db: DbOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Every field, sensor, total and output.")
    ] = False,
) -> None:
    """Show one run: its short answer (--full: metadata, sensors, totals, footprint)."""
    with open_store(db) as store:
        record = store.get_run(resolve_id(store, run_id))
        extra = run_extras(store, record.id)
    if json_out:
        typer.echo(json.dumps({**record.to_dict(), **extra}, indent=2, ensure_ascii=False))
        return
    from wattprint.cli.runs_view import (
        details_table,
        print_brief_of,
        print_footprint_of,
        print_sensors,
        print_totals,
    )

    console = Console()
    if not full:
        # a service's short answer includes its energy per request
        print_brief_of(
            console, record, lang.value, lambda: print_requests(console, extra, lang.value)
        )
        return
    console.print(details_table(record, lang.value))
    print_sensors(console, record, lang.value)
    print_totals(console, record, lang.value)
    print_requests(console, extra, lang.value)
    print_footprint_of(console, record, lang.value)


def delete_run(
    run_id: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Delete a run and everything recorded during it."""
    with open_store(db) as store:
        record = store.get_run(run_id)
        if not yes:
            typer.confirm(
                f"Delete run {record.id} ({record.name}, {record.sample_count:,} samples)?",
                abort=True,
            )
        store.delete_run(record.id)
    typer.echo(f"Deleted run {record.id} ({record.name}).")


def listed(record: RunRecord) -> dict[str, Any]:
    """A run in ``runs list --json``: its fields and its headlines (no footprint)."""
    from wattprint.report.view import headlines, stored_footprint
    from wattprint.store import listing_item

    data = listing_item(record)  # with its outputs: energy, carbon, water and boundaries
    data["headline"] = headlines(stored_footprint(record.footprint))
    return data
