"""Recomputing a claim: a scenario's estimate, or a formula over its named inputs.

Both give p5 / p50 / p95 in the base unit of the published value's dimension (kWh, L,
FLOP/s ...), how the number was obtained (in English and Chinese) and the sources used.
Estimates are cached per scenario file, so claims sharing a scenario share one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from wattprint.audit.claims import (
    Claim,
    ClaimsFile,
    FormulaRecompute,
    ScenarioRecompute,
    Text,
    check_dimensions,
)
from wattprint.audit.published import unit_of
from wattprint.chain import Footprint
from wattprint.chain.state import Value
from wattprint.errors import ClaimsError
from wattprint.estimate import estimate
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.summary import percentiles

PERCENTILE_INDEX = {"p5": 0, "p50": 1, "p95": 2}


@dataclass(frozen=True)
class ContextValue:
    """An extra scenario output shown beside the recomputation (never judged)."""

    output: str
    p5: float
    p50: float
    p95: float
    unit: str


@dataclass(frozen=True)
class Recomputed:
    """A recomputation in base units, how it was made, and what it cites."""

    p5: float
    p50: float
    p95: float
    how: Text
    sources: tuple[SourceRef, ...] = ()
    context: tuple[ContextValue, ...] = ()
    scenario: str | None = None

    def span(self, percentile: str | None) -> tuple[float, float]:
        """The span judged: p5..p95, or one percentile when the claim names it."""
        if percentile is None:
            return self.p5, self.p95
        value = (self.p5, self.p50, self.p95)[PERCENTILE_INDEX[percentile]]
        return value, value


@dataclass
class Estimates:
    """Scenario estimates run so far in one audit, by resolved path."""

    samples: int
    seed: int
    runs: dict[Path, Footprint] = field(default_factory=dict)

    def get(self, path: Path) -> Footprint:
        """The estimate of the scenario at ``path`` (run once)."""
        key = path.resolve()
        if key not in self.runs:
            self.runs[key] = estimate(path, samples=self.samples, seed=self.seed)
        return self.runs[key]


def recompute(claim: Claim, claims: ClaimsFile, estimates: Estimates) -> Recomputed:
    """Recompute ``claim``; a mistake the file made is a ClaimsError located in it."""
    if isinstance(claim.recompute, ScenarioRecompute):
        return _from_scenario(claim, claim.recompute, claims, estimates)
    return _from_formula(claim, claim.recompute, claims, estimates)


def _from_scenario(
    claim: Claim, spec: ScenarioRecompute, claims: ClaimsFile, estimates: Estimates
) -> Recomputed:
    footprint = estimates.get(spec.scenario)
    where = f"{claim.where}.recompute"
    for i, name in enumerate((spec.output, *spec.show)):
        if name not in footprint.outputs:
            field_path = f"{where}.output" if i == 0 else f"{where}.show[{i - 1}]"
            raise claims.error(
                "unknown scenario output",
                field_path,
                got=name,
                expected="one of " + ", ".join(footprint.outputs),
            )
    out = footprint.outputs[spec.output]
    try:
        dimension, factor = unit_of(out.unit, field=f"{where}.output", got=out.unit)
        check_dimensions(claim.published, dimension, f"{where}.output", out.unit)
    except ClaimsError as exc:
        raise claims.error(
            exc.message, f"{where}.output", got=f"{spec.output} ({out.unit})", expected=exc.expected
        ) from None
    context = tuple(
        ContextValue(n, o.p5, o.p50, o.p95, o.unit)
        for n in spec.show
        for o in (footprint.outputs[n],)
    )
    file = spec.scenario.name
    how = Text(
        en=f"estimate of {file} ({footprint.name}), output {spec.output}",
        zh=f"估算 {file}({footprint.name})的输出 {spec.output}",
    )
    return Recomputed(out.p5 * factor, out.p50 * factor, out.p95 * factor, how, (), context, file)


def _from_formula(
    claim: Claim, spec: FormulaRecompute, claims: ClaimsFile, estimates: Estimates
) -> Recomputed:
    env: dict[str, Value] = {}
    for item in spec.inputs:
        drawn = item.value.sample(estimates.samples, estimates.seed, item.name)
        env[item.name] = np.asarray(drawn, dtype=np.float64) * item.si_factor
    try:
        result = spec.formula.evaluate(env)
    except (OverflowError, ValueError, ZeroDivisionError) as exc:
        where = f"{claim.where}.recompute.formula"
        error = claims.error(f"formula cannot be evaluated: {exc}", where, got=spec.formula.text)
        raise error from None
    values = np.asarray(result, dtype=np.float64) * spec.unit_factor
    if not np.all(np.isfinite(values)):
        where = f"{claim.where}.recompute.formula"
        hint = "check for division by zero or overflow"
        raise claims.error("formula result is not finite", where, got=spec.formula.text, hint=hint)
    p5, p50, p95 = percentiles(values if values.ndim else float(values))
    shown = ", ".join(f"{i.name} = {i.written}" for i in spec.inputs)
    how = Text(
        en=f"{spec.formula.text} [{spec.unit}] with {shown}",
        zh=f"{spec.formula.text} [{spec.unit}],其中 {shown}",
    )
    sources = tuple(i.source for i in spec.inputs if i.source is not None)
    return Recomputed(p5, p50, p95, how, sources)
