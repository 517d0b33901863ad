"""The one plain-words equivalent a person can picture, chosen by the energy's size.

A figure is said in everyday terms only where that helps: the headline energy is
divided by the energy of a familiar thing (a kettle of water brought to the boil, a
household's electricity for a day, for a year) and the largest thing it reaches one of
is said; below 0.01 of the smallest, nothing is said (a millisecond run is not
"0.0000003 kettles"). Households are those of the grid's own country (China, the US,
the EU), else of the reader's language. Heat large enough to boil an Olympic pool of
ice water adds that line. Every factor is a catalog row with its source and year
(``wattprint data constants kettle_boil_kwh_per_litre``); this module only divides.
"""

from __future__ import annotations

from dataclasses import dataclass

from wattprint.catalog import constant
from wattprint.chain.result import Footprint
from wattprint.quantity.display import number
from wattprint.quantity.words import word

DAYS_PER_YEAR = 365.0
SMALLEST_WORTH_SAYING = 0.01
HOUSEHOLD_REGIONS = ("cn", "us", "eu")
EU_GRIDS = ("AT", "BE", "DE", "DK", "ES", "FI", "FR", "IE", "IT", "NL", "PL", "PT", "SE")


@dataclass(frozen=True)
class Thing:
    """A familiar thing: the word key that says it and its energy in kWh."""

    key: str
    kwh: float


def household_region(fp: Footprint, lang: str) -> str:
    """``cn``, ``us`` or ``eu`` from the footprint's grid region, else by language."""
    facility = fp.scenario.get("facility")
    grid = facility.get("grid") if isinstance(facility, dict) else None
    grid = grid or fp.scenario.get("region") or ""
    code = str(grid).upper().split("-")[0]
    if code in ("CN", "US"):
        return code.lower()
    if code in EU_GRIDS or code == "EU":
        return "eu"
    return "cn" if lang == "zh" else "us"


def things(region: str) -> tuple[Thing, ...]:
    """The familiar things, smallest first, with their energy from the catalog."""
    year_kwh = constant(f"household_electricity_kwh_per_year_{region}").value
    return (
        Thing("eq_kettles", constant("kettle_boil_kwh_per_litre").value),
        Thing(f"eq_household_days_{region}", year_kwh / DAYS_PER_YEAR),
        Thing(f"eq_households_{region}", year_kwh),
    )


def energy_equivalent(energy_kwh: float, region: str, lang: str = "en") -> str | None:
    """``≈ 4,100 US households' electricity for a year``; None when under 0.01 kettles."""
    choices = things(region)
    best = next((t for t in reversed(choices) if energy_kwh / t.kwh >= 1), choices[0])
    count = energy_kwh / best.kwh
    if count < SMALLEST_WORTH_SAYING:
        return None
    return word(best.key, lang, value=number(count, lang, 2))


def equivalents(fp: Footprint, lang: str = "en") -> tuple[str, ...]:
    """Plain-words lines for the footprint's headline energy (and heat), at most two."""
    energy = next(
        (fp.outputs[n].p50 for n in ("facility_energy", "it_energy") if n in fp.outputs), None
    )
    lines: list[str] = []
    if energy is not None and energy > 0:
        line = energy_equivalent(energy, household_region(fp, lang), lang)
        if line is not None:
            lines.append(line)
    pools = fp.outputs.get("olympic_pools_boiled")
    if pools is not None and pools.p50 >= 1:
        lines.append(word("eq_pools", lang, value=number(pools.p50, lang, 2)))
    return tuple(lines)
