"""Projection: the whole run's energy and footprint from the steps measured so far.

Method, for ``N`` total steps of which ``n`` were measured:

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
from wattprint.measure.log import RunLog
from wattprint.measure.result import RunResult
from wattprint.measure.series import SensorTrack, energy_at

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
    tracks: list[SensorTrack],
    log: RunLog,
    config: TrackerConfig,
    total_steps: int,
    warmup_steps: int | None = None,
) -> Projection:
    """Project ``result`` (with its tracks and step log) to ``total_steps``; see above."""
    times = np.array([s[0] for s in list(log.steps)], dtype=np.float64)
    n = len(times)
    _check(n, total_steps, warmup_steps)
    warmup = min(max(1, n // 10) if warmup_steps is None else warmup_steps, n - 2)
    origin = min((t.first.t_s for t in tracks), default=log.started_s)
    edges = np.concatenate(([origin], times))
    energy = np.array([energy_at(tracks, float(t)) for t in edges])
    per_step_j, per_step_s = np.diff(energy)[warmup:], np.diff(edges)[warmup:]
    rng = np.random.default_rng([config.seed, total_steps])
    draws = config.mc_samples
    step_j = _rate(per_step_j, draws, rng) * _drift(per_step_j, total_steps - n, draws, rng)
    step_s = _rate(per_step_s, draws, rng) * _drift(per_step_s, total_steps - n, draws, rng)
    remaining = total_steps - n
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


def _rate(values: Array, draws: int, rng: np.random.Generator) -> Array:
    """Bootstrap draws of the mean per step over the recent steps (block resampling)."""
    recent = _recent(values)
    blocks = np.array_split(recent, min(MAX_BLOCKS, len(recent)))
    sums = np.array([b.sum() for b in blocks])
    counts = np.array([len(b) for b in blocks], dtype=np.float64)
    picks = rng.integers(0, len(blocks), size=(draws, len(blocks)))
    return np.asarray(sums[picks].sum(axis=1) / counts[picks].sum(axis=1), dtype=np.float64)


def _drift(values: Array, remaining: int, draws: int, rng: np.random.Generator) -> Array:
    """Multipliers between 1 (rate stays) and the linear trend carried halfway on."""
    level = float(_recent(values).mean())
    if len(values) < 4 or remaining <= 0 or level <= 0:
        return np.ones(draws)
    slope = float(np.polyfit(np.arange(len(values), dtype=np.float64), values, 1)[0])
    move = slope * remaining / 2 / level
    return np.maximum(1.0 + rng.random(draws) * move, 0.0)
