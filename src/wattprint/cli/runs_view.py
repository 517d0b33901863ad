"""What ``wattprint runs list`` and ``runs show`` print: tables and lines of stored runs.

A translator only: every number comes from the stored record (its footprint and the
producer's totals); words come from :mod:`wattprint.quantity.words`, numbers, dates and
durations from :mod:`wattprint.quantity.display`, and a run's headline (the column
``runs list`` shows, the line ``runs show`` starts with) from the outputs table, so the
dashboard, the report and ``run --json`` show the same figure under the same label.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from wattprint.quantity.display import duration, energy_scale, joined, number, when
from wattprint.quantity.units import J_PER_KWH
from wattprint.quantity.words import WORDS, word
from wattprint.report.view import headline_column, headline_text, stored_footprint

if TYPE_CHECKING:  # the store (sqlite3, platformdirs) loads only when a runs command runs
    from wattprint.store import RunRecord


# Totals whose values are a mapping of amounts: the unit suffix those amounts carry.
NESTED_UNITS = {"devices": "energy_j"}


# Columns of ``runs list`` in the order they are given up as the terminal narrows.
LIST_COLUMNS = ("id", "name", "started", "duration", "energy", "status", "kind", "samples", "tags")
NARROW = 100  # below this many columns: id, name, started, duration, energy, status only


def runs_table(records: list[RunRecord], lang: str, width: int = 200) -> Table:
    """The listing as a rich Table with the columns that fit ``width`` terminal cells."""
    narrow = width < NARROW
    keys = LIST_COLUMNS[:6] if narrow else LIST_COLUMNS
    table = Table(box=None, pad_edge=False)
    for key in keys:
        justify = "right" if key in ("duration", "energy", "samples") else "left"
        title = headline_column("energy", lang) if key == "energy" else word(key, lang)
        if key == "started" and narrow:
            title = f"{title} (UTC)"
        table.add_column(
            title,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=key not in ("name", "energy"),
            overflow="fold",
            min_width=12 if key == "name" else None,
            max_width=24 if key == "name" else (12 if key == "energy" and narrow else None),
        )
    for r in records:
        cells = {
            "id": r.id,
            "name": r.name,
            "kind": word(r.kind, lang),
            "status": word(f"status_{r.status}", lang),
            "started": when(r.started_at)[:16] if narrow else when(r.started_at),
            "duration": duration(r.duration_s, lang),
            "energy": headline_text(stored_footprint(r.footprint), "energy", lang),
            "samples": f"{r.sample_count:,}",
            "tags": " ".join(f"{k}={v}" for k, v in r.tags.items()),
        }
        table.add_row(*(cells[k] for k in keys))
    return table


def details_table(r: RunRecord, lang: str) -> Table:
    """The run's metadata as a two-column table."""
    table = Table(title=f"{word('run', lang)} {r.id}", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    rows: list[tuple[str, object]] = [
        ("name", r.name),
        ("kind", word(r.kind, lang)),
        ("status", word(f"status_{r.status}", lang)),
        ("energy", headline_text(stored_footprint(r.footprint), "energy", lang)),
        ("started", when(r.started_at)),
        ("ended", when(r.ended_at)),
        ("duration", duration(r.duration_s, lang)),
        ("last_flush", when(r.last_flush_at)),
        ("host_pid", f"{r.host} / {r.pid}"),
        ("region", r.region),
        ("facility", r.facility),
        ("tags", " ".join(f"{k}={v}" for k, v in r.tags.items()) or None),
        ("command", None if r.command is None else " ".join(r.command)),
        ("exit_code", r.exit_code),
        ("samples", f"{r.sample_count:,}"),
        ("step_count", f"{r.step_count:,}"),
    ]
    for key, value in rows:
        if value is not None and value != "—":
            title = headline_column("energy", lang) if key == "energy" else word(key, lang)
            table.add_row(title, str(value))
    return table


def print_sensors(console: Console, r: RunRecord, lang: str) -> None:
    """One line per sensor: name, method (or status) and label (or reason)."""
    if not r.sensors:
        return
    console.print(f"[bold]{word('sensors', lang)}[/bold]")
    for s in r.sensors:
        how = s.get("method") or s.get("status") or "?"
        why = s.get("reason") or s.get("label") or ""
        line = f"  {s.get('name', '?')}: {how}" + (f" — {why}" if why else "")
        console.print(line, markup=False, highlight=False)


def print_totals(console: Console, r: RunRecord, lang: str) -> None:
    """The producer's totals, then energy per step / token / sample when present."""
    items = [(k, v) for k, v in r.totals.items() if v not in (None, [], {})]
    groups = (
        ("totals", [(k, v) for k, v in items if "_per_" not in k]),
        ("per_unit", [(k, v) for k, v in items if "_per_" in k]),
    )
    for header, group in groups:
        if group:
            console.print(f"[bold]{word(header, lang)}[/bold]")
        for key, value in group:
            for line in total_lines(key, value, lang):
                console.print(line, markup=False, highlight=False)


def total_lines(key: str, value: object, lang: str) -> list[str]:
    """Lines for one total: nested mappings and lists of records are indented below it."""
    head = f"  {word(key, lang) if key in WORDS else key}"
    if isinstance(value, dict):  # name -> amount, in the unit the key (or NESTED_UNITS) says
        return [f"{head}:"] + [  # each inner key carries its unit unless NESTED_UNITS says
            f"    {k}: {total_value(NESTED_UNITS.get(key) or str(k), v, lang)}"
            for k, v in value.items()
        ]
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        lines = [f"{head}:"]
        for item in value:
            name = item.get("name", "?")
            rest = [total_value(k, v, lang) for k, v in item.items() if k != "name"]
            lines.append(f"    {name}: " + " · ".join(rest))
        return lines
    if isinstance(value, list):
        return [f"{head}: " + ", ".join(str(v) for v in value)]
    return [f"{head}: {total_value(key, value, lang)}"]


def total_value(key: str, value: object, lang: str) -> str:
    """``*_j`` -> J and kWh (度 in Chinese), ``*_s`` -> a duration, ``*_w`` -> W."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return json.dumps(value, ensure_ascii=False)
    if key.endswith("_j"):
        return f"{joined(number(value, lang), 'J')} ({energy(value, lang)})"
    if key.endswith("_s"):
        return duration(value, lang)
    if key.endswith("_w"):
        return joined(number(value, lang), "W" if lang != "zh" else "瓦")
    return number(value, lang)


def print_brief_of(
    console: Console, r: RunRecord, lang: str, requests: Callable[[], None] | None = None
) -> None:
    """A stored run's short answer: when, how long, energy, power, sensors, carbon (and
    what ``requests`` prints: a service's per-request line), then where the detail is."""
    from wattprint.cli.run_view import fact_lines, print_more
    from wattprint.report.brief import brief, print_brief

    facts = fact_lines(r.name, r.totals, r.sensors, (r.status, r.exit_code), r.id, lang)
    colon = "：" if lang == "zh" else ": "
    facts.insert(1, f"{word('started', lang)}{colon}{when(r.started_at)}")
    fp = stored_footprint(r.footprint)
    if fp is None:
        for line in [*facts, word("no_footprint", lang)]:
            console.print(line, markup=False, highlight=False)
    else:
        print_brief(brief(fp, lang), lang, console, facts=facts)
    if requests is not None:
        requests()
    print_more(console, r.id, lang)


def print_footprint_of(console: Console, r: RunRecord, lang: str) -> None:
    """The stored footprint as the report's table."""
    console.print(f"[bold]{word('footprint', lang)}[/bold]")
    fp = stored_footprint(r.footprint)
    if fp is None:
        console.print(word("no_footprint", lang))
        return
    from wattprint.report.text import print_footprint

    print_footprint(fp, lang=lang, console=console)


def energy(energy_j: object, lang: str) -> str:
    """Energy in joules as kWh / MWh (度 with 万/亿 in Chinese), or an em dash."""
    if isinstance(energy_j, bool) or not isinstance(energy_j, (int, float)):
        return "—"
    kwh = energy_j / J_PER_KWH
    divisor, unit = energy_scale(kwh, lang)
    return joined(number(kwh / divisor, lang), unit)
