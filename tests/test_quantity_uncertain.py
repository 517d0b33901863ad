"""Uncertain inputs: fixed values, ranges and distributions, sampled reproducibly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattprint.errors import InputError
from wattprint.quantity.summary import drivers, percentiles, ranks
from wattprint.quantity.uncertain import Uncertain, parse_uncertain


def test_a_plain_quantity_is_fixed() -> None:
    u = parse_uncertain("400 W", "power", field="hardware.power")
    assert u == Uncertain("fixed", (400.0,), "power", "400 W")
    assert u.sample(10, 0, "x") == 400.0


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("90 to 100 days", 90 * 86400.0, 100 * 86400.0),
        ("90–100 days", 90 * 86400.0, 100 * 86400.0),
        ("1.1 to 1.3", 1.1, 1.3),
        ("2 days to 1 week", 2 * 86400.0, 7 * 86400.0),
        ("400 W ± 10%", 360.0, 440.0),
        ("400 ± 50 W", 350.0, 450.0),
    ],
)
def test_ranges_are_uniform_between_their_ends(text: str, low: float, high: float) -> None:
    dimension = "ratio" if "W" not in text and "day" not in text else None
    dimension = dimension or ("power" if "W" in text else "time")
    u = parse_uncertain(text, dimension, field="f")
    assert u.dist == "uniform"
    assert u.params == pytest.approx((low, high))


def test_a_list_is_a_range() -> None:
    assert parse_uncertain(["1.1", "1.3"], "ratio", field="pue").params == (1.1, 1.3)


def test_exponents_are_not_mistaken_for_ranges() -> None:
    assert parse_uncertain("1e-3", "ratio", field="f").params == (0.001,)


def test_a_range_with_low_above_high_is_an_error() -> None:
    with pytest.raises(InputError) as err:
        parse_uncertain("100 to 90 days", "time", field="training.duration")
    assert "low > high" in str(err.value)
    assert "swap the two values" in str(err.value)


@pytest.mark.parametrize(
    ("spec", "dist", "params"),
    [
        ({"dist": "uniform", "low": "1 kW", "high": "2 kW"}, "uniform", (1000.0, 2000.0)),
        ({"dist": "triangular", "low": 1, "mode": 2, "high": 4}, "triangular", (1.0, 2.0, 4.0)),
        ({"dist": "normal", "mean": "400 W", "sd": "20 W"}, "normal", (400.0, 20.0)),
        ({"dist": "lognormal", "median": 300, "gsd": 1.5}, "lognormal", (300.0, 1.5)),
    ],
)
def test_distribution_mappings(spec: dict[str, object], dist: str, params: tuple[float]) -> None:
    u = parse_uncertain(spec, "power", field="hardware.power")
    assert u.dist == dist
    assert u.params == pytest.approx(params)


def test_lognormal_from_p5_p95_reproduces_them() -> None:
    u = parse_uncertain({"dist": "lognormal", "low": 100, "high": 400}, "power", field="p")
    p5, p50, p95 = percentiles(u.sample(200_000, 1, "p"))
    assert (p5, p50, p95) == pytest.approx((100, 200, 400), rel=0.02)


@pytest.mark.parametrize(
    "spec",
    [
        {"dist": "gamma", "shape": 2},
        {"dist": "uniform", "low": 1},
        {"dist": "triangular", "low": 3, "mode": 1, "high": 4},
        {"dist": "normal", "mean": 1, "sd": -1},
        {"dist": "lognormal", "median": 0, "gsd": 2},
    ],
)
def test_malformed_distributions_are_errors(spec: dict[str, object]) -> None:
    with pytest.raises(InputError):
        parse_uncertain(spec, "ratio", field="f")


def test_samples_are_reproducible_per_seed_and_name() -> None:
    u = Uncertain.between(1, 2)
    a = u.sample(100, 7, "a")
    assert np.array_equal(a, u.sample(100, 7, "a"))
    assert not np.array_equal(a, u.sample(100, 7, "b"))
    assert not np.array_equal(a, u.sample(100, 8, "a"))


@given(
    low=st.floats(0.1, 100),
    width=st.floats(0.01, 100),
    extra=st.floats(0.01, 100),
)
def test_a_wider_range_never_narrows_the_band(low: float, width: float, extra: float) -> None:
    narrow = percentiles(Uncertain.between(low, low + width).sample(2000, 3, "x"))
    wide = percentiles(Uncertain.between(low, low + width + extra).sample(2000, 3, "x"))
    assert wide[2] - wide[0] >= narrow[2] - narrow[0]


def test_drivers_rank_inputs_by_their_influence() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.random(5000), rng.random(5000)
    out = 10 * a + b
    found = drivers(out, {"a": ranks(a), "b": ranks(b)})
    assert [d.input for d in found] == ["a", "b"]
    assert found[0].rank_correlation > 0.9
    assert drivers(5.0, {"a": ranks(a)}) == []
