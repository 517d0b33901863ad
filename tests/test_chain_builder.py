"""The one builder of chain inputs: drivers, citations, the footprint, and both producers."""

from __future__ import annotations

import numpy as np
import pytest

from wattprint.catalog.resolve import Resolved, resolve_site
from wattprint.chain.builder import InputBuilder
from wattprint.estimate import estimate, scenario_from_dict
from wattprint.measure import DeviceEnergy, RunResult, SensorInfo, TrackerConfig, WorkTotals
from wattprint.measure.footprint import measured_footprint
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.uncertain import Uncertain
from wattprint.quantity.units import J_PER_KWH, SECONDS_PER_HOUR
from wattprint.settings import FACILITY

GPU = SensorInfo("gpu0", "accelerator", "gpu", "counter", "node", "H100", "nvml_energy_factor")
REF = SourceRef("grids:US", "facility.carbon_intensity", "384 g/kWh", "EIA", "2023")


def one_gpu_hour() -> RunResult:
    return RunResult(
        "r",
        "id1",
        "complete",
        None,
        SECONDS_PER_HOUR,
        (DeviceEnergy(GPU, J_PER_KWH, J_PER_KWH, J_PER_KWH),),
        WorkTotals.of([], J_PER_KWH),
        peak_power_w=1000.0,
    )


def test_an_array_is_a_driver_and_a_fixed_value_is_not() -> None:
    b = InputBuilder(n=100, seed=0)
    b.put("pue", np.linspace(1.1, 1.5, 100))
    b.put("duration_s", 60.0)
    assert set(b.uncertain) == {"pue"}
    assert b.inputs["duration_s"] == 60.0


def test_a_source_is_cited_once_per_use_in_first_seen_order() -> None:
    b = InputBuilder(n=10, seed=0)
    other_use = SourceRef("grids:US", "facility.water_offsite", "3 L/kWh", "EIA", "2023")
    for ref in (REF, other_use, REF):
        b.cite(ref)
    assert b.sources == [REF, other_use]


def test_a_resolved_value_is_sampled_under_its_label_and_cites_its_source() -> None:
    b = InputBuilder(n=1000, seed=1)
    fixed = b.resolved("pue", Resolved(Uncertain.fixed(1.2, "ratio"), REF))
    ranged = b.resolved("pue range", Resolved(Uncertain.between(1.1, 1.3, "ratio"), REF))
    assert fixed == 1.2
    assert np.shape(ranged) == (1000,) and set(b.uncertain) == {"pue range"}
    assert b.sources == [REF]


def test_the_footprint_runs_the_chain_over_the_inputs() -> None:
    b = InputBuilder(n=10, seed=0)
    b.inputs.update(accelerator_energy_kwh=2.0, host_energy_kwh=0.5, pue=1.4)
    b.assumptions.append("hand-made")
    fp = b.footprint("hand", "estimate", {"note": "test"})
    assert fp["it_energy"].p50 == pytest.approx(2.5)
    assert fp["facility_energy"].p50 == pytest.approx(2.5 * 1.4)  # 3.5 kWh
    assert (fp.name, fp.kind, fp.samples, fp.assumptions) == (
        "hand",
        "estimate",
        10,
        ("hand-made",),
    )


def test_the_site_takes_the_producers_default_facility() -> None:
    measured = resolve_site(None, None, default_facility=FACILITY.default)
    assert (measured.grid, measured.facility) == ("WORLD", "workstation")
    assert not (measured.grid_given or measured.facility_given)
    named = resolve_site("US", "hyperscale-average", default_facility=FACILITY.default)
    assert (named.facility, named.facility_given) == ("hyperscale-average", True)


def test_both_producers_cite_the_same_grid_row_with_the_same_figure() -> None:
    measured = measured_footprint(one_gpu_hour(), TrackerConfig(region="US"))
    scenario = scenario_from_dict(
        {
            "name": "one H100 hour",
            "kind": "training",
            "hardware": {"accelerator": "H100-SXM5-80GB", "count": 1},
            "training": {"duration": "1 h"},
            "facility": {"grid": "US"},
        }
    )
    estimated = estimate(scenario, samples=1000)

    def grid(fp_sources: tuple[SourceRef, ...]) -> list[tuple[str, str]]:
        return [(s.ref, s.value_text) for s in fp_sources if s.ref.startswith("grids:")]

    assert grid(measured.sources)[0] == grid(estimated.sources)[0]
    assert grid(measured.sources)[0][0] == "grids:US"


def test_the_measured_default_facility_is_passed_in() -> None:
    run = one_gpu_hour()
    as_it_stands = measured_footprint(run, TrackerConfig(region="US"))
    in_a_data_centre = measured_footprint(
        run, TrackerConfig(region="US"), default_facility="industry-average"
    )
    assert as_it_stands.scenario["facility"] == "workstation"
    assert as_it_stands["facility_energy"].p50 == pytest.approx(as_it_stands["it_energy"].p50)
    assert in_a_data_centre.scenario["facility"] == "industry-average"
    ratio = in_a_data_centre["facility_energy"].p50 / in_a_data_centre["it_energy"].p50
    assert ratio == pytest.approx(1.56, abs=0.02)  # industry-average PUE 1.55..1.59, mode 1.56
    assert "facility not given: 'industry-average' assumed" in in_a_data_centre.assumptions
    assert "water_evaporated_cooling" in in_a_data_centre.outputs  # a data centre evaporates
    assert "water_evaporated_cooling" not in as_it_stands.outputs
