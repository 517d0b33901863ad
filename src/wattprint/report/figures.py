"""Charts of a footprint as plotly figure specs (plain dicts: ``{"data", "layout"}``).

Plain dicts, not ``plotly.graph_objects``: the specs are JSON the HTML report embeds and
the dashboard's API returns, and building them needs no plotly import. Every plotted
value is one the Footprint holds, divided into a display unit; the Sankey's flows
(facility overhead, rejected heat) are chain outputs too, computed per sample. Which
outputs a chart shows comes from the outputs table (``charts`` and ``sankey`` columns).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from wattprint.chain.outputs import find, in_chart, label, ordered, sankey_nodes
from wattprint.chain.result import Footprint
from wattprint.quantity.display import axis_scale, energy_scale, number
from wattprint.quantity.words import word
from wattprint.report.text import short_input
from wattprint.report.view import first_present

Spec = dict[str, Any]

FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
COLOURS = {
    "node_grid": "#64748b",
    "node_overhead": "#f59e0b",
    "node_it": "#2563eb",
    "node_accelerators": "#7c3aed",
    "node_hosts": "#0d9488",
    "node_heat": "#dc2626",
    "node_recovered": "#16a34a",
    "node_rejected": "#ea580c",
}
PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#7c3aed", "#f59e0b", "#0d9488", "#db2777")
NODE_OUTPUTS = sankey_nodes()  # node word -> the output whose median is its flow
DRIVER_OUTPUTS = in_chart("drivers")


def base_layout(height: int, **extra: Any) -> Spec:
    """Layout shared by every chart: font, margins, transparent background."""
    return {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        "font": {"family": FONT, "size": 13, "color": "#1e293b"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        **extra,
    }


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


class _Flows:
    """Nodes and links of a Sankey, added by phrase key."""

    def __init__(self, lang: str, divisor: float) -> None:
        self.lang = lang
        self.divisor = divisor
        self.keys: list[str] = []
        self.links: list[tuple[int, int, float]] = []
        self.amounts: dict[str, float] = {}

    def node(self, key: str) -> int:
        if key not in self.keys:
            self.keys.append(key)
        return self.keys.index(key)

    def flow(self, fp: Footprint, source: str, target: str) -> bool:
        """Link ``source`` -> ``target`` with the median of ``target``'s output, if any."""
        out = fp.outputs.get(NODE_OUTPUTS[target])
        if out is None or out.p50 <= 0:
            return False
        self.links.append((self.node(source), self.node(target), out.p50 / self.divisor))
        return True

    def labels(self, fp: Footprint, unit: str) -> list[str]:
        """Node names with their energy: the median of the node's output."""
        texts = []
        for key in self.keys:
            out = fp.outputs.get(NODE_OUTPUTS.get(key, ""))
            value = "" if out is None else f"<br>{number(out.p50 / self.divisor, self.lang)} {unit}"
            texts.append(word(key, self.lang) + value)
        return texts


def _energy_flows(fp: Footprint, flows: _Flows) -> list[str]:
    """Grid -> overhead / IT -> accelerators, hosts; returns the nodes that become heat."""
    to_heat = ["node_overhead"] if flows.flow(fp, "node_grid", "node_overhead") else []
    if not flows.flow(fp, "node_grid", "node_it"):
        return to_heat
    parts = [k for k in ("node_accelerators", "node_hosts") if flows.flow(fp, "node_it", k)]
    return to_heat + (parts or ["node_it"])


def sankey(fp: Footprint, lang: str = "en") -> Spec | None:
    """Energy from the grid through overhead, hosts and accelerators to heat.

    Returns:
        A plotly spec, or ``None`` when the footprint has no IT or facility energy.
    """
    reference = first_present(fp, ("facility_energy", "it_energy"))
    if reference is None or "facility_energy" not in fp.outputs:
        return None
    divisor, unit = energy_scale(fp[reference].p50, lang)
    flows = _Flows(lang, divisor)
    for key in _energy_flows(fp, flows):
        out = fp.outputs.get(NODE_OUTPUTS[key])
        if "heat" in fp.outputs and out is not None and out.p50 > 0:
            flows.links.append((flows.node(key), flows.node("node_heat"), out.p50 / divisor))
    if "heat" in fp.outputs:
        flows.flow(fp, "node_heat", "node_recovered")
        flows.flow(fp, "node_heat", "node_rejected")
    colours = [COLOURS.get(k, "#94a3b8") for k in flows.keys]
    trace = {
        "type": "sankey",
        "arrangement": "snap",
        "valueformat": ".3~g",
        "valuesuffix": f" {unit}",
        "node": {
            "label": flows.labels(fp, unit),
            "color": colours,
            "pad": 18,
            "thickness": 18,
            "line": {"width": 0},
        },
        "link": {
            "source": [s for s, _, _ in flows.links],
            "target": [t for _, t, _ in flows.links],
            "value": [v for _, _, v in flows.links],
            "color": [_rgba(colours[s], 0.35) for s, _, _ in flows.links],
        },
    }
    return {
        "data": [trace],
        "layout": base_layout(360, margin={"l": 10, "r": 10, "t": 10, "b": 10}),
    }


