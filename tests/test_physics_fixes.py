"""Issue 13's physics fixes against hand arithmetic: Landauer, PUE ranges, water, carbon basis."""

from __future__ import annotations

import numpy as np
import pytest

from wattprint.catalog.resolve import default_value, facility_factors, one_sided_range
from wattprint.chain import Footprint, run_chain
from wattprint.estimate import estimate, scenario_from_dict
from wattprint.examples import example_path
from wattprint.quantity.uncertain import Uncertain


def test_bits_erased_per_flop_is_log_uniform_with_its_median_at_31_6_bits() -> None:
    # log-uniform 1..1000: median 10^1.5 = 31.62 bits, a decade on each side equally
    # likely; the old triangular 1/16/1000 had its median at 1000 - sqrt(0.5*999*984) = 298.9
    item = default_value("bits_erased_per_flop", "physics.bits_erased_per_flop", "count")
    drawn = np.asarray(item.value.sample(200_000, 0, "bits"))
    assert np.median(drawn) == pytest.approx(10**1.5, rel=0.02)
    assert np.mean(drawn < 10) == pytest.approx(1 / 3, abs=0.01)
    assert np.mean(drawn < 100) == pytest.approx(2 / 3, abs=0.01)
    assert drawn.min() >= 1 and drawn.max() <= 1000


def test_the_assumption_free_ratio_is_energy_per_flop_over_kt_ln2_at_t() -> None:
    # 1 kWh over 1e18 FLOP = 3.6e-12 J/FLOP; kT ln2 at 300 K = 1.380649e-23 × 300 × 0.693147
    # = 2.870979e-21 J; ratio 3.6e-12 / 2.870979e-21 = 1.253928e9, at 300 K
    out = run_chain(
        {
            "accelerator_energy_kwh": 1.0,
            "host_energy_kwh": 0.0,
            "pue": 1.0,
            "work_flops": 1e18,
            "bits_erased_per_flop": 16.0,
            "landauer_temperature_k": 300.0,
            "boltzmann_j_per_k": 1.380649e-23,
        }
    )
    assert out["flop_energy_in_kt_ln2"].samples == pytest.approx(1.253928e9, rel=1e-6)
    assert out["landauer_temperature"].samples == 300.0
    assert out["landauer_temperature"].unit == "K"
    # the assumption-laden ratio divides that by the bits: 1.253928e9 / 16
    assert out["floor_ratio"].samples == pytest.approx(1.253928e9 / 16, rel=1e-6)


def test_a_facility_with_only_a_low_pue_bound_keeps_its_range() -> None:
    # microsoft-fleet: annual 1.18, newest sites 1.12, no high bound -> triangular 1.12/1.18/1.18
    pue = facility_factors("microsoft-fleet")["pue"].value
    assert (pue.dist, pue.params) == ("triangular", (1.12, 1.18, 1.18))
    # hyperscale-average: 1.25 with a low of 1.18
    assert facility_factors("hyperscale-average")["pue"].value.params == (1.18, 1.25, 1.25)
    # a high bound alone is kept too; no bound at all stays fixed
    value, span = one_sided_range(1.4, None, 1.6, "ratio", "x")
    assert (value.dist, value.params, span) == ("triangular", (1.4, 1.4, 1.6), "range 1.4 to 1.6")
    assert one_sided_range(1.4, None, None, "ratio", "x")[0] == Uncertain.fixed(1.4, "ratio", "x")


def _estimate(data: dict[str, object]) -> Footprint:
    return estimate(scenario_from_dict({"name": "t", **data}), samples=200)


