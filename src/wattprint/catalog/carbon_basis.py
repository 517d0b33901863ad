"""What a grid row's carbon intensity counts: its basis, said in words beside the figure.

Country and world rows (Ember) are **lifecycle** intensities: combustion plus upstream
fuel supply and plant construction. US-state rows (EPA eGRID output emission rates)
are **direct** CO2e of the state's own generation; Chinese province and regional-grid
rows (MEE/NBS electricity factors) are **direct** CO2 only. Lifecycle figures run
higher than direct ones for the same electricity, so moving a scenario from ``US`` to
``US-VA`` changes what is counted, not just where: the result must say so.

A generation-based figure (eGRID) is the intensity of power made in the state; a state
that imports much of its electricity (Virginia received about 50 TWh net from other
states in 2023) consumes power of a different intensity. The MEE provincial factors
are consumption-based averages.
"""

from __future__ import annotations

from collections.abc import Iterable

from wattprint.catalog.rows import GridRegion
from wattprint.quantity.provenance import SourceRef

BASIS_WORDS: dict[str, tuple[str, str]] = {
    "lifecycle": (
        "lifecycle",
        "lifecycle gCO2e/kWh (combustion plus upstream fuel supply and plant construction)",
    ),
    "direct_co2e": (
        "direct combustion",
        "direct combustion gCO2e/kWh of generation (no upstream emissions)",
    ),
    "direct_co2": (
        "direct combustion, CO2 only",
        "direct combustion gCO2/kWh, CO2 only (no other greenhouse gases, no upstream)",
    ),
}

ACCOUNTING: dict[str, str] = {
    "us_state": "generation-based (power made in the state; imports not counted)",
    "cn_province": "consumption-based provincial average (imports included)",
    "cn_grid": "consumption-based regional-grid average",
}


def basis_label(basis: str) -> str:
    """The short words for a basis, for printing beside a carbon figure."""
    return BASIS_WORDS.get(basis, (basis or "basis not stated", ""))[0]


def basis_statement(row: GridRegion) -> str:
    """One sentence on what the row's intensity counts (an estimate's assumption)."""
    long = BASIS_WORDS.get(row.basis, ("", row.basis or "basis not stated"))[1]
    text = f"carbon intensity of {row.id}: {long}"
    accounting = ACCOUNTING.get(row.kind)
    return f"{text}; {accounting}" if accounting else text


def basis_warning(row: GridRegion) -> str | None:
    """A warning when the row is not lifecycle: not comparable with country rows."""
    if row.basis == "lifecycle":
        return None
    return (
        f"carbon for {row.id} is {basis_label(row.basis)} ({row.basis}), not lifecycle: "
        "upstream emissions are not counted, so it is lower than a country (lifecycle) "
        "figure for the same electricity; compare runs only on the same basis"
    )


def footprint_basis(sources: Iterable[SourceRef]) -> str | None:
    """The carbon basis a result's grid row had (``lifecycle``, ``direct_co2e`` ...), if any.

    The grid's citation carries its basis as its note (see ``resolve.grid_factors``); a
    result whose intensity was given by the user has none.
    """
    for ref in sources:
        if ref.ref.startswith("grids:") and ref.used_for == "facility.carbon_intensity":
            return ref.note or None
    return None


MIXED_WORDS = (
    "carbon bases differ ({bases}): not comparable",
    "碳排放口径不同({bases}):不可直接比较",
)


def mixed_basis_note(bases: Iterable[str | None], lang: str = "en") -> str | None:
    """Words for a carbon row that puts different bases side by side, else None."""
    known = sorted({b for b in bases if b})
    if len(known) < 2:
        return None
    return MIXED_WORDS[1 if lang == "zh" else 0].format(bases=" / ".join(known))
