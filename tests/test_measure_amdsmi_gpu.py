"""AMD GPUs through a fake ``amdsmi`` module at the vendor boundary."""

from __future__ import annotations

from typing import Any

import pytest

from wattprint.measure import TrackerConfig, amdsmi_gpu
from wattprint.measure.sensor import ProbeContext


class FakeAmdSmi:
    """Two GPUs: one with an energy accumulator, one with socket power only."""

    def __init__(self) -> None:
        self.counts = {"gpu-a": 1000}
        self.shut = 0

    def amdsmi_init(self) -> None:
        pass

    def amdsmi_shut_down(self) -> None:
        self.shut += 1

    def amdsmi_get_processor_handles(self) -> list[str]:
        return ["gpu-a", "gpu-b"]

    def amdsmi_get_energy_count(self, handle: str) -> dict[str, Any]:
        if handle not in self.counts:
            raise RuntimeError("not supported")
        return {"energy_accumulator": self.counts[handle], "counter_resolution": 15.3}

    def amdsmi_get_power_info(self, handle: str) -> dict[str, Any]:
        return {"current_socket_power": 250, "average_socket_power": 240}


def test_counter_and_power_only_amd_gpus(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeAmdSmi()
    monkeypatch.setattr(amdsmi_gpu, "amdsmi", fake)
    result = amdsmi_gpu.probe(ProbeContext(TrackerConfig(store=False)))
    counter, power = result.sensors
    assert (counter.info.method, power.info.method) == ("counter", "integrated_power")
    fake.counts["gpu-a"] += 1_000_000  # counts of 15.3 µJ
    assert counter.read().energy_j == pytest.approx(15.3)
    assert power.read().power_w == 250.0
    assert result.close is not None
    result.close()
    assert fake.shut == 1


def test_energy_count_key_names_of_old_and_new_amdsmi() -> None:
    assert amdsmi_gpu.energy_uj({"power": 10, "counter_resolution": 2.0}) == 20.0
    assert amdsmi_gpu.energy_uj({"energy_accumulator": 10, "counter_resolution": 2.0}) == 20.0


def test_without_amd_driver_the_probe_says_why() -> None:
    result = amdsmi_gpu.probe(ProbeContext(TrackerConfig(store=False)))
    assert result.sensors == ()
    assert "AMD" in result.notes[0].reason or "amdsmi" in result.notes[0].reason
