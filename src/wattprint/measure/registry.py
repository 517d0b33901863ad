"""The sensor registry: probes found through the ``wattprint.sensors`` entry-point group.

Built-in probes go through the same registry as third-party ones (they are declared in
``pyproject.toml``); :data:`BUILTIN_PROBES` names them too, so an uninstalled source
tree still measures. A probe is ``probe(ctx: ProbeContext) -> ProbeResult``.

Order: hardware probes first (``nvml``, ``amdsmi``, ``rapl``, then third-party probes
by name), ``cpu_model`` last, because it only models the domains (``cpu``, ``dram``)
that no counter covered. A probe that raises is reported and skipped; it never stops
the others. Then the rank policy of :mod:`.ranks` drops node-wide sensors on local
ranks other than 0.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from wattprint.measure.config import TrackerConfig
from wattprint.measure.ranks import samples_node_sensors
from wattprint.measure.sensor import ProbeContext, ProbeResult, Sensor, SensorNote

logger = logging.getLogger(__name__)

GROUP = "wattprint.sensors"
MODEL_PROBE = "cpu_model"
BUILTIN_PROBES: tuple[tuple[str, str], ...] = (
    ("nvml", "wattprint.measure.nvml:probe"),
    ("amdsmi", "wattprint.measure.amdsmi_gpu:probe"),
    ("rapl", "wattprint.measure.rapl:probe"),
    (MODEL_PROBE, "wattprint.measure.cpu_model:probe"),
)

ProbeFn = Callable[[ProbeContext], ProbeResult]


@dataclass
class Probed:
    """Every sensor in use, every note on what is not, and the cleanups to run at the end."""

    sensors: list[Sensor] = field(default_factory=list)
    notes: list[SensorNote] = field(default_factory=list)
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Run every probe's cleanup; a failing cleanup is logged, never raised."""
        for close in self.closers:
            try:
                close()
            except Exception:  # a third-party cleanup must not break the caller
                logger.debug("sensor cleanup failed", exc_info=True)
        self.closers.clear()


def entry_point_probes(paths: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """``(name, "module:attr")`` of every probe registered under :data:`GROUP`.

    Reads the ``entry_points.txt`` of every ``*.dist-info`` / ``*.egg-info`` on
    ``sys.path`` (the first distribution on the path wins, as with
    ``importlib.metadata``), without importing ``importlib.metadata``, which would cost
    a tracker about 3.6 MB of memory for the email and zip modules it loads.
    """
    found: dict[str, str] = {}
    for entry in sys.path if paths is None else paths:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt")) as f:
                    text = f.read()
            except OSError:
                continue
            for probe_name, target in _group(text, GROUP):
                found.setdefault(probe_name, target)
    return sorted(found.items())


def _group(text: str, group: str) -> list[tuple[str, str]]:
    """``name = target`` lines of one ``[group]`` section of an ``entry_points.txt``."""
    items: list[tuple[str, str]] = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == group and "=" in line:
            name, _, target = line.partition("=")
            items.append((name.strip(), target.split("[")[0].strip()))
    return items


def registered_probes() -> list[tuple[str, str]]:
    """Probes in the order they run: hardware built-ins, third-party, then the model."""
    builtin = dict(BUILTIN_PROBES)
    extra = [(n, t) for n, t in entry_point_probes() if n not in builtin]
    hardware = [(n, t) for n, t in BUILTIN_PROBES if n != MODEL_PROBE]
    return [*hardware, *extra, (MODEL_PROBE, builtin[MODEL_PROBE])]


def load_probe(target: str) -> ProbeFn:
    """Import ``"package.module:function"``."""
    module_name, _, attr = target.partition(":")
    probe: ProbeFn = getattr(importlib.import_module(module_name), attr)
    return probe


def probe_all(config: TrackerConfig, probes: Sequence[tuple[str, str]] | None = None) -> Probed:
    """Run every enabled probe once, then apply the rank policy.

    Args:
        config: Tracker options (which probes are enabled, roots, local rank).
        probes: ``(name, "module:function")`` pairs to run instead of the registry's.
    """
    out = Probed()
    covered: set[str] = set()
    enabled = config.sensors.enabled
    for name, target in registered_probes() if probes is None else probes:
        if enabled is not None and name not in enabled:
            out.notes.append(SensorNote(name, "not enabled (WATTPRINT_SENSORS)", "skipped"))
            continue
        try:
            result = load_probe(target)(ProbeContext(config, frozenset(covered)))
        except Exception as exc:  # a probe must never stop the tracker
            out.notes.append(SensorNote(name, f"probe failed: {type(exc).__name__}: {exc}"))
            continue
        _add(out, result, covered)
    _apply_rank_policy(out, config)
    return out


def _add(out: Probed, result: ProbeResult, covered: set[str]) -> None:
    names = {s.info.name for s in out.sensors}
    for sensor in result.sensors:
        info = sensor.info
        if info.name in names:
            out.notes.append(SensorNote(info.name, "a sensor of this name is in use", "skipped"))
            continue
        names.add(info.name)
        covered.add(info.domain)
        out.sensors.append(sensor)
    out.notes.extend(result.notes)
    if result.close is not None:
        out.closers.append(result.close)


def _apply_rank_policy(out: Probed, config: TrackerConfig) -> None:
    if samples_node_sensors(config.local_rank):
        return
    kept: list[Sensor] = []
    for sensor in out.sensors:
        info = sensor.info
        gpu_per_rank = config.sensors.per_rank_devices and info.kind == "accelerator"
        if info.scope == "node" and not gpu_per_rank:
            reason = (
                f"node-wide; counted once per node by local rank 0 (this is {config.local_rank})"
            )
            out.notes.append(SensorNote(info.name, reason, "skipped"))
        else:
            kept.append(sensor)
    out.sensors = kept
