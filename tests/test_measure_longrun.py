"""Long runs at constant cost (issue 19): what the sampler keeps is bounded, and the
incremental totals equal what the whole run's readings would give."""

from __future__ import annotations

import copy
import math
import tempfile
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wattprint.measure import CounterReading, MockSensor, SensorInfo, TrackerConfig, track
from wattprint.measure.log import PhaseSpan, RunLog
from wattprint.measure.running import LEDGER_POINTS, RunningTotals, StepLedger
from wattprint.measure.sampler import STEP_LIMIT
from wattprint.measure.series import PeakMeter, SensorTrack, peak_power_w
from wattprint.store import RunStore

GPU = SensorInfo("gpu0", "accelerator", "gpu", "counter", "node", "", "nvml_energy_factor")
CPU = SensorInfo("cpu0", "host", "cpu", "counter", "node", "", "rapl_energy_factor")


def constant(info: SensorInfo, power_w: float, times: list[float]) -> SensorTrack:
    track = SensorTrack.start(info, CounterReading(times[0], 0.0))
    for t in times[1:]:
        track.add(CounterReading(t, power_w * (t - times[0])))
    return track


readings = st.lists(st.tuples(st.floats(0.01, 3.0), st.floats(0.0, 500.0)), min_size=2, max_size=60)


@settings(max_examples=60, deadline=None)
@given(readings, readings, st.lists(st.integers(0, 60), max_size=8), st.floats(0.0, 2.0))
def test_peak_kept_as_readings_come_equals_the_peak_of_all_readings(
    a: list[tuple[float, float]],
    b: list[tuple[float, float]],
    cuts: list[int],
    keep_s: float,
) -> None:
    """However the readings arrive and whatever the tracks forget behind the grid."""
    full = [
        SensorTrack.start(GPU, CounterReading(0.0, 0.0)),
        SensorTrack.start(CPU, CounterReading(0.1, 0.0)),
    ]
    live = copy.deepcopy(full)
    meter = PeakMeter(0.5)
    streams = []
    for track_index, steps in enumerate((a, b)):
        t, energy, out = full[track_index].first.t_s, 0.0, []
        for dt, power in steps:
            t, energy = t + dt, energy + power * dt
            out.append(CounterReading(t, energy))
        streams.append(out)
    events = sorted((r.t_s, i, r) for i, stream in enumerate(streams) for r in stream)
    cut_at = {min(c, len(events) - 1) for c in cuts}
    for n, (_, i, reading) in enumerate(events):
        full[i].add(reading)
        live[i].add(reading)
        if n in cut_at:
            horizon = min(track.last.t_s for track in live)
            meter.advance(live, horizon)
            last = meter.last_t_s
            for track in live:
                track.forget_before(min(horizon, last if last is not None else horizon) - keep_s)
    meter.advance(live, math.inf)
    assert meter.peak_w == pytest.approx(peak_power_w(full, 0.5), rel=1e-9, abs=1e-9)


def test_a_track_that_forgets_still_interpolates_from_where_it_keeps() -> None:
    track = constant(GPU, 100.0, [float(t) for t in range(11)])
    before = [track.energy_at(t) for t in (4.0, 4.5, 9.9, 12.0)]
    track.forget_before(4.2)
    assert list(track.t_s) == [4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert [track.energy_at(t) for t in (4.0, 4.5, 9.9, 12.0)] == before
    assert track.energy_at(0.5) == 400.0, "forgotten: the oldest value kept"
    assert track.energy_at(-1.0) == 0.0, "before the origin: zero"


def test_the_step_ledger_keeps_at_most_its_capacity_and_counts_every_step() -> None:
    ledger = StepLedger(0.0, capacity=16)
    for i in range(1, 1001):
        ledger.add(float(i))
        if i % 7 == 0:
            ledger.settle(float(i), lambda t: 2.0 * t)
    history = ledger.history(lambda t: 2.0 * t)
    assert len(history.steps) <= 16 + 2
    assert history.count == 1000 and history.t_s[-1] == 1000.0
    assert ledger.stride == 64
    assert all(j == 2.0 * t for t, j in zip(history.t_s, history.energy_j, strict=True))
    assert list(history.steps) == sorted(history.steps)


def test_running_totals_keep_few_readings_and_settle_steps_and_phases() -> None:
    """A simulated day at 1 s readings and 10 steps/s: the tracks keep seconds, the
    phase energies are power × duration, every step is counted."""
    log = RunLog("day", started_s=0.0, started_unix=1.0e9)
    totals = RunningTotals(log, min_interval_s=0.5, keep_s=11.0)
    track = SensorTrack.start(GPU, CounterReading(0.0, 0.0))
    stored_phases = []
    for second in range(1, 86_401):
        for k in range(10):
            log.steps.append((second - 1 + k / 10, 5, None, None))
        if second % 3600 == 100:  # an hourly phase from second 100 to 400 of the hour
            log.opened.append(("eval", float(second)))
        if second % 3600 == 400:
            log.phases.append(PhaseSpan("eval", float(second - 300), float(second)))
        track.add(CounterReading(float(second), 250.0 * second))
        if second % 5 == 0:
            totals.take_steps()
            stored_phases += totals.settle([track])
    assert len(track.t_s) <= 20
    assert totals.step_count == 864_000 and totals.token_count == 4_320_000
    assert len(stored_phases) == 24 and len(totals.phases) == 24
    assert all(p.energy_j == pytest.approx(250.0 * 300) for p in totals.phases)
    assert totals.peak.peak_w == pytest.approx(250.0)
    history = totals.history([track])
    assert history.count == 864_000 and len(history.steps) <= LEDGER_POINTS + 2


def test_a_step_only_loop_never_holds_more_than_the_limit_and_everything_is_stored() -> None:
    db = tempfile.mkdtemp() + "/runs.db"
    config = TrackerConfig(db_path=db, sample_interval_s=0.05, flush_interval_s=0.2)
    most = 0
    with track("burst", config=config, sensors=[MockSensor("gpu0", 100.0)]) as run:
        for _ in range(30_000):
            run.step(tokens=1)
            most = max(most, len(run._log.steps))
    assert most <= STEP_LIMIT
    assert run.result.work.step_count == 30_000
    with RunStore(db) as store:
        assert store.get_run(run.result.run_id or "").step_count == 30_000


def test_stop_returns_before_the_footprint_which_is_stored_when_ready() -> None:
    db = tempfile.mkdtemp() + "/runs.db"
    config = TrackerConfig(db_path=db, sample_interval_s=0.05, flush_interval_s=0.2)
    with track("quick", config=config, sensors=[MockSensor("gpu0", 100.0)]) as run:
        time.sleep(0.1)
    with RunStore(db) as store:
        assert store.get_run(run.result.run_id or "").status == "complete"
    footprint = run.footprint()
    with RunStore(db) as store:
        stored = store.get_run(run.result.run_id or "").footprint
    assert stored is not None and stored["name"] == footprint.name
