"""Windows that return their energy, and energy per step from the nearest readings."""

from __future__ import annotations

import time

import pytest

from wattprint.measure import MockSensor, TrackerConfig, track
from wattprint.measure.windows import WindowStateError, step_energies

CONFIG = TrackerConfig(store=False, sample_interval_s=5.0)  # edges only: no timer reads


def test_a_phase_window_gives_its_energy_duration_and_power() -> None:
    with track("w", config=CONFIG, sensors=[MockSensor("gpu0", 200.0)]) as run:
        run.wait_ready(5.0)
        with run.phase("eval") as window:
            time.sleep(0.3)
        # read right after the block, while the run goes on: the end edge is waited for
        assert window.duration_s == pytest.approx(0.3, abs=0.05)
        assert window.energy_j == pytest.approx(200.0 * window.duration_s, rel=0.05)
        assert window.power_w == pytest.approx(200.0, rel=0.05)
    (phase,) = run.result.phases
    assert phase.energy_j == pytest.approx(window.energy_j, rel=1e-6)
    assert "eval" in repr(window) and " J" in repr(window)


def test_a_window_still_open_says_so() -> None:
    tracker = track("w", config=CONFIG, sensors=[MockSensor("gpu0", 200.0)])
    with tracker as run, run.phase("train") as window:
        with pytest.raises(WindowStateError, match="still open"):
            _ = window.energy_j
        assert "open" in repr(window)


def test_step_energy_is_interpolated_between_the_nearest_readings() -> None:
    # readings: 0 J at t=0, 100 J at t=1, 400 J at t=2 (100 W then 300 W)
    readings = [(0.0, 0.0), (1.0, 100.0), (2.0, 400.0)]

    def energy_at(t: float) -> float:
        for (t0, e0), (t1, e1) in zip(readings, readings[1:], strict=False):
            if t <= t1:
                return e0 + (e1 - e0) * (t - t0) / (t1 - t0)
        return readings[-1][1]

    # steps end at 0.5, 1.5 and 2.0: 50 J, then 50 + 150 J, then 150 J
    assert step_energies([0.5, 1.5, 2.0], 0.0, energy_at) == [50.0, 200.0, 150.0]


def test_a_window_longer_than_the_readings_kept_still_gives_its_whole_energy() -> None:
    # flushes every 0.05 s let the tracks forget readings older than 2 × 0.05 + 1 s
    # before the unsettled edges; a 1.6 s window outlives them, yet its start edge's
    # energy was settled before they went, so the window still counts from its start
    config = TrackerConfig(store=False, sample_interval_s=0.05, flush_interval_s=0.05)
    with track("w", config=config, sensors=[MockSensor("gpu0", 200.0)]) as run:
        run.wait_ready(5.0)
        with run.phase("long") as window:
            time.sleep(1.6)
        assert window.energy_j == pytest.approx(200.0 * window.duration_s, rel=0.05)
        tracks = list(run._sampler.sensors.tracks)  # noqa: SLF001 (what was forgotten)
        assert tracks[0].t_s[0] > window.start_s  # the start's readings are gone


def test_a_run_that_marks_requests_keeps_its_readings_for_the_attribution() -> None:
    # two like requests, 1.2 s apart: the first one's readings must still be there at the
    # end, when the energy is shared, although the tracks would forget them otherwise
    config = TrackerConfig(store=False, sample_interval_s=0.05, flush_interval_s=0.05)
    with track("serve", config=config, sensors=[MockSensor("gpu0", 100.0)]) as run:
        run.wait_ready(5.0)
        with run.request(tokens_in=10, tokens_out=10):
            time.sleep(0.3)
        time.sleep(1.2)
        with run.request(tokens_in=10, tokens_out=10):
            time.sleep(0.3)
    first, second = run.requests
    assert first.energy_j == pytest.approx(second.energy_j, rel=0.15)
    assert first.energy_j + second.energy_j == pytest.approx(run.result.energy_j, rel=1e-6)
