"""The estimate's peak IT power: what a grid connection for the cluster must carry.

Per accelerator, at the peak:

- ``server_w = max(system_max_power_w / accelerators_per_system, power_w + host_w)``
  where the catalog knows the platform (DGX H100: 10,200 / 8 = 1,275 W), else
  ``max(TDP, power_w) + host_w``: never below what the accelerator and its host draw on
  average, so a given power above TDP (GPT-3's measured 330 W on a 300 W V100) raises it
- ``it_w = server_w / (1 − network_storage_share_of_it_power)``: switches, optics and
  storage servers beside the accelerator servers (about 10 %)
- ``peak_it_power_w = busy_count × it_w`` with ``busy_count = max(count, hours / duration)``
  in every sample: where the work needs more accelerators than ``hardware.count`` in a
  sample, they all draw power at once
- ``pue_design_day = pue × design_day_pue_over_annual``: the facility's overhead on the
  hottest design day, for the connection only (energy keeps the annual PUE)

Example (100,000 H100 SXM at 700 W, 10 % fabric, annual PUE 1.18, ratio 1.05):
100,000 × 1,275 / 0.9 = 141.7 MW of IT, × 1.18 × 1.05 = 175.5 MW at the grid.
"""

from __future__ import annotations

import numpy as np

from wattprint.catalog.platforms import Platform, platform_for
from wattprint.catalog.rows import Accelerator
from wattprint.chain.state import Value
from wattprint.estimate.inputs import InputCollector
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.units import SECONDS_PER_HOUR


def platform_ref(row: Platform) -> SourceRef:
    """The citation for a platform row."""
    shown = (
        f"{row.name}: {row.system_max_power_w:g} W max for {row.accelerators_per_system} "
        f"accelerators = {row.power_per_accelerator_w:g} W each"
    )
    return SourceRef(f"platforms:{row.id}", "hardware.host_power", shown, row.source, row.year)


def host_power(c: InputCollector, acc: Accelerator, tdp_w: float) -> tuple[Value, Value]:
    """Average host power per accelerator, and its nameplate share for the peak.

    The average is the sourced default (or the scenario's value), capped at the host
    share of the platform's nameplate where the catalog knows the platform: a DGX A100's
    host cannot draw more than 6,500 / 8 − 400 = 412.5 W per GPU.
    """
    host = c.given_or_default("hardware.host_power", "host_power_per_accelerator_w", "power")
    row = platform_for(acc.id)
    if row is None:
        return host, host
    c.cite(platform_ref(row))
    nameplate = max(row.power_per_accelerator_w - tdp_w, 0.0)
    if "hardware.host_power" not in c.scenario.values:
        host = np.minimum(host, nameplate)
    return host, np.maximum(nameplate, host)


def peak_it_power(
    c: InputCollector,
    acc: Accelerator,
    tdp_w: float,
    power: Value,
    host: Value,
    host_nameplate: Value,
) -> None:
    """Set the ``peak_it_power_w`` input: busy accelerators × the server's nameplate share."""
    count = _busy_count(c)
    if count is None:
        return
    row = platform_for(acc.id)
    if row is not None:
        server = np.maximum(row.power_per_accelerator_w, power + host)
        server = np.maximum(server, tdp_w + host_nameplate)
    else:
        server = np.maximum(tdp_w, power) + host_nameplate
    fabric = c.given_or_default(
        "grid_load.network_share", "network_storage_share_of_it_power", "ratio"
    )
    c.inputs["peak_it_power_w"] = count * server / (1.0 - fabric)
    c.assumptions.append(
        "peak grid load counts network fabric and storage beside the accelerator servers; "
        "energy counts the accelerator servers only"
    )


def design_day_pue(c: InputCollector) -> None:
    """The design-day PUE for the grid connection, from the annual PUE."""
    if c.scenario.has("facility.design_day_pue"):
        c.inputs["pue_design_day"] = c.given("facility.design_day_pue")
    elif "pue" in c.inputs:
        ratio = c.given_or_default("facility.design_day_pue", "design_day_pue_over_annual", "ratio")
        c.inputs["pue_design_day"] = c.inputs["pue"] * ratio


def _busy_count(c: InputCollector) -> Value | None:
    hours = c.inputs["accelerator_hours"]
    duration = c.inputs.get("duration_s")
    needed = None if duration is None else hours * SECONDS_PER_HOUR / duration
    if not c.scenario.has("hardware.count"):
        if needed is not None:
            c.assumptions.append("hardware.count not given: peak power uses the average busy count")
        return needed
    count = c.given("hardware.count")
    if needed is None:
        return count
    short = float(np.mean(np.asarray(needed) > np.asarray(count) * 1.0001))
    if short > 0:
        c.warnings.append(
            f"in {short:.0%} of samples the work needs more accelerator-hours than "
            "hardware.count × duration can give: the count is too small or the utilisation "
            "too low; the peak counts every accelerator the work needs"
        )
    return np.maximum(count, needed)
