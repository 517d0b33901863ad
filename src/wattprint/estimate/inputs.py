"""Collecting chain inputs from a scenario: user values first, sourced defaults second.

Every value taken records where it came from (a :class:`SourceRef` for defaults and
catalog rows) and, when uncertain, its samples under the field path a person would look
for (``hardware.power``), so the result can name the drivers of its spread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wattprint.catalog.resolve import Resolved, default_value
from wattprint.chain.state import Value
from wattprint.estimate.scenario import Scenario
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.uncertain import Samples, Uncertain


@dataclass
class InputCollector:
    """Samples inputs for one estimate and remembers their provenance."""

    scenario: Scenario
    n: int
    seed: int
    inputs: dict[str, Value] = field(default_factory=dict)
    uncertain: dict[str, Samples] = field(default_factory=dict)
    sources: list[SourceRef] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def sample(self, label: str, value: Uncertain) -> Value:
        """Draw samples of ``value``; uncertain ones are kept for the driver ranking."""
        drawn = value.sample(self.n, self.seed, label)
        if np.ndim(drawn) == 1:
            self.uncertain[label] = np.asarray(drawn)
        return drawn

    def resolved(self, label: str, item: Resolved) -> Value:
        """Sample a catalog-resolved value and cite its source."""
        if item.source is not None and item.source not in self.sources:
            self.sources.append(item.source)
        return self.sample(label, item.value)

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

    def cite(self, ref: SourceRef) -> None:
        """Record a source used without an uncertain value (a catalog row, a constant)."""
        if ref not in self.sources:
            self.sources.append(ref)
