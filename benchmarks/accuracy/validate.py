"""Validate wattprint's estimates against published runs (issue 6).

Run from the repository root::

    python -m benchmarks.accuracy.validate                   # tables -> RESULTS.md
    python -m benchmarks.accuracy.validate --check           # exit 1 if worse than baseline
    python -m benchmarks.accuracy.validate --write-baseline  # record baseline.json

Every row of ``published_runs.csv`` is estimated (a) from its hardware and
accelerator-hours and (b) from parameters, tokens and hardware with default
utilisation; see ``scenarios.py`` for how each is drawn at the source's boundary and
``compare.py`` for the error and coverage definitions. ``tests/test_accuracy.py`` runs
:func:`check` in the default test command.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.accuracy.compare import (
    REL_TOL,
    Comparison,
    GroupSummary,
    NotCompared,
    compare_all,
    summarise,
)
from benchmarks.accuracy.published import HERE, load_runs
from benchmarks.accuracy.report import generated_block, write_results

BASELINE = HERE / "baseline.json"
RESULTS = HERE / "RESULTS.md"
DEFAULT_SAMPLES = 2000
DEFAULT_SEED = 0
ERROR_EPS = 0.002
"""A median |error| or |ln ratio| may rise by this much (0.2 points) before it counts."""
COVERAGE_EPS = 1e-6
"""Coverage moves in steps of 1/n: any drop is a row that fell out of its band."""


@dataclass(frozen=True)
class Validation:
    """Everything one validation run produced."""

    comparisons: list[Comparison]
    skipped: list[NotCompared]
    summary: dict[str, GroupSummary]
    samples: int
    seed: int


def run(samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED) -> Validation:
    """Estimate every published row both ways and summarise."""
    comparisons, skipped = compare_all(load_runs(), samples, seed)
    return Validation(comparisons, skipped, summarise(comparisons), samples, seed)


def baseline_dict(v: Validation) -> dict[str, Any]:
    """The JSON recorded by ``--write-baseline``."""
    return {
        "note": "written by `python -m benchmarks.accuracy.validate --write-baseline`; "
        "tests/test_accuracy.py fails when a group gets worse than this",
        "samples": v.samples,
        "seed": v.seed,
        "rel_tol": REL_TOL,
        "groups": {key: s.to_dict() for key, s in v.summary.items()},
    }


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    """The recorded baseline."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def check(summary: dict[str, GroupSummary], baseline: dict[str, Any]) -> list[str]:
    """Every way ``summary`` is worse than ``baseline`` (empty when it is not)."""
    problems: list[str] = []
    for key, base in baseline["groups"].items():
        now = summary.get(key)
        if now is None:
            problems.append(f"{key}: group missing (baseline had {base['n']} comparisons)")
            continue
        if now.n < base["n"]:
            problems.append(f"{key}: {now.n} comparisons, baseline {base['n']}")
        for name in ("median_abs_error", "median_abs_log_ratio"):
            if getattr(now, name) > base[name] + ERROR_EPS:
                problems.append(f"{key}: {name} {getattr(now, name):.4f} > baseline {base[name]}")
        if now.coverage < base["coverage"] - COVERAGE_EPS:
            problems.append(f"{key}: coverage {now.coverage:.3f} < baseline {base['coverage']}")
    return problems


def _print_summary(summary: dict[str, GroupSummary]) -> None:
    print(f"{'group':28s} {'n':>3s} {'med|err|':>9s} {'med|ln|':>8s} {'bias':>8s} {'cover':>6s}")
    for key, s in summary.items():
        print(
            f"{key:28s} {s.n:3d} {s.median_abs_error * 100:8.1f}% {s.median_abs_log_ratio:8.3f} "
            f"{s.median_error * 100:+7.1f}% {s.coverage * 100:5.0f}%"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=DEFAULT_SAMPLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--write-baseline", action="store_true", help=f"write {BASELINE.name}")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if worse than baseline (its samples, seed)"
    )
    parser.add_argument("--no-results", action="store_true", help=f"do not rewrite {RESULTS.name}")
    args = parser.parse_args(argv)
    baseline = load_baseline() if args.check else None
    if baseline is not None:
        args.samples, args.seed = baseline["samples"], baseline["seed"]
    v = run(args.samples, args.seed)
    _print_summary(v.summary)
    if not args.no_results:
        write_results(RESULTS, generated_block(v.comparisons, v.skipped, v.summary, v.samples,
                                               v.seed))  # fmt: skip
        print(f"wrote {RESULTS}")
    if args.write_baseline:
        BASELINE.write_text(json.dumps(baseline_dict(v), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")
    if baseline is not None:
        problems = check(v.summary, baseline)
        for line in problems:
            print(f"WORSE: {line}", file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
