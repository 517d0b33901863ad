"""From a scenario to the chain's inputs: accelerator-hours, power, host overhead, site.

Training is sized one of three ways:

- (a) ``accelerator_hours = count × duration``
- (b) ``accelerator_hours`` as given
- (c) ``accelerator_hours = FLOPs / (peak FLOP/s × MFU) / 3600`` with FLOPs = 6·N·D
  (Kaplan et al. 2020's approximation; N = active parameters for MoE) or given FLOPs

Then ``accelerator_energy_kwh = accelerator_hours × power_w / 1000``,
``host_energy_kwh = accelerator_hours × host_power_w / 1000``.

Inference goes through the serving model (``serving_inputs.py``): provisioned
accelerators × time, each at its idle floor plus the busy share of the rest.

For both: ``peak_it_power_w = count × (TDP + host_power)``.
"""

from __future__ import annotations

import numpy as np

from wattprint.catalog import accelerators
from wattprint.catalog.resolve import (
    DEFAULT_FACILITY,
    DEFAULT_GRID,
    chain_constants,
    facility_factors,
    grid_factors,
)
from wattprint.catalog.rows import Accelerator
from wattprint.chain.state import Value
from wattprint.estimate.extras import build_extra_inputs
from wattprint.estimate.hardware import accelerator_ref, peak_flops, tdp_w
from wattprint.estimate.inputs import InputCollector
from wattprint.estimate.serving_inputs import build_serving_inputs

SECONDS_PER_HOUR = 3600.0
SECONDS_PER_DAY = 86400.0


def build_inputs(c: InputCollector) -> None:
    """Fill ``c.inputs`` with everything the chain needs for ``c.scenario``."""
    s = c.scenario
    acc = accelerators().get(s.texts["hardware.accelerator"])
    c.cite(accelerator_ref(acc))
    tdp = tdp_w(acc)
    c.inputs["accelerator_tdp_w"] = tdp
    if s.kind == "training":
        host = _training_energy(c, acc, tdp)
    else:
        host = build_serving_inputs(c, acc, tdp)
    _peak_power(c, tdp, c.inputs["accelerator_hours"], host)
    _embodied(c)
    _site(c)
    if float(np.max(c.inputs.get("measured_energy_boundary_facility", 0.0))) > 0:
        # a facility-boundary figure: the chain multiplies by PUE, so divide it here
        c.inputs["accelerator_energy_kwh"] = c.inputs["accelerator_energy_kwh"] / c.inputs["pue"]
    constants, refs = chain_constants()
    c.inputs.update(constants)
    for ref in refs:
        c.cite(ref)
    build_extra_inputs(c)


def _training_energy(c: InputCollector, acc: Accelerator, tdp: float) -> Value:
    """Accelerator-hours and energies of a training run; return host power per device."""
    if "hardware.power" in c.scenario.values:
        power = c.given("hardware.power")
    else:
        power = tdp * c.given_or_default(
            "hardware.power_share", "training_power_share_of_tdp", "ratio"
        )
    hours = _training_hours(c, acc)
    host = c.given_or_default("hardware.host_power", "host_power_per_accelerator_w", "power")
    c.inputs["accelerator_hours"] = hours
    c.inputs["accelerator_energy_kwh"] = hours * power / 1e3
    c.inputs["host_energy_kwh"] = hours * host / 1e3
    c.inputs["accelerator_power_w"] = power
    return host


