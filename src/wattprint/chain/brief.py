"""A footprint in brief: one line for ``repr()``, a compact table for ``str()``.

``repr(footprint)`` is ``<Footprint 'name' estimate: facility energy 44.1 GWh, carbon
17.7 kt CO2e (p50)>``; ``print(footprint)`` is a few lines, one per headline output with
p5 / p50 / p95 and unit. The full form is ``to_dict()`` / ``to_json()``; the reports
render everything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

TABLE = (
    ("accelerator_energy", "accelerator energy"),
    ("host_energy", "host energy"),
    ("it_energy", "IT energy"),
    ("facility_energy", "facility energy"),
    ("carbon_total", "carbon"),
    ("water_onsite", "water on site"),
    ("water_offsite", "water off site"),
    ("heat", "heat"),
    ("peak_power", "peak power"),
)
"""Outputs ``str()`` shows, in order, when the footprint has them."""


class Summary(Protocol):
    """An output's p5 / p50 / p95 and unit (``OutputSummary``)."""

    @property
    def p5(self) -> float: ...  # noqa: D102
    @property
    def p50(self) -> float: ...  # noqa: D102
    @property
    def p95(self) -> float: ...  # noqa: D102
    @property
    def unit(self) -> str: ...  # noqa: D102


def one_line(name: str, kind: str, outputs: Mapping[str, Summary]) -> str:
    """``<Footprint 'name' kind: energy ..., carbon ... (p50)>``."""
    energy = next((k for k in ("facility_energy", "it_energy") if k in outputs), None)
    parts = [
        f"{label} {_scaled(outputs[key].p50, outputs[key].unit)}"
        for key, label in (
            (energy, "facility energy" if energy == "facility_energy" else "IT energy"),
            ("carbon_total", "carbon"),
        )  # fmt: skip
        if key is not None and key in outputs
    ]
    headline = f": {', '.join(parts)} (p50)" if parts else f": {len(outputs)} outputs"
    return f"<Footprint {name!r} {kind}{headline}>"


def table(name: str, kind: str, outputs: Mapping[str, Summary]) -> str:
    """A compact text table of the headline outputs (p5 / p50 / p95, unit)."""
    rows = [(label, outputs[key]) for key, label in TABLE if key in outputs]
    width = max((len(label) for label, _ in rows), default=0)
    lines = [f"{name} ({kind})", f"  {'':<{width}}  {'p5':>9} {'p50':>9} {'p95':>9}"]
    lines += [
        f"  {label:<{width}}  {_num(s.p5):>9} {_num(s.p50):>9} {_num(s.p95):>9}  {s.unit}"
        for label, s in rows
    ]
    return "\n".join(lines)


def _num(value: float) -> str:
    return f"{value:.3g}"


LARGER = {
    "kWh": ((1e6, "GWh"), (1e3, "MWh")),
    "kg CO2e": ((1e6, "kt CO2e"), (1e3, "t CO2e")),
    "L": ((1e3, "m³"),),
}
"""Larger units for the one-line form, by the unit an output is kept in."""


def _scaled(value: float, unit: str) -> str:
    for factor, larger in LARGER.get(unit, ()):
        if abs(value) >= factor:
            return f"{_num(value / factor)} {larger}"
    return f"{_num(value)} {unit}"
