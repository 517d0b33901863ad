"""The published runs table (``published_runs.csv``), read into typed rows.

Each row is one published training run or inference figure; SOURCES.md explains the
columns and every caveat. Empty cells are ``None``: not reported, or not confirmed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS_CSV = HERE / "published_runs.csv"

ENERGY_BASES = ("gpu", "it", "facility", "unknown", "")
HOST_BOUNDARIES = ("none", "in_power", "yes", "")
ROLES = ("calibrate", "test")


@dataclass(frozen=True)
class PublishedRun:
    """One row of ``published_runs.csv`` as the validation uses it (units as in the columns).

    The citation columns (source, section, year, notes) stay in the CSV and SOURCES.md.
    """

    id: str
    kind: str
    role: str
    accelerator: str
    energy_basis: str
    host_in_reported: str
    parameters: float | None = None
    active_parameters: float | None = None
    tokens: float | None = None
    accelerator_count: float | None = None
    duration_days: float | None = None
    accelerator_hours: float | None = None
    power_w: float | None = None
    pue: float | None = None
    grid_ci_g_per_kwh: float | None = None
    reported_energy_mwh: float | None = None
    reported_co2e_t: float | None = None
    energy_per_unit_wh: float | None = None
    unit: str = ""
    site_facility: str = ""
    site_grid: str = ""
    tokens_per_unit: str = ""
    utilisation: float | None = None

    @property
    def active(self) -> float | None:
        """Parameters that do work per token (active ones for MoE)."""
        return self.active_parameters or self.parameters

    @property
    def reported_hours(self) -> float | None:
        """Accelerator-hours as reported, or count × duration where only those are."""
        if self.accelerator_hours is not None:
            return self.accelerator_hours
        if self.accelerator_count is not None and self.duration_days is not None:
            return self.accelerator_count * self.duration_days * 24.0
        return None


def _number(text: str, column: str, row_id: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            f"{RUNS_CSV.name}: row {row_id}, column {column}: not a number: {text!r}"
        ) from None


def _choice(text: str, allowed: tuple[str, ...], column: str, row_id: str) -> str:
    if text not in allowed:
        raise ValueError(
            f"{RUNS_CSV.name}: row {row_id}, column {column}: {text!r} is not one of {allowed}"
        )
    return text


def parse_row(row: dict[str, str]) -> PublishedRun:
    """One CSV row (a DictReader mapping) as a :class:`PublishedRun`."""
    rid = row["id"]

    def num(column: str) -> float | None:
        return _number(row.get(column, ""), column, rid)

    return PublishedRun(
        id=rid,
        kind=_choice(row["kind"], ("training", "inference"), "kind", rid),
        role=_choice(row["role"], ROLES, "role", rid),
        accelerator=row["accelerator"].strip(),
        energy_basis=_choice(row["energy_basis"], ENERGY_BASES, "energy_basis", rid),
        host_in_reported=_choice(
            row.get("host_in_reported", ""), HOST_BOUNDARIES, "host_in_reported", rid
        ),
        parameters=num("parameters"),
        active_parameters=num("active_parameters"),
        tokens=num("tokens"),
        accelerator_count=num("accelerator_count"),
        duration_days=num("duration_days"),
        accelerator_hours=num("accelerator_hours"),
        power_w=num("power_w_per_accelerator"),
        pue=num("pue"),
        grid_ci_g_per_kwh=num("grid_ci_g_per_kwh"),
        reported_energy_mwh=num("reported_energy_mwh"),
        reported_co2e_t=num("reported_co2e_t"),
        energy_per_unit_wh=num("energy_per_unit_wh"),
        unit=row.get("unit", "").strip(),
        site_facility=row.get("site_facility", "").strip(),
        site_grid=row.get("site_grid", "").strip(),
        tokens_per_unit=row.get("tokens_per_unit", "").strip(),
        utilisation=num("utilisation"),
    )


def load_runs(path: Path = RUNS_CSV) -> list[PublishedRun]:
    """Every row of the table, in file order."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [parse_row(row) for row in csv.DictReader(handle)]
