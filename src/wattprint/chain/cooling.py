"""Water turned to vapour by the heat: boiled off (a thought experiment) and evaporated in
cooling towers (what wet cooling really consumes).

- ``boiling_water_m3 = heat_kwh × 3.6e6 / (c_p × (100 °C − T0) × ρ)``: water brought to the
  boil from a chosen start temperature ``T0`` (only when the scenario names one; the
  0 °C and 20 °C cases are always in ``heat``'s outputs)
- ``water_evaporated_m3 = heat_kwh × 3.6e6 / ((c_p × (100 °C − T0) + L_v(100 °C)) × ρ)``:
  the same water heated to the boil *and* boiled off (T0 default 0 °C, the article's
  ice water)
- ``water_evaporated_cooling_l = heat_kwh × evaporated_share × 3.6e6 / L_v(25 °C)
  / ρ × 1000``: litres an evaporative (wet) cooling tower loses carrying the heat away;
  at ``evaporated_share = 1``: 3.6e6 / 2,441,700 J/kg = 1.474 kg ≈ 1.47 L per kWh of heat.
  The heat is all the facility's heat (IT plus overhead: an upper bound; the IT share
  alone is ``1 / PUE`` of it). Dry coolers, air economisers and lake or sea water
  evaporate nothing on site (``evaporated_share = 0``). This physics figure is reported
  beside the WUE-based ``water_onsite`` and the grid's ``water_offsite``, never summed
  with them: they answer different questions.
"""

from __future__ import annotations

from wattprint.chain.state import ChainState, Stage, Value
from wattprint.quantity.units import J_PER_KWH, L_PER_M3

BOILING_K = 373.15
FREEZING_K = 273.15


def water_boiled_off_m3(
    heat_kwh: Value,
    *,
    start_k: Value,
    specific_heat_j_per_kg_k: Value,
    density_kg_per_m3: Value,
    latent_heat_j_per_kg: Value,
) -> Value:
    """Cubic metres of water that ``heat_kwh`` heats from ``start_k`` to 100 °C and boils off.

    Example: 1 kWh from 0 °C with c_p 4186, L_v 2,256,400 J/kg, ρ 1000 kg/m³:
    3.6e6 / ((4186 × 100 + 2,256,400) × 1000) = 3.6e6 / 2.675e9 = 1.3458e-3 m³ (1.35 L).
    """
    per_kg = specific_heat_j_per_kg_k * (BOILING_K - start_k) + latent_heat_j_per_kg
    return heat_kwh * J_PER_KWH / (per_kg * density_kg_per_m3)


def evaporation_l_per_kwh(
    evaporated_share: Value, latent_heat_j_per_kg: Value, density_kg_per_m3: Value
) -> Value:
    """Litres evaporated per kWh of heat rejected, when ``evaporated_share`` leaves as vapour.

    Example: ``evaporation_l_per_kwh(1.0, 2_441_700, 1000)`` = 3.6e6 / 2,441,700 / 1000
    × 1000 = 1.4744 L/kWh.
    """
    return evaporated_share * J_PER_KWH / latent_heat_j_per_kg / density_kg_per_m3 * L_PER_M3


def _water_props(s: ChainState) -> dict[str, Value]:
    return {
        "specific_heat_j_per_kg_k": s.x("water_specific_heat_j_per_kg_k"),
        "density_kg_per_m3": s.x("water_density_kg_per_m3"),
    }


def _boiling(s: ChainState) -> None:
    m3 = water_boiled_off_m3(
        s.out("heat"),
        start_k=s.x("boil_start_temperature_k"),
        latent_heat_j_per_kg=0.0,
        **_water_props(s),
    )
    s.put("boiling_water", m3, "m3")


def _evaporated(s: ChainState) -> None:
    start_k = s.x("boil_start_temperature_k") if s.has("boil_start_temperature_k") else FREEZING_K
    m3 = water_boiled_off_m3(
        s.out("heat"),
        start_k=start_k,
        latent_heat_j_per_kg=s.x("water_latent_heat_100c_j_per_kg"),
        **_water_props(s),
    )
    s.put("water_evaporated", m3, "m3")


def _cooling(s: ChainState) -> None:
    per_kwh = evaporation_l_per_kwh(
        s.x("evaporated_share"),
        s.x("water_latent_heat_25c_j_per_kg"),
        s.x("water_density_kg_per_m3"),
    )
    s.put("water_evaporated_cooling", s.out("heat") * per_kwh, "L")


_PROPS = ("water_specific_heat_j_per_kg_k", "water_density_kg_per_m3")

STAGES = (
    Stage("boiling_water", _boiling, (*_PROPS, "boil_start_temperature_k"), ("heat",)),
    Stage("water_evaporated", _evaporated, (*_PROPS, "water_latent_heat_100c_j_per_kg"), ("heat",)),
    Stage(
        "water_evaporated_cooling",
        _cooling,
        ("evaporated_share", "water_latent_heat_25c_j_per_kg", "water_density_kg_per_m3"),
        ("heat",),
    ),
)
