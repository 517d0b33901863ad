"""The end of a measured training: one printed line and the model-card file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from wattprint.chain.result import Footprint
from wattprint.measure import RunResult
from wattprint.quantity.units import G_PER_KG, J_PER_KWH
from wattprint.report.model_card import footprint_facts, render_facts


def closing_line(result: RunResult, footprint: Footprint, card_path: Path | None) -> str:
    """``wattprint: NAME 0.0123 kWh (0.0119-0.0131) in 42 s, 290 W avg, ...`` in one line."""
    low_j, high_j = result.energy_bounds_j
    parts = [
        f"wattprint: {result.name} {_sig(result.energy_j / J_PER_KWH)} kWh "
        f"({_sig(low_j / J_PER_KWH)}-{_sig(high_j / J_PER_KWH)}) in {result.duration_s:.0f} s"
    ]
    if result.duration_s > 0:
        parts.append(f"{_sig(result.energy_j / result.duration_s)} W avg")
    work = result.work
    if work.energy_per_step_j is not None:
        parts.append(f"{_sig(work.energy_per_step_j)} J/step over {work.step_count} steps")
    if work.energy_per_token_j is not None:
        parts.append(f"{_sig(work.energy_per_token_j)} J/token")
    carbon = footprint.outputs.get("carbon_operational")
    if carbon is not None and carbon.unit == "kg CO2e":
        parts.append(f"{_sig(carbon.p50 * G_PER_KG)} g CO2e (p50, operational)")
    where = f"run {result.run_id}" if result.run_id else "not stored"
    if card_path is not None:
        where += f", model card block in {card_path}"
    return ", ".join(parts) + f"; {where}"


def write_model_card(path: Path, footprint: Footprint, tags: Mapping[str, str], lang: str) -> Path:
    """Write the Hub's ``co2_eq_emissions`` block and a paragraph to ``path``."""
    text = render_facts(footprint_facts(footprint, tags), lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _sig(value: float) -> str:
    return f"{value:.3g}"
