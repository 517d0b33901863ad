"""A footprint as a readable table (rich), in English or Chinese."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

from wattprint.chain.result import Footprint, OutputSummary
from wattprint.report.i18n import check_lang, display_scale, header, label, number

# Outputs shown in the table, in reading order; others follow in their own order.
ORDER = (
    "energy_per_request_accelerator",
    "energy_per_request_it",
    "energy_per_request_facility",
    "energy_per_1k_tokens_accelerator",
    "energy_per_1k_tokens_it",
    "energy_per_1k_tokens_facility",
    "energy_per_token_accelerator",
    "energy_per_token_it",
    "energy_per_token_facility",
    "carbon_per_request",
    "water_onsite_per_request",
    "water_offsite_per_request",
    "facility_energy_per_day",
    "facility_energy_per_minute",
    "service_load",
    "accelerator_energy",
    "host_energy",
    "it_energy",
    "facility_energy",
    "carbon_operational",
    "carbon_embodied",
    "carbon_total",
    "water_onsite",
    "water_offsite",
    "heat",
    "water_boiled_from_0c",
    "water_boiled_from_20c",
    "olympic_pools_boiled",
    "households_electricity_cn",
    "households_electricity_us",
    "water_evaporated",
    "boiling_water",
    "water_evaporated_cooling",
    "homes_heatable",
    "peak_power",
    "average_power",
    "peak_power_per_site",
    "average_power_per_site",
    "cost",
    "landauer_floor",
    "energy_per_flop",
    "floor_ratio",
    "heat_recoverable",
    "heat_pump_energy",
    "heat_delivered",
    "homes_heated",
    "area_heated",
    "carbon_avoided",
)


def ordered(names: Iterable[str]) -> list[str]:
    """Output names in :data:`ORDER`, unknown ones after, in their given order."""
    names = list(names)
    known = [n for n in ORDER if n in names]
    return known + [n for n in names if n not in ORDER]


def short_input(name: str) -> str:
    """``hardware.host_power (default)`` -> ``host_power*`` (the star marks a default)."""
    star = "*" if "(" in name else ""
    return name.split(" (")[0].rsplit(".", 1)[-1] + star


def output_row(name: str, out: OutputSummary, lang: str) -> list[str]:
    """Cells for one output: label, p5, p50, p95 (with unit), basis, drivers."""
    divisor, unit = display_scale(out.unit, out.p50, lang)
    cells = [number(v / divisor) for v in (out.p5, out.p50, out.p95)]
    drivers = ", ".join(
        f"{short_input(d.input)} {d.rank_correlation:+.2f}" for d in out.drivers[:2]
    )
    return [label(name, lang), *cells[:2], f"{cells[2]} {unit}", header(out.basis, lang), drivers]


def footprint_table(fp: Footprint, lang: str = "en") -> Table:
    """The outputs of a footprint as a rich Table."""
    check_lang(lang)
    kind = {"estimate": ("estimate", "估算"), "measurement": ("measured", "实测")}[fp.kind]
    title = f"{fp.name} ({kind[1] if lang == 'zh' else kind[0]})"
    table = Table(title=title, title_justify="left")
    for key, justify in (("output", "left"), ("p5", "right"), ("p50", "right"), ("p95", "left")):
        table.add_column(header(key, lang), justify=justify)  # type: ignore[arg-type]
    table.add_column(header("basis", lang))
    table.add_column(header("drivers", lang))
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
            console.print(f"[bold]{header(key, lang)}[/bold]")
            for item in items:
                console.print(f"  - {item}", markup=False, highlight=False)
    if sources and fp.sources:
        console.print(f"[bold]{header('sources', lang)}[/bold]")
        for i, ref in enumerate(fp.sources, start=1):
            note = f" [{ref.note}]" if ref.note else ""
            console.print(
                f"  [{i}] {ref.used_for}: {ref.value_text} — {ref.source} ({ref.year}){note}",
                markup=False,
                highlight=False,
            )
