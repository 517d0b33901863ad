"""A run being measured: the object ``with track(...) as run`` gives you.

While the run lasts, :meth:`MeasuredRun.step` and :meth:`MeasuredRun.phase` record the
work (an append to a deque; no I/O, no lock); the sampler thread takes it at every
flush, writes it to the store and keeps running totals, so memory stays flat however
long the run. When it ends (``stop()`` takes a few milliseconds at any length),
:attr:`MeasuredRun.result` holds the energy per device, per step, token and sample and
per phase; :meth:`MeasuredRun.footprint` the chain's footprint (facility energy, carbon,
water, heat), computed in the background and stored when ready;
:meth:`MeasuredRun.project` the whole run's, from the steps measured so far.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

import wattprint.measure.bounded as bounded
from wattprint.errors import SensorError, WattprintError
from wattprint.measure.config import TrackerConfig
from wattprint.measure.finish import Outcome, StopRequest
from wattprint.measure.log import PhaseSpan, RunLog
from wattprint.measure.persist import RunStart
from wattprint.measure.ranks import job_tags, node_key
from wattprint.measure.requests import Request, RequestEnergy, RequestLog, request_energies
from wattprint.measure.result import RunResult
from wattprint.measure.sampler import STEP_BACKLOG, Sampler
from wattprint.measure.sensor import Sensor
from wattprint.measure.windows import PhaseWindow

if TYPE_CHECKING:
    from wattprint.chain.result import Footprint
    from wattprint.measure.projection import Projection

logger = logging.getLogger(__name__)

_monotonic = time.monotonic


def _hostname() -> str:
    uname = getattr(os, "uname", None)
    if uname is not None:
        return str(uname().nodename)
    import platform

    return platform.node()


class RunStateError(RuntimeError, WattprintError):
    """A run was asked for something its state does not allow (a result before its end)."""


def sync_cuda() -> None:
    """Wait for queued GPU work, if torch is already imported and CUDA initialised.

    Called before a window edge so that counters include the kernels launched before
    it. torch is never imported here.
    """
    torch = sys.modules.get("torch")
    if torch is None:
        return
    try:
        if torch.cuda.is_initialized():
            torch.cuda.synchronize()
    except Exception:  # a framework problem must not reach the caller through us
        logger.debug("torch.cuda.synchronize failed", exc_info=True)


class MeasuredRun:
    """One measured run. Made by :func:`wattprint.measure.track`; see the module docstring."""

    def __init__(
        self,
        name: str,
        config: TrackerConfig,
        *,
        sensors: Sequence[Sensor] | None = None,
        tags: Mapping[str, str] | None = None,
        command: Sequence[str] | None = None,
    ) -> None:
        self.name = name
        self.config = config
        self._log = RunLog(name)
        self._steps = self._log.steps
        host = _hostname()
        info: RunStart = {
            "name": name,
            "kind": "measurement",
            "started_at": self._log.started_unix,
            "host": host,
            "pid": os.getpid(),
            "region": config.region,
            "facility": config.facility,
            "tags": {
                **job_tags(config.job_id, config.job_nodes, config.local_rank),
                **(tags or {}),
            },
            "command": list(command) if command is not None else None,
            "node_key": node_key(host, config.job_id),
        }
        self._sampler = Sampler(self._log, config, sensors, info)
        self._outcome: Outcome | None = None
        self._requests = RequestLog(self._log.started_s)

    def start(self) -> MeasuredRun:
        """Start measuring; returns at once (sensors are probed in the background)."""
        self._sampler.start()
        return self

    def wait_ready(self, timeout_s: float | None = None) -> bool:
        """Wait until the sensors are probed and read once; False on timeout."""
        return self._sampler.ready.wait(timeout_s)

    @property
    def run_id(self) -> str | None:
        """Id in the run store (None until the store is open, or if it cannot be)."""
        return self._sampler.sink.run_id

    @property
    def elapsed_s(self) -> float:
        """Seconds since the start."""
        return _monotonic() - self._log.started_s

    @property
    def measured_s(self) -> float:
        """Seconds the readings span, from the first to the latest one every sensor has
        given: the time :attr:`energy_j` covers (0 before a second reading)."""
        tracks = [t for t in list(self._sampler.sensors.tracks) if not t.dropped]
        if not tracks:
            return 0.0
        span = min(t.last.t_s for t in tracks) - min(t.first.t_s for t in tracks)
        return max(span, 0.0)

    @property
    def energy_j(self) -> float:
        """Energy measured so far (up to the last reading), in joules."""
        if self._outcome is not None:
            return self._outcome.result.energy_j
        return sum(t.total_j for t in list(self._sampler.sensors.tracks))

    def step(self, tokens: int | None = None, samples: int | None = None) -> None:
        """Mark the end of one step (a training step, a request) and what it processed.

        Args:
            tokens: Tokens processed in the step.
            samples: Examples processed in the step.
        """
        steps = self._steps
        steps.append((_monotonic(), tokens, samples, self._log.phase))
        if len(steps) >= STEP_BACKLOG:  # rare: the sampler takes them every flush
            self._sampler.backlog(len(steps))

    def request(self, tokens_in: int = 0, tokens_out: int = 0) -> AbstractContextManager[Request]:
        """Mark one served request: ``with run.request(tokens_in=500) as r: ... r.tokens_out = n``.

        Requests may overlap (a batch); see :mod:`wattprint.measure.requests` for how the
        measured energy is shared among them. ``run.requests`` has each one's share.
        """
        self._sampler.totals.keep_all = True
        return self._requests.request(tokens_in, tokens_out)

    def request_done(
        self, tokens_in: int = 0, tokens_out: int = 0, *, duration_s: float | None = None
    ) -> None:
        """Mark a request that ends now (began ``duration_s`` ago, else when the last ended)."""
        self._sampler.totals.keep_all = True
        self._requests.done(tokens_in, tokens_out, duration_s=duration_s)

    @property
    def requests(self) -> list[RequestEnergy]:
        """Each marked request with its share of the measured energy (once the run ended)."""
        from wattprint.measure.finish import energy_between

        result = self.result
        tracks = list(self._sampler.sensors.tracks)
        end = max([self._log.started_s + result.duration_s] + [t.t_s[-1] for t in tracks if t.t_s])
        return request_energies(self._requests, lambda a, b: energy_between(tracks, a, b), end)

    def add_flops(self, flops: float) -> None:
        """Count floating-point operations the work did (e.g. ``6 × params × tokens``).

        Counted FLOPs give the measured run its energy per FLOP and its distance to the
        Landauer floor (``landauer_floor``, ``floor_ratio`` in the footprint).
        """
        if flops < 0 or flops != flops:
            raise ValueError(f"flops must be a non-negative number, got {flops!r}")
        self._log.flops += float(flops)

    def add_steps(self, steps: Iterable[Sequence[Any]]) -> None:
        """Record steps reported elsewhere, as ``(unix time, step, tokens, samples, phase)``.

        Steps that ended more than two flush intervals before the latest reading get
        the energy of the oldest reading kept (the sampler keeps recent readings only);
        to follow a file as it grows, use :meth:`follow_steps`.
        """
        to_monotonic = self._log.monotonic
        for t_unix, _step, tokens, samples, phase in steps:
            self._steps.append((to_monotonic(float(t_unix)), tokens, samples, phase))
            self._sampler.backlog(len(self._steps))

    def follow_steps(self, path: str) -> None:
        """Read steps from a step file as it grows (at every flush and at the end).

        ``wattprint run`` uses this for the steps its child writes (``WATTPRINT_STEP_FILE``).
        """
        from wattprint.measure.step_file import Follower

        self._sampler.step_source = Follower(path)

    @contextmanager
    def phase(self, name: str) -> Iterator[PhaseWindow]:
        """Measure a named stretch of the run: ``with run.phase("eval") as w: ...``.

        Steps inside are labelled with the phase; its energy is in ``result.phases``,
        and once the block has closed ``w.energy_j``, ``w.duration_s`` and
        ``w.power_w`` give the window's own (:class:`~.windows.PhaseWindow`).
        """
        sync_cuda()
        log, start = self._log, _monotonic()
        previous = log.phase
        log.phase = name
        log.opened.append((name, start))
        self._sampler.poke()
        window = PhaseWindow(name, start, bounded.SamplerReadings(self._sampler))
        try:
            yield window
        finally:
            sync_cuda()
            end = _monotonic()
            log.phase = previous
            log.phases.append(PhaseSpan(name, start, end))
            self._sampler.poke()
            window.close(end)

    def stop(self, status: str = "complete", exit_code: int | None = None) -> RunResult:
        """End the run: read the sensors once more, store the run and return its result.

        Args:
            status: ``"complete"``, ``"failed"`` or ``"incomplete"``.
            exit_code: Exit code of the measured command, when there is one.
        """
        if self._outcome is not None:
            return self._outcome.result
        sync_cuda()
        request = StopRequest(status, exit_code, _monotonic())
        outcome = bounded.stop(self._sampler, request)  # never waits on a hung sensor
        if outcome is None:  # the sampler failed in a way it could not report itself
            outcome = Outcome(self._fallback_result(request), None)
        if outcome.footprint is not None:
            # from this thread, not the (daemon) sampler's: an interpreter that exits right
            # after the run then waits for the footprint to be stored (about 0.1-0.5 s)
            outcome.footprint.submit()
        self._outcome = outcome
        if self._requests.spans:
            from wattprint.measure.request_store import store_requests

            store_requests(self.config, outcome.result.run_id, self._log, self.requests)
        return outcome.result

    @property
    def result(self) -> RunResult:
        """The measured run (available once it has ended)."""
        if self._outcome is None:
            raise RunStateError(
                f"run {self.name!r} is still being measured; its result exists once the "
                "`with` block ends (or after run.stop())"
            )
        return self._outcome.result

    def footprint(self, *, region: str | None = None, facility: str | None = None) -> Footprint:
        """The footprint of the finished run (facility energy, carbon, water, heat ...).

        Waits for the footprint ``stop()`` started in the background (and so for it to
        be in the run store) when asked without options.

        Args:
            region: Grid region to use instead of the run's.
            facility: Facility to use instead of the run's.

        Raises:
            RunStateError: The run has not ended.
            SensorError: No sensor could be read, so there is no energy to start from.
            CatalogLookupError: Unknown region or facility.
        """
        result = self.result
        if not result.devices:
            raise SensorError(
                f"run {self.name!r} has no footprint: no sensor could be read, so its energy "
                "is unknown; run.result.sensors says why for each"
            )
        job = self._outcome.footprint if self._outcome is not None else None
        if job is not None and region is None and facility is None:
            stored = job.wait()  # computed in the background, and stored, when ready
            if stored is not None:
                return stored
        from wattprint.measure.footprint import measured_footprint

        config = self.config.with_options(
            region=region or self.config.region, facility=facility or self.config.facility
        )
        return measured_footprint(result, config)

    def project(self, total_steps: int, *, warmup_steps: int | None = None) -> Projection:
        """Energy and footprint of the whole run, from the steps measured so far.

        Works during the run (on the readings so far) and after it.

        Args:
            total_steps: Steps the whole run will take.
            warmup_steps: Leading steps to leave out (default: a tenth, at least one).

        Raises:
            InputError: Too few steps were reported, or ``total_steps`` is below them.
            SensorError: No sensor could be read (never a projection of 0 J).
        """
        from wattprint.measure.projection import project

        if self._outcome is None:  # read the sensors after the last step (bounded wait)
            bounded.fresh_reading(self._sampler, _monotonic())
        result = self._outcome.result if self._outcome is not None else self._snapshot()
        tracks = list(self._sampler.sensors.tracks)
        history = self._sampler.totals.history(tracks)
        return project(result, tracks, history, self.config, total_steps, warmup_steps)

    def _snapshot(self) -> RunResult:
        from wattprint.measure.finish import build_result

        return build_result(self._sampler, StopRequest("running", None, _monotonic()))

    def _fallback_result(self, request: StopRequest) -> RunResult:
        return RunResult(
            self.name,
            self.run_id,
            request.status,
            request.exit_code,
            request.t_s - self._log.started_s,
            (),
            self._sampler.totals.work(0.0, self._log.flops),
            warnings=("the measurement failed internally (see the log); energy unknown",),
        )

    def __repr__(self) -> str:
        state = "finished" if self._outcome is not None else "running"
        steps = self._sampler.totals.step_count + len(self._steps)
        return f"<MeasuredRun {self.name!r} {state}, {steps} steps>"
