"""The dashboard's JSON API (``/api/...``), documented in ``/openapi.json``.

Every number it returns is one the store or the library produced; errors use the one
shape of :mod:`wattprint.web.errors`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from wattprint.quantity.words import LANGS
from wattprint.report.timeline import power_figure
from wattprint.store import RunStore
from wattprint.web.compute import DEFAULT_SAMPLES, audit_text, estimate_text
from wattprint.web.errors import WebError
from wattprint.web.inputs import MAX_SAMPLES, MAX_YAML_BYTES, Examples
from wattprint.web.runs import RunQuery, find_runs, get_run, run_detail, run_summary

RunId = Annotated[
    str,
    Path(min_length=1, max_length=32, pattern=r"^[0-9A-Fa-f]+$", description="Run id or prefix."),
]
MaxPoints = Annotated[int, Query(ge=1, le=100_000, description="Points kept per device.")]
Lang = Annotated[Literal["en", "zh"], Query(description="Language of chart labels.")]


class ErrorDetail(BaseModel):
    """The fields of an error."""

    status: int
    title: str
    detail: str
    field: str | None = None


class ErrorBody(BaseModel):
    """Every error the API returns."""

    error: ErrorDetail


class EstimateRequest(BaseModel):
    """A scenario to estimate: YAML text, or the name of a bundled example."""

    yaml: str | None = Field(default=None, max_length=MAX_YAML_BYTES)
    example: str | None = Field(default=None, max_length=100)
    samples: int = Field(default=DEFAULT_SAMPLES, ge=1, le=MAX_SAMPLES)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)


class AuditRequest(BaseModel):
    """A claims file to audit: YAML text, or the name of a bundled claims file."""

    yaml: str | None = Field(default=None, max_length=MAX_YAML_BYTES)
    example: str | None = Field(default=None, max_length=100)


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (404, 413, 422, 503)
}
router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


def store_of(request: Request) -> RunStore:
    """The app's run store."""
    store: RunStore = request.app.state.store
    return store


def examples_of(request: Request) -> Examples:
    """The app's bundled examples."""
    examples: Examples = request.app.state.examples
    return examples


def chosen_text(request: Request, body: EstimateRequest | AuditRequest, claims: bool) -> str:
    """The YAML of a request body: its text, or a bundled example chosen by name."""
    if (body.yaml is None) == (body.example is None):
        raise WebError(422, "give exactly one of yaml and example", "yaml")
    if body.yaml is not None:
        return body.yaml
    assert body.example is not None
    examples = examples_of(request)
    return examples.claims_file(body.example) if claims else examples.scenario(body.example)


@router.get("/runs", summary="List runs (filter, sort, page)")
def list_runs(request: Request, query: Annotated[RunQuery, Query()]) -> dict[str, Any]:
    """Runs matching the filters, one page at a time, newest first by default."""
    records, total = find_runs(store_of(request), query)
    return {
        "total": total,
        "limit": query.limit,
        "offset": query.offset,
        "runs": [run_summary(r) for r in records],
    }


@router.get("/runs/{run_id}", summary="One run with its totals and footprint")
def get_one(request: Request, run_id: RunId) -> dict[str, Any]:
    """Every stored field of a run; ``footprint`` is the Footprint JSON as stored."""
    return run_detail(get_run(store_of(request), run_id))


@router.get("/runs/{run_id}/samples", summary="A run's samples, downsampled per device")
def samples(
    request: Request,
    run_id: RunId,
    device: Annotated[str | None, Query(max_length=100)] = None,
    max_points: MaxPoints = 2000,
) -> dict[str, Any]:
    """Samples by time; each device cut to ``max_points`` (bucket minimum and maximum kept)."""
    store = store_of(request)
    record = get_run(store, run_id)
    rows = store.samples(record.id, device=device, max_points=max_points)
    return {
        "id": record.id,
        "status": record.status,
        "sample_count": record.sample_count,
        "samples": [
            {"t": r.t, "device": r.device, "power_w": r.power_w, "energy_j": r.energy_j,
             "method": r.method}
            for r in rows
        ],
    }  # fmt: skip


@router.get("/runs/{run_id}/steps", summary="A run's steps and phases")
def steps(request: Request, run_id: RunId) -> dict[str, Any]:
    """Steps in the order reported, and phases by start time."""
    store = store_of(request)
    record = get_run(store, run_id)
    return {
        "id": record.id,
        "steps": [s.__dict__ for s in store.steps(record.id)],
        "phases": [p.__dict__ for p in store.phases(record.id)],
    }


@router.get("/runs/{run_id}/power", summary="The power chart of a run (polled while it runs)")
def power(
    request: Request, run_id: RunId, max_points: MaxPoints = 2000, lang: Lang = "en"
) -> dict[str, Any]:
    """A plotly figure of power per device with steps and phases, and the run's status."""
    from wattprint.report.inputs import load_run

    run = load_run(store_of(request), get_run(store_of(request), run_id).id, max_points)
    figure = power_figure(
        run.samples, run.steps, run.phases, run.record.started_at, lang, run.projection
    )
    return {
        "id": run.record.id,
        "status": run.record.status,
        "sample_count": run.record.sample_count,
        "step_count": run.record.step_count,
        "figure": figure,
    }


@router.get("/compare", summary="Several runs side by side")
def compare(
    request: Request,
    ids: Annotated[list[str], Query(min_length=1, max_length=8)],
) -> dict[str, Any]:
    """The full records of the given runs, in the order given."""
    store = store_of(request)
    return {"runs": [run_detail(get_run(store, i)) for i in ids]}


@router.get("/examples", summary="Names of the bundled scenarios and claims files")
def examples(request: Request) -> dict[str, Any]:
    """Bundled examples, by name (the only files the dashboard reads)."""
    ex = examples_of(request)
    return {"scenarios": sorted(ex.scenarios), "claims": sorted(ex.claims), "languages": LANGS}


@router.get("/examples/{name}", summary="The text of a bundled example")
def example(request: Request, name: Annotated[str, Path(max_length=100)]) -> dict[str, Any]:
    """A bundled scenario or claims file's YAML text."""
    ex = examples_of(request)
    if name in ex.claims:
        return {"name": name, "kind": "claims", "yaml": ex.claims[name]}
    return {"name": name, "kind": "scenario", "yaml": ex.scenario(name)}


@router.post("/estimate", summary="Estimate a scenario")
def estimate(request: Request, body: EstimateRequest) -> dict[str, Any]:
    """The Footprint JSON of a scenario (YAML text or a bundled example)."""
    text = chosen_text(request, body, claims=False)
    return estimate_text(text, samples=body.samples, seed=body.seed).to_dict()


@router.post("/audit", summary="Audit a claims file")
def audit(request: Request, body: AuditRequest) -> dict[str, Any]:
    """The audit report of a claims file (YAML text or a bundled claims file)."""
    report = audit_text(chosen_text(request, body, claims=True), examples_of(request).scenarios)
    if body.example is not None:
        report["file"] = f"{body.example}.yaml"
    return report
