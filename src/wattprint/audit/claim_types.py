"""The values a claims file becomes: texts, tolerances, recomputations, claims, the file.

Declared here, read and validated by :mod:`wattprint.audit.claims`, used by the
recomputation, the verdicts and the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wattprint.audit.formula import Formula
from wattprint.audit.inputs import FormulaInput
from wattprint.audit.published import Published
from wattprint.errors import ClaimsError


@dataclass(frozen=True)
class Text:
    """A text in English and/or Chinese."""

    en: str = ""
    zh: str = ""

    def pick(self, lang: str) -> str:
        """The text in ``lang``, else in the other language."""
        first, second = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return first or second


@dataclass(frozen=True)
class Tolerance:
    """How far a recomputation may be from the published value and still hold."""

    written: str
    relative: float | None = None
    factor: float | None = None

    def widen(self, low: float, high: float) -> tuple[float, float]:
        """The recomputed span widened by the tolerance."""
        if self.factor is not None:
            return low / self.factor, high * self.factor
        rel = self.relative or 0.0
        return low * (1 - rel) if low >= 0 else low * (1 + rel), high * (1 + rel)


@dataclass(frozen=True)
class ScenarioRecompute:
    """Recompute from an output of a scenario's estimate."""

    scenario: Path
    output: str
    percentile: str | None = None
    show: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormulaRecompute:
    """Recompute from a formula over named inputs; the result is in ``unit``."""

    formula: Formula
    inputs: tuple[FormulaInput, ...]
    unit: str
    unit_factor: float
    percentile: str | None = None


@dataclass(frozen=True)
class Claim:
    """One claim: as published, how to recompute it, how close it must be."""

    id: str
    text: Text
    published: Published
    recompute: ScenarioRecompute | FormulaRecompute
    tolerance: Tolerance
    reading: Text = field(default_factory=Text)
    explain: Text = field(default_factory=Text)
    where: str = "claims[0]"


@dataclass(frozen=True)
class ClaimsFile:
    """A validated claims file, with its line map for errors found while auditing."""

    path: Path
    title: Text
    source: str
    claims: tuple[Claim, ...]
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def error(self, message: str, where: str, **details: Any) -> ClaimsError:
        """A ClaimsError located at field path ``where`` of this file."""
        return ClaimsError(
            message, path=str(self.path), line=self.line(where), field=where, **details
        )

    def line(self, where: str) -> int | None:
        """The line of a field path, or of its nearest parent."""
        while where:
            if where in self.lines:
                return self.lines[where]
            cut = max(where.rfind("."), where.rfind("["))
            if cut <= 0:
                return None
            where = where[:cut]
        return None
