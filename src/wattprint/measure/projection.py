"""Projection: the whole run's energy and footprint from the steps measured so far.

Method, for ``N`` total steps of which ``n`` were reported (in runs of more than
:data:`~wattprint.measure.running.LEDGER_POINTS` steps, "a step" below is a block of
consecutive steps, as the run's step ledger keeps them, weighted by its size):

1. Only the measured window counts: the ``k`` steps that ended by the latest sensor
   reading. Energy after that reading is not known yet, so a step after it is neither
   given 0 J nor counted as measured; it is one of the ``N - k`` steps to project.
2. Warm-up is left out: the first ``warmup_steps`` (default ``max(1, k // 10)``).
3. Each step's energy is the cumulative energy at its end minus that at the step before
   (interpolated linearly between readings: an approximation whose error is at most
   one sampling interval's energy at the window's two ends, spread over all its steps).
   The rate is a ratio, energy over steps, of the **recent half** of the post-warm-up
   steps (all of them when fewer than 8), so a rate that moved is taken where it is now.
4. Its uncertainty is a **block bootstrap**: the recent steps are cut into up to 200
   contiguous blocks, resampled with replacement, and the ratio recomputed per draw.
5. Drift: the post-warm-up steps in 10 blocks; a straight line through the blocks' mean
   energy per step. Only a slope over three standard errors counts (a noisy but
   steady rate has none). Each draw then takes a uniform share, from none to all, of
   where that line would take the rate halfway through the remaining steps; the move is
   kept between halving and tripling the rate (a line fitted to a finite window says
   little about far beyond it). So drift widens the band towards the trend; it never
   drags the median to zero.
6. Projected energy = energy measured so far + ``(N - k)`` × per-step draws (never below
   what was measured); the footprint scales the measured run's energy by projected ÷
   measured, so every catalog factor and its source carry over.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from wattprint.chain.result import Footprint
from wattprint.errors import InputError, SensorError
from wattprint.measure.config import TrackerConfig
from wattprint.measure.footprint import measured_footprint
from wattprint.measure.result import RunResult
from wattprint.measure.running import StepHistory
from wattprint.measure.series import SensorTrack, energy_at

Array = npt.NDArray[np.float64]
MAX_BLOCKS = 200
MIN_STEPS = 3
DRIFT_BLOCKS = 10
DRIFT_SIGNIFICANCE = 3.0  # slope over 3 standard errors (t, 8 dof: ~2 % by chance)
MOVE_RANGE = (-0.5, 2.0)  # a trend moves the rate between x0.5 and x3 at most


@dataclass(frozen=True)
class Projection:
    """The projected whole run.

    Attributes:
        total_steps: Steps of the whole run.
        measured_steps: Steps whose energy was measured (ended by the latest reading).
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

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as stored with the run (``totals["projection"]``): flat numbers,
        units in the keys; the footprint is summarised by its carbon and on-site water."""
        out: dict[str, Any] = {
            k: getattr(self, k)
            for k in ("total_steps", "measured_steps", "warmup_steps", "energy_p5_j",
                      "energy_p50_j", "energy_p95_j", "duration_p50_s", "energy_per_step_j")
        }  # fmt: skip
        for name, unit in (("carbon_total", "kg_co2e"), ("water_onsite", "l")):
            if name in self.footprint.outputs:
                summary = self.footprint[name]
                for p in ("p5", "p50", "p95"):
                    out[f"{name}_{p}_{unit}"] = getattr(summary, p)
        return out


@dataclass(frozen=True)
class Window:
    """What was measured: step end times, cumulative energy, and the latest reading.

    Attributes:
        step_t: End time of every reported step, ascending.
        energy_at: Cumulative energy (J) at a time, interpolated.
        origin_t: Time the energy counts from.
        last_t: Time of the latest reading every sensor has given.
    """

    step_t: Sequence[float]
    energy_at: Callable[[float], float]
    origin_t: float
    last_t: float


@dataclass(frozen=True)
class EnergyDraws:
    """Per-step draws and what they came from (see the module docstring)."""

    covered: int
    warmup: int
    step_j: Array
    step_s: Array


def project(
    result: RunResult,
    tracks: list[SensorTrack],
    history: StepHistory,
    config: TrackerConfig,
    total_steps: int,
    warmup_steps: int | None = None,
) -> Projection:
    """Project ``result`` (with its tracks and step history) to ``total_steps``; see above.

    Raises:
        SensorError: No sensor was read, so there is no energy to project.
        InputError: Too few steps measured, or ``total_steps`` below those reported.
    """
    if not tracks or not history.t_s:
        raise SensorError("nothing to project: no sensor could be read (result.sensors)")
    last_t = min(t.last.t_s for t in tracks)
    rng = np.random.default_rng([config.seed, total_steps])
    draws = history_draws(history, last_t, total_steps, warmup_steps, config.mc_samples, rng)
    remaining = total_steps - draws.covered
    measured_j = max(energy_at(tracks, last_t), 0.0)
    total_j = np.maximum(measured_j + remaining * draws.step_j, result.energy_j)
    total_s = (last_t - history.t_s[0]) + remaining * draws.step_s
    total_s = np.maximum(total_s, result.duration_s)
    scale = total_j / result.energy_j if result.energy_j > 0 else np.ones(len(total_j))
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
        draws.covered,
        draws.warmup,
        float(p5),
        float(p50),
        float(p95),
        float(np.median(total_s)),
        float(np.median(draws.step_j)),
        footprint,
    )


def history_draws(
    history: StepHistory,
    last_t: float,
    total_steps: int,
    warmup_steps: int | None,
    draws: int,
    rng: np.random.Generator,
) -> EnergyDraws:
    """Draws of energy and time per remaining step from a run's step history: only the
    points the latest reading covers count (steps 1 to 5 of the method)."""
    last = bisect_right(history.t_s, last_t) - 1  # the last point a reading covers
    covered = history.steps[last] if last >= 0 else 0
    _check(history.count, covered, total_steps, warmup_steps)
    warmup = min(max(1, covered // 10) if warmup_steps is None else warmup_steps, covered - 2)
    first = min(bisect_left(history.steps, warmup), last - 1)  # the point where warm-up ended
    t = np.array(history.t_s[first : last + 1], dtype=np.float64)
    j = np.array(history.energy_j[first : last + 1], dtype=np.float64)
    k = np.array(history.steps[first : last + 1], dtype=np.float64)
    segments = Segments(np.diff(j), np.diff(t), np.diff(k))
    step_j, step_s = segment_draws(segments, total_steps - covered, draws, rng)
    return EnergyDraws(covered, warmup, step_j, step_s)


@dataclass(frozen=True)
class Segments:
    """The post-warm-up stretch, cut into segments: energy, time and steps of each.

    One segment per step when every step is kept; a run that keeps a bounded ledger of
    blocks of steps gives one segment per block, and every statistic below weighs a
    segment by its steps.
    """

    energy_j: Array
    duration_s: Array
    steps: Array


def per_step_draws(
    window: Window,
    total_steps: int,
    warmup_steps: int | None,
    draws: int,
    rng: np.random.Generator,
) -> EnergyDraws:
    """Draws of energy and time per remaining step from every step's end time."""
    t = (window.origin_t, *window.step_t)
    history = StepHistory(t, tuple(window.energy_at(x) for x in t), tuple(range(len(t))))
    return history_draws(history, window.last_t, total_steps, warmup_steps, draws, rng)


