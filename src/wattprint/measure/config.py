"""Every option of a tracker, in one frozen value; :meth:`TrackerConfig.from_env` is the
only place in :mod:`wattprint.measure` that reads environment variables.

========================== ============================================ ==============
variable                   field                                        default
========================== ============================================ ==============
WATTPRINT_DB               ``db_path``                                  store default
WATTPRINT_STORE            ``store`` (``0`` keeps runs in memory only)  ``1``
WATTPRINT_REGION           ``region``                                   none (WORLD)
WATTPRINT_FACILITY         ``facility``                                 workstation
WATTPRINT_SAMPLE_INTERVAL  ``sample_interval_s``                        5.0
WATTPRINT_FLUSH_INTERVAL   ``flush_interval_s``                         5.0
WATTPRINT_SENSORS          ``sensors.enabled`` (comma list)             all
WATTPRINT_RAPL_ROOT        ``sensors.rapl_root``                        /sys/class/powercap
WATTPRINT_CPU_SCOPE        ``sensors.cpu_scope`` (process | cgroup)     process
WATTPRINT_PER_RANK_DEVICES ``sensors.per_rank_devices``                 0
WATTPRINT_STEP_FILE        ``step_file`` (set by ``wattprint run``)     none
CUDA_VISIBLE_DEVICES       ``sensors.visible_devices``                  all GPUs
LOCAL_RANK and friends     ``local_rank`` (see :mod:`.ranks`)           none
SLURM_JOB_ID and friends   ``job_id``                                   none
========================== ============================================ ==============
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from wattprint.errors import InputError
from wattprint.measure.ranks import job_id_from, local_rank_from

CpuScope = Literal["process", "cgroup"]


@dataclass(frozen=True)
class SensorConfig:
    """Where sensors look and which ones may run.

    Attributes:
        rapl_root: Root of the Linux powercap tree (a temp dir in tests).
        cgroup_root: Root of the cgroup file system, for ``cpu_scope="cgroup"`` and quotas.
        proc_root: Root of procfs, for the process tree's CPU time and memory.
        cpu_scope: ``"process"``: CPU time of the process tree; ``"cgroup"``: of the cgroup.
        root_pid: Root of the measured process tree; None means this process.
        visible_devices: The ``CUDA_VISIBLE_DEVICES`` value (indices or GPU-/MIG- UUIDs).
        enabled: Names of the probes to run (``nvml``, ``rapl`` ...); None runs all.
        per_rank_devices: Every local rank measures its own GPUs (use when each rank is
            given a disjoint ``CUDA_VISIBLE_DEVICES``); by default only local rank 0 does.
    """

    rapl_root: str = "/sys/class/powercap"
    cgroup_root: str = "/sys/fs/cgroup"
    proc_root: str = "/proc"
    cpu_scope: CpuScope = "process"
    root_pid: int | None = None
    visible_devices: str | None = None
    enabled: tuple[str, ...] | None = None
    per_rank_devices: bool = False


MIN_INTERVAL_S = 0.01
"""Shortest sampling or flushing interval: 100 wake-ups a second. Below it the sampler
thread spins a CPU (WATTPRINT_SAMPLE_INTERVAL=1e-9 inflated a measured run 3.4x)."""
MAX_SAMPLE_INTERVAL_S = 3600.0
"""Longest sampling interval: a curve with fewer than one point an hour shows nothing."""


@dataclass(frozen=True)
class TrackerConfig:
    """Options of :func:`wattprint.measure.track`, all in one place.

    Attributes:
        region: Grid region for carbon (``"US"``, ``"CN-BJ"``); None uses the world
            average and says so in the footprint's warnings.
        facility: Facility profile for PUE/WUE; None means ``"workstation"`` (PUE 1).
        db_path: Run store file; None uses the store's default location.
        store: False keeps the run in memory only.
        sample_interval_s: Seconds between sensor reads (counters and models); power-only
            sensors, which are integrated, are read every ``min(0.1, this)`` seconds.
            Counters and the CPU model are cumulative and are read again at every window
            edge (phase start and end, stop), so this sets only the time resolution of
            the stored curve, not the accuracy of the energy. The default, 5 s, keeps the
            sampler's CPU cost near a millisecond per 10 s.
        flush_interval_s: Seconds between writes to the run store (at most 5).
        local_rank: Local rank of this process on its node (None when not distributed).
        job_id: Scheduler job id, used with the host name to count a node once.
        step_file: When set, this process only reports steps to that file; the parent
            ``wattprint run`` measures energy (so nothing is counted twice).
        mc_samples: Monte Carlo draws for the footprint.
        seed: Seed of the Monte Carlo draws.
        sensors: Sensor options.
    """

    region: str | None = None
    facility: str | None = None
    db_path: str | None = None
    store: bool = True
    sample_interval_s: float = 5.0
    flush_interval_s: float = 5.0
    local_rank: int | None = None
    job_id: str | None = None
    step_file: str | None = None
    mc_samples: int = 10_000
    seed: int = 0
    sensors: SensorConfig = field(default_factory=SensorConfig)

    def __post_init__(self) -> None:
        for name in ("sample_interval_s", "flush_interval_s"):
            value = getattr(self, name)
            if not MIN_INTERVAL_S <= value <= MAX_SAMPLE_INTERVAL_S:
                raise InputError(
                    "sampling and flushing intervals are bounded (a tiny interval spins a "
                    "CPU and its own power shows up in the measurement)",
                    field=name,
                    got=value,
                    expected=f"{MIN_INTERVAL_S:g} to {MAX_SAMPLE_INTERVAL_S:g} seconds",
                )
        if self.flush_interval_s > 5.0:
            raise InputError(
                "runs are flushed at least every 5 s",
                field="flush_interval_s",
                got=self.flush_interval_s,
                expected="0 < seconds <= 5",
            )
        if self.mc_samples < 1:
            raise InputError(
                "need at least one Monte Carlo draw", field="mc_samples", got=self.mc_samples
            )

    def with_options(self, **changes: Any) -> TrackerConfig:
        """A copy with some fields changed (``sensors`` fields may be given directly)."""
        sensor_fields = set(SensorConfig.__dataclass_fields__)
        sensor_changes = {k: changes.pop(k) for k in list(changes) if k in sensor_fields}
        if sensor_changes:
            changes["sensors"] = replace(self.sensors, **sensor_changes)
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> TrackerConfig:
        """Read the configuration from environment variables, then apply ``overrides``.

        Args:
            env: The environment to read (``os.environ`` when None).
            **overrides: Field values that win over the environment (None values are
                ignored, so ``region=None`` keeps ``WATTPRINT_REGION``).

        Raises:
            InputError: A variable holds a value that cannot be used; the message names it.
        """
        env = os.environ if env is None else env
        sensors = SensorConfig(
            rapl_root=env.get("WATTPRINT_RAPL_ROOT", SensorConfig.rapl_root),
            cpu_scope=_cpu_scope(env.get("WATTPRINT_CPU_SCOPE", "process")),
            visible_devices=env.get("CUDA_VISIBLE_DEVICES"),
            enabled=_names(env.get("WATTPRINT_SENSORS")),
            per_rank_devices=_flag(env, "WATTPRINT_PER_RANK_DEVICES", False),
        )
        config = cls(
            region=env.get("WATTPRINT_REGION") or None,
            facility=env.get("WATTPRINT_FACILITY") or None,
            db_path=env.get("WATTPRINT_DB") or None,
            store=_flag(env, "WATTPRINT_STORE", True),
            sample_interval_s=_seconds(env, "WATTPRINT_SAMPLE_INTERVAL", 5.0),
            flush_interval_s=_seconds(env, "WATTPRINT_FLUSH_INTERVAL", 5.0),
            local_rank=local_rank_from(env),
            job_id=job_id_from(env),
            step_file=env.get("WATTPRINT_STEP_FILE") or None,
            sensors=sensors,
        )
        return config.with_options(**{k: v for k, v in overrides.items() if v is not None})


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name)
    if not text:
        return default
    try:
        return float(text)
    except ValueError:
        raise InputError(
            "not a number of seconds", field=name, got=text, expected="e.g. 1 or 0.5"
        ) from None


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    text = env.get(name, "").strip().lower()
    if not text:
        return default
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise InputError("not a yes/no value", field=name, got=text, expected="1 or 0")


def _names(text: str | None) -> tuple[str, ...] | None:
    if not text:
        return None
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _cpu_scope(text: str) -> CpuScope:
    if text == "process":
        return "process"
    if text == "cgroup":
        return "cgroup"
    raise InputError(
        "unknown CPU scope", field="WATTPRINT_CPU_SCOPE", got=text, expected="process or cgroup"
    )
