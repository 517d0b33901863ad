"""OpenTelemetry metrics from a tracked run: energy, power and energy per step, over OTLP.

Off unless configured: ``WATTPRINT_OTEL=1`` (or ``TrackerConfig(otel=True)``). Then
each run publishes, through the OpenTelemetry SDK (extra ``wattprint[otel]``):

=========================  ==========  ==================  =================================
instrument                 kind        unit                attributes
=========================  ==========  ==================  =================================
``wattprint.energy``       counter     ``J``               run id and name, job id, device,
                           (observed)                      kind, method (measured/modelled)
``wattprint.power``        gauge       ``W``               the same
                           (observed)
``wattprint.step.energy``  histogram   ``J``               run name
=========================  ==========  ==================  =================================

The energy counter and power gauge are read from the sampler's readings when the SDK
collects (no work on the caller's thread); they stop when the run ends, after a last
flush. A step's energy is the tracks' energy between the end of the step before and its
own end (interpolated between readings, as for phases), recorded when the sampler
writes the step.

Where the application configured OpenTelemetry (an SDK ``MeterProvider`` set as the
global one), its pipeline is used; otherwise wattprint makes one ``MeterProvider`` for
the process with an OTLP/HTTP exporter, configured by the SDK's own variables
(``OTEL_EXPORTER_OTLP_ENDPOINT`` and friends; default ``http://localhost:4318``).
Nothing of OpenTelemetry is imported unless the setting is on; without the extra, the
run goes on and a warning (``warnings.warn``) names it.
"""

from __future__ import annotations

import logging
import math
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from wattprint.errors import MissingExtraError
from wattprint.measure.exporter import method_label
from wattprint.measure.finish import energy_between
from wattprint.measure.series import SensorTrack

if TYPE_CHECKING:
    from wattprint.measure.log import RunLog

logger = logging.getLogger(__name__)

STEP_BUCKETS_J = (0.1, 0.5, 1, 5, 10, 50, 100, 500, 1e3, 5e3, 1e4, 5e4, 1e5, 5e5, 1e6)
"""Histogram bounds for the energy of one step: a CPU micro-step to a multi-node step."""

_lock = threading.Lock()
_instruments: dict[int, tuple[Any, Instruments]] = {}
_own_provider: list[Any] = []


class Instruments:
    """The three instruments of one meter provider, shared by every run it publishes."""

    def __init__(self, meter: Any, observation: type) -> None:
        self.active: list[OtelBridge] = []
        self._observation = observation
        meter.create_observable_counter(
            "wattprint.energy", [self._energy], unit="J", description="Energy a device drew"
        )
        meter.create_observable_gauge(
            "wattprint.power", [self._power], unit="W", description="Power of a device"
        )
        self.step_energy = meter.create_histogram(
            "wattprint.step.energy",
            unit="J",
            description="Energy of one step of the work",
            explicit_bucket_boundaries_advisory=STEP_BUCKETS_J,
        )

    def _energy(self, _options: Any) -> Iterable[Any]:
        with _lock:
            bridges = list(self.active)
        return [self._observation(v, a) for b in bridges for v, a in b.energy_values()]

    def _power(self, _options: Any) -> Iterable[Any]:
        with _lock:
            bridges = list(self.active)
        return [self._observation(v, a) for b in bridges for v, a in b.power_values()]


