"""A real Prometheus server, a real exporter process and a fake powercap tree, for tests.

- :class:`PowercapWriter` keeps a fake RAPL ``energy_uj`` growing at a known power in a
  temp dir (as the kernel would), wrapping at a small ``max_energy_range_uj``;
- :func:`start_exporter` runs ``wattprint exporter`` as its own process over that tree;
- :class:`PrometheusServer` runs Debian's ``prometheus`` on a free loopback port with a
  temp config and temp storage, scraping given targets every second, and queries it
  through its HTTP API.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

SRC = str(Path(__file__).parent.parent / "src")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(url: str, timeout_s: float = 5.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout_s) as response:
        return str(response.read().decode())


def wait_for(url: str, deadline_s: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        try:
            http_get(url, 1.0)
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {deadline_s} s")


class PowercapWriter:
    """One fake RAPL package zone whose counter grows at ``power_w``, wrapping."""

    def __init__(self, root: Path, power_w: float, max_range_uj: int) -> None:
        self.zone = root / "intel-rapl:0"
        self.zone.mkdir(parents=True)
        (self.zone / "name").write_text("package-0\n")
        (self.zone / "max_energy_range_uj").write_text(f"{max_range_uj}\n")
        self.root = root
        self.power_w = power_w
        self.max_range_uj = max_range_uj
        self.t0 = time.monotonic()
        self._stop = threading.Event()
        self._write()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> PowercapWriter:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _write(self) -> None:
        energy_uj = int(self.power_w * (time.monotonic() - self.t0) * 1e6) % self.max_range_uj
        tmp = self.zone / "energy_uj.tmp"
        tmp.write_text(f"{energy_uj}\n")
        os.replace(tmp, self.zone / "energy_uj")  # a reader never sees half a number

    def _loop(self) -> None:
        while not self._stop.wait(0.02):
            self._write()


def start_exporter(
    port: int, rapl_root: Path, db: Path, log: Path, interval_s: float = 0.25
) -> subprocess.Popen[bytes]:
    """``wattprint exporter`` in its own process, over the fake tree, watching ``db``."""
    env = {**os.environ, "PYTHONPATH": SRC}
    command = [sys.executable, "-m", "wattprint", "exporter", "--port", str(port)]
    command += ["--sensors", "rapl", "--rapl-root", str(rapl_root), "--db", str(db)]
    command += ["--interval", str(interval_s)]
    with log.open("wb") as err:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for(f"http://127.0.0.1:{port}/metrics", 30.0, proc)
    except (RuntimeError, TimeoutError):
        proc.kill()
        proc.wait()
        raise RuntimeError(f"exporter did not start: {log.read_text()}") from None
    return proc


class PrometheusServer:
    """Debian's ``prometheus`` on a free loopback port, scraping ``targets`` every 1 s."""

    def __init__(self, workdir: Path, targets: list[str]) -> None:
        binary = shutil.which("prometheus")
        if binary is None:
            pytest.skip(
                "the prometheus server is not installed and could not be (./scripts/test "
                "installs Debian's package when run as root: apt-get install prometheus)"
            )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = workdir / "prometheus.yml"
        config.write_text(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
            "scrape_configs:\n  - job_name: wattprint\n"
            f"    static_configs:\n      - targets: {json.dumps(targets)}\n"
        )
        self.log = workdir / "prometheus.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [
                    binary,
                    f"--config.file={config}",
                    f"--storage.tsdb.path={workdir / 'data'}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                ],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        try:
            wait_for(f"{self.url}/-/ready", 30.0, self.proc)
        except (RuntimeError, TimeoutError):
            self.stop()
            raise RuntimeError(f"prometheus did not start: {self.log.read_text()}") from None

    def query(self, expr: str) -> list[dict[str, Any]]:
        """The instant vector of a PromQL expression."""
        url = f"{self.url}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        body = json.loads(http_get(url))
        assert body["status"] == "success", body
        result: list[dict[str, Any]] = body["data"]["result"]
        return result

    def wait_until(self, expr: str, deadline_s: float) -> list[dict[str, Any]]:
        """Query until the expression returns something (or fail with the server log)."""
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            found = self.query(expr)
            if found:
                return found
            time.sleep(0.25)
        raise AssertionError(f"{expr} stayed empty for {deadline_s} s; targets: {self.targets()}")

    def targets(self) -> str:
        return http_get(f"{self.url}/api/v1/targets")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
