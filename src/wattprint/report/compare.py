"""Several footprints side by side: a table of every output and a chart of the main ones.

Each run keeps its own numbers; the table only puts them in columns (each cell in the
display unit of the row's largest median, so a row reads in one unit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from wattprint.catalog.carbon_basis import footprint_basis, mixed_basis_note
from wattprint.chain.outputs import in_chart, label, ordered
from wattprint.chain.result import Footprint
from wattprint.quantity.display import axis_scale, display_scale, number
from wattprint.report.figures import PALETTE, Spec, base_layout

CHART_OUTPUTS = in_chart("compare")


@dataclass(frozen=True)
class CompareRow:
    """One output across runs: its label, the row's unit and one cell per run."""

    name: str
    label: str
    unit: str
    cells: tuple[str, ...]


def compare_rows(footprints: Sequence[Footprint | None], lang: str = "en") -> list[CompareRow]:
    """Every output any run has, as ``p50 (p5–p95)`` cells in one unit per row."""
    present = [fp for fp in footprints if fp is not None]
    names = ordered(dict.fromkeys(n for fp in present for n in fp.outputs))
    mixed = mixed_basis_note((footprint_basis(fp.sources) for fp in present), lang)
    rows = []
    for name in names:
        outs = [fp.outputs.get(name) if fp is not None else None for fp in footprints]
        known = [o for o in outs if o is not None]
        divisor, unit = display_scale(known[0].unit, max(o.p50 for o in known), lang)
        cells = tuple("—" if o is None else _cell(o.p5, o.p50, o.p95, divisor, lang) for o in outs)
        shown = label(name, lang)
        if mixed and name.startswith("carbon_"):
            shown = f"{shown} ({mixed})"  # a lifecycle figure beside a direct one
        rows.append(CompareRow(name, shown, unit, cells))
    return rows


def _cell(p5: float, p50: float, p95: float, divisor: float, lang: str) -> str:
    low, mid, high = (number(v / divisor, lang) for v in (p5, p50, p95))
    return f"{mid} ({low}–{high})"


def compare_figure(
    names: Sequence[str], footprints: Sequence[Footprint | None], lang: str = "en"
) -> Spec | None:
    """Medians with p5–p95 bars of the main outputs, one colour per run, one panel each."""
    outputs = [o for o in CHART_OUTPUTS if any(fp and o in fp.outputs for fp in footprints)]
    if not outputs:
        return None
    data: list[Spec] = []
    layout = base_layout(110 + 150 * len(outputs), margin={"l": 10, "r": 20, "t": 30, "b": 30})
    step = 1.0 / len(outputs)
    for k, output in enumerate(outputs, start=1):
        outs = [fp.outputs.get(output) if fp else None for fp in footprints]
        known = [o for o in outs if o is not None]
        divisor, unit = axis_scale(known[0].unit, max(o.p50 for o in known), lang)
        suffix = "" if k == 1 else str(k)
        for i, (run_name, out) in enumerate(zip(names, outs, strict=True)):
            if out is None:
                continue
            data.append({
                "type": "bar", "orientation": "h", "name": run_name, "legendgroup": run_name,
                "showlegend": k == 1, "y": [run_name], "x": [out.p50 / divisor],
                "marker": {"color": PALETTE[i % len(PALETTE)]},
                "error_x": {"type": "data", "symmetric": False,
                            "array": [(out.p95 - out.p50) / divisor],
                            "arrayminus": [(out.p50 - out.p5) / divisor], "color": "#334155"},
                "xaxis": f"x{suffix}", "yaxis": f"y{suffix}",
                "hovertemplate": "%{y}: %{x:.3~g} " + unit + "<extra></extra>",
            })  # fmt: skip
        top = 1 - (k - 1) * step
        layout[f"yaxis{suffix}"] = {"domain": [top - step + 0.08, top - 0.02],
                                    "anchor": f"x{suffix}", "automargin": True,
                                    "autorange": "reversed", "showticklabels": False}  # fmt: skip
        layout[f"xaxis{suffix}"] = {"anchor": f"y{suffix}", "rangemode": "tozero",
                                    "tickformat": ",~r",
                                    "gridcolor": "#e2e8f0", "automargin": True,
                                    "title": {"text": f"{label(output, lang)} ({unit})",
                                              "standoff": 2, "font": {"size": 12}}}  # fmt: skip
    layout["legend"] = {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}
    layout["barmode"] = "overlay"
    return {"data": data, "layout": layout}


# What a comparison may be normalised by: the run's totals key (or its duration in hours).
PER = ("run", "step", "token", "hour")


def per_unit(totals: Mapping[str, Any], duration_s: float | None, per: str) -> float | None:
    """How many of ``per`` a run did (steps, tokens, hours); None where it is not known."""
    if per == "run":
        return 1.0
    if per == "hour":
        return duration_s / 3600 if duration_s else None
    count = totals.get(f"{per}_count")
    return float(count) if isinstance(count, (int, float)) and count > 0 else None


def normalised(fp: Footprint | None, count: float | None) -> Footprint | None:
    """``fp`` with every output divided by ``count`` (absent where the count is unknown)."""
    if fp is None or count is None:
        return None
    outputs = {
        name: replace(o, p5=o.p5 / count, p50=o.p50 / count, p95=o.p95 / count)
        for name, o in fp.outputs.items()
    }
    return replace(fp, outputs=outputs)
