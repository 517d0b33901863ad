"""RAPL through a fake powercap tree in a temp dir, and the counter arithmetic it relies on."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from wattprint.measure.config import TrackerConfig
from wattprint.measure.counters import PowerIntegrator, Unwrapper, wrapped_delta
from wattprint.measure.rapl import discover, probe
from wattprint.measure.sensor import ProbeContext

MAX_UJ = 262_143_328_850


def zone(root: Path, dirname: str, name: str, energy_uj: int, max_uj: int = MAX_UJ) -> Path:
    path = root / dirname
    path.mkdir(parents=True)
    (path / "name").write_text(name + "\n")
    (path / "energy_uj").write_text(f"{energy_uj}\n")
    (path / "max_energy_range_uj").write_text(f"{max_uj}\n")
    return path


def powercap(tmp_path: Path) -> Path:
    root = tmp_path / "powercap"
    zone(root, "intel-rapl:0", "package-0", 1_000_000)
    zone(root, "intel-rapl:0:0", "core", 500_000)
    zone(root, "intel-rapl:0:1", "dram", 2_000_000)
    zone(root, "intel-rapl:1", "package-1", 3_000_000)
    zone(root, "intel-rapl:1:0", "dram", 4_000_000)
    zone(root, "intel-rapl:2", "psys", 9_000_000)
    (root / "intel-rapl").mkdir()  # the control-type directory has no counter
    return root


def set_energy(zone_dir: Path, energy_uj: int) -> None:
    (zone_dir / "energy_uj").write_text(f"{energy_uj}\n")


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_packages_and_dram_are_counted_core_and_psys_are_not(tmp_path: Path) -> None:
    result = discover(powercap(tmp_path))
    names = sorted(s.info.name for s in result.sensors)
    assert names == ["cpu-package0", "cpu-package1", "dram0", "dram1"]
    for sensor in result.sensors:
        assert sensor.info.method == "counter"
        assert sensor.info.scope == "node"
        assert sensor.info.factor == "rapl_energy_factor"
    assert {s.info.domain for s in result.sensors} == {"cpu", "dram"}


def test_counter_reads_joules_since_the_first_read(tmp_path: Path) -> None:
    root = powercap(tmp_path)
    clock = Clock()
    sensors = {s.info.name: s for s in discover(root, clock=clock).sensors}
    package = sensors["cpu-package0"]
    set_energy(root / "intel-rapl:0", 1_000_000 + 2_500_000)
    clock.t = 101.0
    reading = package.read()
    assert reading.energy_j == 2.5
    assert reading.t_s == 101.0


def test_wrap_around_is_unwrapped(tmp_path: Path) -> None:
    root = tmp_path / "powercap"
    package = zone(root, "intel-rapl:0", "package-0", 900, max_uj=1000)
    sensor = discover(root).sensors[0]
    set_energy(package, 50)  # wrapped: 100 µJ to the top, then 50
    assert sensor.read().energy_j == 150e-6
    set_energy(package, 950)
    assert sensor.read().energy_j == 1050e-6


def test_root_only_energy_file_is_reported_via_access_check(tmp_path: Path) -> None:
    """Tests run as root, who may read any file: the mode is set to 0o400 for realism and
    the permission check is injected (the reader uses it exactly like ``os.access``)."""
    root = powercap(tmp_path)
    for energy in root.glob("intel-rapl:*/energy_uj"):
        energy.chmod(stat.S_IRUSR)

    def access_as_user(path: str, mode: int) -> bool:
        return bool(os.stat(path).st_mode & stat.S_IROTH)

    result = discover(root, access=access_as_user)
    assert result.sensors == ()
    (note,) = result.notes
    assert note.name == "rapl"
    assert "energy_uj is readable by root only" in note.reason
    assert f"sudo chmod o+r {root}/intel-rapl:*/energy_uj" in note.reason
    assert "CPU is estimated from CPU time" in note.reason


def test_missing_tree_and_empty_tree_say_why(tmp_path: Path) -> None:
    missing = discover(tmp_path / "nope")
    assert missing.sensors == ()
    assert "no powercap tree" in missing.notes[0].reason
    (tmp_path / "empty").mkdir()
    empty = discover(tmp_path / "empty")
    assert "no intel-rapl zones" in empty.notes[0].reason


def test_probe_uses_the_configured_root(tmp_path: Path) -> None:
    root = powercap(tmp_path)
    config = TrackerConfig(store=False).with_options(rapl_root=str(root))
    assert len(probe(ProbeContext(config)).sensors) == 4


def test_garbage_counter_is_a_note_not_a_crash(tmp_path: Path) -> None:
    root = tmp_path / "powercap"
    package = zone(root, "intel-rapl:0", "package-0", 1)
    (package / "energy_uj").write_text("not a number\n")
    result = discover(root)
    assert result.sensors == ()
    assert "cannot read" in result.notes[0].reason


counter = st.integers(min_value=0, max_value=10**12)


@given(max_range=st.integers(min_value=1, max_value=10**12), data=st.data())
def test_wrapped_delta_is_never_negative(max_range: int, data: st.DataObject) -> None:
    prev = data.draw(st.integers(0, max_range))
    cur = data.draw(st.integers(0, max_range))
    assert wrapped_delta(prev, cur, max_range) >= 0


@given(
    max_range=st.integers(min_value=10, max_value=10**9),
    increments=st.lists(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=20),
    split=st.integers(min_value=1, max_value=19),
)
def test_energy_is_additive_over_adjacent_windows(
    max_range: int, increments: list[int], split: int
) -> None:
    """Unwrapping reads taken less than one wrap apart gives the true total, and the
    energy of two adjacent windows is the energy of the whole."""
    increments = [i % max_range for i in increments]
    raws, value = [0], 0
    for inc in increments:
        value = (value + inc) % max_range
        raws.append(value)
    whole = Unwrapper(max_range)
    totals = [whole.update(r) for r in raws]
    assert totals[-1] == sum(increments)
    cut = min(split, len(raws) - 1)
    first, second = Unwrapper(max_range), Unwrapper(max_range)
    left = [first.update(r) for r in raws[: cut + 1]][-1]
    right = [second.update(r) for r in raws[cut:]][-1]
    assert left + right == totals[-1]


@given(st.lists(st.floats(min_value=0, max_value=1000), min_size=2, max_size=30))
def test_integrated_constant_power_is_power_times_time(powers: list[float]) -> None:
    integrator = PowerIntegrator()
    for i in range(len(powers)):
        integrator.update(float(i), 250.0)
    assert abs(integrator.energy_j - 250.0 * (len(powers) - 1)) < 1e-6
