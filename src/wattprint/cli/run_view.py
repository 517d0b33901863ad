"""The short answer of a measured run, as ``wattprint run`` and ``runs show`` print it.

A measured run leads with what was measured: how long it ran, its energy (the
footprint's headline, with its band), its average power and energy per step / token,
and which sensors the figures came from (a power sensor, or a model of CPU time). The
producer's totals give the facts; words and numbers come from the words table and
:mod:`wattprint.quantity.display`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console

from wattprint.quantity.display import amount, band, duration, number
from wattprint.quantity.words import word


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def work_line(totals: Mapping[str, Any], lang: str) -> str:
    """``average power 1.3 W · 0.77 J per step · 12 mJ per token`` (what is known)."""
    parts = []
    energy_j, seconds = _number(totals.get("energy_j")), _number(totals.get("duration_s"))
    if energy_j is not None and seconds:
        parts.append(word("average_power", lang, value=amount(energy_j / seconds, "W", lang, 2)))
    for key, words_key in (("energy_per_step_j", "per_step"), ("energy_per_token_j", "per_token")):
        value = _number(totals.get(key))
        if value:
            parts.append(word(words_key, lang, value=amount(value, "J", lang, 2)))
    return " · ".join(parts)


def sensors_line(sensors: Sequence[Mapping[str, Any]], lang: str) -> str:
    """``Sensors: nvml (sensor), rapl (sensor)`` or the note that energy is modelled."""
    active = [s for s in sensors if s.get("status", "active") == "active" and s.get("method")]
    measured = [s for s in active if s.get("method") != "model"]
    if not measured:
        return word("sensors_line", lang, names=word("sensor_model_note", lang))
    names = ", ".join(f"{s.get('name', '?')} ({s.get('method')})" for s in active)
    return word("sensors_line", lang, names=names)


def fact_lines(
    name: str,
    totals: Mapping[str, Any],
    sensors: Sequence[Mapping[str, Any]],
    status: tuple[str, int | None],
    run_id: str | None,
    lang: str,
) -> list[str]:
    """The run line (name, duration, exit code, status, id), the work line (average
    power, energy per step / token) and the sensors line, in ``lang``."""
    values = {
        "name": name,
        "duration": duration(_number(totals.get("duration_s")), lang),
        "code": "—" if status[1] is None else status[1],
        "status": word(f"status_{status[0]}", lang),
    }
    first = word("run_line", lang, id=run_id, **values) if run_id else None
    lines = [first or word("run_not_stored", lang, **values)]
    work = work_line(totals, lang)
    projected = projection_line(totals, lang)
    extra = [line for line in (work, projected) if line]
    return [*lines, *extra, sensors_line(sensors, lang)]


def projection_line(totals: Mapping[str, Any], lang: str) -> str:
    """``Projected to 20,000 steps: 410 J (p5–p95 ...), about 2 min`` when one is stored
    (``totals["projection"]``, the form :meth:`Projection.to_dict` gives), else ``""``."""
    projection = totals.get("projection")
    if not isinstance(projection, Mapping):
        return ""
    p5, p50, p95, steps, seconds = (
        _number(projection.get(k))
        for k in ("energy_p5_j", "energy_p50_j", "energy_p95_j", "total_steps", "duration_p50_s")
    )
    if p5 is None or p50 is None or p95 is None or steps is None:
        return ""
    energy, spread = band(p5, p50, p95, "J", lang)
    return word(
        "projection_line",
        lang,
        steps=number(steps, lang),
        energy=energy,
        band=spread,
        duration=duration(seconds, lang),
    )


def print_more(console: Console, run_id: str | None, lang: str) -> None:
    """The one line naming where the detail is."""
    text = word("more_runs", lang, id=run_id) if run_id else word("more_line", lang)
    console.print(text, markup=False, highlight=False, style="dim")
