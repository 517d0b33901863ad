"""Waste heat put to use: recovered, lifted by a heat pump, and used where it has a sink.

A heat pump takes the recovered low-temperature heat ``Q_r`` and electricity ``W`` and
delivers ``Q_d = Q_r + W`` at district-heating temperature, with ``COP = Q_d / W``. So

- ``heat_recoverable_kwh = heat_kwh × heat_recoverable_share``
- ``heat_pump_cop``: given, or from the temperatures, ``COP = carnot_share × T_sink /
  (T_sink − T_source)`` (kelvin): a real machine reaches a share of Carnot's limit
  ``T_sink / (T_sink − T_source)``; an air-cooled hall at 30 °C lifted to an 80 °C network
  has a Carnot COP of 353.15 / 50 = 7.06, a liquid-cooled rack at 45 °C 353.15 / 35 = 10.09
- ``heat_rejected_kwh = heat_kwh − heat_recoverable_kwh`` (per sample: the Sankey's flow)
- ``heat_delivered_kwh = heat_recoverable_kwh × COP / (COP − 1)`` (what the pump could
  deliver if every hour of the run had a taker)
- ``heat_used_kwh = heat_delivered_kwh × heat_sink_share``: only heat with a sink counts;
  a space-heating network takes heat in its heating season, so the share is
  ``season_days / 365.25 + hot_water_share × (1 − season_days / 365.25)`` (the run
  assumed spread evenly over the year)
- ``heat_pump_energy_kwh = heat_used_kwh / COP`` (the pump runs when the heat is taken)
- ``homes_heated = heat_used_kwh / home_heating_kwh_per_year`` (home-years: homes heated
  for one heating season); ``area_heated`` likewise per m²
- ``carbon_avoided_kg = heat_used_kwh × replaced_heat_co2e_kg_per_kwh
  − heat_pump_energy_kwh × carbon_intensity_g_per_kwh / 1000``

Without a ``heat_sink_share`` input every delivered kWh is taken as used (the old,
optimistic reading), so the share should always be given by a producer.

Example: 1,000 kWh recovered at COP 4 gives 1,333.3 kWh delivered; with a 182-day season
and no hot water on the network, 1,333.3 × 182 / 365.25 = 664.4 kWh is used, for 166.1
kWh of electricity; against a gas boiler at 0.224 kg/kWh and a 500 g/kWh grid, 148.8 −
83.0 = 65.8 kg CO2e avoided.
"""

from __future__ import annotations

from wattprint.chain.state import ChainState, Stage, Value


def delivered_heat_kwh(recovered_kwh: Value, cop: Value) -> Value:
    """Heat a heat pump delivers from ``recovered_kwh`` of source heat at ``cop`` (> 1)."""
    return recovered_kwh * cop / (cop - 1.0)


def carnot_cop(source_k: Value, sink_k: Value) -> Value:
    """Carnot's heating COP ``T_sink / (T_sink − T_source)``, the most any heat pump reaches.

    Example: ``carnot_cop(303.15, 353.15)`` = 353.15 / 50 = 7.063.
    """
    return sink_k / (sink_k - source_k)


def _cop(s: ChainState) -> None:
    if s.has("heat_source_temperature_k", "heat_sink_temperature_k"):
        carnot = carnot_cop(s.x("heat_source_temperature_k"), s.x("heat_sink_temperature_k"))
        s.put("heat_pump_cop_carnot", carnot, "×")
    if s.has("heat_pump_cop"):
        s.put("heat_pump_cop", s.x("heat_pump_cop"), "×")
    elif s.has("heat_pump_carnot_share") and "heat_pump_cop_carnot" in s.outputs:
        s.put("heat_pump_cop", s.x("heat_pump_carnot_share") * s.out("heat_pump_cop_carnot"), "×")


def _recover(s: ChainState) -> None:
    recovered = s.out("heat") * s.x("heat_recoverable_share")
    cop = s.out("heat_pump_cop")
    delivered = delivered_heat_kwh(recovered, cop)
    used = delivered * s.x("heat_sink_share") if s.has("heat_sink_share") else delivered
    s.put("heat_recoverable", recovered, "kWh")
    s.put("heat_rejected", s.out("heat") - recovered, "kWh")
    s.put("heat_delivered", delivered, "kWh")
    s.put("heat_used", used, "kWh")
    s.put("heat_pump_energy", used / cop, "kWh")


def _homes(s: ChainState) -> None:
    s.put("homes_heated", s.out("heat_used") / s.x("home_heating_kwh_per_year"), "home-years")


def _area(s: ChainState) -> None:
    s.put("area_heated", s.out("heat_used") / s.x("home_heating_kwh_per_m2_year"), "m2-years")


def _homes_heatable(s: ChainState) -> None:
    s.put("homes_heatable", s.out("heat") / s.x("home_heating_kwh_per_year"), "home-years")


def _carbon(s: ChainState) -> None:
    boiler = s.out("heat_used") * s.x("replaced_heat_co2e_kg_per_kwh")
    pump = s.out("heat_pump_energy") * s.x("carbon_intensity_g_per_kwh") / 1e3
    s.put("carbon_avoided", boiler - pump, "kg CO2e")


STAGES = (
    Stage("homes_heatable", _homes_heatable, ("home_heating_kwh_per_year",), ("heat",)),
    Stage("heat_pump_cop", _cop, ("heat_recoverable_share",)),
    Stage("heat_reuse", _recover, ("heat_recoverable_share",), ("heat", "heat_pump_cop")),
    Stage("homes_heated", _homes, ("home_heating_kwh_per_year",), ("heat_used",)),
    Stage("area_heated", _area, ("home_heating_kwh_per_m2_year",), ("heat_used",)),
    Stage(
        "carbon_avoided",
        _carbon,
        ("replaced_heat_co2e_kg_per_kwh", "carbon_intensity_g_per_kwh"),
        ("heat_pump_energy",),
    ),
)
