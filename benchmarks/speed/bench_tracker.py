"""How much does tracking cost, and what does it report? wattprint against its peers.

Run from the repository root, with an interpreter that has the peers (they are not
dependencies; a venv of their own)::

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install -e . codecarbon carbontracker
    /tmp/peers/bin/python benchmarks/speed/bench_tracker.py        # markdown on stdout
    /tmp/peers/bin/python benchmarks/speed/bench_tracker.py --json out.json --quick

Same machine, same run, each figure from fresh interpreters:

- **import**: ``from wattprint.measure import track`` (and bare ``import wattprint``) against
  ``from codecarbon import OfflineEmissionsTracker``; median of ``--runs`` (≥ 5) warm runs.
- **start**: how long the caller is blocked before its own code runs: wattprint's
  ``track(...).start()``; CodeCarbon's constructor and ``start()`` (offline mode,
  ``country_iso_code="USA"``), each and together; median of ``--runs``.
- **sampler CPU per 10 s**: process CPU time (all threads) over 120 s of idle tracking
  at each tool's default rate, after 1 s to settle, minus that of an untracked process,
  scaled to 10 s; median of 3 rounds, each round the untracked process, wattprint (store
  on, and off) and each peer side by side (eco2AI when ``ECO2AI_PYTHON`` names an
  interpreter with it). 120 s takes in the minute-by-minute move of the spool.
- **stop**: wall time of the stop call after the idle window (same processes).
- **step**: ``run.step(tokens=...)`` with ``timeit`` in bursts of 1,000, and a loop of
  nothing but 300,000 steps with the stop after it (no peer has a per-step call).
- **extra peak RSS**: ``VmHWM`` of an idle tracked process (``/proc/self/status``: the
  process's own peak, which exec resets; ``ru_maxrss`` is not reset by exec, so a child
  of a big parent starts with the parent's peak) minus that of the same process
  untracked, while tracking and 2 s after the stop (wattprint makes its footprint then,
  in the background, which imports NumPy; AI workloads have it loaded already); also
  ``VmRSS`` while tracking. Same processes as the CPU figure.

Peers where they install and run; Zeus does not here (benchmarks/README.md).

Targets (issue 3): import ≤ 40 ms, start ≤ 30 ms, sampler CPU ≤ 1 ms per 10 s,
step ≤ 0.05 ms, extra RSS ≤ 15 MB; stop ≤ 50 ms (issue 19). Timings live here, not in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
IDLE_S = 120.0

WP_IMPORT = "from wattprint.measure import track"
CC_IMPORT = "from codecarbon import OfflineEmissionsTracker"
CC_MAKE = (
    "OfflineEmissionsTracker(country_iso_code='USA', save_to_file=False, log_level='error', "
    "project_name='bench')"
)

IMPORT_CODE = """
import time
t = time.perf_counter()
{stmt}
print(time.perf_counter() - t)
"""

START_WP = """
import json, time
from wattprint.measure import track
t = time.perf_counter()
run = track("bench").start()
start = time.perf_counter() - t
run.stop()
print(json.dumps({"start_s": start}))
"""

START_CC = """
import json, time
from codecarbon import OfflineEmissionsTracker
t = time.perf_counter()
tracker = {make}
made = time.perf_counter() - t
t = time.perf_counter()
tracker.start()
start = time.perf_counter() - t
tracker.stop()
print(json.dumps({{"init_s": made, "start_s": start}}))
"""

OVERHEAD = """
import json, time
def status_mb(key):  # VmHWM is this process's own peak: exec resets it, unlike ru_maxrss
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
{setup}
time.sleep(1.0)
cpu0 = time.process_time()
time.sleep({idle_s})
cpu = time.process_time() - cpu0
during, peak_during = status_mb("VmRSS"), status_mb("VmHWM")
t0 = time.perf_counter()
{stop}
stop_s = time.perf_counter() - t0
time.sleep(2.0)  # what a tracker does after its stop (wattprint: the footprint) counts too
peak_after = status_mb("VmHWM")
print(json.dumps({{"cpu_s": cpu, "rss_mb": during, "peak_during_mb": peak_during,
                  "peak_after_mb": peak_after, "stop_s": stop_s}}))
