"""Catalog rows turned into inputs for the chain: an uncertain value plus where it came from.

Both producers (estimate and measure) resolve grids, facilities, defaults and constants
here, so a measured run and an estimate that name the same region use the same figure
and cite the same source.
"""

from __future__ import annotations

from dataclasses import dataclass

from wattprint.catalog import constants, defaults, facilities, grids
from wattprint.catalog.carbon_basis import basis_label, basis_statement, basis_warning
from wattprint.catalog.rows import Default
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.uncertain import Uncertain
from wattprint.quantity.units import parse_quantity

DEFAULT_GRID = "WORLD"
"""The grid used, with a warning, when none is named."""


@dataclass(frozen=True)
class Resolved:
    """An input value (possibly uncertain) and the source it came from (None if user-given)."""

    value: Uncertain
    source: SourceRef | None = None


def default_value(name: str, used_for: str, dimension: str) -> Resolved:
    """A model default from ``defaults.csv`` as an uncertain value in base units."""
    row = defaults().get(name)
    return Resolved(_default_uncertain(row, dimension), _default_ref(row, used_for))


def _to_base(x: float, unit: str, dimension: str) -> float:
    # "raw" keeps the row's own unit (e.g. "kg CO2e per kWh heat"), named by the caller
    if not unit or unit == "1" or dimension == "raw":
        return x
    return parse_quantity(f"{x!r} {unit}", dimension, field=f"defaults.{unit}")


def _default_uncertain(row: Default, dimension: str) -> Uncertain:
    def base(x: float | None) -> float:
        if x is None:
            raise ValueError(f"default {row.id} lacks a value for dist {row.dist}")
        return _to_base(x, row.unit, dimension)

    text = f"{row.id} default"
    if row.dist == "fixed":
        return Uncertain.fixed(base(row.mode if row.mode is not None else row.low), dimension, text)
    if row.dist == "uniform":
        return Uncertain.between(base(row.low), base(row.high), dimension, text)
    if row.dist == "loguniform":
        return Uncertain("loguniform", (base(row.low), base(row.high)), dimension, text)
    return Uncertain("triangular", (base(row.low), base(row.mode), base(row.high)), dimension, text)


def _default_ref(row: Default, used_for: str) -> SourceRef:
    if row.dist == "fixed":
        shown = f"{row.mode if row.mode is not None else row.low:g} {row.unit}"
    elif row.dist == "uniform":
        shown = f"{row.low:g} to {row.high:g} {row.unit}"
    elif row.dist == "loguniform":
        shown = f"{row.low:g} to {row.high:g} {row.unit} (log-uniform: each decade equally likely)"
    else:
        shown = f"{row.low:g} / {row.mode:g} / {row.high:g} {row.unit} (triangular)"
    note = "no source found for this default; treat it as an assumption" if row.unsourced else ""
    return SourceRef(f"defaults:{row.id}", used_for, shown.strip(), row.source, row.year, note)


def constant_value(name: str, used_for: str) -> tuple[float, SourceRef]:
    """A constant's value (in the unit its name carries) and its source."""
    row = constants().get(name)
    note = "shaky: secondary, old or conflicting source" if row.shaky else ""
    ref = SourceRef(
        f"constants:{row.id}", used_for, f"{row.value:g} {row.unit}", row.source, row.year, note
    )
    return row.value, ref


def grid_basis_notes(code: str) -> tuple[str, str | None]:
    """The basis of a grid row's carbon intensity in words, and a warning if not lifecycle."""
    row = grids().get(code)
    return basis_statement(row), basis_warning(row)


def grid_factors(code: str) -> dict[str, Resolved]:
    """Carbon intensity (and off-site water where sourced) of a grid region.

    Where the catalog gives a low/high across sources, the intensity is triangular over
    them with the default row as mode; otherwise it is fixed at the default row.
    """
    row = grids().get(code)
    low, high = row.carbon_intensity_low, row.carbon_intensity_high
    ci = row.carbon_intensity_g_per_kwh
    if low is not None and high is not None and low < high:
        value = Uncertain(
            "triangular", (min(low, ci), ci, max(high, ci)), "carbon_intensity", row.id
        )
        shown = f"{ci:g} g/kWh (range {low:g} to {high:g} across sources)"
    else:
        value = Uncertain.fixed(ci, "carbon_intensity", row.id)
        shown = f"{ci:g} g/kWh"
    shown += f", {basis_label(row.basis)}"
    out = {
        "carbon_intensity_g_per_kwh": Resolved(
            value,
            SourceRef(
                f"grids:{row.id}",
                "facility.carbon_intensity",
                shown,
                row.source,
                row.year,
                row.basis,
            ),
        )
    }
    if row.water_l_per_kwh is not None:
        out["water_offsite_l_per_kwh"] = Resolved(
            Uncertain.fixed(row.water_l_per_kwh, "water_intensity", row.id),
            SourceRef(
                f"grids:{row.id}",
                "facility.water_offsite",
                f"{row.water_l_per_kwh:g} L/kWh",
                row.water_source or row.source,
                row.water_year or row.year,
            ),
        )
    return out


