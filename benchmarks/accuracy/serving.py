"""Validate the serving model against published, measured inference energy (issue 12).

Run from the repository root::

    python -m benchmarks.accuracy.serving                   # table -> SERVING.md
    python -m benchmarks.accuracy.serving --check           # exit 1 if worse than baseline
    python -m benchmarks.accuracy.serving --write-baseline  # record serving_baseline.json

Each row of ``serving_runs.csv`` is drawn as a scenario at the source's boundary, PUE 1:
``accelerator`` rows (GPU energy only) set host power to 0 W and read the accelerator
figure; ``it`` rows (GPU + CPU + RAM of the serving machine, e.g. CodeCarbon) keep the
default host power and read the IT figure. Each is sized the way the measurement ran:

- ``rate``: requests arriving at the measured rate on the stated accelerators;
- ``saturated``: a fixed batch kept full (batch 1 for one request at a time back to
  back): no fleet size, so the fewest replicas serve a large rate and each runs at
  (nearly) full load. A measured latency is never used.

Roles (calibrate / test) were set in the CSV before any default was tuned. Reported per
row: p50 ÷ measured, within ×2, p5–p95 covering the measurement, band p95 ÷ p5.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wattprint.estimate import estimate, scenario_from_dict

HERE = Path(__file__).resolve().parent
ROWS = HERE / "serving_runs.csv"
RESULTS = HERE / "SERVING.md"
BASELINE = HERE / "serving_baseline.json"
SAMPLES = 2000
SATURATING_REQUESTS_PER_DAY = 1e9
EPS = 1e-6


@dataclass(frozen=True)
class Row:
    """One published measurement."""

    id: str
    group: str
    model: str
    parameters: float
    accelerator: str
    accelerators: int
    tokens_in: float
    tokens_out: float
    rate_per_s: float | None
    batch: float | None
    sizing: str
    boundary: str
    measured: float
    unit: str
    load: str
    role: str
    source: str


@dataclass(frozen=True)
class Result:
    """One row estimated."""

    row: Row
    p5: float
    p50: float
    p95: float

    @property
    def ratio(self) -> float:
        """p50 ÷ measured."""
        return self.p50 / self.row.measured

    @property
    def within_2x(self) -> bool:
        """p50 within a factor of two of the measurement."""
        return 0.5 <= self.ratio <= 2.0

    @property
    def covered(self) -> bool:
        """The measurement lies inside p5..p95."""
        return self.p5 <= self.row.measured <= self.p95

    @property
    def band(self) -> float:
        """p95 ÷ p5."""
        return self.p95 / self.p5


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


def load_rows(path: Path = ROWS) -> list[Row]:
    """The published measurements."""
    with path.open(encoding="utf-8") as f:
        return [
            Row(
                r["id"],
                r["source_group"],
                r["model"],
                float(r["parameters"]),
                r["accelerator"],
                int(r["accelerators"]),
                float(r["tokens_in"]),
                float(r["tokens_out"]),
                _num(r["rate_per_s"]),
                _num(r["batch"]),
                r["sizing"],
                r["boundary"],
                float(r["measured"]),
                r["unit"],
                r["load"],
                r["role"],
                r["source"],
            )  # fmt: skip
            for r in csv.DictReader(f)
        ]


def scenario(row: Row) -> dict[str, Any]:
    """The row as a scenario at the row's boundary (accelerator: no host power)."""
    hardware: dict[str, Any] = {"accelerator": row.accelerator}
    if row.boundary == "accelerator":
        hardware["host_power"] = "0 W"
    work: dict[str, Any] = {
        "parameters": row.parameters,
        "tokens_in": row.tokens_in,
        "tokens_out": row.tokens_out,
        "days": 1,
        "accelerators_per_replica": row.accelerators,
    }
    if row.sizing == "saturated":
        work["requests_per_day"] = SATURATING_REQUESTS_PER_DAY
    else:
        assert row.rate_per_s is not None
        hardware["count"] = row.accelerators
        work["requests_per_day"] = row.rate_per_s * 86400.0
    if row.batch is not None:
        work["concurrency"] = row.batch
    return {
        "name": row.id,
        "kind": "inference",
        "hardware": hardware,
        "inference": work,
        "facility": {"pue": 1, "carbon_intensity": "0 g/kWh"},
    }


