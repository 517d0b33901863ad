"""The one result type, for measured and estimated work alike: :class:`Footprint`.

Its JSON form is a documented, versioned schema (``docs/schema.md``)::

    {"schema_version": "1.2", "kind": "estimate" | "measurement", "name": ...,
     "scenario": {...}, "samples": N, "seed": S,
     "outputs": {NAME: {"p5", "p50", "p95", "unit", "basis", "drivers": [...]}},
     "sources": [{"ref", "used_for", "value", "source", "year", "note"}],
     "assumptions": [...], "warnings": [...]}
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

import wattprint.chain.brief as brief
from wattprint._version import __version__
from wattprint.chain.state import Output
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.summary import Driver, RankBasis, describe, ranks
from wattprint.quantity.uncertain import Samples

SCHEMA_VERSION = "1.2"
Kind = Literal["estimate", "measurement"]


def round_sig(value: float, digits: int = 6) -> float:
    """Round to significant digits, so JSON is stable across platforms' last bits."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


@dataclass(frozen=True)
class OutputSummary:
    """p5 / p50 / p95 of one output, its unit, basis and strongest drivers."""

    p5: float
    p50: float
    p95: float
    unit: str
    basis: str = "modelled"
    drivers: tuple[Driver, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "p5": round_sig(self.p5),
            "p50": round_sig(self.p50),
            "p95": round_sig(self.p95),
            "unit": self.unit,
            "basis": self.basis,
            "drivers": [
                {"input": d.input, "rank_correlation": d.rank_correlation} for d in self.drivers
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OutputSummary:
        """Inverse of :meth:`to_dict`."""
        return cls(
            p5=float(data["p5"]),
            p50=float(data["p50"]),
            p95=float(data["p95"]),
            unit=str(data["unit"]),
            basis=str(data.get("basis", "modelled")),
            drivers=tuple(
                Driver(str(d["input"]), float(d["rank_correlation"]))
                for d in data.get("drivers", ())
            ),
        )


@dataclass(frozen=True)
class Footprint:
    """Electricity, heat, water and carbon of a piece of work, each as p5/p50/p95."""

    name: str
    kind: Kind
    outputs: dict[str, OutputSummary]
    scenario: dict[str, Any] = field(default_factory=dict)
    sources: tuple[SourceRef, ...] = ()
    assumptions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    samples: int = 0
    seed: int = 0

    def __getitem__(self, name: str) -> OutputSummary:
        return self.outputs[name]

    def __repr__(self) -> str:
        """One line: name, kind and the headline p50s with units."""
        return brief.one_line(self.name, self.kind, self.outputs)

    def __str__(self) -> str:
        """A compact table of the headline outputs (p5 / p50 / p95)."""
        return brief.table(self.name, self.kind, self.outputs)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form (schema_version 1.2; docs/schema.md lists the changes)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "wattprint_version": __version__,
            "kind": self.kind,
            "name": self.name,
            "scenario": self.scenario,
            "samples": self.samples,
            "seed": self.seed,
            "outputs": {k: v.to_dict() for k, v in self.outputs.items()},
            "sources": [s.to_dict() for s in self.sources],
            "assumptions": list(self.assumptions),
            "warnings": list(self.warnings),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """JSON text of :meth:`to_dict`."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Footprint:
        """Rebuild a Footprint from its JSON form."""
        return cls(
            name=str(data.get("name", "")),
            kind=data.get("kind", "estimate"),
            outputs={k: OutputSummary.from_dict(v) for k, v in data["outputs"].items()},
            scenario=dict(data.get("scenario", {})),
            sources=tuple(
                SourceRef(
                    ref=s["ref"],
                    used_for=s["used_for"],
                    value_text=s["value"],
                    source=s["source"],
                    year=s["year"],
                    note=s.get("note", ""),
                )
                for s in data.get("sources", ())
            ),
            assumptions=tuple(data.get("assumptions", ())),
            warnings=tuple(data.get("warnings", ())),
            samples=int(data.get("samples", 0)),
            seed=int(data.get("seed", 0)),
        )


def summarise(
    outputs: Mapping[str, Output],
    uncertain_inputs: Mapping[str, Samples],
) -> dict[str, OutputSummary]:
    """Summarise chain outputs, naming the uncertain inputs that drive each one's spread."""
    input_ranks = {
        name: ranks(np.asarray(v, dtype=np.float64))
        for name, v in uncertain_inputs.items()
        if np.ndim(v) == 1
    }
    basis = RankBasis.of(input_ranks)
    summary: dict[str, OutputSummary] = {}
    for name, out in outputs.items():
        (p5, p50, p95), found = describe(out.samples, basis)
        summary[name] = OutputSummary(p5, p50, p95, out.unit, out.basis, tuple(found))
    return summary
