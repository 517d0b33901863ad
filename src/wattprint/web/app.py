"""The dashboard application: FastAPI over one run store.

The OpenAPI document is at ``/openapi.json`` and a plain listing at ``/api-docs``;
FastAPI's Swagger page is off, since it loads its code from a CDN and every page here
works without the network.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp

import wattprint.web.api as api
import wattprint.web.errors as errors
import wattprint.web.job_pages as job_pages
import wattprint.web.jobs_api as jobs_api
import wattprint.web.metrics as metrics
import wattprint.web.pages as pages
from wattprint._version import __version__
from wattprint.measure.recovery import recover_dead
from wattprint.report.html import asset, plotly_js
from wattprint.store import RunStore
from wattprint.web.guard import Guard, GuardSettings
from wattprint.web.inputs import Examples
from wattprint.web.responses import FiniteJSONResponse

ASSETS = {"style.css": "text/css", "charts.js": "text/javascript"}
WEB_ASSETS = {"app.js": "text/javascript", "dashboard.css": "text/css"}


class Dashboard(FastAPI):
    """FastAPI with :class:`~wattprint.web.guard.Guard` outermost, so that even the answer
    to a bug (Starlette's outermost error layer) carries the security headers."""

    def build_middleware_stack(self) -> ASGIApp:
        """Starlette's stack, wrapped in the guard configured in ``state.guard``."""
        return Guard(super().build_middleware_stack(), self.state.guard)


def load_assets() -> dict[str, tuple[bytes, str]]:
    """The fixed assets the pages use, read once from the package (plotly.js included)."""
    from importlib import resources

    found = {name: (asset(name).encode(), kind) for name, kind in ASSETS.items()}
    static = resources.files("wattprint.web").joinpath("static")
    for name, kind in WEB_ASSETS.items():
        found[name] = (static.joinpath(name).read_bytes(), kind)
    found["plotly.min.js"] = (plotly_js().encode(), "text/javascript")
    return found


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")  # also in cli/serve_cmd.py


POOL_SIZE = 4
"""Connections the dashboard keeps to a PostgreSQL store for concurrent requests."""


def create_app(
    db_path: str | os.PathLike[str] | None = None,
    *,
    hosts: Sequence[str] | None = None,
    token: str | None = None,
) -> FastAPI:
    """The dashboard over the run store at ``db_path`` (``None``: the default store).

    The store is opened now (so a bad path fails at once), closed at shutdown and opened
    again if the app starts again.

    Args:
        db_path: The run store.
        hosts: Host names the app answers to (``Host`` header, port ignored); any other
            gets a 400, which keeps a page on another site from reaching a loopback
            dashboard through DNS rebinding. ``None`` answers every host.
        token: An access token every request must carry (401 without it); ``None``
            for none (a loopback dashboard). See :mod:`wattprint.web.guard`.
    """
    store = RunStore(db_path, pool_size=POOL_SIZE)
    recover_dead(store)  # finish runs whose producer died (measure.recovery)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.store is None:  # started again after a shutdown
            app.state.store = RunStore(app.state.db_path, pool_size=POOL_SIZE)
        yield
        app.state.store.close()
        app.state.store = None

    app = Dashboard(
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
    app.state.db_path = db_path  # None: the default store again; a URL stays a URL
    app.state.examples = Examples.bundled()
    app.state.assets = load_assets()
    errors.install(app)
    names = None if hosts is None else tuple(h.lower() for h in hosts)
    app.state.guard = GuardSettings(hosts=names, token=token)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(metrics.router)
    app.include_router(jobs_api.router)
    app.include_router(job_pages.router)
    return app
