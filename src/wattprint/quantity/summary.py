"""Summaries of Monte Carlo samples: p5 / p50 / p95 and the inputs that drive the spread."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from wattprint.quantity.uncertain import Samples

PERCENTILES = (5.0, 50.0, 95.0)


@dataclass(frozen=True)
class Driver:
    """One input's rank correlation with an output (Spearman's rho)."""

    input: str
    rank_correlation: float


def percentiles(samples: Samples | float) -> tuple[float, float, float]:
    """Return (p5, p50, p95); a fixed number gives the same value three times."""
    if np.ndim(samples) == 0:
        value = float(samples)
        return (value, value, value)
    p5, p50, p95 = np.percentile(samples, PERCENTILES)
    return (float(p5), float(p50), float(p95))


def ranks(samples: Samples) -> Samples:
    """Ranks 0..n-1 of the samples (ties broken arbitrarily; fine for continuous draws)."""
    order = np.argsort(samples)
    out = np.empty(len(samples), dtype=np.float64)
    out[order] = np.arange(len(samples), dtype=np.float64)
    return out


def drivers(
    output: Samples | float,
    input_ranks: Mapping[str, Samples],
    *,
    top: int = 3,
    threshold: float = 0.05,
) -> list[Driver]:
    """The inputs most rank-correlated with ``output``, strongest first.

    ``input_ranks`` holds pre-computed ranks of each uncertain input (see :func:`ranks`)
    so the ranking cost is paid once per input, not once per output.
    """
    if np.ndim(output) == 0 or not input_ranks:
        return []
    out_ranks = ranks(np.asarray(output, dtype=np.float64))
    out_centered = out_ranks - out_ranks.mean()
    out_norm = float(np.sqrt(out_centered @ out_centered))
    if out_norm == 0.0:
        return []
    found: list[Driver] = []
    for name, r in input_ranks.items():
        centered = r - r.mean()
        norm = float(np.sqrt(centered @ centered))
        if norm == 0.0:
            continue
        rho = float(centered @ out_centered) / (norm * out_norm)
        if abs(rho) >= threshold:
            found.append(Driver(name, round(rho, 3)))
    found.sort(key=lambda d: -abs(d.rank_correlation))
    return found[:top]


@dataclass(frozen=True)
class RankBasis:
    """The uncertain inputs' ranks, centred and stacked once for every output's drivers."""

    names: tuple[str, ...]
    centered: npt.NDArray[np.float64]  # one row per input
    norms: npt.NDArray[np.float64]

    @classmethod
    def of(cls, input_ranks: Mapping[str, Samples]) -> RankBasis:
        """From ranks as :func:`ranks` gives them (one array per input, same length)."""
        names = tuple(input_ranks)
        if not names:
            return cls((), np.empty((0, 0)), np.empty(0))
        rows = np.stack([np.asarray(input_ranks[n], dtype=np.float64) for n in names])
        centered = rows - rows.mean(axis=1, keepdims=True)
        return cls(names, centered, np.sqrt(np.einsum("ij,ij->i", centered, centered)))


def describe(
    samples: Samples | float, basis: RankBasis, *, top: int = 3, threshold: float = 0.05
) -> tuple[tuple[float, float, float], list[Driver]]:
    """:func:`percentiles` and :func:`drivers` of one output from a single sort.

    The percentiles interpolate the sorted draws as ``np.percentile``'s default
    (``linear``) does; the ranks come from the same ``argsort``, and one matrix product
    correlates them with every input at once. The chain's summary costs one sort per
    output this way, instead of a sort and three selections.
    """
    if np.ndim(samples) == 0:
        return percentiles(samples), []
    values = np.asarray(samples, dtype=np.float64)
    order = np.argsort(values)
    quantiles = _sorted_percentiles(values[order])
    if not basis.names or len(values) != basis.centered.shape[1]:
        return quantiles, []
    n = len(values)
    out_centered = np.empty(n, dtype=np.float64)
    out_centered[order] = np.arange(n, dtype=np.float64) - (n - 1) / 2.0
    out_norm = float(np.sqrt(out_centered @ out_centered))
    with np.errstate(divide="ignore", invalid="ignore"):
        rhos = (basis.centered @ out_centered) / (basis.norms * out_norm)
    found = [
        Driver(name, round(float(rho), 3))
        for name, rho, norm in zip(basis.names, rhos, basis.norms, strict=True)
        if norm > 0.0 and out_norm > 0.0 and abs(rho) >= threshold
    ]
    found.sort(key=lambda d: -abs(d.rank_correlation))
    return quantiles, found[:top]


def _sorted_percentiles(ordered: Samples) -> tuple[float, float, float]:
    """p5, p50, p95 of sorted draws, computed as ``np.percentile`` (``linear``) does."""
    n = len(ordered)
    out = []
    for q in np.asarray(PERCENTILES, dtype=np.float64) / 100.0:
        virtual = min(max((n - 1) * q, 0.0), n - 1.0)
        below = int(np.floor(virtual))
        above = min(below + 1, n - 1)
        gamma = virtual - below
        a, b = float(ordered[below]), float(ordered[above])
        diff = b - a
        out.append(b - diff * (1.0 - gamma) if gamma >= 0.5 else a + diff * gamma)
    return (out[0], out[1], out[2])
