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
    from wattprint.audit import AuditReport, audit_file
    from wattprint.chain.result import Footprint, OutputSummary
    from wattprint.estimate import estimate, load_scenario, scenario_from_dict
    from wattprint.estimate.scenario import Scenario
    from wattprint.measure import (
        MeasuredRun,
        MockSensor,
        RunResult,
        Tracker,
        TrackerConfig,
        track,
    )
    from wattprint.measure.runs_table import runs
    from wattprint.store import RunStore

logging.getLogger(__name__).addHandler(logging.NullHandler())

# public name -> module that defines it; loaded on first attribute access
_LAZY: dict[str, str] = {
    "AuditReport": "wattprint.audit",
    "MeasuredRun": "wattprint.measure",
    "MockSensor": "wattprint.measure",
    "RunResult": "wattprint.measure",
    "RunStore": "wattprint.store",
    "Tracker": "wattprint.measure",
    "TrackerConfig": "wattprint.measure",
    "audit_file": "wattprint.audit",
    "track": "wattprint.measure",
    "runs": "wattprint.measure.runs_table",
    "Footprint": "wattprint.chain.result",
    "OutputSummary": "wattprint.chain.result",
    "Scenario": "wattprint.estimate.scenario",
    "estimate": "wattprint.estimate",
    "load_scenario": "wattprint.estimate",
    "scenario_from_dict": "wattprint.estimate",
}

__all__ = [
    "AuditReport",
    "CatalogLookupError",
    "ClaimsError",
    "Footprint",
    "InputError",
    "MeasuredRun",
    "MockSensor",
    "OutputSummary",
    "RunResult",
    "RunStore",
    "Scenario",
    "ScenarioError",
    "SensorError",
    "StoreError",
    "Tracker",
    "TrackerConfig",
    "WattprintError",
    "__version__",
    "audit_file",
    "estimate",
    "load_scenario",
    "runs",
    "scenario_from_dict",
    "track",
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
