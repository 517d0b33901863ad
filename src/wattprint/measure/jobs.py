"""Jobs across nodes: the runs of every node of one job, summed once.

A tracker started by a launcher tags its run with the job id, the nodes expected and its
local rank (:func:`~wattprint.measure.ranks.job_tags`). On each node, local rank 0 counts
the node-wide sensors (GPUs, RAPL, the CPUs' idle share) and every rank counts its own
process tree (:mod:`.ranks`), so the sum over all runs of the job counts each sensor
once: that sum is the job's footprint, with one row per node.

Stored footprints keep p5/p50/p95, not their sample arrays, so a job's total is the sum
of the runs' p50s and its band is **not combined** (the sum of p5s would claim a band as
wide as if every node's uncertainty moved together); the per-node rows keep their bands.
A run still running has no footprint yet: it shows its measured energy so far.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from wattprint.measure.ranks import JOB_NODES_TAG, JOB_TAG, LOCAL_RANK_TAG
from wattprint.store import RunFilter, RunRecord, RunStore
from wattprint.store.liveness import STALE_AFTER_S

JOB_OUTPUTS = ("it_energy", "facility_energy", "carbon_operational", "water_onsite",
               "water_offsite")  # fmt: skip
"""The footprint outputs a job view sums (chain/outputs.py names; units as stored)."""


@dataclass(frozen=True)
class NodeView:
    """One node of a job: its runs (one per rank) summed.

    Attributes:
        host: The node's host name.
        runs: How many runs (ranks) reported from it.
        ranks: Their local ranks, where known.
        status: ``running`` while any run runs; else the worst of the runs' statuses.
        last_flush_at: The newest heartbeat of its runs (unix seconds).
        measured_j: Energy its sensors measured (sum of the runs' ``totals.energy_j``).
        outputs: Output name -> (p5, p50, p95) summed over its runs (p50s added; the
            p5/p95 of a node with one run are that run's, else None).
        units: Output name -> unit.
        stale: A run on it still "running" stopped reporting.
    """

    host: str
    runs: int
    ranks: tuple[int, ...]
    status: str
    last_flush_at: float | None
    measured_j: float
    outputs: dict[str, tuple[float | None, float, float | None]]
    units: dict[str, str]
    stale: bool


@dataclass(frozen=True)
class JobView:
    """A job's footprint over its nodes, with the evidence behind it."""

    job_id: str
    nodes: tuple[NodeView, ...]
    nodes_expected: int | None
    measured_j: float
    outputs_p50: dict[str, float]
    units: dict[str, str]
    runs: int
    warnings: tuple[str, ...] = field(default=())

    @property
    def nodes_seen(self) -> int:
        """Distinct hosts that reported a run of the job."""
        return len(self.nodes)


@dataclass(frozen=True)
class JobSummary:
    """One line of ``jobs list``."""

    job_id: str
    nodes_seen: int
    runs: int
    nodes_expected: int | None
    started_at: float
    status: str


def job_runs(store: RunStore, job_id: str) -> list[RunRecord]:
    """Every run tagged with ``job_id``, oldest first."""
    return store.list_runs(RunFilter(tag=f"{JOB_TAG}={job_id}"), descending=False, limit=None)


def list_jobs(store: RunStore) -> list[JobSummary]:
    """Every job in the store, newest first."""
    by_job: dict[str, list[RunRecord]] = defaultdict(list)
    for record in store.list_runs(RunFilter(tag=JOB_TAG), limit=None):
        by_job[record.tags[JOB_TAG]].append(record)
    jobs = [
        JobSummary(
            job_id=job,
            nodes_seen=len({r.host for r in runs}),
            runs=len(runs),
            nodes_expected=_expected(runs),
            started_at=min(r.started_at for r in runs),
            status=_status([r.status for r in runs]),
        )
        for job, runs in by_job.items()
    ]
    return sorted(jobs, key=lambda j: (-j.started_at, j.job_id))


def job_view(
    runs: Sequence[RunRecord], job_id: str, *, now_s: float | None = None,
    stale_after_s: float = STALE_AFTER_S,
) -> JobView:  # fmt: skip
    """Sum a job's runs per node and over nodes; warn about silent and missing nodes."""
    now = time.time() if now_s is None else now_s
    by_host: dict[str, list[RunRecord]] = defaultdict(list)
    for record in runs:
        by_host[record.host].append(record)
    nodes = tuple(_node(h, rs, now, stale_after_s) for h, rs in sorted(by_host.items()))
    totals: dict[str, float] = defaultdict(float)
    units: dict[str, str] = {}
    for node in nodes:
        units.update(node.units)
        for name, (_, p50, _) in node.outputs.items():
            totals[name] += p50
    expected = _expected(runs)
    return JobView(
        job_id=job_id,
        nodes=nodes,
        nodes_expected=expected,
        measured_j=sum(n.measured_j for n in nodes),
        outputs_p50=dict(totals),
        units=units,
        runs=len(runs),
        warnings=_warnings(nodes, expected, now),
    )


def _node(host: str, runs: list[RunRecord], now: float, stale_after_s: float) -> NodeView:
    sums: dict[str, list[float | None]] = {}
    units: dict[str, str] = {}
    for record in runs:
        for name, (p5, p50, p95, unit) in _outputs(record).items():
            units[name] = unit
            if name in sums:
                sums[name] = [None, (sums[name][1] or 0.0) + p50, None]
            else:
                sums[name] = [p5, p50, p95]
    flushes = [r.last_flush_at for r in runs if r.last_flush_at is not None]
    last = max(flushes) if flushes else None
    status = _status([r.status for r in runs])
    silent = last is None or now - last > stale_after_s
    return NodeView(
        host=host,
        runs=len(runs),
        ranks=tuple(sorted(int(r.tags[LOCAL_RANK_TAG]) for r in runs if _rank(r))),
        status=status,
        last_flush_at=last,
        measured_j=sum(_measured_j(r) for r in runs),
        outputs={k: (v[0], v[1] or 0.0, v[2]) for k, v in sums.items()},
        units=units,
        stale=any(r.status == "incomplete" for r in runs) or (status == "running" and silent),
    )


def _outputs(record: RunRecord) -> dict[str, tuple[float, float, float, str]]:
    if not record.footprint_json:
        return {}
    outputs = json.loads(record.footprint_json).get("outputs", {})
    found = {}
    for name in JOB_OUTPUTS:
        out = outputs.get(name)
        if isinstance(out, dict) and isinstance(out.get("p50"), (int, float)):
            p50 = float(out["p50"])
            found[name] = (float(out.get("p5", p50)), p50, float(out.get("p95", p50)),
                           str(out.get("unit", "")))  # fmt: skip
    return found


def _measured_j(record: RunRecord) -> float:
    value = record.totals.get("energy_j")
    return float(value) if isinstance(value, (int, float)) else 0.0


def _rank(record: RunRecord) -> bool:
    return record.tags.get(LOCAL_RANK_TAG, "").isdigit()


def _expected(runs: Sequence[RunRecord]) -> int | None:
    counts = [int(r.tags[JOB_NODES_TAG]) for r in runs if r.tags.get(JOB_NODES_TAG, "").isdigit()]
    return max(counts) if counts else None


def _status(statuses: Sequence[str]) -> str:
    for status in ("running", "failed", "incomplete"):
        if status in statuses:
            return status
    return "complete"


def _warnings(nodes: Sequence[NodeView], expected: int | None, now: float) -> tuple[str, ...]:
    found = []
    for node in nodes:
        if node.stale:
            ago = "never" if node.last_flush_at is None else f"{now - node.last_flush_at:.0f} s ago"
            found.append(
                f"node {node.host} stopped reporting (last heartbeat {ago}); its energy "
                "counts only up to then"
            )
    if expected is not None and len(nodes) < expected:
        found.append(
            f"{len(nodes)} of {expected} nodes reported; the job's totals miss "
            f"{expected - len(nodes)} node(s)"
        )
    if nodes and any(node.outputs for node in nodes):
        found.append(
            "the job's total adds the runs' p50s; their p5-p95 bands are not combined "
            "(stored footprints keep no samples)"
        )
    return tuple(found)
