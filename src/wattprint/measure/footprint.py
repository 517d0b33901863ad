"""Same chain, same result: a measured run becomes a :class:`~wattprint.chain.Footprint`.

Measured energy enters the chain as Monte Carlo samples (``mc_samples`` draws, seeded):

- a counter's energy × its measurement factor from the catalog (``nvml_energy_factor``
  ± 5 %, ``rapl_energy_factor`` ± 10 % ...): a narrow spread;
- a model's terms × its parameters sampled from their catalog ranges
  (``cpu_active_power_per_core_w`` × CPU-seconds ...): a wide spread, and the
  parameters show up as the outputs' drivers.

Grid factors come from ``region`` (none given: the WORLD average and a warning, never a
silent fallback), PUE and WUE from ``facility`` (default ``workstation``: PUE 1), the
heat constants from the catalog; every one is cited in ``Footprint.sources``. This
module imports NumPy, so it is only imported when a footprint is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wattprint.catalog.resolve import (
    DEFAULT_GRID,
    chain_constants,
    constant_value,
    default_value,
    facility_factors,
    grid_basis_notes,
    grid_factors,
)
from wattprint.chain import Footprint, run_chain, summarise
from wattprint.chain.state import Basis, Value
from wattprint.measure.config import TrackerConfig
from wattprint.measure.result import DeviceEnergy, RunResult
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.uncertain import Samples, Uncertain

J_PER_KWH = 3.6e6
DEFAULT_FACILITY = "workstation"
MEASURED_METHODS = ("counter", "integrated_power")


@dataclass
class ChainInputs:
    """Chain inputs of a measured run, with their sources and notes."""

    values: dict[str, Value] = field(default_factory=dict)
    uncertain: dict[str, Samples] = field(default_factory=dict)
    sources: list[SourceRef] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    basis: dict[str, Basis] = field(default_factory=dict)

    def put(self, name: str, value: Value) -> None:
        """Set an input; remember it for the drivers when it is uncertain."""
        self.values[name] = value
        if np.ndim(value) == 1:
            self.uncertain[name] = np.asarray(value, dtype=np.float64)


def measured_footprint(
    result: RunResult,
    config: TrackerConfig,
    *,
    name: str | None = None,
    energy_scale: Value = 1.0,
    duration_s: float | None = None,
) -> Footprint:
    """The footprint of a measured run.

    Args:
        result: The measured run.
        config: Region, facility, Monte Carlo draws and seed.
        name: Name of the footprint (the run's name by default).
        energy_scale: Multiplies measured energy (a projection passes samples here).
        duration_s: Duration to use instead of the measured one (projections).

    Raises:
        CatalogLookupError: The region or facility is not in the catalog.
    """
    inputs = chain_inputs(result, config, energy_scale, duration_s)
    outputs = run_chain(inputs.values, basis=inputs.basis)
    return Footprint(
        name=name or result.name,
        kind="measurement",
        outputs=summarise(outputs, inputs.uncertain),
        scenario=_scenario(result, config, duration_s),
        sources=tuple(_unique(inputs.sources)),
        assumptions=tuple(inputs.assumptions),
        warnings=(*result.warnings, *inputs.warnings),
        samples=config.mc_samples,
        seed=config.seed,
    )


def chain_inputs(
    result: RunResult,
    config: TrackerConfig,
    energy_scale: Value = 1.0,
    duration_s: float | None = None,
) -> ChainInputs:
    """Every chain input for a measured run, as values or sample arrays."""
    inputs = ChainInputs()
    duration = result.duration_s if duration_s is None else duration_s
    for kind, key in (("accelerator", "accelerator_energy"), ("host", "host_energy")):
        devices = [d for d in result.devices if d.info.kind == kind]
        energy_j = _energy_samples(devices, config, inputs)
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
    inputs.put("accelerator_hours", accelerators * duration / 3600.0)
    _peak(result, inputs, duration)
    _grid_and_facility(config, inputs)
    _embodied(config, inputs, accelerators)
    constants, refs = chain_constants()
    inputs.values.update(constants)
    inputs.sources.extend(refs)
    _water_equivalents(config, inputs)
    _physics(result, config, inputs, accelerators)
    return inputs


def _peak(result: RunResult, inputs: ChainInputs, duration_s: float) -> None:
    """The peak IT power: absent when none was sampled, never below the run's average.

    A run too short for two samples has no peak (absent, never 0 W). Otherwise the
    peak is ``max(sampled peak, IT energy ÷ duration)`` in every sample: a power drawn
    on average was drawn at some moment, whatever the sampler caught.
    """
    if result.peak_power_w <= 0:
        return
    peak: Value = result.peak_power_w
    if duration_s > 0:
        it_kwh = inputs.values["accelerator_energy_kwh"] + inputs.values["host_energy_kwh"]
        peak = np.maximum(peak, it_kwh * J_PER_KWH / duration_s)
    # set directly, not via put: the same samples as the energy, not another driver
    inputs.values["peak_it_power_w"] = peak


def _physics(result: RunResult, config: TrackerConfig, inputs: ChainInputs, gpus: int) -> None:
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
        inputs.values["compute_energy_kwh"] = inputs.values["host_energy_kwh"]
    for name, key, used_for in (
        ("boltzmann_j_per_k", "boltzmann_j_per_k", "physics floor (k·T·ln2)"),
        ("room_temperature_k", "landauer_temperature_k", "physics.temperature"),
    ):
        value, ref = constant_value(name, used_for)
        inputs.put(key, value)
        inputs.sources.append(ref)
    bits, ref = catalog_param("bits_erased_per_flop", "physics.bits_erased_per_flop")
    inputs.put("bits_erased_per_flop", bits.sample(config.mc_samples, config.seed, "bits"))
    inputs.sources.append(ref)


def _water_equivalents(config: TrackerConfig, inputs: ChainInputs) -> None:
    """Water the heat could evaporate; in a data centre, what evaporative cooling uses."""
    value, ref = constant_value("water_latent_heat_100c_j_per_kg", "water_evaporated")
    inputs.put("water_latent_heat_100c_j_per_kg", value)
    inputs.sources.append(ref)
    if (config.facility or DEFAULT_FACILITY) == DEFAULT_FACILITY:
        return  # a machine in a room is not cooled by evaporating water
    share, share_ref = catalog_param("evaporated_share_of_heat", "cooling.evaporated_share")
    inputs.put("evaporated_share", share.sample(config.mc_samples, config.seed, "evaporated_share"))
    latent, latent_ref = constant_value(
        "water_latent_heat_25c_j_per_kg", "water_evaporated_cooling"
    )
    inputs.put("water_latent_heat_25c_j_per_kg", latent)
    inputs.sources.extend((share_ref, latent_ref))


def _energy_samples(
    devices: list[DeviceEnergy], config: TrackerConfig, inputs: ChainInputs
) -> Value:
    total: Value = 0.0
    for device in devices:
        if device.terms:
            for param, amount in device.terms:
                total = total + _param(param, device, config, inputs) * amount
        elif device.info.factor:
            total = total + device.energy_j * _param(device.info.factor, device, config, inputs)
        else:
            total = total + device.energy_j
    return total


def _param(name: str, device: DeviceEnergy, config: TrackerConfig, inputs: ChainInputs) -> Value:
    if name in inputs.values:
        return inputs.values[name]
    value, ref = catalog_param(name, f"measure.{device.info.domain}")
    samples = value.sample(config.mc_samples, config.seed, name)
    inputs.put(name, samples)
    inputs.sources.append(ref)
    return samples


def catalog_param(name: str, used_for: str) -> tuple[Uncertain, SourceRef]:
    """A ``defaults.csv`` row as an uncertain value in the row's own unit, and its source.

    The unit is the one the row's name carries (``_w``, ``_w_per_gb``, a plain factor),
    the same unit the sensor's terms are counted in.
    """
    item = default_value(name, used_for, "raw")
    assert item.source is not None  # catalog rows always carry one
    return item.value, item.source


def _grid_and_facility(config: TrackerConfig, inputs: ChainInputs) -> None:
    region = config.region or DEFAULT_GRID
    if config.region is None:
        inputs.warnings.append(
            f"no region given: carbon and off-site water use the {DEFAULT_GRID} average; "
            "pass region=... (or --region, WATTPRINT_REGION) for the local grid"
        )
    facility = config.facility or DEFAULT_FACILITY
    if config.facility is None:
        inputs.assumptions.append(
            f"facility {DEFAULT_FACILITY!r} (PUE 1, no cooling water): the machine was "
            "measured as it stands; pass facility=... for a data centre's overhead"
        )
    resolved = {**grid_factors(region), **facility_factors(facility)}
    for key, item in resolved.items():
        inputs.put(key, item.value.sample(config.mc_samples, config.seed, key))
        if item.source is not None:
            inputs.sources.append(item.source)
    if "water_offsite_l_per_kwh" not in resolved:
        inputs.assumptions.append(f"no off-site water figure for grid {region}")
    statement, warning = grid_basis_notes(region)
    inputs.assumptions.append(statement)
    if warning:
        inputs.warnings.append(warning)


def _embodied(config: TrackerConfig, inputs: ChainInputs, accelerators: int) -> None:
    for key, row, dimension in (
        ("embodied_co2e_kg_per_accelerator", "embodied_co2e_kg_per_accelerator", "mass"),
        ("accelerator_lifetime_s", "accelerator_lifetime_years", "time"),
    ):
        item = default_value(row, "embodied carbon", dimension)
        inputs.put(key, item.value.sample(config.mc_samples, config.seed, key))
        if item.source is not None and accelerators:
            inputs.sources.append(item.source)
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
        "facility": config.facility or DEFAULT_FACILITY,
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


def _unique(refs: list[SourceRef]) -> list[SourceRef]:
    seen: set[tuple[str, str]] = set()
    out: list[SourceRef] = []
    for ref in refs:
        if (ref.ref, ref.used_for) not in seen:
            seen.add((ref.ref, ref.used_for))
            out.append(ref)
    return out
