"""The end of a run: final totals, warnings, footprint, and the store's finish record."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from wattprint.measure.config import TrackerConfig
from wattprint.measure.log import RunLog
from wattprint.measure.persist import RunSink
from wattprint.measure.result import DeviceEnergy, PhaseEnergy, RunResult, WorkTotals
from wattprint.measure.series import SensorTrack, energy_at, peak_power_w

if TYPE_CHECKING:
    from wattprint.chain.result import Footprint

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


@dataclass(frozen=True)
class Outcome:
    """What the sampler hands back: the result and, when it could be made, the footprint."""

    result: RunResult
    footprint: Footprint | None


def energy_between(tracks: list[SensorTrack], start_s: float, end_s: float) -> float:
    """Energy of all tracks between two monotonic times (interpolated)."""
    return energy_at(tracks, end_s) - energy_at(tracks, start_s)


def build_result(sampler: Ending, request: StopRequest) -> RunResult:
    """Totals of the run as measured so far."""
    log, tracks = sampler.log, sampler.sensors.tracks
    devices = tuple(
        DeviceEnergy(t.info, t.total_j, *t.bounds_j, tuple(t.terms().items())) for t in tracks
    )
    total_j = sum(d.energy_j for d in devices)
    steps = list(log.steps)
    phases = tuple(
        PhaseEnergy(
            p.name,
            p.start_s - log.started_s,
            p.end_s - p.start_s,
            energy_between(tracks, p.start_s, p.end_s),
        )
        for p in list(log.phases)
    )
    return RunResult(
        name=log.name,
        run_id=sampler.sink.run_id,
        status=request.status,
        exit_code=request.exit_code,
        duration_s=max(0.0, request.t_s - log.started_s),
        devices=devices,
        work=WorkTotals.of(steps, total_j, log.flops),
        phases=phases,
        sensors=tuple(sampler.sensors.status()),
        warnings=tuple(_warnings(sampler, request)),
        peak_power_w=peak_power_w(tracks, sampler.config.sample_interval_s / 2),
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
    for track in tracks:
        if track.dropped:
            out.append(
                f"sensor {track.info.name} was dropped during the run ({track.dropped}); "
                "its energy up to then is kept"
            )
    return out


def finish_run(sampler: Ending, request: StopRequest) -> Outcome:
    """Build the result and footprint and write the finish record (in the sampler thread)."""
    result = build_result(sampler, request)
    footprint: Footprint | None = None
    if result.devices and not sampler.config.step_file:
        try:
            from wattprint.measure.footprint import measured_footprint

            footprint = measured_footprint(result, sampler.config)
        except Exception as exc:  # reported in the result; the measurement is kept
            logger.warning("wattprint: footprint not computed: %s", exc)
            result = _warn(result, f"footprint not computed: {exc}")
    error_before = sampler.sink.error
    sampler.sink.sensors(result.sensors)
    sampler.sink.finish(
        ended_at=sampler.log.unix(request.t_s),
        status=request.status,
        exit_code=request.exit_code,
        totals=result.totals(),
        footprint=footprint.to_dict() if footprint is not None else None,
    )
    if sampler.sink.error and sampler.sink.error != error_before:
        result = _warn(result, sampler.sink.error)
    return Outcome(result, footprint)


def _warn(result: RunResult, text: str) -> RunResult:
    return replace(result, warnings=(*result.warnings, text))
