"""Checking records before they are written, so a bad row fails loudly and alone.

Numbers must be finite (SQLite would turn NaN into NULL without a word); ``None`` is how
a producer says "unknown".
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from wattprint.errors import StoreError
from wattprint.store.records import PhaseRow, RunInfo, SampleRow, SampleTuple, StepRow


def check_info(info: RunInfo, kinds: Sequence[str]) -> None:
    """Raise StoreError unless ``info`` can start a run."""
    if not isinstance(info.name, str) or not info.name.strip():
        raise StoreError(f"RunInfo.name must be a non-empty string; got {info.name!r}")
    if info.kind not in kinds:
        raise StoreError(f"RunInfo.kind must be one of {', '.join(kinds)}; got {info.kind!r}")
    _finite("RunInfo.started_at", info.started_at)
    if isinstance(info.pid, bool) or not isinstance(info.pid, int):
        raise StoreError(f"RunInfo.pid must be an int; got {info.pid!r}")
    for key, value in info.tags.items():
        if not isinstance(key, str) or not key or "=" in key or not isinstance(value, str):
            raise StoreError(
                f"RunInfo.tags must map non-empty keys without '=' to strings; "
                f"got {key!r}: {value!r}"
            )


def check_samples(rows: Sequence[SampleTuple]) -> None:
    """Raise StoreError naming the first invalid sample row (``(t, device, power_w,
    energy_j, method)``)."""
    isfinite = math.isfinite
    for i, (t, device, power_w, energy_j, method) in enumerate(rows):
        ok = (
            isinstance(t, (int, float))
            and isfinite(t)
            and isinstance(device, str)
            and bool(device)
            and isinstance(method, str)
            and (power_w is None or isfinite(power_w))
            and (energy_j is None or isfinite(energy_j))
        )
        if not ok:
            raise StoreError(
                f"sample row {i} is invalid: {SampleRow(t, device, power_w, energy_j, method)!r}; "
                "expected finite t, power_w and energy_j (None for unknown), a non-empty "
                "device and a method string"
            )


def check_steps(rows: Sequence[StepRow]) -> None:
    """Raise StoreError naming the first invalid step row."""
    for i, r in enumerate(rows):
        ok = (
            isinstance(r.t, (int, float))
            and math.isfinite(r.t)
            and _is_int(r.step)
            and (r.tokens is None or _is_int(r.tokens))
            and (r.samples is None or _is_int(r.samples))
            and (r.phase is None or isinstance(r.phase, str))
        )
        if not ok:
            raise StoreError(
                f"step row {i} is invalid: {r!r}; expected finite t, integer step, tokens "
                "and samples (None for unknown) and a phase string or None"
            )


def check_phase(row: PhaseRow) -> None:
    """Raise StoreError unless the phase row can be stored."""
    if not isinstance(row.name, str) or not row.name:
        raise StoreError(f"phase name must be a non-empty string; got {row.name!r}")
    _finite("PhaseRow.start_t", row.start_t)
    if row.end_t is not None:
        _finite("PhaseRow.end_t", row.end_t)
    if row.energy_j is not None:
        _finite("PhaseRow.energy_j", row.energy_j)


def to_json(value: Any, what: str) -> str:
    """JSON text of ``value``; StoreError naming ``what`` when it cannot be encoded."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=False)
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"{what} cannot be stored as JSON: {exc}; use str, int, float (finite), bool, "
            "None, lists and dicts with string keys"
        ) from None


def _finite(what: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise StoreError(f"{what} must be a finite number; got {value!r}")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
