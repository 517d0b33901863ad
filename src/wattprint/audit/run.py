"""Auditing a claims file: recompute every claim, judge it, explain it in English and Chinese.

:func:`audit_file` is the one entry point; :class:`AuditReport` is its result, with a
documented JSON form (``docs/claims.md``)::

    {"schema": "wattprint.audit/1", "file", "title", "title_zh", "source",
     "samples", "seed", "summary": {"holds": n, "off": n, "unit_slip": n, "off_by_orders": n},
     "claims": [{"id", "text": {en, zh}, "published": {...}, "recomputed": {...},
                 "tolerance", "verdict", "factor", "power_of_ten",
                 "explanation": {en, zh}, "reading": {en, zh}, "explain": {en, zh},
                 "context": [...], "sources": [...]}]}
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wattprint.audit.claims import Claim, ClaimsFile, load_claims
from wattprint.audit.explain import explanation
from wattprint.audit.recompute import Estimates, Recomputed, recompute
from wattprint.audit.verdict import VERDICTS, Judgement, judge
from wattprint.chain.result import round_sig

SCHEMA = "wattprint.audit/1"
DEFAULT_SAMPLES = 10_000


@dataclass(frozen=True)
class ClaimResult:
    """One audited claim: the claim, its recomputation and the verdict."""

    claim: Claim
    recomputed: Recomputed
    judgement: Judgement

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        c, r, j = self.claim, self.recomputed, self.judgement
        pub = c.published
        return {
            "id": c.id,
            "text": {"en": c.text.en, "zh": c.text.zh},
            "published": {
                "as_written": pub.as_written,
                "kind": pub.kind,
                "low": round_sig(pub.low),
                "high": round_sig(pub.high),
                "unit": pub.base_unit,
                "dimension": pub.dimension,
            },
            "recomputed": {
                "how": {"en": r.how.en, "zh": r.how.zh},
                "scenario": r.scenario,
                "percentile": c.recompute.percentile,
                "p5": round_sig(r.p5),
                "p50": round_sig(r.p50),
                "p95": round_sig(r.p95),
                "unit": pub.base_unit,
            },
            "tolerance": c.tolerance.written,
            "verdict": j.verdict,
            "factor": round_sig(j.factor, 4),
            "power_of_ten": j.power_of_ten,
            "explanation": {lang: explanation(c, r, j, lang) for lang in ("en", "zh")},
            "reading": {"en": c.reading.en, "zh": c.reading.zh},
            "explain": {"en": c.explain.en, "zh": c.explain.zh},
            "context": [
                {
                    "output": v.output,
                    "p5": round_sig(v.p5),
                    "p50": round_sig(v.p50),
                    "p95": round_sig(v.p95),
                    "unit": v.unit,
                }
                for v in r.context
            ],
            "sources": [s.to_dict() for s in r.sources],
        }


@dataclass(frozen=True)
class AuditReport:
    """Every claim of a file, audited."""

    claims_file: ClaimsFile
    results: tuple[ClaimResult, ...]
    samples: int = DEFAULT_SAMPLES
    seed: int = 0

    def summary(self) -> dict[str, int]:
        """How many claims got each verdict."""
        return {v: sum(r.judgement.verdict == v for r in self.results) for v in VERDICTS}

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form."""
        f = self.claims_file
        return {
            "schema": SCHEMA,
            "file": f.path.name,
            "title": f.title.pick("en"),
            "title_zh": f.title.pick("zh"),
            "source": f.source,
            "samples": self.samples,
            "seed": self.seed,
            "summary": self.summary(),
            "claims": [r.to_dict() for r in self.results],
        }


def audit_file(path: str | Path, *, samples: int = DEFAULT_SAMPLES, seed: int = 0) -> AuditReport:
    """Load, recompute and judge every claim of a claims file.

    Raises ClaimsError (located: file, line, field) when the file is malformed, and
    ScenarioError when a scenario it names is.
    """
    claims_file = load_claims(path)
    estimates = Estimates(samples, seed)
    results = []
    for claim in claims_file.claims:
        recomputed = recompute(claim, claims_file, estimates)
        low, high = recomputed.span(claim.recompute.percentile)
        results.append(
            ClaimResult(claim, recomputed, judge(claim.published, low, high, claim.tolerance))
        )
    return AuditReport(claims_file, tuple(results), samples, seed)
