"""Heat reuse by hand: recovered heat, the heat pump's COP, homes heated, carbon avoided."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattprint.catalog.sites import heat_reuse_sites
from wattprint.chain import run_chain
from wattprint.chain.reuse import delivered_heat_kwh
from wattprint.errors import ScenarioError
from wattprint.estimate import estimate, scenario_from_dict
from wattprint.examples import example_path

BASE = {
    "accelerator_energy_kwh": 1000.0,
    "host_energy_kwh": 0.0,
    "pue": 1.0,
    "heat_recoverable_share": 1.0,
    "heat_pump_cop": 4.0,
    "carbon_intensity_g_per_kwh": 500.0,
    "replaced_heat_co2e_kg_per_kwh": 0.224,
    "home_heating_kwh_per_year": 9033.0,
    "home_heating_kwh_per_m2_year": 98.0,
}


def test_heat_pump_balance_at_cop_4() -> None:
    out = run_chain(BASE)
    # recovered 1000 kWh; delivered = 1000 × 4 / 3 = 1333.33 kWh; electricity = 1333.33 / 4
    assert out["heat_recoverable"].samples == pytest.approx(1000.0)
    assert out["heat_delivered"].samples == pytest.approx(1333.333, rel=1e-5)
    assert out["heat_pump_energy"].samples == pytest.approx(333.333, rel=1e-5)
    # 1333.33 kWh / 9033 kWh per home-year = 0.147607; / 98 kWh/m² = 13.6054 m²-years
    assert out["homes_heated"].samples == pytest.approx(0.147607, rel=1e-5)
    assert out["area_heated"].samples == pytest.approx(13.6054, rel=1e-5)
    # 1333.33 × 0.224 = 298.667 kg avoided at the boiler; 333.33 kWh × 0.5 kg = 166.667 kg
    assert out["carbon_avoided"].samples == pytest.approx(132.0, rel=1e-6)
    # all 1000 kWh of heat = 1000 / 9033 = 0.110705 homes' yearly heating
    assert out["homes_heatable"].samples == pytest.approx(0.110705, rel=1e-5)


@given(st.floats(1.01, 20.0), st.floats(0.0, 1e9))
def test_delivered_heat_is_recovered_heat_plus_electricity(cop: float, recovered: float) -> None:
    delivered = delivered_heat_kwh(recovered, cop)
    assert delivered == pytest.approx(recovered + delivered / cop, rel=1e-9, abs=1e-6)


def test_no_heat_reuse_section_no_reuse_outputs() -> None:
    fp = estimate(example_path("gpt4-press"), samples=200)
    assert not {"heat_recoverable", "homes_heated", "carbon_avoided"} & set(fp.outputs)


def test_harbin_style_site_heats_homes_and_avoids_coal() -> None:
    fp = estimate(example_path("harbin-heat-reuse"), samples=1000)
    assert fp["homes_heated"].p50 > 0
    assert fp["carbon_avoided"].p5 > 0
    refs = {s.ref for s in fp.sources}
    assert "defaults:coal_boiler_co2e_kg_per_kwh_heat" in refs
    assert "constants:home_heating_kwh_per_year_cn_harbin" in refs


def test_qiandao_lake_counts_no_homes_without_a_climate() -> None:
    fp = estimate(example_path("qiandao-lake"), samples=200)
    assert "heat_recoverable" in fp.outputs and "homes_heated" not in fp.outputs


def test_nordic_climate_uses_swedish_heat_demand() -> None:
    scenario = scenario_from_dict(
        {
            "name": "t",
            "hardware": {"accelerator": "A100", "count": 8, "power": "400 W", "host_power": "0 W"},
            "training": {"duration": "1000 h"},
            "facility": {"pue": 1.0, "grid": "SE"},
            "heat_reuse": {"recoverable_share": 1, "heat_pump_cop": 4, "climate": "nordic"},
        }
    )
    fp = estimate(scenario, samples=100)
    # 8 × 400 W × 1000 h = 3200 kWh; × 4/3 = 4266.67 kWh; / 10,744 kWh = 0.397118 homes
    assert fp["homes_heated"].p50 == pytest.approx(0.397118, rel=1e-5)


def test_cop_of_one_or_less_is_rejected() -> None:
    with pytest.raises(ScenarioError, match="heat_reuse.heat_pump_cop: value out of range"):
        scenario_from_dict(
            {
                "name": "t",
                "hardware": {"accelerator": "A100", "count": 8},
                "training": {"duration": "1 day"},
                "heat_reuse": {"heat_pump_cop": 1},
            }
        )


def test_heat_reuse_sites_say_where_no_figure_was_found() -> None:
    sites = heat_reuse_sites()
    assert not sites.get("china-mobile-harbin").found
    assert sites.get("alibaba-qiandao-lake").pue == 1.3
    odense = sites.get("meta-odense")
    assert odense.found and odense.homes_heated == 6900


def test_only_heat_in_the_heating_season_has_a_sink() -> None:
    # COP 4: 1000 kWh recovered -> 1333.33 delivered; Harbin's 182-day season:
    # 1333.33 × 182 / 365.25 = 664.39 kWh used, for 664.39 / 4 = 166.10 kWh of electricity
    out = run_chain({**BASE, "heat_sink_share": 182 / 365.25})
    assert out["heat_delivered"].samples == pytest.approx(1333.333, rel=1e-5)
    assert out["heat_used"].samples == pytest.approx(664.385, rel=1e-5)
    assert out["heat_pump_energy"].samples == pytest.approx(166.096, rel=1e-5)
    # 664.39 / 9033 = 0.073551 home-years; 664.39 × 0.224 − 166.10 × 0.5 = 65.774 kg
    assert out["homes_heated"].samples == pytest.approx(0.0735508, rel=1e-5)
    assert out["carbon_avoided"].samples == pytest.approx(65.7743, rel=1e-5)


def test_cop_from_temperatures_is_a_share_of_carnot() -> None:
    # air-cooled hall at 30 °C to an 80 °C network: Carnot 353.15 / 50 = 7.063; × 0.35 = 2.472
    # liquid-cooled racks at 45 °C: Carnot 353.15 / 35 = 10.090; × 0.35 = 3.532
    base = {k: v for k, v in BASE.items() if k != "heat_pump_cop"}
    air = run_chain(
        {
            **base,
            "heat_source_temperature_k": 303.15,
            "heat_sink_temperature_k": 353.15,
            "heat_pump_carnot_share": 0.35,
        }
    )
    liquid = run_chain(
        {
            **base,
            "heat_source_temperature_k": 318.15,
            "heat_sink_temperature_k": 353.15,
            "heat_pump_carnot_share": 0.35,
        }
    )
    assert air["heat_pump_cop_carnot"].samples == pytest.approx(7.063, rel=1e-4)
    assert air["heat_pump_cop"].samples == pytest.approx(2.47205, rel=1e-5)
    assert liquid["heat_pump_cop"].samples == pytest.approx(3.53150, rel=1e-5)
    assert liquid["heat_pump_energy"].samples < air["heat_pump_energy"].samples


def test_a_cop_above_carnot_is_rejected() -> None:
    with pytest.raises(ScenarioError, match="above Carnot's limit"):
        estimate(
            scenario_from_dict(
                {
                    "name": "t",
                    "hardware": {"accelerator": "A100", "count": 8},
                    "training": {"duration": "1 day"},
                    "heat": {"climate": "cn_north"},
                    "heat_reuse": {
                        "heat_pump_cop": 9,
                        "source_temperature": "30 °C",
                        "sink_temperature": "80 °C",
                    },
                }
            ),
            samples=50,
        )


def test_harbin_counts_its_182_day_season_not_the_whole_year() -> None:
    fp = estimate(example_path("harbin-heat-reuse"), samples=2000)
    share = fp["heat_used"].p50 / fp["heat_delivered"].p50
    assert share == pytest.approx(182 / 365.25, rel=0.02)
    assert "constants:heating_season_days_cn_harbin" in {s.ref for s in fp.sources}
