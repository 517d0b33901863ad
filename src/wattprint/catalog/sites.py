"""Data centres that export (or plan to export) waste heat: ``heat_reuse_sites.csv``.

Each row keeps the public figures a source gives (IT power, heat recovered, area or
homes heated, PUE) and leaves the rest empty; a row whose ``source`` starts with
``NOT FOUND`` records a search that found no public figure, so an example scenario
can say so instead of inventing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from wattprint.catalog.table import Table, num, read_csv


@dataclass(frozen=True)
class HeatReuseSite:
    """One data centre's published heat-reuse figures (empty where none was found)."""

    id: str
    name: str
    name_zh: str
    operator: str
    location: str
    grid_code: str
    it_power_mw: float | None
    heat_recovered_mw: float | None
    heated_area_m2: float | None
    homes_heated: float | None
    heat_recovered_mwh_per_year: float | None
    pue: float | None
    source: str
    year: str
    notes: str = ""
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_record(cls, r: dict[str, str]) -> HeatReuseSite:
        """Build from a CSV record."""
        return cls(
            id=r["id"],
            name=r.get("name", r["id"]),
            name_zh=r.get("name_zh", ""),
            operator=r.get("operator", ""),
            location=r.get("location", ""),
            grid_code=r.get("grid_code", ""),
            it_power_mw=num(r, "it_power_mw"),
            heat_recovered_mw=num(r, "heat_recovered_mw"),
            heated_area_m2=num(r, "heated_area_m2"),
            homes_heated=num(r, "homes_heated"),
            heat_recovered_mwh_per_year=num(r, "heat_recovered_mwh_per_year"),
            pue=num(r, "pue"),
            source=r["source"],
            year=r["year"],
            notes=r.get("notes", ""),
        )

    @property
    def found(self) -> bool:
        """False when the catalog records a search that found no public figure."""
        return not self.source.upper().startswith("NOT FOUND")


@cache
def heat_reuse_sites() -> Table[HeatReuseSite]:
    """Data centres with published (or searched-for) heat-reuse figures."""
    return read_csv("heat_reuse_sites.csv", HeatReuseSite.from_record, "heat_reuse_site")
