"""Every option of a tracker, in one frozen value; :meth:`TrackerConfig.from_env` is the
only place in :mod:`wattprint.measure` that reads environment variables.

The ``WATTPRINT_*`` variables are declared once, with their defaults, help and ranges,
in :mod:`wattprint.settings` (listed in ``docs/settings.md``). Besides them:

========================== ============================================ ==============
variable                   field                                        default
========================== ============================================ ==============
CUDA_VISIBLE_DEVICES       ``sensors.visible_devices``                  all GPUs
LOCAL_RANK and friends     ``local_rank`` (see :mod:`.ranks`)           none
SLURM_JOB_ID and friends   ``job_id``                                   none
SLURM_JOB_NUM_NODES, ...   ``job_nodes``                                none
========================== ============================================ ==============
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from wattprint import settings
from wattprint.errors import InputError
from wattprint.measure.ranks import job_id_from, local_rank_from, nodes_expected_from

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

    rapl_root: str = settings.RAPL_ROOT.default
    cgroup_root: str = "/sys/fs/cgroup"
    proc_root: str = "/proc"
    cpu_scope: CpuScope = "process"
    root_pid: int | None = None
    visible_devices: str | None = None
    enabled: tuple[str, ...] | None = None
    per_rank_devices: bool = False


@dataclass(frozen=True)
class TrackerConfig:
    """Options of :func:`wattprint.measure.track`, all in one place.

    Attributes:
        region: Grid region for carbon (``"US"``, ``"CN-BJ"``); None uses the world
            average and says so in the footprint's warnings.
        facility: Facility profile for PUE/WUE; None means the default of
            :data:`wattprint.settings.FACILITY` (``"workstation"``, PUE 1), said so in the
            footprint's assumptions.
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
        job_id: Job id (``WATTPRINT_JOB_ID`` or the scheduler's), used with the host name
            to count a node once and to group the runs of all nodes (``wattprint jobs``).
        job_nodes: Nodes the job runs on (``WATTPRINT_JOB_NODES`` or the launcher's).
        step_file: When set, this process only reports steps to that file; the parent
            ``wattprint run`` measures energy (so nothing is counted twice).
        mc_samples: Monte Carlo draws for the footprint.
        seed: Seed of the Monte Carlo draws.
        sensors: Sensor options.
        otel: Publish OpenTelemetry metrics (:mod:`wattprint.measure.otel`).
    """

    region: str | None = None
    facility: str | None = None
    db_path: str | None = None
    store: bool = True
    sample_interval_s: float = float(settings.SAMPLE_INTERVAL.default)
    flush_interval_s: float = float(settings.FLUSH_INTERVAL.default)
    local_rank: int | None = None
    job_id: str | None = None
    job_nodes: int | None = None
    step_file: str | None = None
    mc_samples: int = 10_000
    seed: int = 0
    sensors: SensorConfig = field(default_factory=SensorConfig)
    otel: bool = False

    def __post_init__(self) -> None:
        settings.SAMPLE_INTERVAL.check(self.sample_interval_s, "sample_interval_s")
        settings.FLUSH_INTERVAL.check(self.flush_interval_s, "flush_interval_s")
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
            rapl_root=settings.RAPL_ROOT.read_text(env) or SensorConfig.rapl_root,
            cpu_scope=_cpu_scope(settings.CPU_SCOPE.read_choice(env)),
            visible_devices=env.get("CUDA_VISIBLE_DEVICES"),
            enabled=settings.SENSORS.read_names(env),
            per_rank_devices=settings.PER_RANK_DEVICES.read_flag(env),
        )
        config = cls(
            region=settings.REGION.read_text(env),
            facility=settings.FACILITY.text(env),  # unset: the footprint's default, said so
            db_path=settings.DB.read_text(env),
            store=settings.STORE.read_flag(env),
            sample_interval_s=settings.SAMPLE_INTERVAL.read_seconds(env),
            flush_interval_s=settings.FLUSH_INTERVAL.read_seconds(env),
            local_rank=local_rank_from(env),
            job_id=settings.JOB_ID.read_text(env) or job_id_from(env),
            job_nodes=_job_nodes(env),
            step_file=settings.STEP_FILE.read_text(env),
            sensors=sensors,
            otel=settings.OTEL.read_flag(env),
        )
        return config.with_options(**{k: v for k, v in overrides.items() if v is not None})


def _job_nodes(env: Mapping[str, str]) -> int | None:
    text = settings.JOB_NODES.read_text(env)
    if not text:
        return nodes_expected_from(env)
    if not text.isdigit() or int(text) < 1:
        raise InputError(
            "must be a whole number of nodes",
            field=settings.JOB_NODES.name,
            got=text,
            expected="a whole number, 1 or more",
        )
    return int(text)


def _cpu_scope(text: str) -> CpuScope:
    return "cgroup" if text == "cgroup" else "process"  # read_choice allowed only these
