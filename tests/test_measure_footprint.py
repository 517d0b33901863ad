"""A measured run through the same chain as an estimate: spreads, basis, grid, sources."""

from __future__ import annotations

import pytest

from wattprint.errors import CatalogLookupError
from wattprint.measure import DeviceEnergy, RunResult, SensorInfo, TrackerConfig, WorkTotals
from wattprint.measure.footprint import measured_footprint

GPU = SensorInfo("gpu0", "accelerator", "gpu", "counter", "node", "H100", "nvml_energy_factor")
CPU_MODEL = SensorInfo("cpu-model", "host", "cpu", "model", "process", "CPU time")
KWH = 3.6e6


def result(*devices: DeviceEnergy, duration_s: float = 3600.0) -> RunResult:
    total = sum(d.energy_j for d in devices)
    return RunResult(
        "r",
        "id1",
        "complete",
        None,
        duration_s,
        devices,
        WorkTotals.of([], total),
        peak_power_w=500.0,
    )


def gpu(energy_j: float) -> DeviceEnergy:
    return DeviceEnergy(GPU, energy_j, energy_j, energy_j)


def cpu_model(cpu_seconds: float) -> DeviceEnergy:
    terms = (("cpu_active_power_per_core_w", cpu_seconds),)
    return DeviceEnergy(CPU_MODEL, 3.0 * cpu_seconds, 1.1 * cpu_seconds, 6.75 * cpu_seconds, terms)


def test_counter_energy_gets_nvmls_narrow_spread_and_is_measured() -> None:
    fp = measured_footprint(result(gpu(KWH)), TrackerConfig(region="US"))
    acc = fp["accelerator_energy"]
    assert acc.basis == "measured"
    assert acc.p5 == pytest.approx(0.955, abs=0.003)
    assert acc.p50 == pytest.approx(1.0, abs=0.003)
    assert acc.p95 == pytest.approx(1.045, abs=0.003)
    assert fp.kind == "measurement"
    assert fp["facility_energy"].p50 == pytest.approx(fp["it_energy"].p50)  # workstation PUE 1


def test_model_energy_is_wide_modelled_and_names_its_parameter() -> None:
    fp = measured_footprint(result(cpu_model(3600.0)), TrackerConfig(region="US"))
    host = fp["host_energy"]
    assert host.basis == "modelled"
    assert 3600 * 1.1 / KWH <= host.p5 < host.p50 < host.p95 <= 3600 * 6.75 / KWH
    assert host.drivers[0].input in ("host_energy_kwh", "cpu_active_power_per_core_w")
    assert "cpu_active_power_per_core_w" in {d.input for d in host.drivers}
    assert fp["it_energy"].basis == "modelled"


def test_no_region_is_the_world_average_and_a_warning() -> None:
    fp = measured_footprint(result(gpu(KWH)), TrackerConfig())
    assert any("WORLD average" in w for w in fp.warnings)
    assert any(s.ref == "grids:WORLD" for s in fp.sources)
    local = measured_footprint(result(gpu(KWH)), TrackerConfig(region="US"))
    assert not any("WORLD" in w for w in local.warnings)
    assert local["carbon_operational"].p50 == pytest.approx(0.3844, rel=0.05)


def test_unknown_region_is_a_located_error() -> None:
    with pytest.raises(CatalogLookupError, match="unknown grid"):
        measured_footprint(result(gpu(KWH)), TrackerConfig(region="Atlantis"))


def test_every_default_used_is_cited() -> None:
    fp = measured_footprint(result(gpu(KWH), cpu_model(100.0)), TrackerConfig(region="CN"))
    refs = {s.ref for s in fp.sources}
    assert {
        "defaults:nvml_energy_factor",
        "defaults:cpu_active_power_per_core_w",
        "facilities:workstation",
        "grids:CN",
    } <= refs
    assert any(r.startswith("constants:") for r in refs)
    assert any(r == "defaults:embodied_co2e_kg_per_accelerator" for r in refs)


def test_embodied_carbon_follows_accelerator_hours() -> None:
    cpu_only = measured_footprint(result(cpu_model(10.0)), TrackerConfig(region="US"))
    assert cpu_only["carbon_embodied"].p50 == 0.0
    one_gpu_hour = measured_footprint(result(gpu(KWH)), TrackerConfig(region="US"))
    assert one_gpu_hour["carbon_embodied"].p50 > 0.0


def test_energy_scale_scales_energy() -> None:
    base = measured_footprint(result(gpu(KWH)), TrackerConfig(region="US"))
    doubled = measured_footprint(result(gpu(KWH)), TrackerConfig(region="US"), energy_scale=2.0)
    assert doubled["it_energy"].p50 == pytest.approx(2 * base["it_energy"].p50)
    assert doubled.to_dict()["schema_version"] == base.to_dict()["schema_version"]


def test_counted_flops_give_energy_per_flop_and_the_landauer_floor() -> None:
    run = RunResult(
        "r", "id1", "complete", None, 3600.0, (gpu(KWH),),
        WorkTotals.of([], KWH, flops=1e18), peak_power_w=500.0,
    )  # fmt: skip
    fp = measured_footprint(run, TrackerConfig(region="US"))
    # 1 kWh (× NVML's ±5 % factor) over 1e18 FLOP = 3.6e-12 J/FLOP at the median
    assert fp["energy_per_flop"].p50 == pytest.approx(3.6e-12, rel=0.01)
    # floor: 1e18 FLOP × bits/FLOP × k·300 K·ln2 (2.871e-21 J); ratio = energy / floor
    floor = fp["landauer_floor"]
    assert floor.p5 >= 1e18 * 1 * 2.87e-21 / KWH * 0.999
    assert fp["floor_ratio"].p50 > 1e3
    assert any(s.ref == "defaults:bits_erased_per_flop" for s in fp.sources)


def test_on_a_cpu_only_machine_the_floor_uses_the_hosts_energy() -> None:
    run = RunResult(
        "r", "id1", "complete", None, 3600.0, (cpu_model(3600.0),),
        WorkTotals.of([], 3.0 * 3600, flops=1e15), peak_power_w=10.0,
    )  # fmt: skip
    fp = measured_footprint(run, TrackerConfig(region="US"))
    assert fp["accelerator_energy"].p50 == 0
    expected = fp["host_energy"].p50 * KWH / 1e15
    assert fp["energy_per_flop"].p50 == pytest.approx(expected, rel=0.05)


def test_without_counted_flops_there_is_no_floor_and_it_says_why() -> None:
    fp = measured_footprint(result(gpu(KWH)), TrackerConfig(region="US"))
    assert "landauer_floor" not in fp.outputs
    assert any("no FLOPs counted" in a for a in fp.assumptions)
