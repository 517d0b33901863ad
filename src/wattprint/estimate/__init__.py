"""The estimate producer: scenario files in, a :class:`~wattprint.chain.Footprint` out."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wattprint.chain import Footprint, run_chain, summarise
from wattprint.errors import InputError
from wattprint.estimate.finite import check_finite
from wattprint.estimate.inputs import InputCollector
from wattprint.estimate.model import build_inputs
from wattprint.estimate.scenario import Scenario, load_scenario, scenario_from_dict

__all__ = ["DEFAULT_SAMPLES", "Scenario", "estimate", "load_scenario", "scenario_from_dict"]

DEFAULT_SAMPLES = 10_000


def estimate(
    scenario: Scenario | str | Path, *, samples: int = DEFAULT_SAMPLES, seed: int = 0
) -> Footprint:
    """Estimate a scenario's footprint by Monte Carlo (``samples`` draws, seeded)."""
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if samples < 1:
        raise ValueError(f"samples must be ≥ 1, got {samples}")
    collector = InputCollector(scenario, samples, seed)
    try:
        with np.errstate(all="ignore"):  # overflow is looked for, and refused, by check_finite
            build_inputs(collector)
            outputs = run_chain(collector.inputs)
        check_finite(outputs)
    except InputError as exc:
        raise scenario.locate(exc) from None
    return Footprint(
        name=scenario.name,
        kind="estimate",
        outputs=summarise(outputs, collector.uncertain),
        scenario=scenario.raw,
        sources=tuple(collector.sources),
        assumptions=tuple(collector.assumptions),
        warnings=tuple(collector.warnings),
        samples=samples,
        seed=seed,
    )
