"""From a scenario to the chain's inputs: accelerator-hours, power, host overhead, site.

Training is sized one of three ways:

- (a) ``accelerator_hours = count × duration``
- (b) ``accelerator_hours`` as given
- (c) ``accelerator_hours = FLOPs / (peak FLOP/s × MFU) / 3600`` with FLOPs = 6·N·D
  (Kaplan et al. 2020's approximation; N = active parameters for MoE) or given FLOPs

Then ``accelerator_energy_kwh = accelerator_hours × power_w / 1000``,
``host_energy_kwh = accelerator_hours × host_power_w / 1000``.

Then, for training: ``accelerator_energy_kwh = accelerator_hours × power_w / 1000``,
``host_energy_kwh = accelerator_hours × host_power_w / 1000``. Inference goes through the
serving model (``serving_inputs.py``): provisioned accelerators × time, each at its idle
floor plus the busy share of the rest. For both, the peak IT power comes from the
platform's nameplate (see :mod:`wattprint.estimate.grid_load`).
"""

from __future__ import annotations

from wattprint.catalog import accelerators
from wattprint.catalog.resolve import DEFAULT_GRID, grid_basis_notes, resolve_site
from wattprint.catalog.rows import Accelerator
from wattprint.chain.state import Value
from wattprint.estimate.extras import build_extra_inputs
from wattprint.estimate.grid_load import design_day_pue, host_power, peak_it_power
from wattprint.estimate.hardware import accelerator_ref, peak_flops, tdp_w
from wattprint.estimate.inputs import InputCollector
from wattprint.estimate.serving_inputs import build_serving_inputs
from wattprint.quantity.units import SECONDS_PER_HOUR, W_PER_KW

ESTIMATE_FACILITY = "industry-average"
"""Facility of a scenario that names none: data-centre work at an average data centre."""


def build_inputs(c: InputCollector) -> None:
    """Fill ``c.inputs`` with everything the chain needs for ``c.scenario``."""
    s = c.scenario
    acc = accelerators().get(s.texts["hardware.accelerator"])
    c.cite(accelerator_ref(acc))
    tdp = tdp_w(acc)
    if s.kind == "training":
        power, host, host_nameplate = _training_energy(c, acc, tdp)
    else:
        served = build_serving_inputs(c, acc, tdp)
        power, host, host_nameplate = served.busy_w, served.host_busy_w, served.host_nameplate_w
    peak_it_power(c, acc, tdp, power, host, host_nameplate)
    _embodied(c)
    _site(c)
    if c.measured_boundary == "facility":
        # a facility-boundary figure: the chain multiplies by PUE, so divide it here
        c.inputs["accelerator_energy_kwh"] = c.inputs["accelerator_energy_kwh"] / c.inputs["pue"]
    design_day_pue(c)
    c.chain_constants()
    build_extra_inputs(c)


def _training_energy(c: InputCollector, acc: Accelerator, tdp: float) -> tuple[Value, Value, Value]:
    """Accelerator-hours and energies of a training run.

    Returns:
        Accelerator power, host power per accelerator, and the host's nameplate share.
    """
    if "hardware.power" in c.scenario.values:
        power = c.given("hardware.power")
    else:
        power = tdp * c.given_or_default(
            "hardware.power_share", "training_power_share_of_tdp", "ratio"
        )
    hours = _training_hours(c, acc)
    host, host_nameplate = host_power(c, acc, tdp)
    c.inputs["accelerator_hours"] = hours
    c.inputs["accelerator_energy_kwh"] = hours * power / W_PER_KW
    c.inputs["host_energy_kwh"] = hours * host / W_PER_KW
    return power, host, host_nameplate


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


def _embodied(c: InputCollector) -> None:
    c.inputs["embodied_co2e_kg_per_accelerator"] = c.given_or_default(
        "hardware.embodied", "embodied_co2e_kg_per_accelerator", "mass"
    )
    c.inputs["accelerator_lifetime_s"] = c.given_or_default(
        "hardware.lifetime", "accelerator_lifetime_years", "time"
    )


def _site(c: InputCollector) -> None:
    s = c.scenario
    site = resolve_site(
        s.texts.get("facility.grid"),
        s.texts.get("facility.name"),
        default_facility=ESTIMATE_FACILITY,
    )
    facility = site.facility_factors
    if not site.facility_given and not s.has("facility.pue"):
        c.assumptions.append(f"facility not given: {ESTIMATE_FACILITY} PUE")
    wue = facility.get("wue_onsite_l_per_kwh")
    if not site.facility_given and not s.has("facility.wue") and wue is not None:
        shown = wue.source.value_text if wue.source else wue.value.text
        c.assumptions.append(
            f"facility.wue not given and no facility named: on-site water uses the "
            f"{ESTIMATE_FACILITY} WUE ({shown}), a weakly sourced industry figure; name the "
            "operator's facility row for the year of the run"
        )
    for key, path in (("pue", "facility.pue"), ("wue_onsite_l_per_kwh", "facility.wue")):
        if path in s.values:
            c.inputs[key] = c.given(path)
        elif key in facility:
            c.inputs[key] = c.resolved(f"{path} ({facility[key].value.text})", facility[key])
    grid = site.grid_factors if site.grid_given else {}
    if "facility.carbon_intensity" in s.values:
        # a given intensity wins over the grid's; the grid may still give off-site water
        c.inputs["carbon_intensity_g_per_kwh"] = c.given("facility.carbon_intensity")
    else:
        if not grid:
            c.warnings.append(f"facility.grid not given: using the {DEFAULT_GRID} average")
            grid = site.grid_factors
        c.inputs["carbon_intensity_g_per_kwh"] = c.resolved(
            "facility.carbon_intensity", grid["carbon_intensity_g_per_kwh"]
        )
        statement, warning = grid_basis_notes(site.grid)
        c.assumptions.append(statement)
        if warning:
            c.warnings.append(warning)
    if "facility.water_offsite" in s.values:
        c.inputs["water_offsite_l_per_kwh"] = c.given("facility.water_offsite")
    elif "water_offsite_l_per_kwh" in grid:
        c.inputs["water_offsite_l_per_kwh"] = c.resolved(
            "facility.water_offsite", grid["water_offsite_l_per_kwh"]
        )
    if "facility.price" in s.values:
        c.inputs["price_usd_per_kwh"] = c.given("facility.price")