class OtelBridge:
    """One run's link to an OpenTelemetry meter provider (see the module docstring)."""

    def __init__(
        self,
        provider: Any,
        instruments: Instruments,
        log: RunLog,
        tracks: Callable[[], Sequence[SensorTrack]],
        run_attributes: Callable[[], dict[str, str]],
    ) -> None:
        self.provider = provider
        self.instruments = instruments
        self.log = log
        self.tracks = tracks
        self.run_attributes = run_attributes
        self._power: dict[str, tuple[float, float, float | None]] = {}
        self._pending: list[float] = []
        self._step_start_s = log.started_s

    def energy_values(self) -> list[tuple[float, dict[str, str]]]:
        """``(joules since the run started, attributes)`` per device."""
        base = self.run_attributes()
        return [(t.total_j, {**base, **_device(t)}) for t in list(self.tracks())]

    def power_values(self) -> list[tuple[float, dict[str, str]]]:
        """``(watts, attributes)`` per device: its own reading, else the mean since the last."""
        base, values = self.run_attributes(), []
        for track in list(self.tracks()):
            name, last = track.info.name, track.last
            before = self._power.get(name)
            power = last.power_w
            if power is None and before is not None:
                t0, e0, previous = before
                dt = last.t_s - t0
                power = (track.total_j - e0) / dt if dt > 0 else previous
            if before is None or last.t_s > before[0]:
                self._power[name] = (last.t_s, track.total_j, power)
            if power is not None and math.isfinite(power):
                values.append((power, {**base, **_device(track)}))
        return values

    def steps(self, rows: Sequence[Sequence[Any]]) -> None:
        """Record the energy of steps just written (``(unix t, step, ...)`` rows)."""
        self._pending.extend(self.log.monotonic(float(row[0])) for row in rows)
        self._record()

    def close(self) -> None:
        """Record the last steps, push the final values, and stop publishing this run."""
        self._record()
        try:
            self.provider.force_flush()
        except Exception:  # an exporter problem must never reach the run
            logger.debug("OpenTelemetry flush failed", exc_info=True)
        with _lock:
            if self in self.instruments.active:
                self.instruments.active.remove(self)

    def _record(self) -> None:
        tracks = list(self.tracks())
        if not tracks:
            return
        latest = max(t.last.t_s for t in tracks)
        name = self.log.name
        while self._pending and self._pending[0] <= latest:
            end = self._pending.pop(0)
            energy = energy_between(tracks, self._step_start_s, end)
            self.instruments.step_energy.record(energy, {"wattprint.run.name": name})
            self._step_start_s = end


def _device(track: SensorTrack) -> dict[str, str]:
    info = track.info
    return {
        "wattprint.device": info.name,
        "wattprint.device.kind": info.kind,
        "wattprint.method": method_label(info),
    }


def for_sampler(sampler: Any) -> OtelBridge | None:
    """:func:`attach` for a :class:`~wattprint.measure.sampler.Sampler` (its tracker hook)."""
    log, config = sampler.log, sampler.config

    def run_attributes() -> dict[str, str]:
        found = {"wattprint.run.name": log.name, "wattprint.run.id": sampler.sink.run_id or ""}
        if config.job_id:
            found["wattprint.job.id"] = config.job_id
        return found

    return attach(log, lambda: sampler.sensors.tracks, run_attributes)


def attach(
    log: RunLog,
    tracks: Callable[[], Sequence[SensorTrack]],
    run_attributes: Callable[[], dict[str, str]],
    provider: Any = None,
) -> OtelBridge | None:
    """Publish a run's metrics; None (and a warning) when the extra is not installed.

    Args:
        log: The run's log (its name, clock and start).
        tracks: The run's sensor tracks as they are now.
        run_attributes: Run id, name and job id as attributes, as they are now.
        provider: The SDK ``MeterProvider`` to publish to; None: the application's
            global one if it set an SDK provider, else wattprint's own OTLP one.
    """
    try:
        provider = provider if provider is not None else _provider()
        instruments = _instruments_of(provider)
    except ImportError:  # shown once, the run goes on (a warning, never an exception)
        warnings.warn(
            str(MissingExtraError("otel", "OpenTelemetry export", ["opentelemetry-sdk"])),
            stacklevel=2,
        )
        return None
    bridge = OtelBridge(provider, instruments, log, tracks, run_attributes)
    with _lock:
        instruments.active.append(bridge)
    return bridge


def _instruments_of(provider: Any) -> Instruments:
    from opentelemetry.metrics import Observation

    with _lock:
        found = _instruments.get(id(provider))
        if found is None:
            meter = provider.get_meter("wattprint")
            found = (provider, Instruments(meter, Observation))
            _instruments[id(provider)] = found
        return found[1]


def _provider() -> Any:
    from opentelemetry import metrics
    from opentelemetry.sdk.metrics import MeterProvider

    current = metrics.get_meter_provider()
    if isinstance(current, MeterProvider):
        return current
    with _lock:
        if not _own_provider:
            _own_provider.append(_otlp_provider(MeterProvider))
        return _own_provider[0]


def _otlp_provider(provider_type: type) -> Any:
    from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
    from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
    from opentelemetry.sdk.resources import Resource

    reader = PeriodicExportingMetricReader(OTLPMetricExporter())
    return provider_type(
        metric_readers=[reader], resource=Resource.create({"service.name": "wattprint"})
    )
