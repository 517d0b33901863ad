"""A static SVG preview of a line chart, drawn on the server from the same plotly spec.

The run page shows it at first paint, before the chart library has loaded (parsing
plotly.js takes about a second on a browser's first visit); the interactive chart
replaces it. No number is computed here: only the spec's own x/y, scaled to the box.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

WIDTH, HEIGHT, PAD = 800, 220, 6


def line_preview_svg(spec: Mapping[str, Any], label: str = "") -> str:
    """SVG markup with one polyline per line trace of ``spec`` (empty string if none)."""
    traces = [
        t
        for t in spec.get("data", ())
        if t.get("mode") == "lines" and len(t.get("x") or ()) > 1 and len(t.get("y") or ()) > 1
    ]
    if not traces:
        return ""
    xs = [float(x) for t in traces for x in t["x"]]
    ys = [float(y) for t in traces for y in t["y"]]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(0.0, min(ys)), max(ys)
    lines = [_polyline(t, (x0, x1), (y0, y1)) for t in traces]
    title = html.escape(label, quote=True)
    return (
        f'<svg class="chart-preview" role="img" aria-label="{title}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(lines)}</svg>'
    )


def _polyline(trace: Mapping[str, Any], xr: tuple[float, float], yr: tuple[float, float]) -> str:
    color = html.escape(str((trace.get("line") or {}).get("color", "#2563eb")), quote=True)
    name = html.escape(str(trace.get("name", "")))
    points = " ".join(
        f"{_scale(float(x), xr, WIDTH):.1f},{HEIGHT - _scale(float(y), yr, HEIGHT):.1f}"
        for x, y in zip(trace["x"], trace["y"], strict=False)
    )
    return (
        f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{points}">'
        f"<title>{name}</title></polyline>"
    )


def _scale(value: float, bounds: tuple[float, float], size: int) -> float:
    low, high = bounds
    span = high - low or 1.0
    return PAD + (value - low) / span * (size - 2 * PAD)
