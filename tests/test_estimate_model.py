"""Estimates from scenarios, checked against hand arithmetic."""

from __future__ import annotations

from typing import Any

import pytest

from wattprint.estimate import estimate, scenario_from_dict
from wattprint.examples import example_path

SITE = {"pue": 1.0, "carbon_intensity": "400 g/kWh", "wue": "0 L/kWh"}
FIXED_HOST = {"host_power": "0 W", "embodied": "0 kg", "lifetime": "5 years"}


def approx(value: float) -> Any:
    """JSON outputs are rounded to 6 significant figures."""
    return pytest.approx(value, rel=1e-5)


def run(data: dict[str, Any], samples: int = 2000) -> dict[str, Any]:
    return estimate(scenario_from_dict({"name": "t", **data}), samples=samples).to_dict()


def test_article_gpt4_gpus_alone_are_21_6_to_24_gwh() -> None:
    # 25,000 × 400 W × (90..100 days × 24 h) = 21.6 .. 24.0 GWh, uniform in between
    out = estimate(example_path("gpt4-press"), samples=20_000).outputs["accelerator_energy"]
    assert out.unit == "kWh"
    assert out.p50 == pytest.approx(22.8e6, rel=2e-3)
    assert out.p5 == pytest.approx(21.6e6 + 0.05 * 2.4e6, rel=2e-3)
    assert out.p95 == pytest.approx(21.6e6 + 0.95 * 2.4e6, rel=2e-3)


def test_gpt3_reproduces_patterson_table_4() -> None:
    # 10,000 × 330 W × 14.8 d × 24 h = 1,172.16 MWh; × PUE 1.1 = 1,289.4 MWh (paper: 1,287)
    fp = estimate(example_path("gpt3-patterson"))
    assert fp["facility_energy"].p50 == pytest.approx(1_289_376, rel=1e-6)
    assert fp["carbon_operational"].p50 == pytest.approx(1_289_376 * 0.429, rel=1e-6)
    assert fp["facility_energy"].p5 == fp["facility_energy"].p95  # all inputs fixed


def test_sizing_by_parameters_and_tokens_uses_6nd_over_peak_times_mfu() -> None:
    # 6 × 7e9 × 1e12 = 4.2e22 FLOP; / (312e12 × 0.5) = 1.3462e8 s = 37,393.2 h
    # × 400 W = 14,957.3 kWh
    out = run(
        {
            "hardware": {"accelerator": "A100", "count": 64, "power": "400 W", **FIXED_HOST},
            "training": {"parameters": 7e9, "tokens": "1 trillion", "mfu": 0.5},
            "facility": SITE,
        }
    )["outputs"]
    assert out["accelerator_energy"]["p50"] == approx(4.2e22 / (312e12 * 0.5) / 3600 * 0.4)
    assert out["average_power"]["p50"] == approx(64 * 400 / 1e6)


def test_accelerator_hours_with_default_power_share_of_tdp() -> None:
    fp = run(
        {
            "hardware": {"accelerator": "H100", **FIXED_HOST},
            "training": {"accelerator_hours": 1000},
            "facility": SITE,
        },
        samples=20_000,
    )
    energy = fp["outputs"]["accelerator_energy"]
    # 1000 h × 700 W × share; the share is the sourced triangular default (0.6 / 0.76 / 1.0)
    assert 0.6 * 700 <= energy["p5"] < energy["p50"] < energy["p95"] <= 1.0 * 700
    assert any(s["ref"] == "defaults:training_power_share_of_tdp" for s in fp["sources"])
    assert any("hardware.power_share" in d["input"] for d in energy["drivers"])
    assert "peak_power" not in fp["outputs"]
    assert fp["warnings"] == ["hardware.count not given: no duration, average or peak power"]


