"""A footprint in the terminal, in English or Chinese: the short answer, or every output.

The default (:func:`print_brief`) fits one 80×24 screen: the leading figures with their
p5–p95 band and boundary, an everyday equivalent where it helps, the two strongest
drivers and one line naming ``--full``, ``--sources`` and ``--json``. ``--full``
(:func:`print_footprint`) adds every output (none that is zero throughout), the physics
panel, warnings, assumptions and, with ``--sources``, the citations.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.table import Table

from wattprint.chain.outputs import definition, find, label, ordered
from wattprint.chain.result import Footprint, OutputSummary
from wattprint.quantity.display import band_digits, display_scale, joined, number
from wattprint.quantity.words import WORDS, check_lang, word

__all__ = [
    "footprint_table",
    "ordered",
    "output_row",
    "print_footprint",
    "shown_outputs",
    "short_input",
]

MAX_WIDTH = 100


def short_input(name: str, lang: str | None = None) -> str:
    """``hardware.host_power (default)`` -> ``host_power*`` (the star marks a default);
    with ``lang``, the input's words (``host power*``, ``主机功率*``) where the table has them."""
    star = "*" if "(" in name else ""
    short = name.split(" (")[0].rsplit(".", 1)[-1]
    if lang is not None and f"in_{short}" in WORDS:
        short = word(f"in_{short}", lang)
    return short + star


def shown_outputs(fp: Footprint, physics: bool = False) -> list[str]:
    """Outputs worth a row, in reading order: none that is zero throughout (absent is
    absent); the physics rows apart (``physics=True`` gives only them)."""
    names = []
    for name in ordered(fp.outputs):
        out = fp.outputs[name]
        if out.p5 == out.p50 == out.p95 == 0:
            continue
        row = find(name)
        if (row is not None and row.boundary == "physics") == physics:
            names.append(name)
    return names


def output_row(name: str, out: OutputSummary, lang: str) -> list[str]:
    """Cells for one output: label, p50 (with unit), p5–p95, basis."""
    digits = band_digits(out.p5, out.p50, out.p95)
    divisor, unit = display_scale(out.unit, out.p50, lang, digits)
    p5, p50, p95 = (number(v / divisor, lang, digits) for v in (out.p5, out.p50, out.p95))
    band = f"{p5}–{p95}" if p5 != p95 else ""
    return [label(name, lang), joined(p50, unit), band, word(out.basis, lang)]


def footprint_table(fp: Footprint, lang: str = "en", physics: bool = False) -> Table:
    """The outputs of a footprint as a rich Table (the physics rows with ``physics``)."""
    check_lang(lang)
    title = word("physics_title", lang) if physics else f"{fp.name} ({word(fp.kind, lang)})"
    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
    table.add_column(word("output", lang), ratio=3, overflow="fold")
    table.add_column(word("p50", lang), justify="right", no_wrap=True)
    table.add_column(word("p5_p95", lang), justify="right", no_wrap=True)
    table.add_column(word("basis", lang), no_wrap=True)
    for name in shown_outputs(fp, physics):
        table.add_row(*output_row(name, fp.outputs[name], lang))
    return table


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells (an ellipsis marks the cut)."""
    return text if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"


def say(console: Console, text: str) -> None:
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def wrapped(console: Console, text: str, width: int, lines: int = 0) -> None:
    parts = wrap_cells(text, width)
    for i, line in enumerate(parts[:lines] if lines else parts):
        last = lines and i == lines - 1 and len(parts) > lines
        say(console, fit(line + (" …" if last else ""), width))


WRAP_TOKENS = re.compile(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+")


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` terminal cells: English at spaces,
    Chinese between any two characters (a CJK character is two cells)."""
    lines: list[str] = []
    line = ""
    for token in WRAP_TOKENS.findall(text):
        if token.isspace():
            line += " " if line else ""
        elif cell_len(line + token) <= width:
            line += token
        else:
            if line.strip():
                lines.append(line.rstrip())
            line = fit(token, width)
    return [*lines, line.rstrip()] if line.strip() else lines


def print_footprint(
    fp: Footprint, lang: str = "en", console: Console | None = None, *, sources: bool = True
) -> None:
    """Print every output, the physics panel, warnings, assumptions and sources."""
    console = console or Console()
    console.print(footprint_table(fp, lang))
    if shown_outputs(fp, physics=True):
        console.print()
        console.print(footprint_table(fp, lang, physics=True))
    for key, items in (("warnings", fp.warnings), ("assumptions", fp.assumptions)):
        if items:
            console.print(f"[bold]{word(key, lang)}[/bold]")
            for item in items:
                say(console, f"  - {item}")
    if sources:
        print_sources(fp, lang, console)


def print_sources(fp: Footprint, lang: str = "en", console: Console | None = None) -> None:
    """The numbered citations: what each figure was used for, its value, source and year."""
    console = console or Console()
    if not fp.sources:
        return
    console.print(f"[bold]{word('sources', lang)}[/bold]")
    for i, ref in enumerate(fp.sources, start=1):
        note = f" [{ref.note}]" if ref.note else ""
        say(console, f"  [{i}] {ref.used_for}: {ref.value_text} — {ref.source} ({ref.year}){note}")


def boundary_word(name: str, lang: str) -> str:
    """The boundary of output ``name`` in words (``facility``, ``IT``)."""
    return word(f"boundary_{definition(name).boundary}", lang)