def one_sided_range(
    value: float, low: float | None, high: float | None, dimension: str, label: str
) -> tuple[Uncertain, str]:
    """A catalog value with an optional low and high bound, as an uncertain value.

    Either bound alone still makes a range (a facility's best site is a low bound, its
    fleet average the mode): triangular over ``(low or value, value, high or value)``.
    Only with neither bound (or both equal to the value) is the value fixed.
    """
    lo = min(low, value) if low is not None else value
    hi = max(high, value) if high is not None else value
    if lo < hi:
        return Uncertain("triangular", (lo, value, hi), dimension, label), f"range {lo:g} to {hi:g}"
    return Uncertain.fixed(value, dimension, label), ""


def facility_factors(name: str) -> dict[str, Resolved]:
    """PUE (a range where sourced, even one-sided) and on-site WUE of a facility row."""
    row = facilities().get(name)
    pue, span = one_sided_range(row.pue, row.pue_low, row.pue_high, "ratio", row.id)
    shown = f"{row.pue:g} ({span})" if span else f"{row.pue:g}"
    out = {
        "pue": Resolved(
            pue, SourceRef(f"facilities:{row.id}", "facility.pue", shown, row.source, row.year)
        )
    }
    if row.wue_l_per_kwh is not None:
        wue, _ = one_sided_range(
            row.wue_l_per_kwh, row.wue_low, row.wue_high, "water_intensity", row.id
        )
        out["wue_onsite_l_per_kwh"] = Resolved(
            wue,
            SourceRef(
                f"facilities:{row.id}",
                "facility.wue",
                f"{row.wue_l_per_kwh:g} L/kWh ({row.wue_basis or 'basis unknown'})",
                row.source,
                row.year,
            ),
        )
    return out


@dataclass(frozen=True)
class Site:
    """The grid and facility a footprint is computed for, resolved from the catalog.

    Attributes:
        grid: The grid row used (the one named, else :data:`DEFAULT_GRID`).
        facility: The facility row used (the one named, else the producer's default).
        grid_given: Whether a grid was named.
        facility_given: Whether a facility was named.
        grid_factors: :func:`grid_factors` of ``grid``.
        facility_factors: :func:`facility_factors` of ``facility``.
    """

    grid: str
    facility: str
    grid_given: bool
    facility_given: bool
    grid_factors: dict[str, Resolved]
    facility_factors: dict[str, Resolved]


def resolve_site(grid: str | None, facility: str | None, *, default_facility: str) -> Site:
    """Grid and facility factors; the producer passes its own default facility.

    An estimate of data-centre work defaults to an industry-average facility, a measured
    run to the machine as it stands (``wattprint.settings.FACILITY``); each producer
    says so in its assumptions.

    Raises:
        CatalogLookupError: The grid or facility is not in the catalog.
    """
    grid_code = grid or DEFAULT_GRID
    facility_name = facility or default_facility
    return Site(
        grid=grid_code,
        facility=facility_name,
        grid_given=bool(grid),
        facility_given=bool(facility),
        grid_factors=grid_factors(grid_code),
        facility_factors=facility_factors(facility_name),
    )


# Constants every footprint uses for its heat equivalents and comparisons.
CHAIN_CONSTANTS = (
    "water_specific_heat_j_per_kg_k",
    "water_density_kg_per_m3",
    "olympic_pool_m3",
    "household_electricity_kwh_per_year_cn",
    "household_electricity_kwh_per_year_us",
)


def chain_constants() -> tuple[dict[str, float], list[SourceRef]]:
    """Values and sources of :data:`CHAIN_CONSTANTS`."""
    values: dict[str, float] = {}
    refs: list[SourceRef] = []
    for name in CHAIN_CONSTANTS:
        value, ref = constant_value(name, "heat equivalents")
        values[name] = value
        refs.append(ref)
    return values, refs
