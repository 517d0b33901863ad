"""Inputs for the chain's later links (physics floor, cooling water, grid load, heat reuse).

Called at the end of :func:`wattprint.estimate.model.build_inputs`, once the core inputs
(accelerator-hours, energy, peak power, site) are in ``c.inputs``. Scenario sections:

- ``physics``: ``temperature`` (default ``room_temperature_k``), ``bits_erased_per_flop``
  (default: an unsourced assumption, shown as one). Where the work's FLOPs are not
  known (sized by duration or accelerator-hours, or a dedicated inference fleet), they
  are derived for the floor only: ``FLOPs = accelerator-hours × 3600 × peak FLOP/s ×
  MFU`` (the MFU default of the workload's kind), and the result says so.
- ``heat``: ``water_start_temperature`` (adds ``boiling_water``; ``water_evaporated``
  starts there too, else at 0 °C), ``climate`` (``cn_north`` | ``nordic``: homes-heated
  equivalents).
- ``cooling``: ``evaporated_share`` of the rejected heat that evaporates water (default:
  a wet cooling tower, sourced).
- ``grid_load``: ``sites`` (split the cluster evenly), ``compare_to`` (reference loads).
- ``heat_reuse``: ``recoverable_share``, ``heat_pump_cop``, ``climate``, ``replaces``
  (``gas`` | ``coal``); the section's presence turns heat reuse on.
"""

from __future__ import annotations

from dataclasses import replace

from wattprint.catalog import accelerators, reference_loads
from wattprint.catalog.resolve import default_value
from wattprint.chain.grid import SHARE_PREFIX, reference_input, reference_slug
from wattprint.estimate.fields import list_items
from wattprint.estimate.inputs import InputCollector
from wattprint.estimate.reuse_inputs import reuse_inputs
from wattprint.estimate.scenario import Scenario
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.uncertain import Uncertain
from wattprint.quantity.units import SECONDS_PER_HOUR


def build_extra_inputs(c: InputCollector) -> None:
    """Add the inputs of the physics, cooling, grid-load and heat-reuse stages."""
    _physics(c)
    _heat(c)
    _cooling(c)
    _grid(c)
    if "heat_reuse" in c.scenario.raw:
        _reuse(c)


def with_sites(scenario: Scenario, sites: int) -> Scenario:
    """The scenario with ``grid_load.sites`` set (``wattprint estimate --sites N``)."""
    raw = dict(scenario.raw)
    raw["grid_load"] = {**(raw.get("grid_load") or {}), "sites": sites}
    values = {**scenario.values, "grid_load.sites": Uncertain.fixed(float(sites), "count")}
    return replace(scenario, values=values, raw=raw)


def _physics(c: InputCollector) -> None:
    s = c.scenario
    if s.has("physics.temperature"):
        c.inputs["landauer_temperature_k"] = c.given("physics.temperature")
    else:
        c.inputs["landauer_temperature_k"] = c.constant("room_temperature_k", "physics.temperature")
    c.inputs["boltzmann_j_per_k"] = c.constant("boltzmann_j_per_k", "physics floor (k·T·ln2)")
    if "work_flops" not in c.inputs and not _derive_flops(c):
        return
    c.inputs["bits_erased_per_flop"] = c.given_or_default(
        "physics.bits_erased_per_flop", "bits_erased_per_flop", "count"
    )


def _derive_flops(c: InputCollector) -> bool:
    """FLOPs from accelerator-hours × peak × MFU default, for the physics floor only."""
    s = c.scenario
    precision = s.texts.get("hardware.precision", "bf16")
    peak = accelerators().get(s.texts["hardware.accelerator"]).peak_flops(precision)
    if peak is None:
        c.warnings.append(f"no {precision} peak FLOP/s in the catalog: no physics floor")
        return False
    if s.kind == "training":
        mfu = c.given_or_default("training.mfu", "mfu_training", "ratio")
    else:
        mfu = c.resolved(
            "physics floor MFU (default)",
            default_value("mfu_inference", "physics floor FLOPs", "ratio"),
        )
    c.inputs["work_flops"] = c.inputs["accelerator_hours"] * SECONDS_PER_HOUR * peak * mfu
    c.assumptions.append(
        f"work FLOPs not known: FLOPs = accelerator-hours × 3600 × peak {precision} FLOP/s "
        "× MFU (used for the physics floor only)"
    )
    return True


def _heat(c: InputCollector) -> None:
    s = c.scenario
    if s.has("heat.water_start_temperature"):
        c.inputs["boil_start_temperature_k"] = c.given("heat.water_start_temperature")
    c.inputs["water_latent_heat_100c_j_per_kg"] = c.constant(
        "water_latent_heat_100c_j_per_kg", "water_evaporated"
    )
    climate = s.texts.get("heat_reuse.climate") or s.texts.get("heat.climate")
    if climate is None:
        return
    used_for = "heat_reuse.climate" if s.has("heat_reuse.climate") else "heat.climate"
    c.inputs["home_heating_kwh_per_year"] = c.constant(
        f"home_heating_kwh_per_year_{climate}", used_for
    )
    c.inputs["home_heating_kwh_per_m2_year"] = c.constant(
        f"home_heating_kwh_per_m2_year_{climate}", used_for
    )


def _cooling(c: InputCollector) -> None:
    c.inputs["evaporated_share"] = c.given_or_default(
        "cooling.evaporated_share", "evaporated_share_of_heat", "ratio"
    )
    c.inputs["water_latent_heat_25c_j_per_kg"] = c.constant(
        "water_latent_heat_25c_j_per_kg", "water_evaporated_cooling"
    )


def _grid(c: InputCollector) -> None:
    s = c.scenario
    if s.has("grid_load.sites"):
        c.inputs["grid_sites"] = c.given("grid_load.sites")
    for ref_id in list_items(s.texts.get("grid_load.compare_to", "")):
        row = reference_loads().get(ref_id)
        c.inputs[reference_input(row.id)] = row.power_mw
        note = "shaky: secondary or derived figure" if "[shaky]" in row.notes else ""
        c.cite(
            SourceRef(
                f"reference_loads:{row.id}",
                f"grid_load.compare_to ({SHARE_PREFIX}{reference_slug(row.id)})",
                f"{row.name}: {row.power_mw:g} MW ({row.basis.replace('_', ' ')})",
                row.source,
                row.year,
                note,
            )
        )


def _reuse(c: InputCollector) -> None:
    s = c.scenario
    reuse_inputs(c)
    fuel = s.texts.get("heat_reuse.replaces")
    if fuel is None:
        c.warnings.append("heat_reuse.replaces not given: no carbon_avoided")
        return
    item = default_value(f"{fuel}_boiler_co2e_kg_per_kwh_heat", "heat_reuse.replaces", "raw")
    c.inputs["replaced_heat_co2e_kg_per_kwh"] = c.resolved(f"heat_reuse.replaces ({fuel})", item)
