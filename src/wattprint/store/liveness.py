"""Telling a dead run from a live one without lock files.

A run is *stale* when its producer has not flushed for a while and its process is gone.
The process check only works on the host that wrote the run; for a run from another host
the flush age alone decides.
"""

from __future__ import annotations

import os
import socket
import sys
from functools import lru_cache
from pathlib import Path

STALE_AFTER_S = 20.0
"""Flush age after which a run may be stale: 3 x the tracker's 5 s flush interval + 5 s."""

SERVER_STALE_AFTER_S = 150.0
"""The same for a server store: a tracker ships its spool there every 60 s (its heartbeat
arrives with it), so two missed shipments + 30 s; a run from another host can be judged
by its heartbeat only."""

_PID_REUSE_MARGIN_S = 5.0


def this_host() -> str:
    """Host name used to decide whether a run's pid can be checked here."""
    return socket.gethostname()


def pid_alive(pid: int, *, started_at: float | None = None) -> bool:
    """Whether process ``pid`` on this host is alive and could be the run's producer.

    Args:
        pid: Process id.
        started_at: When the run started (unix seconds). On Linux, a process that
            started clearly after this is a different process that reused the pid.

    Returns:
        False for a missing process, a zombie, or a reused pid; True otherwise.
    """
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return _linux_proc_matches(pid, started_at)


def _linux_proc_matches(pid: int, started_at: float | None) -> bool:
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True  # no procfs (macOS) or raced away: trust os.kill
    fields = text[text.rfind(")") + 2 :].split()
    if not fields or fields[0] in ("Z", "X", "x"):
        return False
    boot_s = _boot_time_s()
    if started_at is None or boot_s is None or len(fields) < 20:
        return True
    proc_start_s = boot_s + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return proc_start_s <= started_at + _PID_REUSE_MARGIN_S


@lru_cache(maxsize=1)
def _boot_time_s() -> float | None:
    try:
        for line in Path("/proc/stat").read_text(encoding="ascii").splitlines():
            if line.startswith("btime "):
                return float(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


if sys.platform == "win32":  # pragma: no cover - Windows only

    def _windows_pid_alive(pid: int) -> bool:
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return bool(ok) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)


def is_stale(
    *,
    host: str,
    pid: int,
    started_at: float,
    last_flush_at: float | None,
    now_s: float,
    stale_after_s: float,
) -> bool:
    """Whether a ``"running"`` run should read as ``"incomplete"``.

    Args:
        host: Host the run was written from.
        pid: Producer process id.
        started_at: Run start, unix seconds.
        last_flush_at: Last heartbeat, unix seconds (``None``: never flushed).
        now_s: Current time, unix seconds.
        stale_after_s: Flush age beyond which the run may be stale.
    """
    last_seen = last_flush_at if last_flush_at is not None else started_at
    if now_s - last_seen <= stale_after_s:
        return False
    if host != this_host():
        return True
    return not pid_alive(pid, started_at=started_at)
