"""The short answer to "what did this cost?": a footprint's first screen, on every face.

A brief is the title and what the work is (its description, the inputs that were assumed
rather than given), the few figures that lead for that kind of work (the outputs
table's :data:`~wattprint.chain.outputs.LEADS`: peak MW and grid shares for a cluster,
heat delivered for heat reuse, energy and carbon otherwise), each with its p5–p95 band
and boundary, one plain-words equivalent where it helps, and the two inputs that drive
the spread most. The terminal prints it (:func:`print_brief`);
everything else is behind ``--full``, ``--sources`` and ``--json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.console import Console

from wattprint.chain.outputs import definition, label, lead_names
from wattprint.chain.result import Footprint
from wattprint.quantity.words import word
from wattprint.report.equivalents import equivalents
from wattprint.report.text import MAX_WIDTH, fit, say, short_input, wrapped
from wattprint.report.view import shown

ABOUT_LINES = 2
NOT_GIVEN = re.compile(r"^([\w.]+) not given")


@dataclass(frozen=True)
class Lead:
    """One leading figure: label, median, p5–p95 band and boundary, as text."""

    name: str
    label: str
    median: str
    band: str
    boundary: str


@dataclass(frozen=True)
class Brief:
    """A footprint's short answer (texts in one language)."""

    title: str
    about: str
    assumed: tuple[str, ...]
    leads: tuple[Lead, ...]
    equivalents: tuple[str, ...]
    drivers: str
    warnings: int


def scenario_text(fp: Footprint, key: str, lang: str) -> str:
    """The scenario's ``name`` / ``description`` (``name_zh`` / ``description_zh`` in Chinese)."""
    scenario = fp.scenario
    text = scenario.get(f"{key}_zh") if lang == "zh" else None
    text = text or scenario.get(key) or (fp.name if key == "name" else "")
    return " ".join(str(text).split())


def assumed_inputs(fp: Footprint, lang: str = "en") -> tuple[str, ...]:
    """The scenario fields the estimate filled with a default (``host power``, ``PUE``)."""
    found = (NOT_GIVEN.match(line) for line in fp.assumptions)
    return tuple(dict.fromkeys(short_input(m.group(1), lang) for m in found if m))


def lead(fp: Footprint, name: str, lang: str) -> Lead:
    """The text of one leading output."""
    s = shown(fp[name], lang)
    band = f"{s.p5}–{s.p95}" if s.p5 != s.p95 else "—"
    boundary = word(f"boundary_{definition(name).boundary}", lang)
    return Lead(name, label(name, lang), s.median, band, boundary)


def top_drivers(fp: Footprint, names: list[str], lang: str = "en") -> str:
    """The two strongest drivers of the first leading output that has any."""
    for name in names:
        found = fp[name].drivers[:2]
        if found:
            return ", ".join(
                f"{short_input(d.input, lang)} {d.rank_correlation:+.2f}" for d in found
            )
    return ""


def brief(fp: Footprint, lang: str = "en") -> Brief:
    """The short answer of a footprint in ``lang``."""
    names = [
        n
        for n in lead_names(fp.outputs, fp.kind)
        if not fp[n].p5 == fp[n].p50 == fp[n].p95 == 0  # absent, not "0 L"
    ]
    return Brief(
        title=f"{scenario_text(fp, 'name', lang)} · {word(fp.kind, lang)}",
        about=scenario_text(fp, "description", lang),
        assumed=assumed_inputs(fp, lang),
        leads=tuple(lead(fp, n, lang) for n in names),
        equivalents=equivalents(fp, lang),
        drivers=top_drivers(fp, names, lang),
        warnings=len(fp.warnings),
    )


def brief_lines(b: Brief, lang: str, width: int) -> list[str]:
    """The leading figures as aligned rows under a header (label, p50, p5–p95, boundary)."""
    head = ("", word("p50", lang), word("p5_p95", lang), word("boundary", lang))
    rows = [head, *((x.label, x.median, x.band, x.boundary) for x in b.leads)]
    widths = [max(cell_len(r[i]) for r in rows) for i in range(4)]
    widths[0] = min(widths[0], width - sum(widths[1:]) - 8)
    lines = []
    for label_text, median, band, boundary in rows:
        cells = (
            set_cell_size(fit(label_text, widths[0]), widths[0]),
            " " * (widths[1] - cell_len(median)) + median,
            " " * (widths[2] - cell_len(band)) + band,
            boundary,
        )
        lines.append(("  " + "  ".join(cells)).rstrip())
    return lines


def print_brief(
    b: Brief, lang: str = "en", console: Console | None = None, facts: Iterable[str] = ()
) -> None:
    """Print the short answer: title, what the work is, leads, equivalent, drivers, more."""
    console = console or Console()
    width = min(console.width, MAX_WIDTH)
    console.print(fit(b.title, width), style="bold", markup=False, highlight=False)
    if b.about:
        wrapped(console, b.about, width, ABOUT_LINES)
    if b.assumed:
        wrapped(console, word("assumed_not_given", lang, names=", ".join(b.assumed)), width, 2)
    for fact in facts:
        wrapped(console, fact, width, 2)
    for line in brief_lines(b, lang, width):
        say(console, line)
    for line in b.equivalents[:2]:
        wrapped(console, f"  {line}", width, 1)
    if b.drivers:
        key = "drivers_line" if "*" in b.drivers else "drivers_line_given"
        wrapped(console, word(key, lang, drivers=b.drivers), width, 2)
    if b.warnings:
        say(console, word("warnings_count", lang, count=b.warnings))
