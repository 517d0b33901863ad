"""A measured run's power over time, per device, with step and phase markers.

Input rows are the store's own records (already downsampled on the server); the figure
plots them as they are, with time counted from the run's start.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wattprint.quantity.words import word
from wattprint.report.figures import PALETTE, Spec, base_layout
from wattprint.store.records import PhaseRow, SampleRow, StepRow

MAX_STEP_MARKERS = 400
PHASE_FILL = ("rgba(37,99,235,0.07)", "rgba(22,163,74,0.08)", "rgba(245,158,11,0.09)")


def _device_traces(samples: Sequence[SampleRow], start_s: float) -> list[Spec]:
    series: dict[str, tuple[list[float], list[float]]] = {}
    for row in samples:
        if row.power_w is None:
            continue
        xs, ys = series.setdefault(row.device, ([], []))
        xs.append(round(row.t - start_s, 3))
        ys.append(row.power_w)
    return [
        {
            "type": "scattergl" if len(xs) > 5000 else "scatter",
            "mode": "lines",
            "name": device,
            "x": xs,
            "y": ys,
            "line": {"width": 1.6, "color": PALETTE[i % len(PALETTE)]},
            "hovertemplate": "%{x:.1f} s: %{y:.1f} W<extra>" + device + "</extra>",
        }
        for i, (device, (xs, ys)) in enumerate(sorted(series.items()))
    ]


def _step_trace(steps: Sequence[StepRow], start_s: float, lang: str) -> Spec | None:
    if not steps:
        return None
    stride = max(1, -(-len(steps) // MAX_STEP_MARKERS))
    shown = list(steps[::stride])
    return {
        "type": "scatter",
        "mode": "markers",
        "name": word("steps", lang),
        "x": [round(s.t - start_s, 3) for s in shown],
        "y": [0.0] * len(shown),
        "yaxis": "y2",
        "marker": {"symbol": "line-ns-open", "size": 10, "color": "#64748b"},
        "customdata": [s.step for s in shown],
        "hovertemplate": word("step", lang) + " %{customdata} · %{x:.1f} s<extra></extra>",
    }


def _phase_shapes(
    phases: Sequence[PhaseRow], start_s: float, end_s: float
) -> tuple[list[Spec], list[Spec]]:
    shapes: list[Spec] = []
    notes: list[Spec] = []
    for i, ph in enumerate(phases):
        x0 = ph.start_t - start_s
        x1 = (ph.end_t if ph.end_t is not None else end_s) - start_s
        shapes.append({
            "type": "rect", "xref": "x", "yref": "paper", "x0": x0, "x1": x1, "y0": 0, "y1": 1,
            "fillcolor": PHASE_FILL[i % len(PHASE_FILL)], "line": {"width": 0}, "layer": "below",
        })  # fmt: skip
        notes.append({
            "x": (x0 + x1) / 2, "y": 1.0, "xref": "x", "yref": "paper", "yanchor": "bottom",
            "text": ph.name, "showarrow": False, "font": {"size": 11, "color": "#475569"},
        })  # fmt: skip
    return shapes, notes


def _projection_marks(projection: Mapping[str, Any], start_s: float, lang: str) -> list[Spec]:
    """A dashed line at the projected end (``duration_p50_s``, or ``end_t`` in unix seconds)."""
    at = projection.get("duration_p50_s")
    if not isinstance(at, (int, float)):
        end_t = projection.get("end_t")
        at = end_t - start_s if isinstance(end_t, (int, float)) else None
    if at is None:
        return []
    return [{
        "type": "line", "xref": "x", "yref": "paper", "x0": at, "x1": at, "y0": 0, "y1": 1,
        "line": {"dash": "dash", "color": "#dc2626", "width": 1.5},
        "name": word("projection", lang),
    }]  # fmt: skip


def power_figure(
    samples: Sequence[SampleRow],
    steps: Sequence[StepRow],
    phases: Sequence[PhaseRow],
    start_s: float,
    lang: str = "en",
    projection: Mapping[str, Any] | None = None,
) -> Spec:
    """Power per device over time, phases as shaded bands, steps as ticks at the bottom.

    Args:
        samples: Sample rows (downsampled by the store).
        steps: Step rows; at most :data:`MAX_STEP_MARKERS` are drawn, evenly spaced.
        phases: Phase rows; an open phase runs to the last sample.
        start_s: The run's start (unix seconds): time zero of the x axis.
        lang: ``"en"`` or ``"zh"``.
        projection: The run's stored projection, when it has one (its ``end_t`` is
            drawn as a dashed line).
    """
    data = _device_traces(samples, start_s)
    step_trace = _step_trace(steps, start_s, lang)
    if step_trace is not None:
        data.append(step_trace)
    end_s = max((s.t for s in samples), default=start_s)
    shapes, notes = _phase_shapes(phases, start_s, end_s)
    if projection:
        shapes += _projection_marks(projection, start_s, lang)
    layout = base_layout(
        340,
        margin={"l": 10, "r": 10, "t": 24, "b": 40},
        xaxis={"title": {"text": word("time_s", lang)}, "gridcolor": "#e2e8f0",
               "zeroline": False, "automargin": True},
        yaxis={"title": {"text": word("power_w", lang)}, "gridcolor": "#e2e8f0",
               "rangemode": "tozero", "automargin": True, "tickformat": ",~r"},
        yaxis2={"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True},
        legend={"orientation": "h", "y": -0.22},
        shapes=shapes,
        annotations=notes,
        hovermode="closest",
    )  # fmt: skip
    return {"data": data, "layout": layout}
