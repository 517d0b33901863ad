"""One self-contained HTML file per report: works offline, in English and Chinese.

The file embeds its stylesheet, its small chart script and plotly's JavaScript from the
installed ``plotly`` package (no CDN, no web fonts). Both languages are rendered into
the file; a switch at the top shows one, ``lang`` picks the first shown.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import jinja2

from wattprint._version import __version__
from wattprint.chain.outputs import label
from wattprint.quantity.display import when
from wattprint.quantity.words import LANGS, check_lang, word
from wattprint.report.basis import badge, basis_text
from wattprint.report.figures import Spec
from wattprint.report.inputs import ReportInput, run_facts
from wattprint.report.page import FootprintPage, footprint_page
from wattprint.report.preview import line_preview_svg
from wattprint.report.static_svg import bands_svg, drivers_svg, sankey_svg
from wattprint.report.timeline import power_figure
from wattprint.report.view import headline_column


@dataclass(frozen=True)
class Block:
    """The report's body in one language."""

    lang: str
    page: FootprintPage | None
    power: Spec | None
    facts: list[tuple[str, str]]
    audit: dict[str, Any] | None
    power_svg: str = ""


def environment(*packages: str) -> jinja2.Environment:
    """A Jinja environment over the templates of ``packages`` (searched in order).

    Autoescape is on for every template; the phrase and label helpers are globals.
    """
    loader = jinja2.ChoiceLoader([jinja2.PackageLoader(p, "templates") for p in packages])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        phrase=word,
        header=word,
        label=label,
        when=when,
        headline_column=headline_column,
        version=__version__,
    )
    env.filters["yaml"] = yaml_text
    return env


def yaml_text(value: Any) -> str:
    """A mapping as block YAML (for showing a scenario), Unicode kept."""
    import yaml

    return str(yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=88))


@functools.lru_cache(maxsize=1)
def _report_env() -> jinja2.Environment:
    return environment("wattprint.report")


def asset(name: str) -> str:
    """Text of a file shipped in ``wattprint/report/templates`` (CSS, JS)."""
    return (
        resources.files("wattprint.report").joinpath("templates").joinpath(name).read_text("utf-8")
    )


def plotly_js() -> str:
    """plotly.js from the installed plotly package (the report works offline)."""
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


def static_charts(page: FootprintPage, lang: str) -> dict[str, str]:
    """The page's charts as server-drawn SVG (a light report: no chart library)."""
    drawn = {}
    if page.sankey:
        drawn["sankey"] = sankey_svg(page.sankey, word("sankey_title", lang), lang)
    if page.bands:
        drawn["bands"] = bands_svg(page.bands, word("bands_title", lang), lang)
    if page.drivers:
        drawn["drivers"] = drivers_svg(page.drivers, word("drivers_title", lang), lang)
    return drawn


def _block(data: ReportInput, lang: str, interactive: bool = False) -> Block:
    page = None if data.footprint is None else footprint_page(data.footprint, lang)
    if page is not None and not interactive:
        page = replace(page, svgs=static_charts(page, lang))
    if page is not None:  # each row says what it rests on: a sensor, or which model
        fp = page.footprint
        rows = (
            replace(r, basis=basis_text(data, r.name, fp[r.name].basis, lang)) for r in page.rows
        )
        page = replace(page, rows=tuple(rows))
    power = None
    facts: list[tuple[str, str]] = []
    if data.run is not None:
        run = data.run
        facts = run_facts(run.record, lang)
        if run.samples or run.steps:
            power = power_figure(
                run.samples, run.steps, run.phases, run.record.started_at, lang, run.projection
            )
    audit = None
    if data.audit is not None:
        from wattprint.report.audit_view import audit_context

        audit = audit_context(data.audit, lang)
    power_svg = (
        "" if interactive or power is None else line_preview_svg(power, word("power_title", lang))
    )
    return Block(lang, page, power, facts, audit, power_svg)


def has_charts(data: ReportInput) -> bool:
    """Whether the report draws any chart (a claims audit draws none: no chart library)."""
    return data.footprint is not None or data.run is not None


def render_html(data: ReportInput, lang: str = "en", *, interactive: bool = False) -> str:
    """The report as one HTML document.

    Args:
        data: What the report is about (see :func:`wattprint.report.inputs.load_input`).
        lang: The language shown first; the other is one click away.
        interactive: Embed plotly.js (about 4.8 MB) for zoomable, hoverable charts; by
            default the charts are server-drawn SVG and the report stays well under 1 MB.
    """
    check_lang(lang)
    langs = (lang, *[c for c in LANGS if c != lang])
    blocks = [_block(data, code, interactive) for code in langs]
    template = _report_env().get_template("report.html.j2")
    return template.render(
        data=data,
        lang=lang,
        blocks=blocks,
        css=asset("style.css"),
        charts_js=asset("charts.js"),
        plotly_js=plotly_js() if interactive and has_charts(data) else "",
        run=data.run,
        kind_badge=badge,
    )