def _training_hours(c: InputCollector, acc: Accelerator) -> Value:
    s = c.scenario
    sizing = s.sizing()
    count = c.given("hardware.count") if s.has("hardware.count") else None
    if sizing == ("duration",):
        assert count is not None  # checked when the scenario was validated
        duration = c.given("training.duration")
        c.inputs["duration_s"] = duration
        return count * duration / SECONDS_PER_HOUR
    if sizing == ("accelerator_hours",):
        hours = c.given("training.accelerator_hours")
    else:
        if sizing == ("flops",):
            flops = c.given("training.flops")
        else:
            flops = 6.0 * c.given("training.parameters") * c.given("training.tokens")
            c.assumptions.append("training FLOPs = 6 × parameters × tokens (Kaplan et al. 2020)")
        c.inputs["work_flops"] = flops
        mfu = c.given_or_default("training.mfu", "mfu_training", "ratio")
        hours = flops / (peak_flops(c, acc) * mfu) / SECONDS_PER_HOUR
    if count is not None:
        c.inputs["duration_s"] = hours * SECONDS_PER_HOUR / count
    else:
        c.warnings.append("hardware.count not given: no duration, average or peak power")
    return hours


def _peak_power(c: InputCollector, tdp_w: float, hours: Value, host: Value) -> None:
    s = c.scenario
    if "accelerator_count" in c.inputs:
        count = c.inputs["accelerator_count"]
    elif s.has("hardware.count"):
        count = c.given("hardware.count")
    elif "duration_s" in c.inputs:
        count = hours * SECONDS_PER_HOUR / c.inputs["duration_s"]
        c.assumptions.append("hardware.count not given: peak power uses the average busy count")
    else:
        return
    c.inputs["accelerator_count"] = count
    c.inputs["peak_it_power_w"] = count * (tdp_w + host)
    if s.has("hardware.count") and "duration_s" in c.inputs:
        capacity = count * c.inputs["duration_s"] / SECONDS_PER_HOUR
        if float(np.median(hours)) > float(np.median(capacity)) * 1.0001:
            c.warnings.append(
                "the work needs more accelerator-hours than hardware.count × duration "
                "can give (median): the count is too small or the utilisation too low"
            )


def _embodied(c: InputCollector) -> None:
    c.inputs["embodied_co2e_kg_per_accelerator"] = c.given_or_default(
        "hardware.embodied", "embodied_co2e_kg_per_accelerator", "mass"
    )
    c.inputs["accelerator_lifetime_s"] = c.given_or_default(
        "hardware.lifetime", "accelerator_lifetime_years", "time"
    )


def _site(c: InputCollector) -> None:
    s = c.scenario
    facility = facility_factors(s.texts.get("facility.name", DEFAULT_FACILITY))
    if "facility.name" not in s.texts and not s.has("facility.pue"):
        c.assumptions.append(f"facility not given: {DEFAULT_FACILITY} PUE")
    for key, path in (("pue", "facility.pue"), ("wue_onsite_l_per_kwh", "facility.wue")):
        if path in s.values:
            c.inputs[key] = c.given(path)
        elif key in facility:
            c.inputs[key] = c.resolved(f"{path} ({facility[key].value.text})", facility[key])
    grid = grid_factors(s.texts["facility.grid"]) if "facility.grid" in s.texts else {}
    if "facility.carbon_intensity" in s.values:
        # a given intensity wins over the grid's; the grid may still give off-site water
        c.inputs["carbon_intensity_g_per_kwh"] = c.given("facility.carbon_intensity")
    else:
        if not grid:
            c.warnings.append(f"facility.grid not given: using the {DEFAULT_GRID} average")
            grid = grid_factors(DEFAULT_GRID)
        c.inputs["carbon_intensity_g_per_kwh"] = c.resolved(
            "facility.carbon_intensity", grid["carbon_intensity_g_per_kwh"]
        )
    if "facility.water_offsite" in s.values:
        c.inputs["water_offsite_l_per_kwh"] = c.given("facility.water_offsite")
    elif "water_offsite_l_per_kwh" in grid:
        c.inputs["water_offsite_l_per_kwh"] = c.resolved(
            "facility.water_offsite", grid["water_offsite_l_per_kwh"]
        )
    if "facility.price" in s.values:
        c.inputs["price_usd_per_kwh"] = c.given("facility.price")
