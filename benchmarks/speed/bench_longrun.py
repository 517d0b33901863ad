"""Long runs at constant cost? Memory, stop time and sampler CPU from an hour to a month.

Run from the repository root::

    .venv/bin/python benchmarks/speed/bench_longrun.py                  # hour, day, week, month
    .venv/bin/python benchmarks/speed/bench_longrun.py --lengths hour day --json out.json

A month is generated, not waited for. Each length is one fresh interpreter that drives
the tracker's own code on a synthetic clock: a real ``MeasuredRun`` with two sensors
(``MockSensor`` counters, 300 W "gpu0" and 60 W "cpu0", on the synthetic clock), its run
store on (a fresh SQLite file), the default 5 s sample and flush interval, and
``run.step(tokens=512)`` 10 times per simulated second. The sampler's loop is replaced by
the same calls in this thread — every 5 simulated seconds one read of the sensors and
one ``_flush()``, and every 60 simulated seconds the move of the spooled samples into the
SQLite file (``INGEST_INTERVAL_S``), as a real run at that interval makes them — then
``run.stop()`` ends it as in a real run (the sampler thread, started for the end only,
reads, flushes and finishes).

Reported per length:

- **memory**: ``VmRSS`` of the process after ``gc.collect()``, minus the same after the
  first simulated minute, at the end of the run before stop; and ``VmHWM`` (the peak) at
  the same point minus that after the first minute.
- **stop**: wall time of ``run.stop()`` in the caller (one stop per run, so no median),
  and whether the footprint (NumPy, the chain) was made inside it, as before issue 19.
- **sampler CPU per 10 s**: process CPU time of the simulated sampler work (reads,
  flushes with their 50 steps, ingests) during the last simulated hour, per 10 s of
  run; the idle wake-ups of a real thread are not in it (``bench_tracker.py`` measures
  those with real time).

With ``PYTHONPATH`` pointing at another checkout, the same driver measures that code (it
reads the sampler's sample buffer by either name, so the code before issue 19 runs too).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LENGTHS_S = {"hour": 3600, "day": 86_400, "week": 7 * 86_400, "month": 30 * 86_400}

DRIVER = """
import gc, json, math, sys, threading, time
import wattprint.measure.measured_run as measured_run
from wattprint.measure import MeasuredRun, MockSensor, TrackerConfig
from wattprint.measure.persist import INGEST_INTERVAL_S

LENGTH_S, STEPS_PER_S, DB = {length_s}, {steps_per_s}, {db!r}
INTERVAL_S = 5.0

def status_mb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return math.nan

class Clock:
    def __init__(self):
        self.t = time.monotonic()
    def __call__(self):
        return self.t

clock = Clock()
measured_run._monotonic = clock
config = TrackerConfig(db_path=DB, store=DB is not None, region="US",
                       sample_interval_s=INTERVAL_S, flush_interval_s=INTERVAL_S)
sensors = [MockSensor("gpu0", 300.0, clock=clock),
           MockSensor("cpu0", 60.0, kind="host", clock=clock)]
run = MeasuredRun("longrun", config, sensors=sensors)
log, sampler = run._log, run._sampler
log.started_s = clock.t
sampler.sensors.start(config)
sampler.sink.open(sampler.run_info)
sampler.sink.sensors(sampler.sensors.status())

def samples():  # the sampler's buffer of unflushed samples (its name before issue 19 too)
    return sampler._samples if hasattr(sampler, "_samples") else sampler._flush_state.samples

per_interval = int(STEPS_PER_S * INTERVAL_S)
dt = INTERVAL_S / per_interval
intervals = int(LENGTH_S / INTERVAL_S)
last_hour_from = intervals - int(3600 / INTERVAL_S)
cpu_last_hour = 0.0
next_ingest = INGEST_INTERVAL_S
step = run.step
for i in range(intervals):
    for _ in range(per_interval):
        clock.t += dt
        step(tokens=512)
    cpu0 = time.process_time()
    samples().extend(sampler.sensors.read(log))
    if (i + 1) * INTERVAL_S >= next_ingest:  # the sink's minute, on the synthetic clock
        sampler.sink._next_ingest_s = -math.inf
        next_ingest += INGEST_INTERVAL_S
    sampler._flush()
    if i >= last_hour_from:
        cpu_last_hour += time.process_time() - cpu0
    if i == int(60 / INTERVAL_S):
        gc.collect()
        base_rss, base_hwm = status_mb("VmRSS"), status_mb("VmHWM")
gc.collect()
rss, hwm = status_mb("VmRSS"), status_mb("VmHWM")

# the end as in a real run: stop() rings the sampler thread, which reads, flushes and
# finishes the run while the caller waits (the thread starts at its end, not its loop)
def sampler_end():
    sampler._wake.wait(3600.0)
    sampler._finish()

threading.Thread(target=sampler_end, daemon=True).start()
clock.t += 1.0
t0 = time.perf_counter()
result = run.stop()
stop_s = time.perf_counter() - t0
print(json.dumps({{
    "length_s": LENGTH_S, "steps": result.work.step_count, "stop_s": stop_s,
    "rss_growth_mb": rss - base_rss, "hwm_growth_mb": hwm - base_hwm, "rss_mb": rss,
    "sampler_cpu_ms_per_10s": cpu_last_hour * 1e3 / 360,
    "footprint_in_stop": type(run._outcome.footprint).__name__ == "Footprint",
    "energy_j": result.energy_j, "peak_power_w": result.peak_power_w,
    "warnings": list(result.warnings),
}}))
"""


def one(length_s: int, steps_per_s: float, store: bool, pythonpath: str) -> dict[str, Any]:
    """One length in a fresh interpreter; its figures."""
    folder = Path(tempfile.mkdtemp(prefix="wattprint-longrun-"))
    db = str(folder / "runs.db") if store else None
    head = DRIVER.format(length_s=length_s, steps_per_s=steps_per_s, db=db)
    code = textwrap.dedent(head)
    env = {**os.environ, "PYTHONPATH": pythonpath}
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        if out.returncode != 0:
            raise RuntimeError(f"length {length_s} s failed:\n{out.stderr[-3000:]}")
        figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
        figures["db_mb"] = (folder / "runs.db").stat().st_size / 1e6 if store else 0.0
        return figures
    finally:
        for path in sorted(folder.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        folder.rmdir()


def markdown(rows: dict[str, dict[str, Any]]) -> str:
    """The figures as the README's table."""
    lines = [
        "| run length | steps | memory growth (VmRSS) | peak growth (VmHWM) | stop blocks | "
        "footprint made in stop | sampler CPU per 10 s | store file |",
        "|---|---:|---:|---:|---:|:---:|---:|---:|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['steps']:,} | {r['rss_growth_mb']:+.1f} MB | "
            f"{r['hwm_growth_mb']:+.1f} MB | {r['stop_s'] * 1e3:.1f} ms | "
            f"{'yes' if r.get('footprint_in_stop') else 'no'} | "
            f"{r['sampler_cpu_ms_per_10s']:.2f} ms | {r['db_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def main() -> int:
    """Parse arguments, simulate each length, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", nargs="+", choices=list(LENGTHS_S), default=list(LENGTHS_S))
    parser.add_argument("--steps-per-s", type=float, default=10.0)
    parser.add_argument("--no-store", action="store_true", help="run store off")
    parser.add_argument("--src", default=str(ROOT / "src"), help="code to measure (PYTHONPATH)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    rows = {}
    for name in args.lengths:
        rows[name] = one(LENGTHS_S[name], args.steps_per_s, not args.no_store, args.src)
        print(name, json.dumps(rows[name]), file=sys.stderr, flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
