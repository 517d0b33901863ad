"""Grid load by hand: per-site MW, and shares of reference loads (the 100,000-H100 question)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattprint.chain import run_chain
from wattprint.chain.grid import reference_input, reference_slug
from wattprint.chain.outputs import label
from wattprint.cli import main
from wattprint.errors import ScenarioError
from wattprint.estimate import estimate, load_scenario, scenario_from_dict
from wattprint.estimate.extras import with_sites
from wattprint.examples import example_path

BASE = {"accelerator_energy_kwh": 1.0, "host_energy_kwh": 0.0, "pue": 1.2}
H100 = {
    "name": "100k H100",
    "hardware": {
        "accelerator": "H100",
        "count": 100_000,
        "power": "700 W",
        "host_power": "237 W",
    },
    "training": {"duration": "90 days"},
    "facility": {"pue": 1.18, "design_day_pue": 1.25, "grid": "US-VA"},
    "grid_load": {"compare_to": "us-va-avg, pjm-peak", "network_share": 0.1},
}


def test_reference_names() -> None:
    assert reference_slug("pjm-peak") == "pjm_peak"
    assert reference_input("nuclear-unit-ap1000") == "reference_load_nuclear_unit_ap1000_mw"


def test_per_site_power_and_share() -> None:
    # peak: 1e8 W × 1.2 / 1e6 = 120 MW; over 4 sites 30 MW each; 30 / 15103 MW = 0.198636 %
    out = run_chain(
        {**BASE, "peak_it_power_w": 1e8, "grid_sites": 4.0, reference_input("us-va-avg"): 15103.0}
    )
    assert out["peak_power"].samples == pytest.approx(120.0)
    assert out["peak_power_per_site"].samples == pytest.approx(30.0)
    assert out["grid_share_us_va_avg"].samples == pytest.approx(0.198636, rel=1e-5)
    assert out["grid_share_us_va_avg"].unit == "%"


def test_without_sites_the_share_uses_the_whole_peak() -> None:
    out = run_chain({**BASE, "peak_it_power_w": 1e8, reference_input("pjm-peak"): 152700.0})
    # 120 MW / 152,700 MW = 0.0785855 %
    assert out["grid_share_pjm_peak"].samples == pytest.approx(0.0785855, rel=1e-5)
    assert "peak_power_per_site" not in out


@given(st.integers(1, 1000))
def test_sites_split_the_peak_evenly(sites: int) -> None:
    out = run_chain({**BASE, "peak_it_power_w": 1e9, "grid_sites": float(sites)})
    assert out["peak_power_per_site"].samples * sites == pytest.approx(out["peak_power"].samples)


def test_the_articles_100k_h100_in_one_state() -> None:
    fp = estimate(scenario_from_dict(H100), samples=200)
    # servers at the DGX H100 nameplate: 100,000 × max(1,275, 700 + 237) W = 127.5 MW;
    # / (1 − 0.1) network and storage = 141.667 MW IT; × design-day PUE 1.25 = 177.083 MW
    assert fp["peak_power"].p50 == pytest.approx(177.0833, rel=1e-5)
    # the average: 100,000 × 937 W × annual PUE 1.18 = 110.566 MW
    assert fp["average_power"].p50 == pytest.approx(110.566, rel=1e-5)
    # 177.083 / 15,103 MW (Virginia average load) = 1.17251 %; / 152,700 MW (PJM) = 0.115968 %
    assert fp["grid_share_us_va_avg"].p50 == pytest.approx(1.17251, rel=1e-4)
    assert fp["grid_share_pjm_peak"].p50 == pytest.approx(0.115968, rel=1e-4)
    refs = {s.ref for s in fp.sources}
    assert {"reference_loads:us-va-avg", "reference_loads:pjm-peak"} <= refs


def test_bundled_cluster_example_is_a_small_share_of_a_state() -> None:
    fp = estimate(example_path("h100-100k-cluster"), samples=1000)
    assert 150 < fp["peak_power"].p50 < 190
    assert fp["grid_share_us_va_avg"].p95 < 1.5  # a small share of a state, yet above 1 %


def test_with_sites_overrides_the_scenario() -> None:
    scenario = with_sites(load_scenario(example_path("h100-100k-cluster")), 4)
    fp = estimate(scenario, samples=200)
    assert fp["peak_power_per_site"].p50 == pytest.approx(fp["peak_power"].p50 / 4)
    assert fp.scenario["grid_load"]["sites"] == 4


def test_cli_sites_option(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(example_path("h100-100k-cluster"))
    assert main(["estimate", path, "--json", "--samples", "200", "--sites", "5"]) == 0
    out = json.loads(capsys.readouterr().out)["outputs"]
    assert out["peak_power_per_site"]["p50"] == pytest.approx(out["peak_power"]["p50"] / 5)


def test_unknown_reference_load_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: t\nhardware:\n  accelerator: A100\n  count: 8\ntraining:\n  duration: 1 day\n"
        "grid_load:\n  compare_to: pjm-peek\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.line == 8 and err.value.field == "grid_load.compare_to"
    assert "pjm-peak" in str(err.value)


def test_share_labels_name_the_reference() -> None:
    assert "PJM" in label("grid_share_pjm_peak", "en")
    assert "弗吉尼亚" in label("grid_share_us_va_avg", "zh")
