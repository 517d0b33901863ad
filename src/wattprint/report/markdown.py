"""A short energy-and-carbon statement in Markdown, for a paper or a model card.

The statement gives each headline output as its median with the p5–p95 range, then the
assumptions and the sources, exactly as the Footprint JSON holds them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from wattprint._version import __version__
from wattprint.chain.result import Footprint
from wattprint.report.i18n import check_lang, header, label
from wattprint.report.inputs import ReportInput, duration_text, when
from wattprint.report.view import shown

STATEMENT_OUTPUTS = (
    "facility_energy",
    "it_energy",
    "accelerator_energy",
    "carbon_total",
    "carbon_operational",
    "carbon_embodied",
    "water_onsite",
    "water_offsite",
    "energy_per_request_facility",
    "energy_per_1k_tokens_facility",
    "carbon_per_request",
    "water_onsite_per_request",
)

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Energy and carbon", "能耗与碳排放"),
    "estimate": (
        "Estimated with wattprint {version} from a scenario ({samples} Monte Carlo draws, "
        "seed {seed}); figures are medians with the 5th–95th percentile range.",
        "使用 wattprint {version} 依情景估算({samples} 次蒙特卡洛抽样,种子 {seed});"
        "数值为中位数及第 5–95 百分位区间。",
    ),
    "measurement": (
        "Measured with wattprint {version} on {host}, {start} ({duration}); "
        "figures are medians with the 5th–95th percentile range.",
        "使用 wattprint {version} 在 {host} 上实测,{start}({duration});"
        "数值为中位数及第 5–95 百分位区间。",
    ),
    "quantity": ("Quantity", "指标"),
    "median": ("Median (p50)", "中位数(p50)"),
    "range": ("p5–p95", "p5–p95"),
    "none": ("No footprint was stored for this run.", "该运行没有保存足迹结果。"),
    "claims": ("Claims audited", "核查的说法"),
}


def _w(key: str, lang: str, **values: object) -> str:
    en, zh = WORDS[key]
    return (zh if lang == "zh" else en).format(**values)


def escape(text: object) -> str:
    """User text made inert in Markdown: HTML escaped, pipes escaped, one line."""
    plain = html.escape(str(text), quote=False).replace("|", "\\|")
    return " ".join(plain.split())


def _intro(data: ReportInput, fp: Footprint, lang: str) -> str:
    if data.run is not None:
        rec = data.run.record
        start, duration = when(rec.started_at), duration_text(rec.duration_s)
        return _w("measurement", lang, version=__version__, host=escape(rec.host),
                  start=start, duration=duration)  # fmt: skip
    return _w("estimate", lang, version=__version__, samples=f"{fp.samples:,}", seed=fp.seed)


def footprint_markdown(data: ReportInput, fp: Footprint, lang: str) -> list[str]:
    """Lines of the statement for one footprint."""
    lines = [f"**{escape(fp.name)}**", "", _intro(data, fp, lang), ""]
    lines += [
        f"| {_w('quantity', lang)} | {_w('median', lang)} | {_w('range', lang)} |",
        "|---|---:|---:|",
    ]
    for name in STATEMENT_OUTPUTS:
        if name in fp.outputs:
            s = shown(fp[name], lang)
            lines.append(f"| {label(name, lang)} | {s.median} | {s.p5}–{s.p95} {s.unit} |")
    for key, items in (("assumptions", fp.assumptions), ("warnings", fp.warnings)):
        if items:
            lines += ["", f"*{header(key, lang)}*", ""]
            lines += [f"- {escape(item)}" for item in items]
    if fp.sources:
        lines += ["", f"*{header('sources', lang)}*", ""]
        lines += [
            f"{i}. `{escape(s.used_for)}`: {escape(s.value_text)}. {escape(s.source)} ({s.year})"
            for i, s in enumerate(fp.sources, start=1)
        ]
    return lines


def audit_markdown(report: Mapping[str, Any], lang: str) -> list[str]:
    """Lines listing each audited claim with its verdict."""
    from wattprint.report.audit_view import audit_context

    view = audit_context(report, lang)
    lines = [f"*{_w('claims', lang)}*", ""]
    for claim in view["claims"]:
        lines.append(f"- **{escape(claim['verdict'])}**: {escape(claim['text'])}")
        if claim["explanation"]:
            lines.append(f"  {escape(claim['explanation'])}")
    return lines


def render_markdown(data: ReportInput, lang: str = "en") -> str:
    """The Markdown statement for a report's subject."""
    check_lang(lang)
    lines = [f"## {_w('title', lang)}", ""]
    if data.audit is not None:
        lines += audit_markdown(data.audit, lang)
    elif data.footprint is not None:
        lines += footprint_markdown(data, data.footprint, lang)
    else:
        lines += [f"**{escape(data.title)}**", "", _w("none", lang)]
    return "\n".join(lines) + "\n"
