"""A short energy-and-carbon statement in Markdown, for a paper or a model card.

The statement gives each headline output as its median with the p5–p95 range, then the
assumptions and the sources, exactly as the Footprint JSON holds them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from wattprint._version import __version__
from wattprint.chain.outputs import in_chart, label
from wattprint.chain.result import Footprint
from wattprint.quantity.display import duration, joined, when
from wattprint.quantity.words import check_lang, word
from wattprint.report.basis import basis_text, split
from wattprint.report.inputs import ReportInput
from wattprint.report.requests_block import requests_markdown
from wattprint.report.view import shown

STATEMENT_OUTPUTS = in_chart("statement")


def escape(text: object) -> str:
    """User text made inert in Markdown: HTML escaped, pipes escaped, one line."""
    plain = html.escape(str(text), quote=False).replace("|", "\\|")
    return " ".join(plain.split())


def _intro(data: ReportInput, fp: Footprint, lang: str) -> str:
    if data.run is not None:
        rec = data.run.record
        start, took = when(rec.started_at), duration(rec.duration_s, lang)
        measuring, models = split(rec.sensors)
        values = {"version": __version__, "host": escape(rec.host), "start": start,
                  "duration": took}  # fmt: skip
        if models and not measuring:
            return word("md_modelled_run", lang, models=", ".join(models), **values)
        if not measuring:  # no sensor list recorded (an imported or older run)
            return word("md_measurement", lang, **values)
        return (
            word("md_measurement", lang, **values)
            + " "
            + word(
                "md_measured_by",
                lang,
                sensors=", ".join(measuring),
                models=", ".join(models) or "—",
            )
        )
    return word("md_estimate", lang, version=__version__, samples=f"{fp.samples:,}", seed=fp.seed)


def footprint_markdown(data: ReportInput, fp: Footprint, lang: str) -> list[str]:
    """Lines of the statement for one footprint."""
    lines = [f"**{escape(fp.name)}**", "", _intro(data, fp, lang), ""]
    lines += [
        f"| {word('quantity', lang)} | {word('median', lang)} | {word('p5_p95', lang)} "
        f"| {word('basis', lang)} |",
        "|---|---:|---:|---|",
    ]
    for name in STATEMENT_OUTPUTS:
        if name in fp.outputs and not fp[name].p5 == fp[name].p95 == 0:
            s = shown(fp[name], lang)
            basis = basis_text(data, name, fp[name].basis, lang)
            band = joined(f"{s.p5}–{s.p95}", s.unit)
            lines.append(f"| {label(name, lang)} | {s.median} | {band} | {basis} |")
    if data.run is not None and data.run.requests is not None:
        lines += ["", *requests_markdown(data.run.requests, lang)]
    for key, items in (("assumptions", fp.assumptions), ("warnings", fp.warnings)):
        if items:
            lines += ["", f"*{word(key, lang)}*", ""]
            lines += [f"- {escape(item)}" for item in items]
    if fp.sources:
        lines += ["", f"*{word('sources', lang)}*", ""]
        lines += [
            f"{i}. `{escape(s.used_for)}`: {escape(s.value_text)}. {escape(s.source)} ({s.year})"
            for i, s in enumerate(fp.sources, start=1)
        ]
    return lines


def audit_markdown(report: Mapping[str, Any], lang: str) -> list[str]:
    """Lines listing each audited claim with its verdict."""
    from wattprint.report.audit_view import audit_context

    view = audit_context(report, lang)
    lines = [f"*{word('claims_audited', lang)}*", ""]
    for claim in view["claims"]:
        lines.append(f"- **{escape(claim['verdict'])}**: {escape(claim['text'])}")
        if claim["explanation"]:
            lines.append(f"  {escape(claim['explanation'])}")
    return lines


def render_markdown(data: ReportInput, lang: str = "en") -> str:
    """The Markdown statement for a report's subject."""
    check_lang(lang)
    lines = [f"## {word('md_title', lang)}", ""]
    if data.audit is not None:
        lines += audit_markdown(data.audit, lang)
    elif data.footprint is not None:
        lines += footprint_markdown(data, data.footprint, lang)
    else:
        lines += [f"**{escape(data.title)}**", "", word("md_none", lang)]
    return "\n".join(lines) + "\n"
