"""CPU time and resident memory of a process tree, or of a cgroup; the CPUs a run may use.

The CPU model (:mod:`.cpu_model`) needs three numbers, read often and cheaply:

- **CPU seconds** of the measured process tree: each live process's user + system
  time plus the time of its children it has already waited for (``cutime`` +
  ``cstime``), so a child that exits and is reaped moves its time to its parent and is
  counted exactly once. Parents are read before their children, so a child reaped
  between two reads can make the sum dip, never jump; the reader keeps the running
  maximum, so the counter is monotone. Or, with ``cpu_scope="cgroup"``, the cgroup's
  ``cpu.stat`` ``usage_usec`` (v2) or ``cpuacct.usage`` (v1).
- **Resident memory** (RSS) of the tree, for the memory model.
- **Logical CPUs the run may use**: the affinity mask, capped by a cgroup CPU quota.

On Linux everything comes from ``/proc`` and the cgroup files (a few microseconds per
read); elsewhere psutil is used.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

_CLK_TCK = float(os.sysconf("SC_CLK_TCK")) if hasattr(os, "sysconf") else 100.0
_PAGE_B = float(os.sysconf("SC_PAGE_SIZE")) if hasattr(os, "sysconf") else 4096.0


class ProcessTree:
    """CPU seconds and RSS of a process and all its descendants.

    The root's ``statm`` (own process, whose CPU time ``os.times()`` gives) or ``stat``
    file is opened once and re-read in place (``pread``: a few microseconds, where
    opening it anew costs over a hundred on a cold cache). Children
    are looked up through ``/proc/<pid>/task/<tid>/children`` only while the process has
    children, so a tracker in a process without children pays for one read per sample.
    """

    def __init__(self, root_pid: int | None = None, proc_root: str = "/proc") -> None:
        self.proc = Path(proc_root)
        self.own = root_pid is None or root_pid == os.getpid()
        self.root_pid = os.getpid() if root_pid is None else root_pid
        # own process: CPU from os.times(), RSS from statm; another: both from stat
        name = "statm" if self.own else "stat"
        try:
            self._fd: int | None = os.open(self.proc / str(self.root_pid) / name, os.O_RDONLY)
        except OSError:
            self._fd = None
        self.linux = self._fd is not None
        self._max_cpu_s = 0.0

    def read(self) -> tuple[float, float]:
        """``(cpu_seconds, rss_bytes)`` of the tree; CPU seconds never decrease."""
        if self.linux:
            cpu_s, rss_b = self._read_proc()
        else:
            cpu_s, rss_b = _read_psutil(self.root_pid)
        self._max_cpu_s = max(self._max_cpu_s, cpu_s)
        return self._max_cpu_s, rss_b

    def close(self) -> None:
        """Close the root's ``stat`` file."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def _read_root(self) -> tuple[float, float] | None:
        if self._fd is None:
            return None
        try:
            data = os.pread(self._fd, 4096, 0)
        except OSError:  # the root process is gone
            return None
        if not self.own:
            return _parse_stat(data)
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system, int(
            data.split()[1]
        ) * _PAGE_B

    def _read_proc(self) -> tuple[float, float]:
        stat = self._read_root()
        if stat is None:
            return self._max_cpu_s, 0.0
        cpu_s, rss_b = stat
        if self.own and not _may_have_children():
            return cpu_s, rss_b
        for pid in self._descendants():
            child = _stat(self.proc / str(pid) / "stat")
            if child is not None:
                cpu_s += child[0]
                rss_b += child[1]
        return cpu_s, rss_b

    def _descendants(self) -> list[int]:
        """Descendant pids, parents before children (breadth first)."""
        found: list[int] = []
        queue = [self.root_pid]
        while queue:
            pid = queue.pop(0)
            for child in _children(self.proc, pid):
                found.append(child)
                queue.append(child)
        return found


def _stat(path: Path) -> tuple[float, float] | None:
    """``(utime + stime + cutime + cstime seconds, rss bytes)`` from a ``stat`` file."""
    try:
        with open(path, "rb") as f:
            return _parse_stat(f.read())
    except OSError:
        return None


