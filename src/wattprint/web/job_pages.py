"""The dashboard's job pages: ``/jobs`` (every job) and ``/jobs/{job_id}`` (one job summed
over its nodes, a row per node).

The numbers are those of ``wattprint jobs show`` and ``/api/jobs/{job_id}``: the view of
:mod:`wattprint.measure.jobs` (each run's p50 added up; the bands are not combined),
labelled from the outputs table and formatted by :mod:`wattprint.quantity.display`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wattprint.chain.outputs import label, ordered
from wattprint.measure.jobs import job_runs, job_view, list_jobs
from wattprint.quantity.display import amount, when
from wattprint.store import RunStore
from wattprint.web.errors import WebError
from wattprint.web.jobs_api import JobId
from wattprint.web.templating import render, request_lang

router = APIRouter(include_in_schema=False)


def _store(request: Request) -> RunStore:
    store: RunStore = request.app.state.store
    return store


@router.get("/jobs", response_class=HTMLResponse)
def jobs_page(request: Request) -> HTMLResponse:
    """Every job in the run store, newest first: nodes seen and expected, runs, status."""
    rows = [{**vars(j), "started": when(j.started_at)} for j in list_jobs(_store(request))]
    return render(request, "jobs.html.j2", jobs=rows)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: JobId) -> HTMLResponse:
    """One job: its totals over the nodes, the nodes, and what is missing or silent."""
    store = _store(request)
    runs = job_runs(store, job_id)
    if not runs:
        raise WebError(404, f"no runs of job {job_id!r} in the run store", "job_id")
    view = job_view(runs, job_id, stale_after_s=store.stale_after_s)
    lang = request_lang(request)
    totals = [
        (label(name, lang), amount(view.outputs_p50[name], view.units[name], lang))
        for name in ordered(view.outputs_p50)
    ]
    return render(request, "job.html.j2", view=view, totals=totals, nodes=_nodes(view, lang))


def _nodes(view: Any, lang: str) -> list[dict[str, Any]]:
    rows = []
    for node in view.nodes:
        it = node.outputs.get("it_energy")
        rows.append(
            {
                "host": node.host,
                "runs": node.runs,
                "ranks": ", ".join(str(r) for r in node.ranks) or "—",
                "status": node.status,
                "measured": amount(node.measured_j, "J", lang),
                "it_energy": "—" if it is None else amount(it[1], node.units["it_energy"], lang),
                "last_flush": when(node.last_flush_at),
            }
        )
    return rows
