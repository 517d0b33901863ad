"""Explanations of verdicts in English and Chinese, with the numbers in the claim's units.

Numbers are shown in the unit the claim was published in (``2282万度`` beside
``2400万度``; in English output in GWh: never a Chinese unit), so a slip of a unit or
a magnitude word is visible at a glance; energies and volumes are also shown in a human
unit (GWh / 万度, m³ / 立方米).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from wattprint.audit.published import Published
from wattprint.quantity.display import energy_scale, joined, power_of_ten, sig
from wattprint.quantity.words import word

if TYPE_CHECKING:
    from wattprint.audit.claims import Claim
    from wattprint.audit.recompute import Recomputed
    from wattprint.audit.verdict import Judgement

_CJK = re.compile(r"[\u3400-\u9fff]")


def fmt(value: float, lang: str = "en") -> str:
    """Three significant figures (:func:`wattprint.quantity.display.sig`)."""
    return sig(value, lang)


def in_unit(value: float, published: Published, lang: str = "en") -> str:
    """A base-unit value shown in the unit the claim was published in (``2282万度``).

    English output never shows a Chinese unit: a claim published in 万度 or 立方厘米 is
    shown in English in a human unit of its dimension (GWh, m³) or its base unit.
    """
    unit = published.unit
    if lang != "zh" and _CJK.search(unit):
        base = "" if published.base_unit == "1" else published.base_unit
        return human(value, published.dimension, lang) or joined(fmt(value), base)
    shown = fmt(value / published.unit_factor, lang)
    if not unit:
        return shown
    return f"{shown}{unit}" if _tight(unit) else f"{shown} {unit}"


def human(value: float, dimension: str, lang: str) -> str:
    """An energy (kWh) or volume (L) in a readable unit; other dimensions: ''."""
    if dimension == "energy":
        divisor, unit = energy_scale(value, lang)
        if lang != "zh" and abs(value) < 1.0:
            divisor, unit = 1.0, "kWh"
        return f"{fmt(value / divisor, lang)}{'' if lang == 'zh' else ' '}{unit}"
    if dimension == "volume":
        return joined(fmt(value / 1e3, lang), "立方米" if lang == "zh" else "m³")
    return ""


def times(factor: float, lang: str) -> str:
    """``×1.21`` or ``×1/1.03e6`` (``1.21 倍`` / ``1/103万``)."""
    if factor >= 1:
        return f"{fmt(factor, lang)} 倍" if lang == "zh" else f"×{fmt(factor)}"
    return f"1/{fmt(1 / factor, lang)}" if lang == "zh" else f"×1/{fmt(1 / factor)}"


def _say(key: str, lang: str, **values: str) -> str:
    return word(f"explain_{key}", lang, **values)


def explanation(claim: Claim, recomputed: Recomputed, judgement: Judgement, lang: str) -> str:
    """Why the claim got its verdict, with the numbers, in ``lang``."""
    pub = claim.published
    low, high = recomputed.span(claim.recompute.percentile)
    span = (
        in_unit(low, pub, lang)
        if low == high
        else f"{in_unit(low, pub, lang)} – {in_unit(high, pub, lang)}"
    )
    tol = claim.tolerance.written
    # a vague claim's figure is our reading of it, never "published"
    given = "as_read" if claim.reading.pick(lang) else "published"
    if judgement.verdict == "holds":
        key = {"upper": "holds_upper", "lower": "holds_lower"}.get(pub.kind, "holds")
        bound = word(f"given_bound_{given}" if key != "holds" else f"given_{given}", lang)
        return _say(key, lang, pub=pub.as_written, span=span, tol=tol, given=bound)
    edge = in_unit(low if judgement.factor < 1 or pub.kind == "upper" else high, pub, lang)
    values = {
        "pub": pub.as_written,
        "edge": edge,
        "tol": tol,
        "given": word(f"given_{given}", lang),
    }
    values["ratio"] = times(judgement.factor, lang)
    if judgement.verdict == "off":
        return _say("off_high" if judgement.factor > 1 else "off_low", lang, **values)
    if judgement.verdict == "unit_slip" and judgement.power_of_ten is not None:
        return _say("slip", lang, power=power_of_ten(abs(judgement.power_of_ten)), **values)
    return _say("orders", lang, **values)


def _tight(unit: str) -> bool:
    # Chinese units and "/mm²"-style units follow the number directly: 2400万度, 3.3亿/mm²
    return not unit[0].isascii() or unit.startswith("/") or unit == "%"
