"""Claims audits in reports and on the dashboard: running one, and what a page shows of it.

The audit itself is :func:`wattprint.audit.run.audit_file`; this module only calls it and
lays its JSON out (claim, figure as published, recomputation, verdict, explanation).

Text pasted in the browser is audited from a fresh temporary folder holding that text
and copies of the bundled scenarios, and a claim may name only those scenarios, so no
path a request sends ever reaches the file system.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wattprint.errors import ClaimsError, InputError
from wattprint.quantity.display import display_scale, joined, number, power_of_ten, si
from wattprint.quantity.words import WORDS, word

DISPLAY_UNITS = ("kWh", "kg CO2e", "L", "MW")


def run_audit(path: Path) -> dict[str, Any]:
    """Audit a claims file a person named (CLI); its report's JSON form.

    Raises:
        ClaimsError: The file is malformed (located: file, line, field).
    """
    from wattprint.audit.run import audit_file

    return audit_file(path).to_dict()


def _scenario_refs(data: Mapping[str, Any]) -> list[tuple[str, Any]]:
    claims = data.get("claims")
    refs = []
    for i, claim in enumerate(claims if isinstance(claims, list) else []):
        recompute = claim.get("recompute") if isinstance(claim, Mapping) else None
        if isinstance(recompute, Mapping) and "scenario" in recompute:
            refs.append((f"claims[{i}].recompute.scenario", recompute["scenario"]))
    return refs


def audit_yaml_text(
    data: Mapping[str, Any], text: str, scenarios: Mapping[str, str]
) -> dict[str, Any]:
    """Audit claims pasted as text (already parsed to ``data``) against bundled scenarios.

    Args:
        data: The parsed claims file (checked for scenario names before anything runs).
        text: Its YAML text, as typed.
        scenarios: Bundled scenario texts by name (``gpt4-press``).

    Raises:
        ClaimsError: A claim names a scenario that is not bundled, or the file is malformed.
    """
    from wattprint.audit.run import audit_file

    files = {f"{name}.yaml": body for name, body in scenarios.items()}
    for field, ref in _scenario_refs(data):
        if ref not in files:
            raise ClaimsError(
                "a pasted claims file can only use the bundled scenarios",
                field=field, got=ref, expected="one of " + ", ".join(sorted(files)),
            )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="wattprint-audit-") as folder:
        for name, body in files.items():
            (Path(folder) / name).write_text(body, encoding="utf-8")
        claims = Path(folder) / "pasted-claims.yaml"
        claims.write_text(text, encoding="utf-8")
        try:
            report = audit_file(claims).to_dict()
        except InputError as exc:
            raise type(exc)(
                exc.message, line=exc.line, field=exc.field, got=exc.got,
                expected=exc.expected,
                hint=None if exc.hint is None else exc.hint.replace(folder, "the bundled examples"),
            ) from None  # fmt: skip
    report["file"] = "pasted"
    return report


def _pick(value: Any, lang: str) -> str:
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("en") or value.get("zh") or "")
    return "" if value is None else str(value)


def verdict_text(claim: Mapping[str, Any], lang: str) -> str:
    """``holds`` / ``off by ×3.2`` / ``unit slip: within 5% of 10⁶`` (or Chinese)."""
    verdict = str(claim.get("verdict", ""))
    factor = claim.get("factor")
    if verdict == "off":
        shown = number(factor, lang) if isinstance(factor, (int, float)) else "?"
        return word("verdict_off_by", lang, factor=shown)
    if verdict == "off_by_orders" and isinstance(factor, (int, float)):
        return word("verdict_off_by_orders_by", lang, factor=number(factor, lang))
    power = claim.get("power_of_ten")
    if verdict == "unit_slip" and isinstance(power, int):
        return word("verdict_unit_slip_within", lang, power=power_of_ten(abs(power)))
    return verdict_word(verdict, lang)


def verdict_word(verdict: str, lang: str) -> str:
    """The one word for a verdict (``verdict_<key>`` in the words table), else the key."""
    key = f"verdict_{verdict}"
    return word(key, lang) if key in WORDS else verdict


def _recomputed(rec: Mapping[str, Any], lang: str) -> str:
    unit = str(rec.get("unit", ""))
    p5, p50, p95 = (rec.get(k) for k in ("p5", "p50", "p95"))
    numeric = all(isinstance(v, (int, float)) and math.isfinite(v) for v in (p5, p50, p95))
    if numeric and unit in DISPLAY_UNITS:
        divisor, shown = display_scale(unit, float(p50), lang)  # type: ignore[arg-type]
        low, mid, high = (number(float(v) / divisor, lang) for v in (p5, p50, p95))  # type: ignore[arg-type]
        return joined(mid, shown) + ("" if p5 == p95 else f" (p5–p95 {low} – {high})")
    if not numeric:
        return "—"
    text = si(float(p50), unit, lang)  # type: ignore[arg-type]
    if p5 == p95:
        return text
    return text + f" (p5–p95 {si(float(p5), unit, lang)} – {si(float(p95), unit, lang)})"  # type: ignore[arg-type]


def _claim_row(claim: Mapping[str, Any], lang: str) -> dict[str, str]:
    recomputed = _recomputed(claim.get("recomputed") or {}, lang)
    published = claim.get("published") or {}
    return {
        "id": str(claim.get("id", "")),
        "text": _pick(claim.get("text"), lang),
        "stated": str(published.get("as_written", "")),
        "recomputed": recomputed,
        "verdict": verdict_text(claim, lang),
        "verdict_key": str(claim.get("verdict", "")),
        "explanation": _pick(claim.get("explanation"), lang),
    }


def audit_context(report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What a page shows of an audit report: title, verdict counts, one row per claim."""
    title = report.get("title_zh") if lang == "zh" else report.get("title")
    summary = [
        (verdict, verdict_word(verdict, lang), count)
        for verdict, count in (report.get("summary") or {}).items()
        if count
    ]
    return {
        "title": str(title or report.get("title") or ""),
        "summary": summary,
        "claims": [_claim_row(c, lang) for c in report.get("claims", [])],
    }
