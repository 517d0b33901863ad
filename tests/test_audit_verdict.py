"""Verdicts: holds, off by ×N, a unit slip (within 5 % of a power of ten) or off by orders."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattprint.audit.claims import parse_tolerance
from wattprint.audit.published import parse_published
from wattprint.audit.verdict import classify, judge

TEN = parse_tolerance("10%", field="t")


def p(text: str):  # noqa: ANN201 - test helper
    return parse_published(text, field="f")


def test_holds_within_tolerance() -> None:
    # 24 GWh against 21.7–23.9 GWh widened by 10%: 19.5–26.3 GWh
    assert judge(p("24 GWh"), 2.17e7, 2.39e7, TEN).verdict == "holds"


def test_off_by_a_factor() -> None:
    j = judge(p("30 GWh"), 2.0e7, 2.0e7, TEN)
    # 30 / 20 = 1.5 (not near a power of ten, under 100×)
    assert (j.verdict, j.factor, j.power_of_ten) == ("off", pytest.approx(1.5), None)
    low = judge(p("10 GWh"), 2.0e7, 2.0e7, TEN)
    assert (low.verdict, low.factor) == ("off", pytest.approx(0.5))


def test_a_factor_within_5_percent_of_a_power_of_ten_is_a_unit_slip() -> None:
    # 19.5亿 vs 19.5万亿 FLOP/s: 1.95e9 / 1.95e13 = 1e-4
    j = judge(p("19.5亿 次/秒"), 1.95e13, 1.95e13, parse_tolerance("5%", field="t"))
    assert (j.verdict, j.power_of_ten) == ("unit_slip", -4)
    # 10.2× is within 5% of 10: a slip, even under 100×; 1.04e6 is a slip near 10⁶
    assert (classify(10.2).verdict, classify(10.2).power_of_ten) == ("unit_slip", 1)
    assert (classify(1.04e6).verdict, classify(1.04e6).power_of_ten) == ("unit_slip", 6)
    # 1.06e6 is 6 % from 10⁶ (log10 1.06 = 0.0253 > log10 1.05 = 0.0212): not a slip
    assert classify(1.06e6).verdict == "off_by_orders"


def test_far_off_without_a_power_of_ten_is_off_by_orders_and_under_100_is_off() -> None:
    # 300× is 2.48 decades: orders of magnitude, no power of ten named
    assert (classify(300).verdict, classify(300).power_of_ten) == ("off_by_orders", None)
    assert classify(1 / 300).verdict == "off_by_orders"
    # 80× (a vague "about as much as the state" read against 1.2 %) is plainly off
    assert (classify(80).verdict, classify(80).power_of_ten) == ("off", None)
    assert classify(float("inf")).verdict == "off_by_orders"


def test_hundreds_of_times_against_a_million() -> None:
    # range 100–1000 against 1.6e6–4.4e7 widened ×2: 8e5–8.8e7; factor 1000 / 1.6e6 = 6.25e-4
    j = judge(p("数百倍"), 1.6e6, 4.4e7, parse_tolerance("×2", field="t"))
    assert j.verdict == "off_by_orders"
    assert j.factor == pytest.approx(6.25e-4)
    assert j.power_of_ten is None


def test_bounds() -> None:
    none = parse_tolerance("0%", field="t")
    assert judge(p("< 300 W/m³"), 276.5, 276.5, none).verdict == "holds"
    above = judge(p("< 300 W/m³"), 360.0, 360.0, none)
    assert (above.verdict, above.factor) == ("off", pytest.approx(300 / 360))
    assert judge(p("> 100倍"), 3.6e5, 3.6e5, none).verdict == "holds"
    assert judge(p("> 100倍"), 50.0, 50.0, none).verdict == "off"


@pytest.mark.parametrize(
    ("text", "relative", "factor"),
    [
        ("10%", 0.1, None),
        ("0%", 0.0, None),
        ("×2", None, 2.0),
        ("x3", None, 3.0),
        ("factor 10", None, 10.0),
    ],
)
def test_tolerances(text: str, relative: float | None, factor: float | None) -> None:
    t = parse_tolerance(text, field="t")
    assert (t.relative, t.factor) == (
        pytest.approx(relative) if relative is not None else None,
        factor,
    )


@given(st.floats(1e-6, 1e6), st.floats(1.0, 10.0))
def test_a_value_inside_its_own_span_always_holds(value: float, factor: float) -> None:
    tolerance = parse_tolerance(f"×{factor}", field="t")
    assert judge(p(f"{value!r} kWh"), value, value, tolerance).verdict == "holds"
