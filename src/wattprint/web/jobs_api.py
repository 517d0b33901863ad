"""The dashboard's jobs API: ``/api/jobs`` and ``/api/jobs/{job_id}``.

A job's runs from every node, summed once (:mod:`wattprint.measure.jobs`), as JSON: the
same view ``wattprint jobs show --json`` prints.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from wattprint.measure.jobs import job_runs, job_view, list_jobs
from wattprint.store import RunStore
from wattprint.web.errors import WebError

JobId = Annotated[
    str,
    Path(min_length=1, max_length=128, pattern=r"^[\w.\-\[\]:@]+$", description="Job id."),
]

router = APIRouter(prefix="/api", tags=["jobs"])


def _store(request: Request) -> RunStore:
    store: RunStore = request.app.state.store
    return store


@router.get("/jobs", summary="Jobs across nodes, newest first")
def jobs(request: Request) -> dict[str, Any]:
    """Every job: nodes seen and expected, runs, status."""
    return {"jobs": [dataclasses.asdict(j) for j in list_jobs(_store(request))]}


@router.get("/jobs/{job_id}", summary="A job summed over its nodes, with a row per node")
def job(request: Request, job_id: JobId) -> dict[str, Any]:
    """The job's totals (sums of the runs' p50s), its nodes, and warnings."""
    store = _store(request)
    runs = job_runs(store, job_id)
    if not runs:
        raise WebError(404, f"no runs of job {job_id!r} in the run store", "job_id")
    view = job_view(runs, job_id, stale_after_s=store.stale_after_s)
    return {**dataclasses.asdict(view), "nodes_seen": view.nodes_seen}
