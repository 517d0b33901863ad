"""The serving table: every row sourced, shares between 0 and 1, per-device rows found."""

from __future__ import annotations

from wattprint.catalog import accelerators
from wattprint.catalog.serving import measured_idle, serving_figures, serving_value

SHARES = (
    "idle_power_share_of_tdp",
    "busy_power_share_of_tdp",
    "tensor_parallel_efficiency",
    "decode_bandwidth_utilisation",
    "prefill_flops_utilisation",
    "usable_memory_share",
)


def test_every_row_names_a_source_and_a_year() -> None:
    for row in serving_figures():
        assert row.source and row.year.isdigit(), row.id


def test_shares_lie_between_zero_and_one_and_idle_is_below_busy() -> None:
    for name in SHARES:
        row = serving_figures().get(name)
        values = [v for v in (row.low, row.mode, row.high) if v is not None]
        assert all(0 < v <= 1 for v in values), name
    idle = serving_figures().get("idle_power_share_of_tdp")
    busy = serving_figures().get("busy_power_share_of_tdp")
    assert idle.high is not None and busy.low is not None and idle.high < busy.low


def test_a_measured_device_row_overrides_the_share_and_cites_its_source() -> None:
    h200 = accelerators().get("H200")
    row = measured_idle(h200.id, "idle")
    assert row is not None and row.source is not None
    assert row.value.central == 80.3
    assert "Serial Alice" in row.source.source
    assert measured_idle(accelerators().get("H100").id, "idle") is None


def test_a_judgement_row_says_it_is_unsourced() -> None:
    resolved = serving_value("tensor_parallel_efficiency", "tp", "ratio")
    assert resolved.source is not None and "no source" in resolved.source.note


def test_every_catalogued_gpu_used_for_serving_has_bandwidth() -> None:
    for name in ("H100", "H100 PCIe", "H200", "A100", "A100-80GB", "L4", "L40S", "MI300X"):
        acc = accelerators().get(name)
        assert acc.memory_bw_tbs and acc.memory_gb, name
