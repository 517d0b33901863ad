"""wattprint: what AI work costs in electricity, heat, water and carbon.

Measured on the machine where the work runs (:func:`track`, ``wattprint run``) or
estimated from a scenario file (:func:`estimate`), every figure as p5 / p50 / p95 with its
sources. ``import wattprint`` stays light: the public names below load their modules on
first use (PEP 562), so importing the package pulls in neither NumPy nor the CLI.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from wattprint._version import __version__
from wattprint.errors import (
    CatalogLookupError,
    ClaimsError,
    InputError,
    ScenarioError,
    SensorError,
    StoreError,
    WattprintError,
)

if TYPE_CHECKING:
    from wattprint.chain.result import Footprint, OutputSummary
    from wattprint.estimate import estimate, load_scenario, scenario_from_dict
    from wattprint.estimate.scenario import Scenario

logging.getLogger(__name__).addHandler(logging.NullHandler())

# public name -> module that defines it; loaded on first attribute access
_LAZY: dict[str, str] = {
    "Footprint": "wattprint.chain.result",
    "OutputSummary": "wattprint.chain.result",
    "Scenario": "wattprint.estimate.scenario",
    "estimate": "wattprint.estimate",
    "load_scenario": "wattprint.estimate",
    "scenario_from_dict": "wattprint.estimate",
}

__all__ = [
    "CatalogLookupError",
    "ClaimsError",
    "Footprint",
    "InputError",
    "OutputSummary",
    "Scenario",
    "ScenarioError",
    "SensorError",
    "StoreError",
    "WattprintError",
    "__version__",
    "estimate",
    "load_scenario",
    "scenario_from_dict",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'wattprint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
