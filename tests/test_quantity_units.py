"""Units are parsed at the edge, into base units, with errors that say what was expected."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattprint.errors import InputError
from wattprint.quantity.units import _UNITS, parse_quantity


@pytest.mark.parametrize(
    ("text", "dimension", "expected"),
    [
        ("400 W", "power", 400.0),
        ("0.7 kW", "power", 700.0),
        ("24 GWh", "energy", 24e6),
        ("2400万度", "energy", 24e6),  # the seed article's figure
        ("3.6 MJ", "energy", 1.0),
        ("1.5 亿度", "energy", 1.5e8),
        ("90 days", "time", 90 * 86400.0),
        ("3 months", "time", 3 * 365.25 * 86400 / 12),
        ("27 min", "time", 27 * 60.0),
        ("2500 m3", "volume", 2.5e6),
        ("400 g/kWh", "carbon_intensity", 400.0),
        ("0.4 kg/kWh", "carbon_intensity", 400.0),
        ("1000 lb/MWh", "carbon_intensity", 453.59237),
        ("0.5 L/kWh", "water_intensity", 0.5),
        ("20 °C", "temperature", 293.15),
        ("40%", "ratio", 0.4),
        ("70B", "count", 70e9),
        ("2 trillion", "count", 2e12),
        ("1.8万亿", "count", 1.8e12),
        ("70e9", "count", 70e9),
        ("25,000", "count", 25000.0),
        ("312 TFLOPS", "flop_rate", 312e12),
        ("0.3 Wh/query", "energy_per_item", 1080.0),
        (1.2, "ratio", 1.2),
    ],
)
def test_parses_into_base_units(text: str | float, dimension: str, expected: float) -> None:
    assert parse_quantity(text, dimension) == pytest.approx(expected, rel=1e-12)


def test_a_unit_of_another_dimension_is_an_error_naming_both() -> None:
    with pytest.raises(InputError) as err:
        parse_quantity("400 kg", "power", field="hardware.power")
    assert str(err.value) == (
        "hardware.power: 'kg' is a unit of mass, not of power; got '400 kg'; "
        "expected a power such as '400 W' or '0.7 kW'"
    )


def test_an_unknown_unit_is_an_error() -> None:
    with pytest.raises(InputError, match="unknown unit 'furlongs'"):
        parse_quantity("3 furlongs", "time", field="training.duration")


def test_text_that_is_no_number_is_an_error() -> None:
    with pytest.raises(InputError, match="not a number with a unit"):
        parse_quantity("lots", "count")


def test_booleans_and_infinities_are_rejected() -> None:
    with pytest.raises(InputError):
        parse_quantity(True, "count")
    with pytest.raises(InputError, match="finite"):
        parse_quantity(math.inf, "count")


@given(
    value=st.floats(min_value=1e-6, max_value=1e12, allow_nan=False),
    unit=st.sampled_from(sorted(u for u, (d, _) in _UNITS.items() if d != "temperature")),
)
def test_every_unit_round_trips_through_its_factor(value: float, unit: str) -> None:
    dimension, factor = _UNITS[unit]
    parsed = parse_quantity(f"{value!r} {unit}", dimension)
    assert parsed == pytest.approx(value * factor, rel=1e-9)
    assert parsed / factor == pytest.approx(value, rel=1e-9)
