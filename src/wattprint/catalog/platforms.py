"""The systems accelerators ship in, and their nameplate power: the host share per accelerator.

A grid connection is sized for the nameplate of the servers, not for the GPU's TDP alone:
a DGX H100 is rated 10.2 kW for 8 GPUs, so each H100 SXM brings 10,200 / 8 − 700 = 575 W
of host (CPUs, memory, switches, NICs, fans, power-supply losses) with it.

- ``system_power_per_accelerator_w = system_max_power_w / accelerators_per_system``
- ``host_nameplate_per_accelerator_w = system_power_per_accelerator_w − accelerator TDP``
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from wattprint.catalog.table import Table, aliases, normalise, read_csv


@dataclass(frozen=True)
class Platform:
    """One server platform (a DGX/HGX system) and the accelerators it carries."""

    id: str
    aliases: tuple[str, ...]
    name: str
    accelerators: tuple[str, ...]
    accelerators_per_system: int
    system_max_power_w: float
    source: str
    year: str
    notes: str = ""

    @classmethod
    def from_record(cls, r: dict[str, str]) -> Platform:
        """Build from a CSV record."""
        per_system = int(r["accelerators_per_system"])
        power = float(r["system_max_power_w"])
        if per_system <= 0 or power <= 0:
            raise ValueError(f"{r['id']}: accelerators_per_system and power must be positive")
        return cls(
            id=r["id"],
            aliases=aliases(r),
            name=r.get("name", r["id"]),
            accelerators=tuple(a.strip() for a in r["accelerators"].split("|") if a.strip()),
            accelerators_per_system=per_system,
            system_max_power_w=power,
            source=r["source"],
            year=r["year"],
            notes=r.get("notes", ""),
        )

    @property
    def power_per_accelerator_w(self) -> float:
        """The system's nameplate divided over its accelerators (DGX H100: 1,275 W)."""
        return self.system_max_power_w / self.accelerators_per_system


@cache
def platforms() -> Table[Platform]:
    """Server platforms with their nameplate power."""
    return read_csv("platforms.csv", Platform.from_record, "platform")


def platform_for(accelerator_id: str) -> Platform | None:
    """The platform an accelerator row ships in, or None when the catalog has none."""
    folded = normalise(accelerator_id)
    for row in platforms():
        if any(normalise(a) == folded for a in row.accelerators):
            return row
    return None
