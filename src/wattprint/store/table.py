"""Runs as flat rows: one ``dict`` per run that goes straight into ``pandas.DataFrame``.

Every value is a plain number, string, bool or None; units are in the column names
(``energy_j``, ``carbon_total_p50_kg_co2e``). The headline outputs of a stored footprint
come with p5 / p50 / p95 and their **boundary**, the text of what the figure includes,
so a table of runs is never read as a different quantity than it is. pandas is not
needed (nor imported): ``pandas.DataFrame(rows)`` is the reader's step.
"""

from __future__ import annotations

from typing import Any

from wattprint.store.records import RunRecord

HEADLINES: dict[str, tuple[str, str]] = {
    "it_energy": (
        "kwh",
        "energy the measured devices drew (IT equipment: accelerators and host as listed)",
    ),
    "facility_energy": (
        "kwh",
        "IT energy x the facility's PUE (adds cooling and power conversion)",
    ),
    "carbon_total": (
        "kg_co2e",
        "operational (facility energy x grid intensity) + embodied (hardware manufacture, "
        "share of its life used)",
    ),
    "water_onsite": ("l", "water the facility's cooling consumes (IT energy x WUE)"),
    "water_offsite": (
        "l",
        "water consumed generating the electricity (facility energy x the grid's water "
        "intensity); not summed with on-site water",
    ),
}
"""Output -> (unit suffix of its columns, boundary: what the figure includes)."""

RUN_FIELDS = (
    "id", "name", "kind", "status", "started_at", "ended_at", "duration_s", "host", "pid",
    "region", "facility", "exit_code", "sample_count", "step_count",
)  # fmt: skip
TOTALS = ("energy_j", "energy_low_j", "energy_high_j", "accelerator_energy_j", "host_energy_j",
          "peak_power_w", "token_count", "energy_per_step_j", "energy_per_token_j")  # fmt: skip


def run_row(record: RunRecord) -> dict[str, Any]:
    """One flat row: run fields, totals, ``tag.KEY`` columns and headline outputs."""
    row: dict[str, Any] = {name: getattr(record, name) for name in RUN_FIELDS}
    row["command"] = None if record.command is None else " ".join(record.command)
    for key in TOTALS:
        value = record.totals.get(key)
        row[key] = value if isinstance(value, (int, float)) else None
    for key, value in record.tags.items():
        row[f"tag.{key}"] = value
    row.update(headline_columns(record.footprint))
    return row


def headline_columns(footprint: dict[str, Any] | None) -> dict[str, Any]:
    """``{output}_p5_{unit}`` ... and ``{output}_boundary`` for each headline output."""
    outputs = (footprint or {}).get("outputs", {})
    columns: dict[str, Any] = {}
    for name, (unit, boundary) in HEADLINES.items():
        summary = outputs.get(name)
        for p in ("p5", "p50", "p95"):
            columns[f"{name}_{p}_{unit}"] = None if summary is None else summary.get(p)
        columns[f"{name}_boundary"] = boundary if summary is not None else None
    return columns


def headline_outputs(footprint: dict[str, Any] | None) -> dict[str, Any]:
    """The headline outputs as nested objects, for JSON: ``{output: {p5, p50, p95, unit,
    basis, boundary}}`` (``runs list --json``)."""
    outputs = (footprint or {}).get("outputs", {})
    return {
        name: {
            **{k: outputs[name].get(k) for k in ("p5", "p50", "p95", "unit", "basis")},
            "boundary": boundary,
        }
        for name, (_, boundary) in HEADLINES.items()
        if name in outputs
    }


def listing_item(record: RunRecord) -> dict[str, Any]:
    """A run as ``runs list --json`` gives it: every stored field but the footprint, and
    its headline outputs with their boundaries (``outputs``)."""
    return {**record.to_dict(footprint=False), "outputs": headline_outputs(record.footprint)}