def test_gpt3_on_site_water_meets_li_et_al_700000_litres() -> None:
    # Published anchor: Li et al. 2023 (arXiv:2304.03271) put GPT-3's on-site water at
    # about 700,000 L (1,287 MWh × 0.55 L/kWh, applied to facility energy). Per IT kWh, as
    # WUE is defined: 10,000 × 330 W × 14.8 d × 24 h = 1,172,160 kWh × 0.55 = 644,688 L.
    fp = estimate(example_path("gpt3-patterson"), samples=200)
    assert fp["water_onsite"].p50 == pytest.approx(644_688, rel=1e-6)
    assert fp["water_onsite"].p50 == pytest.approx(700_000, rel=0.1)
    # the industry average (1.8 L/kWh) would have given 2,109,888 L, three times the anchor
    assert not any("industry-average WUE" in a for a in fp.assumptions)


def test_an_unnamed_facility_says_its_water_is_the_industry_average() -> None:
    fp = _estimate(
        {
            "hardware": {"accelerator": "A100", "count": 8, "power": "400 W", "host_power": "0 W"},
            "training": {"duration": "1 day"},
            "facility": {"pue": 1.1, "carbon_intensity": "400 g/kWh"},
        }
    )
    # 8 × 400 W × 24 h = 76.8 kWh × 1.8 L/kWh = 138.24 L, and the result says where 1.8 came from
    assert fp["water_onsite"].p50 == pytest.approx(138.24)
    assert any("industry-average WUE" in a and "1.8 L/kWh" in a for a in fp.assumptions)


def test_gpt4_uses_the_place_and_year_the_sources_give() -> None:
    fp = estimate(example_path("gpt4-press"), samples=200)
    refs = {s.ref for s in fp.sources}
    assert {"grids:US-IA", "facilities:microsoft-americas"} <= refs
    assert "facilities:microsoft-fleet" not in refs
    # 25,000 × 400 W × 90..100 d on the GPUs; the host default adds to IT; WUE 0.55 per IT kWh
    ratio = fp["water_onsite"].p50 / fp["it_energy"].p50
    assert ratio == pytest.approx(0.55, rel=0.02)


def test_a_state_grid_says_its_carbon_is_direct_combustion_and_a_country_lifecycle() -> None:
    base = {
        "hardware": {"accelerator": "A100", "count": 8, "power": "400 W"},
        "training": {"duration": "1 day"},
        "facility": {"pue": 1.1},
    }
    us = _estimate({**base, "facility": {"pue": 1.1, "grid": "US"}})
    va = _estimate({**base, "facility": {"pue": 1.1, "grid": "US-VA"}})
    assert any(a.startswith("carbon intensity of US: lifecycle") for a in us.assumptions)
    assert not any("not lifecycle" in w for w in us.warnings)
    assert any(
        a.startswith("carbon intensity of US-VA: direct combustion") and "generation-based" in a
        for a in va.assumptions
    )
    assert any("US-VA is direct combustion (direct_co2e), not lifecycle" in w for w in va.warnings)
    shown = {s.ref: s.value_text for s in va.sources}
    assert shown["grids:US-VA"] == "244.8 g/kWh, direct combustion"
    cn = _estimate({**base, "facility": {"pue": 1.1, "grid": "CN-HL"}})
    assert any("CO2 only" in a and "consumption-based" in a for a in cn.assumptions)


def test_comparing_a_lifecycle_run_with_a_direct_one_says_they_do_not_compare() -> None:
    from wattprint.report.compare import compare_rows

    base = {
        "hardware": {"accelerator": "A100", "count": 8, "power": "400 W"},
        "training": {"duration": "1 day"},
    }
    us = _estimate({**base, "facility": {"pue": 1.1, "grid": "US"}})
    va = _estimate({**base, "facility": {"pue": 1.1, "grid": "US-VA"}})
    rows = {r.name: r.label for r in compare_rows([us, va])}
    assert rows["carbon_operational"].endswith(
        "(carbon bases differ (direct_co2e / lifecycle): not comparable)"
    )
    assert "differ" not in rows["it_energy"]
    same = {r.name: r.label for r in compare_rows([us, us], "zh")}
    assert "口径" not in same["carbon_operational"]
