"""``/metrics``: every stored run's footprint in Prometheus' text format, for scraping.

One counter per footprint output (IT and facility energy in joules, carbon in grams of
CO2e, water on and off site in cubic metres; each the run's p50), one sample per run
labelled with its id, name, host, job id, kind and status; the names are
:data:`~wattprint.integrations.prometheus.RUN_METRICS`. Needs the optional extra
``wattprint[prometheus]``; without it the route answers 503 saying so.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from wattprint.errors import MissingExtraError
from wattprint.integrations.prometheus import StoredRunsCollector, require
from wattprint.store import RunStore
from wattprint.web.errors import WebError

router = APIRouter(tags=["metrics"])


@router.get("/metrics", response_class=Response)
def metrics(request: Request) -> Response:
    """Stored runs as Prometheus counters (Prometheus text exposition format)."""
    try:
        client = require()
    except MissingExtraError as exc:
        raise WebError(503, str(exc)) from None
    store: RunStore = request.app.state.store
    registry = client.CollectorRegistry(auto_describe=False)
    registry.register(StoredRunsCollector(store))
    return Response(client.generate_latest(registry), media_type=client.CONTENT_TYPE_LATEST)
