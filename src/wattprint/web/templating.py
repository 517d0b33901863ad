"""Rendering dashboard pages: one Jinja environment (autoescape on), language from ``?lang``.

Pages find their own templates first, then the report's (the footprint sections are the
same macros the HTML report uses).
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from wattprint._version import __version__
from wattprint.quantity.words import LANGS
from wattprint.report.html import environment
from wattprint.web.responses import html_response

NAV = (
    ("runs", "/"),
    ("compare", "/compare"),
    ("jobs", "/jobs"),
    ("scenario_page", "/scenario"),
    ("audit_page", "/audit"),
    ("api_docs", "/api-docs"),
)


@functools.lru_cache(maxsize=1)
def env() -> jinja2.Environment:
    """The dashboard's template environment (``asset_version`` busts cached assets)."""
    from importlib.metadata import version

    templates = environment("wattprint.web", "wattprint.report")
    templates.globals["asset_version"] = f"{__version__}-{version('plotly')}"
    return templates


def request_lang(request: Request) -> str:
    """The page language: ``?lang=zh`` or ``?lang=en``; anything else reads as English."""
    lang = request.query_params.get("lang", "en")
    return lang if lang in LANGS else "en"


def lang_url(request: Request, lang: str) -> str:
    """This page's URL (path and query) in another language."""
    url = request.url.include_query_params(lang=lang)
    return url.path + ("?" + url.query if url.query else "")


def with_lang(path: str, lang: str) -> str:
    """A dashboard path carrying the language (``/compare`` -> ``/compare?lang=zh``)."""
    if lang == "en":
        return path
    return path + ("&" if "?" in path else "?") + "lang=" + lang


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page template with the frame's context (language, navigation, switch)."""
    lang = context.pop("lang", None) or request_lang(request)
    other = "zh" if lang == "en" else "en"
    html = (
        env()
        .get_template(template)
        .render(
            lang=lang,
            other_lang=other,
            switch_url=lang_url(request, other),
            nav=[(key, with_lang(path, lang)) for key, path in NAV],
            with_lang=with_lang,
            path=request.url.path,
            **context,
        )
    )
    return html_response(html, status)


def render_error(request: Request, error: dict[str, Any]) -> str:
    """The HTML error page for the canonical error fields."""
    return bytes(
        render(request, "error.html.j2", status=error["status"], error=error).body
    ).decode()
