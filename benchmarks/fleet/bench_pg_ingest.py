"""Many nodes into one PostgreSQL run store: ingest throughput, server CPU, job view latency.

Starts a real PostgreSQL server (Debian's binaries, durable settings: fsync and
synchronous commit on) in a temp dir, as the tests do (``tests/pg_support.py``), then:

1. **Ingest**, for each node count N: N nodes, each one run through its own
   ``RunStore`` connection, spooling 9 devices (8 GPUs + the CPU package) every 5 s
   and shipping the spool every 60 s (the tracker's ``INGEST_INTERVAL_S``), for one hour of
   samples. The hour is generated, not waited for: the 60 shipments per node are made as
   fast as the server takes them, from ``--workers`` processes. Reported: rows/s and
   shipments/s the server took, the latency of one shipment (p50/p99), and the server's CPU
   (all postgres processes, from ``/proc/<pid>/stat``, backends included once reaped)
   per simulated hour of N nodes.
2. **Job view**, for each job size M: a job of M nodes x ``--ranks`` finished runs with
   stored footprints; the latency of ``wattprint jobs show`` without Python's start-up
   (open the store, find the job's runs, sum them: the command's work), of the whole
   command as a process, and of the dashboard's ``/api/jobs/<id>`` (in process).

    python benchmarks/fleet/bench_pg_ingest.py [--nodes 64 128 256] [--jobs 100 300 1000]
        [--ranks 8] [--workers 4] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.pg_support import PgServer, pg_bin_dir  # noqa: E402

from wattprint.measure.jobs import job_runs, job_view  # noqa: E402
from wattprint.store import RunInfo, RunStore  # noqa: E402

DEVICES = [f"gpu{i}" for i in range(8)] + ["cpu-package0"]
FLUSH_S, SHIP_S, HOUR_S = 5.0, 60.0, 3600.0
T0 = 1_767_225_600.0  # 2026-01-01 00:00 UTC
FOOTPRINT = {
    "schema_version": "1.1",
    "kind": "measurement",
    "name": "train",
    "outputs": {
        name: {"p5": 0.9 * v, "p50": v, "p95": 1.2 * v, "unit": unit}
        for name, v, unit in (
            ("it_energy", 6.1, "kWh"), ("facility_energy", 7.3, "kWh"),
            ("carbon_operational", 2.9, "kg CO2e"), ("water_onsite", 9.0, "L"),
            ("water_offsite", 14.0, "L"),
        )
    },
}  # fmt: skip


def server_cpu_s(server: PgServer) -> float:
    """CPU seconds of the postmaster, its live children, and its reaped children."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    main = server.postmaster_pid()
    for pid in server.postgres_pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if pid == main:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime: reaped backends
    return total / tick


def node_worker(url: str, nodes: list[int], cache: str, out: Any) -> None:
    """Nodes ``nodes``: one run each, an hour of 5 s flushes shipped every 60 s."""
    os.environ["XDG_CACHE_HOME"] = cache
    stores = [RunStore(url) for _ in nodes]
    infos = [RunInfo(name="train", kind="measurement", started_at=T0, host=f"node{n:04d}",
                     pid=1000 + n, tags={"wattprint.job": "bench"}) for n in nodes]  # fmt: skip
    runs = [s.create_run(i) for s, i in zip(stores, infos, strict=True)]
    writers = [s.spool_writer(r) for s, r in zip(stores, runs, strict=True)]
    latencies: list[float] = []
    rows = 0
    for minute in range(int(HOUR_S / SHIP_S)):
        for store, run_id, writer in zip(stores, runs, writers, strict=True):
            for k in range(int(SHIP_S / FLUSH_S)):
                t = T0 + minute * SHIP_S + k * FLUSH_S
                writer.append([(t, d, 700.0, 700.0 * (t - T0), "counter") for d in DEVICES])
            began = time.perf_counter()
            rows += store.ingest_spool(run_id)
            latencies.append(time.perf_counter() - began)
    for store, run_id, writer in zip(stores, runs, writers, strict=True):
        writer.close()
        store.finish_run(run_id, ended_at=T0 + HOUR_S, status="complete", footprint=FOOTPRINT)
        store.close()
    out.put((rows, latencies))


