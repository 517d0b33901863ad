"""The estimate producer: scenario files in, a :class:`~wattprint.chain.Footprint` out."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from wattprint.chain import Footprint, run_chain
from wattprint.errors import InputError
from wattprint.estimate.finite import check_finite
from wattprint.estimate.inputs import InputCollector
from wattprint.estimate.model import build_inputs
from wattprint.estimate.scenario import (
    Scenario,
    as_scenario,
    load_scenario,
    scenario_from_dict,
    scenario_from_text,
)

__all__ = [
    "DEFAULT_SAMPLES",
    "Scenario",
    "estimate",
    "load_scenario",
    "scenario_from_dict",
    "scenario_from_text",
]

DEFAULT_SAMPLES = 10_000


def estimate(
    scenario: Scenario | str | Path | Mapping[str, Any],
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> Footprint:
    """Estimate a scenario's footprint by Monte Carlo (``samples`` draws, seeded).

    ``scenario`` is the path of a YAML/TOML file, YAML text (any string with a line
    break), a mapping of the same fields, or a loaded :class:`Scenario`.
    """
    scenario = as_scenario(scenario)
    if samples < 1:
        raise ValueError(f"samples must be ≥ 1, got {samples}")
    collector = InputCollector(scenario, samples, seed)
    try:
        with np.errstate(all="ignore"):  # overflow is looked for, and refused, by check_finite
            build_inputs(collector)
            outputs = run_chain(collector.inputs, basis=collector.basis)
        check_finite(outputs)
    except InputError as exc:
        raise scenario.locate(exc) from None
    return collector.footprint(scenario.name, "estimate", scenario.raw, outputs)
