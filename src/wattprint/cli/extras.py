"""Which commands need the ``web`` extra, checked before anything of it is imported.

``pip install wattprint`` installs what tracking, estimating and the text, Markdown and
model-card reports need; the dashboard (``wattprint serve``) and the HTML report need
``pip install 'wattprint[web]'``. Without it they stop with one line naming that command
(exit code 2), not an ``ImportError`` traceback.
"""

from __future__ import annotations

from wattprint.errors import require_extra

WEB_MODULES = ("fastapi", "uvicorn", "starlette", "pydantic", "jinja2", "plotly")
"""Import names of the ``web`` extra's packages (pyproject.toml lists the same)."""
HTML_REPORT_MODULES = ("jinja2", "plotly")
"""What the self-contained HTML report imports of them."""


def require_web(what: str, modules: tuple[str, ...] = WEB_MODULES) -> None:
    """Raise :class:`~wattprint.errors.MissingExtraError` unless ``modules`` are installed."""
    require_extra("web", *modules, what=what)
