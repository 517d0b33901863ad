"""The sensor registry: built-ins through entry points, failing probes, the rank policy."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

from wattprint.measure import TrackerConfig, nvml
from wattprint.measure.registry import (
    BUILTIN_PROBES,
    GROUP,
    entry_point_probes,
    probe_all,
    registered_probes,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = Path(__file__).parent.parent / "pyproject.toml"
NO_GPU = TrackerConfig(store=False)


@pytest.fixture(autouse=True)
def no_nvidia_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    """This machine has no GPU; make that explicit so a dev box with one behaves alike."""

    class Missing:
        def nvmlInit(self) -> None:
            raise OSError("NVML Shared Library Not Found")

    monkeypatch.setattr(nvml, "pynvml", Missing())


def test_builtins_are_declared_as_entry_points() -> None:
    declared = tomllib.loads(PYPROJECT.read_text())["project"]["entry-points"][GROUP]
    assert declared == dict(BUILTIN_PROBES)


def test_installed_metadata_lists_the_builtins() -> None:
    try:
        importlib.metadata.distribution("wattprint")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("wattprint is not installed here (source tree on PYTHONPATH)")
    assert set(BUILTIN_PROBES) <= set(entry_point_probes())


def test_model_probe_runs_last() -> None:
    names = [name for name, _ in registered_probes()]
    assert names[0] == "nvml" and names[-1] == "cpu_model"


def test_without_counters_the_run_is_modelled_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "powercap").mkdir()
    probed = probe_all(NO_GPU.with_options(rapl_root=str(tmp_path / "powercap")))
    assert {s.info.method for s in probed.sensors} == {"model"}
    reasons = {n.name: n.reason for n in probed.notes}
    assert "no NVIDIA driver found" in reasons["nvml"]
    assert "no intel-rapl zones" in reasons["rapl"]
    probed.close()


def test_a_failing_probe_is_reported_and_the_others_run() -> None:
    probes = [("broken", "json:loads"), ("cpu_model", "wattprint.measure.cpu_model:probe")]
    probed = probe_all(NO_GPU, probes)
    assert [s.info.name for s in probed.sensors] == ["cpu-model", "cpu-idle-model", "memory-model"]
    (note,) = probed.notes
    assert note.name == "broken" and note.reason.startswith("probe failed: TypeError")


def test_probes_can_be_chosen() -> None:
    probed = probe_all(NO_GPU.with_options(enabled=("cpu_model",)))
    skipped = {n.name for n in probed.notes if n.status == "skipped"}
    assert skipped == {"nvml", "amdsmi", "rapl"}


def rapl_tree(root: Path) -> Path:
    for dirname, name in (("intel-rapl:0", "package-0"), ("intel-rapl:0:0", "dram")):
        zone = root / dirname
        zone.mkdir(parents=True)
        (zone / "name").write_text(name)
        (zone / "energy_uj").write_text("100")
        (zone / "max_energy_range_uj").write_text("1000000")
    return root


def test_rapl_covers_cpu_and_dram_so_no_model_is_added(tmp_path: Path) -> None:
    probed = probe_all(NO_GPU.with_options(rapl_root=str(rapl_tree(tmp_path / "pc"))))
    assert sorted(s.info.name for s in probed.sensors) == ["cpu-package0", "dram0"]


def test_other_local_ranks_skip_node_wide_sensors(tmp_path: Path) -> None:
    cfg = NO_GPU.with_options(local_rank=1, rapl_root=str(tmp_path / "none"))
    probed = probe_all(cfg)
    assert [s.info.name for s in probed.sensors] == ["cpu-model", "memory-model"]
    skipped = {n.name: n.reason for n in probed.notes if n.status == "skipped"}
    assert "counted once per node by local rank 0" in skipped["cpu-idle-model"]
    with_rapl = probe_all(cfg.with_options(rapl_root=str(rapl_tree(tmp_path / "pc"))))
    assert with_rapl.sensors == []  # rank 0 counts the packages for the whole node


def test_entry_points_are_read_from_dist_info_files(tmp_path: Path) -> None:
    dist = tmp_path / "acme_sensors-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text(
        "[console_scripts]\nacme = acme:main\n\n"
        "[wattprint.sensors]\nacme = acme_sensors.probe:probe [extra]\nrapl = evil:probe\n"
    )
    shadowed = tmp_path / "later" / "acme_sensors-0.9.dist-info"
    shadowed.mkdir(parents=True)
    (shadowed / "entry_points.txt").write_text("[wattprint.sensors]\nacme = old:probe\n")
    found = entry_point_probes([str(tmp_path), str(tmp_path / "later")])
    assert found == [("acme", "acme_sensors.probe:probe"), ("rapl", "evil:probe")]
    names = [n for n, _ in registered_probes()]
    assert names.count("rapl") == 1  # a third party cannot replace a built-in
