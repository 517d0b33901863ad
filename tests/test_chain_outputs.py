"""The outputs table is the chain's one vocabulary: stages write only its names, every row
is written by some stage, and every input a producer gives is read by some stage."""

from __future__ import annotations

import pytest

from wattprint.chain.outputs import (
    OUTPUTS,
    UnknownOutputError,
    find,
    label,
    ordered,
    with_role,
)
from wattprint.chain.run import STAGES, run_chain, trace_chain
from wattprint.chain.state import ChainState, Stage
from wattprint.estimate.inputs import InputCollector
from wattprint.estimate.model import build_inputs
from wattprint.estimate.scenario import load_scenario
from wattprint.examples import example_path
from wattprint.measure import DeviceEnergy, RunResult, SensorInfo, TrackerConfig, WorkTotals
from wattprint.measure.footprint import chain_inputs

EXAMPLES = sorted(
    p.stem for p in example_path("gpt3-patterson").parent.glob("*.yaml") if "claims" not in p.stem
)


def every_input() -> dict[str, float]:
    """A value for every input any stage requires, and the optional ones (one reference load)."""
    names = {name for stage in STAGES for name in stage.requires}
    values = dict.fromkeys(names, 2.0)
    values["boil_start_temperature_k"] = 293.15  # below the boil: a finite volume
    values["compute_energy_kwh"] = 2.0
    values["reference_load_pjm_peak_mw"] = 150_000.0
    # heat reuse: the COP from the temperatures (30 °C hall to an 80 °C network), a season
    values["heat_source_temperature_k"] = 303.15
    values["heat_sink_temperature_k"] = 353.15
    values["heat_pump_carnot_share"] = 0.5
    values["heat_sink_share"] = 0.5
    return values


def test_every_listed_output_is_written_by_some_stage() -> None:
    outputs = run_chain(every_input())
    unwritten = [row.name for row in OUTPUTS if not any(row.matches(n) for n in outputs)]
    assert unwritten == [], f"listed in chain/outputs.py but written by no stage: {unwritten}"


def test_every_written_output_is_listed_with_its_unit() -> None:
    for name, out in run_chain(every_input()).items():
        row = find(name)
        assert row is not None, name
        assert row.unit == out.unit, name


def test_every_input_a_stage_requires_is_read() -> None:
    _, read = trace_chain(every_input())
    assert sorted(set(every_input()) - read) == []


def test_a_misspelt_output_is_an_error_not_a_dropped_output() -> None:
    def misspelt(s: ChainState) -> None:
        s.put("facility_energy_kwh", s.x("pue"), "kWh")

    with pytest.raises(UnknownOutputError, match="facility_energy_kwh.*not in the outputs table"):
        run_chain({"pue": 1.2}, stages=(Stage("typo", misspelt, ("pue",)),))


def test_an_output_in_the_wrong_unit_is_an_error() -> None:
    def in_wh(s: ChainState) -> None:
        s.put("facility_energy", s.x("pue"), "Wh")

    with pytest.raises(UnknownOutputError, match="'Wh'; the outputs table says 'kWh'"):
        run_chain({"pue": 1.2}, stages=(Stage("wh", in_wh, ("pue",)),))


def estimate_inputs(name: str) -> dict[str, object]:
    collector = InputCollector(load_scenario(example_path(name)), 200, 0)
    build_inputs(collector)
    return dict(collector.inputs)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_input_an_example_gives_is_read_by_a_stage(name: str) -> None:
    inputs = estimate_inputs(name)
    _, read = trace_chain(inputs)  # type: ignore[arg-type]
    assert sorted(set(inputs) - read) == [], f"{name}: inputs no stage reads"


@pytest.mark.parametrize(
    ("facility", "flops"), [(None, 0), ("industry-average", 1e15), (None, 1e12)]
)
def test_every_input_a_measured_run_gives_is_read_by_a_stage(
    facility: str | None, flops: float
) -> None:
    gpu = SensorInfo("gpu0", "accelerator", "gpu", "counter", "node", "H100", "nvml_energy_factor")
    cpu = SensorInfo("cpu-model", "host", "cpu", "model", "process", "CPU time")
    devices = [DeviceEnergy(cpu, 300.0, 110.0, 675.0, (("cpu_active_power_per_core_w", 100.0),))]
    if facility is not None:
        devices.append(DeviceEnergy(gpu, 3.6e6, 3.6e6, 3.6e6))
    work = WorkTotals.of([], 3.6e6, flops)
    result = RunResult("r", "id1", "complete", None, 60.0, tuple(devices), work, peak_power_w=500.0)
    inputs = chain_inputs(result, TrackerConfig(region="US", facility=facility))
    _, read = trace_chain(inputs.inputs, inputs.basis)
    assert sorted(set(inputs.inputs) - read) == []


def test_order_follows_the_table_and_keeps_a_familys_members_together() -> None:
    names = ["cost", "grid_share_b", "it_energy", "made_up", "grid_share_a", "accelerator_energy"]
    assert ordered(names) == [
        "accelerator_energy",
        "it_energy",
        "grid_share_b",
        "grid_share_a",
        "cost",
        "made_up",
    ]


def test_a_headline_prefers_the_widest_boundary() -> None:
    assert with_role("energy") == ("facility_energy", "it_energy", "accelerator_energy")
    assert with_role("carbon") == ("carbon_total", "carbon_operational")


def test_labels_name_their_boundary_and_a_family_names_its_catalog_row() -> None:
    assert label("facility_energy") == "Facility energy (× PUE)"
    assert label("it_energy", "zh").startswith("IT 设备耗电")
    assert "PJM" in label("grid_share_pjm_peak")
    assert label("not_an_output") == "not an output"


def test_every_row_has_both_labels_and_a_known_boundary() -> None:
    for row in OUTPUTS:
        assert row.en and row.zh and row.en != row.zh, row.name
        assert ("{name}" in row.en) == ("{name}" in row.zh) == row.family, row.name


def test_a_service_sized_by_its_requests_leads_with_energy_per_request() -> None:
    from wattprint.chain.outputs import lead_names

    names = ["facility_energy", "carbon_total", "energy_per_request_facility",
             "energy_per_1k_tokens_facility", "carbon_per_request", "water_onsite"]  # fmt: skip
    assert lead_names(names)[:3] == [
        "energy_per_request_facility",
        "energy_per_1k_tokens_facility",
        "carbon_per_request",
    ]
    # a fleet without a request rate has no per-request figure: energy leads as usual
    assert lead_names(["facility_energy", "carbon_total"])[0] == "facility_energy"
