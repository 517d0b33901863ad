"""Summaries of Monte Carlo samples: p5 / p50 / p95 and the inputs that drive the spread."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

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
