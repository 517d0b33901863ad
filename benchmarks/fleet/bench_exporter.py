"""CPU cost of ``wattprint exporter``: idle between scrapes, and per Prometheus scrape.

Runs the real command in its own process over a fake powercap tree of a two-socket
server (two packages, two DRAM zones), watching a run store that holds one running run,
and reads the process's CPU time from ``/proc/<pid>/task/*/schedstat`` (nanoseconds, all
threads):

1. idle: no scrape for ``--idle-s`` seconds (the timer reads the sensors every 5 s, the
   counter-wrap guard) -> CPU per 10 s;
2. scrapes spaced ``--spaced-s`` apart (each one reads the sensors and, the store having
   changed, lists the running runs), as Prometheus at that interval would -> CPU per scrape;
3. back-to-back scrapes (the run store is looked at only every 5 s) -> CPU per scrape.

Then CPU per 10 s at a 15 s scrape interval = idle + 10/15 x (2).

    python benchmarks/fleet/bench_exporter.py [--idle-s 60] [--spaced 12] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cpu_ns(pid: int) -> int:
    """CPU time of every thread of ``pid`` so far, in nanoseconds."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            continue
    return total


def fake_powercap(root: Path) -> None:
    for dirname, name, energy in (
        ("intel-rapl:0", "package-0", 1_000_000),
        ("intel-rapl:0:0", "dram", 2_000_000),
        ("intel-rapl:1", "package-1", 3_000_000),
        ("intel-rapl:1:0", "dram", 4_000_000),
    ):
        zone = root / dirname
        zone.mkdir(parents=True)
        (zone / "name").write_text(name + "\n")
        (zone / "energy_uj").write_text(f"{energy}\n")
        (zone / "max_energy_range_uj").write_text("262143328850\n")


def running_run(db: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from wattprint.store import RunInfo, RunStore
    from wattprint.store.liveness import this_host

    with RunStore(db) as store:
        info = RunInfo("train", "measurement", time.time(), this_host(), os.getpid())
        run_id = store.create_run(info)
        store.heartbeat(run_id, time.time())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def scrape(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return len(response.read())


def measure(idle_s: float, spaced: int, spaced_s: float, burst: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        fake_powercap(Path(tmp) / "powercap")
        db = Path(tmp) / "runs.db"
        running_run(db)
        port = free_port()
        command = [sys.executable, "-m", "wattprint", "exporter", "--port", str(port)]
        command += ["--sensors", "rapl", "--rapl-root", f"{tmp}/powercap", "--db", str(db)]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        proc = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/metrics"
        try:
            for _ in range(300):
                try:
                    size = scrape(url)
                    break
                except OSError:
                    time.sleep(0.1)
            time.sleep(2.0)
            c0, t0 = cpu_ns(proc.pid), time.monotonic()
            time.sleep(idle_s)
            idle = (cpu_ns(proc.pid) - c0) / (time.monotonic() - t0) * 10 / 1e6
            spaced_ms = []
            for _ in range(spaced):
                time.sleep(spaced_s)
                c0 = cpu_ns(proc.pid)
                scrape(url)
                time.sleep(0.05)
                spaced_ms.append((cpu_ns(proc.pid) - c0) / 1e6)
            c0 = cpu_ns(proc.pid)
            for _ in range(burst):
                scrape(url)
            burst_ms = (cpu_ns(proc.pid) - c0) / 1e6 / burst
        finally:
            proc.terminate()
            proc.wait(10)
    spaced_ms.sort()
    per_scrape = spaced_ms[len(spaced_ms) // 2]
    return {
        "idle_cpu_ms_per_10s": idle,
        "scrape_cpu_ms_with_runs_check_median": per_scrape,
        "scrape_cpu_ms_back_to_back": burst_ms,
        "cpu_ms_per_10s_at_15s_scrapes": idle + per_scrape * 10 / 15,
        "metrics_bytes": float(size),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle-s", type=float, default=60.0)
    parser.add_argument("--spaced", type=int, default=12)
    parser.add_argument("--spaced-s", type=float, default=5.5)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args.idle_s, args.spaced, args.spaced_s, args.burst)
    for key, value in result.items():
        print(f"{key:40s} {value:10.3f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
