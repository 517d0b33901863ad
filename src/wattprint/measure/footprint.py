"""Same chain, same result: a measured run becomes a :class:`~wattprint.chain.Footprint`.

Measured energy enters the chain as Monte Carlo samples (``mc_samples`` draws, seeded):

- a counter's energy × its measurement factor from the catalog (``nvml_energy_factor``
  ± 5 %, ``rapl_energy_factor`` ± 10 % ...): a narrow spread;
- a model's terms × its parameters sampled from their catalog ranges
  (``cpu_active_power_per_core_w`` × CPU-seconds ...): a wide spread, and the
  parameters show up as the outputs' drivers.

Grid factors come from ``region`` (none given: the WORLD average and a warning, never a
silent fallback), PUE and WUE from ``facility`` (none given: the default passed in, the
declared default of ``WATTPRINT_FACILITY``, ``workstation``: PUE 1), the heat constants
from the catalog; every one is cited in ``Footprint.sources``. The inputs go into the
chain's one :class:`~wattprint.chain.builder.InputBuilder`, which the estimate producer
fills too. This module imports NumPy, so it is only imported when a footprint is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from wattprint.catalog.resolve import (
    DEFAULT_GRID,
    default_value,
    grid_basis_notes,
    resolve_site,
)
from wattprint.chain import Footprint
from wattprint.chain.builder import InputBuilder
from wattprint.chain.state import Value
from wattprint.measure.config import TrackerConfig
from wattprint.measure.result import DeviceEnergy, RunResult
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.uncertain import Uncertain
from wattprint.quantity.units import J_PER_KWH, SECONDS_PER_HOUR
from wattprint.settings import FACILITY

MEASURED_METHODS = ("counter", "integrated_power")


def measured_footprint(
    result: RunResult,
    config: TrackerConfig,
    *,
    name: str | None = None,
    energy_scale: Value = 1.0,
    duration_s: float | None = None,
    default_facility: str = FACILITY.default,
) -> Footprint:
    """The footprint of a measured run.

    Args:
        result: The measured run.
        config: Region, facility, Monte Carlo draws and seed.
        name: Name of the footprint (the run's name by default).
        energy_scale: Multiplies measured energy (a projection passes samples here).
        duration_s: Duration to use instead of the measured one (projections).
        default_facility: Facility of a run whose config names none (the declared
            default of ``WATTPRINT_FACILITY``: the machine as it stands, PUE 1).

    Raises:
        CatalogLookupError: The region or facility is not in the catalog.
    """
    inputs = chain_inputs(
        result, config, energy_scale, duration_s, default_facility=default_facility
    )
    scenario = _scenario(result, config, duration_s)
    scenario["facility"] = config.facility or default_facility
    return inputs.footprint(name or result.name, "measurement", scenario)


def chain_inputs(
    result: RunResult,
    config: TrackerConfig,
    energy_scale: Value = 1.0,
    duration_s: float | None = None,
    *,
    default_facility: str = FACILITY.default,
) -> InputBuilder:
    """Every chain input for a measured run, as values or sample arrays.

    ``default_facility`` is the facility of a run whose config names none (the declared
    default of ``WATTPRINT_FACILITY``: the machine as it stands, PUE 1).
    """
    inputs = InputBuilder(config.mc_samples, config.seed)
    inputs.warnings.extend(result.warnings)
    duration = result.duration_s if duration_s is None else duration_s
    for kind, key in (("accelerator", "accelerator_energy"), ("host", "host_energy")):
        devices = [d for d in result.devices if d.info.kind == kind]
        energy_j = _energy_samples(devices, inputs)
        inputs.put(f"{key}_kwh", energy_j * energy_scale / J_PER_KWH)
        measured = all(d.info.method in MEASURED_METHODS for d in devices)
        inputs.basis[key] = "measured" if measured else "modelled"
    accelerators = sum(1 for d in result.devices if d.info.kind == "accelerator")
    if accelerators == 0:
        inputs.assumptions.append(
            "no accelerator was measured; accelerator energy is 0 "
            "(the sensors list says why each GPU probe found none)"
        )
    inputs.put("duration_s", duration)
    inputs.put("accelerator_hours", accelerators * duration / SECONDS_PER_HOUR)
    _peak(result, inputs, duration)
    in_a_room = _grid_and_facility(config, inputs, default_facility)
    _embodied(inputs, accelerators)
    inputs.chain_constants()
    _water_equivalents(inputs, in_a_room)
    _physics(result, inputs, accelerators)
    return inputs


def _peak(result: RunResult, inputs: InputBuilder, duration_s: float) -> None:
    """The peak IT power: absent when none was sampled, never below the run's average.

    A run too short for two samples has no peak (absent, never 0 W). Otherwise the
    peak is ``max(sampled peak, IT energy ÷ duration)`` in every sample: a power drawn
    on average was drawn at some moment, whatever the sampler caught.
    """
    if result.peak_power_w <= 0:
        return
    peak: Value = result.peak_power_w
    if duration_s > 0:
        it_kwh = inputs.inputs["accelerator_energy_kwh"] + inputs.inputs["host_energy_kwh"]
        peak = np.maximum(peak, it_kwh * J_PER_KWH / duration_s)
    # set directly, not via put: the same samples as the energy, not another driver
    inputs.inputs["peak_it_power_w"] = peak


def _physics(result: RunResult, inputs: InputBuilder, gpus: int) -> None:
    """The Landauer floor, from the FLOPs the work counted (``MeasuredRun.add_flops``)."""
    flops = result.work.flop_count
    if not flops:
        inputs.assumptions.append(
            "no FLOPs counted (run.add_flops): no energy per FLOP or Landauer floor"
        )
        return
    inputs.put("work_flops", flops)
    if gpus == 0:  # the arithmetic ran on the CPUs: compare the host's energy with the floor
        # set directly, not via put: the same samples as host_energy_kwh, not another driver
        inputs.inputs["compute_energy_kwh"] = inputs.inputs["host_energy_kwh"]
    inputs.put("boltzmann_j_per_k", inputs.constant("boltzmann_j_per_k", "physics floor (k·T·ln2)"))
    inputs.put(
        "landauer_temperature_k", inputs.constant("room_temperature_k", "physics.temperature")
    )
    bits, ref = catalog_param("bits_erased_per_flop", "physics.bits_erased_per_flop")
    inputs.put("bits_erased_per_flop", bits.sample(inputs.n, inputs.seed, "bits"))
    inputs.cite(ref)


def _water_equivalents(inputs: InputBuilder, in_a_room: bool) -> None:
    """Water the heat could evaporate; in a data centre, what evaporative cooling uses."""
    latent_100c = inputs.constant("water_latent_heat_100c_j_per_kg", "water_evaporated")
    inputs.put("water_latent_heat_100c_j_per_kg", latent_100c)
    if in_a_room:
        return  # a machine in a room is not cooled by evaporating water
    share = default_value("evaporated_share_of_heat", "cooling.evaporated_share", "raw")
    inputs.put("evaporated_share", inputs.resolved("evaporated_share", share))
    latent_25c = inputs.constant("water_latent_heat_25c_j_per_kg", "water_evaporated_cooling")
    inputs.put("water_latent_heat_25c_j_per_kg", latent_25c)


def _energy_samples(devices: list[DeviceEnergy], inputs: InputBuilder) -> Value:
    total: Value = 0.0
    for device in devices:
        if device.terms:
            for param, amount in device.terms:
                total = total + _param(param, device, inputs) * amount
        elif device.info.factor:
            total = total + device.energy_j * _param(device.info.factor, device, inputs)
        else:
            total = total + device.energy_j
    return total


def _param(name: str, device: DeviceEnergy, inputs: InputBuilder) -> Value:
    """A sensor model's parameter: a driver of the spread, not a chain input."""
    if name in inputs.uncertain:
        return inputs.uncertain[name]
    item = default_value(name, f"measure.{device.info.domain}", "raw")
    return inputs.resolved(name, item)


def catalog_param(name: str, used_for: str) -> tuple[Uncertain, SourceRef]:
    """A ``defaults.csv`` row as an uncertain value in the row's own unit, and its source.

    The unit is the one the row's name carries (``_w``, ``_w_per_gb``, a plain factor),
    the same unit the sensor's terms are counted in.
    """
    item = default_value(name, used_for, "raw")
    assert item.source is not None  # catalog rows always carry one
    return item.value, item.source


def _grid_and_facility(config: TrackerConfig, inputs: InputBuilder, default_facility: str) -> bool:
    """Grid and facility inputs; True when the machine stands in a room (``workstation``)."""
    site = resolve_site(config.region, config.facility, default_facility=default_facility)
    if not site.grid_given:
        inputs.warnings.append(
            f"no region given: carbon and off-site water use the {DEFAULT_GRID} average; "
            "pass region=... (or --region, WATTPRINT_REGION) for the local grid"
        )
    in_a_room = site.facility == FACILITY.default
    if not site.facility_given and in_a_room:
        inputs.assumptions.append(
            f"facility {default_facility!r} (PUE 1, no cooling water): the machine was "
            "measured as it stands; pass facility=... for a data centre's overhead"
        )
    elif not site.facility_given:
        inputs.assumptions.append(f"facility not given: {default_facility!r} assumed")
    resolved = {**site.grid_factors, **site.facility_factors}
    for key, item in resolved.items():
        inputs.put(key, inputs.resolved(key, item))
    if "water_offsite_l_per_kwh" not in resolved:
        inputs.assumptions.append(f"no off-site water figure for grid {site.grid}")
    statement, warning = grid_basis_notes(site.grid)
    inputs.assumptions.append(statement)
    if warning:
        inputs.warnings.append(warning)
    return in_a_room


def _embodied(inputs: InputBuilder, accelerators: int) -> None:
    for key, row, dimension in (
        ("embodied_co2e_kg_per_accelerator", "embodied_co2e_kg_per_accelerator", "mass"),
        ("accelerator_lifetime_s", "accelerator_lifetime_years", "time"),
    ):
        item = default_value(row, "embodied carbon", dimension)
        if accelerators:  # no accelerator measured: the figure is not used, so not cited
            inputs.put(key, inputs.resolved(key, item))
        else:
            inputs.put(key, inputs.sample(key, item.value))
    inputs.assumptions.append(
        "embodied carbon covers the measured accelerators only, amortised over their "
        "lifetime; the host's is not counted"
    )


def _scenario(result: RunResult, config: TrackerConfig, duration_s: float | None) -> dict[str, Any]:
    low, high = result.energy_bounds_j
    return {
        "run_id": result.run_id,
        "name": result.name,
        "status": result.status,
        "region": config.region,
        "facility": config.facility,
        "duration_s": result.duration_s if duration_s is None else duration_s,
        "measured_duration_s": result.duration_s,
        "energy_j": result.energy_j,
        "energy_low_j": low,
        "energy_high_j": high,
        "devices": [
            {
                "name": d.info.name,
                "method": d.info.method,
                "label": d.info.label,
                "energy_j": d.energy_j,
            }
            for d in result.devices
        ],
        "work": _work(result),
    }


def _work(result: RunResult) -> Mapping[str, Any]:
    w = result.work
    return {
        "step_count": w.step_count,
        "token_count": w.token_count,
        "sample_count": w.sample_count,
        "energy_per_step_j": w.energy_per_step_j,
        "energy_per_token_j": w.energy_per_token_j,
        "energy_per_sample_j": w.energy_per_sample_j,
    }
