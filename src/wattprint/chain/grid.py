"""Grid load per site, and beside reference loads (a power plant, a city, a state's peak).

- ``peak_power_per_site_mw = peak_power_mw / grid_sites``; likewise the average
  (a cluster split evenly over ``grid_sites`` sites, each on its own connection)
- ``grid_share_<ref> = peak_power_per_site_mw / reference_load_<ref>_mw × 100`` (%):
  one output per reference load named in the scenario. A grid must carry the peak, so
  the peak is compared, whatever the reference's own basis (a state's peak demand, its
  average load, a plant's capacity: the source list says which).

Reference loads arrive as inputs named ``reference_load_<ref>_mw`` (``<ref>`` is the
catalog id folded to ``[a-z0-9_]``, see :func:`reference_slug`).
"""

from __future__ import annotations

from wattprint.chain.outputs import reference_slug
from wattprint.chain.state import ChainState, Stage

REFERENCE_PREFIX = "reference_load_"
REFERENCE_SUFFIX = "_mw"
SHARE_PREFIX = "grid_share_"


def reference_input(ref_id: str) -> str:
    """The chain input that carries a reference load in MW."""
    return f"{REFERENCE_PREFIX}{reference_slug(ref_id)}{REFERENCE_SUFFIX}"


def _per_site(s: ChainState) -> None:
    sites = s.x("grid_sites")
    s.put("peak_power_per_site", s.out("peak_power") / sites, "MW")
    if "average_power" in s.outputs:
        s.put("average_power_per_site", s.out("average_power") / sites, "MW")


def _shares(s: ChainState) -> None:
    site_mw = s.out("peak_power_per_site") if "peak_power_per_site" in s.outputs else None
    if site_mw is None:
        site_mw = s.out("peak_power")
    for name in list(s.inputs):
        if name.startswith(REFERENCE_PREFIX) and name.endswith(REFERENCE_SUFFIX):
            slug = name[len(REFERENCE_PREFIX) : -len(REFERENCE_SUFFIX)]
            s.put(f"{SHARE_PREFIX}{slug}", site_mw / s.x(name) * 100.0, "%")


__all__ = [
    "REFERENCE_PREFIX",
    "REFERENCE_SUFFIX",
    "SHARE_PREFIX",
    "STAGES",
    "reference_input",
    "reference_slug",
]

STAGES = (
    Stage("grid_per_site", _per_site, ("grid_sites",), ("peak_power",)),
    Stage("grid_shares", _shares, (), ("peak_power",)),
)
