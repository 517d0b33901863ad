"""What a report or a dashboard page shows of a footprint: cards, rows and footnotes.

Faces compute nothing of their own: every value here is one the Footprint JSON holds,
only divided into a display unit (kWh -> GWh, 度 with 万/亿) and formatted. Which output
heads a card, and its title, come from the outputs table (:mod:`wattprint.chain.outputs`):
a card's title is its output's label, so it names its boundary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wattprint.chain.outputs import Role, label, lead_names, ordered, with_role, work_kind
from wattprint.chain.result import Footprint, OutputSummary
from wattprint.quantity.display import band_digits, display_scale, joined, number
from wattprint.quantity.words import word
from wattprint.report.equivalents import equivalents
from wattprint.report.text import short_input

MAX_CARDS = 4


@dataclass(frozen=True)
class Shown:
    """One output as displayed: p5, p50 and p95 texts in one display unit."""

    p5: str
    p50: str
    p95: str
    unit: str

    @property
    def median(self) -> str:
        """``"44.1 GWh"`` / ``"4410万度"``."""
        return joined(self.p50, self.unit)


@dataclass(frozen=True)
class Card:
    """A headline card: a title, the median and its unit, the p5–p95 range, notes."""

    key: str
    title: str
    value: str
    unit: str
    range: str
    notes: tuple[str, ...] = ()

    @property
    def gap(self) -> str:
        """What goes between value and unit: a space, or nothing before a Chinese unit."""
        return joined("", self.unit)[: -len(self.unit)] if self.unit else ""


@dataclass(frozen=True)
class OutputRow:
    """One line of the outputs table."""

    name: str
    label: str
    shown: Shown
    basis: str
    drivers: str


def shown(out: OutputSummary, lang: str = "en") -> Shown:
    """p5 / p50 / p95 of an output in the display unit chosen from its p50, to the
    significant figures its band deserves (:func:`~wattprint.quantity.display.band_digits`)."""
    digits = band_digits(out.p5, out.p50, out.p95)
    divisor, unit = display_scale(out.unit, out.p50, lang, digits)
    p5, p50, p95 = (number(v / divisor, lang, digits) for v in (out.p5, out.p50, out.p95))
    return Shown(p5, p50, p95, unit)


def first_present(fp: Footprint, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` the footprint has as an output."""
    return next((n for n in names if n in fp.outputs), None)


def headline(fp: Footprint, role: Role) -> str | None:
    """The output that heads ``role`` (``energy``, ``carbon`` ...) for this footprint."""
    return first_present(fp, with_role(role))


def _range(s: Shown, lang: str) -> str:
    return word("range", lang, low=s.p5, high=joined(s.p95, s.unit))


def _card(fp: Footprint, role: str, name: str, lang: str, notes: tuple[str, ...] = ()) -> Card:
    s = shown(fp.outputs[name], lang)
    return Card(f"card_{role}", label(name, lang), s.p50, s.unit, _range(s, lang), notes)


def _note(fp: Footprint, role: Role, key: str, lang: str) -> tuple[str, ...]:
    name = headline(fp, role)
    if name is None:
        return ()
    return (word(key, lang, value=shown(fp[name], lang).median),)


def lead_cards(fp: Footprint, lang: str) -> list[Card]:
    """Cards of the figures that lead for this kind of work (outputs table's LEADS)."""
    names = [n for n in lead_names(fp.outputs, fp.kind) if fp[n].p50 != 0][:MAX_CARDS]
    return [_card(fp, name, name, lang) for name in names]


def cards(fp: Footprint, lang: str = "en") -> list[Card]:
    """Headline cards: what leads for this kind of work (a cluster's peak MW and grid
    share, heat reuse's heat delivered and homes heated), else energy, carbon, water and
    heat; then a plain-language equivalent."""
    found: list[Card] = []
    if work_kind(fp.outputs, fp.kind) not in ("default", "measured"):
        found = lead_cards(fp, lang)
        lines = equivalents(fp, lang)
        if lines:
            found.append(
                Card("card_equivalent", word("card_equivalent", lang), lines[0], "", "", lines[1:])
            )
        return found
    notes = {
        "water": ("water_note", "card_water_off"),
        "heat": ("heat_note", "card_heat_recovered"),
    }
    for role in ("energy", "carbon", "water", "heat"):
        name = headline(fp, role)
        if name is None:
            continue
        note = notes.get(role)
        extra = _note(fp, note[0], note[1], lang) if note else ()  # type: ignore[arg-type]
        found.append(_card(fp, role, name, lang, extra))
    lines = equivalents(fp, lang)
    if lines:
        found.append(
            Card("card_equivalent", word("card_equivalent", lang), lines[0], "", "", lines[1:])
        )
    return found


def output_rows(fp: Footprint, lang: str = "en") -> list[OutputRow]:
    """Every output in reading order, with display units and its two strongest drivers;
    none that is zero throughout (absent is absent, not a row of zeros)."""
    rows = []
    for name in ordered(fp.outputs):
        out = fp.outputs[name]
        if out.p5 == out.p50 == out.p95 == 0:
            continue
        drivers = ", ".join(
            f"{short_input(d.input, lang)} {d.rank_correlation:+.2f}" for d in out.drivers[:2]
        )
        rows.append(
            OutputRow(name, label(name, lang), shown(out, lang), word(out.basis, lang), drivers)
        )
    return rows


def stored_footprint(data: Mapping[str, Any] | None) -> Footprint | None:
    """A footprint as a store holds it (``None``: none stored, or not in the known shape)."""
    if not data:
        return None
    try:
        return Footprint.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None


def headline_column(role: Role, lang: str = "en") -> str:
    """The title of a column of run headlines: the label of the role's preferred output."""
    return label(with_role(role)[0], lang)


def headline_text(fp: Footprint | None, role: Role, lang: str = "en") -> str:
    """A run's headline for ``role`` as a table cell: ``3.6 kWh``, or ``—`` without one.

    The column is titled with the preferred output's label (:func:`headline_column`); a
    run whose headline is another output (no facility energy: IT energy) says which.
    """
    name = None if fp is None else headline(fp, role)
    if fp is None or name is None:
        return "—"
    text = shown(fp[name], lang).median
    return text if name == with_role(role)[0] else f"{text} ({label(name, lang)})"


def headlines(fp: Footprint | None) -> dict[str, Any]:
    """The JSON of a run's headlines: ``{"energy": {"output", "label", "p5", "p50", ...}}``.

    ``runs list --json``, ``run --json`` and the dashboard's API all give this.
    """
    found: dict[str, Any] = {}
    for role in ("energy", "carbon"):
        name = None if fp is None else headline(fp, role)
        if fp is not None and name is not None:
            data = fp.outputs[name].to_dict()
            data.pop("drivers")
            found[role] = {"output": name, "label": label(name), **data}
    return found
