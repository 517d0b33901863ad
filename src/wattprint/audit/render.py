"""An audit as plain text, in English or Chinese: every claim, its recomputation, the verdict."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from wattprint.audit.claims import Claim
from wattprint.audit.explain import explanation, fmt, human, in_unit
from wattprint.audit.recompute import ContextValue
from wattprint.audit.run import AuditReport, ClaimResult
from wattprint.quantity.display import joined, unit_name
from wattprint.quantity.words import word

# render's row names -> keys of the words table (one word per concept on every face)
ROWS = {
    "claim": "claim",
    "published": "audit_published",
    "as_read": "audit_as_read",
    "recomputed": "recomputed",
    "how": "audit_how",
    "context": "audit_context",
    "verdict": "verdict",
    "reading": "audit_reading",
    "why": "audit_why",
    "sources": "sources",
}


def _h(key: str, lang: str) -> str:
    return word(ROWS.get(key, key), lang)


def _verdict(verdict: str, lang: str) -> str:
    return word(f"verdict_{verdict}", lang)


def render_text(report: AuditReport, lang: str = "en") -> str:
    """The whole audit as text (ends with a newline)."""
    f = report.claims_file
    lines = [f"{_h('audit_page', lang)}: {f.title.pick(lang)}"]
    if f.source:
        lines.append(f.source)
    lines.append(
        f"{f.path.name} · {len(report.results)} {_h('claims_count', lang)} · "
        f"{_h('draws', lang)} {report.samples}, seed {report.seed}"
    )
    for i, result in enumerate(report.results, start=1):
        lines.append("")
        lines.extend(_claim_lines(i, result, lang))
    counts = report.summary()
    summary = " · ".join(f"{_verdict(v, lang)} {n}" for v, n in counts.items())
    lines += ["", f"{_h('summary', lang)}: {summary}"]
    return "\n".join(lines) + "\n"


def render_brief(report: AuditReport, lang: str = "en", width: int = 80) -> str:
    """The audit's short answer: the title, the verdict counts, one line per claim
    (verdict, id, published figure and the recomputed median), and where the rest is."""
    f = report.claims_file
    counts = report.summary()
    summary = " · ".join(f"{_verdict(v, lang)} {n}" for v, n in counts.items())
    lines = [
        _cut(f"{_h('audit_page', lang)}: {f.title.pick(lang)}", width),
        f"{len(report.results)} {_h('claims_count', lang)} · {summary}",
    ]
    for i, result in enumerate(report.results, start=1):
        verdict = _verdict(result.judgement.verdict, lang)
        rec = in_unit(result.recomputed.p50, result.claim.published, lang)
        text = (
            f"[{i:>2}] {verdict}: {result.claim.id} · {result.claim.published.as_written} → {rec}"
        )
        lines.append(_cut(text, width))
    lines.append(word("more_check", lang))
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    return text if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"


def _claim_lines(index: int, result: ClaimResult, lang: str) -> list[str]:
    claim, rec = result.claim, result.recomputed
    verdict = _verdict(result.judgement.verdict, lang)
    out = [f"[{index}] {claim.id}: {verdict.upper() if lang == 'en' else verdict}"]

    def row(key: str, text: str) -> None:
        if text and lang == "zh":
            out.append(f"    {_h(key, lang)}:{text}")
        elif text:
            out.append(f"    {_h(key, lang) + ':':<12} {text}")

    row("claim", claim.text.pick(lang))
    # a vague claim has no published figure: the number is our reading of it
    row("as_read" if claim.reading.pick(lang) else "published", _published(claim, lang))
    row("recomputed", _recomputed(result, lang))
    row("how", rec.how.pick(lang))
    for value in rec.context:
        row("context", _context(value, lang))
    row("verdict", explanation(result.claim, result.recomputed, result.judgement, lang))
    row("reading", claim.reading.pick(lang))
    row("why", claim.explain.pick(lang))
    for ref in rec.sources:
        note = f" [{ref.note}]" if ref.note else ""
        row("sources", f"{ref.ref}: {ref.value_text} — {ref.source} ({ref.year}){note}")
    return out


def _published(claim: Claim, lang: str) -> str:
    pub = claim.published
    unit = "" if pub.base_unit == "1" else unit_name(pub.base_unit, lang)
    low, high = fmt(pub.low, lang), fmt(pub.high, lang)
    base = low if pub.low == pub.high else f"{low} – {high}"
    kind = f"; {word('bound_' + pub.kind, lang)})" if pub.kind != "point" else ")"
    return f"{pub.as_written} (= {joined(base, unit)}{kind}"


def _recomputed(result: ClaimResult, lang: str) -> str:
    rec, pub = result.recomputed, result.claim.published
    chosen = result.claim.recompute.percentile
    if rec.p5 == rec.p95:
        text = in_unit(rec.p50, pub, lang)
    else:
        shown = (in_unit(v, pub, lang) for v in (rec.p5, rec.p50, rec.p95))
        text = "p5 / p50 / p95 = " + " / ".join(shown)
    extra = human(rec.p50, pub.dimension, lang)
    if extra and extra not in text and not extra.endswith(pub.unit.strip() or "\0"):
        text += f" (≈ {extra})" if rec.p5 == rec.p95 else f" (p50 ≈ {extra})"
    if chosen:
        text += "; " + (f"按 {chosen} 比较" if lang == "zh" else f"judged at {chosen}")
    return text


def _context(value: ContextValue, lang: str) -> str:
    dimension = {"kWh": "energy", "L": "volume", "m3": "volume"}.get(value.unit, "")
    scale = 1e3 if value.unit == "m3" else 1.0
    parts = []
    for v in (value.p5, value.p50, value.p95):
        gap = "" if value.unit in ("%", "×") else " "
        shown = (
            human(v * scale, dimension, lang) if dimension else f"{fmt(v, lang)}{gap}{value.unit}"
        )
        parts.append(shown)
    return f"{value.output} = " + " / ".join(parts)
