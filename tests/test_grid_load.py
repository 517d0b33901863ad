"""Grid load of a cluster: nameplate servers, network fabric, design-day PUE; peak ≥ average.

Hand arithmetic for the DGX H100 (NVIDIA DGX H100/H200 User Guide: 10.2 kW max for
8 GPUs): 10,200 / 8 = 1,275 W per GPU with its host; with 10 % of IT in network and
storage, 1,275 / 0.9 = 1,416.67 W of IT per GPU at the peak.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wattprint.catalog.platforms import platform_for
from wattprint.chain import run_chain
from wattprint.errors import ScenarioError
from wattprint.estimate import estimate, load_scenario, scenario_from_dict
from wattprint.estimate.inputs import InputCollector
from wattprint.estimate.model import build_inputs
from wattprint.examples import example_path

FIXED = {"host_power": "0 W", "embodied": "0 kg", "lifetime": "5 years"}


def chain_samples(data: dict[str, Any], samples: int = 400) -> dict[str, Any]:
    """Every output's raw samples for a scenario (not just its percentiles)."""
    c = InputCollector(scenario_from_dict({"name": "t", **data}), samples, 3)
    build_inputs(c)
    return {k: np.broadcast_to(v.samples, (samples,)) for k, v in run_chain(c.inputs).items()}


def test_dgx_h100_nameplate_gives_575_w_of_host_per_gpu() -> None:
    row = platform_for("H100-SXM5-80GB")
    assert row is not None and row.power_per_accelerator_w == 1275.0
    assert row.power_per_accelerator_w - 700 == 575.0
    a100 = platform_for("A100-SXM4-80GB")
    assert a100 is not None and a100.power_per_accelerator_w - 400 == 412.5
    assert platform_for("T4") is None


def test_peak_is_nameplate_plus_fabric_times_design_day_pue_by_hand() -> None:
    # 8 H100 × 1,275 W / (1 − 0.1) = 11,333.3 W of IT; × design-day PUE 1.3 = 14,733.3 W
    data = {
        "hardware": {"accelerator": "H100", "count": 8, "power": "700 W", **FIXED},
        "training": {"duration": "1 day"},
        "facility": {"pue": 1.2, "design_day_pue": 1.3, "carbon_intensity": "0 g/kWh"},
        "grid_load": {"network_share": 0.1},
    }
    out = estimate(scenario_from_dict({"name": "t", **data}), samples=50).outputs
    assert out["peak_power"].p50 == pytest.approx(8 * 1275 / 0.9 * 1.3 / 1e6, rel=1e-5)
    # the average keeps the annual PUE and the servers' own draw: 8 × 700 W × 1.2
    assert out["average_power"].p50 == pytest.approx(8 * 700 * 1.2 / 1e6, rel=1e-5)


def test_100k_h100_cluster_is_sized_like_colossus_150_mw_feed() -> None:
    # Anchor: xAI's 100,000-H100 Colossus site in Memphis was fed 150 MW (TVA/MLGW).
    # Nameplate 127.5 MW of servers / 0.9 = 141.7 MW IT; × Microsoft's PUE 1.12..1.18 ×
    # a design-day ratio 1.0..1.15 puts the connection at about 150..190 MW.
    out = estimate(example_path("h100-100k-cluster"), samples=4000).outputs
    peak = out["peak_power"]
    assert 150 <= peak.p50 <= 180
    assert peak.p5 >= 141.7 * 1.12 * 0.95 and peak.p95 <= 200
    assert peak.p5 > out["average_power"].p95
    # the claims follow: peak above 1 % of Virginia's 15.1 GW average, under 1 % of
    # Dominion's 21.65 GW record peak
    assert out["grid_share_us_va_avg"].p50 == pytest.approx(peak.p50 / 15103 * 100, rel=1e-4)
    assert out["grid_share_dominion_va_peak"].p95 < 1.0