def segment_draws(
    segments: Segments, remaining: int, draws: int, rng: np.random.Generator
) -> tuple[Array, Array]:
    """Draws of energy (J) and time (s) per step for ``remaining`` steps (steps 3 to 5)."""
    k = segments.steps
    step_j = _rate(segments.energy_j, k, draws, rng) * _drift(segments.energy_j, k, remaining,
                                                              draws, rng)  # fmt: skip
    step_s = _rate(segments.duration_s, k, draws, rng) * _drift(segments.duration_s, k,
                                                                remaining, draws, rng)  # fmt: skip
    return np.maximum(step_j, 0.0), np.maximum(step_s, 0.0)


def _check(reported: int, covered: int, total_steps: int, warmup_steps: int | None) -> None:
    if covered < MIN_STEPS:
        raise InputError(
            f"a projection needs at least {MIN_STEPS} reported steps that a sensor reading "
            f"covers ({reported} reported, {covered} before the latest reading)",
            field="steps",
            got=covered,
            hint="call run.step() once per training step or request, and project once a "
            "few steps have run",
        )
    if total_steps < reported:
        raise InputError(
            "total_steps is below the steps already measured",
            field="total_steps",
            got=total_steps,
            expected=f">= {reported}",
        )
    if warmup_steps is not None and not 0 <= warmup_steps <= covered - 2:
        raise InputError(
            "warm-up must leave at least 2 measured steps",
            field="warmup_steps",
            got=warmup_steps,
            expected=f"0 to {covered - 2}",
        )


