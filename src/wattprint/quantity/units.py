"""Units, parsed once at the edge: ``"400 W"`` -> ``(400.0, "power")`` in base units.

Units are data: one table maps each spelling to its dimension and its factor to that
dimension's base unit. The base units are the ones the chain works in and that raw
names carry (``power_w``, ``energy_kwh``, ``duration_s`` ...). pint would do this too,
but costs ~180 ms to import and build a registry; the set of units an energy footprint
needs is small and closed, so a table keeps the import path light and the error
messages ours.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from wattprint.errors import InputError

BASE_UNITS: dict[str, str] = {
    "power": "W",
    "energy": "kWh",
    "time": "s",
    "volume": "L",
    "mass": "kg",
    "carbon_intensity": "g/kWh",
    "water_intensity": "L/kWh",
    "temperature": "K",
    "ratio": "1",
    "count": "1",
    "flop_rate": "FLOP/s",
    "energy_per_item": "J",
    "price": "USD/kWh",
    "area": "m2",
    "power_density": "W/m3",
    "areal_density": "1/m2",
}

# Unit constants: declared here once; every module that converts imports them.
J_PER_KWH = 3.6e6
"""Joules in a kilowatt-hour (exact: 1 kWh = 1000 W × 3600 s)."""
J_PER_WH = 3600.0
"""Joules in a watt-hour."""
W_PER_KW = 1e3
"""Watts in a kilowatt (and watt-hours in a kilowatt-hour)."""
W_PER_MW = 1e6
"""Watts in a megawatt."""
G_PER_KG = 1e3
"""Grams in a kilogram."""
L_PER_M3 = 1e3
"""Litres in a cubic metre."""
MILLIJOULES_PER_J = 1e3
"""Millijoules in a joule (NVML's energy counter counts mJ)."""
MICROJOULES_PER_J = 1e6
"""Microjoules in a joule (RAPL and AMD SMI energy counters count µJ)."""
MILLIWATTS_PER_W = 1e3
"""Milliwatts in a watt (NVML reports power in mW)."""
SECONDS_PER_HOUR = 3600.0
"""Seconds in an hour."""
SECONDS_PER_DAY = 86400.0
"""Seconds in a day."""
SECONDS_PER_YEAR = 365.25 * SECONDS_PER_DAY
"""Seconds in a Julian year, the astronomical convention (IAU)."""

_DAY = SECONDS_PER_DAY
_YEAR = SECONDS_PER_YEAR
_MONTH = _YEAR / 12

# spelling -> (dimension, factor to base unit). Case-sensitive first, then lower-case.
_UNITS: dict[str, tuple[str, float]] = {}


def _add(dimension: str, factor: float, *spellings: str) -> None:
    for spelling in spellings:
        _UNITS[spelling] = (dimension, factor)


_add("power", 1.0, "W", "watt", "watts", "瓦")
_add("power", 1e-3, "mW")
_add("power", 1e3, "kW", "kilowatt", "kilowatts", "千瓦")
_add("power", 1e6, "MW", "megawatt", "megawatts", "兆瓦")
_add("power", 1e9, "GW", "gigawatt", "gigawatts", "吉瓦")
_add("energy", 1 / J_PER_KWH, "J", "joule", "joules", "焦")
_add("energy", 1 / 3.6e3, "kJ")
_add("energy", 1 / 3.6, "MJ")
_add("energy", 1e3 / 3.6, "GJ")
_add("energy", 1e6 / 3.6, "TJ")
_add("energy", 1e-3, "Wh")
_add("energy", 1.0, "kWh", "度", "千瓦时")
_add("energy", 1e3, "MWh", "兆瓦时")
_add("energy", 1e4, "万度", "万千瓦时")
_add("energy", 1e6, "GWh", "吉瓦时")
_add("energy", 1e8, "亿度", "亿千瓦时")
_add("energy", 1e9, "TWh", "太瓦时")
_add("time", 1.0, "s", "sec", "secs", "second", "seconds", "秒")
_add("time", 60.0, "min", "mins", "minute", "minutes", "分钟")
_add("time", SECONDS_PER_HOUR, "h", "hr", "hrs", "hour", "hours", "小时")
_add("time", _DAY, "d", "day", "days", "天")
_add("time", 7 * _DAY, "week", "weeks", "周")
_add("time", _MONTH, "month", "months", "个月", "月")
_add("time", _YEAR, "year", "years", "yr", "yrs", "年")
_add("volume", 1.0, "L", "l", "litre", "litres", "liter", "liters", "升")
_add("volume", 1e-3, "mL", "ml")
_add("volume", 1e3, "m3", "m³", "立方米")
_add("volume", 1e-3, "cm3", "cm³", "立方厘米")
_add("volume", 3.785411784, "gal", "gallon", "gallons")
_add("mass", 1e-3, "g", "gCO2e", "gCO2", "克")
_add("mass", 1.0, "kg", "kgCO2e", "kgCO2", "千克", "公斤")
_add("mass", 1e3, "t", "tonne", "tonnes", "tCO2e", "tCO2", "吨")
_add("carbon_intensity", 1.0, "g/kWh", "gCO2e/kWh", "gCO2/kWh", "kg/MWh", "kgCO2e/MWh")
_add("carbon_intensity", 1e3, "kg/kWh", "kgCO2e/kWh", "kgCO2/kWh", "t/MWh", "tCO2e/MWh")
_add("carbon_intensity", 0.45359237, "lb/MWh", "lbCO2e/MWh", "lbCO2/MWh")
_add("water_intensity", 1.0, "L/kWh", "l/kWh", "m3/MWh")
_add("water_intensity", 1e-3, "mL/kWh", "ml/kWh", "L/MWh")
_add("water_intensity", 3.785411784e-3, "gal/MWh")
_add("water_intensity", 3.785411784, "gal/kWh")
_add("temperature", 1.0, "K", "kelvin")
_add("ratio", 1.0, "1", "x", "×")
_add("ratio", 0.01, "%", "percent")
_add("ratio", 1.0, "bit", "bits", "token", "tokens", "FLOP", "FLOPs", "flop", "flops")
_add("flop_rate", 1.0, "FLOP/s", "FLOPS", "flop/s")
_add("flop_rate", 1e12, "TFLOP/s", "TFLOPS", "TFLOPs")
_add("flop_rate", 1e15, "PFLOP/s", "PFLOPS")
_add("energy_per_item", 1.0, "J/token", "J/request", "J/item")
_add("energy_per_item", J_PER_WH, "Wh/token", "Wh/request", "Wh/item", "Wh/query", "Wh/prompt")
_add("energy_per_item", 3.6, "mWh/token", "mWh/request", "mWh/query", "mWh/prompt")
_add("price", 1.0, "USD/kWh", "$/kWh")
_add("price", 1e-3, "USD/MWh", "$/MWh")
_add("area", 1.0, "m2", "m²", "平方米")
_add("area", 1e-6, "mm2", "mm²")
_add("area", 1e-4, "cm2", "cm²")
_add("flop_rate", 1.0, "次/秒", "ops/s", "OPS")
_add("ratio", 1.0, "倍", "times")
_add("power_density", 1.0, "W/m3", "W/m³", "瓦/立方米")
_add("power_density", 1e3, "W/L", "kW/m3", "kW/m³")
_add("power_density", 1e6, "W/cm3", "W/cm³", "瓦/立方厘米")
_add("areal_density", 1.0, "/m2", "/m²", "1/m2", "per m2")
_add("areal_density", 1e4, "/cm2", "/cm²", "1/cm2", "per cm2")
_add("areal_density", 1e6, "/mm2", "/mm²", "1/mm2", "per mm2", "/平方毫米", "每平方毫米")

# Count multipliers, only for dimensionless counts ("70B parameters", "2 trillion tokens").
_COUNT_WORDS: dict[str, float] = {
    "k": 1e3,
    "thousand": 1e3,
    "M": 1e6,
    "million": 1e6,
    "B": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "T": 1e12,
    "trillion": 1e12,
    "万": 1e4,
    "亿": 1e8,
    "万亿": 1e12,
}

# No quantity wattprint reads comes near these (the largest, a training run's FLOPs, is
# ~1e26); they keep every product of inputs finite. Fields have tighter physical ranges
# (estimate/fields.py); docs/limits.md lists both.
MAX_MAGNITUDE = 1e40
MAX_QUANTITY_CHARS = 200

_NUMBER = r"[-+]?(?:\d+(?:[,_]\d{3})*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_QUANTITY_RE = re.compile(rf"^\s*({_NUMBER})\s*(.*?)\s*$")

_TEMPERATURE_OFFSETS = {"°C": 273.15, "degC": 273.15, "C": 273.15, "℃": 273.15}


@dataclass(frozen=True)
class Parsed:
    """A number in base units, with the dimension its unit named."""

    value: float
    dimension: str
    unit: str


def unit_dimension(unit: str) -> tuple[str, float] | None:
    """Return ``(dimension, factor)`` for a unit spelling, or None when unknown."""
    found = _UNITS.get(unit) or _UNITS.get(unit.replace(" ", ""))
    if found is None:
        lower = {k.lower(): v for k, v in _UNITS.items()}
        found = lower.get(unit.lower())
    return found


def known_units(dimension: str) -> list[str]:
    """Spellings accepted for one dimension, for error messages."""
    return [u for u, (d, _) in _UNITS.items() if d == dimension and u.isascii()]


def parse_quantity(text: str | float | int, dimension: str, *, field: str | None = None) -> float:
    """Parse ``"400 W"`` (or a bare number, read in the base unit) into base units.

    Raises InputError naming the field when the unit is unknown or of another dimension.
    """
    if isinstance(text, bool):
        raise InputError("expected a number", field=field, got=text, expected=_expect(dimension))
    if isinstance(text, (int, float)):
        value = float(text) if abs(text) < MAX_MAGNITUDE else math.inf
        _check_finite(value, text, dimension, field)
        return value
    if len(str(text)) > MAX_QUANTITY_CHARS:
        raise InputError(
            "text too long for a quantity",
            field=field,
            got=f"{len(str(text)):,} characters",
            expected=f"at most {MAX_QUANTITY_CHARS}; " + _expect(dimension),
        )
    return _check_finite(_parse_text(str(text), dimension, field), text, dimension, field)


def _parse_text(text: str, dimension: str, field: str | None) -> float:
    match = _QUANTITY_RE.match(text)
    if not match:
        raise InputError(
            "not a number with a unit", field=field, got=text, expected=_expect(dimension)
        )
    number = float(match.group(1).replace(",", "").replace("_", ""))
    unit = match.group(2)
    _check_finite(number, text, dimension, field)
    if not unit:
        return number
    if dimension == "temperature" and unit in _TEMPERATURE_OFFSETS:
        return number + _TEMPERATURE_OFFSETS[unit]
    if dimension == "count" and unit in _COUNT_WORDS:
        return number * _COUNT_WORDS[unit]
    found = unit_dimension(unit)
    if found is None:
        raise InputError(
            f"unknown unit {unit!r}", field=field, got=text, expected=_expect(dimension)
        )
    found_dimension, factor = found
    if found_dimension != dimension and not (dimension == "count" and found_dimension == "ratio"):
        raise InputError(
            f"{unit!r} is a unit of {found_dimension.replace('_', ' ')}, not of "
            f"{dimension.replace('_', ' ')}",
            field=field,
            got=text,
            expected=_expect(dimension),
        )
    return number * factor


def _check_finite(value: float, text: object, dimension: str, field: str | None) -> float:
    if not math.isfinite(value):
        raise InputError("not a finite number", field=field, got=text, expected=_expect(dimension))
    if abs(value) >= MAX_MAGNITUDE:
        raise InputError(
            "number out of range",
            field=field,
            got=text,
            expected=f"a magnitude below {MAX_MAGNITUDE:g} in base units; " + _expect(dimension),
        )
    return value


def _expect(dimension: str) -> str:
    examples = {
        "power": "a power such as '400 W' or '0.7 kW'",
        "energy": "an energy such as '24 GWh', '2400万度' or '3.6 MJ'",
        "time": "a duration such as '90 days', '3 months' or '1.5 h'",
        "volume": "a volume such as '2500 m3' or '10 L'",
        "mass": "a mass such as '150 kg' or '2 t'",
        "carbon_intensity": "a carbon intensity such as '400 g/kWh'",
        "water_intensity": "water per energy such as '0.5 L/kWh'",
        "temperature": "a temperature such as '300 K' or '20 °C'",
        "ratio": "a plain number such as '1.2' or '40%'",
        "count": "a count such as '25000', '70e9' or '70B'",
        "flop_rate": "a FLOP rate such as '312 TFLOPS'",
        "energy_per_item": "an energy per item such as '0.3 Wh/query' or '2 J/token'",
        "price": "a price such as '0.08 USD/kWh'",
        "area": "an area such as '100 m2'",
        "power_density": "a power density such as '100 W/cm3' or '276 W/m3'",
        "areal_density": "a count per area such as '3.3亿/mm2' or '333e6 /mm2'",
    }
    return examples.get(dimension, dimension)