def test_given_power_above_tdp_raises_the_peak_gpt3() -> None:
    # Patterson et al.: 330 W measured per V100 (TDP 300 W), host included. The peak can
    # be no lower than the average: 10,000 × 330 W × 1.1 = 3.63 MW.
    out = chain_samples(
        {
            "hardware": {"accelerator": "V100", "count": 10000, "power": "330 W", **FIXED},
            "training": {"duration": "14.8 days"},
            "facility": {"pue": 1.1, "carbon_intensity": "429 g/kWh"},
        }
    )
    assert np.all(out["peak_power"] >= out["average_power"])
    assert out["average_power"][0] == pytest.approx(3.63)
    # no platform row for V100: max(300, 330) W / (1 − fabric) × 1.1 × design-day ratio
    assert np.min(out["peak_power"]) >= 10000 * 330 / 0.95 * 1.1 / 1e6 * (1 - 1e-9)


def test_a_fleet_too_small_for_its_traffic_is_an_error_naming_the_count_it_needs() -> None:
    data = {
        "kind": "inference",
        "hardware": {"accelerator": "H100", "count": 10},
        "inference": {
            "requests_per_day": 1e8,
            "tokens_per_request": 800,
            "parameters": 70e9,
            "days": 1,
        },
        "facility": {"name": "hyperscale-average", "grid": "US"},
    }
    # the serving model refuses a rate above capacity rather than overbooking the fleet
    with pytest.raises(ScenarioError, match=r"needs about \d+ accelerators"):
        chain_samples(data)


def test_chat_service_day_peak_is_never_below_its_average_in_any_sample() -> None:
    c = InputCollector(load_scenario(example_path("chat-service-day")), 2000, 0)
    build_inputs(c)
    out = run_chain(c.inputs)
    assert np.all(np.asarray(out["peak_power"].samples) >= np.asarray(out["average_power"].samples))


powers = st.sampled_from(["100 W", "300 W", "700 W", "1200 W", "200 to 900 W"])
accs = st.sampled_from(["H100", "A100", "V100", "T4", "B200", "MI250X"])


@settings(max_examples=30, deadline=None)
@given(acc=accs, power=powers, count=st.integers(1, 50_000), pue=st.floats(1.0, 2.0))
@example(acc="V100", power="330 W", count=10_000, pue=1.1)
def test_peak_power_is_at_least_the_average_in_every_sample(
    acc: str, power: str, count: int, pue: float
) -> None:
    out = chain_samples(
        {
            "hardware": {"accelerator": acc, "count": count, "power": power},
            "training": {"duration": "1 to 30 days"},
            "facility": {"pue": f"{pue!r} to {pue + 0.3!r}", "grid": "US"},
        },
        samples=200,
    )
    assert np.all(out["peak_power"] >= out["average_power"] * (1 - 1e-12))


def _measured(peak_w: float, energy_j: float, duration_s: float) -> Any:
    from wattprint.measure import DeviceEnergy, RunResult, SensorInfo, TrackerConfig, WorkTotals
    from wattprint.measure.footprint import measured_footprint

    info = SensorInfo("gpu0", "accelerator", "gpu", "counter", "node", "H100", "nvml_energy_factor")
    device = DeviceEnergy(info, energy_j, energy_j, energy_j)
    run = RunResult(
        "r",
        "id1",
        "complete",
        None,
        duration_s,
        (device,),
        WorkTotals.of([], energy_j),
        peak_power_w=peak_w,
    )
    return measured_footprint(run, TrackerConfig(region="US"))


def test_a_measured_peak_below_the_average_is_raised_to_it() -> None:
    # the demo's case: sampled peak 7.31 W, but 9.01 W × 100 s = 901 J on average;
    # the workstation PUE is 1, so the peak is at least 9.01 W × (1 ± 5 % NVML) in MW
    fp = _measured(7.31, 901.0, 100.0)
    assert fp["peak_power"].p50 >= fp["average_power"].p50
    assert fp["peak_power"].p50 == pytest.approx(9.01e-6, rel=0.06)


def test_a_run_without_a_sampled_peak_has_no_peak_output_not_zero() -> None:
    fp = _measured(0.0, 50.0, 0.5)
    assert "peak_power" not in fp.outputs
    assert fp["average_power"].p50 > 0
