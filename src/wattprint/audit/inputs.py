"""Named inputs of a claim's formula: quantities as written, or catalog values with sources.

An input is one of:

- a number (``25000``): dimensionless, used as written;
- a quantity text (``"400 W"``, ``"90 to 100 days"``, ``"20 °C"``): parsed like a scenario
  value (ranges and ``±`` give samples) and converted to **SI** (J, W, s, m³, kg, K,
  m², FLOP/s, W/m³, 1/m²), so formulas need no unit factors;
- a catalog value ``{catalog: TABLE.ID.FIELD}`` in the unit its name carries:
  ``constants.boltzmann_j_per_k``, ``defaults.bits_erased_per_flop`` (sampled),
  ``accelerators.A100.peak_fp32_tflops`` (also ``tdp_w``, ``transistors_billion``,
  ``die_area_mm2``, ``memory_gb``), ``loads.pjm-peak.power_mw``,
  ``sites.meta-odense.homes_heated``. The source is listed with the recomputation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wattprint.catalog import accelerators, reference_loads
from wattprint.catalog.resolve import constant_value, default_value
from wattprint.catalog.sites import heat_reuse_sites
from wattprint.errors import CatalogLookupError, ClaimsError, InputError
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.uncertain import Uncertain, parse_uncertain
from wattprint.quantity.units import G_PER_KG, J_PER_KWH, L_PER_M3, unit_dimension

# factor from a dimension's base unit (kWh, L, g/kWh ...) to SI
SI_FACTORS: dict[str, float] = {
    "energy": J_PER_KWH,
    "volume": 1 / L_PER_M3,
    "carbon_intensity": 1 / G_PER_KG / J_PER_KWH,
    "water_intensity": 1 / L_PER_M3 / J_PER_KWH,
    "price": 1 / J_PER_KWH,
}
_TEMPERATURE_UNITS = ("°C", "degC", "℃", "C", "K", "kelvin")
_COUNT_WORDS = (
    "k",
    "M",
    "B",
    "bn",
    "T",
    "万",
    "亿",
    "万亿",
    "thousand",
    "million",
    "billion",
    "trillion",
)
_SEPARATORS = re.compile(r"\s+to\s+|±|\+/-|–|—|~|\.\.|至|到")
_TRAILING = re.compile(r"^\s*[-+]?[\d.,_]+(?:[eE][-+]?\d+)?\s*(.*?)\s*$")
_CATALOG_TABLES = ("constants", "defaults", "accelerators", "loads", "sites")


@dataclass(frozen=True)
class FormulaInput:
    """One named input: its value (base units or catalog unit), SI factor and citation."""

    name: str
    written: str
    value: Uncertain
    si_factor: float = 1.0
    source: SourceRef | None = None


def parse_input(name: str, raw: Any, *, field: str) -> FormulaInput:
    """Read one formula input; raise ClaimsError (located by ``field``) when malformed."""
    if isinstance(raw, bool):
        raise ClaimsError("expected a number, a quantity or {catalog: ...}", field=field, got=raw)
    if isinstance(raw, (int, float)):
        return FormulaInput(name, f"{raw:g}", Uncertain.fixed(float(raw), "count"))
    if isinstance(raw, dict):
        if set(raw) != {"catalog"} or not isinstance(raw["catalog"], str):
            raise ClaimsError(
                "a catalog input is {catalog: TABLE.ID.FIELD}",
                field=field,
                got=raw,
                expected="e.g. {catalog: constants.boltzmann_j_per_k}",
            )
        return _catalog_input(name, raw["catalog"].strip(), f"{field}.catalog")
    if not isinstance(raw, str) or not raw.strip():
        raise ClaimsError("expected a number, a quantity or {catalog: ...}", field=field, got=raw)
    dimension = infer_dimension(raw, field=field)
    try:
        value = parse_uncertain(raw, dimension, field=field)
    except InputError as exc:
        raise ClaimsError(exc.message, field=field, got=exc.got, expected=exc.expected) from None
    return FormulaInput(name, raw.strip(), value, SI_FACTORS.get(dimension, 1.0))


def infer_dimension(text: str, *, field: str) -> str:
    """The dimension a quantity text's unit names (no unit: a dimensionless count)."""
    for part in _SEPARATORS.split(text.strip()):
        match = _TRAILING.match(part)
        unit = match.group(1) if match else ""
        if not unit or unit.endswith("%"):
            continue
        if unit in _TEMPERATURE_UNITS:
            return "temperature"
        if unit in _COUNT_WORDS:
            return "count"
        found = unit_dimension(unit)
        if found is None:
            raise ClaimsError(
                f"unknown unit {unit!r}",
                field=field,
                got=text,
                expected="a quantity such as '400 W', '90 to 100 days' or '20 °C'",
            )
        return found[0]
    return "count"


def _catalog_input(name: str, ref: str, field: str) -> FormulaInput:
    table, _, rest = ref.partition(".")
    if table not in _CATALOG_TABLES or not rest:
        raise ClaimsError(
            "unknown catalog reference",
            field=field,
            got=ref,
            expected="TABLE.ID[.FIELD] with TABLE one of " + ", ".join(_CATALOG_TABLES),
        )
    try:
        if table == "constants":
            value, source = constant_value(rest, f"claim input {name}")
            return FormulaInput(name, ref, Uncertain.fixed(value, "count"), 1.0, source)
        if table == "defaults":
            item = default_value(rest, f"claim input {name}", "raw")
            return FormulaInput(name, ref, item.value, 1.0, item.source)
        row_id, _, column = rest.rpartition(".")
        return _row_input(name, ref, table, row_id, column, field)
    except CatalogLookupError as exc:
        hint = f"did you mean {' or '.join(exc.suggestions)}?" if exc.suggestions else None
        raise ClaimsError(
            f"unknown {exc.table} {exc.name!r}", field=field, got=ref, hint=hint
        ) from None


def _row_input(
    name: str, ref: str, table: str, row_id: str, column: str, field: str
) -> FormulaInput:
    row: Any
    if table == "accelerators":
        row = accelerators().get(row_id)
        value = _accelerator_field(row, column)
    elif table == "loads":
        row = reference_loads().get(row_id)
        value = row.power_mw if column == "power_mw" else None
    else:
        row = heat_reuse_sites().get(row_id)
        value = getattr(row, column, None) if not column.startswith("_") else None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ClaimsError(
            f"{table} row {row.id} has no numeric field {column!r}",
            field=field,
            got=ref,
            hint="see `wattprint data` for the columns",
        )
    source = SourceRef(
        f"{table}:{row.id}", f"claim input {name}", f"{column} = {value:g}", row.source, row.year
    )
    return FormulaInput(name, ref, Uncertain.fixed(float(value), "count"), 1.0, source)


def _accelerator_field(row: Any, column: str) -> float | None:
    match = re.fullmatch(r"peak_(\w+)_tflops", column)
    if match:
        return row.peak_tflops.get(match.group(1))  # type: ignore[no-any-return]
    if column in ("tdp_w", "transistors_billion", "die_area_mm2", "memory_gb", "process_node_nm"):
        return getattr(row, column)  # type: ignore[no-any-return]
    return None
