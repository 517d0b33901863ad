"""An accelerator row as scenario inputs: its citation, TDP and peak FLOP/s."""

from __future__ import annotations

from wattprint.catalog.rows import Accelerator
from wattprint.errors import ScenarioError
from wattprint.estimate.inputs import InputCollector
from wattprint.quantity.provenance import SourceRef


def accelerator_ref(acc: Accelerator, used_for: str = "hardware.accelerator") -> SourceRef:
    """The citation for an accelerator row."""
    tdp = f"TDP {acc.tdp_w:g} W" if acc.tdp_w is not None else "no sourced TDP"
    shown = f"{acc.name}: {tdp}, " + ", ".join(
        f"{p} {v:g} TFLOPS" for p, v in acc.peak_tflops.items()
    )
    return SourceRef(f"accelerators:{acc.id}", used_for, shown, acc.source, acc.year)


def peak_flops(c: InputCollector, acc: Accelerator) -> float:
    """Dense peak FLOP/s at the scenario's precision (default bf16)."""
    precision = c.scenario.texts.get("hardware.precision", "bf16")
    peak = acc.peak_flops(precision)
    if peak is None:
        known = ", ".join(acc.peak_tflops) or "none"
        raise ScenarioError(
            f"{acc.id} has no {precision} peak in the catalog",
            field="hardware.precision",
            got=precision,
            expected=f"one of: {known}",
        )
    return peak


def tdp_w(acc: Accelerator) -> float:
    """The row's TDP, or an error saying to give hardware.power."""
    if acc.tdp_w is None:
        raise ScenarioError(
            f"the catalog has no sourced TDP for {acc.id}",
            field="hardware.power",
            expected="hardware.power given in the scenario, e.g. '200 W'",
            hint=f"see `wattprint data accelerators {acc.id}` for what is known",
        )
    return acc.tdp_w
