"""The measured-requests block of a run's report and dashboard page (issue 12).

A run that marked the requests it served (``run.request(...)``) shows how many, the energy
per request and per output token, and the rule by which the tracker shared the measured
energy among them. The rows are read through ``wattprint.store.requests``; the labels are
the ``requests_*`` words of ``quantity/words.py``, the numbers formatted by
``quantity/display.py``. The HTML partial is ``templates/requests_section.html.j2``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wattprint.quantity.display import number, si
from wattprint.quantity.words import word
from wattprint.store import RunStore
from wattprint.store.requests import read_requests, request_summary


def load_request_summary(store: RunStore, run_id: str) -> dict[str, Any] | None:
    """The run's request summary, or ``None`` when it marked no requests."""
    return request_summary(read_requests(store, run_id))


def request_count(summary: Mapping[str, Any], lang: str = "en") -> str:
    """``1,234 requests`` / ``1,234 次请求``."""
    sep = "" if lang == "zh" else " "
    return f"{number(summary['count'], lang)}{sep}{word('requests_count', lang)}"


def request_facts(summary: Mapping[str, Any], lang: str = "en") -> list[tuple[str, str]]:
    """Label/value pairs: energy per request and, when tokens were counted, per output token."""
    facts = [(word("requests_per_request", lang), si(summary["energy_per_request_j"], "J", lang))]
    per_token = summary.get("energy_per_output_token_j")
    if per_token is not None:
        facts.append((word("requests_per_output_token", lang), si(per_token, "J", lang)))
    return facts


def requests_markdown(summary: Mapping[str, Any] | None, lang: str = "en") -> list[str]:
    """Markdown lines of the block (none for a run without requests)."""
    if summary is None:
        return []
    values = "; ".join(f"{k} {v}" for k, v in request_facts(summary, lang))
    return [
        f"*{word('requests_requests', lang)}*",
        "",
        f"- {request_count(summary, lang)}; {values}",
        f"- {word('requests_rule', lang)}",
    ]
