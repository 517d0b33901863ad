"""Verdicts: does a published figure hold against its recomputation, and if not, by how much.

- ``holds``: the published value (or range, or bound) meets the recomputed p5..p95 span
  (or the one percentile the claim names) widened by the claim's tolerance;
- ``off``: it misses by a factor ``N`` (published ÷ the nearest recomputed edge);
- ``wrong_unit_or_magnitude``: it misses by 100× or more, or by a factor within 5% of
  an exact power of ten (10×, 10⁴× ...): the signature of a unit or magnitude-word slip
  (亿 written for 万亿 is 10⁴; cm³ for m³ is 10⁶).

For a bound (``< 300 W/m³``) the claim holds when the widened span reaches the allowed
side of the bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from wattprint.audit.claims import Tolerance
from wattprint.audit.published import Published

Verdict = Literal["holds", "off", "wrong_unit_or_magnitude"]
VERDICTS: tuple[Verdict, ...] = ("holds", "off", "wrong_unit_or_magnitude")
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
    """``off`` or ``wrong_unit_or_magnitude`` for a miss by ``factor``."""
    if not math.isfinite(factor) or factor <= 0:
        return Judgement("wrong_unit_or_magnitude", factor, None)
    exponent = math.log10(factor)
    nearest = round(exponent)
    near = nearest != 0 and abs(exponent - nearest) <= NEAR_POWER_OF_TEN
    power = nearest if near else None
    if abs(exponent) >= MAGNITUDE or near:
        return Judgement("wrong_unit_or_magnitude", factor, power)
    return Judgement("off", factor, power)


def _ratio(published: float, recomputed: float) -> float:
    if recomputed == 0:
        return math.inf if published else 1.0
    return published / recomputed
