"""A footprint as a readable table (rich), in English or Chinese."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from wattprint.chain.outputs import label, ordered
from wattprint.chain.result import Footprint, OutputSummary
from wattprint.quantity.display import display_scale, joined, number
from wattprint.quantity.words import check_lang, word

__all__ = ["footprint_table", "ordered", "output_row", "print_footprint", "short_input"]


def short_input(name: str) -> str:
    """``hardware.host_power (default)`` -> ``host_power*`` (the star marks a default)."""
    star = "*" if "(" in name else ""
    return name.split(" (")[0].rsplit(".", 1)[-1] + star


def output_row(name: str, out: OutputSummary, lang: str) -> list[str]:
    """Cells for one output: label, p5, p50, p95 (with unit), basis, drivers."""
    divisor, unit = display_scale(out.unit, out.p50, lang)
    cells = [number(v / divisor, lang) for v in (out.p5, out.p50, out.p95)]
    drivers = ", ".join(
        f"{short_input(d.input)} {d.rank_correlation:+.2f}" for d in out.drivers[:2]
    )
    return [label(name, lang), *cells[:2], joined(cells[2], unit), word(out.basis, lang), drivers]


def footprint_table(fp: Footprint, lang: str = "en") -> Table:
    """The outputs of a footprint as a rich Table."""
    check_lang(lang)
    title = f"{fp.name} ({word(fp.kind, lang)})"
    table = Table(title=title, title_justify="left")
    for key, justify in (("output", "left"), ("p5", "right"), ("p50", "right"), ("p95", "left")):
        table.add_column(word(key, lang), justify=justify)  # type: ignore[arg-type]
    table.add_column(word("basis", lang))
    table.add_column(word("drivers", lang))
    for name in ordered(fp.outputs):
        table.add_row(*output_row(name, fp.outputs[name], lang))
    return table


def print_footprint(
    fp: Footprint, lang: str = "en", console: Console | None = None, *, sources: bool = True
) -> None:
    """Print the table, then warnings, assumptions and (optionally) sources."""
    console = console or Console()
    console.print(footprint_table(fp, lang))
    for key, items in (("warnings", fp.warnings), ("assumptions", fp.assumptions)):
        if items:
            console.print(f"[bold]{word(key, lang)}[/bold]")
            for item in items:
                console.print(f"  - {item}", markup=False, highlight=False)
    if sources and fp.sources:
        console.print(f"[bold]{word('sources', lang)}[/bold]")
        for i, ref in enumerate(fp.sources, start=1):
            note = f" [{ref.note}]" if ref.note else ""
            console.print(
                f"  [{i}] {ref.used_for}: {ref.value_text} — {ref.source} ({ref.year}){note}",
                markup=False,
                highlight=False,
            )
