"""``wattprint report TARGET``: an offline HTML report or a Markdown statement.

TARGET is a stored run's id, a scenario file or a claims file (YAML with ``claims:``).
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wattprint.cli.extras import HTML_REPORT_MODULES, require_web
from wattprint.cli.options import Lang, lang_option
from wattprint.errors import InputError

if TYPE_CHECKING:
    from wattprint.report.inputs import ReportInput


class Format(str, enum.Enum):
    """Report format."""

    html = "html"
    interactive = "interactive"  # HTML with plotly.js embedded (zoom, hover; ~4.8 MB)
    md = "md"
    model_card = "model-card"


def register(app: typer.Typer) -> None:
    """Add the ``report`` command."""
    app.command()(report)


def report(
    target: Annotated[
        str,
        typer.Argument(
            help="Run id (or unique prefix, or 'last'), scenario or claims file, or a "
            "bundled example by name (gpt4-press)."
        ),
    ],
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML report here.")
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="html (light: SVG charts, needs --html or --output), interactive (html with "
            "plotly.js embedded for zoom and hover, ~4.8 MB), md, or model-card (the Hub's "
            "co2_eq_emissions).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (md: default stdout).")
    ] = None,
    lang: Lang = lang_option,
    db: Annotated[Path | None, typer.Option("--db", help="Run store (default: yours).")] = None,
    samples: Annotated[int, typer.Option(min=1, max=10_000_000, help="Monte Carlo draws.")] = (
        10_000
    ),
    seed: Annotated[int, typer.Option(help="Random seed for a scenario.")] = 0,
) -> None:
    """Write a report people can open offline and share (HTML), or paste (Markdown)."""
    from wattprint.report.inputs import load_input

    chosen = fmt or (Format.html if html is not None else None)
    if chosen is None:
        raise InputError(
            "no report format", expected="--html OUT or --format md", hint="See --help."
        )
    if chosen not in (Format.html, Format.interactive) and html is not None:
        raise InputError(
            "--html writes HTML", got=f"--format {chosen.value}", expected="one of the two"
        )
    data = load_input(_target(target, db), db=db, samples=samples, seed=seed)
    if chosen not in (Format.html, Format.interactive):
        text = _text_report(data, chosen, lang.value)
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
        return
    out = html or output
    if out is None:
        raise InputError("no output file for the HTML report", expected="--html OUT")
    _write_html(data, out, lang.value, interactive=chosen is Format.interactive)


def _write_html(data: ReportInput, out: Path, lang: str, *, interactive: bool) -> None:
    require_web("the HTML report", HTML_REPORT_MODULES)
    from wattprint.report.html import render_html

    out.write_text(render_html(data, lang, interactive=interactive), encoding="utf-8")
    size = out.stat().st_size
    shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
    typer.echo(f"wrote {out} ({shown}, works offline)")


def _text_report(data: ReportInput, chosen: Format, lang: str) -> str:
    if chosen is Format.model_card:
        from wattprint.report.model_card import render_model_card

        return render_model_card(data, lang)
    from wattprint.report.markdown import render_markdown

    return render_markdown(data, lang)


def _target(target: str, db: Path | None) -> str:
    """A bundled example by name, ``last`` as the newest run's id, else ``target``."""
    from wattprint.cli.options import scenario_file
    from wattprint.cli.runs_cmd import LAST, open_store, resolve_id

    if target == LAST:
        with open_store(db) as store:
            return resolve_id(store, target)
    return str(scenario_file(Path(target)))
