"""Replay: a stored run's samples read back as sensors, and its result rebuilt from them.

A stored sample is a cumulative energy since the run's first reading (see
:class:`~wattprint.store.SampleRow`), so replaying a device's samples in order through a
:class:`ReplaySensor` gives the tracker exactly the readings the live sensor gave, and
:func:`stored_result` rebuilds the run's :class:`~wattprint.measure.RunResult` (energy per
device, per step and phase, peak power) from what the store holds. Both serve tests, crash
recovery (:mod:`.recovery`) and ``wattprint runs recompute ID``, which recomputes an old
run's footprint with today's catalog and defaults.

Replayed times are unix seconds (the store's clock), not ``time.monotonic()``; only
differences of times are ever used. A model sensor's terms are not stored with its
samples, so a replayed model device enters the footprint at its central energy without
the model's spread (the result says so).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wattprint.errors import SensorError
from wattprint.measure.result import DeviceEnergy, PhaseEnergy, RunResult, WorkTotals
from wattprint.measure.sensor import CounterReading, SensorInfo
from wattprint.measure.series import SensorTrack, peak_power_w

if TYPE_CHECKING:
    from wattprint.store import RunRecord, RunStore, SampleRow

MODEL_NOTE = (
    "model device {name} rebuilt from stored samples: its model terms are not stored, so "
    "its energy enters the footprint at the central value, without the model's spread"
)


@dataclass
class ReplaySensor:
    """A sensor that hands out stored readings in order, then repeats the last one.

    ``ReplaySensor.of(info, samples)`` replays one device's :class:`SampleRow` list;
    ``exhausted`` says whether every stored reading was handed out.
    """

    info: SensorInfo
    readings: Sequence[CounterReading]
    position: int = 0

    @classmethod
    def of(
        cls, info: SensorInfo, samples: Iterable[SampleRow], origin_t: float | None = None
    ) -> ReplaySensor:
        """A replay of ``samples`` (one device's, in time order; unknown energy skipped).

        The tracker stores no row for a sensor's first reading (its origin, 0 J), so
        ``origin_t`` (the run's start) puts one back before the first stored row.
        """
        readings = [
            CounterReading(s.t, s.energy_j, s.power_w) for s in samples if s.energy_j is not None
        ]
        if not readings:
            raise SensorError(f"device {info.name} has no stored energy to replay")
        if origin_t is not None and origin_t < readings[0].t_s and readings[0].energy_j > 0:
            readings.insert(0, CounterReading(origin_t, 0.0))
        return cls(info, readings)

    @property
    def exhausted(self) -> bool:
        """Whether every stored reading has been read."""
        return self.position >= len(self.readings)

    def read(self) -> CounterReading:
        """The next stored reading (the last one again once all were read)."""
        reading = self.readings[min(self.position, len(self.readings) - 1)]
        self.position += 1
        return reading


def sensor_info(name: str, method: str, sensors: Sequence[Mapping[str, Any]]) -> SensorInfo:
    """The :class:`SensorInfo` a run's stored sensor list gives for device ``name``.

    A device missing from the list (a run killed before its sensor list was written) is
    described from its name and the samples' method.
    """
    for item in sensors:
        if item.get("name") == name and item.get("kind") in ("accelerator", "host"):
            return SensorInfo(
                name,
                item["kind"],
                str(item.get("domain") or name),
                item.get("method") or method,  # type: ignore[arg-type]
                item.get("scope") or "node",
                str(item.get("label") or ""),
                str(item.get("factor") or ""),
            )
    kind = "accelerator" if name.startswith("gpu") else "host"
    known = method if method in ("counter", "integrated_power", "model") else "model"
    return SensorInfo(name, kind, name, known, "node", "rebuilt from stored samples")  # type: ignore[arg-type]


def replay_sensors(
    samples: Sequence[SampleRow],
    sensors: Sequence[Mapping[str, Any]],
    origin_t: float | None = None,
) -> list[ReplaySensor]:
    """One :class:`ReplaySensor` per device that has stored energy, in device order
    (``origin_t``: see :meth:`ReplaySensor.of`)."""
    by_device: dict[str, list[SampleRow]] = {}
    for sample in samples:
        if sample.energy_j is not None:
            by_device.setdefault(sample.device, []).append(sample)
    return [
        ReplaySensor.of(sensor_info(name, rows[0].method, sensors), rows, origin_t)
        for name, rows in sorted(by_device.items())
    ]


def replay_tracks(replays: Sequence[ReplaySensor]) -> list[SensorTrack]:
    """Every replay read to its end into a track (what the live sampler would hold)."""
    tracks: list[SensorTrack] = []
    for sensor in replays:
        track = SensorTrack.start(sensor.info, sensor.read())
        while not sensor.exhausted:
            track.add(sensor.read())
        tracks.append(track)
    return tracks


@dataclass(frozen=True)
class StoredRun:
    """A stored run's result rebuilt from its samples, and the times the samples cover."""

    result: RunResult
    first_sample_at: float | None
    last_sample_at: float | None


def stored_result(
    store: RunStore,
    record: RunRecord,
    *,
    status: str | None = None,
    warnings: Sequence[str] = (),
) -> StoredRun:
    """The run's :class:`RunResult` rebuilt from its stored samples, steps and phases.

    Args:
        store: The open store.
        record: The run (from ``store.get_run``).
        status: Status to give the result (default: the record's).
        warnings: Warnings to add to the result's.
    """
    samples = store.samples(record.id)
    tracks = replay_tracks(replay_sensors(samples, record.sensors, record.started_at))
    times = [s.t for s in samples if s.energy_j is not None]
    first, last = (min(times), max(times)) if times else (None, None)
    end = last if last is not None else record.started_at
    steps = [(s.t, s.tokens, s.samples, s.phase) for s in store.steps(record.id)]
    total_j = sum(t.total_j for t in tracks)
    notes = [MODEL_NOTE.format(name=t.info.name) for t in tracks if t.info.method == "model"]
    result = RunResult(
        name=record.name,
        run_id=record.id,
        status=status or record.status,
        exit_code=record.exit_code,
        duration_s=max(0.0, end - record.started_at),
        devices=tuple(DeviceEnergy(t.info, t.total_j, t.total_j, t.total_j) for t in tracks),
        work=WorkTotals.of(steps, total_j),
        phases=tuple(_phases(store, record, tracks)),
        sensors=tuple({str(k): str(v) for k, v in s.items()} for s in record.sensors),
        warnings=(*record.totals.get("warnings", ()), *warnings, *notes),
        peak_power_w=peak_power_w(tracks, _interval_s(tracks) / 2),
    )
    return StoredRun(result, first, last)


def _phases(store: RunStore, record: RunRecord, tracks: list[SensorTrack]) -> Iterator[PhaseEnergy]:
    from wattprint.measure.series import energy_at

    for phase in store.phases(record.id):
        if phase.end_t is None:
            continue
        energy = energy_at(tracks, phase.end_t) - energy_at(tracks, phase.start_t)
        yield PhaseEnergy(
            phase.name, phase.start_t - record.started_at, phase.end_t - phase.start_t, energy
        )


def _interval_s(tracks: list[SensorTrack]) -> float:
    """The typical gap between readings (the median over all tracks), for peak power."""
    gaps = sorted(b - a for t in tracks for a, b in zip(t.t_s, t.t_s[1:], strict=False))
    return gaps[len(gaps) // 2] if gaps else 0.0
