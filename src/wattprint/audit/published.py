"""A quantity as published, with its unit as written: ``2400万度``, ``19.5亿 次/秒``,
``20万立方厘米``, ``100 个泳池``, ``3.3亿/mm²``, ``< 300 W/m³``, ``数百倍``.

Grammar (spaces optional)::

    [qualifier] (number [magnitude word] | approximate words) [unit]

- qualifiers: ``<`` ``≤`` ``不到`` ``少于`` ``under`` ``less than`` (an upper bound);
  ``>`` ``≥`` ``超过`` ``多于`` ``over`` ``more than`` (a lower bound); ``~`` ``≈`` ``约``
  ``大约`` ``about`` (a point value, as every unqualified number is)
- magnitude words: 万 (1e4), 亿 (1e8), 万亿 (1e12), 千 (1e3), thousand, million, billion,
  trillion
- approximate words give a range: 数十/几十/tens of (10 to 100), 数百/几百/hundreds of
  (100 to 1,000), 数千/几千/thousands of (1,000 to 10,000)
- units: any spelling :mod:`wattprint.quantity.units` knows (度, 万度, GWh, 立方厘米,
  W/cm³, /mm², 次/秒, 倍 ...), or a counted noun (个泳池, pools, 个晶体管, transistors,
  户, homes); no unit means a plain count.

Values are converted to the base unit of their dimension (kWh, L, W, FLOP/s ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from wattprint.errors import ClaimsError
from wattprint.quantity.units import BASE_UNITS, MAX_MAGNITUDE, unit_dimension

Kind = Literal["point", "range", "upper", "lower"]

_UPPER = ("<=", "≤", "<", "不到", "少于", "低于", "less than", "under", "below")
_LOWER = (">=", "≥", ">", "超过", "多于", "高于", "more than", "over", "above")
_APPROX = ("~", "≈", "大约", "约", "about", "around", "roughly")
_APPROXIMATE_WORDS: dict[str, tuple[float, float]] = {
    "数十": (10.0, 100.0), "几十": (10.0, 100.0), "tens of": (10.0, 100.0),
    "数百": (100.0, 1e3), "几百": (100.0, 1e3), "hundreds of": (100.0, 1e3),
    "数千": (1e3, 1e4), "几千": (1e3, 1e4), "thousands of": (1e3, 1e4),
}  # fmt: skip
_MAGNITUDES: dict[str, float] = {
    "万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3,
    "trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3,
}  # fmt: skip
COUNT_NOUNS = (
    "个泳池",
    "泳池",
    "pools",
    "Olympic pools",
    "个晶体管",
    "晶体管",
    "transistors",
    "户",
    "homes",
    "households",
    "个",
    "次",
)
_NUMBER_RE = re.compile(r"^([-+]?(?:\d+(?:,\d{3})*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)$")


@dataclass(frozen=True)
class Published:
    """A published quantity: its span in base units, what kind of claim, its dimension."""

    as_written: str
    kind: Kind
    low: float
    high: float
    dimension: str
    unit: str
    unit_factor: float = 1.0

    @property
    def base_unit(self) -> str:
        """The base unit the span is expressed in."""
        return BASE_UNITS.get(self.dimension, "1")


def parse_published(text: object, *, field: str) -> Published:
    """Parse a published quantity; raise ClaimsError (with ``field``) when malformed."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise ClaimsError(
            "expected a quantity as published",
            field=field,
            got=text,
            expected="text such as '2400万度' or '< 300 W/m³'",
        )
    written = str(text).strip()
    rest, kind = _qualifier(written)
    span, rest = _magnitude(rest, written, field)
    unit = rest.strip()
    dimension, factor = unit_of(unit, field=field, got=written)
    low, high = span[0] * factor, span[1] * factor
    if not max(abs(low), abs(high)) < MAX_MAGNITUDE:  # also refuses inf and nan
        raise ClaimsError(
            "published number out of range",
            field=field,
            got=written,
            expected=f"a magnitude below {MAX_MAGNITUDE:g} {BASE_UNITS.get(dimension, '')}".strip(),
        )
    if kind == "point" and low != high:
        kind = "range"
    return Published(written, kind, low, high, dimension, unit, factor)


def unit_of(unit: str, *, field: str, got: object) -> tuple[str, float]:
    """Dimension and factor to base units of a unit as written (counted nouns are counts)."""
    if not unit or unit in COUNT_NOUNS:
        return "count", 1.0
    found = unit_dimension(unit)
    if found is None:
        raise ClaimsError(
            f"unknown unit {unit!r}",
            field=field,
            got=got,
            expected="a unit such as 度, GWh, m3, 立方厘米, W/cm3, /mm2, 次/秒, 倍, or a "
            "counted noun (" + ", ".join(COUNT_NOUNS[:4]) + ")",
        )
    return found


def _qualifier(text: str) -> tuple[str, Kind]:
    lowered = text.lower()
    for words, kind in ((_UPPER, "upper"), (_LOWER, "lower"), (_APPROX, "point")):
        for word in words:
            if lowered.startswith(word):
                return text[len(word) :].strip(), kind  # type: ignore[return-value]
    return text, "point"


def _magnitude(text: str, written: str, field: str) -> tuple[tuple[float, float], str]:
    lowered = text.lower()
    for words, span in _APPROXIMATE_WORDS.items():
        if lowered.startswith(words):
            return span, text[len(words) :]
    match = _NUMBER_RE.match(text)
    if match is None:
        raise ClaimsError(
            "not a number with a unit",
            field=field,
            got=written,
            expected="text such as '2400万度', '19.5亿 次/秒' or '数百倍'",
        )
    number = float(match.group(1).replace(",", ""))
    rest = match.group(2)
    if rest.strip() and unit_dimension(rest.strip()) is not None:
        return (number, number), rest  # a unit that starts like a word: 万度, 千瓦时
    for word, factor in _MAGNITUDES.items():
        if rest.lower().startswith(word) and _word_ends(rest, len(word)):
            number *= factor
            rest = rest[len(word) :]
            break
    return (number, number), rest


def _word_ends(rest: str, length: int) -> bool:
    # "万" or "亿" may run straight into a unit; an English word needs a boundary
    return not rest[:length].isascii() or len(rest) == length or not rest[length].isalpha()
