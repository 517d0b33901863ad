"""The dashboard application: FastAPI over one run store.

The OpenAPI document is at ``/openapi.json`` and a plain listing at ``/api-docs``;
FastAPI's Swagger page is off, since it loads its code from a CDN and every page here
works without the network.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response

import wattprint.web.api as api
import wattprint.web.errors as errors
import wattprint.web.metrics as metrics
import wattprint.web.pages as pages
from wattprint._version import __version__
from wattprint.measure.recovery import recover_dead
from wattprint.report.html import asset, plotly_js
from wattprint.store import RunStore
from wattprint.web.inputs import Examples
from wattprint.web.responses import FiniteJSONResponse

ASSETS = {"style.css": "text/css", "charts.js": "text/javascript"}
WEB_ASSETS = {"app.js": "text/javascript", "dashboard.css": "text/css"}


def host_check(hosts: tuple[str, ...]) -> Callable[..., Awaitable[Response]]:
    """Middleware answering 400 (canonical error shape) to a request for another host."""

    async def check(request: Request, call_next: Callable[..., Awaitable[Response]]) -> Response:
        host = request.headers.get("host", "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name not in hosts:
            body = errors.problem(400, f"this dashboard answers to {', '.join(hosts)}", "host")
            return FiniteJSONResponse(body, status_code=400)
        return await call_next(request)

    return check


def load_assets() -> dict[str, tuple[bytes, str]]:
    """The fixed assets the pages use, read once from the package (plotly.js included)."""
    from importlib import resources

    found = {name: (asset(name).encode(), kind) for name, kind in ASSETS.items()}
    static = resources.files("wattprint.web").joinpath("static")
    for name, kind in WEB_ASSETS.items():
        found[name] = (static.joinpath(name).read_bytes(), kind)
    found["plotly.min.js"] = (plotly_js().encode(), "text/javascript")
    return found


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def create_app(
    db_path: str | os.PathLike[str] | None = None, *, hosts: Sequence[str] | None = None
) -> FastAPI:
    """The dashboard over the run store at ``db_path`` (``None``: the default store).

    The store is opened now (so a bad path fails at once), closed at shutdown and opened
    again if the app starts again.

    Args:
        db_path: The run store.
        hosts: Host names the app answers to (``Host`` header, port ignored); any other
            gets a 400, which keeps a page on another site from reaching a loopback
            dashboard through DNS rebinding. ``None`` answers every host.
    """
    store = RunStore(db_path)
    recover_dead(store)  # finish runs whose producer died (measure.recovery)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.store is None:  # started again after a shutdown
            app.state.store = RunStore(app.state.db_path)
        yield
        app.state.store.close()
        app.state.store = None

    app = FastAPI(
        title="wattprint dashboard",
        version=__version__,
        description="Runs, footprints, scenarios and claims audits on this machine.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        default_response_class=FiniteJSONResponse,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.db_path = Path(store.path)
    app.state.examples = Examples.bundled()
    app.state.assets = load_assets()
    errors.install(app)
    if hosts is not None:
        app.middleware("http")(host_check(tuple(h.lower() for h in hosts)))
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(metrics.router)
    return app
