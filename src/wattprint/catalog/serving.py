"""Sourced figures for serving models: idle and busy power, host idle, TP loss, bandwidth.

Read from ``serving_power.csv`` (same columns as ``defaults.csv``: name, dist, low, mode,
high, unit, source, year, notes). A row named ``idle_power_w:<accelerator id>`` gives a
device's measured idle draw; without one, idle = ``idle_power_share_of_tdp`` × TDP.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from wattprint.catalog.resolve import Resolved, _default_ref, _default_uncertain
from wattprint.catalog.rows import Default
from wattprint.catalog.table import Table, read_csv
from wattprint.errors import CatalogLookupError


@cache
def serving_figures() -> Table[Default]:
    """The serving table (``catalog/data/serving_power.csv``)."""
    return read_csv("serving_power.csv", Default.from_record, "serving figure")


def serving_value(name: str, used_for: str, dimension: str) -> Resolved:
    """One serving figure as an uncertain value in base units, with its source."""
    row = serving_figures().get(name)
    source = _default_ref(row, used_for)
    note = source.note
    if "[shaky]" in row.notes and not note:
        note = "shaky: secondary source or derived figure"
    return Resolved(
        _default_uncertain(row, dimension), replace(source, ref=f"serving:{row.id}", note=note)
    )


def measured_idle(accelerator_id: str, used_for: str) -> Resolved | None:
    """A device's own idle-power row, when the table has one."""
    try:
        return serving_value(f"idle_power_w:{accelerator_id}", used_for, "power")
    except CatalogLookupError:
        return None