def test_inference_from_tokens_and_energy_per_token() -> None:
    # 1e9 tokens/day × 2 days × 0.5 J = 1e9 J = 277.78 kWh
    out = run(
        {
            "kind": "inference",
            "hardware": {"accelerator": "H100", "count": 10, "power": "500 W", **FIXED_HOST},
            "inference": {"tokens_per_day": 1e9, "days": 2, "energy_per_token": "0.5 J/token"},
            "facility": SITE,
        }
    )["outputs"]
    assert out["accelerator_energy"]["p50"] == approx(1e9 / 3.6e6)


def test_a_fleet_busy_half_the_time_pays_its_idle_floor_the_other_half() -> None:
    # 4 GPUs × 24 h × (100 W idle + 0.5 × (700 − 100) W) = 4 × 24 × 400 W = 38.4 kWh
    # 1e6 requests: 38.4 Wh per 1,000 requests = 0.0384 Wh per request
    out = run(
        {
            "kind": "inference",
            "hardware": {
                "accelerator": "H100",
                "count": 4,
                "power": "700 W",
                "idle_power": "100 W",
                **FIXED_HOST,
            },
            "inference": {"requests_per_day": 1e6, "days": 1, "utilisation": 0.5},
            "facility": SITE,
        }
    )["outputs"]
    assert out["accelerator_energy"]["p50"] == approx(38.4)
    assert out["energy_per_request_accelerator"]["p50"] == approx(0.0384)
    assert out["facility_energy_per_day"]["p50"] == approx(38.4)


def test_dedicated_inference_hardware_runs_for_the_whole_time() -> None:
    # 8 GPUs × 27 min × 400 W = 1.44 kWh
    out = run(
        {
            "kind": "inference",
            "hardware": {
                "accelerator": "A100-SXM4-80GB",
                "count": 8,
                "power": "400 W",
                **FIXED_HOST,
            },
            "inference": {"days": "27 min"},
            "facility": SITE,
        }
    )["outputs"]
    assert out["accelerator_energy"]["p50"] == approx(1.44)


def test_a_given_carbon_intensity_wins_over_the_grid_and_the_grid_gives_water() -> None:
    fp = estimate(example_path("bloom-176b"))
    # 433,196 kWh × 1.2 PUE ... carbon on the paper's 57 g/kWh, not France's catalog figure
    assert fp["accelerator_energy"].p50 == pytest.approx(1_082_990 * 0.4)
    assert "water_offsite" in fp.outputs
    ratio = fp["carbon_operational"].p50 / fp["facility_energy"].p50
    assert ratio == pytest.approx(0.057)


def test_without_a_grid_the_world_average_is_used_and_said() -> None:
    fp = run(
        {
            "hardware": {"accelerator": "A100", "count": 8},
            "training": {"duration": "1 day"},
        }
    )
    assert "facility.grid not given: using the WORLD average" in fp["warnings"]
    assert any(s["ref"] == "grids:WORLD" for s in fp["sources"])
    assert any(s["ref"] == "facilities:industry-average" for s in fp["sources"])


def test_a_fleet_too_small_for_its_traffic_is_an_error_naming_what_it_needs() -> None:
    from wattprint.errors import ScenarioError

    with pytest.raises(ScenarioError, match=r"it needs about \d+ accelerators"):
        run(
            {
                "kind": "inference",
                "hardware": {"accelerator": "H100", "count": 8, "power": "700 W"},
                "inference": {
                    "requests_per_day": 1e10,
                    "tokens_in": 500,
                    "tokens_out": 300,
                    "days": 1,
                    "parameters": 70e9,
                },
            }
        )


def test_an_accelerator_without_a_sourced_tdp_needs_a_power() -> None:
    from wattprint.errors import ScenarioError

    scenario = scenario_from_dict(
        {
            "name": "t",
            "hardware": {"accelerator": "TPU-V5P", "count": 8},
            "training": {"duration": "1 day"},
        }
    )
    with pytest.raises(ScenarioError, match="no sourced TDP for TPU-V5P"):
        estimate(scenario)
