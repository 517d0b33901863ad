"""Verdicts: does a published figure hold against its recomputation, and if not, by how much.

- ``holds``: the published value (or range, or bound) meets the recomputed p5..p95 span
  (or the one percentile the claim names) widened by the claim's tolerance;
- ``off``: it misses by a factor ``N`` (published ÷ the nearest recomputed edge) under 100×;
- ``unit_slip``: it misses by a factor within 5 % of a power of ten (10×, 10⁴× ...): the
  signature of a unit or magnitude-word slip (亿 written for 万亿 is 10⁴; cm³ for m³ is
  10⁶). "Within 5 %", never "exactly": 1.03×10⁶ is a slip, and is said to be one;
- ``off_by_orders``: it misses by 100× or more, and not near a power of ten (a claim
  with no unit to slip, such as "hundreds of times", lands here when it is far off).

For a bound (``< 300 W/m³``) the claim holds when the widened span reaches the allowed
side of the bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from wattprint.audit.claims import Tolerance
from wattprint.audit.published import Published

Verdict = Literal["holds", "off", "unit_slip", "off_by_orders"]
VERDICTS: tuple[Verdict, ...] = ("holds", "off", "unit_slip", "off_by_orders")
NEAR_POWER_OF_TEN = math.log10(1.05)
MAGNITUDE = 2.0


@dataclass(frozen=True)
class Judgement:
    """A verdict, the factor published ÷ recomputed (1 when it holds) and its power of ten."""

    verdict: Verdict
    factor: float = 1.0
    power_of_ten: int | None = None


def judge(published: Published, low: float, high: float, tolerance: Tolerance) -> Judgement:
    """Judge ``published`` against the recomputed span ``low``..``high`` (base units)."""
    wide_low, wide_high = tolerance.widen(low, high)
    kind = published.kind
    if kind == "upper":
        if wide_low <= published.high:
            return Judgement("holds")
        return classify(_ratio(published.high, low))
    if kind == "lower":
        if wide_high >= published.low:
            return Judgement("holds")
        return classify(_ratio(published.low, high))
    if published.high >= wide_low and published.low <= wide_high:
        return Judgement("holds")
    if published.low > wide_high:
        return classify(_ratio(published.low, high))
    return classify(_ratio(published.high, low))


def classify(factor: float) -> Judgement:
    """``off``, ``unit_slip`` or ``off_by_orders`` for a miss by ``factor``.

    Examples: ×1.5 is ``off``; ×1.03e6 is a ``unit_slip`` near 10⁶; ×300 is
    ``off_by_orders``; ×9.6 is a ``unit_slip`` near 10¹ (9.6 is within 5 % of 10).
    """
    if not math.isfinite(factor) or factor <= 0:
        return Judgement("off_by_orders", factor, None)
    exponent = math.log10(factor)
    nearest = round(exponent)
    if nearest != 0 and abs(exponent - nearest) <= NEAR_POWER_OF_TEN:
        return Judgement("unit_slip", factor, nearest)
    if abs(exponent) >= MAGNITUDE:
        return Judgement("off_by_orders", factor, None)
    return Judgement("off", factor, None)


def _ratio(published: float, recomputed: float) -> float:
    if recomputed == 0:
        return math.inf if published else 1.0
    return published / recomputed
