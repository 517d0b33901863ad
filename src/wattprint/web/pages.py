"""The dashboard's HTML pages: runs, one run, comparison, scenario editor, claims audit.

Pages render the same report macros as the offline HTML report; the browser only draws
the charts (and polls a running run's power chart). Forms post url-encoded bodies,
parsed here; nothing a request sends becomes a path.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from wattprint.errors import InputError
from wattprint.report.compare import compare_figure, compare_rows, normalised, per_unit
from wattprint.report.inputs import ReportInput, load_run, run_facts
from wattprint.report.page import footprint_page
from wattprint.report.preview import line_preview_svg
from wattprint.report.timeline import power_figure
from wattprint.web.api import RunId, examples_of, store_of
from wattprint.web.compute import audit_text, estimate_text
from wattprint.web.errors import WebError
from wattprint.web.inputs import form_fields
from wattprint.web.responses import html_response
from wattprint.web.runs import RunQuery, filtered_totals, find_runs, footprint_of, get_run, run_row
from wattprint.web.templating import render, request_lang

router = APIRouter(include_in_schema=False)
DEFAULT_EXAMPLE = "gpt4-press"
LIVE_POINTS = 2000


@router.get("/", response_class=HTMLResponse)
def runs_page(request: Request, query: Annotated[RunQuery, Query()]) -> Response:
    """The runs list: filters, sortable columns, pages, and a compare selection."""
    store = store_of(request)
    records, total = find_runs(store, query)
    rows = [run_row(r, query.lang) for r in records]
    sums = filtered_totals(store, query, query.lang)
    return render(
        request, "runs.html.j2", lang=query.lang, query=query, rows=rows, total=total, sums=sums
    )


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: RunId) -> Response:
    """One run: facts, live power chart, and its footprint's cards, charts and footnotes."""
    lang = request_lang(request)
    store = store_of(request)
    run = load_run(store, get_run(store, run_id).id, LIVE_POINTS)
    fp = footprint_of(run.record)
    power = power_figure(
        run.samples, run.steps, run.phases, run.record.started_at, lang, run.projection
    )
    return render(
        request,
        "run.html.j2",
        run=run,
        facts=run_facts(run.record, lang),
        power=power,
        # escaped by the builder; shown until the chart library has drawn the real chart
        preview=line_preview_svg(power, run.record.name),
        page=None if fp is None else footprint_page(fp, lang),
        live_points=LIVE_POINTS,
    )


@router.get("/runs/{run_id}/report.html")
def run_report(request: Request, run_id: RunId) -> Response:
    """The run's self-contained HTML report, as a download."""
    from wattprint.report.html import render_html

    store = store_of(request)
    run = load_run(store, get_run(store, run_id).id)
    data = ReportInput(run.record.kind, run.record.name, footprint=run.footprint, run=run)
    html = render_html(data, request_lang(request))
    headers = {"Content-Disposition": f'attachment; filename="wattprint-{run.record.id}.html"'}
    return html_response(html, headers=headers)


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    ids: Annotated[list[str], Query(max_length=8)] = [],  # noqa: B006 - FastAPI reads it only
    per: Annotated[Literal["run", "step", "token", "hour"], Query()] = "run",
) -> Response:
    """Two or more runs side by side, whole or per step / token / hour: every output, and a
    chart of the main ones (a run that did not count steps or tokens shows —)."""
    lang = request_lang(request)
    store = store_of(request)
    records = [get_run(store, i) for i in dict.fromkeys(i for i in ids if i.strip())]
    footprints = [
        normalised(footprint_of(r), per_unit(r.totals, r.duration_s, per)) for r in records
    ]
    names = [f"{r.name} · {r.id[-6:]}" for r in records]
    return render(
        request,
        "compare.html.j2",
        rows=[run_row(r, lang) for r in records],
        table=compare_rows(footprints, lang) if len(records) >= 2 else [],
        figure=compare_figure(names, footprints, lang) if len(records) >= 2 else None,
        per=per,
        ids=[r.id for r in records],
    )


def _form_error(exc: InputError | WebError) -> tuple[dict[str, Any], int]:
    """The error box of a form page and its status: 422 for bad input, else the web error's."""
    if isinstance(exc, WebError):
        return {"detail": exc.detail, "field": exc.field, "line": None}, exc.status
    return {"detail": str(exc), "field": exc.field, "line": exc.line}, 422


