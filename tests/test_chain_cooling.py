"""Water turned to vapour, by hand: boiled off, and evaporated in wet cooling towers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattprint.chain import run_chain
from wattprint.chain.cooling import evaporation_l_per_kwh, water_boiled_off_m3
from wattprint.errors import ScenarioError
from wattprint.estimate import estimate, scenario_from_dict
from wattprint.examples import example_path

WATER = {
    "water_specific_heat_j_per_kg_k": 4186.0,
    "water_density_kg_per_m3": 1000.0,
    "water_latent_heat_100c_j_per_kg": 2_256_400.0,
    "water_latent_heat_25c_j_per_kg": 2_441_700.0,
}
BASE = {"accelerator_energy_kwh": 1000.0, "host_energy_kwh": 0.0, "pue": 1.0, **WATER}


def test_evaporating_all_the_heat_takes_1_47_litres_per_kwh() -> None:
    # 3.6e6 J / 2,441,700 J/kg = 1.47438 kg = 1.47438 L (at 1000 kg/m³)
    assert evaporation_l_per_kwh(1.0, 2_441_700.0, 1000.0) == pytest.approx(1.474382, rel=1e-6)


def test_boiling_off_one_kwh_of_ice_water() -> None:
    # per kg: 4186 × 100 + 2,256,400 = 2,675,000 J; 3.6e6 / 2.675e6 = 1.34579 kg = 1.34579e-3 m³
    m3 = water_boiled_off_m3(
        1.0,
        start_k=273.15,
        specific_heat_j_per_kg_k=4186.0,
        density_kg_per_m3=1000.0,
        latent_heat_j_per_kg=2_256_400.0,
    )
    assert m3 == pytest.approx(1.345794e-3, rel=1e-6)


def test_cooling_tower_water_from_the_heat() -> None:
    out = run_chain({**BASE, "evaporated_share": 0.8})
    # 1000 kWh × 0.8 × 1.474382 L/kWh = 1179.51 L
    assert out["water_evaporated_cooling"].samples == pytest.approx(1179.51, rel=1e-5)
    assert out["water_evaporated_cooling"].unit == "L"
    # 1000 kWh boiled off from 0 °C: 1000 × 1.345794e-3 = 1.345794 m³
    assert out["water_evaporated"].samples == pytest.approx(1.345794, rel=1e-6)
    assert "boiling_water" not in out  # only with a chosen start temperature


def test_boiling_water_from_a_chosen_start_temperature() -> None:
    out = run_chain({**BASE, "boil_start_temperature_k": 293.15})
    # 1000 kWh × 3.6e6 J / (4186 × 80 J/kg) = 10,750.1 kg = 10.7501 m³
    assert out["boiling_water"].samples == pytest.approx(10.7501, rel=1e-5)
    # and boiled off from 20 °C: 3.6e9 / (334,880 + 2,256,400 = 2,591,280) / 1000 = 1.38927 m³
    assert out["water_evaporated"].samples == pytest.approx(1.38927, rel=1e-5)


@given(st.floats(0.0, 1.0), st.floats(1.0, 1e9))
def test_evaporated_water_is_linear_in_heat_and_share(share: float, kwh: float) -> None:
    out = run_chain({**BASE, "accelerator_energy_kwh": kwh, "evaporated_share": share})
    expected = kwh * share * 3.6e6 / 2_441_700.0
    assert out["water_evaporated_cooling"].samples == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_physics_and_wue_water_are_reported_separately() -> None:
    fp = estimate(example_path("gpt4-press"), samples=500)
    assert {"water_onsite", "water_offsite", "water_evaporated_cooling"} <= set(fp.outputs)
    assert "water_total" not in fp.outputs
    assert any("evaporated_share" in a for a in fp.assumptions)


def test_lake_cooled_site_evaporates_little() -> None:
    fp = estimate(example_path("qiandao-lake"), samples=500)
    heat_kwh = fp["heat"].p50
    # at most 10% of the heat through wet towers: ≤ 0.1 × 1.474 L/kWh
    assert fp["water_evaporated_cooling"].p95 <= heat_kwh * 0.1 * 1.4744 * 1.05


def test_evaporated_share_above_one_is_rejected() -> None:
    with pytest.raises(ScenarioError, match="cooling.evaporated_share: value out of range"):
        scenario_from_dict(
            {
                "name": "t",
                "hardware": {"accelerator": "A100", "count": 8},
                "training": {"duration": "1 day"},
                "cooling": {"evaporated_share": 1.5},
            }
        )