def _parse_stat(data: bytes) -> tuple[float, float] | None:
    if not data:
        return None
    fields = data[data.rindex(b")") + 2 :].split()
    ticks = int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    return ticks / _CLK_TCK, int(fields[21]) * _PAGE_B


def _children(proc: Path, pid: int) -> list[int]:
    try:
        tasks = os.listdir(proc / str(pid) / "task")
    except OSError:
        return []
    pids: list[int] = []
    for tid in tasks:
        try:
            with open(proc / str(pid) / "task" / tid / "children", "rb") as f:
                pids.extend(int(p) for p in f.read().split())
        except OSError:
            continue
    return pids


def _may_have_children() -> bool:
    """False only when this process certainly has no child (one cheap syscall)."""
    waitid = getattr(os, "waitid", None)
    if waitid is None:
        return True
    try:
        waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return False
    except OSError:
        return True
    return True


def _read_psutil(root_pid: int) -> tuple[float, float]:
    import psutil

    try:
        root = psutil.Process(root_pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0, 0.0
    cpu_s = rss_b = 0.0
    for proc in procs:
        try:
            t = proc.cpu_times()
            cpu_s += t.user + t.system + t.children_user + t.children_system
            rss_b += proc.memory_info().rss
        except psutil.Error:
            continue
    return cpu_s, rss_b


class CgroupCpu:
    """CPU seconds of this process's cgroup (v2 ``cpu.stat`` or v1 ``cpuacct.usage``)."""

    def __init__(self, cgroup_root: str = "/sys/fs/cgroup", proc_root: str = "/proc") -> None:
        self.path, self.scale = _cgroup_usage_file(Path(cgroup_root), Path(proc_root))

    def read(self) -> float:
        """CPU seconds used by every process in the cgroup."""
        with open(self.path, "rb") as f:
            data = f.read()
        if self.path.name == "cpu.stat":
            for line in data.splitlines():
                if line.startswith(b"usage_usec "):
                    return int(line.split()[1]) * self.scale
            raise OSError(f"{self.path} has no usage_usec line")
        return int(data) * self.scale


def _cgroup_dir(proc_root: Path) -> str:
    try:
        lines = (proc_root / "self" / "cgroup").read_text().splitlines()
    except OSError:
        return ""
    for line in lines:
        if line.startswith("0::"):
            return line[3:].lstrip("/")
    return ""


def _cgroup_usage_file(root: Path, proc_root: Path) -> tuple[Path, float]:
    sub = _cgroup_dir(proc_root)
    candidates = [
        (root / sub / "cpu.stat", 1e-6),
        (root / "cpu.stat", 1e-6),
        (root / "cpuacct" / "cpuacct.usage", 1e-9),
        (root / "cpu,cpuacct" / "cpuacct.usage", 1e-9),
    ]
    for path, scale in candidates:
        if path.is_file():
            return path, scale
    raise OSError(f"no cgroup CPU accounting file under {root} (cpu.stat or cpuacct.usage)")


def usable_cpus(cgroup_root: str = "/sys/fs/cgroup", proc_root: str = "/proc") -> float:
    """Logical CPUs this process may run on: affinity, capped by a cgroup CPU quota."""
    getaffinity = getattr(os, "sched_getaffinity", None)
    count = float(len(getaffinity(0)) if getaffinity else (os.cpu_count() or 1))
    quota = _cgroup_quota(Path(cgroup_root), Path(proc_root))
    return min(count, quota) if quota is not None else count


def _cgroup_quota(root: Path, proc_root: Path) -> float | None:
    sub = _cgroup_dir(proc_root)
    for path in (root / sub / "cpu.max", root / "cpu.max"):
        try:
            quota, period = path.read_text().split()[:2]
        except (OSError, ValueError):
            continue
        return None if quota == "max" else max(int(quota) / int(period), 0.01)
    try:
        quota_us = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period_us = int((root / "cpu" / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return None if quota_us <= 0 else max(quota_us / period_us, 0.01)


def total_memory_bytes() -> float:
    """Physical memory of the machine, in bytes (inf when unknown)."""
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return math.inf
