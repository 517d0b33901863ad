"""Uncertain inputs: a fixed value, a range or a distribution, sampled as NumPy arrays.

A person writes ``400 W``, ``90 to 100 days``, ``1.1 to 1.3``, ``400 W ± 10%`` or a
mapping ``{dist: lognormal, median: 0.4, gsd: 1.3}``; :func:`parse_uncertain` turns any of
these into an :class:`Uncertain` in base units, and :meth:`Uncertain.sample` draws Monte
Carlo samples. Each input draws from its own generator, seeded by the run's seed and the
input's name, so adding an input never changes the samples of another, and widening a
range widens its samples monotonically (same underlying uniforms).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from wattprint.errors import InputError
from wattprint.quantity.units import parse_quantity

Samples = npt.NDArray[np.float64]
Dist = Literal["fixed", "uniform", "triangular", "normal", "lognormal", "loguniform"]
DISTS: tuple[str, ...] = ("fixed", "uniform", "triangular", "normal", "lognormal")

_RANGE_RE = re.compile(r"^\s*(.+?)\s*(?:\bto\b|–|—|\.\.|~|至|到)\s*(.+?)\s*$")
_PLUSMINUS_RE = re.compile(r"^\s*(.+?)\s*(?:±|\+/-|\+-)\s*(.+?)\s*$")
_Z95 = 1.6448536269514722  # standard normal quantile at 0.95
MAX_GSD = 100.0  # geometric standard deviation bound: p95/p50 = 100**1.645 ≈ 1,900


@dataclass(frozen=True)
class Uncertain:
    """An uncertain value in base units of ``dimension``.

    ``params`` by ``dist``: fixed (value,), uniform (low, high), triangular
    (low, mode, high), normal (mean, sd), lognormal (median, gsd), loguniform (low, high):
    every decade between low and high equally likely (catalog defaults only).
    """

    dist: Dist
    params: tuple[float, ...]
    dimension: str
    text: str = ""

    @staticmethod
    def fixed(value: float, dimension: str = "ratio", text: str = "") -> Uncertain:
        """A value without spread."""
        return Uncertain("fixed", (float(value),), dimension, text or f"{value:g}")

    @staticmethod
    def between(low: float, high: float, dimension: str = "ratio", text: str = "") -> Uncertain:
        """A uniform range; collapses to fixed when low == high."""
        if low == high:
            return Uncertain.fixed(low, dimension, text)
        return Uncertain("uniform", (float(low), float(high)), dimension, text)

    @property
    def is_fixed(self) -> bool:
        """True when every sample is the same number."""
        return self.dist == "fixed"

    @property
    def central(self) -> float:
        """A representative value: the value, mode, mean or median."""
        if self.dist == "uniform":
            return (self.params[0] + self.params[1]) / 2
        if self.dist == "triangular":
            return self.params[1]
        if self.dist == "loguniform":
            return float(np.sqrt(self.params[0] * self.params[1]))
        return self.params[0]

    @property
    def span(self) -> tuple[float, float]:
        """About p5..p95 (the exact bounds for fixed, uniform and triangular)."""
        if self.dist == "fixed":
            return (self.params[0], self.params[0])
        if self.dist in ("uniform", "loguniform"):
            return (self.params[0], self.params[1])
        if self.dist == "triangular":
            return (self.params[0], self.params[2])
        if self.dist == "normal":
            mean, sd = self.params
            return (mean - _Z95 * sd, mean + _Z95 * sd)
        median, gsd = self.params
        return (median / gsd**_Z95, median * gsd**_Z95)

    def scaled(self, factor: float) -> Uncertain:
        """The same distribution times a positive constant."""
        if self.dist == "lognormal":
            return Uncertain(self.dist, (self.params[0] * factor, self.params[1]), self.dimension)
        if self.dist == "loguniform":
            low, high = self.params
            return Uncertain(self.dist, (low * factor, high * factor), self.dimension)
        return Uncertain(self.dist, tuple(p * factor for p in self.params), self.dimension)

    def sample(self, n: int, seed: int, name: str) -> Samples | float:
        """Draw ``n`` samples (a plain float when fixed), reproducibly per (seed, name)."""
        if self.dist == "fixed":
            return self.params[0]
        rng = np.random.default_rng([seed, _stable_hash(name)])
        if self.dist == "uniform":
            low, high = self.params
            return low + (high - low) * rng.random(n)
        if self.dist == "triangular":
            return _triangular(self.params, rng.random(n))
        if self.dist == "loguniform":
            low, high = self.params
            decades: Samples = low * (high / low) ** rng.random(n)
            return decades
        z = rng.standard_normal(n)
        if self.dist == "normal":
            mean, sd = self.params
            out: Samples = mean + sd * z
            if self.dimension != "temperature" and mean > 0:
                # physical quantities here are positive; a normal tail must not make them < 0
                out = np.maximum(out, 0.0)
            return out
        median, gsd = self.params
        lognormal: Samples = median * np.exp(np.log(gsd) * z)
        return lognormal


def _triangular(params: tuple[float, ...], u: Samples) -> Samples:
    low, mode, high = params
    if high == low:
        return np.full_like(u, low)
    cut = (mode - low) / (high - low)
    left = low + np.sqrt(u * (high - low) * (mode - low))
    right = high - np.sqrt((1 - u) * (high - low) * (high - mode))
    return np.where(u < cut, left, right)


def _stable_hash(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


def parse_uncertain(value: Any, dimension: str, *, field: str) -> Uncertain:
    """Parse any accepted spelling of an uncertain input; raise InputError if malformed."""
    if isinstance(value, Mapping):
        return _parse_mapping(value, dimension, field)
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise InputError(
                "a list must be [low, high]", field=field, got=value, expected="two values"
            )
        return _ordered(
            parse_quantity(value[0], dimension, field=field),
            parse_quantity(value[1], dimension, field=field),
            dimension,
            field,
            str(value),
        )
    if isinstance(value, str):
        text = value.strip()
        pm = _PLUSMINUS_RE.match(text)
        if pm:
            return _parse_plus_minus(pm.group(1), pm.group(2), dimension, field, text)
        rng = _RANGE_RE.match(text)
        if rng and not _looks_like_single(text):
            low_text, high_text = rng.group(1), rng.group(2)
            high = parse_quantity(high_text, dimension, field=field)
            unit = _trailing_unit(high_text)
            low_text = low_text if _trailing_unit(low_text) else f"{low_text} {unit}".strip()
            low = parse_quantity(low_text, dimension, field=field)
            return _ordered(low, high, dimension, field, text)
    parsed = parse_quantity(value, dimension, field=field)
    return Uncertain.fixed(parsed, dimension, str(value))


def _looks_like_single(text: str) -> bool:
    # "1e-3" or "-5" must not be read as a range; ranges need spaces or a range word
    return bool(re.fullmatch(r"[-+]?[\d.,_]+(?:[eE][-+]?\d+)?(?:\s*\S*)?", text)) and not any(
        word in text for word in (" to ", "..", "–", "—", "~", "至", "到")
    )


def _trailing_unit(text: str) -> str:
    match = re.match(r"^\s*[-+]?[\d.,_]+(?:[eE][-+]?\d+)?\s*(.*)$", text)
    return match.group(1).strip() if match else ""


def _ordered(low: float, high: float, dimension: str, field: str, text: str) -> Uncertain:
    if low > high:
        raise InputError(
            "range has low > high",
            field=field,
            got=text,
            expected="low to high, e.g. '90 to 100 days'",
            hint="swap the two values",
        )
    return Uncertain.between(low, high, dimension, text)


def _parse_plus_minus(
    centre_text: str, spread_text: str, dimension: str, field: str, text: str
) -> Uncertain:
    centre = parse_quantity(centre_text, dimension, field=field)
    if spread_text.endswith("%"):
        spread = abs(centre) * parse_quantity(spread_text, "ratio", field=field)
    else:
        unit = _trailing_unit(centre_text)
        spread_with_unit = spread_text if _trailing_unit(spread_text) else f"{spread_text} {unit}"
        spread = parse_quantity(spread_with_unit.strip(), dimension, field=field)
    if spread < 0:
        raise InputError("spread after ± must be positive", field=field, got=text)
    return _ordered(centre - spread, centre + spread, dimension, field, text)


_DIST_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "uniform": (("low", "high"),),
    "triangular": (("low", "mode", "high"),),
    "normal": (("mean", "sd"),),
    "lognormal": (("median", "gsd"), ("low", "high")),
    "fixed": (("value",),),
}


def _parse_mapping(spec: Mapping[str, Any], dimension: str, field: str) -> Uncertain:
    dist = spec.get("dist")
    if dist not in _DIST_KEYS:
        raise InputError(
            "unknown distribution",
            field=f"{field}.dist",
            got=dist,
            expected="one of " + ", ".join(DISTS),
        )
    given = set(spec) - {"dist"}
    for keys in _DIST_KEYS[dist]:
        if given == set(keys):
            break
    else:
        options = " or ".join("{" + ", ".join(k) + "}" for k in _DIST_KEYS[dist])
        raise InputError(
            f"wrong parameters for a {dist} distribution",
            field=field,
            got=sorted(given),
            expected=options,
        )
    text = f"{dist}(" + ", ".join(f"{k}={spec[k]}" for k in keys) + ")"

    def q(key: str, dim: str = dimension) -> float:
        return parse_quantity(spec[key], dim, field=f"{field}.{key}")

    if dist == "fixed":
        return Uncertain.fixed(q("value"), dimension, text)
    if dist == "uniform":
        return _ordered(q("low"), q("high"), dimension, field, text)
    if dist == "triangular":
        low, mode, high = q("low"), q("mode"), q("high")
        if not low <= mode <= high:
            raise InputError(
                "triangular needs low ≤ mode ≤ high", field=field, got=text, hint="reorder them"
            )
        return Uncertain("triangular", (low, mode, high), dimension, text)
    if dist == "normal":
        mean, sd = q("mean"), q("sd")
        if sd < 0:
            raise InputError("sd must be ≥ 0", field=f"{field}.sd", got=spec["sd"])
        return Uncertain("normal", (mean, sd), dimension, text)
    if keys == ("low", "high"):
        low, high = q("low"), q("high")
        if not 0 < low <= high:
            raise InputError(
                "lognormal low/high (p5/p95) need 0 < low ≤ high", field=field, got=text
            )
        median = float(np.sqrt(low * high))
        gsd = float(np.exp(np.log(high / low) / (2 * _Z95))) if high > low else 1.0
        return Uncertain("lognormal", (median, gsd), dimension, text)
    median, gsd = q("median"), q("gsd", "ratio")
    if median <= 0 or not 1 <= gsd <= MAX_GSD:
        raise InputError(
            "lognormal needs median > 0 and 1 ≤ gsd ≤ 100",
            field=field,
            got=text,
            expected=f"1 ≤ gsd ≤ {MAX_GSD:g} (a gsd of 100 already puts p95 at 1,900 × p50)",
        )
    return Uncertain("lognormal", (median, gsd), dimension, text)