def bench_ingest(server: PgServer, n_nodes: int, workers: int) -> dict[str, Any]:
    url = server.new_database(f"ingest{n_nodes}_")
    cache = tempfile.mkdtemp(prefix="wattprint-bench-cache-")
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    slices = [list(range(n_nodes))[w::workers] for w in range(workers)]
    cpu0, wall0 = server_cpu_s(server), time.perf_counter()
    procs = [ctx.Process(target=node_worker, args=(url, s, cache, queue)) for s in slices if s]
    for p in procs:
        p.start()
    results = [queue.get(timeout=3600) for _ in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - wall0
    time.sleep(0.5)  # let the postmaster reap the backends, whose CPU then counts
    cpu = server_cpu_s(server) - cpu0
    rows = sum(r[0] for r in results)
    lat = sorted(x for r in results for x in r[1])
    return {
        "nodes": n_nodes,
        "rows": rows,
        "shipments": len(lat),
        "wall_s": round(wall, 2),
        "rows_per_s": round(rows / wall),
        "shipments_per_s": round(len(lat) / wall, 1),
        "ship_p50_ms": round(1000 * statistics.median(lat), 2),
        "ship_p99_ms": round(1000 * lat[int(0.99 * (len(lat) - 1))], 2),
        "server_cpu_s_per_hour": round(cpu, 2),
        "server_cores_busy": round(cpu / HOUR_S, 4),
    }


def fill_job(url: str, nodes: int, ranks: int) -> None:
    with RunStore(url) as store:
        for n in range(nodes):
            for r in range(ranks):
                tags = {"wattprint.job": "big", "wattprint.job_nodes": str(nodes),
                        "wattprint.local_rank": str(r)}  # fmt: skip
                run_id = store.create_run(RunInfo(name="train", kind="measurement",
                    started_at=T0, host=f"node{n:04d}", pid=10 + r, tags=tags))  # fmt: skip
                store.finish_run(run_id, ended_at=T0 + HOUR_S, status="complete",
                                 totals={"energy_j": 2.2e7}, footprint=FOOTPRINT)  # fmt: skip


def bench_view(server: PgServer, nodes: int, ranks: int, repeats: int = 5) -> dict[str, Any]:
    url = server.new_database(f"job{nodes}_")
    began = time.perf_counter()
    fill_job(url, nodes, ranks)
    fill_s = time.perf_counter() - began
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        with RunStore(url) as store:
            view = job_view(job_runs(store, "big"), "big")
        times.append(time.perf_counter() - began)
        assert view.nodes_seen == nodes and view.runs == nodes * ranks
    api = api_latencies(url, repeats)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "wattprint", "jobs", "show", "big", "--db", url],
                   check=True, capture_output=True, env=env)  # fmt: skip
    cli_s = time.perf_counter() - began
    return {
        "nodes": nodes,
        "runs": nodes * ranks,
        "fill_s": round(fill_s, 1),
        "view_best_ms": round(1000 * min(times), 1),
        "view_median_ms": round(1000 * statistics.median(times), 1),
        "cli_process_ms": round(1000 * cli_s, 1),
        "api_best_ms": round(1000 * min(api), 1),
        "api_median_ms": round(1000 * statistics.median(api), 1),
    }


def api_latencies(url: str, repeats: int) -> list[float]:
    """The dashboard's ``/api/jobs/big`` answered in process (no network between)."""
    from fastapi.testclient import TestClient

    from wattprint.web import create_app

    times = []
    with TestClient(create_app(url)) as client:
        for _ in range(repeats):
            began = time.perf_counter()
            assert client.get("/api/jobs/big").status_code == 200
            times.append(time.perf_counter() - began)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="*", default=[64, 128, 256])
    parser.add_argument("--jobs", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--ranks", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        sys.exit("needs Debian's postgresql package (apt-get install postgresql)")
    server = PgServer(bin_dir, max_connections=max(args.nodes, default=0) + 50, durable=True)
    try:
        ingest = [bench_ingest(server, n, args.workers) for n in args.nodes]
        views = [bench_view(server, m, args.ranks) for m in args.jobs]
    finally:
        server.cleanup()
    for row in ingest:
        print("ingest", json.dumps(row))
    for row in views:
        print("jobs show", json.dumps(row))
    if args.json:
        args.json.write_text(json.dumps({"ingest": ingest, "views": views}, indent=2))


if __name__ == "__main__":
    main()
