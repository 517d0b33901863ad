"""``wattprint data TABLE [NAME] [--search TEXT]``: the packaged reference data."""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table as RichTable

from wattprint import catalog
from wattprint.catalog.serving import serving_figures

# table name -> (loader, columns shown in the listing)
TABLES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "accelerators": (
        catalog.accelerators,
        ("id", "vendor", "release_year", "tdp_w", "peak_tflops"),
    ),
    "grids": (
        catalog.grids,
        ("id", "name", "name_zh", "carbon_intensity_g_per_kwh", "water_l_per_kwh"),
    ),
    "facilities": (catalog.facilities, ("id", "name", "pue", "wue_l_per_kwh", "wue_basis")),
    "defaults": (catalog.defaults, ("id", "dist", "low", "mode", "high", "unit")),
    "constants": (catalog.constants, ("id", "value", "unit", "shaky")),
    "loads": (catalog.reference_loads, ("id", "name", "power_mw", "basis")),
    "serving": (serving_figures, ("id", "dist", "low", "mode", "high", "unit")),
}


class TableName(str, enum.Enum):
    """The catalogs that can be listed."""

    accelerators = "accelerators"
    grids = "grids"
    facilities = "facilities"
    defaults = "defaults"
    constants = "constants"
    loads = "loads"
    serving = "serving"


def register(app: typer.Typer) -> None:
    """Add the ``data`` command."""
    app.command()(data)


def data(
    table: Annotated[TableName, typer.Argument(help="Which catalog.")],
    name: Annotated[str | None, typer.Argument(help="Show one row (id or alias).")] = None,
    search: Annotated[str | None, typer.Option(help="Only rows containing TEXT.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List a catalog (every row with its source and year), or show one row."""
    loader, columns = TABLES[table.value]
    rows = loader()
    if name is not None:
        row = rows.get(name)
        record = _record(row)
        if json_out:
            typer.echo(json.dumps(record, indent=2, ensure_ascii=False))
            return
        console = Console()
        resolved = "" if name == row.id else f" (resolved from {name!r})"
        console.print(f"[bold]{row.id}[/bold]{resolved}")
        for key, value in record.items():
            console.print(f"  {key}: {_cell(value)}", markup=False, highlight=False)
        return
    selected = rows.search(search) if search else list(rows)
    if json_out:
        typer.echo(json.dumps([_record(r) for r in selected], indent=2, ensure_ascii=False))
        return
    view = RichTable(title=f"{table.value} ({len(selected)} rows)", title_justify="left")
    for column in (*columns, "source", "year"):
        view.add_column(column, overflow="fold", max_width=60 if column == "source" else None)
    for row in selected:
        record = _record(row)
        view.add_row(*(_cell(record.get(c)) for c in (*columns, "source", "year")))
    Console().print(view)


def _record(row: Any) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(row).items()}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k} {v:g}" for k, v in value.items())
    if isinstance(value, list):
        return " | ".join(map(str, value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
