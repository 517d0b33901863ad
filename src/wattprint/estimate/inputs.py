"""Collecting chain inputs from a scenario: user values first, sourced defaults second.

:class:`InputCollector` is the chain's one :class:`~wattprint.chain.builder.InputBuilder`
with the scenario beside it. Every value taken records where it came from (a
:class:`SourceRef` for defaults and catalog rows) and, when uncertain, its samples under
the field path a person would look for (``hardware.power``), so the result can name the
drivers of its spread.
"""

from __future__ import annotations

from wattprint.catalog.resolve import default_value
from wattprint.chain.builder import InputBuilder
from wattprint.chain.state import Value
from wattprint.estimate.scenario import Scenario


class InputCollector(InputBuilder):
    """Samples inputs for one estimate and remembers their provenance."""

    def __init__(self, scenario: Scenario, n: int, seed: int) -> None:
        super().__init__(n, seed)
        self.scenario = scenario
        # the boundary of a measured energy the scenario gives (inference.energy_boundary)
        self.measured_boundary: str | None = None

    def given_or_default(self, path: str, default: str, dimension: str) -> Value:
        """The scenario's value at ``path`` if given, else the named sourced default."""
        if path in self.scenario.values:
            return self.sample(path, self.scenario.values[path])
        item = default_value(default, path, dimension)
        shown = item.source.value_text if item.source else item.value.text
        self.assumptions.append(f"{path} not given: default {default} = {shown}")
        return self.resolved(f"{path} (default)", item)

    def given(self, path: str) -> Value:
        """A value the scenario gives (the caller checked it is there)."""
        return self.sample(path, self.scenario.values[path])
