"""How every face writes a number, a unit, a date and a duration, in English and Chinese.

The CLI, the dashboard, the HTML and Markdown reports and the audit all call these, so a
value reads the same everywhere. Nothing here computes a result: a face divides a stored
value into a display unit and writes it.

Rules:

- English: three significant figures, thousands separators from 100 up (``44,100``),
  scientific outside 1e-3 .. 1e15; SI units (kWh, MWh, GWh, TWh; kg and t CO2e; L and
  m3; kW, MW, GW) and SI prefixes for J, W, FLOP/s. No Chinese unit ever appears.
- Chinese: 万 (1e4), 亿 (1e8), 万亿 (1e12) and 亿亿 (1e16) for every large number, of any
  unit (``19.5万亿 次/秒``, not ``1.95e13``; ``55万吨``), no thousands separators
  (``2173万度``); energy in 度 (kWh), so 万度 and 亿度 follow; units in Chinese words
  (千克, 吨, 升, 立方米, 兆瓦). Temperatures are written °C, never 度 (read as kWh).
- Dates: UTC on every face, written ``2024-03-01 12:00:00 UTC``.
- Durations: ``1 h 02 min 05 s`` (``1 小时 02 分 05 秒``), ``12.5 s`` under a minute.
"""

from __future__ import annotations

import datetime as dt
import math

CN_MAGNITUDES = ((1e16, "亿亿"), (1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
SI_PREFIXES = ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))
PREFIXABLE = ("J", "W", "Wh", "FLOP", "FLOP/s", "g", "B", "bit")

UNIT_NAMES_ZH = {
    "kWh": "度",
    "kg CO2e": "千克 CO2e",
    "t CO2e": "吨 CO2e",
    "L": "升",
    "m3": "立方米",
    "MW": "兆瓦",
    "GW": "吉瓦",
    "kW": "千瓦",
    "W": "瓦",
    "J": "焦耳",
    "Wh": "瓦时",
    "J/FLOP": "焦耳/次",
    "FLOP": "次",
    "FLOP/s": "次/秒",
    "g": "克",
    "g CO2e": "克 CO2e",
    "mL": "毫升",
    "K": "开尔文",
    "pools": "个",
    "household-years": "户·年",
    "home-years": "户·年",
    "m2-years": "平方米·年",
    "USD": "美元",
    "s": "秒",
}


def _plain(value: float, separators: bool) -> str:
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}" if separators else f"{value:.0f}"
    return f"{value:.3g}"


def number(value: float, lang: str = "en") -> str:
    """A number to three significant figures (whole numbers from 100 up).

    English: ``44,100``, ``0.125``, ``1.95e+13`` past 1e15. Chinese: ``4.41万``,
    ``2173万``, ``19.5万亿`` (万/亿 for every large number, no separators).
    """
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else f"{value:g}"
    size = abs(value)
    if size < 1e-3:
        return f"{value:.3g}"
    if lang == "zh":
        for factor, word in CN_MAGNITUDES:
            if size >= factor:
                return _plain(value / factor, separators=False) + word
        return _plain(value, separators=False)
    if size >= 1e15:
        return f"{value:.3g}"
    return _plain(value, separators=True)


def sig(value: float, lang: str = "en") -> str:
    """Three significant figures, scientific (``2.06e11``) outside 0.001 .. 1e6 in English;
    万/亿 in Chinese. Used where a claim's figures are compared digit by digit."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    size = abs(value)
    if lang == "zh" and size >= 1e-3:
        return number(value, "zh")
    if size >= 1e6 or size < 1e-3:
        mantissa, exponent = f"{value:.2e}".split("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
    return _plain(value, separators=True)


def unit_name(unit: str, lang: str = "en") -> str:
    """A unit as written in ``lang`` (``m3`` -> ``立方米``); English keeps the symbol."""
    return UNIT_NAMES_ZH.get(unit, unit) if lang == "zh" else unit


def joined(text: str, unit: str) -> str:
    """A number and its unit: ``44.1 GWh``, ``2173万度`` (a Chinese unit follows closely)."""
    if not unit:
        return text
    tight = not unit[0].isascii() or unit in ("%", "×")
    return f"{text}{'' if tight else ' '}{unit}"


def energy_scale(kwh: float, lang: str = "en") -> tuple[float, str]:
    """Divisor and unit for showing an energy given in kWh (度 in Chinese: 万/亿 follow)."""
    if lang == "zh":
        return 1.0, "度"
    size = abs(kwh)
    for divisor, unit in ((1e9, "TWh"), (1e6, "GWh"), (1e3, "MWh"), (1.0, "kWh")):
        if size >= divisor:
            return divisor, unit
    if size >= 1e-3 or size == 0:
        return 1.0, "kWh"
    return 1e-3, "Wh"


def display_scale(unit: str, reference: float, lang: str = "en") -> tuple[float, str]:
    """Divisor and display unit for a value in ``unit`` near ``reference`` (its p50)."""
    size = abs(reference)
    if unit == "kWh":
        return energy_scale(reference, lang)
    if unit == "kg CO2e":
        divisor, shown = (1e3, "t CO2e") if size >= 1e3 else (1.0, "kg CO2e")
    elif unit == "L":
        divisor, shown = (1e3, "m3") if size >= 1e4 else (1.0, "L")
    elif unit == "MW":
        divisor, shown = (1e3, "GW") if size >= 1e3 else ((1e-3, "kW") if size < 1 else (1.0, "MW"))
        if lang == "zh" and shown == "GW":  # 万千瓦 reads better than 吉瓦; 兆瓦 with 万 too
            divisor, shown = 1.0, "MW"
    else:
        divisor, shown = 1.0, unit
    return divisor, unit_name(shown, lang)


def amount(value: float, unit: str, lang: str = "en") -> str:
    """``value`` in ``unit`` as text in its own display unit: ``44.1 GWh`` / ``4410万度``."""
    divisor, shown = display_scale(unit, value, lang)
    return joined(number(value / divisor, lang), shown)


def si(value: float, unit: str, lang: str = "en") -> str:
    """A value in a base unit with an SI prefix where the unit takes one (``86.4 TJ``);
    in Chinese with 万/亿 and the unit's Chinese name (``19.5万亿 次/秒``)."""
    if not math.isfinite(value):
        return "—"
    unit = "" if unit == "1" else unit  # a plain count or ratio
    if lang == "zh":
        return joined(number(value, "zh"), unit_name(unit, "zh"))
    if unit in PREFIXABLE:
        for factor, prefix in SI_PREFIXES:
            if abs(value) >= factor:
                return f"{number(value / factor)} {prefix}{unit}"
    return joined(number(value), unit)


def when(unix_s: float | None) -> str:
    """Unix seconds as ``2024-03-01 12:00:00 UTC`` (every face, every language), or ``—``."""
    if unix_s is None:
        return "—"
    moment = dt.datetime.fromtimestamp(unix_s, tz=dt.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def duration(seconds: float | None, lang: str = "en") -> str:
    """``3725`` -> ``1 h 02 min 05 s`` (``1 小时 02 分 05 秒``); ``None`` -> ``—``."""
    if seconds is None:
        return "—"
    h_, m_, s_ = ("小时", "分", "秒") if lang == "zh" else ("h", "min", "s")
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} {h_} {minutes:02d} {m_} {secs:02d} {s_}"
    if minutes:
        return f"{minutes} {m_} {secs:02d} {s_}"
    return f"{seconds:.3g} {s_}"


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(exponent: int) -> str:
    """``10⁴``, ``10⁻⁶``: a power of ten as people write it."""
    return "10" + str(exponent).translate(_SUPERSCRIPT)
