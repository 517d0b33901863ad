"""Explanations of verdicts in English and Chinese, with the numbers in the claim's units.

Numbers are shown in the unit the claim was published in (``2,282万度`` beside
``2400万度``), so a slip of a unit or a magnitude word is visible at a glance; energies
and volumes are also shown in a human unit (GWh / 万度, m³ / 立方米).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from wattprint.audit.published import Published

if TYPE_CHECKING:
    from wattprint.audit.claims import Claim
    from wattprint.audit.recompute import Recomputed
    from wattprint.audit.verdict import Judgement

VERDICT_LABELS: dict[str, tuple[str, str]] = {
    "holds": ("holds", "成立"),
    "off": ("off", "有偏差"),
    "unit_slip": ("unit slip (off by a power of ten)", "单位笔误(相差10的整数次幂)"),
    "off_by_orders": ("off by orders of magnitude", "相差几个数量级"),
}
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def fmt(value: float) -> str:
    """Three significant figures; ``2.06e11`` style outside 0.001..1e6."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    size = abs(value)
    if size >= 1e6 or size < 1e-3:
        mantissa, exponent = f"{value:.2e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}"
    if size >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def power_of_ten(exponent: int) -> str:
    """``10⁴``, ``10⁻⁶``."""
    return "10" + str(exponent).translate(_SUPERSCRIPT)


def in_unit(value: float, published: Published) -> str:
    """A base-unit value shown in the unit the claim was published in."""
    unit = published.unit
    shown = fmt(value / published.unit_factor)
    if not unit:
        return shown
    return f"{shown}{'' if _tight(unit) else ' '}{unit}"


def human(value: float, dimension: str, lang: str) -> str:
    """An energy (kWh) or volume (L) in a readable unit; other dimensions: ''."""
    if dimension == "energy":
        steps = (
            ((1e8, "亿度"), (1e4, "万度"), (1.0, "度"))
            if lang == "zh"
            else ((1e9, "TWh"), (1e6, "GWh"), (1e3, "MWh"), (1.0, "kWh"))
        )
        for divisor, unit in steps:
            if abs(value) >= divisor:
                return f"{fmt(value / divisor)} {unit}"
        return f"{fmt(value)} {steps[-1][1]}"
    if dimension == "volume":
        return f"{fmt(value / 1e3)} {'立方米' if lang == 'zh' else 'm³'}"
    return ""


def times(factor: float, lang: str) -> str:
    """``×1.21`` or ``×1/1.03e6`` (``1.21 倍`` / ``1/1.03e6``)."""
    if factor >= 1:
        return f"{fmt(factor)} 倍" if lang == "zh" else f"×{fmt(factor)}"
    return f"1/{fmt(1 / factor)}" if lang == "zh" else f"×1/{fmt(1 / factor)}"


TEMPLATES: dict[str, tuple[str, str]] = {
    "holds": (
        "Holds: the published {pub} agrees with the recomputed {span} (tolerance {tol}).",
        "成立:发表值 {pub} 与重算值 {span} 相符(容差 {tol})。",
    ),
    "holds_upper": (
        "Holds: the recomputed {span} is below the published bound {pub} (tolerance {tol}).",
        "成立:重算值 {span} 低于发表的上限 {pub}(容差 {tol})。",
    ),
    "holds_lower": (
        "Holds: the recomputed {span} is above the published bound {pub} (tolerance {tol}).",
        "成立:重算值 {span} 高于发表的下限 {pub}(容差 {tol})。",
    ),
    "off_high": (
        "Off: the published {pub} is {ratio} the recomputed {edge} (too high; tolerance {tol}).",
        "有偏差:发表值 {pub} 是重算值 {edge} 的 {ratio}(偏高,容差 {tol})。",
    ),
    "off_low": (
        "Off: the published {pub} is {ratio} the recomputed {edge} (too low; tolerance {tol}).",
        "有偏差:发表值 {pub} 是重算值 {edge} 的 {ratio}(偏低,容差 {tol})。",
    ),
    "orders": (
        "Off by orders of magnitude: the published {pub} is {ratio} the recomputed {edge}.",
        "相差几个数量级:发表值 {pub} 是重算值 {edge} 的 {ratio}。",
    ),
    "slip": (
        "Unit slip: the published {pub} is {ratio} the recomputed {edge}, within 5% of"
        " {power}: the signature of a unit or magnitude-word slip"
        " (亿 for 万亿 is 10⁴; cm³ for m³ is 10⁶).",
        "单位笔误:发表值 {pub} 是重算值 {edge} 的 {ratio},与 {power} 倍相差不到5%,"
        "通常是单位或数量词写错(把“万亿”写成“亿”差 10⁴ 倍,把“立方米”写成“立方厘米”差 10⁶ 倍)。",
    ),
}


def _say(key: str, lang: str, **values: str) -> str:
    return TEMPLATES[key][1 if lang == "zh" else 0].format(**values)


def explanation(claim: Claim, recomputed: Recomputed, judgement: Judgement, lang: str) -> str:
    """Why the claim got its verdict, with the numbers, in ``lang``."""
    pub = claim.published
    low, high = recomputed.span(claim.recompute.percentile)
    span = in_unit(low, pub) if low == high else f"{in_unit(low, pub)} – {in_unit(high, pub)}"
    tol = claim.tolerance.written
    if judgement.verdict == "holds":
        key = {"upper": "holds_upper", "lower": "holds_lower"}.get(pub.kind, "holds")
        return _say(key, lang, pub=pub.as_written, span=span, tol=tol)
    edge = in_unit(low if judgement.factor < 1 or pub.kind == "upper" else high, pub)
    values = {"pub": pub.as_written, "edge": edge, "tol": tol}
    values["ratio"] = times(judgement.factor, lang)
    if judgement.verdict == "off":
        return _say("off_high" if judgement.factor > 1 else "off_low", lang, **values)
    if judgement.verdict == "unit_slip" and judgement.power_of_ten is not None:
        return _say("slip", lang, power=power_of_ten(abs(judgement.power_of_ten)), **values)
    return _say("orders", lang, **values)


def _tight(unit: str) -> bool:
    # Chinese units and "/mm²"-style units follow the number directly: 2400万度, 3.3亿/mm²
    return not unit[0].isascii() or unit.startswith("/") or unit == "%"
