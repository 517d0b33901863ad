"""A read-only folder for store tests: a read-only bind mount as root, else permissions.

Root ignores file permissions, so a root test run (a container) mounts the folder
read-only, as a read-only network or snapshot mount would be; anyone else gets a
folder and files without write permission, as a user without write access would.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """Make ``folder`` (and the files in it) read-only while the block runs."""
    if os.geteuid() == 0:
        mount = shutil.which("mount")
        done = (
            mount is not None
            and subprocess.run(
                [mount, "-o", "bind,ro", str(folder), str(folder)], capture_output=True
            ).returncode
            == 0
        )
        if not done:
            pytest.skip("running as root without a way to make a read-only mount")
        try:
            yield folder
        finally:
            subprocess.run(["umount", str(folder)], check=True)
        return
    files = [p for p in folder.iterdir() if p.is_file()]
    for p in files:
        p.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        for p in files:
            p.chmod(0o644)
