"""The dashboard's one error shape, and the handlers that turn every failure into it.

JSON endpoints (under ``/api``) answer errors as::

    {"error": {"status": 422, "title": "Unprocessable Content",
               "detail": "hardware.count: must be positive; got -3", "field": "hardware.count"}}

HTML pages show the same fields on an error page with the same status. Malformed input
is always a 4xx; a 500 means a bug (the handler still answers in the same shape).
"""

from __future__ import annotations

import http
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from wattprint.errors import CatalogLookupError, InputError, StoreError
from wattprint.web.responses import FiniteJSONResponse, html_response

logger = logging.getLogger(__name__)


class WebError(Exception):
    """An error a request caused: its HTTP status, a message and the field at fault."""

    def __init__(self, status: int, detail: str, field: str | None = None) -> None:
        self.status = status
        self.detail = detail
        self.field = field
        super().__init__(detail)


def problem(status: int, detail: str, field: str | None = None) -> dict[str, Any]:
    """The canonical error body."""
    try:
        title = http.HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return {"error": {"status": status, "title": title, "detail": detail, "field": field}}


def _respond(request: Request, status: int, detail: str, field: str | None) -> Response:
    body = problem(status, detail, field)
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return FiniteJSONResponse(body, status_code=status)
    from wattprint.web.templating import render_error

    return html_response(render_error(request, body["error"]), status)


def error_response(request: Request, status: int, detail: str, field: str | None) -> Response:
    """The canonical error answer (JSON under ``/api``, else an HTML page) for ``request``."""
    return _respond(request, status, detail, field)


def _field_of(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body")]
    return ".".join(parts) or "request"


def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    field = _field_of(first.get("loc", ()))
    if tuple(first.get("loc", ())) == ("path", "run_id"):  # not an id of any run: not found
        run_id = request.path_params.get("run_id", "")
        return _respond(request, 404, f"no run with id {run_id!r}; see the runs list", field)
    return _respond(request, 422, f"{field}: {first.get('msg', 'invalid')}", field)


def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    response = _respond(request, exc.status_code, str(exc.detail), None)
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


def _web(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    return _respond(request, exc.status, exc.detail, exc.field)


def _input(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InputError)
    return _respond(request, 422, str(exc), exc.field)


def _catalog(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CatalogLookupError)
    return _respond(request, 422, str(exc), exc.table)


def _store(request: Request, exc: Exception) -> Response:
    path = str(getattr(request.app.state, "db_path", ""))
    detail = str(exc).replace(path, "the run store") if path else str(exc)
    return _respond(request, 503, detail, None)


def _bug(request: Request, exc: Exception) -> Response:
    logger.exception("dashboard bug on %s", request.url.path, exc_info=exc)
    return _respond(request, 500, "internal error (a bug in wattprint; please report it)", None)


def install(app: FastAPI) -> None:
    """Register the handlers: validation, HTTP, WebError, InputError, store, anything else."""
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(WebError, _web)
    app.add_exception_handler(InputError, _input)
    app.add_exception_handler(CatalogLookupError, _catalog)
    app.add_exception_handler(StoreError, _store)
    app.add_exception_handler(Exception, _bug)
