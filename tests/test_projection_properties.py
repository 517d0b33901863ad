"""Projection properties over synthetic step series: steady, noisy, drifting, warm-up.

Each series is a list of steps (duration, power); a sensor "reads" the exact cumulative
energy every ``interval_s`` and once more after the last step (as ``run.project`` asks
for a fresh reading). The projection must hold for every such series.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wattprint.measure.projection import Segments, Window, per_step_draws, segment_draws
from wattprint.measure.sensor import CounterReading, SensorInfo
from wattprint.measure.series import SensorTrack

INFO = SensorInfo("gpu0", "accelerator", "gpu", "counter", "node")
DRAWS = 400


def window(steps: list[tuple[float, float]], interval_s: float) -> tuple[Window, float]:
    """A Window over ``steps`` read every ``interval_s``; and the energy measured."""
    ends = list(itertools.accumulate(d for d, _ in steps))
    energy = list(itertools.accumulate(d * p for d, p in steps))

    def true_energy(t: float) -> float:
        i = min(np.searchsorted(ends, t), len(ends) - 1)
        start_t = ends[i - 1] if i else 0.0
        before = energy[i - 1] if i else 0.0
        return before + steps[i][1] * max(0.0, min(t, ends[i]) - start_t)

    track = SensorTrack.start(INFO, CounterReading(0.0, 0.0))
    t = interval_s
    while t < ends[-1]:
        track.add(CounterReading(t, true_energy(t)))
        t += interval_s
    track.add(CounterReading(ends[-1], energy[-1]))
    return Window(ends, track.energy_at, 0.0, ends[-1]), energy[-1]


def projected(steps: list[tuple[float, float]], interval_s: float, total: int) -> np.ndarray:
    win, measured_j = window(steps, interval_s)
    rng = np.random.default_rng(0)
    draws = per_step_draws(win, total, None, DRAWS, rng)
    return np.asarray(measured_j + (total - draws.covered) * draws.step_j)


counts = st.integers(60, 1500)
factors = st.floats(1.5, 100.0)
intervals = st.sampled_from([0.05, 0.5, 1.0, 5.0])


@settings(deadline=None, derandomize=True)
@given(counts, factors, intervals, st.floats(0.005, 0.5), st.floats(10.0, 700.0))
def test_steady_work_projects_linearly_and_the_band_holds_it(
    n: int, factor: float, interval_s: float, step_s: float, power_w: float
) -> None:
    total = int(n * factor)
    draws = projected([(step_s, power_w)] * n, interval_s, total)
    linear = step_s * power_w * total
    p5, p50, p95 = np.percentile(draws, [5, 50, 95])
    assert p50 == pytest.approx(linear, rel=0.10)
    # the band holds the linear value, up to the interpolation at the window's edges
    assert p5 <= linear * 1.02 and p95 >= linear * 0.98


@settings(deadline=None, derandomize=True)
@given(counts, factors, intervals, st.integers(0, 2**32 - 1))
def test_noisy_steady_work_stays_near_linear(
    n: int, factor: float, interval_s: float, seed: int
) -> None:
    noise = random.Random(seed)
    steps = [(0.05 * noise.uniform(0.8, 1.2), 300.0 * noise.uniform(0.8, 1.2)) for _ in range(n)]
    total = int(n * factor)
    draws = projected(steps, interval_s, total)
    linear = sum(d * p for d, p in steps) / n * total
    p5, p50, p95 = np.percentile(draws, [5, 50, 95])
    assert p50 == pytest.approx(linear, rel=0.10)
    assert p5 <= p50 <= p95


@settings(deadline=None, derandomize=True)
@given(counts, st.floats(2.0, 50.0), st.floats(0.5, 3.0))
def test_drifting_work_widens_the_band_and_never_drops_the_median(
    n: int, factor: float, growth: float
) -> None:
    # the step cost grows by `growth` x over the measured steps and goes on growing
    steps = [(0.05, 300.0 * (1 + growth * i / n)) for i in range(n)]
    total = int(n * factor)
    drifting = projected(steps, 0.5, total)
    steady = projected([(0.05, 300.0 * (1 + growth))] * n, 0.5, total)
    measured_j = sum(d * p for d, p in steps)
    now_rate = 0.05 * 300.0 * (1 + growth * 0.75)  # the recent half's mean step cost
    p5, p50, p95 = np.percentile(drifting, [5, 50, 95])
    assert p95 - p5 > np.percentile(steady, 95) - np.percentile(steady, 5)
    assert p50 >= measured_j + (total - n) * now_rate * 0.95  # never collapses
    assert p5 >= measured_j


@settings(deadline=None, derandomize=True)
@given(counts, factors, st.integers(1, 20), st.floats(2.0, 10.0))
def test_warm_up_is_left_out_and_nothing_falls_below_what_was_measured(
    n: int, factor: float, warm: int, slow: float
) -> None:
    warmup = min(warm, n // 10)
    steps = [(0.05 * slow, 300.0)] * warmup + [(0.05, 300.0)] * (n - warmup)
    total = int(n * factor)
    draws = projected(steps, 0.5, total)
    measured_j = sum(d * p for d, p in steps)
    expected = measured_j + (total - n) * 0.05 * 300.0
    assert np.percentile(draws, 50) == pytest.approx(expected, rel=0.10)
    assert draws.min() >= measured_j


def test_a_projection_before_any_reading_covers_a_step_is_refused() -> None:
    steps = [(0.005, 300.0)] * 600
    win, _ = window(steps, 5.0)
    early = Window(win.step_t, win.energy_at, 0.0, 0.0)  # no reading after the start
    with pytest.raises(Exception, match="covers"):
        per_step_draws(early, 20_000, None, DRAWS, np.random.default_rng(0))


@settings(deadline=None, derandomize=True)
@given(st.integers(100, 3000), st.integers(2, 64), st.floats(10.0, 700.0))
def test_blocks_of_steps_give_the_rate_of_the_steps(n: int, block: int, step_j: float) -> None:
    # a run keeping a bounded ledger hands in blocks of steps instead of single steps
    sizes = np.array([block] * (n // block) + ([n % block] if n % block else []), dtype=float)
    segments = Segments(sizes * step_j, sizes * 0.05, sizes)
    energy, duration = segment_draws(segments, 10 * n, DRAWS, np.random.default_rng(0))
    assert np.median(energy) == pytest.approx(step_j) and np.ptp(energy) < 1e-6 * step_j
    assert np.median(duration) == pytest.approx(0.05)