def _groups(fp: Footprint) -> dict[str, list[str]]:
    """Outputs by unit; the physics rows (Landauer floor, energy per FLOP) on axes of their
    own, so the energy axis does not stretch over eight decades to reach them."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in ordered(fp.outputs):
        if fp[name].p50 > 0:
            row = find(name)
            physics = row is not None and row.boundary == "physics"
            groups[fp[name].unit + (" physics" if physics else "")].append(name)
    return dict(groups)


def _band_trace(fp: Footprint, names: list[str], axis: int, lang: str) -> tuple[Spec, str]:
    divisor, unit = axis_scale(fp[names[0]].unit, max(fp[n].p50 for n in names), lang)
    outs = [fp[n] for n in names]
    suffix = "" if axis == 1 else str(axis)
    trace = {
        "type": "scatter",
        "mode": "markers",
        "orientation": "h",
        "x": [o.p50 / divisor for o in outs],
        "y": [label(n, lang) for n in names],
        "marker": {"size": 9, "color": PALETTE[(axis - 1) % len(PALETTE)]},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [(o.p95 - o.p50) / divisor for o in outs],
            "arrayminus": [(o.p50 - o.p5) / divisor for o in outs],
            "thickness": 3,
            "width": 6,
        },
        "customdata": [[o.p5 / divisor, o.p95 / divisor] for o in outs],
        "hovertemplate": "%{y}<br>p50 %{x:.3~g} " + unit
        + "<br>p5–p95 %{customdata[0]:.3~g} – %{customdata[1]:.3~g}<extra></extra>",
        "xaxis": f"x{suffix}",
        "yaxis": f"y{suffix}",
        "showlegend": False,
    }  # fmt: skip
    return trace, unit


def _x_axis(low: float, high: float, unit: str, suffix: str) -> Spec:
    """Log axis when ``low``..``high`` spans more than a factor of 20, else linear from 0."""
    axis: Spec = {
        "anchor": f"y{suffix}",
        "title": {"text": unit, "standoff": 4, "font": {"size": 12, "color": "#64748b"}},
        "gridcolor": "#e2e8f0",
        "automargin": True,
        "tickfont": {"size": 11},
    }
    # ticks are plain numbers in the axis title's unit: never "2m Wh" or "20n m3"
    if low > 0 and high / low > 20:  # medians far apart: decades
        axis.update(type="log", dtick=1, tickformat=",~r")
    else:
        axis.update(type="linear", rangemode="tozero", nticks=8, tickformat=",~r")
    return axis


def bands(fp: Footprint, lang: str = "en") -> Spec | None:
    """Every positive output as its median with a p5–p95 bar, one x axis per unit.

    An axis is logarithmic where its outputs span more than a factor of 20 (so the
    physics floor and the grid's energy fit on one axis), else linear from zero.
    """
    groups = _groups(fp)
    if not groups:
        return None
    row_px, gap_px, pad_px = 30, 78, 10
    height = sum(len(n) for n in groups.values()) * row_px + len(groups) * gap_px + pad_px
    layout = base_layout(height, margin={"l": 10, "r": 24, "t": 10, "b": 10})
    data = []
    top = 1.0
    for axis, names in enumerate(groups.values(), start=1):
        trace, unit = _band_trace(fp, names, axis, lang)
        data.append(trace)
        span = (len(names) * row_px + gap_px) / height
        suffix = "" if axis == 1 else str(axis)
        bottom = max(0.0, top - span)
        layout[f"yaxis{suffix}"] = {
            "domain": [bottom + gap_px / height * 0.8, top],
            "anchor": f"x{suffix}",
            "automargin": True,
            "autorange": "reversed",
            "tickfont": {"size": 12},
        }
        low, high = (
            min(trace["x"]),
            max(p + e for p, e in zip(trace["x"], trace["error_x"]["array"], strict=True)),
        )
        layout[f"xaxis{suffix}"] = _x_axis(low, high, unit, suffix)
        top = bottom
    return {"data": data, "layout": layout}


def drivers_chart(fp: Footprint, lang: str = "en") -> Spec | None:
    """Rank correlations of the uncertain inputs with the main outputs, as grouped bars."""
    names = [n for n in DRIVER_OUTPUTS if n in fp.outputs and fp[n].drivers]
    if not names:
        names = [n for n in ordered(fp.outputs) if fp[n].drivers][:4]
    if not names:
        return None
    inputs: list[str] = []
    for name in names:
        inputs += [
            short_input(d.input, lang)
            for d in fp[name].drivers
            if short_input(d.input, lang) not in inputs
        ]
    data = []
    for i, name in enumerate(names):
        by_input = {short_input(d.input, lang): d.rank_correlation for d in fp[name].drivers}
        data.append({
            "type": "bar",
            "orientation": "h",
            "name": label(name, lang),
            "y": [k for k in inputs if k in by_input],
            "x": [by_input[k] for k in inputs if k in by_input],
            "marker": {"color": PALETTE[i % len(PALETTE)]},
            "hovertemplate": "%{y}: %{x:+.2f}<extra>" + label(name, lang) + "</extra>",
        })  # fmt: skip
    layout = base_layout(
        max(220, 60 + 26 * len(inputs) * len(names) // 2 + 40),
        barmode="group",
        xaxis={"range": [-1.05, 1.05], "zeroline": True, "zerolinecolor": "#94a3b8",
               "gridcolor": "#e2e8f0", "title": {"text": word("rank_correlation", lang)}},
        yaxis={"automargin": True, "autorange": "reversed", "categoryorder": "array",
               "categoryarray": inputs},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        margin={"l": 10, "r": 10, "t": 40, "b": 50},
    )  # fmt: skip
    return {"data": data, "layout": layout}
