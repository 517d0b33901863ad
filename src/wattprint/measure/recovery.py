"""Crash recovery: a run whose producer died is finished from what it stored.

A tracker flushes its samples every few seconds; when its process is killed (``kill -9``,
out of memory, a node lost), the samples up to the last flush are in the store but no
totals or footprint are. The store only knows the run is dead (its heartbeat is stale
and its process gone: :mod:`wattprint.store.liveness`); this module, a layer above it,
finishes such a run: energy per device, per step and phase, and a footprint, all from the
stored samples (:func:`~wattprint.measure.replay.stored_result`), with status
``"incomplete"`` and ``totals["recovered"]`` stating the time the samples cover and the
time they do not.

Shape: the store exposes the dead runs (``list_runs(status="incomplete")`` with no
``ended_at``) and this function finishes them; the faces call :func:`recover_dead` when
they open a store for reading (``wattprint runs``, the dashboard, ``wattprint report``),
so the first read after a run's heartbeat goes stale finishes it, and
``wattprint runs repair`` does it on demand for stores other tools read. A store that
cannot be written (read-only) is read as it is: nothing is recovered, nothing fails.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from wattprint.errors import WattprintError
from wattprint.measure.config import TrackerConfig

if TYPE_CHECKING:
    from wattprint.measure.result import RunResult
    from wattprint.store import RunRecord, RunStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovered:
    """One run finished by recovery.

    Attributes:
        run_id: The run.
        energy_j: Energy measured up to its last flushed sample, joules.
        covered_s: Seconds from the run's start to its last flushed sample.
        gap_s: Seconds from the last flushed sample to the producer's last sign of life
            (its last heartbeat); what happened after that is unknown.
        footprint: Whether a footprint could be computed.
    """

    run_id: str
    energy_j: float
    covered_s: float
    gap_s: float
    footprint: bool


def dead_runs(store: RunStore) -> list[RunRecord]:
    """Runs whose producer died before finishing them (stale, never ended)."""
    from wattprint.store import RunFilter  # the store loads only when a store is read

    return [
        r
        for r in store.list_runs(RunFilter(status="incomplete"), limit=None)
        if r.ended_at is None and r.kind == "measurement"
    ]


def recover_dead(store: RunStore) -> list[Recovered]:
    """Finish every dead run of ``store``; a run that cannot be finished is left as it is.

    Never raises: this runs on every read of a store, and a read must not fail because a
    recovery could not be written (a read-only store, a concurrent writer).
    """
    try:
        dead = dead_runs(store)
    except WattprintError as exc:
        logger.debug("wattprint: cannot look for dead runs in %s: %s", store.location, exc)
        return []
    done: list[Recovered] = []
    for record in dead:
        try:
            done.append(recover(store, record))
        except WattprintError as exc:
            logger.info("wattprint: run %s not recovered: %s", record.id, exc)
    return done


def recovered(store: RunStore) -> RunStore:
    """``store``, after :func:`recover_dead` finished its dead runs (for ``with`` lines)."""
    recover_dead(store)
    return store


def recover(store: RunStore, record: RunRecord) -> Recovered:
    """Finish one dead run from its stored samples (see the module docstring).

    Raises:
        StoreError: The store cannot be written (read-only) or the run is gone.
    """
    from wattprint.measure.replay import stored_result

    stored = stored_result(store, record, status="incomplete")
    last_sample = stored.last_sample_at
    covered_s = 0.0 if last_sample is None else max(0.0, last_sample - record.started_at)
    alive_at = max(x for x in (record.last_flush_at, last_sample, record.started_at) if x)
    gap_s = max(0.0, alive_at - (last_sample or record.started_at))
    note = (
        f"the producer (pid {record.pid} on {record.host}) died; recovered from the samples "
        f"it flushed: {covered_s:.1f} s measured, then {gap_s:.1f} s to its last sign of life "
        "and an unknown time after it that were not measured"
    )
    result = replace(stored.result, warnings=(*stored.result.warnings, note))
    footprint = _footprint(result, record)
    totals: dict[str, Any] = result.totals()
    if not result.devices:  # no sample was flushed: the energy is unknown, not zero
        for key in ("energy_j", "energy_low_j", "energy_high_j", "accelerator_energy_j",
                    "host_energy_j", "energy_per_step_j"):  # fmt: skip
            totals[key] = None
    totals["recovered"] = {
        "covered_s": covered_s,
        "gap_s": gap_s,
        "first_sample_at": stored.first_sample_at,
        "last_sample_at": last_sample,
        "last_sign_of_life_at": alive_at,
    }
    store.finish_run(
        record.id,
        ended_at=alive_at,
        status="incomplete",
        exit_code=record.exit_code,
        totals=totals,
        footprint=footprint,
    )
    logger.info("wattprint: %s", note)
    return Recovered(record.id, result.energy_j, covered_s, gap_s, footprint is not None)


def _footprint(result: RunResult, record: RunRecord) -> dict[str, Any] | None:
    if not result.devices:
        return None
    from wattprint.measure.footprint import measured_footprint

    config = TrackerConfig(region=record.region, facility=record.facility, store=False)
    try:
        return measured_footprint(result, config).to_dict()
    except WattprintError as exc:  # an unknown region: energy is kept, footprint is not
        logger.info("wattprint: no footprint for recovered run %s: %s", record.id, exc)
        return None
