"""The scenario format, declared once as data: sections, fields, dimensions, help.

The same table validates files, feeds ``wattprint estimate --help-format`` and the docs
(``docs/scenario.md`` is checked against it by a test).
"""

from __future__ import annotations

from dataclasses import dataclass

from wattprint.quantity.units import SECONDS_PER_DAY, SECONDS_PER_YEAR


@dataclass(frozen=True)
class FieldSpec:
    """One scenario field. ``dimension`` None means text; quantities may be uncertain.

    Every quantity has a ``maximum`` in base units: a physical range checked at the edge
    so that no value (p95 included) the chain sees is absurd or overflows. ``shown`` is
    that maximum as a person would write it (``100 years`` rather than ``3.16e+09``).
    """

    help: str
    dimension: str | None = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    exclusive_minimum: bool = False
    maximum: float | None = None
    shown: str | None = None

    @property
    def maximum_text(self) -> str:
        """The maximum as written in messages and docs."""
        return self.shown or f"{self.maximum:g}"


def _q(
    dimension: str,
    help: str,
    minimum: float | None = 0.0,
    exclusive: bool = True,
    maximum: float | None = None,
    shown: str | None = None,
) -> FieldSpec:
    return FieldSpec(help, dimension, (), minimum, exclusive, maximum, shown)


# Upper ends of the physical ranges (docs/limits.md). These are sanity bounds, not data:
# each sits orders of magnitude above the largest real value, so no real scenario meets
# one, while 1e308 accelerators or a p95 beyond float range are refused with a message.
_CENTURY_S = 100 * SECONDS_PER_YEAR
_CENTURY = (_CENTURY_S, "100 years")