def estimate_row(row: Row, samples: int = SAMPLES, seed: int = 0) -> Result:
    """Estimate one row at its boundary, in its unit (J per request or per output token)."""
    fp = estimate(scenario_from_dict(scenario(row)), samples=samples, seed=seed)
    if row.unit == "J/request":
        out, scale = fp[f"energy_per_request_{row.boundary}"], 3600.0  # Wh -> J
    else:
        out, scale = fp["energy_per_token_accelerator"], 1.0
    return Result(row, out.p5 * scale, out.p50 * scale, out.p95 * scale)


def summarise(results: list[Result]) -> dict[str, dict[str, float]]:
    """Per role (and all): n, share within ×2, share covered, median ratio and band."""
    groups: dict[str, list[Result]] = {"all": results}
    for r in results:
        groups.setdefault(r.row.role, []).append(r)
    return {
        key: {
            "n": len(rs),
            "within_2x": sum(r.within_2x for r in rs) / len(rs),
            "covered": sum(r.covered for r in rs) / len(rs),
            "median_ratio": statistics.median(r.ratio for r in rs),
            "median_band": statistics.median(r.band for r in rs),
        }
        for key, rs in sorted(groups.items())
    }


def run(samples: int = SAMPLES, seed: int = 0) -> tuple[list[Result], dict[str, dict[str, float]]]:
    """Every row estimated, and the summary."""
    results = [estimate_row(row, samples, seed) for row in load_rows()]
    return results, summarise(results)


def markdown(results: list[Result], summary: dict[str, dict[str, float]]) -> str:
    """SERVING.md."""
    lines = [
        "# Serving model against published inference measurements",
        "",
        "Generated by `python -m benchmarks.accuracy.serving` "
        f"({SAMPLES} samples, seed 0). Rows and roles: `serving_runs.csv`. Every row is "
        "at its source's boundary, PUE 1: accelerator (GPU only, no host) unless the "
        "boundary column says `it` (GPU + CPU + RAM of the serving machine).",
        "",
        "| row | role | boundary | load | measured | p5 | p50 | p95 | p50/measured | ×2 "
        "| covered |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.row.id} | {r.row.role} | {r.row.boundary} | {r.row.load} | "
            f"{r.row.measured:.4g} {r.row.unit} | "
            f"{r.p5:.3g} | {r.p50:.3g} | {r.p95:.3g} | {r.ratio:.2f} | "
            f"{'yes' if r.within_2x else 'no'} | {'yes' if r.covered else 'no'} |"
        )
    lines += [
        "",
        "| group | n | within ×2 | covered p5–p95 | median p50/measured | median p95/p5 |",
    ]
    lines.append("|---|---|---|---|---|---|")
    for key, s in summary.items():
        lines.append(
            f"| {key} | {s['n']:.0f} | {s['within_2x']:.0%} | {s['covered']:.0%} | "
            f"{s['median_ratio']:.2f} | {s['median_band']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def check(summary: dict[str, dict[str, float]], baseline: dict[str, Any]) -> list[str]:
    """What got worse than the baseline (coverage or ×2 share fell)."""
    problems = []
    for key, old in baseline["groups"].items():
        new = summary.get(key)
        if new is None:
            problems.append(f"{key}: missing")
            continue
        for metric in ("within_2x", "covered"):
            if new[metric] < old[metric] - EPS:
                problems.append(f"{key}: {metric} {new[metric]:.3f} < baseline {old[metric]:.3f}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command line: write the table, check or record the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--write-baseline", action="store_true")
    args = parser.parse_args(argv)
    results, summary = run()
    if args.check:
        problems = check(summary, json.loads(BASELINE.read_text(encoding="utf-8")))
        print("\n".join(problems) or "no row group got worse")
        return 1 if problems else 0
    RESULTS.write_text(markdown(results, summary), encoding="utf-8")
    print(markdown(results, summary))
    if args.write_baseline:
        data = {"samples": SAMPLES, "seed": 0, "groups": summary}
        BASELINE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
