"""The spine of the chain: accelerator energy -> IT energy -> facility energy -> carbon, water.

Formulas (units in names):

- ``it_energy_kwh = accelerator_energy_kwh + host_energy_kwh``
- ``facility_energy_kwh = it_energy_kwh × pue``            (PUE = facility ÷ IT energy)
- ``facility_overhead_kwh = facility_energy_kwh − it_energy_kwh`` per sample (cooling and
  power delivery; its band is the band of the difference, not a difference of medians)
- ``carbon_operational_kg = facility_energy_kwh × carbon_intensity_g_per_kwh / 1000``
- ``carbon_embodied_kg = embodied_co2e_kg_per_accelerator × accelerator_hours × 3600
  / accelerator_lifetime_s``                               (straight-line amortisation)
- ``water_onsite_l = it_energy_kwh × wue_onsite_l_per_kwh``  (WUE is per IT kWh)
- ``water_offsite_l = facility_energy_kwh × water_offsite_l_per_kwh`` (water consumed by
  the power plants; Li et al. 2023's split, never summed with on-site silently)
- ``average_power_mw = facility_energy_kwh / hours / 1000`` (annual PUE: energy)
- ``peak_power_mw = max(peak_it_power_w × pue_design_day / 1e6, average_power_mw)``: the
  grid connection is sized for the hottest design day, so the peak uses the design-day
  PUE where the producer gives one (``pue`` otherwise); and a peak is never below the
  average of the same samples (a power drawn on average was drawn at some moment)
- ``cost = facility_energy_kwh × price_usd_per_kwh``
"""

from __future__ import annotations

import numpy as np

from wattprint.chain.state import Basis, ChainState, Stage
from wattprint.quantity.units import SECONDS_PER_HOUR


def _energy(s: ChainState) -> None:
    acc = s.x("accelerator_energy_kwh")
    host = s.x("host_energy_kwh")
    s.put("accelerator_energy", acc, "kWh")
    s.put("host_energy", host, "kWh")
    it = acc + host
    s.put("it_energy", it, "kWh", _combined(s, "accelerator_energy", "host_energy"))
    facility = it * s.x("pue")
    s.put("facility_energy", facility, "kWh", "modelled")
    s.put("facility_overhead", facility - it, "kWh", "modelled")


def _combined(s: ChainState, *parts: str) -> Basis:
    return "measured" if all(s.outputs[p].basis == "measured" for p in parts) else "modelled"


def _carbon(s: ChainState) -> None:
    s.put(
        "carbon_operational",
        s.out("facility_energy") * s.x("carbon_intensity_g_per_kwh") / 1e3,
        "kg CO2e",
    )


def _embodied(s: ChainState) -> None:
    hours = s.x("accelerator_hours")
    share = hours * SECONDS_PER_HOUR / s.x("accelerator_lifetime_s")
    s.put("carbon_embodied", s.x("embodied_co2e_kg_per_accelerator") * share, "kg CO2e")


def _total_carbon(s: ChainState) -> None:
    s.put("carbon_total", s.out("carbon_operational") + s.out("carbon_embodied"), "kg CO2e")


def _water(s: ChainState) -> None:
    s.put("water_onsite", s.out("it_energy") * s.x("wue_onsite_l_per_kwh"), "L")


def _water_offsite(s: ChainState) -> None:
    s.put("water_offsite", s.out("facility_energy") * s.x("water_offsite_l_per_kwh"), "L")


def _power(s: ChainState) -> None:
    pue = s.x("pue_design_day") if s.has("pue_design_day") else s.x("pue")
    peak = s.x("peak_it_power_w") * pue / 1e6
    if "average_power" in s.outputs:
        peak = np.maximum(peak, s.out("average_power"))
    s.put("peak_power", peak, "MW")


def _average_power(s: ChainState) -> None:
    hours = s.x("duration_s") / SECONDS_PER_HOUR
    s.put("average_power", s.out("facility_energy") / hours / 1e3, "MW")


def _cost(s: ChainState) -> None:
    s.put("cost", s.out("facility_energy") * s.x("price_usd_per_kwh"), "USD")


STAGES = (
    Stage("energy", _energy, ("accelerator_energy_kwh", "host_energy_kwh", "pue")),
    Stage("carbon", _carbon, ("carbon_intensity_g_per_kwh",), ("facility_energy",)),
    Stage(
        "embodied",
        _embodied,
        ("accelerator_hours", "accelerator_lifetime_s", "embodied_co2e_kg_per_accelerator"),
    ),
    Stage("carbon_total", _total_carbon, (), ("carbon_operational", "carbon_embodied")),
    Stage("water_onsite", _water, ("wue_onsite_l_per_kwh",), ("it_energy",)),
    Stage("water_offsite", _water_offsite, ("water_offsite_l_per_kwh",), ("facility_energy",)),
    Stage("average_power", _average_power, ("duration_s",), ("facility_energy",)),
    Stage("peak_power", _power, ("peak_it_power_w", "pue")),
    Stage("cost", _cost, ("price_usd_per_kwh",), ("facility_energy",)),
)