async def _scenario(request: Request, text: str, example: str | None) -> Response:
    context: dict[str, Any] = {"text": text, "example": example, "page": None, "error": None}
    try:
        fp = await run_in_threadpool(estimate_text, text)
        context["page"] = footprint_page(fp, request_lang(request))
        status = 200
    except (InputError, WebError) as exc:
        context["error"], status = _form_error(exc)
    names = sorted(examples_of(request).scenarios)
    return render(request, "scenario.html.j2", status=status, examples=names, **context)


@router.get("/scenario", response_class=HTMLResponse)
async def scenario_page(
    request: Request, example: Annotated[str, Query(max_length=100)] = DEFAULT_EXAMPLE
) -> Response:
    """The scenario editor, opened on a bundled example, with its footprint."""
    return await _scenario(request, examples_of(request).scenario(example), example)


@router.post("/scenario", response_class=HTMLResponse)
async def scenario_submit(request: Request) -> Response:
    """Recompute the footprint of the edited scenario (form field ``yaml``)."""
    fields = form_fields(await request.body(), ("yaml",))
    return await _scenario(request, fields.get("yaml", ""), None)


@router.post("/scenario/download")
async def scenario_download(request: Request) -> Response:
    """The edited scenario as a file (``what=scenario``) or its HTML report (``report``)."""
    fields = form_fields(await request.body(), ("yaml", "what"))
    text = fields.get("yaml", "")
    if fields.get("what") != "report":
        return attachment(text, "application/yaml; charset=utf-8", "scenario.yaml")
    from wattprint.report.html import render_html

    fp = await run_in_threadpool(estimate_text, text)
    page = render_html(ReportInput("estimate", fp.name, footprint=fp), request_lang(request))
    return attachment(page, "text/html; charset=utf-8", "wattprint-scenario.html")


def attachment(body: str, media_type: str, filename: str) -> Response:
    """A download: ``body`` saved as ``filename``."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)


async def _audit(request: Request, text: str, example: str | None) -> Response:
    context: dict[str, Any] = {"text": text, "example": example, "audit": None, "error": None}
    status = 200
    if text.strip():
        try:
            scenarios = examples_of(request).scenarios
            report = await run_in_threadpool(audit_text, text, scenarios)
            from wattprint.report.audit_view import audit_context

            context["audit"] = audit_context(report, request_lang(request))
        except (InputError, WebError) as exc:
            context["error"], status = _form_error(exc)
    names = sorted(examples_of(request).claims)
    return render(request, "audit.html.j2", status=status, examples=names, **context)


@router.get("/audit", response_class=HTMLResponse)
async def audit_page(
    request: Request, example: Annotated[str | None, Query(max_length=100)] = None
) -> Response:
    """The claims audit: choose a bundled claims file or paste one."""
    examples = examples_of(request)
    if example is None and examples.claims:
        example = sorted(examples.claims)[0]
    text = examples.claims_file(example) if example else ""
    return await _audit(request, text, example)


@router.post("/audit", response_class=HTMLResponse)
async def audit_submit(request: Request) -> Response:
    """Audit the pasted claims file (form field ``yaml``)."""
    fields = form_fields(await request.body(), ("yaml",))
    return await _audit(request, fields.get("yaml", ""), None)


@router.get("/api-docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """A plain page listing the JSON API, from the app's own OpenAPI document."""
    schema = request.app.openapi()
    routes = [
        (method.upper(), path, op.get("summary", ""), op.get("description", ""))
        for path, ops in schema.get("paths", {}).items()
        for method, op in ops.items()
    ]
    return render(request, "api_docs.html.j2", routes=routes)


@router.get("/static/{name}")
def static(request: Request, name: Annotated[str, Path(max_length=40)]) -> Response:
    """One of the dashboard's fixed assets, from memory (never a file named by the URL)."""
    assets: dict[str, tuple[bytes, str]] = request.app.state.assets
    if name not in assets:
        raise WebError(404, f"no asset named {name!r}", None)
    body, media_type = assets[name]
    cache = "public, max-age=31536000, immutable"  # pages name assets with ?v=<versions>
    return Response(body, media_type=media_type, headers={"Cache-Control": cache})
