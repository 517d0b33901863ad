"""Estimate every published row both ways and compare with what the source reported.

Per comparison: the error of the p50, ``(p50 − reported) / reported``, its log-ratio
``ln(p50 / reported)``, and whether the reported value lies inside p5–p95. A band is
widened by ``REL_TOL`` (1 %) on each side before that test, because published tables and
the inputs they were computed from are printed to 2–4 significant figures (Patterson et
al.'s Table 4 reproduces to about 1 %); without it a scenario whose inputs are all fixed
(a zero-width band) could never "cover" a rounded figure.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from benchmarks.accuracy.published import PublishedRun
from benchmarks.accuracy.scenarios import (
    OUTPUT_FOR_BASIS,
    Method,
    Scenario,
    Skip,
    has_intensity,
    hours_probe,
    scenario_a,
    scenario_b,
)

from wattprint.chain import Footprint, OutputSummary
from wattprint.estimate import estimate, scenario_from_dict

REL_TOL = 0.01
QUANTITIES = ("energy", "carbon", "hours", "energy_per_unit")
BUILDERS: tuple[tuple[Method, Callable[[PublishedRun], Scenario | Skip]], ...] = (
    ("a", scenario_a),
    ("b", scenario_b),
)


@dataclass(frozen=True)
class Comparison:
    """One estimate of one reported figure."""

    run_id: str
    role: str
    method: Method
    quantity: str
    output: str
    reported: float
    p5: float
    p50: float
    p95: float
    unit: str

    @property
    def error(self) -> float:
        """Relative error of the p50."""
        return (self.p50 - self.reported) / self.reported

    @property
    def log_ratio(self) -> float:
        """Natural log of p50 / reported (symmetric in over- and under-estimates)."""
        return math.log(self.p50 / self.reported)

    @property
    def inside(self) -> bool:
        """The reported value lies inside p5–p95 (widened by REL_TOL)."""
        return self.p5 * (1 - REL_TOL) <= self.reported <= self.p95 * (1 + REL_TOL)


@dataclass(frozen=True)
class NotCompared:
    """A reported figure that could not be estimated one way, and why."""

    run_id: str
    role: str
    method: Method | str
    quantity: str
    reason: str


@dataclass(frozen=True)
class GroupSummary:
    """Median |error|, median |log-ratio|, signed median error and coverage of a group."""

    n: int
    median_abs_error: float
    median_abs_log_ratio: float
    median_error: float
    coverage: float

    def to_dict(self) -> dict[str, float | int]:
        """JSON form (rounded, so the baseline is stable across platforms)."""
        return {
            "n": self.n,
            "median_abs_error": round(self.median_abs_error, 6),
            "median_abs_log_ratio": round(self.median_abs_log_ratio, 6),
            "median_error": round(self.median_error, 6),
            "coverage": round(self.coverage, 6),
        }


def summarise_group(items: Sequence[Comparison]) -> GroupSummary:
    """Summary statistics of a non-empty group of comparisons."""
    if not items:
        raise ValueError("cannot summarise an empty group")
    return GroupSummary(
        n=len(items),
        median_abs_error=statistics.median(abs(c.error) for c in items),
        median_abs_log_ratio=statistics.median(abs(c.log_ratio) for c in items),
        median_error=statistics.median(c.error for c in items),
        coverage=sum(c.inside for c in items) / len(items),
    )


def summarise(comparisons: Iterable[Comparison]) -> dict[str, GroupSummary]:
    """Groups ``quantity/method/role`` (role calibrate, test or all), each summarised."""
    groups: dict[str, list[Comparison]] = {}
    for c in comparisons:
        for role in (c.role, "all"):
            groups.setdefault(f"{c.quantity}/{c.method}/{role}", []).append(c)
    return {key: summarise_group(items) for key, items in sorted(groups.items())}


class Estimator:
    """Runs scenarios with a fixed sample count and seed."""

    def __init__(self, samples: int, seed: int) -> None:
        self.samples = samples
        self.seed = seed

    def __call__(self, scenario: Scenario) -> Footprint:
        """The footprint of a scenario mapping."""
        return estimate(scenario_from_dict(scenario), samples=self.samples, seed=self.seed)


def compare_run(
    run: PublishedRun, run_estimate: Estimator
) -> tuple[list[Comparison], list[NotCompared]]:
    """Every comparison this row allows, and the reported figures it cannot reach."""
    done: list[Comparison] = []
    skipped: list[NotCompared] = []
    targets = _targets(run, skipped)
    for method, build in BUILDERS if targets else ():
        scenario = build(run)
        if isinstance(scenario, Skip):
            skipped.extend(
                NotCompared(run.id, run.role, method, q, scenario.reason) for q in targets
            )
            continue
        footprint = run_estimate(scenario)
        done.extend(_compare(run, method, q, footprint) for q in targets)
    hours = _hours(run, run_estimate)
    if isinstance(hours, Comparison):
        done.append(hours)
    elif hours is not None:
        skipped.append(hours)
    return done, skipped


def _targets(run: PublishedRun, skipped: list[NotCompared]) -> list[str]:
    """The reported figures of this row that can be compared like with like."""
    targets: list[str] = []
    energy = run.reported_energy_mwh if run.kind == "training" else run.energy_per_unit_wh
    quantity = "energy" if run.kind == "training" else "energy_per_unit"
    if energy is None and run.reported_co2e_t is None:
        reason = "no energy or CO2 figure in the table (not reported, or not transcribed)"
        if run.kind == "training" and run.reported_hours is not None:
            reason += "; accelerator-hours checked instead"
        skipped.append(NotCompared(run.id, run.role, "-", quantity, reason))
    if energy is not None:
        if run.energy_basis in OUTPUT_FOR_BASIS:
            targets.append(quantity)
        else:
            reason = "the source does not say what its energy covers (no boundary to match)"
            skipped.append(NotCompared(run.id, run.role, "-", quantity, reason))
    if run.kind == "training" and run.reported_co2e_t is not None:
        if has_intensity(run) and run.energy_basis in OUTPUT_FOR_BASIS:
            targets.append("carbon")
        else:
            reason = "no grid intensity or site given" if not has_intensity(run) else "boundary"
            skipped.append(NotCompared(run.id, run.role, "-", "carbon", reason))
    return targets


def _compare(run: PublishedRun, method: Method, quantity: str, fp: Footprint) -> Comparison:
    if quantity == "carbon":
        out = fp["carbon_operational"]
        return _make(run, method, quantity, "carbon_operational", run.reported_co2e_t, out, 1e-3,
                     "t CO2e")  # fmt: skip
    name = OUTPUT_FOR_BASIS[run.energy_basis]
    out = fp[name]
    return _make(run, method, quantity, name, run.reported_energy_mwh, out, 1e-3, "MWh")


def _make(
    run: PublishedRun,
    method: Method,
    quantity: str,
    output: str,
    reported: float | None,
    out: OutputSummary,
    scale: float,
    unit: str,
) -> Comparison:
    assert reported is not None
    p5, p50, p95 = out.p5 * scale, out.p50 * scale, out.p95 * scale
    return Comparison(run.id, run.role, method, quantity, output, reported, p5, p50, p95, unit)


def _hours(run: PublishedRun, run_estimate: Estimator) -> Comparison | NotCompared | None:
    """(b)'s accelerator-hours against the reported ones: the MFU default alone."""
    reported = run.reported_hours
    if run.kind != "training" or reported is None:
        return None
    probe = hours_probe(run)
    if isinstance(probe, Skip):
        return NotCompared(run.id, run.role, "b", "hours", probe.reason)
    out = run_estimate(probe)["accelerator_energy"]
    return _make(run, "b", "hours", "accelerator_hours", reported, out, 1.0, "accelerator-h")


def compare_all(
    runs: Iterable[PublishedRun], samples: int, seed: int
) -> tuple[list[Comparison], list[NotCompared]]:
    """Comparisons and skips over the whole table."""
    run_estimate = Estimator(samples, seed)
    done: list[Comparison] = []
    skipped: list[NotCompared] = []
    for run in runs:
        d, s = compare_run(run, run_estimate)
        done.extend(d)
        skipped.extend(s)
    return done, skipped
