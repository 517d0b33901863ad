"""One way to write a number, a unit, a date and a duration (issue 13 item 9's Chinese rules)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattprint.quantity.display import (
    amount,
    band,
    band_digits,
    display_scale,
    duration,
    joined,
    number,
    si,
    sig,
    when,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_english_numbers_have_three_figures_and_separators() -> None:
    assert number(44_067.2) == "44,100"
    assert number(44_067.2, digits=2) == "44,000"
    assert number(0.1254) == "0.125"
    assert number(0.000012345) == "0.0000123"  # never 1.23e-05
    assert number(1.95e16) == "19,500,000,000,000,000"  # never 1.95e+16
    assert number(0) == "0"


def test_a_band_gets_two_figures_when_wide_and_three_when_narrow() -> None:
    assert band_digits(13_261, 17_658, 23_196) == 2  # ±30 %: "18 kt", not "17,658 t"
    assert band_digits(21.7, 22.8, 23.9) == 3  # ±5 %
    assert band(13_261e3, 17_658e3, 23_196e3, "kg CO2e") == ("18 kt CO2e", "13–23 kt CO2e")
    assert band(13_261e3, 17_658e3, 23_196e3, "kg CO2e", "zh") == (
        "1.8万吨 CO2e",
        "1.3万–2.3万吨 CO2e",
    )


@pytest.mark.parametrize(
    ("value", "unit", "en", "zh"),
    [
        (3.2e-7, "kWh", "1.15 J", "1.15焦耳"),  # 3.2e-7 kWh × 3.6e6 J/kWh
        (9.98e-6, "kWh", "9.98 mWh", "9.98毫瓦时"),  # not "9.98e-06 度"
        (0.311e-3, "kWh", "311 mWh", "311毫瓦时"),
        (0.0042, "kWh", "4.2 Wh", "4.2瓦时"),
        (1.17e-5, "kg CO2e", "11.7 mg CO2e", "11.7毫克 CO2e"),
        (0.00731, "MW", "7.31 kW", "7.31千瓦"),
        (114.6, "MW", "115 MW", "11.5万千瓦"),
        (0.25, "L", "250 mL", "250毫升"),
        (1.38e8, "L", "138,000 m3", "13.8万立方米"),
        (2.17e-12, "J/FLOP", "2.17 pJ/FLOP", "2.17皮焦/次"),
    ],
)
def test_units_scale_down_and_up_instead_of_e_notation(
    value: float, unit: str, en: str, zh: str
) -> None:
    assert (amount(value, unit), amount(value, unit, "zh")) == (en, zh)


def test_absent_is_absent_never_zero() -> None:
    assert amount(None, "kWh") == "—"
    assert amount(0, "kWh") == "0 kWh"
    assert amount(0, "MW", "zh") == "0千瓦"


@given(
    st.floats(min_value=1e-12, max_value=1e15),
    st.sampled_from(["kWh", "L", "kg CO2e", "MW", "J", "W"]),
)
def test_no_amount_is_ever_written_in_e_notation(value: float, unit: str) -> None:
    for lang in ("en", "zh"):
        text = amount(value, unit, lang)
        assert "e+" not in text and "e-" not in text


def test_chinese_numbers_use_wan_and_yi_without_separators() -> None:
    assert number(21_730_000, "zh") == "2170万"  # not 2,173万 nor 2.17e7
    assert number(1.95e13, "zh") == "19.5万亿"  # not 1.95e13
    assert number(3.2e8, "zh") == "3.2亿"
    assert number(9_990, "zh") == "9990"
    assert number(9_999, "zh") == "1万"  # three figures round it up
    assert number(12_345, "zh") == "1.23万"


def test_chinese_energy_is_du_and_its_wan_and_yi() -> None:
    assert amount(21_730_000, "kWh", "zh") == "2170万度"
    assert amount(2.4e8, "kWh", "zh") == "2.4亿度"
    assert amount(21_730_000, "kWh", "en") == "21.7 GWh"


def test_every_chinese_quantity_uses_wan_and_yi() -> None:
    assert amount(5.5e8, "kg CO2e", "zh") == "55万吨 CO2e"  # 550,000 t
    assert amount(2.0e9, "L", "zh") == "200万立方米"
    assert si(1.95e13, "FLOP/s", "zh") == "19.5万亿次/秒"
    assert si(1.95e13, "FLOP/s", "en") == "19.5 TFLOP/s"


@given(st.floats(min_value=1e-3, max_value=1e18), st.sampled_from(["kWh", "L", "kg CO2e", "MW"]))
def test_english_output_never_shows_a_chinese_unit(value: float, unit: str) -> None:
    assert not CJK.search(amount(value, unit, "en"))
    assert not CJK.search(number(value)) and not CJK.search(sig(value))


@given(st.floats(min_value=1e4, max_value=1e18))
def test_a_chinese_large_number_has_no_separator_and_no_exponent(value: float) -> None:
    text = number(value, "zh")
    assert "," not in text and "e" not in text
    assert CJK.search(text)


def test_units_follow_chinese_closely_and_english_after_a_space() -> None:
    assert joined("3", "kWh") == "3 kWh"
    assert joined("3万", "度") == "3万度"
    assert joined("12", "%") == "12%"
    assert display_scale("MW", 1500, "en") == (1e3, "GW")
    assert display_scale("MW", 1500, "zh") == (1e-3, "千瓦")  # 150万千瓦


def test_dates_are_utc_on_every_face() -> None:
    assert when(1_709_294_400.0) == "2024-03-01 12:00:00 UTC"
    assert when(None) == "—"


def test_durations() -> None:
    assert duration(None) == "—"
    assert duration(4.25) == "4.25 s"
    assert duration(125) == "2 min 05 s"
    assert duration(3725) == "1 h 02 min 05 s"
    assert duration(3725, "zh") == "1 小时 02 分 05 秒"
