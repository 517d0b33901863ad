"""The run page's static chart preview: the spec's own points, scaled, and escaped."""

from __future__ import annotations

import re

from wattprint.report.preview import HEIGHT, PAD, WIDTH, line_preview_svg


def spec(*traces: dict[str, object]) -> dict[str, object]:
    return {"data": list(traces), "layout": {}}


def test_points_are_the_specs_own_scaled_to_the_box() -> None:
    svg = line_preview_svg(
        spec(
            {
                "mode": "lines",
                "name": "gpu0",
                "x": [0, 10],
                "y": [0, 300],
                "line": {"color": "#123456"},
            }
        )  # fmt: skip
    )
    points = re.search(r'points="([^"]+)"', svg)
    assert points is not None
    # x 0 -> PAD, x 10 -> WIDTH - PAD; y 0 -> HEIGHT - PAD, y 300 (the max) -> PAD
    assert points.group(1) == f"{PAD:.1f},{HEIGHT - PAD:.1f} {WIDTH - PAD:.1f},{PAD:.1f}"
    assert 'stroke="#123456"' in svg
    assert svg.startswith('<svg class="chart-preview"')


def test_one_polyline_per_line_trace_and_markers_are_left_out() -> None:
    svg = line_preview_svg(
        spec(
            {"mode": "lines", "name": "a", "x": [0, 1], "y": [1, 2]},
            {"mode": "lines", "name": "b", "x": [0, 1], "y": [2, 3]},
            {"mode": "markers", "name": "steps", "x": [0, 1], "y": [0, 0]},
        )
    )
    assert svg.count("<polyline") == 2


def test_names_are_escaped() -> None:
    svg = line_preview_svg(
        spec({"mode": "lines", "name": "<script>alert(1)</script>", "x": [0, 1], "y": [1, 2]}),
        label='"><script>',
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_nothing_to_draw_gives_nothing() -> None:
    assert line_preview_svg(spec()) == ""
    assert line_preview_svg(spec({"mode": "lines", "x": [1], "y": [2]})) == ""