"""
CT_SETUP = (
    "from carbontracker.tracker import CarbonTracker\n"
    "tracker = CarbonTracker(epochs=1, log_dir=None, verbose=0)\ntracker.epoch_start()"
)
SETUP = {
    "none": ("", ""),
    "wattprint": (
        "from wattprint.measure import track\nrun = track('bench').start()",
        "run.stop()",
    ),
    "codecarbon": (
        f"from codecarbon import OfflineEmissionsTracker\ntracker = {CC_MAKE}\ntracker.start()",
        "tracker.stop()",
    ),
    "carbontracker": (CT_SETUP, "tracker.epoch_end()\ntracker.stop()"),
    "eco2ai": (
        "import eco2ai\ntracker = eco2ai.Tracker(project_name='bench', alpha_2_code='US', "
        "file_name='/tmp/eco2ai-bench.csv')\ntracker.start()",
        "tracker.stop()",
    ),
}

ENERGY = """
import json, time
{setup}
end = time.monotonic() + {seconds}
if {busy}:
    while time.monotonic() < end:
        pass
else:
    time.sleep({seconds})
{stop}
print(json.dumps(result))
"""
ENERGY_SETUP = {
    "wattprint": (
        "from wattprint.measure import track\nrun = track('bench').start()",
        "r = run.stop()\nlow, high = r.energy_bounds_j\n"
        "result = {'energy_j': r.energy_j, 'low_j': low, 'high_j': high,"
        " 'methods': list(r.methods)}",
    ),
    "codecarbon": (
        f"from codecarbon import OfflineEmissionsTracker\ntracker = {CC_MAKE}\ntracker.start()",
        "tracker.stop()\n"
        "result = {'energy_j': tracker.final_emissions_data.energy_consumed * 3.6e6}",
    ),
}


def child(code: str, env: dict[str, str]) -> str:
    """Run ``code`` in a fresh interpreter; return its last stdout line."""
    out = subprocess.run(
        [PY, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(f"child failed ({out.returncode}):\n{out.stderr[-2000:]}")
    return out.stdout.strip().splitlines()[-1]


def median_of(runs: int, code: str, env: dict[str, str], key: str | None = None) -> float:
    """Median over ``runs`` fresh interpreters (one unrecorded warm-up run first)."""
    child(code, env)
    values = []
    for _ in range(runs):
        line = child(code, env)
        values.append(json.loads(line)[key] if key else float(line))
    return statistics.median(values)


def measure(runs: int, idle_s: float, energy_s: float) -> dict[str, Any]:
    """Every figure, both tools."""
    db = Path(tempfile.mkdtemp(prefix="wattprint-bench-")) / "runs.db"
    env = {**os.environ, "WATTPRINT_DB": str(db), "PYTHONPATH": str(ROOT / "src")}
    out: dict[str, Any] = {"machine": machine(), "runs": runs, "energy_s": energy_s}
    out["idle_s"] = idle_s
    out["import_s"] = {
        "python -c pass": median_of(runs, IMPORT_CODE.format(stmt="pass"), env),
        "import wattprint": median_of(runs, IMPORT_CODE.format(stmt="import wattprint"), env),
        WP_IMPORT: median_of(runs, IMPORT_CODE.format(stmt=WP_IMPORT), env),
        CC_IMPORT: median_of(runs, IMPORT_CODE.format(stmt=CC_IMPORT), env),
    }
    out["start_s"] = {
        "wattprint track().start()": median_of(runs, START_WP, env, "start_s"),
        "codecarbon constructor": median_of(runs, START_CC.format(make=CC_MAKE), env, "init_s"),
        "codecarbon start()": median_of(runs, START_CC.format(make=CC_MAKE), env, "start_s"),
    }
    out["step_s"] = step_cost(env)
    out["overhead"] = overheads(idle_s, env)
    out["energy_j"] = {
        tool: {
            kind: json.loads(child(_energy_code(tool, busy, energy_s), env))
            for kind, busy in (("busy", True), ("sleep", False))
        }
        for tool in ("wattprint", "codecarbon")
    }
    return out


def overheads(idle_s: float, env: dict[str, str], rounds: int = 3) -> dict[str, dict[str, float]]:
    """CPU and memory of idle tracked processes, the four configurations side by side."""
    configs = {
        "none": ("none", env),
        "wattprint": ("wattprint", env),
        "wattprint, no store": ("wattprint", {**env, "WATTPRINT_STORE": "0"}),
        "codecarbon": ("codecarbon", env),
    }
    if _version("carbontracker") != "not installed":
        configs["carbontracker"] = ("carbontracker", env)
    eco2ai_py = os.environ.get("ECO2AI_PYTHON")  # eco2AI 0.3 needs pandas < 2: own venv
    if eco2ai_py:
        configs["eco2ai"] = ("eco2ai", env)
    rows: dict[str, list[dict[str, float]]] = {name: [] for name in configs}
    for _ in range(rounds):
        procs = {}
        for name, (tool, tool_env) in configs.items():
            setup, stop = SETUP[tool]
            code = textwrap.dedent(OVERHEAD.format(setup=setup, stop=stop, idle_s=idle_s))
            procs[name] = subprocess.Popen(
                [eco2ai_py if tool == "eco2ai" and eco2ai_py else PY, "-c", code],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=tool_env,
            )  # fmt: skip
        for name, proc in procs.items():
            out, err = proc.communicate()
            if proc.returncode != 0:
                raise RuntimeError(f"{name} failed ({proc.returncode}):\n{err[-2000:]}")
            rows[name].append(json.loads(out.strip().splitlines()[-1]))
    return {
        name: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        for name, runs in rows.items()
    }


def _energy_code(tool: str, busy: bool, seconds: float) -> str:
    setup, stop = ENERGY_SETUP[tool]
    return ENERGY.format(setup=setup, stop=stop, seconds=seconds, busy=busy)


def step_cost(env: dict[str, str]) -> dict[str, float]:
    """Seconds per ``run.step(tokens=...)``: in bursts of 1,000 (best of 200 ``timeit``
    repeats; a real loop's steps come far slower than the sampler takes them), and in a
    loop of nothing but 300,000 steps, run store on, wall time per step (the store's
    writing included: past 2,048 waiting steps, ``step()`` waits for the sampler)."""
    code = """
    import json, time, timeit
    from wattprint.measure import track
    run = track("bench").start()
    burst = min(timeit.repeat(lambda: run.step(tokens=128), number=1000, repeat=200))
    run.stop()
    run = track("bench").start()
    run.wait_ready(10)
    t = time.perf_counter()
    for _ in range(300_000):
        run.step(tokens=128)
    loop = time.perf_counter() - t
    t = time.perf_counter()
    run.stop()
    print(json.dumps({"burst_s": burst / 1000, "loop_s": loop / 300_000,
                      "stop_after_loop_s": time.perf_counter() - t}))
    """
    result: dict[str, float] = json.loads(child(code, env))
    return result


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    return {
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "python": platform.python_version(),
        "load_average_1min": f"{load:.2f}",
        "codecarbon": _version("codecarbon"),
        "carbontracker": _version("carbontracker"),
    }


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def markdown(r: dict[str, Any]) -> str:
    """The results as the README's tables."""
    imp, start, ov, en = r["import_s"], r["start_s"], r["overhead"], r["energy_j"]
    base = ov["none"]
    ms = 1e3
    cc_start = start["codecarbon constructor"] + start["codecarbon start()"]

    def extra(tool: str, key: str) -> str:
        return f"{ov[tool][key] - base[key]:.1f} MB" if tool in ov else "not run"

    def cpu_ms(tool: str) -> float:
        return float((ov[tool]["cpu_s"] - base["cpu_s"]) * ms * 10.0 / r["idle_s"])

    def cpu(tool: str) -> str:
        return f"{cpu_ms(tool):.2f} ms" if tool in ov else "not run"

    def stop(tool: str) -> str:
        return f"{ov[tool]['stop_s'] * ms:.1f} ms" if tool in ov else "not run"

    wp_peak = ov["wattprint"]["peak_during_mb"] - base["peak_during_mb"]
    step, peers = r["step_s"], ("codecarbon", "carbontracker", "eco2ai")
    rows = [
        ("`import wattprint`", f"{imp['import wattprint'] * ms:.1f} ms", "", "", "",
         "≤ 40 ms", _met(imp["import wattprint"] <= 0.040)),
        (f"`{WP_IMPORT}` vs `{CC_IMPORT}`", f"{imp[WP_IMPORT] * ms:.1f} ms",
         f"{imp[CC_IMPORT] * ms:.0f} ms", "", "", "≤ 40 ms", _met(imp[WP_IMPORT] <= 0.040)),
        ("caller blocked at start", f"{start['wattprint track().start()'] * ms:.2f} ms",
         f"{cc_start * ms:.0f} ms (constructor {start['codecarbon constructor'] * ms:.0f} + "
         f"start() {start['codecarbon start()'] * ms:.0f})", "", "", "≤ 30 ms",
         _met(start["wattprint track().start()"] <= 0.030)),
        ("sampler CPU per 10 s idle tracking (default rate)", cpu("wattprint"),
         *map(cpu, peers), "≤ 1 ms", _met(cpu_ms("wattprint") <= 1.0)),
        ("sampler CPU per 10 s, run store off", cpu("wattprint, no store"), "", "", "", "", ""),
        ("caller blocked at stop, after the idle window", stop("wattprint"),
         *map(stop, peers), "≤ 50 ms", _met(ov["wattprint"]["stop_s"] <= 0.050)),
        ("`run.step(tokens=...)`, bursts of 1,000", f"{step['burst_s'] * 1e6:.2f} µs",
         "no per-step call", "", "", "≤ 50 µs", _met(step["burst_s"] <= 50e-6)),
        ("a loop of nothing but 300,000 `run.step()`, per step (store's writing in it)",
         f"{step['loop_s'] * 1e6:.2f} µs", "", "", "", "", ""),
        ("stop after that loop", f"{step['stop_after_loop_s'] * ms:.1f} ms", "", "", "",
         "≤ 50 ms", _met(step["stop_after_loop_s"] <= 0.050)),
        ("extra peak RSS while tracking (`VmHWM`)", extra("wattprint", "peak_during_mb"),
         *(extra(p, "peak_during_mb") for p in peers), "≤ 15 MB", _met(wp_peak <= 15)),
        ("extra resident memory while tracking (`VmRSS`)", extra("wattprint", "rss_mb"),
         *(extra(p, "rss_mb") for p in peers), "", ""),
        ("extra peak RSS by 2 s after stop (wattprint: footprint made, NumPy loaded)",
         extra("wattprint", "peak_after_mb"), *(extra(p, "peak_after_mb") for p in peers),
         "", ""),
        (f"energy, {r['energy_s']:g} s busy loop", _energy(en["wattprint"]["busy"]),
         f"{en['codecarbon']['busy']['energy_j']:.0f} J", "", "", "", ""),
        (f"energy, {r['energy_s']:g} s sleep", _energy(en["wattprint"]["sleep"]),
         f"{en['codecarbon']['sleep']['energy_j']:.0f} J", "", "", "", ""),
    ]  # fmt: skip
    lines = [
        "| what | wattprint | CodeCarbon | Carbontracker | eco2AI | target | met |",
        "|---|---:|---:|---:|---:|---:|:---:|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def _energy(e: dict[str, Any]) -> str:
    return f"{e['energy_j']:.1f} J ({e['low_j']:.1f}–{e['high_j']:.1f}, {'/'.join(e['methods'])})"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def main() -> int:
    """Parse arguments, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per median")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument(
        "--quick", action="store_true", help="5 runs, 30 s idle windows, 3 s energy loops"
    )
    args = parser.parse_args()
    runs = 5 if args.quick else max(5, args.runs)
    results = measure(runs, 30.0 if args.quick else IDLE_S, 3.0 if args.quick else 10.0)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(json.dumps(results["machine"]))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
