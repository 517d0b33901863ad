"""What each figure rests on, said honestly: "measured" only for figures from power sensors.

A measured run whose energy came from no power sensor (a laptop, a VM, a container:
only the CPU-time and memory models) is *modelled*, and the statement says which model;
a run with an NVIDIA, AMD or RAPL sensor is *measured* by that sensor for the parts it
covers (accelerators, hosts), modelled for the rest. Estimates are modelled from their
scenario. Markdown and HTML both ask here, in English and Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wattprint.chain.outputs import find
from wattprint.quantity.words import word
from wattprint.report.inputs import ReportInput

MODEL = "model"


def active(sensors: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Sensors that produced readings (status active, a method)."""
    return [s for s in sensors if s.get("status", "active") == "active" and s.get("method")]


def split(sensors: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """Names of the measuring sensors and of the models among ``sensors``."""
    used = active(sensors)
    measuring = [str(s.get("name")) for s in used if s.get("method") != MODEL]
    models = [str(s.get("name")) for s in used if s.get("method") == MODEL]
    return measuring, models


def sensors_of(data: ReportInput) -> Sequence[Mapping[str, Any]]:
    """The run's sensors (none for an estimate)."""
    return () if data.run is None else data.run.record.sensors


def is_measured(data: ReportInput) -> bool:
    """True when at least one power sensor gave readings (not only models); a run that
    recorded no sensor list (an import, an old store) keeps what its footprint says."""
    measuring, models = split(sensors_of(data))
    return bool(measuring) or not models


def basis_text(data: ReportInput, name: str, basis: str, lang: str) -> str:
    """``measured (nvml)``, ``modelled (cpu-model, memory-model)`` or ``modelled (scenario)``
    for output ``name`` whose chain basis is ``basis``."""
    if data.run is None:
        return word("basis_scenario", lang)
    measuring, models = split(sensors_of(data))
    if not measuring and not models:  # no sensor list recorded: the chain's word
        return word(basis, lang)
    row = find(name)
    on_accelerators = row is not None and row.boundary == "accelerator"
    if basis == "measured" and measuring:
        return word("basis_measured_by", lang, sensors=", ".join(measuring))
    if models and not on_accelerators:
        return word("basis_modelled_by", lang, models=", ".join(models))
    return word("basis_modelled_factors", lang)


def badge(data: ReportInput, lang: str) -> str:
    """The kind badge: 'measured' only with a power sensor, else 'modelled (no sensor)'."""
    if data.kind == "audit":
        return word("audit_kind", lang)
    if data.run is not None and not is_measured(data):
        return word("modelled_run", lang)
    return word(data.kind, lang)
