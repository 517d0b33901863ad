"""Heat: all facility energy ends as heat, and what that heat could do.

- ``heat_kwh = facility_energy_kwh`` (first law: the electricity a data centre draws
  leaves it as heat; the tiny share stored in bits or radiated as light is neglected)
- water brought to the boil from ``T0``:
  ``m3 = heat_kwh × 3.6e6 / (c_p × (100 °C − T0) × ρ)``; optionally evaporated too
  (``+ L_v`` per kg), from 0 °C (ice water, the seed article's case) and from 20 °C
- Olympic pools: that volume ÷ ``olympic_pool_m3``
- households' yearly electricity: ``facility_energy_kwh ÷ household_electricity_kwh_per_year_*``
"""

from __future__ import annotations

from wattprint.chain.state import ChainState, Stage, Value
from wattprint.quantity.units import J_PER_KWH

BOILING_K = 373.15
FREEZING_K = 273.15


def water_boiled_m3(
    heat_kwh: Value,
    *,
    start_k: float,
    specific_heat_j_per_kg_k: Value,
    density_kg_per_m3: Value,
    latent_heat_j_per_kg: Value = 0.0,
) -> Value:
    """Cubic metres of water that ``heat_kwh`` brings from ``start_k`` to the boil.

    With ``latent_heat_j_per_kg`` > 0 the water is also boiled off (evaporated).
    """
    per_kg = specific_heat_j_per_kg_k * (BOILING_K - start_k) + latent_heat_j_per_kg
    return heat_kwh * J_PER_KWH / (per_kg * density_kg_per_m3)


def _heat(s: ChainState) -> None:
    s.put("heat", s.out("facility_energy"), "kWh")


def _boiling(s: ChainState) -> None:
    kw = {
        "specific_heat_j_per_kg_k": s.x("water_specific_heat_j_per_kg_k"),
        "density_kg_per_m3": s.x("water_density_kg_per_m3"),
    }
    s.put("water_boiled_from_0c", water_boiled_m3(s.out("heat"), start_k=FREEZING_K, **kw), "m3")
    s.put(
        "water_boiled_from_20c",
        water_boiled_m3(s.out("heat"), start_k=FREEZING_K + 20, **kw),
        "m3",
    )


def _pools(s: ChainState) -> None:
    s.put("olympic_pools_boiled", s.out("water_boiled_from_0c") / s.x("olympic_pool_m3"), "pools")


def _households(s: ChainState) -> None:
    for region in ("cn", "us"):
        per_year = s.x(f"household_electricity_kwh_per_year_{region}")
        s.put(
            f"households_electricity_{region}",
            s.out("facility_energy") / per_year,
            "household-years",
        )


STAGES = (
    Stage("heat", _heat, (), ("facility_energy",)),
    Stage(
        "boiling",
        _boiling,
        ("water_specific_heat_j_per_kg_k", "water_density_kg_per_m3"),
        ("heat",),
    ),
    Stage("pools", _pools, ("olympic_pool_m3",), ("water_boiled_from_0c",)),
    Stage(
        "households",
        _households,
        ("household_electricity_kwh_per_year_cn", "household_electricity_kwh_per_year_us"),
        ("facility_energy",),
    ),
)
