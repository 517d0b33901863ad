"""Several ranks on one node are counted once per node, not once per rank.

Policy: launchers (torchrun, SLURM ``srun``, Open MPI, MPICH/Intel MPI) start one
process per rank and tell each its *local* rank on the node. A tracker in a process
whose local rank is not 0 does not sample **node-wide** sensors (GPUs through NVML or
amdsmi, RAPL packages and DRAM, the idle share of the CPUs): local rank 0 counts those
once for the whole node. **Process-scoped** sensors (the CPU-time and memory models of
the rank's own process tree) are sampled by every rank, since each rank's tree is its
own. Where each rank is given a disjoint ``CUDA_VISIBLE_DEVICES``, set
``WATTPRINT_PER_RANK_DEVICES=1`` so that every rank measures its own GPUs.

The functions here read a mapping handed to them (the environment, by
:meth:`~wattprint.measure.config.TrackerConfig.from_env`), never ``os.environ`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping

# Checked in this order; the first one set wins.
LOCAL_RANK_VARS = (
    "LOCAL_RANK",  # torchrun / torch.distributed.launch, accelerate, deepspeed
    "SLURM_LOCALID",  # srun
    "OMPI_COMM_WORLD_LOCAL_RANK",  # Open MPI
    "MPI_LOCALRANKID",  # MPICH / Intel MPI
)
JOB_ID_VARS = ("SLURM_JOB_ID", "TORCHELASTIC_RUN_ID", "PBS_JOBID", "LSB_JOBID")
# Tags a tracker adds to its run so the runs of all nodes can be grouped (measure.jobs).
JOB_TAG = "wattprint.job"
JOB_NODES_TAG = "wattprint.job_nodes"
LOCAL_RANK_TAG = "wattprint.local_rank"


def local_rank_from(env: Mapping[str, str]) -> int | None:
    """The process's local rank on its node, or None when no launcher set one."""
    for name in LOCAL_RANK_VARS:
        text = env.get(name, "").strip()
        if text.isdigit():
            return int(text)
    return None


def job_id_from(env: Mapping[str, str]) -> str | None:
    """The scheduler's job id, or None."""
    for name in JOB_ID_VARS:
        text = env.get(name, "").strip()
        if text:
            return text
    return None


def samples_node_sensors(local_rank: int | None) -> bool:
    """Whether this process counts the node-wide sensors (local rank 0 or no ranks)."""
    return local_rank is None or local_rank == 0


def node_key(host: str, job_id: str | None) -> str:
    """Host plus job id: every rank of one job on one node shares it."""
    return f"{host}:{job_id}" if job_id else host


def job_id_of(key: str | None) -> str | None:
    """The job id inside a :func:`node_key` (None when the key has none)."""
    if not key or ":" not in key:
        return None
    return key.partition(":")[2] or None


def nodes_expected_from(env: Mapping[str, str]) -> int | None:
    """How many nodes the launcher says the job has: ``SLURM_JOB_NUM_NODES`` (or
    ``SLURM_NNODES``), else ``WORLD_SIZE`` / ``LOCAL_WORLD_SIZE`` (torchrun); else None."""
    for name in ("SLURM_JOB_NUM_NODES", "SLURM_NNODES"):
        text = env.get(name, "").strip()
        if text.isdigit() and int(text) > 0:
            return int(text)
    world, local = env.get("WORLD_SIZE", "").strip(), env.get("LOCAL_WORLD_SIZE", "").strip()
    if world.isdigit() and local.isdigit() and int(local) > 0 and int(world) >= int(local):
        return int(world) // int(local)
    return None


def job_tags(job_id: str | None, job_nodes: int | None, local_rank: int | None) -> dict[str, str]:
    """The tags that place a run in its job: job id, nodes expected and local rank."""
    if not job_id:
        return {}
    tags = {JOB_TAG: job_id}
    if job_nodes is not None:
        tags[JOB_NODES_TAG] = str(job_nodes)
    if local_rank is not None:
        tags[LOCAL_RANK_TAG] = str(local_rank)
    return tags
