"""Projection: the whole run's energy and footprint from the steps measured so far.

Method, for ``N`` total steps of which ``n`` were measured (in runs of more than
:data:`~wattprint.measure.running.LEDGER_POINTS` steps, "a step" below is a block of
consecutive steps, as the run's step ledger keeps them, weighted by its size):

1. Each step's energy is the run's cumulative energy at its end minus that at the
   previous step's end (interpolated between sensor readings); likewise its duration.
2. Warm-up is left out: the first ``warmup_steps`` (default ``max(1, n // 10)``).
3. The current rate is the **recent half** of the post-warm-up steps (all of them when
   there are fewer than 8), so a rate that drifted is taken where it is now.
4. Its uncertainty is a **block bootstrap**: the recent steps are cut into up to 200
   contiguous blocks, resampled with replacement, and the mean energy (and time) per
   step recomputed each draw; blocks keep neighbouring steps' correlation.
5. Drift: a straight line fitted to per-step energy over the post-warm-up steps gives
   how far the rate would move if the drift went on; each draw takes a uniform share
   of that move over the remaining steps, between "the rate stays" and "the drift
   continues linearly".
6. Projected energy = energy measured so far + remaining steps × per-step draws; the
   footprint scales the measured run's energy by projected ÷ measured, so every
   catalog factor and its source carry over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from wattprint.chain.result import Footprint
from wattprint.errors import InputError
from wattprint.measure.config import TrackerConfig
from wattprint.measure.footprint import measured_footprint
from wattprint.measure.result import RunResult
from wattprint.measure.running import StepHistory

Array = npt.NDArray[np.float64]
MAX_BLOCKS = 200
MIN_STEPS = 3


@dataclass(frozen=True)
class Projection:
    """The projected whole run.

    Attributes:
        total_steps: Steps of the whole run.
        measured_steps: Steps measured so far.
        warmup_steps: Leading steps left out of the rate.
        energy_p5_j: Projected total energy, 5th percentile, joules.
        energy_p50_j: Median.
        energy_p95_j: 95th percentile.
        duration_p50_s: Projected total duration (median), seconds.
        energy_per_step_j: Median energy per step used for the remaining steps.
        footprint: The projected run's footprint (facility energy, carbon, water ...).
    """

    total_steps: int
    measured_steps: int
    warmup_steps: int
    energy_p5_j: float
    energy_p50_j: float
    energy_p95_j: float
    duration_p50_s: float
    energy_per_step_j: float
    footprint: Footprint


def project(
    result: RunResult,
    history: StepHistory,
    config: TrackerConfig,
    total_steps: int,
    warmup_steps: int | None = None,
) -> Projection:
    """Project ``result`` (with its step history) to ``total_steps``; see above."""
    n = history.count
    _check(n, total_steps, warmup_steps)
    warmup = min(max(1, n // 10) if warmup_steps is None else warmup_steps, n - 2)
    edges = np.array(history.t_s, dtype=np.float64)
    steps = np.array(history.steps, dtype=np.float64)
    first = int(np.searchsorted(steps, warmup))  # the point where the warm-up ended
    per_j = np.diff(np.array(history.energy_j, dtype=np.float64))[first:]
    per_s, per_k = np.diff(edges)[first:], np.diff(steps)[first:]
    at_k = steps[first + 1 :]
    rng = np.random.default_rng([config.seed, total_steps])
    draws, remaining = config.mc_samples, total_steps - n
    step_j = _rate(per_j, per_k, draws, rng) * _drift(per_j, per_k, at_k, remaining, draws, rng)
    step_s = _rate(per_s, per_k, draws, rng) * _drift(per_s, per_k, at_k, remaining, draws, rng)
    total_j = result.energy_j + remaining * step_j
    total_s = result.duration_s + remaining * step_s
    scale = total_j / result.energy_j if result.energy_j > 0 else np.ones(draws)
    footprint = measured_footprint(
        result,
        config,
        name=f"{result.name} (projected to {total_steps} steps)",
        energy_scale=scale,
        duration_s=float(np.median(total_s)),
    )
    p5, p50, p95 = np.percentile(total_j, [5.0, 50.0, 95.0])
    return Projection(
        total_steps,
        n,
        warmup,
        float(p5),
        float(p50),
        float(p95),
        float(np.median(total_s)),
        float(np.median(step_j)),
        footprint,
    )


def _check(n: int, total_steps: int, warmup_steps: int | None) -> None:
    if n < MIN_STEPS:
        raise InputError(
            f"a projection needs at least {MIN_STEPS} reported steps",
            field="steps",
            got=n,
            hint="call run.step() once per training step or request",
        )
    if total_steps < n:
        raise InputError(
            "total_steps is below the steps already measured",
            field="total_steps",
            got=total_steps,
            expected=f">= {n}",
        )
    if warmup_steps is not None and not 0 <= warmup_steps <= n - 2:
        raise InputError(
            "warm-up must leave at least 2 measured steps",
            field="warmup_steps",
            got=warmup_steps,
            expected=f"0 to {n - 2}",
        )


def _recent(values: Array) -> Array:
    return values[len(values) // 2 :] if len(values) >= 8 else values


def _rate(values: Array, counts: Array, draws: int, rng: np.random.Generator) -> Array:
    """Bootstrap draws of the mean per step over the recent steps (block resampling);
    ``values[i]`` is the total of ``counts[i]`` consecutive steps."""
    recent, recent_counts = _recent(values), _recent(counts)
    parts = min(MAX_BLOCKS, len(recent))
    sums = np.array([b.sum() for b in np.array_split(recent, parts)])
    sizes = np.array([b.sum() for b in np.array_split(recent_counts, parts)])
    picks = rng.integers(0, parts, size=(draws, parts))
    return np.asarray(sums[picks].sum(axis=1) / sizes[picks].sum(axis=1), dtype=np.float64)


def _drift(
    values: Array,
    counts: Array,
    at_step: Array,
    remaining: int,
    draws: int,
    rng: np.random.Generator,
) -> Array:
    """Multipliers between 1 (rate stays) and the linear trend carried halfway on."""
    level = float(_recent(values).sum() / _recent(counts).sum())
    if len(values) < 4 or remaining <= 0 or level <= 0:
        return np.ones(draws)
    slope = float(np.polyfit(at_step, values / counts, 1)[0])
    move = slope * remaining / 2 / level
    return np.maximum(1.0 + rng.random(draws) * move, 0.0)
