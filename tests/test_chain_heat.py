"""Heat and its equivalents, by hand: the seed article's 24 GWh of ice water."""

from __future__ import annotations

import pytest

from wattprint.chain import run_chain
from wattprint.chain.heat import water_boiled_m3

CONSTANTS = {
    "water_specific_heat_j_per_kg_k": 4186.0,
    "water_density_kg_per_m3": 1000.0,
    "olympic_pool_m3": 2500.0,
    "household_electricity_kwh_per_year_cn": 2510.0,
    "household_electricity_kwh_per_year_us": 10715.0,
}


def test_24_gwh_boils_about_206_thousand_cubic_metres_of_ice_water() -> None:
    # 24e6 kWh × 3.6e6 J/kWh = 8.64e13 J; ÷ (4186 J/kg/K × 100 K) = 2.064e8 kg = 206,402 m3
    m3 = water_boiled_m3(
        24e6, start_k=273.15, specific_heat_j_per_kg_k=4186.0, density_kg_per_m3=1000.0
    )
    assert m3 == pytest.approx(206_402.3, rel=1e-6)


def test_boiling_off_adds_the_latent_heat() -> None:
    # 1 kWh = 3.6e6 J; per kg: 4186 × 80 + 2.2564e6 = 2.59128e6 J -> 1.3893 kg = 1.3893e-3 m3
    m3 = water_boiled_m3(
        1.0,
        start_k=293.15,
        specific_heat_j_per_kg_k=4186.0,
        density_kg_per_m3=1000.0,
        latent_heat_j_per_kg=2.2564e6,
    )
    assert m3 == pytest.approx(3.6e6 / (4186 * 80 + 2.2564e6) / 1000)


def test_heat_equals_facility_energy_and_its_equivalents() -> None:
    out = run_chain(
        {"accelerator_energy_kwh": 24e6, "host_energy_kwh": 0.0, "pue": 1.0, **CONSTANTS}
    )
    assert out["heat"].samples == out["facility_energy"].samples == 24e6
    assert out["water_boiled_from_0c"].samples == pytest.approx(206_402.3, rel=1e-6)
    assert out["water_boiled_from_20c"].samples == pytest.approx(206_402.3 * 100 / 80, rel=1e-6)
    assert out["olympic_pools_boiled"].samples == pytest.approx(82.56, rel=1e-3)
    assert out["households_electricity_cn"].samples == pytest.approx(24e6 / 2510)
    assert out["households_electricity_us"].samples == pytest.approx(24e6 / 10715)