def _recent(counts: Array) -> int:
    """Index of the first segment of the recent half (by steps; all when fewer than 8)."""
    total = float(counts.sum())
    if total < 8:
        return 0
    return int(np.searchsorted(np.cumsum(counts), total / 2, side="right"))


def _rate(values: Array, counts: Array, draws: int, rng: np.random.Generator) -> Array:
    """Bootstrap draws of the mean per step over the recent steps (block resampling)."""
    first = _recent(counts)
    recent, weights = values[first:], counts[first:]
    parts = np.array_split(np.arange(len(recent)), min(MAX_BLOCKS, len(recent)))
    sums = np.array([recent[p].sum() for p in parts])
    steps = np.array([weights[p].sum() for p in parts])
    picks = rng.integers(0, len(parts), size=(draws, len(parts)))
    return np.asarray(sums[picks].sum(axis=1) / steps[picks].sum(axis=1), dtype=np.float64)


def _drift(
    values: Array, counts: Array, remaining: int, draws: int, rng: np.random.Generator
) -> Array:
    """Multipliers between 1 (the rate stays) and the significant trend carried halfway."""
    first = _recent(counts)
    level = float(values[first:].sum() / counts[first:].sum())
    total = float(counts.sum())
    if len(values) < 2 * DRIFT_BLOCKS or total < 2 * DRIFT_BLOCKS or remaining <= 0 or level <= 0:
        return np.ones(draws)
    parts = np.array_split(np.arange(len(values)), DRIFT_BLOCKS)
    sizes = np.array([counts[p].sum() for p in parts])
    centres = np.cumsum(sizes) - sizes / 2  # step index of each block's middle
    means = np.array([values[p].sum() for p in parts]) / sizes
    slope, intercept = (float(c) for c in np.polyfit(centres, means, 1))
    spread = float(np.sum((centres - centres.mean()) ** 2))
    sigma2 = float(np.sum((means - slope * centres - intercept) ** 2)) / (DRIFT_BLOCKS - 2)
    stderr = (sigma2 / spread) ** 0.5
    if abs(slope) <= DRIFT_SIGNIFICANCE * stderr:
        return np.ones(draws)
    # from the middle of the recent half (where the rate was taken) to the middle of the rest
    horizon = total * 0.25 + remaining / 2
    move = float(np.clip(slope * horizon / level, *MOVE_RANGE))
    return np.asarray(1.0 + rng.random(draws) * move, dtype=np.float64)


def store_projection(projection: Projection, run_id: str, db_path: str | None) -> None:
    """Keep ``projection`` with the finished run, as ``totals["projection"]``.

    Raises:
        StoreError: The store cannot be written, or the run is gone or not finished.
    """
    from wattprint.store import RunStore

    with RunStore(db_path) as store:
        record = store.get_run(run_id)
        if record.ended_at is None:
            raise InputError("the run has not finished yet", field="run_id", got=run_id)
        store.finish_run(
            record.id,
            ended_at=record.ended_at,
            status=record.status,
            exit_code=record.exit_code,
            totals={**record.totals, "projection": projection.to_dict()},
        )