CLIMATES = ("cn_north", "cn_harbin", "nordic")

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
        "count": _q("count", "Number of accelerators.", maximum=1e7),
        "power": _q(
            "power",
            "Power per accelerator (inference: while busy); default TDP × a sourced share.",
            maximum=1e5,
            shown="100 kW",
        ),
        "idle_power": _q(
            "power",
            "Inference: idle draw per accelerator; sourced default.",
            0.0,
            False,
            1e5,
            "100 kW",
        ),
        "host_power": _q(
            "power",
            "Non-accelerator server power per accelerator; sourced default.",
            0.0,
            False,
            1e5,
            "100 kW",
        ),
        "precision": FieldSpec(
            "Precision for peak FLOP/s with parameters/tokens sizing (default bf16).",
            None,
            ("fp64", "fp32", "tf32", "bf16", "fp8"),
        ),
        "embodied": _q(
            "mass",
            "Embodied CO2e per accelerator incl. server share; sourced default.",
            0.0,
            False,
            1e5,
            "100 t",
        ),
        "lifetime": _q(
            "time", "Service life over which embodied carbon is amortised.", 0.0, True, *_CENTURY
        ),
    },
    "training": {
        "duration": _q(
            "time", "(a) Wall-clock time of the run; needs hardware.count.", 0.0, True, *_CENTURY
        ),
        "accelerator_hours": _q("count", "(b) Accelerator-hours of the run.", maximum=1e12),
        "parameters": _q(
            "count", "(c) Parameters (active ones for MoE), with tokens.", maximum=1e16
        ),
        "tokens": _q("count", "(c) Training tokens, with parameters: FLOPs = 6·N·D.", maximum=1e18),
        "flops": _q("count", "(c') Total training FLOPs.", maximum=1e32),
        "mfu": _q("ratio", "Model FLOPs utilisation, with (c); sourced default.", 1e-3, False, 1.0),
    },
    "inference": {
        "requests_per_day": _q(
            "count", "(a) Requests per day, with tokens per request.", maximum=1e15
        ),
        "tokens_in": _q("count", "Input (prompt) tokens per request: prefill.", 0.0, False, 1e9),
        "tokens_out": _q("count", "Output tokens per request: decode.", maximum=1e9),
        "tokens_per_request": _q(
            "count",
            "Tokens per request, all read as output tokens (or give tokens_in/out).",
            maximum=1e9,
        ),
        "tokens_per_day": _q(
            "count", "Output tokens per day (requests of tokens_out each).", maximum=1e18
        ),
        "days": _q(
            "time", "How long the service runs (a number is read as days).", 0.0, True, *_CENTURY
        ),
        "parameters": _q(
            "count", "(a) Model parameters (all of them; weights held).", maximum=1e16
        ),
        "active_parameters": _q(
            "count", "Parameters active per token (MoE); default all.", maximum=1e16
        ),
        "bytes_per_parameter": _q(
            "count", "Bytes per weight (0.5 for 4-bit); default from hardware.precision.", maximum=8
        ),
        "kv_bytes_per_token": _q(
            "count",
            "KV-cache bytes per token of context; sourced default per parameter.",
            maximum=1e9,
        ),
        "accelerators_per_replica": _q(
            "count",
            "Accelerators holding one copy (tensor parallel); default: fewest that fit.",
            maximum=1e5,
        ),
        "concurrency": _q(
            "count", "Most sequences batched per replica; sourced default.", maximum=1e6
        ),
        "utilisation": _q(
            "ratio",
            "(b) Share of time a fleet sized by hardware.count is busy; default 1.",
            1e-3,
            False,
            1.0,
        ),
        "energy_per_token": _q(
            "energy_per_item",
            "(c) Measured or disclosed energy per output token.",
            maximum=3.6e6,
            shown="1 kWh/token",
        ),
        "energy_per_request": _q(
            "energy_per_item",
            "(c) Measured or disclosed energy per request.",
            maximum=3.6e8,
            shown="100 kWh/request",
        ),
        "energy_boundary": FieldSpec(
            "Boundary of energy_per_token/request (default accelerator).",
            None,
            ("accelerator", "it", "facility"),
        ),
    },
    "facility": {
        "name": FieldSpec(
            "Catalog facility (wattprint data facilities); default industry-average."
        ),
        "pue": _q("ratio", "Power usage effectiveness (facility ÷ IT energy).", 1.0, False, 10.0),
        "design_day_pue": _q(
            "ratio",
            "PUE on the hottest design day, for the grid connection; default: annual "
            "PUE × an unsourced ratio.",
            1.0,
            False,
            10.0,
        ),
        "wue": _q("water_intensity", "On-site water per IT kWh.", 0.0, False, 100.0, "100 L/kWh"),
        "grid": FieldSpec("Grid region code (wattprint data grids); default WORLD."),
        "carbon_intensity": _q(
            "carbon_intensity",
            "Instead of grid: gCO2e per kWh.",
            0.0,
            False,
            1e4,
            "10,000 g/kWh",
        ),
        "water_offsite": _q(
            "water_intensity",
            "Water consumed by power generation per kWh.",
            0.0,
            False,
            1e3,
            "1,000 L/kWh",
        ),
        "price": _q(
            "price", "Electricity price, e.g. 0.08 USD/kWh.", 0.0, False, 1e3, "1,000 USD/kWh"
        ),
    },
    "physics": {
        "temperature": _q(
            "temperature",
            "Temperature for Landauer's k·T·ln2; default room_temperature_k.",
            maximum=1e4,
            shown="10,000 K",
        ),
        "bits_erased_per_flop": _q(
            "count",
            "Bits irreversibly erased per FLOP; default is an unsourced assumption.",
            maximum=1e9,
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
            "Climate for homes-heated equivalents: cn_north, cn_harbin or nordic.", None, CLIMATES
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
        "sites": _q(
            "count", "Sites the cluster is split over, evenly (default 1).", 1.0, False, 1e6
        ),
        "compare_to": FieldSpec(
            "Reference loads for each site's peak, comma-separated ids (wattprint data loads)."
        ),
        "network_share": _q(
            "ratio",
            "Share of IT power in network fabric and storage; sourced default.",
            0.0,
            False,
            0.9,
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
            "ratio",
            "Heat pump COP (delivered heat ÷ electricity, > 1); default: a sourced share of "
            "Carnot's COP for the source and sink temperatures.",
            1.0,
            True,
            100.0,
        ),
        "cooling": FieldSpec(
            "Where the heat comes from: air (halls at 25-35 °C, default) or liquid (45 °C).",
            None,
            ("air", "liquid"),
        ),
        "source_temperature": _q(
            "temperature",
            "Temperature of the recovered heat; default by cooling.",
            maximum=473.15,
            shown="200 °C",
        ),
        "sink_temperature": _q(
            "temperature",
            "Supply temperature of the heating network; default 70-90 °C.",
            maximum=473.15,
            shown="200 °C",
        ),
        "heating_season": _q(
            "time",
            "Days a year the network takes space heat; default by climate.",
            maximum=366 * SECONDS_PER_DAY,
            shown="366 days",
        ),
        "hot_water_share": _q(
            "ratio",
            "Share of the homes' heat that is hot water, taken all year (default 0).",
            0.0,
            False,
            1.0,
        ),
        "climate": FieldSpec(
            "Climate of the homes heated: cn_north, cn_harbin or nordic (default: heat.climate).",
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
        bounds.append(f"≤ {spec.maximum_text}")
    return spec.dimension.replace("_", " ") + (f" ({', '.join(bounds)})" if bounds else "")
