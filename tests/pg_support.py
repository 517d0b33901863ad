"""A real PostgreSQL server for tests: Debian's ``postgresql`` binaries, started here.

:class:`PgServer` runs ``initdb`` into a fresh temp dir and starts ``postgres`` on a free
loopback port with its socket in that dir (as the ``postgres`` user when the tests run as
root, since PostgreSQL refuses to run as root), creates databases on demand and stops
the server at the end. ``scripts/test`` installs the package; where the binaries are
missing, tests that need the server are skipped with that reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.prometheus_support import free_port


def pg_bin_dir() -> Path | None:
    """The folder of Debian's PostgreSQL server binaries (newest version), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _version(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


class PgServer:
    """One PostgreSQL server in a temp dir; ``url(db)`` names a database on it."""

    def __init__(self, bin_dir: Path, max_connections: int = 200, durable: bool = False) -> None:
        self.bin = bin_dir
        self.max_connections = max_connections
        self.durable = durable  # False: fsync off, for tests; True: as a server is run
        self.root = Path(tempfile.mkdtemp(prefix="wattprint-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        self.proc: subprocess.Popen[bytes] | None = None
        self._dbs = 0
        if os.geteuid() == 0:
            shutil.chown(self.root, user="postgres")
        self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust",
                  "--locale=C", "--encoding=UTF8", "--no-sync")  # fmt: skip
        self.start()

    def _as_user(self, *argv: str) -> list[str]:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return [*prefix, *argv]

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(self._as_user(str(self.bin / tool), *args), check=True,
                       capture_output=True, cwd=self.root, timeout=120)  # fmt: skip

    def start(self) -> None:
        """Start (or restart) the server on the same port and data dir; wait until ready."""
        argv = [str(self.bin / "postgres"), "-D", str(self.data), "-k", str(self.root),
                "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                "-c", f"max_connections={self.max_connections}"]  # fmt: skip
        if not self.durable:
            argv += ["-c", "fsync=off", "-c", "synchronous_commit=off"]
        with open(self.root / "server.log", "ab") as log:  # the child keeps its own handle
            self.proc = subprocess.Popen(
                self._as_user(*argv), stdout=log, stderr=log, cwd=self.root
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [
                    str(self.bin / "pg_isready"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    self.user,
                ],  # fmt: skip
                capture_output=True,
            )
            if ready.returncode == 0:
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"postgres exited: {(self.root / 'server.log').read_text()}")
            time.sleep(0.1)
        raise TimeoutError("postgres did not become ready within 60 s")

    def stop(self) -> None:
        """Stop the server (fast shutdown) and wait for it."""
        if self.proc is not None and self.proc.poll() is None:
            # fast shutdown (SIGTERM would wait for every client to leave)
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w")
            self.proc.wait(timeout=60)
        self.proc = None

    def url(self, db: str = "postgres") -> str:
        """The URL of database ``db`` on this server."""
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{db}"

    def new_database(self, prefix: str = "t") -> str:
        """Create an empty database; return its URL."""
        import psycopg

        self._dbs += 1
        name = f"{prefix}{self._dbs}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def postmaster_pid(self) -> int:
        """The server's main process (under ``runuser`` when the tests run as root)."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def postgres_pids(self) -> list[int]:
        """Process ids of the server and its backends (for CPU accounting)."""
        main = self.postmaster_pid()
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    status = (entry / "status").read_text()
                except OSError:
                    continue
                if f"PPid:\t{main}\n" in status:
                    children.append(int(entry.name))
        return [main, *children]

    def cleanup(self) -> None:
        """Stop the server and delete its files."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PgServer:
    """Start a server, or skip the calling test with the reason it cannot be had."""
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries (Debian package 'postgresql') are not installed")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install -e '.[test]')")
    return PgServer(bin_dir)
