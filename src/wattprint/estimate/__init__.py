"""The estimate producer: scenario files in, a :class:`~wattprint.chain.Footprint` out."""

from __future__ import annotations

from pathlib import Path

from wattprint.chain import Footprint
from wattprint.errors import InputError
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
        build_inputs(collector)
    except InputError as exc:
        raise scenario.locate(exc) from None
    return collector.footprint(scenario.name, "estimate", scenario.raw)
