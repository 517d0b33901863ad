"""The chain's spine, checked against arithmetic done by hand."""

from __future__ import annotations

import numpy as np
import pytest

from wattprint.chain import run_chain

BASE = {
    "accelerator_energy_kwh": 1000.0,
    "host_energy_kwh": 250.0,
    "pue": 1.2,
    "carbon_intensity_g_per_kwh": 400.0,
    "wue_onsite_l_per_kwh": 0.5,
    "water_offsite_l_per_kwh": 3.0,
    "accelerator_hours": 2500.0,
    "embodied_co2e_kg_per_accelerator": 438.3,
    "accelerator_lifetime_s": 5 * 365.25 * 86400,
    "peak_it_power_w": 600_000.0,
    "duration_s": 2.5 * 3600,
    "price_usd_per_kwh": 0.1,
}


def test_energy_carbon_water_power_cost_by_hand() -> None:
    out = run_chain(BASE)
    assert out["it_energy"].samples == 1250.0  # 1000 + 250
    assert out["facility_energy"].samples == pytest.approx(1500.0)  # 1250 × 1.2
    assert out["carbon_operational"].samples == pytest.approx(600.0)  # 1500 kWh × 0.4 kg/kWh
    # 438.3 kg × 2500 h / (5 × 8766 h) = 25.0 kg
    assert out["carbon_embodied"].samples == pytest.approx(25.0)
    assert out["carbon_total"].samples == pytest.approx(625.0)
    assert out["water_onsite"].samples == pytest.approx(625.0)  # 1250 IT kWh × 0.5 L
    assert out["water_offsite"].samples == pytest.approx(4500.0)  # 1500 kWh × 3 L
    assert out["peak_power"].samples == pytest.approx(0.72)  # 600 kW × 1.2 = 0.72 MW
    assert out["average_power"].samples == pytest.approx(0.6)  # 1500 kWh / 2.5 h = 600 kW
    assert out["cost"].samples == pytest.approx(150.0)
    assert out["facility_energy"].unit == "kWh"
    assert out["carbon_operational"].unit == "kg CO2e"


def test_stages_without_their_inputs_are_skipped_not_zeroed() -> None:
    inputs = {k: v for k, v in BASE.items() if k not in ("price_usd_per_kwh", "duration_s")}
    out = run_chain(inputs)
    assert "cost" not in out
    assert "average_power" not in out
    assert "facility_energy" in out


def test_arrays_broadcast_against_fixed_values() -> None:
    pue = np.array([1.1, 1.2, 1.3])
    out = run_chain({**BASE, "pue": pue})
    assert np.allclose(out["facility_energy"].samples, 1250.0 * pue)


def test_measured_components_keep_their_basis() -> None:
    out = run_chain(BASE, basis={"accelerator_energy": "measured", "host_energy": "measured"})
    assert out["accelerator_energy"].basis == "measured"
    assert out["it_energy"].basis == "measured"
    assert out["facility_energy"].basis == "modelled"  # PUE is modelled
    out = run_chain(BASE, basis={"accelerator_energy": "measured"})
    assert out["it_energy"].basis == "modelled"
