"""Waste heat put to use: recovered, lifted by a heat pump, delivered to homes.

A heat pump takes the recovered low-temperature heat ``Q_r`` and electricity ``W`` and
delivers ``Q_d = Q_r + W`` at district-heating temperature, with ``COP = Q_d / W``. So

- ``heat_recoverable_kwh = heat_kwh × heat_recoverable_share``
- ``heat_rejected_kwh = heat_kwh − heat_recoverable_kwh`` (per sample: the Sankey's flow)
- ``heat_delivered_kwh = heat_recoverable_kwh × COP / (COP − 1)``
- ``heat_pump_energy_kwh = heat_delivered_kwh / COP = heat_recoverable_kwh / (COP − 1)``
- ``homes_heated = heat_delivered_kwh / home_heating_kwh_per_year`` (home-years: homes
  heated for one year, or one heating season)
- ``area_heated = heat_delivered_kwh / home_heating_kwh_per_m2_year`` (m²-years)
- ``carbon_avoided_kg = heat_delivered_kwh × replaced_heat_co2e_kg_per_kwh
  − heat_pump_energy_kwh × carbon_intensity_g_per_kwh / 1000`` (the boiler's emissions
  for the same heat, minus the heat pump's electricity)

Example: 1,000 kWh recovered at COP 4 gives 1,333.3 kWh delivered for 333.3 kWh of
electricity; against a gas boiler at 0.224 kg/kWh and a 500 g/kWh grid, 298.7 − 166.7 =
132.0 kg CO2e avoided.
"""

from __future__ import annotations

from wattprint.chain.state import ChainState, Stage, Value


def delivered_heat_kwh(recovered_kwh: Value, cop: Value) -> Value:
    """Heat a heat pump delivers from ``recovered_kwh`` of source heat at ``cop`` (> 1)."""
    return recovered_kwh * cop / (cop - 1.0)


def _recover(s: ChainState) -> None:
    recovered = s.out("heat") * s.x("heat_recoverable_share")
    cop = s.x("heat_pump_cop")
    delivered = delivered_heat_kwh(recovered, cop)
    s.put("heat_recoverable", recovered, "kWh")
    s.put("heat_rejected", s.out("heat") - recovered, "kWh")
    s.put("heat_delivered", delivered, "kWh")
    s.put("heat_pump_energy", delivered / cop, "kWh")


def _homes(s: ChainState) -> None:
    s.put("homes_heated", s.out("heat_delivered") / s.x("home_heating_kwh_per_year"), "home-years")


def _area(s: ChainState) -> None:
    s.put("area_heated", s.out("heat_delivered") / s.x("home_heating_kwh_per_m2_year"), "m2-years")


def _homes_heatable(s: ChainState) -> None:
    s.put("homes_heatable", s.out("heat") / s.x("home_heating_kwh_per_year"), "home-years")


def _carbon(s: ChainState) -> None:
    boiler = s.out("heat_delivered") * s.x("replaced_heat_co2e_kg_per_kwh")
    pump = s.out("heat_pump_energy") * s.x("carbon_intensity_g_per_kwh") / 1e3
    s.put("carbon_avoided", boiler - pump, "kg CO2e")


STAGES = (
    Stage("homes_heatable", _homes_heatable, ("home_heating_kwh_per_year",), ("heat",)),
    Stage("heat_reuse", _recover, ("heat_recoverable_share", "heat_pump_cop"), ("heat",)),
    Stage("homes_heated", _homes, ("home_heating_kwh_per_year",), ("heat_delivered",)),
    Stage("area_heated", _area, ("home_heating_kwh_per_m2_year",), ("heat_delivered",)),
    Stage(
        "carbon_avoided",
        _carbon,
        ("replaced_heat_co2e_kg_per_kwh", "carbon_intensity_g_per_kwh"),
        ("heat_pump_energy",),
    ),
)
