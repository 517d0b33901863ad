"""NVML with a fake ``pynvml`` at the vendor boundary: energy-counter and power-only GPUs,
CUDA_VISIBLE_DEVICES, MIG, and a missing driver."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest

from wattprint.measure import TrackerConfig, nvml, track
from wattprint.measure.sensor import ProbeContext


class NVMLError(Exception):
    pass


@dataclass
class FakeGPU:
    uuid: str
    name: str = "NVIDIA H100 80GB HBM3"
    energy_mj: int | None = 5_000_000  # None: no energy counter (pre-Volta)
    power_mw: int = 300_000
    mig_on: bool = False
    migs: list[str] = field(default_factory=list)


@dataclass
class FakeMig:
    uuid: str


class FakeNVML:
    """The few pynvml functions wattprint calls, over a list of fake GPUs."""

    NVMLError = NVMLError

    def __init__(self, gpus: list[FakeGPU], init_error: str | None = None) -> None:
        self.gpus = gpus
        self.init_error = init_error
        self.shutdowns = 0

    def nvmlInit(self) -> None:
        if self.init_error:
            raise NVMLError(self.init_error)

    def nvmlShutdown(self) -> None:
        self.shutdowns += 1

    def nvmlDeviceGetCount(self) -> int:
        return len(self.gpus)

    def nvmlDeviceGetHandleByIndex(self, index: int) -> FakeGPU:
        return self.gpus[index]

    def nvmlDeviceGetUUID(self, handle: FakeGPU | FakeMig) -> bytes:
        return handle.uuid.encode()

    def nvmlDeviceGetName(self, handle: FakeGPU) -> bytes:
        return handle.name.encode()

    def nvmlDeviceGetTotalEnergyConsumption(self, handle: FakeGPU) -> int:
        if handle.energy_mj is None:
            raise NVMLError("Not Supported")
        return handle.energy_mj

    def nvmlDeviceGetPowerUsage(self, handle: FakeGPU) -> int:
        return handle.power_mw

    def nvmlDeviceGetMigMode(self, handle: FakeGPU) -> tuple[int, int]:
        if not handle.mig_on:
            raise NVMLError("Not Supported")
        return (1, 1)

    def nvmlDeviceGetMaxMigDeviceCount(self, handle: FakeGPU) -> int:
        if not handle.mig_on:
            raise NVMLError("Not Supported")
        return 7

    def nvmlDeviceGetMigDeviceHandleByIndex(self, handle: FakeGPU, slot: int) -> FakeMig:
        if slot >= len(handle.migs):
            raise NVMLError("Not Found")
        return FakeMig(handle.migs[slot])


def four_gpus() -> list[FakeGPU]:
    return [FakeGPU(f"GPU-{i}aaa-{i}bbb") for i in range(4)]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeNVML:
    module = FakeNVML(four_gpus())
    monkeypatch.setattr(nvml, "pynvml", module)
    return module


class Clock:
    def __init__(self) -> None:
        self.t = 10.0

    def __call__(self) -> float:
        return self.t


def test_energy_counter_gpu_reads_joules_since_probe(fake: FakeNVML) -> None:
    clock = Clock()
    sensors, notes = nvml.discover("0", clock)
    (gpu,) = sensors
    assert notes == ()
    assert gpu.info.name == "gpu0"
    assert gpu.info.method == "counter"
    assert gpu.info.kind == "accelerator"
    assert "H100" in gpu.info.label
    fake.gpus[0].energy_mj = 5_000_000 + 1_500  # 1.5 J more
    clock.t = 11.0
    reading = gpu.read()
    assert reading.energy_j == 1.5
    assert reading.t_s == 11.0


def test_power_only_gpu_is_integrated(fake: FakeNVML) -> None:
    fake.gpus[1].energy_mj = None
    fake.gpus[1].power_mw = 200_000
    clock = Clock()
    (gpu,), _ = nvml.discover("1", clock)
    assert gpu.info.method == "integrated_power"
    gpu.read()
    clock.t += 2.0
    fake.gpus[1].power_mw = 300_000
    reading = gpu.read()
    assert reading.energy_j == pytest.approx(0.5 * (200 + 300) * 2.0)
    assert reading.power_w == 300.0


def test_counter_going_backwards_is_an_error_the_tracker_drops(fake: FakeNVML) -> None:
    (gpu,), _ = nvml.discover("0")
    gpu.read()
    fake.gpus[0].energy_mj = 10
    with pytest.raises(Exception, match="backwards"):
        gpu.read()


@pytest.mark.parametrize(
    ("visible", "expected"),
    [
        (None, ["gpu0", "gpu1", "gpu2", "gpu3"]),
        ("2,0", ["gpu2", "gpu0"]),
        ("GPU-3aaa-3bbb,1", ["gpu3", "gpu1"]),
        ("GPU-2aa", ["gpu2"]),  # a unique prefix, as CUDA accepts
        ("1,7,2", ["gpu1"]),  # CUDA stops at the first invalid entry
        ("", []),
        ("-1", []),
    ],
)
def test_cuda_visible_devices(fake: FakeNVML, visible: str | None, expected: list[str]) -> None:
    sensors, notes = nvml.discover(visible)
    assert [s.info.name for s in sensors] == expected
    if visible in ("1,7,2", "-1"):
        assert any("names no GPU" in n.reason for n in notes)


def test_mig_instance_is_measured_as_its_parent_once(fake: FakeNVML) -> None:
    fake.gpus[1].mig_on = True
    fake.gpus[1].migs = ["MIG-aaaa-1111", "MIG-bbbb-2222"]
    sensors, _ = nvml.discover("MIG-aaaa-1111,MIG-bbbb-2222")
    (gpu,) = sensors
    assert gpu.info.name == "gpu1"
    assert "MIG" in gpu.info.label
    assert "whole GPU" in gpu.info.label


def test_mig_enabled_gpu_by_index_is_labelled(fake: FakeNVML) -> None:
    fake.gpus[0].mig_on = True
    (gpu,), _ = nvml.discover("0")
    assert "MIG on" in gpu.info.label


def test_no_driver_is_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nvml, "pynvml", FakeNVML([], init_error="Driver Not Loaded"))
    result = nvml.probe(ProbeContext(TrackerConfig(store=False)))
    assert result.sensors == ()
    assert "no NVIDIA driver found" in result.notes[0].reason


def test_probe_closes_nvml_when_nothing_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    module = FakeNVML([])
    monkeypatch.setattr(nvml, "pynvml", module)
    result = nvml.probe(ProbeContext(TrackerConfig(store=False)))
    assert result.sensors == ()
    assert module.shutdowns == 1


def test_tracker_measures_fake_gpus_by_method(monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end: one counter GPU at 300 W and one power-only GPU at 200 W."""
    start = time.monotonic()
    counter_gpu = FakeGPU("GPU-c")
    power_gpu = FakeGPU("GPU-p", energy_mj=None, power_mw=200_000)

    class Growing(FakeNVML):
        def nvmlDeviceGetTotalEnergyConsumption(self, handle: FakeGPU) -> int:
            if handle.energy_mj is None:
                raise NVMLError("Not Supported")
            return int(300_000 * (time.monotonic() - start))  # 300 W in mJ/s

    monkeypatch.setattr(nvml, "pynvml", Growing([counter_gpu, power_gpu]))
    config = TrackerConfig(store=False, sample_interval_s=0.05).with_options(
        enabled=("nvml",), visible_devices=None
    )
    with track("gpus", config=config) as run:
        time.sleep(0.5)
    devices = {d.info.name: d for d in run.result.devices}
    assert devices["gpu0"].info.method == "counter"
    assert devices["gpu1"].info.method == "integrated_power"
    window = run.result.duration_s
    assert 300 * (window - 0.3) < devices["gpu0"].energy_j <= 300 * window + 1
    assert 200 * (window - 0.3) < devices["gpu1"].energy_j <= 200 * window + 1
    assert run.result.accelerator_energy_j == pytest.approx(
        devices["gpu0"].energy_j + devices["gpu1"].energy_j
    )
