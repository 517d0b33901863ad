"""Projection to the whole run: warm-up left out, drift widens the interval, clear errors."""

from __future__ import annotations

import itertools
import time

import pytest

from wattprint.errors import InputError
from wattprint.measure import (
    CounterReading,
    DeviceEnergy,
    MockSensor,
    RunResult,
    SensorInfo,
    TrackerConfig,
    WorkTotals,
    track,
)
from wattprint.measure.projection import project
from wattprint.measure.running import StepHistory, StepLedger
from wattprint.measure.series import SensorTrack

INFO = SensorInfo("gpu0", "accelerator", "gpu", "counter", "node", "", "nvml_energy_factor")
POWER_W = 100.0
CONFIG = TrackerConfig(store=False, region="US", mc_samples=2000)


def measured(
    step_durations: list[float], ledger_points: int = 1 << 16
) -> tuple[RunResult, list[SensorTrack], StepHistory]:
    """A run at constant power whose steps took the given times, its track and history."""
    ends = list(itertools.accumulate(step_durations))
    end = ends[-1] + 0.2
    sensor = SensorTrack.start(INFO, CounterReading(0.0, 0.0))
    t = 0.0
    while t < end:
        t = min(t + 0.1, end)
        sensor.add(CounterReading(t, POWER_W * t))
    ledger = StepLedger(0.0, ledger_points)
    for t in ends:
        ledger.add(t)
    ledger.settle(end, sensor.energy_at)
    devices = (DeviceEnergy(INFO, sensor.total_j, sensor.total_j, sensor.total_j),)
    work = WorkTotals.of([(t, 10, None, None) for t in ends], sensor.total_j)
    result = RunResult("synthetic", None, "complete", None, end, devices, work)
    return result, [sensor], ledger.history(sensor.energy_at)


def test_steady_rate_projects_power_times_remaining_time() -> None:
    result, tracks, history = measured([0.5] * 40)
    projection = project(result, tracks, history, CONFIG, 1000)
    expected = result.energy_j + 960 * POWER_W * 0.5
    assert projection.energy_p5_j <= expected * (1 + 1e-9)
    assert projection.energy_p95_j >= expected * (1 - 1e-9)
    assert projection.energy_p50_j == pytest.approx(expected, rel=0.01)
    assert projection.energy_per_step_j == pytest.approx(50.0, rel=0.01)
    assert projection.duration_p50_s == pytest.approx(result.duration_s + 960 * 0.5, rel=0.01)


def test_a_coarsened_ledger_keeps_few_points_and_projects_the_same_rate() -> None:
    result, tracks, history = measured([0.5] * 1001, ledger_points=64)
    assert len(history.steps) <= 65 + 1, "at most the capacity, the origin and the last step"
    assert history.count == 1001
    projection = project(result, tracks, history, CONFIG, 10_000)
    assert projection.measured_steps == 1001
    assert projection.energy_per_step_j == pytest.approx(50.0, rel=0.01)
    expected = result.energy_j + (10_000 - 1001) * POWER_W * 0.5
    assert projection.energy_p50_j == pytest.approx(expected, rel=0.01)


def test_warm_up_steps_are_left_out() -> None:
    result, tracks, history = measured([3.0, 2.0] + [0.5] * 38)
    projection = project(result, tracks, history, CONFIG, 1000)
    assert projection.warmup_steps == 4
    assert projection.energy_per_step_j == pytest.approx(50.0, rel=0.01)


def test_a_drifting_rate_widens_the_interval_towards_the_drift() -> None:
    result, tracks, history = measured([0.5 + 0.0125 * i for i in range(41)])
    projection = project(result, tracks, history, CONFIG, 1000)
    steady_result, steady_tracks, steady_history = measured([0.5] * 41)
    steady = project(steady_result, steady_tracks, steady_history, CONFIG, 1000)
    assert (
        projection.energy_p95_j - projection.energy_p5_j > steady.energy_p95_j - steady.energy_p5_j
    )
    rate_now = POWER_W * (0.5 + 0.0125 * 40)
    assert projection.energy_p5_j >= result.energy_j + 959 * rate_now * 0.85


def test_projection_footprint_scales_the_measured_one() -> None:
    result, tracks, history = measured([0.5] * 40)
    projection = project(result, tracks, history, CONFIG, 400)
    energy_kwh = projection.footprint["accelerator_energy"].p50
    assert energy_kwh * 3.6e6 == pytest.approx(projection.energy_p50_j, rel=0.02)
    assert "projected to 400 steps" in projection.footprint.name


@pytest.mark.parametrize(
    ("steps", "total", "warmup", "message"),
    [
        ([0.5, 0.5], 100, None, "at least 3 reported steps"),
        ([0.5] * 10, 5, None, "below the steps already measured"),
        ([0.5] * 10, 100, 9, "warm-up must leave"),
    ],
)
def test_bad_projections_say_why(
    steps: list[float], total: int, warmup: int | None, message: str
) -> None:
    result, tracks, history = measured(steps)
    with pytest.raises(InputError, match=message):
        project(result, tracks, history, CONFIG, total, warmup)


def test_run_project_works_during_and_after_the_run() -> None:
    with track(
        "live",
        config=CONFIG.with_options(sample_interval_s=0.02),
        sensors=[MockSensor("gpu0", POWER_W)],
    ) as run:
        for _ in range(12):
            time.sleep(0.02)
            run.step()
        during = run.project(120)
    after = run.project(120)
    assert during.measured_steps == 12
    assert after.energy_p50_j == pytest.approx(POWER_W * after.duration_p50_s, rel=0.3)
