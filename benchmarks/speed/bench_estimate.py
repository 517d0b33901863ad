"""How fast is ``wattprint estimate``? (issue 2, item 8; issue 6, item 3).

Run from the repository root::

    python benchmarks/speed/bench_estimate.py            # markdown tables on stdout
    python benchmarks/speed/bench_estimate.py --json out.json --runs 20

Measures, on the GPT-4 example with 10,000 samples:

- the whole command, ``wattprint estimate examples/gpt4-press.yaml`` (text table, and
  ``--json``), as a fresh process, median of ``--runs`` warm runs (one unrecorded run
  first so the files are in the page cache);
- ``estimate()`` in-process (scenario already loaded), and ``load_scenario`` + ``estimate``;
- the chain alone: ``run_chain`` on prepared inputs, and ``run_chain`` + ``summarise``
  (percentiles and driver rank correlations);
- Monte Carlo throughput of ``estimate()`` (samples per second) from 1e3 to 1e6 samples.

Targets (issue 2): the chain ≤ 20 ms, the whole command ≤ 0.5 s warm. Exit status 1 when
a target is missed and ``--strict`` is given. Timing lives here, never in the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "gpt4-press.yaml"
SAMPLES = 10_000
CHAIN_TARGET_S = 0.020
COMMAND_TARGET_S = 0.5


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "os": f"{platform.system()} {platform.release()}",
    }


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` over ``runs`` calls, after ``warmup`` unrecorded ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wattprint_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m wattprint``."""
    script = Path(sys.executable).with_name("wattprint")
    if script.exists():
        return [str(script)]
    found = shutil.which("wattprint")
    return [found] if found else [sys.executable, "-m", "wattprint"]


def whole_command(extra: list[str], runs: int) -> float:
    """Median wall time of the CLI as a fresh process (stdout discarded)."""
    cmd = [*wattprint_command(), "estimate", str(EXAMPLE), "--samples", str(SAMPLES), *extra]

    def once() -> None:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)

    return median_time(once, runs)


def process_time(cmd: list[str], runs: int) -> float:
    """Median wall time of a short command as a fresh process."""
    return median_time(lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL), runs)


def in_process(runs: int) -> dict[str, float]:
    """estimate(), load + estimate, run_chain and run_chain + summarise, in this process."""
    from wattprint.chain import run_chain, summarise
    from wattprint.estimate import estimate, load_scenario
    from wattprint.estimate.inputs import InputCollector
    from wattprint.estimate.model import build_inputs

    scenario = load_scenario(EXAMPLE)
    collector = InputCollector(scenario, SAMPLES, 0)
    build_inputs(collector)
    inputs, uncertain = collector.inputs, collector.uncertain
    return {
        "estimate_s": median_time(lambda: estimate(scenario, samples=SAMPLES), runs),
        "load_and_estimate_s": median_time(
            lambda: estimate(load_scenario(EXAMPLE), samples=SAMPLES), runs
        ),
        "run_chain_s": median_time(lambda: run_chain(inputs), runs * 3),
        "run_chain_and_summarise_s": median_time(
            lambda: summarise(run_chain(inputs), uncertain), runs * 3
        ),
    }


def throughput(runs: int) -> dict[int, float]:
    """Samples per second of estimate() by sample count."""
    from wattprint.estimate import estimate, load_scenario

    scenario = load_scenario(EXAMPLE)
    out: dict[int, float] = {}
    for n in (1_000, 10_000, 100_000, 1_000_000):
        reps = max(3, runs // (1 + n // 100_000))
        out[n] = n / median_time(partial(estimate, scenario, samples=n), reps)
    return out


def measure(runs: int) -> dict[str, Any]:
    """Every measurement, with the machine and the command that made it."""
    results: dict[str, Any] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": machine(),
        "runs": runs,
        "samples": SAMPLES,
        "command_text_s": whole_command([], runs),
        "command_json_s": whole_command(["--json"], runs),
        "python_start_s": process_time([sys.executable, "-c", "pass"], runs),
        "cli_import_s": process_time([sys.executable, "-c", "import wattprint.cli"], runs),
    }
    results.update(in_process(runs))
    results["throughput_samples_per_s"] = throughput(runs)
    return results


def markdown(r: dict[str, Any]) -> str:
    """The results as the tables pasted into benchmarks/README.md."""
    m = r["machine"]
    ms = 1e3
    chain_ok = "yes" if r["run_chain_and_summarise_s"] <= CHAIN_TARGET_S else "**no**"
    cmd_ok = "yes" if r["command_text_s"] <= COMMAND_TARGET_S else "**no**"
    lines = [
        f"Machine: {m['cpu']}, {m['nproc']} CPUs, {m['os']}, Python {m['python']}, "
        f"NumPy {m['numpy']}. Medians of {r['runs']} warm runs, {r['samples']:,} samples.",
        "",
        "| what | median | target | met |",
        "|---|---:|---:|:---:|",
        f"| `wattprint estimate examples/gpt4-press.yaml` (whole process, text table) "
        f"| {r['command_text_s'] * ms:.0f} ms | ≤ 500 ms | {cmd_ok} |",
        f"| same with `--json` | {r['command_json_s'] * ms:.0f} ms | | |",
        f"| `python -c 'import wattprint.cli'` (interpreter + CLI import) "
        f"| {r['cli_import_s'] * ms:.0f} ms | | |",
        f"| `python -c pass` (interpreter start alone) | {r['python_start_s'] * ms:.0f} ms | | |",
        f"| `estimate()` in-process, scenario loaded | {r['estimate_s'] * ms:.1f} ms | | |",
        f"| `load_scenario()` + `estimate()` | {r['load_and_estimate_s'] * ms:.1f} ms | | |",
        f"| `run_chain()` on prepared inputs | {r['run_chain_s'] * ms:.2f} ms | | |",
        f"| `run_chain()` + `summarise()` (the chain) "
        f"| {r['run_chain_and_summarise_s'] * ms:.1f} ms | ≤ 20 ms | {chain_ok} |",
        "",
        "| samples | `estimate()` throughput |",
        "|---:|---:|",
    ]
    for n, rate in r["throughput_samples_per_s"].items():
        lines.append(f"| {int(n):,} | {rate / 1e6:.2f} M samples/s |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per measurement")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.runs < 10:
        parser.error("--runs must be at least 10")
    results = measure(args.runs)
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    missed = (
        results["run_chain_and_summarise_s"] > CHAIN_TARGET_S
        or results["command_text_s"] > COMMAND_TARGET_S
    )
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
