"""``wattprint data TABLE [NAME] [--search TEXT]``: the packaged reference data."""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Annotated, Any

import typer
from rich.cells import cell_len, set_cell_size
from rich.console import Console

from wattprint import catalog
from wattprint.catalog.serving import serving_figures
from wattprint.quantity.words import word

# table name -> the loader of its rows
TABLES: dict[str, Any] = {
    "accelerators": catalog.accelerators,
    "grids": catalog.grids,
    "facilities": catalog.facilities,
    "defaults": catalog.defaults,
    "constants": catalog.constants,
    "loads": catalog.reference_loads,
    "serving": serving_figures,
}
# Fields a search looks in: names, codes and aliases (never the sources' prose).
SEARCHED = ("id", "aliases", "name", "name_zh", "vendor", "operator", "kind")


def _g(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:g}{unit}"


def _span(low: float | None, high: float | None) -> str:
    return f" ({low:g}–{high:g})" if low is not None and high is not None and low != high else ""


def summary(table: str, row: Any) -> str:
    """The key figures of one row, on one line."""
    if table == "accelerators":
        bf16 = row.peak_tflops.get("bf16")
        figures = (_g(row.tdp_w, " W"), _g(bf16, " TFLOPS bf16"), _g(row.memory_gb, " GB"))
        return " · ".join((row.name, *figures))
    if table == "grids":
        water = "" if row.water_l_per_kwh is None else f" · water {row.water_l_per_kwh:g} L/kWh"
        span = _span(row.carbon_intensity_low, row.carbon_intensity_high)
        return f"{row.name} {row.name_zh} · {row.carbon_intensity_g_per_kwh:g} g/kWh{span}{water}"
    if table == "facilities":
        wue = "" if row.wue_l_per_kwh is None else f" · WUE {row.wue_l_per_kwh:g} L/kWh"
        return f"{row.name} · PUE {row.pue:g}{_span(row.pue_low, row.pue_high)}{wue}"
    if table in ("defaults", "serving"):
        return f"{row.dist} {_g(row.low)} / {_g(row.mode)} / {_g(row.high)} {row.unit}"
    if table == "constants":
        return f"{row.value:g} {row.unit}" + (" [shaky]" if row.shaky else "")
    return f"{row.name} · {row.power_mw:g} MW · {row.basis}"


def search_rows(rows: Any, text: str) -> list[Any]:
    """Rows whose code, name or alias contains ``text``, with the regions inside a matched
    one (``China`` finds CN and its CN-xx provinces)."""
    needle = text.lower()

    def hit(row: Any) -> bool:
        fields = (getattr(row, f, "") for f in SEARCHED)
        return any(
            needle in " ".join(map(str, v if isinstance(v, tuple) else (v,))).lower()
            for v in fields
        )

    found = [row for row in rows if hit(row)]
    codes = {row.id for row in found}
    inside = [r for r in rows if r not in found and r.id.split("-")[0] in codes]
    return found + inside


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
    search: Annotated[
        str | None, typer.Option(help="Only rows whose code, name or alias contains TEXT.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List a catalog (one row per line: id, key figures, year), or show one row in full."""
    rows = TABLES[table.value]()
    if name is not None:
        show_row(rows.get(name), name, json_out)
        return
    selected = search_rows(rows, search) if search else list(rows)
    if json_out:
        typer.echo(json.dumps([_record(r) for r in selected], indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(
        word("data_rows", "en", table=table.value, count=len(selected)),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    id_w = max((cell_len(r.id) for r in selected), default=2)
    fig_w = max(min(console.width, 160) - id_w - 8, 10)
    for row in selected:
        text = summary(table.value, row)
        text = text if cell_len(text) <= fig_w else set_cell_size(text, fig_w - 1) + "…"
        console.print(
            f"{row.id:<{id_w}}  {set_cell_size(text, fig_w)}  {row.year}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        word("data_more", "en", table=table.value),
        style="dim",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


def show_row(row: Any, name: str, json_out: bool) -> None:
    """One row: every field, its source and year."""
    record = _record(row)
    if json_out:
        typer.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    console = Console()
    resolved = "" if name == row.id else f" (resolved from {name!r})"
    console.print(f"[bold]{row.id}[/bold]{resolved}", highlight=False)
    for key, value in record.items():
        console.print(f"  {key}: {_cell(value)}", markup=False, highlight=False)


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
