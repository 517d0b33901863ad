"""What ``runs show`` adds for a run's phases and the requests it served."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console

from wattprint.quantity.words import word

if TYPE_CHECKING:
    from wattprint.store import RunStore


def _w(key: str, lang: str) -> str:
    return word(f"requests_{key}", lang)


def run_extras(store: RunStore, run_id: str) -> dict[str, Any]:
    """Phases and requests of a run, JSON-able."""
    from wattprint.store.requests import read_requests, request_summary

    rows = read_requests(store, run_id)
    return {
        "phases": [vars(p) for p in store.phases(run_id)],
        "requests": {"summary": request_summary(rows), "rows": [vars(r) for r in rows]},
    }


def print_requests(console: Console, extras: dict[str, Any], lang: str) -> None:
    """One line: how many requests, energy per request and per output token."""
    summary = extras["requests"]["summary"]
    if summary is None:
        return
    console.print(f"[bold]{_w('requests', lang)}[/bold]")
    line = (
        f"  {summary['count']:,} {_w('count', lang)}; {_w('per_request', lang)} "
        f"{summary['energy_per_request_j']:.4g} J"
    )
    if summary["energy_per_output_token_j"] is not None:
        line += f"; {_w('per_output_token', lang)} {summary['energy_per_output_token_j']:.4g} J"
    console.print(line, markup=False, highlight=False)
    console.print(f"  ({_w('rule', lang)})", markup=False, highlight=False)
