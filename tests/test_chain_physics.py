"""The physics floor by hand: Landauer's k·T·ln2, energy per FLOP, and the explainers."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattprint.chain import run_chain
from wattprint.chain.physics import (
    joule_heat_j,
    landauer_j_per_bit,
    power_density_w_per_m3,
    switching_energy_j,
)
from wattprint.estimate import estimate, scenario_from_dict
from wattprint.examples import example_path

K_B = 1.380649e-23
BASE = {
    "accelerator_energy_kwh": 1e6,
    "host_energy_kwh": 0.0,
    "pue": 1.0,
    "work_flops": 1e24,
    "bits_erased_per_flop": 16.0,
    "landauer_temperature_k": 300.0,
    "boltzmann_j_per_k": K_B,
}


def test_landauer_limit_at_300_k() -> None:
    # 1.380649e-23 J/K × 300 K = 4.141947e-21 J; × ln 2 (0.6931472) = 2.870979e-21 J
    assert landauer_j_per_bit(300.0, K_B) == pytest.approx(2.870979e-21, rel=1e-6)


def test_switching_energy_half_c_v_squared() -> None:
    # 0.5 × 8e-15 F × (1.8 V)² = 0.5 × 8e-15 × 3.24 = 1.296e-14 J (13 fJ)
    assert switching_energy_j(8e-15, 1.8) == pytest.approx(1.296e-14)


def test_joule_heat_i_squared_r_t() -> None:
    # (4.5e-4 A)² = 2.025e-7; × 4000 Ω × 1e-10 s = 8.1e-14 J
    assert joule_heat_j(4.5e-4, 4000.0, 1e-10) == pytest.approx(8.1e-14)


def test_power_density_of_100_w_in_one_cubic_centimetre() -> None:
    # 100 W / 1e-6 m³ = 1e8 W/m³, against the Sun's core at ~276.5 W/m³: 3.6e5 times
    assert power_density_w_per_m3(100.0, 1e-6) == pytest.approx(1e8)
    assert power_density_w_per_m3(100.0, 1e-6) / 276.5 == pytest.approx(361_664, rel=1e-5)


def test_floor_energy_per_flop_and_ratio() -> None:
    out = run_chain(BASE)
    # 1e24 FLOPs × 16 bits × 2.870979e-21 J = 45,935.7 J = 0.0127599 kWh
    assert out["landauer_floor"].samples == pytest.approx(0.0127599, rel=1e-5)
    assert out["landauer_floor"].unit == "kWh"
    # 1e6 kWh × 3.6e6 J/kWh / 1e24 FLOPs = 3.6e-12 J per FLOP
    assert out["energy_per_flop"].samples == pytest.approx(3.6e-12)
    # 1e6 kWh / 0.0127599 kWh = 7.837e7
    assert out["floor_ratio"].samples == pytest.approx(7.837e7, rel=1e-3)


def test_no_flops_no_floor() -> None:
    inputs = {k: v for k, v in BASE.items() if k != "work_flops"}
    out = run_chain(inputs)
    assert "landauer_floor" not in out and "energy_per_flop" not in out


@given(st.floats(1.0, 1000.0), st.floats(1.0, 1e4))
def test_floor_scales_with_temperature_and_ratio_times_bits_is_fixed(t: float, bits: float) -> None:
    one = run_chain({**BASE, "landauer_temperature_k": t, "bits_erased_per_flop": bits})
    two = run_chain({**BASE, "landauer_temperature_k": 2 * t, "bits_erased_per_flop": bits})
    assert two["landauer_floor"].samples == pytest.approx(2 * one["landauer_floor"].samples)
    # floor_ratio × bits = energy per FLOP / (k·T·ln2), whatever the bits
    product = one["floor_ratio"].samples * bits
    assert product == pytest.approx(3.6e-12 / (K_B * t * math.log(2)), rel=1e-9)


def test_estimate_derives_flops_and_says_so() -> None:
    fp = estimate(example_path("gpt4-press"), samples=500)
    assert {"landauer_floor", "energy_per_flop", "floor_ratio"} <= set(fp.outputs)
    assert any("FLOPs = accelerator-hours" in a for a in fp.assumptions)
    assert any("bits_erased_per_flop" in a for a in fp.assumptions)
    unsourced = [s for s in fp.sources if s.ref == "defaults:bits_erased_per_flop"]
    assert unsourced and "assumption" in unsourced[0].note
    # real GPUs sit a million times and more above the floor at the defaults
    assert fp["floor_ratio"].p5 > 1e5


def test_given_flops_and_temperature_are_used_as_given() -> None:
    scenario = scenario_from_dict(
        {
            "name": "t",
            "hardware": {"accelerator": "A100", "count": 1000, "power": "400 W"},
            "training": {"flops": 1e21, "mfu": 0.5},
            "physics": {"temperature": "27 °C", "bits_erased_per_flop": 16},
        }
    )
    fp = estimate(scenario, samples=200)
    # 1e21 × 16 × 1.380649e-23 × 300.15 × ln 2 = 45.959 J = 1.27664e-5 kWh
    assert fp["landauer_floor"].p50 == pytest.approx(1.27664e-5, rel=1e-4)
    assert not any("FLOPs = accelerator-hours" in a for a in fp.assumptions)
