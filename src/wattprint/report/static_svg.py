"""Static SVG charts drawn on the server from the same plotly specs: light reports.

A report paints its cards and charts at once and weighs well under 1 MB when it draws
these instead of embedding plotly.js (``wattprint report --interactive`` embeds it).
Each chart is an ``<svg role="img">`` with an ``aria-label`` and a ``<title>`` per mark,
and every mark carries its number as text, so it reads without colour or a mouse. No
number is computed here: only the spec's own values, scaled to the box.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

from wattprint.quantity.display import number

WIDTH, ROW, LABEL_W, PAD = 800, 26, 300, 8
INK, MUTED, LINE = "#0f172a", "#64748b", "#cbd5e1"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg(height: float, label: str, body: Sequence[str]) -> str:
    return (
        f'<svg class="chart-static" role="img" aria-label="{_e(label)}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="13">'
        f"<title>{_e(label)}</title>{''.join(body)}</svg>"
    )


def _cut(text: str, chars: int = 42) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _scaler(low: float, high: float, log: bool) -> Any:
    left, right = LABEL_W + PAD, WIDTH - 90
    if log:
        lo, hi = math.log10(low), math.log10(high) if high > low else math.log10(low) + 1
        return lambda v: left + (math.log10(max(v, low)) - lo) / (hi - lo or 1) * (right - left)
    top = high or 1.0
    return lambda v: left + max(v, 0.0) / top * (right - left)


def bands_svg(spec: Mapping[str, Any], label: str, lang: str = "en") -> str:
    """Every output as a p5–p95 bar with its median dot and value, one block per unit."""
    layout, body, y = spec.get("layout", {}), [], 0.0
    for i, trace in enumerate(spec.get("data", ())):
        axis = layout.get("xaxis" + ("" if i == 0 else str(i + 1)), {})
        unit = (axis.get("title") or {}).get("text", "")
        xs, plus, minus = trace["x"], trace["error_x"]["array"], trace["error_x"]["arrayminus"]
        lows = [x - m for x, m in zip(xs, minus, strict=True)]
        highs = [x + p for x, p in zip(xs, plus, strict=True)]
        log = axis.get("type") == "log"
        scale = _scaler(min(v for v in lows if v > 0) if log else 0.0, max(highs), log)
        y += ROW
        body.append(f'<text x="{PAD}" y="{y - 6:.0f}" fill="{MUTED}" font-weight="600">'
                    f"{_e(unit)}</text>")  # fmt: skip
        for name, mid, lo, hi in zip(trace["y"], xs, lows, highs, strict=True):
            y += ROW
            a, m, b = scale(lo), scale(mid), scale(hi)
            value = f"{number(mid, lang, 2)} ({number(lo, lang, 2)}–{number(hi, lang, 2)})"
            body.append(
                f"<g><title>{_e(name)}: {_e(value)} {_e(unit)}</title>"
                f'<text x="{PAD}" y="{y - 8:.0f}" fill="{INK}">{_e(_cut(str(name)))}</text>'
                f'<line x1="{a:.1f}" x2="{b:.1f}" y1="{y - 12:.0f}" y2="{y - 12:.0f}" '
                f'stroke="{INK}" stroke-width="3"/>'
                f'<circle cx="{m:.1f}" cy="{y - 12:.0f}" r="5" fill="#fff" stroke="{INK}" '
                f'stroke-width="2"/><text x="{b + 6:.1f}" y="{y - 8:.0f}" fill="{MUTED}">'
                f"{_e(number(mid, lang, 2))}</text></g>"
            )
        y += PAD
    return _svg(y + PAD, label, body)


def sankey_svg(spec: Mapping[str, Any], label: str, lang: str = "en") -> str:
    """The energy flows as one labelled bar each (source → target, width ∝ the median)."""
    trace = spec["data"][0]
    names = [str(n).split("<br>")[0] for n in trace["node"]["label"]]
    links = trace["link"]
    values = list(links["value"])
    top = max(values, default=1.0) or 1.0
    unit = str(trace.get("valuesuffix", "")).strip()
    body, y = [], 0.0
    for source, target, value in zip(links["source"], links["target"], values, strict=True):
        y += ROW + 4
        text = f"{names[source]} → {names[target]}"
        width = value / top * (WIDTH - LABEL_W - 110)
        shown = f"{number(value, lang, 2)} {unit}"
        body.append(
            f"<g><title>{_e(text)}: {_e(shown)}</title>"
            f'<text x="{PAD}" y="{y - 8:.0f}" fill="{INK}">{_e(_cut(text))}</text>'
            f'<rect x="{LABEL_W + PAD}" y="{y - 22:.0f}" width="{max(width, 1):.1f}" height="16" '
            f'fill="#93c5fd" stroke="{INK}" stroke-width="0.5"/>'
            f'<text x="{LABEL_W + PAD + width + 6:.1f}" y="{y - 8:.0f}" fill="{MUTED}">'
            f"{_e(shown)}</text></g>"
        )
    return _svg(y + PAD * 2, label, body)


def drivers_svg(spec: Mapping[str, Any], label: str, lang: str = "en") -> str:
    """Rank correlations as bars from a centre line, each named and numbered (−1 … +1)."""
    centre = LABEL_W + (WIDTH - LABEL_W) / 2
    half = (WIDTH - LABEL_W) / 2 - 60
    body, y = [f'<line x1="{centre}" x2="{centre}" y1="0" y2="100%" stroke="{LINE}"/>'], 0.0
    for trace in spec.get("data", ()):
        y += ROW
        body.append(f'<text x="{PAD}" y="{y - 6:.0f}" fill="{MUTED}" font-weight="600">'
                    f"{_e(trace.get('name', ''))}</text>")  # fmt: skip
        for name, rho in zip(trace["y"], trace["x"], strict=True):
            y += ROW
            end = centre + float(rho) * half
            x0, w = min(centre, end), abs(end - centre)
            body.append(
                f"<g><title>{_e(name)}: {float(rho):+.2f}</title>"
                f'<text x="{PAD + 12}" y="{y - 8:.0f}" fill="{INK}">'
                f"{_e(_cut(str(name), 38))}</text>"
                f'<rect x="{x0:.1f}" y="{y - 20:.0f}" width="{max(w, 1):.1f}" height="14" '
                f'fill="{"#fca5a5" if rho < 0 else "#86efac"}" stroke="{INK}" stroke-width="0.5"/>'
                f'<text x="{max(centre, end) + 6:.1f}" y="{y - 8:.0f}" fill="{MUTED}">'
                f"{float(rho):+.2f}</text></g>"
            )
    return _svg(y + PAD * 2, label, body)


def summaries(charts: Mapping[str, Any], lang: str = "en") -> dict[str, str]:
    """The numbers each chart shows, as one sentence a screen reader reads out."""
    found: dict[str, str] = {}
    for key, spec in charts.items():
        if not spec:
            continue
        parts: list[str] = []
        for trace in spec.get("data", ()):
            if trace.get("type") == "sankey":
                names = [str(n).split("<br>")[0] for n in trace["node"]["label"]]
                link = trace["link"]
                parts += [
                    f"{names[a]} → {names[b]}: {number(v, lang, 2)}"
                    for a, b, v in zip(link["source"], link["target"], link["value"], strict=True)
                ]
            else:
                head = f"{trace['name']}: " if trace.get("name") else ""
                parts += [
                    f"{head}{y} {number(float(x), lang, 2)}"
                    for y, x in zip(trace["y"], trace["x"], strict=True)
                ]
        found[key] = "; ".join(parts)
    return found
