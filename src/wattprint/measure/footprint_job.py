"""The footprint of a finished run, made off the caller's thread and stored when ready.

The footprint needs NumPy (about 50-100 ms to import) and the chain's Monte Carlo, so
``stop()`` does not wait for it: the run is stored as finished with its totals first,
then one worker thread per process computes the footprints of the runs that ended, in
order, and writes each into the run store. The worker is not a daemon, so a script that
ends right after its run still stores the footprint before the interpreter exits; it
ends itself when nothing is left to do. :meth:`FootprintJob.wait` gives the footprint to
whoever asks for it (``run.footprint()``).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wattprint.measure.config import TrackerConfig
from wattprint.measure.result import RunResult

if TYPE_CHECKING:
    from wattprint.chain.result import Footprint

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreTarget:
    """Where a finished run is stored, and how it ended (the finish record is rewritten
    with the same values and the footprint)."""

    db_path: str | None
    run_id: str
    ended_at: float
    status: str
    exit_code: int | None


class FootprintJob:
    """One run's footprint, computed by the worker thread; see the module docstring."""

    def __init__(
        self, result: RunResult, config: TrackerConfig, target: StoreTarget | None
    ) -> None:
        self.result = result
        self.config = config
        self.target = target
        self.footprint: Footprint | None = None
        self.error: str | None = None
        self.submitted = False
        self._done = threading.Event()

    def submit(self) -> FootprintJob:
        """Queue the job for the worker (started if none runs); returns at once. A second
        call does nothing: the caller of ``stop()`` and the sampler thread both submit,
        whichever comes first (the caller's keeps an exiting interpreter waiting for it)."""
        _submit(self)
        return self

    def wait(self, timeout_s: float | None = None) -> Footprint | None:
        """The footprint once computed (and stored); None if it failed or timed out."""
        self._done.wait(timeout_s)
        return self.footprint

    @property
    def done(self) -> bool:
        """Whether the job has finished (with a footprint or an error)."""
        return self._done.is_set()

    def run(self) -> None:
        """Compute and store the footprint (in the worker thread); never raises."""
        try:
            from wattprint.measure.footprint import measured_footprint

            footprint = measured_footprint(self.result, self.config)
        except Exception as exc:  # reported; the measurement itself is stored already
            self.error = f"footprint not computed: {exc}"
            logger.warning("wattprint: %s", self.error)
            self._done.set()
            return
        try:
            if self.target is not None:
                self._store(self.target, footprint)
        except Exception as exc:  # the footprint is still given to whoever asks
            self.error = f"footprint not stored: {exc}"
            logger.warning("wattprint: %s", self.error)
        finally:
            self.footprint = footprint
            self._done.set()

    def _store(self, target: StoreTarget, footprint: Footprint) -> None:
        from wattprint.store import RunStore

        with RunStore(target.db_path) as store:
            store.finish_run(
                target.run_id,
                ended_at=target.ended_at,
                status=target.status,
                exit_code=target.exit_code,
                footprint=footprint.to_dict(),
            )


_lock = threading.Lock()
_queue: deque[FootprintJob] = deque()
_worker: list[threading.Thread] = []  # the running worker, if any


def _submit(job: FootprintJob) -> None:
    with _lock:
        if job.submitted:
            return
        job.submitted = True
        _queue.append(job)
        if not _worker:
            thread = threading.Thread(target=_work, name="wattprint-footprint", daemon=False)
            _worker.append(thread)
            thread.start()


def _work() -> None:
    while True:
        with _lock:
            if not _queue:
                _worker.clear()
                return
            job = _queue.popleft()
        job.run()
