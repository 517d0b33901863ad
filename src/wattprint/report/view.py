"""What a report or a dashboard page shows of a footprint: cards, rows and footnotes.

Faces compute nothing of their own: every value here is one the Footprint JSON holds,
only divided into a display unit (kWh -> GWh, 度 -> 万度) and formatted.
"""

from __future__ import annotations

from dataclasses import dataclass

from wattprint.chain.result import Footprint, OutputSummary
from wattprint.report.i18n import display_scale, header, label, number
from wattprint.report.phrases import phrase
from wattprint.report.text import ordered, short_input

ENERGY_HEADLINE = ("facility_energy", "it_energy", "accelerator_energy")
CARBON_HEADLINE = ("carbon_total", "carbon_operational")
RECOVERABLE_HEAT = ("heat_recoverable", "heat_recovered", "heat_reused")


@dataclass(frozen=True)
class Shown:
    """One output as displayed: p5, p50 and p95 texts in one display unit."""

    p5: str
    p50: str
    p95: str
    unit: str

    @property
    def median(self) -> str:
        """``"44.1 GWh"``."""
        return f"{self.p50} {self.unit}"


@dataclass(frozen=True)
class Card:
    """A headline card: a title, the median and its unit, the p5–p95 range, notes."""

    key: str
    title: str
    value: str
    unit: str
    range: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutputRow:
    """One line of the outputs table."""

    name: str
    label: str
    shown: Shown
    basis: str
    drivers: str


def shown(out: OutputSummary, lang: str = "en") -> Shown:
    """p5 / p50 / p95 of an output in the display unit chosen from its p50."""
    divisor, unit = display_scale(out.unit, out.p50, lang)
    p5, p50, p95 = (number(v / divisor) for v in (out.p5, out.p50, out.p95))
    return Shown(p5, p50, p95, unit)


def first_present(fp: Footprint, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` the footprint has as an output."""
    return next((n for n in names if n in fp.outputs), None)


def _range(s: Shown, lang: str) -> str:
    return phrase("range", lang, low=s.p5, high=f"{s.p95} {s.unit}")


def _card(fp: Footprint, key: str, name: str, lang: str, notes: tuple[str, ...] = ()) -> Card:
    s = shown(fp.outputs[name], lang)
    return Card(key, phrase(key, lang), s.p50, s.unit, _range(s, lang), notes)


def equivalents(fp: Footprint, lang: str = "en") -> tuple[str, ...]:
    """Plain-language lines from the equivalence outputs (households, Olympic pools)."""
    lines: list[str] = []
    regions = ("cn", "us") if lang == "zh" else ("us", "cn")
    region = next((r for r in regions if f"households_electricity_{r}" in fp.outputs), None)
    if region is not None:
        value = number(fp.outputs[f"households_electricity_{region}"].p50)
        lines.append(phrase(f"eq_households_{region}", lang, value=value))
    if "olympic_pools_boiled" in fp.outputs:
        lines.append(phrase("eq_pools", lang, value=number(fp["olympic_pools_boiled"].p50)))
    return tuple(lines)


def cards(fp: Footprint, lang: str = "en") -> list[Card]:
    """Headline cards: energy, carbon, water, heat and a plain-language equivalent."""
    found: list[Card] = []
    energy = first_present(fp, ENERGY_HEADLINE)
    if energy is not None:
        key = "card_energy" if energy == "facility_energy" else "card_it_energy"
        found.append(_card(fp, key, energy, lang))
    carbon = first_present(fp, CARBON_HEADLINE)
    if carbon is not None:
        found.append(_card(fp, "card_carbon", carbon, lang))
    if "water_onsite" in fp.outputs:
        notes: tuple[str, ...] = ()
        if "water_offsite" in fp.outputs:
            offsite = shown(fp["water_offsite"], lang).median
            notes = (phrase("card_water_off", lang, value=offsite),)
        found.append(_card(fp, "card_water", "water_onsite", lang, notes))
    if "heat" in fp.outputs:
        recoverable = first_present(fp, RECOVERABLE_HEAT)
        notes = ()
        if recoverable is not None:
            value = shown(fp[recoverable], lang).median
            notes = (phrase("card_heat_recovered", lang, value=value),)
        found.append(_card(fp, "card_heat", "heat", lang, notes))
    lines = equivalents(fp, lang)
    if lines:
        found.append(
            Card("card_equivalent", phrase("card_equivalent", lang), lines[0], "", "", lines[1:])
        )
    return found


def output_rows(fp: Footprint, lang: str = "en") -> list[OutputRow]:
    """Every output in reading order, with display units and its two strongest drivers."""
    rows = []
    for name in ordered(fp.outputs):
        out = fp.outputs[name]
        drivers = ", ".join(
            f"{short_input(d.input)} {d.rank_correlation:+.2f}" for d in out.drivers[:2]
        )
        rows.append(
            OutputRow(name, label(name, lang), shown(out, lang), header(out.basis, lang), drivers)
        )
    return rows
