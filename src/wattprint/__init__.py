"""wattprint: what AI work costs in electricity, heat, water and carbon.

Measured on the machine where the work runs (:func:`track`, ``wattprint run``) or
estimated from a scenario file (:func:`estimate`), every figure as p5 / p50 / p95 with its
sources. ``import wattprint`` stays light: the public names below load their modules on
first use (PEP 562), so importing the package pulls in neither NumPy nor the CLI.

``wattprint.estimate`` is the function, whatever was imported before: the subpackage of
the same name (``from wattprint.estimate import load_scenario``) is in ``sys.modules``
as usual, but when the import system would set the package attribute to it, this
package keeps the function there instead (:class:`_Package`). Import the subpackage's
modules with ``from wattprint.estimate import x`` or ``from wattprint.estimate.x import
y``; ``import wattprint.estimate.x as x`` looks ``estimate`` up on this package and so
finds the function, not the subpackage.
"""

from __future__ import annotations

import importlib
import logging
import sys
import types
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


# public functions that share their name with a subpackage: the subpackage must never
# replace the function as an attribute of this package
_SHADOWED = frozenset({"estimate"})


class _Package(types.ModuleType):
    """This package's module type: keeps a public function where the import system would
    put the subpackage of the same name (after ``import wattprint.estimate.x``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            value = getattr(value, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'wattprint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
