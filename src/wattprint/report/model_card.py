"""The Hugging Face Hub's ``co2_eq_emissions`` model-card block, from a run or a scenario.

The Hub reads five keys under ``co2_eq_emissions`` in a model card's YAML header
(huggingface.co/docs/hub/model-cards-co2): ``emissions`` (a number, in grams of CO2),
``source``, ``training_type`` (``pre-training`` or ``fine-tuning``),
``geographical_location`` and ``hardware_used``. ``emissions`` holds wattprint's median
of the operational carbon (the electricity the facility drew, IT energy × PUE, times the
grid's intensity); the p5–p95 range and the boundary go in the free-text ``source``,
since the Hub has no field for a range. A key wattprint does not know is left out
rather than guessed. A short paragraph for the card's "Environmental impact" section
follows the block, in English or Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from wattprint._version import __version__
from wattprint.chain.result import Footprint, OutputSummary
from wattprint.errors import CatalogLookupError, InputError
from wattprint.quantity.units import G_PER_KG
from wattprint.quantity.words import check_lang, word
from wattprint.report.inputs import ReportInput

TRAINING_TYPES = ("pre-training", "fine-tuning")
"""The values the Hub's spec names for ``training_type``."""


@dataclass(frozen=True)
class CardFacts:
    """What the block and the paragraph say, in the Hub's units.

    Attributes:
        emissions_g: Median operational carbon, grams CO2e.
        low_g: Its p5, grams CO2e.
        high_g: Its p95, grams CO2e.
        energy_kwh: Median facility energy, kWh (None when the footprint has none).
        basis: ``measured`` or ``modelled`` (how the carbon figure was obtained).
        method: What measured or estimated the energy (sensors, or "estimate").
        training_type: ``pre-training`` / ``fine-tuning``, or None when not known.
        location: Grid region's name, or None.
        location_zh: Its Chinese name (the same where the catalog has none).
        hardware: Hardware in words, or None.
    """

    emissions_g: float
    low_g: float
    high_g: float
    energy_kwh: float | None
    basis: str
    method: str
    training_type: str | None
    location: str | None
    location_zh: str | None
    hardware: str | None


def card_facts(data: ReportInput, training_type: str | None = None) -> CardFacts:
    """Gather the card's facts from a report's subject (a stored run or a scenario).

    Raises:
        InputError: The subject is a claims file (it has no footprint), or the footprint
            has no operational carbon, or ``training_type`` is not one the Hub names.
    """
    if data.footprint is None:
        raise InputError(
            "a model card needs a footprint",
            got=data.kind,
            expected="a stored run id or a scenario file",
        )
    tags = data.run.record.tags if data.run is not None else {}
    return footprint_facts(data.footprint, tags, training_type)


def footprint_facts(
    fp: Footprint, tags: Mapping[str, str], training_type: str | None = None
) -> CardFacts:
    """The card's facts from a footprint and its run's tags (``training_type``,
    ``hardware_used``)."""
    if "carbon_operational" not in fp.outputs:
        raise InputError(
            "a model card needs operational carbon", got=fp.name, expected="a footprint with it"
        )
    scenario = fp.scenario
    kind = training_type or tags.get("training_type") or None
    if kind is not None and kind not in TRAINING_TYPES:
        raise InputError(
            "unknown training type",
            field="training_type",
            got=kind,
            expected="|".join(TRAINING_TYPES),
        )
    carbon = fp["carbon_operational"]
    energy = fp.outputs.get("facility_energy")
    return CardFacts(
        emissions_g=_grams(carbon.p50, carbon),
        low_g=_grams(carbon.p5, carbon),
        high_g=_grams(carbon.p95, carbon),
        energy_kwh=energy.p50 if energy is not None and energy.unit == "kWh" else None,
        basis="measured" if fp.kind == "measurement" else "modelled",
        method=_method(fp),
        training_type=kind,
        location=_location(scenario, "en"),
        location_zh=_location(scenario, "zh"),
        hardware=tags.get("hardware_used") or _hardware(scenario),
    )


