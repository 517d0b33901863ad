"""Packaged reference data: accelerators, grids, facilities, defaults, constants, loads.

Each table is read from a CSV shipped in the wheel, once, on first use; every row carries
its source and year. Nothing here touches the network.
"""

from __future__ import annotations

from functools import cache

from wattprint.catalog.rows import (
    PRECISIONS,
    Accelerator,
    Constant,
    Default,
    Facility,
    GridRegion,
    ReferenceLoad,
)
from wattprint.catalog.table import CatalogDataError, Table, normalise, read_csv

__all__ = [
    "PRECISIONS",
    "Accelerator",
    "CatalogDataError",
    "Constant",
    "Default",
    "Facility",
    "GridRegion",
    "ReferenceLoad",
    "Table",
    "accelerators",
    "constant",
    "constants",
    "default",
    "defaults",
    "facilities",
    "grids",
    "normalise",
    "reference_loads",
]


@cache
def accelerators() -> Table[Accelerator]:
    """The accelerator catalog."""
    return read_csv("accelerators.csv", Accelerator.from_record, "accelerator")


@cache
def grids() -> Table[GridRegion]:
    """Grid regions with carbon intensity and water per kWh."""
    return read_csv("grids.csv", GridRegion.from_record, "grid")


@cache
def facilities() -> Table[Facility]:
    """Facility PUE / WUE rows."""
    return read_csv("facilities.csv", Facility.from_record, "facility")


@cache
def defaults() -> Table[Default]:
    """Model defaults (utilisation, host overhead, embodied carbon ...).

    ``defaults_cluster.csv`` (network fabric share, design-day PUE) and
    ``defaults_heat.csv`` (heat-pump temperatures and Carnot share) are read into the same
    table.
    """
    rows = [
        *read_csv("defaults.csv", Default.from_record, "default"),
        *read_csv("defaults_cluster.csv", Default.from_record, "default"),
        *read_csv("defaults_heat.csv", Default.from_record, "default"),
    ]
    return Table("default", rows)


@cache
def constants() -> Table[Constant]:
    """Physical constants and comparison figures (``constants_heat.csv``: heating seasons)."""
    rows = [
        *read_csv("constants.csv", Constant.from_record, "constant"),
        *read_csv("constants_heat.csv", Constant.from_record, "constant"),
    ]
    return Table("constant", rows)


@cache
def reference_loads() -> Table[ReferenceLoad]:
    """Grid loads to compare a cluster with."""
    return read_csv("reference_loads.csv", ReferenceLoad.from_record, "reference_load")


def default(name: str) -> Default:
    """One model default by name."""
    return defaults().get(name)


def constant(name: str) -> Constant:
    """One constant by name."""
    return constants().get(name)
