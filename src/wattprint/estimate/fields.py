"""The scenario format, declared once as data: sections, fields, dimensions, help.

The same table validates files, feeds ``wattprint estimate --help-format`` and the docs
(``docs/scenario.md`` is checked against it by a test).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """One scenario field. ``dimension`` None means text; quantities may be uncertain."""

    help: str
    dimension: str | None = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    exclusive_minimum: bool = False
    maximum: float | None = None


def _q(
    dimension: str,
    help: str,
    minimum: float | None = 0.0,
    exclusive: bool = True,
    maximum: float | None = None,
) -> FieldSpec:
    return FieldSpec(help, dimension, (), minimum, exclusive, maximum)


CLIMATES = ("cn_north", "nordic")

TOP_LEVEL: dict[str, FieldSpec] = {
    "name": FieldSpec("A title for the work (required)."),
    "kind": FieldSpec("training or inference (default training).", None, ("training", "inference")),
    "name_zh": FieldSpec("The title in Chinese (shown with --lang zh; default: name)."),
    "description": FieldSpec("Free text: what is modelled and from which sources."),
    "description_zh": FieldSpec("The description in Chinese (shown with --lang zh)."),
    "sources": FieldSpec("Free text or list: where the scenario's own figures come from."),
}

SECTIONS: dict[str, dict[str, FieldSpec]] = {
    "hardware": {
        "accelerator": FieldSpec("Catalog id or alias (wattprint data accelerators), e.g. A100."),
        "count": _q("count", "Number of accelerators."),
        "power": _q("power", "Average power per accelerator; default TDP × a sourced share."),
        "host_power": _q(
            "power", "Non-accelerator server power per accelerator; sourced default.", 0.0, False
        ),
        "precision": FieldSpec(
            "Precision for peak FLOP/s with parameters/tokens sizing (default bf16).",
            None,
            ("fp64", "fp32", "tf32", "bf16", "fp8"),
        ),
        "embodied": _q(
            "mass", "Embodied CO2e per accelerator incl. server share; sourced default.", 0.0, False
        ),
        "lifetime": _q("time", "Service life over which embodied carbon is amortised."),
    },
    "training": {
        "duration": _q("time", "(a) Wall-clock time of the run; needs hardware.count."),
        "accelerator_hours": _q("count", "(b) Accelerator-hours of the run."),
        "parameters": _q("count", "(c) Parameters (active ones for MoE), with tokens."),
        "tokens": _q("count", "(c) Training tokens, with parameters: FLOPs = 6·N·D."),
        "flops": _q("count", "(c') Total training FLOPs."),
        "mfu": _q("ratio", "Model FLOPs utilisation, with (c); sourced default.", 0.0, True, 1.0),
    },
    "inference": {
        "tokens_per_day": _q("count", "Tokens generated per day."),
        "requests_per_day": _q("count", "Requests per day (with tokens_per_request)."),
        "tokens_per_request": _q("count", "Tokens per request (with requests_per_day)."),
        "days": _q("time", "How long the service runs (a number is read as days)."),
        "parameters": _q("count", "Model parameters (active ones for MoE)."),
        "energy_per_token": _q(
            "energy_per_item", "Accelerator energy per token; else derived from model size."
        ),
        "utilisation": _q(
            "ratio", "FLOP utilisation while serving; sourced default.", 0.0, True, 1.0
        ),
    },
    "facility": {
        "name": FieldSpec(
            "Catalog facility (wattprint data facilities); default industry-average."
        ),
        "pue": _q("ratio", "Power usage effectiveness (facility ÷ IT energy).", 1.0, False),
        "wue": _q("water_intensity", "On-site water per IT kWh.", 0.0, False),
        "grid": FieldSpec("Grid region code (wattprint data grids); default WORLD."),
        "carbon_intensity": _q("carbon_intensity", "Instead of grid: gCO2e per kWh.", 0.0, False),
        "water_offsite": _q(
            "water_intensity", "Water consumed by power generation per kWh.", 0.0, False
        ),
        "price": _q("price", "Electricity price, e.g. 0.08 USD/kWh.", 0.0, False),
    },
    "physics": {
        "temperature": _q(
            "temperature", "Temperature for Landauer's k·T·ln2; default room_temperature_k."
        ),
        "bits_erased_per_flop": _q(
            "count", "Bits irreversibly erased per FLOP; default is an unsourced assumption."
        ),
    },
    "heat": {
        "water_start_temperature": _q(
            "temperature",
            "Start temperature of water brought to the boil (default 0 °C).",
            273.15,
            False,
            373.15,
        ),
        "climate": FieldSpec(
            "Climate for homes-heated equivalents: cn_north or nordic.", None, CLIMATES
        ),
    },
    "cooling": {
        "evaporated_share": _q(
            "ratio",
            "Share of rejected heat that evaporates water (0 for dry, lake or sea "
            "cooling); default: wet cooling tower, sourced.",
            0.0,
            False,
            1.0,
        ),
    },
    "grid_load": {
        "sites": _q("count", "Sites the cluster is split over, evenly (default 1).", 1.0, False),
        "compare_to": FieldSpec(
            "Reference loads for each site's peak, comma-separated ids (wattprint data loads)."
        ),
    },
    "heat_reuse": {
        "recoverable_share": _q(
            "ratio",
            "Share of the heat recovered; sourced default (a site built for it).",
            0.0,
            False,
            1.0,
        ),
        "heat_pump_cop": _q(
            "ratio", "Heat pump COP (delivered heat ÷ electricity, > 1); sourced default.", 1.0
        ),
        "climate": FieldSpec(
            "Climate of the homes heated: cn_north or nordic (default: heat.climate).",
            None,
            CLIMATES,
        ),
        "replaces": FieldSpec("Heating replaced: gas or coal (boiler).", None, ("gas", "coal")),
    },
}


def list_items(text: str) -> list[str]:
    """The items of a comma-separated text field (``"pjm-peak, us-va-avg"``)."""
    return [item.strip() for item in text.split(",") if item.strip()]


TRAINING_SIZINGS: tuple[tuple[str, ...], ...] = (
    ("duration",),
    ("accelerator_hours",),
    ("parameters", "tokens"),
    ("flops",),
)


def markdown_reference() -> str:
    """The field reference of docs/scenario.md, generated from this table."""
    lines = ["| field | kind | meaning |", "|---|---|---|"]
    for name, spec in TOP_LEVEL.items():
        lines.append(f"| `{name}` | {_kind(spec)} | {spec.help} |")
    for section, specs in SECTIONS.items():
        for name, spec in specs.items():
            lines.append(f"| `{section}.{name}` | {_kind(spec)} | {spec.help} |")
    return "\n".join(lines) + "\n"


def _kind(spec: FieldSpec) -> str:
    if spec.choices:
        return " \\| ".join(spec.choices)
    if spec.dimension is None:
        return "text"
    bounds = []
    if spec.minimum is not None:
        bounds.append(f"{'>' if spec.exclusive_minimum else '≥'} {spec.minimum:g}")
    if spec.maximum is not None:
        bounds.append(f"≤ {spec.maximum:g}")
    return spec.dimension.replace("_", " ") + (f" ({', '.join(bounds)})" if bounds else "")
