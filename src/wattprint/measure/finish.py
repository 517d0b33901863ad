"""The end of a run: final totals, warnings, and the store's finish record.

Everything here reads running totals (:mod:`.running`), so the end costs the same after
a month as after a minute. The footprint (NumPy and the chain's Monte Carlo) is not on
this path: the run is stored as finished first, and :mod:`.footprint_job` computes the
footprint in a thread of its own and stores it when ready.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Protocol

from wattprint.measure.config import TrackerConfig
from wattprint.measure.footprint_job import FootprintJob, StoreTarget
from wattprint.measure.log import RunLog
from wattprint.measure.persist import RunSink
from wattprint.measure.result import DeviceEnergy, RunResult
from wattprint.measure.running import RunningTotals
from wattprint.measure.series import SensorTrack, energy_at

logger = logging.getLogger(__name__)

LATE_WINDOW_S = 0.05
"""A window opening later than this (and over 1 % of the run) is reported."""


@dataclass(frozen=True)
class StopRequest:
    """How the caller ended the run."""

    status: str
    exit_code: int | None
    t_s: float


class Sensors(Protocol):
    """The sensors of a run as the end needs them (the sampler's ``SensorSet``)."""

    @property
    def tracks(self) -> list[SensorTrack]:
        """One track per sensor that gave a first reading."""
        ...

    def status(self) -> list[dict[str, str]]:
        """Every sensor in use (with method) and every one not used (with reason)."""
        ...


class Ending(Protocol):
    """A run being finished: what the sampler measured and where it writes.

    A protocol, so this module needs nothing of the sampler's, which calls it.
    """

    @property
    def log(self) -> RunLog:
        """Steps and phases."""
        ...

    @property
    def config(self) -> TrackerConfig:
        """The run's settings."""
        ...

    @property
    def sink(self) -> RunSink:
        """Where the run is stored."""
        ...

    @property
    def sensors(self) -> Sensors:
        """What measured it."""
        ...

    @property
    def totals(self) -> RunningTotals:
        """Steps, phases and peak power so far."""
        ...


@dataclass(frozen=True)
class Outcome:
    """What the sampler hands back: the result, and the footprint being computed (None
    where there is none to compute: no sensor, or the child of ``wattprint run``)."""

    result: RunResult
    footprint: FootprintJob | None


def energy_between(tracks: list[SensorTrack], start_s: float, end_s: float) -> float:
    """Energy of all tracks between two monotonic times (interpolated)."""
    return energy_at(tracks, end_s) - energy_at(tracks, start_s)


def build_result(sampler: Ending, request: StopRequest) -> RunResult:
    """Totals of the run as measured so far (from any thread)."""
    log, tracks, totals = sampler.log, list(sampler.sensors.tracks), sampler.totals
    devices = tuple(
        DeviceEnergy(t.info, t.total_j, *t.bounds_j, tuple(t.terms().items())) for t in tracks
    )
    total_j = sum(d.energy_j for d in devices)
    return RunResult(
        name=log.name,
        run_id=sampler.sink.run_id,
        status=request.status,
        exit_code=request.exit_code,
        duration_s=max(0.0, request.t_s - log.started_s),
        devices=devices,
        work=totals.work(total_j, log.flops),
        phases=tuple(totals.phases),
        sensors=tuple(sampler.sensors.status()),
        warnings=tuple(_warnings(sampler, request)),
        peak_power_w=totals.peak.peak_w,
    )


def _warnings(sampler: Ending, request: StopRequest) -> list[str]:
    out: list[str] = []
    tracks, log = sampler.sensors.tracks, sampler.log
    if sampler.sink.error and sampler.config.store and not sampler.config.step_file:
        out.append(sampler.sink.error)
    if not tracks and not sampler.config.step_file:
        out.append(
            "no sensor could be read, so the energy is unknown (not zero); "
            "see the sensors list for the reasons"
        )
    if tracks:
        delay = min(t.first.t_s for t in tracks) - log.started_s
        duration = max(request.t_s - log.started_s, 1e-9)
        if delay > LATE_WINDOW_S and delay > 0.01 * duration:
            out.append(
                f"sensors were ready {delay:.2f} s after the start (probing); energy "
                "before that is not counted"
            )
    if sampler.totals.phases_left_out:
        out.append(
            f"{sampler.totals.phases_left_out} phases after the first "
            f"{len(sampler.totals.phases)} are in the run store only, not in result.phases"
        )
    for track in tracks:
        if track.dropped:
            out.append(
                f"sensor {track.info.name} was dropped during the run ({track.dropped}); "
                "its energy up to then is kept"
            )
    return out


def finish_run(sampler: Ending, request: StopRequest) -> Outcome:
    """Build the result and write the finish record, in constant time (in the sampler
    thread); the outcome's footprint job is for the sampler to submit once the caller
    has its result (it is stored when ready)."""
    result = build_result(sampler, request)
    error_before = sampler.sink.error
    sampler.sink.sensors(result.sensors)
    ended_at = sampler.log.unix(request.t_s)
    sampler.sink.finish(
        ended_at=ended_at,
        status=request.status,
        exit_code=request.exit_code,
        totals=result.totals(),
    )
    if sampler.sink.error and sampler.sink.error != error_before:
        result = _warn(result, sampler.sink.error)
    job: FootprintJob | None = None
    if result.devices and not sampler.config.step_file:
        target = None
        if sampler.sink.stored and sampler.sink.run_id is not None:
            target = StoreTarget(
                sampler.config.db_path, sampler.sink.run_id, ended_at, request.status,
                request.exit_code,
            )  # fmt: skip
        job = FootprintJob(result, sampler.config, target)
    return Outcome(result, job)


def _warn(result: RunResult, text: str) -> RunResult:
    return replace(result, warnings=(*result.warnings, text))
