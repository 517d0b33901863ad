"""How every face writes a number, a unit, a date and a duration, in English and Chinese.

The CLI, the dashboard, the HTML and Markdown reports and the audit all call these, so a
value reads the same everywhere. Nothing here computes a result: a face divides a stored
value into a display unit and writes it.

Rules:

- One rule everywhere: 2 significant figures for a band wider than ±5 % of its median,
  3 otherwise (:func:`band_digits`); the unit climbs or descends its ladder (J, mWh, Wh,
  kWh, MWh, GWh; mg, g, kg, t, kt CO2e; mL, L, m3; mW, W, kW, MW, GW) so the number is
  between 1 and 1,000 where the ladder allows: never e-notation (:data:`LADDERS`).
- English: thousands separators from 1,000 up (``44,000``); SI prefixes for J, W,
  FLOP/s in :func:`si`. No Chinese unit ever appears.
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

from wattprint.quantity.units import J_PER_KWH

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


def round_sig(value: float, digits: int = 3) -> float:
    """``value`` rounded to ``digits`` significant figures (0 stays 0)."""
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits}g}")


def _fixed(value: float, digits: int) -> str:
    """A rounded value in positional notation, never an exponent: ``0.00031``, ``4.4``."""
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    decimals = max(0, digits - 1 - math.floor(math.log10(size)))
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def number(value: float, lang: str = "en", digits: int = 3) -> str:
    """A number to ``digits`` significant figures (default 3), never in e-notation.

    English: ``44,000`` (separators from 1,000), ``0.125``, ``0.00031``. Chinese:
    ``4.41万``, ``2170万``, ``19.5万亿`` (万/亿 for every large number, no separators).
    """
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else f"{value:g}"
    rounded = round_sig(value, digits)
    size = abs(rounded)
    if lang == "zh":
        for factor, word in CN_MAGNITUDES:
            if size >= factor:
                return _fixed(round_sig(rounded / factor, digits), digits).replace(",", "") + word
        return _fixed(rounded, digits).replace(",", "")
    return _fixed(rounded, digits)


def band_digits(p5: float, p50: float, p95: float) -> int:
    """Significant figures a band deserves: 2 when p5–p95 spans over 10 % of p50, else 3."""
    if p50 == 0 or not all(math.isfinite(v) for v in (p5, p50, p95)):
        return 3
    return 2 if (p95 - p5) / abs(p50) > 0.1 else 3


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
    return _fixed(round_sig(value, 3), 3)


def unit_name(unit: str, lang: str = "en") -> str:
    """A unit as written in ``lang`` (``m3`` -> ``立方米``); English keeps the symbol."""
    return UNIT_NAMES_ZH.get(unit, unit) if lang == "zh" else unit


def joined(text: str, unit: str) -> str:
    """A number and its unit: ``44.1 GWh``, ``2173万度`` (a Chinese unit follows closely)."""
    if not unit:
        return text
    tight = not unit[0].isascii() or unit in ("%", "×")
    return f"{text}{'' if tight else ' '}{unit}"


# unit -> (factor in that unit, English unit, Chinese unit), smallest first. A value is
# shown in the largest step it reaches 1 of (2.3e-7 kWh -> 0.83 J, 17,658 t -> 18 kt);
# Chinese stops at the unit its 万/亿 grow from (度 -> 万度, 亿度; 吨 -> 万吨; 千瓦 -> 万千瓦).
J_IN_KWH = 1 / J_PER_KWH
LADDERS: dict[str, tuple[tuple[float, str, str], ...]] = {
    "kWh": (
        (J_IN_KWH * 1e-3, "mJ", "毫焦"), (J_IN_KWH, "J", "焦耳"), (1e-6, "mWh", "毫瓦时"),
        (1e-3, "Wh", "瓦时"), (1.0, "kWh", "度"), (1e3, "MWh", ""), (1e6, "GWh", ""),
        (1e9, "TWh", ""),
    ),
    "J": (
        (1e-6, "µJ", "微焦"), (1e-3, "mJ", "毫焦"), (1.0, "J", "焦耳"), (1e3, "kJ", "千焦"),
        (1e6, "MJ", "兆焦"), (1e9, "GJ", ""),
    ),
    "kg CO2e": (
        (1e-6, "mg CO2e", "毫克 CO2e"), (1e-3, "g CO2e", "克 CO2e"), (1.0, "kg CO2e", "千克 CO2e"),
        (1e3, "t CO2e", "吨 CO2e"), (1e6, "kt CO2e", ""), (1e9, "Mt CO2e", ""),
    ),
    "L": (
        (1e-3, "mL", "毫升"), (1.0, "L", "升"), (1e3, "m3", "立方米"), (1e9, "million m3", ""),
    ),
    "m3": (
        (1e-6, "mL", "毫升"), (1e-3, "L", "升"), (1.0, "m3", "立方米"), (1e6, "million m3", ""),
    ),
    "MW": (
        (1e-9, "mW", "毫瓦"), (1e-6, "W", "瓦"), (1e-3, "kW", "千瓦"), (1.0, "MW", ""),
        (1e3, "GW", ""),
    ),
    "W": ((1e-3, "mW", "毫瓦"), (1.0, "W", "瓦"), (1e3, "kW", "千瓦"), (1e6, "MW", "")),
    "J/FLOP": (
        (1e-15, "fJ/FLOP", "飞焦/次"), (1e-12, "pJ/FLOP", "皮焦/次"), (1e-9, "nJ/FLOP", "纳焦/次"),
        (1e-6, "µJ/FLOP", "微焦/次"), (1e-3, "mJ/FLOP", "毫焦/次"), (1.0, "J/FLOP", "焦耳/次"),
    ),
}  # fmt: skip


def display_scale(
    unit: str, reference: float, lang: str = "en", digits: int = 3
) -> tuple[float, str]:
    """Divisor and display unit for a value in ``unit`` near ``reference`` (its p50).

    The unit climbs or descends its ladder (:data:`LADDERS`) so the shown number is at
    least 1 after rounding to ``digits`` figures: never ``2.3e-07 kWh`` (``0.83 J``), never
    ``17,658 t`` (``18 kt``). Units without a ladder are kept (Chinese names in Chinese).
    """
    steps = LADDERS.get(unit)
    if steps is None:
        return 1.0, unit_name(unit, lang)
    if lang == "zh":
        steps = tuple(s for s in steps if s[2])
    size = abs(reference)
    chosen = steps[0] if size else next((s for s in steps if s[0] == 1.0), steps[-1])
    for step in steps:
        if size and abs(round_sig(size / step[0], digits)) >= 1:
            chosen = step
    return chosen[0], chosen[2] if lang == "zh" else chosen[1]


def axis_scale(unit: str, reference: float, lang: str = "en") -> tuple[float, str]:
    """Divisor and axis title for a chart of values in ``unit`` up to ``reference``: the
    display unit, and in Chinese its 万/亿 too (``万度``), so ticks are plain numbers."""
    divisor, shown = display_scale(unit, reference, lang)
    if lang == "zh":
        for factor, word in CN_MAGNITUDES:
            if abs(reference) / divisor >= factor:
                return divisor * factor, word + shown
    return divisor, shown


def energy_scale(kwh: float, lang: str = "en") -> tuple[float, str]:
    """Divisor and unit for showing an energy given in kWh (度 in Chinese: 万/亿 follow)."""
    return display_scale("kWh", kwh, lang)


def amount(value: float | None, unit: str, lang: str = "en", digits: int = 3) -> str:
    """``value`` in ``unit`` as text in its own display unit: ``44.1 GWh`` / ``4410万度``;
    ``None`` (absent) is ``—``, never 0."""
    if value is None:
        return "—"
    divisor, shown = display_scale(unit, value, lang, digits)
    return joined(number(value / divisor, lang, digits), shown)


def band(p5: float, p50: float, p95: float, unit: str, lang: str = "en") -> tuple[str, str]:
    """A median and its p5–p95 band in one display unit, to the figures the band deserves:
    ``("44 GWh", "33–58 GWh")``."""
    digits = band_digits(p5, p50, p95)
    divisor, shown = display_scale(unit, p50, lang, digits)
    low, mid, high = (number(v / divisor, lang, digits) for v in (p5, p50, p95))
    return joined(mid, shown), joined(f"{low}–{high}", shown)


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
