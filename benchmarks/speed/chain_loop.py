"""The chain alone, timed: ``summarise(run_chain(inputs))`` on the GPT-4 example.

Run from the repository root; set ``PYTHONPATH=<other checkout>/src`` to time other code::

    .venv/bin/python benchmarks/speed/chain_loop.py

Prepares the example's inputs (10,000 samples, seed 0), makes one unrecorded call, then
prints the median and the fastest of 60 calls (benchmarks/README.md, issue 19).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import wattprint
from wattprint.chain import run_chain, summarise
from wattprint.estimate import load_scenario
from wattprint.estimate.inputs import InputCollector
from wattprint.estimate.model import build_inputs

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "gpt4-press.yaml"


def main() -> None:
    """Time the chain and print the figures with the code's location."""
    collector = InputCollector(load_scenario(EXAMPLE), 10_000, 0)
    build_inputs(collector)
    summarise(run_chain(collector.inputs), collector.uncertain)
    times = []
    for _ in range(60):
        t = time.perf_counter()
        summarise(run_chain(collector.inputs), collector.uncertain)
        times.append(time.perf_counter() - t)
    where = Path(wattprint.__file__).parents[1]
    median_ms, fastest_ms = statistics.median(times) * 1e3, min(times) * 1e3
    print(f"{where}: median {median_ms:.1f} ms, fastest {fastest_ms:.1f} ms")


if __name__ == "__main__":
    main()
