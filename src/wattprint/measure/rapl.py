"""CPU package and DRAM energy from Linux powercap RAPL counters (Intel and AMD).

The kernel exposes one zone per CPU package, ``<root>/intel-rapl:N`` (``name`` is
``package-N``), with sub-zones ``intel-rapl:N:M`` for ``core``, ``uncore`` and
``dram``. AMD processors (Zen and later) expose the same tree. Each zone has a
cumulative ``energy_uj`` that wraps at ``max_energy_range_uj``; we read it at window
edges and on the sampler's timer and unwrap it (:mod:`.counters`).

Counted: every ``package-N`` zone and every ``dram`` sub-zone. Not counted: ``core``
and ``uncore`` (already inside their package) and ``psys`` (the whole platform, which
would count the package twice).

Since Linux 5.10 ``energy_uj`` is readable by root only (CVE-2020-8694). Then the
probe says so, with the command that opens it, and the CPU model takes over.
``rapl_root`` is a parameter, so tests run against a fake tree in a temp dir.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wattprint.measure.counters import Unwrapper
from wattprint.measure.sensor import (
    CounterReading,
    ProbeContext,
    ProbeResult,
    Sensor,
    SensorInfo,
    SensorNote,
)
from wattprint.quantity.units import MICROJOULES_PER_J

ZONE_RE = re.compile(r"^(?:intel|amd)-rapl:(\d+)(?::(\d+))?$")
FACTOR = "rapl_energy_factor"

AccessCheck = Callable[[str, int], bool]


@dataclass
class RaplSensor:
    """One RAPL zone's energy counter, unwrapped."""

    info: SensorInfo
    energy_path: Path
    unwrapper: Unwrapper
    clock: Callable[[], float] = time.monotonic

    def read(self) -> CounterReading:
        """Cumulative energy since the first read, in joules."""
        with open(self.energy_path, "rb") as f:
            raw = int(f.read())
        total_uj = self.unwrapper.update(raw)
        return CounterReading(self.clock(), total_uj / MICROJOULES_PER_J)


def probe(ctx: ProbeContext) -> ProbeResult:
    """Entry point ``rapl``: find readable RAPL zones under ``config.sensors.rapl_root``."""
    return discover(Path(ctx.config.sensors.rapl_root))


def discover(
    root: Path, access: AccessCheck = os.access, clock: Callable[[], float] = time.monotonic
) -> ProbeResult:
    """Sensors for the package and DRAM zones under ``root``.

    Args:
        root: The powercap directory (``/sys/class/powercap``).
        access: Permission check (``os.access``); tests pass their own, since they run
            as root, for whom every file is readable.
        clock: Monotonic clock for reading times.
    """
    if not root.is_dir():
        reason = f"no powercap tree at {root} (not Linux, or a VM or container without RAPL)"
        return ProbeResult(notes=(SensorNote("rapl", reason),))
    zones = sorted(p for p in root.iterdir() if ZONE_RE.match(p.name))
    if not zones:
        return ProbeResult(notes=(SensorNote("rapl", f"no intel-rapl zones under {root}"),))
    sensors: list[Sensor] = []
    notes: list[SensorNote] = []
    unreadable: list[Path] = []
    for zone in zones:
        info = _zone_info(zone)
        if info is None:
            continue
        energy = zone / "energy_uj"
        if not access(str(energy), os.R_OK):
            unreadable.append(energy)
            continue
        try:
            max_range = int((zone / "max_energy_range_uj").read_text())
            sensor = RaplSensor(info, energy, Unwrapper(max_range), clock)
            sensor.read()
        except PermissionError:
            unreadable.append(energy)
            continue
        except (OSError, ValueError) as exc:
            notes.append(SensorNote(info.name, f"cannot read {energy}: {exc}"))
            continue
        sensors.append(sensor)
    if unreadable:
        notes.append(SensorNote("rapl", root_only_reason(root, unreadable)))
    return ProbeResult(tuple(sensors), tuple(notes))


def root_only_reason(root: Path, paths: list[Path]) -> str:
    """The message for energy files only root may read, with the command that fixes it."""
    shown = ", ".join(str(p) for p in paths[:2]) + (" ..." if len(paths) > 2 else "")
    return (
        f"{shown}: energy_uj is readable by root only (Linux 5.10 and later, "
        "CVE-2020-8694); run `sudo chmod o+r "
        f"{root}/intel-rapl:*/energy_uj {root}/intel-rapl:*:*/energy_uj` "
        "(lasts until reboot) or measure as root; until then the CPU is estimated "
        "from CPU time (method: model)"
    )


def _zone_info(zone: Path) -> SensorInfo | None:
    match = ZONE_RE.match(zone.name)
    if match is None:
        return None
    try:
        name = (zone / "name").read_text().strip()
    except OSError:
        return None
    package, sub = match.group(1), match.group(2)
    if sub is None and name.startswith("package"):
        return SensorInfo(
            f"cpu-package{package}",
            "host",
            "cpu",
            "counter",
            "node",
            f"RAPL {name} ({zone.name})",
            FACTOR,
        )
    if sub is not None and name == "dram":
        return SensorInfo(
            f"dram{package}",
            "host",
            "dram",
            "counter",
            "node",
            f"RAPL dram of package {package} ({zone.name})",
            FACTOR,
        )
    return None
