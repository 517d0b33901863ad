"""Issue 13's physics fixes, each against hand arithmetic: Landauer, PUE ranges, verdicts."""

from __future__ import annotations

import numpy as np
import pytest

from wattprint.catalog.resolve import default_value, facility_factors, one_sided_range
from wattprint.chain import run_chain
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
