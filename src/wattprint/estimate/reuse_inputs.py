"""Heat-reuse inputs for an estimate: recoverable share, heat-pump temperatures, the sink.

- ``heat_reuse.heat_pump_cop`` if given (checked against Carnot's limit for the source
  and sink temperatures), else ``COP = heat_pump_carnot_share × T_sink / (T_sink −
  T_source)`` with sourced defaults: an air-cooled hall's heat at 25-35 °C (``cooling:
  liquid``: 45 °C), a 70-90 °C network
- ``heat_sink_share = season / 365.25 d + hot_water_share × (1 − season / 365.25 d)``:
  the heating season by climate (Harbin 182 days, Beijing 121 days), no hot water on
  the network unless the scenario says so (northern China's district heating carries
  space heat); the Nordic figure already includes hot water all year, so its share is 1
"""

from __future__ import annotations

import numpy as np

from wattprint.catalog.resolve import constant_value
from wattprint.errors import ScenarioError
from wattprint.estimate.inputs import InputCollector
from wattprint.quantity.units import SECONDS_PER_YEAR

ZERO_C_K = 273.15


def reuse_inputs(c: InputCollector) -> None:
    """Set the recoverable share, COP or its temperatures, and the heat-sink share."""
    c.inputs["heat_recoverable_share"] = c.given_or_default(
        "heat_reuse.recoverable_share", "heat_recoverable_share", "ratio"
    )
    _temperatures(c)
    if c.scenario.has("heat_reuse.heat_pump_cop"):
        cop = c.given("heat_reuse.heat_pump_cop")
        _check_carnot(c, cop)
        c.inputs["heat_pump_cop"] = cop
    else:
        c.inputs["heat_pump_carnot_share"] = c.given_or_default(
            "heat_reuse.heat_pump_cop", "heat_pump_carnot_share", "ratio"
        )
    _sink(c)


def _temperatures(c: InputCollector) -> None:
    s = c.scenario
    cooling = s.texts.get("heat_reuse.cooling", "air")
    source = f"heat_source_temperature_{cooling}_cooled"
    c.inputs["heat_source_temperature_k"] = c.given_or_default(
        "heat_reuse.source_temperature", source, "temperature"
    )
    c.inputs["heat_sink_temperature_k"] = c.given_or_default(
        "heat_reuse.sink_temperature", "heat_sink_temperature", "temperature"
    )
    lift = np.asarray(c.inputs["heat_sink_temperature_k"] - c.inputs["heat_source_temperature_k"])
    if np.any(lift <= 1.0):
        raise ScenarioError(
            "the heating network is not warmer than the recovered heat",
            field="heat_reuse.sink_temperature",
            got=f"{float(np.min(lift)):.1f} K of lift",
            expected="a sink temperature above the source temperature",
            hint="a network colder than the heat needs no heat pump; set heat_pump_cop",
        )


def _check_carnot(c: InputCollector, cop: object) -> None:
    sink = np.asarray(c.inputs["heat_sink_temperature_k"])
    carnot = sink / (sink - np.asarray(c.inputs["heat_source_temperature_k"]))
    if np.any(np.asarray(cop) > carnot):
        raise ScenarioError(
            "heat_pump_cop is above Carnot's limit for these temperatures",
            field="heat_reuse.heat_pump_cop",
            got=f"{float(np.max(np.asarray(cop))):g}",
            expected=f"at most T_sink / (T_sink − T_source) = {float(np.min(carnot)):.2f}",
            hint="lower the COP or give heat_reuse.source_temperature / sink_temperature",
        )


def _sink(c: InputCollector) -> None:
    s = c.scenario
    climate = s.texts.get("heat_reuse.climate") or s.texts.get("heat.climate")
    if s.has("heat_reuse.heating_season"):
        season = c.given("heat_reuse.heating_season") / SECONDS_PER_YEAR
    elif climate == "nordic":
        c.assumptions.append(
            "heat reuse, nordic: the Swedish heat figure includes hot water, taken all year; "
            "every delivered kWh is counted as used"
        )
        c.inputs["heat_sink_share"] = 1.0
        return
    elif climate is not None:
        days, ref = constant_value(f"heating_season_days_{climate}", "heat_reuse.heating_season")
        c.cite(ref)
        season = days / 365.25
    else:
        c.warnings.append(
            "heat_reuse without a climate: no heating season, so heat_used counts every "
            "delivered kWh (an upper bound)"
        )
        return
    if s.has("heat_reuse.hot_water_share"):
        hot_water = c.given("heat_reuse.hot_water_share")
    else:
        hot_water = 0.0
        c.assumptions.append(
            "heat_reuse.hot_water_share not given: the network takes space heat only, in "
            "its heating season; heat recovered outside it has no sink"
        )
    c.inputs["heat_sink_share"] = season + hot_water * (1.0 - season)
