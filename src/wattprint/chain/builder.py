"""The one builder of chain inputs, filled by both producers, that assembles the Footprint.

The estimate producer fills it from a scenario (``estimate/model.py``), the measure
producer from a measured run (``measure/footprint.py``); both take catalog figures from
:mod:`wattprint.catalog.resolve` through it, so a figure is sampled, cited and counted as
a driver of the spread the same way whichever producer asked for it. Each value that is
uncertain (a 1-D array of Monte Carlo samples) is kept under a label a person would look
for, for the driver ranking; each catalog row or constant used is cited once.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wattprint.catalog.resolve import Resolved, chain_constants, constant_value
from wattprint.chain.result import Footprint, Kind, summarise
from wattprint.chain.run import run_chain
from wattprint.chain.state import Basis, Output, Value
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.uncertain import Samples, Uncertain


class InputBuilder:
    """Chain inputs for one footprint, with their samples, sources and notes.

    Attributes:
        n: Monte Carlo draws per uncertain input.
        seed: Seed of the draws (each input also seeds by its label).
        inputs: Chain inputs by raw name (``pue``, ``accelerator_energy_kwh`` ...).
        uncertain: Sample arrays by label, for the drivers of each output's spread.
        sources: Catalog rows and constants used, each once.
        assumptions: What was assumed where nothing was given.
        warnings: What a reader should know before trusting the figures.
        basis: Outputs the producer measured (``{"accelerator_energy": "measured"}``).
    """

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.seed = seed
        self.inputs: dict[str, Value] = {}
        self.uncertain: dict[str, Samples] = {}
        self.sources: list[SourceRef] = []
        self.assumptions: list[str] = []
        self.warnings: list[str] = []
        self.basis: dict[str, Basis] = {}

    def sample(self, label: str, value: Uncertain) -> Value:
        """Draw samples of ``value`` (seeded by ``label``); uncertain ones become drivers."""
        drawn = value.sample(self.n, self.seed, label)
        if np.ndim(drawn) == 1:
            self.uncertain[label] = np.asarray(drawn)
        return drawn

    def put(self, name: str, value: Value) -> None:
        """Set input ``name``; an array of samples is also a driver under that name."""
        self.inputs[name] = value
        if np.ndim(value) == 1:
            self.uncertain[name] = np.asarray(value, dtype=np.float64)

    def resolved(self, label: str, item: Resolved) -> Value:
        """Sample a catalog-resolved value under ``label`` and cite its source."""
        if item.source is not None:
            self.cite(item.source)
        return self.sample(label, item.value)

    def cite(self, ref: SourceRef) -> None:
        """Record a source; a row already cited for the same use is not cited twice."""
        if all((ref.ref, ref.used_for) != (s.ref, s.used_for) for s in self.sources):
            self.sources.append(ref)

    def constant(self, name: str, used_for: str) -> float:
        """A catalog constant's value (in the unit its name carries), cited."""
        value, ref = constant_value(name, used_for)
        self.cite(ref)
        return value

    def chain_constants(self) -> None:
        """Add the constants every footprint uses (heat equivalents, comparisons)."""
        values, refs = chain_constants()
        self.inputs.update(values)
        for ref in refs:
            self.cite(ref)

    def footprint(
        self,
        name: str,
        kind: Kind,
        scenario: dict[str, Any],
        outputs: dict[str, Output] | None = None,
    ) -> Footprint:
        """Summarise the chain's outputs (run over the inputs unless given) as the result."""
        if outputs is None:
            outputs = run_chain(self.inputs, basis=self.basis)
        return Footprint(
            name=name,
            kind=kind,
            outputs=summarise(outputs, self.uncertain),
            scenario=scenario,
            sources=tuple(self.sources),
            assumptions=tuple(self.assumptions),
            warnings=tuple(self.warnings),
            samples=self.n,
            seed=self.seed,
        )
