"""The measured command dies with ``wattprint run``: Linux's parent-death signal.

``wattprint run`` starts the command in its own session (so Ctrl-C reaches it once,
forwarded). A ``kill -9`` of ``wattprint run`` would then leave it running, unmeasured;
so on Linux the child asks the kernel, before it execs, for SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``). Elsewhere there is no such call and the child is left
running as before; the run is then recovered from its samples as ``incomplete``.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def preexec() -> Callable[[], None] | None:
    """A ``preexec_fn`` that sets the parent-death signal, or None where there is none.

    Everything is looked up here, in the parent; the function run in the forked child
    only calls ``prctl`` and ``getppid``.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()
    kill = int(signal.SIGKILL)

    def set_death_signal() -> None:
        prctl(PR_SET_PDEATHSIG, kill, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(128 + kill)

    return set_death_signal