def co2_block(facts: CardFacts, lang: str = "en") -> str:
    """The YAML header block, ``---`` lines included, ready to merge into a card."""
    check_lang(lang)
    source = (
        f"wattprint {__version__} ({facts.basis}: {facts.method}); "
        f"p5-p95 {_g(facts.low_g)}-{_g(facts.high_g)} g CO2e; "
        f"boundary: {word('card_boundary', 'en')}"
    )
    entry: dict[str, Any] = {"emissions": float(_g(facts.emissions_g)), "source": source}
    if facts.training_type:
        entry["training_type"] = facts.training_type
    if facts.location:
        entry["geographical_location"] = facts.location
    if facts.hardware:
        entry["hardware_used"] = facts.hardware
    body = yaml.safe_dump(
        {"co2_eq_emissions": entry}, sort_keys=False, allow_unicode=True, width=1000
    )
    return f"---\n{body}---\n"


def paragraph(facts: CardFacts, lang: str = "en") -> str:
    """A short Markdown paragraph saying the same, for the card's body."""
    check_lang(lang)
    how = word("card_measured" if facts.basis == "measured" else "card_estimated", lang)
    text = word("card_heading", lang) + "\n\n"
    text += word(
        "card_emitted",
        lang,
        g=_g(facts.emissions_g),
        low=_g(facts.low_g),
        high=_g(facts.high_g),
        how=how,
        method=facts.method,
    )
    if facts.energy_kwh is not None:
        text += word("card_energy", lang, kwh=_g(facts.energy_kwh))
    if facts.hardware:
        text += word("card_hardware", lang, hardware=facts.hardware)
    location = facts.location_zh if lang == "zh" else facts.location
    if location:
        text += word("card_location", lang, location=location)
    return text + word("card_end", lang, boundary=word("card_boundary", lang)) + "\n"


def render_model_card(data: ReportInput, lang: str = "en", training_type: str | None = None) -> str:
    """The YAML block, a blank line, then the paragraph: what ``--format model-card`` prints."""
    return render_facts(card_facts(data, training_type), lang)


def render_facts(facts: CardFacts, lang: str = "en") -> str:
    """The YAML block, a blank line, then the paragraph."""
    return co2_block(facts, lang) + "\n" + paragraph(facts, lang)


def _grams(value: float, out: OutputSummary) -> float:
    if out.unit.startswith("kg"):
        return value * G_PER_KG
    if out.unit.startswith("t "):
        return value * G_PER_KG * G_PER_KG
    return value


def _g(value: float) -> str:
    """Three significant figures, no exponent for everyday sizes (12.3, 0.00452, 1.23e+09)."""
    text = f"{value:.3g}"
    if "e" in text and 1e-6 <= abs(value) < 1e9:
        text = f"{float(text):f}".rstrip("0").rstrip(".")
    return text


def _method(fp: Footprint) -> str:
    devices = fp.scenario.get("devices")
    if not isinstance(devices, list) or not devices:
        return "estimate from a scenario" if fp.kind != "measurement" else "measurement"
    methods = sorted({f"{d.get('name')} {d.get('method')}" for d in devices if isinstance(d, dict)})
    return ", ".join(methods)


def _location(scenario: Mapping[str, Any], lang: str) -> str | None:
    facility = scenario.get("facility")
    region = scenario.get("region")
    if region is None and isinstance(facility, Mapping):
        region = facility.get("grid")
    if not isinstance(region, str) or not region:
        return None
    from wattprint.catalog import grids

    try:
        row = grids().get(region)
    except CatalogLookupError:
        return region
    return (row.name_zh or row.name) if lang == "zh" else row.name


def _hardware(scenario: Mapping[str, Any]) -> str | None:
    hardware = scenario.get("hardware")
    if isinstance(hardware, Mapping) and hardware.get("accelerator"):
        count = hardware.get("count", 1)
        return f"{count} x {hardware['accelerator']}"
    devices = scenario.get("devices")
    if isinstance(devices, list):
        names = [str(d.get("label") or d.get("name")) for d in devices if isinstance(d, dict)]
        return ", ".join(names) or None
    return None
