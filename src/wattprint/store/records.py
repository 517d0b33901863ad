"""The records the run store keeps: what a producer writes and what a reader gets back.

Plain frozen dataclasses with units in their field names. The store knows records, not
sensors or scenarios: a sensor is a ``device`` name and a ``method`` label here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

RUN_KINDS = ("measurement", "estimate")
RUN_STATUSES = ("running", "complete", "incomplete", "failed")
FINISHED_STATUSES = ("complete", "incomplete", "failed")

SampleTuple = tuple[float, str, "float | None", "float | None", str]
"""A :class:`SampleRow` as a plain tuple, in its field order: what a producer's flush
hands to the spool writer (no record objects on that hot path)."""


@dataclass(frozen=True)
class RunInfo:
    """What a producer knows when a run starts.

    Attributes:
        name: Human name of the run (``"llama-finetune"``).
        kind: ``"measurement"`` or ``"estimate"``.
        started_at: Start time, unix seconds.
        host: Host name the run started on.
        pid: Process id of the producer writing the run (used to tell a dead run).
        region: Grid region, when known.
        facility: Facility (PUE/WUE profile), when known.
        tags: Free ``key -> value`` labels, filterable with ``RunFilter(tag="k=v")``.
        command: The command line being measured, when there is one.
        node_key: Host + job id; several ranks of one node share it so the node is
            counted once.
    """

    name: str
    kind: str
    started_at: float
    host: str
    pid: int
    region: str | None = None
    facility: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    command: Sequence[str] | None = None
    node_key: str | None = None


@dataclass(frozen=True)
class SampleRow:
    """One sensor reading.

    Attributes:
        t: Time of the reading, unix seconds.
        device: Device name (``"gpu0"``, ``"cpu-package0"``, ``"dram0"``, ``"cpu-model"``).
        power_w: Power at ``t`` in watts, when the sensor gives one.
        energy_j: Energy since the run started in joules (cumulative), when known.
        method: How the value was obtained (``"counter"``, ``"model"``, ...).
    """

    t: float
    device: str
    power_w: float | None
    energy_j: float | None
    method: str

    def as_tuple(self) -> SampleTuple:
        """The row as ``(t, device, power_w, energy_j, method)``."""
        return (self.t, self.device, self.power_w, self.energy_j, self.method)


@dataclass(frozen=True)
class StepRow:
    """One training or inference step reported by the work being measured.

    Attributes:
        t: Time the step ended, unix seconds.
        step: Step number as the work counts it.
        tokens: Tokens processed in the step, when known.
        samples: Examples processed in the step, when known.
        phase: Name of the phase the step belongs to, when known.
    """

    t: float
    step: int
    tokens: int | None
    samples: int | None
    phase: str | None


@dataclass(frozen=True)
class PhaseRow:
    """A named stretch of a run (``"train"``, ``"eval"``).

    Attributes:
        name: Phase name.
        start_t: Start, unix seconds. ``(name, start_t)`` identifies the phase in a run.
        end_t: End, unix seconds; ``None`` while the phase is open.
        energy_j: Energy used during the phase in joules, when known.
    """

    name: str
    start_t: float
    end_t: float | None
    energy_j: float | None


@dataclass(frozen=True)
class RunRecord:
    """A stored run as a reader sees it.

    ``status`` is derived at read time: a ``"running"`` run whose producer stopped
    flushing and whose process is gone reads as ``"incomplete"``.

    Attributes:
        id: Run id (time-ordered hex; any unique prefix finds it).
        name: Human name of the run.
        kind: ``"measurement"`` or ``"estimate"``.
        status: ``"running"``, ``"complete"``, ``"incomplete"`` or ``"failed"``.
        started_at: Start, unix seconds.
        ended_at: End, unix seconds; ``None`` until finished.
        last_flush_at: Last heartbeat, unix seconds; ``None`` before the first.
        host: Host name.
        pid: Producer process id.
        region: Grid region, when known.
        facility: Facility, when known.
        tags: ``key -> value`` labels.
        command: Command line measured, when there is one.
        exit_code: Exit code of the measured command, when there is one.
        totals: Totals written by the producer at the end (free-form, units in keys).
        footprint_json: Stored footprint as JSON text; read :attr:`footprint` instead.
        sensors: One dict per sensor (``method``, ``reason``, ...), as the producer wrote.
        sample_count: Number of stored samples.
        step_count: Number of stored steps.
        node_key: Host + job id shared by the ranks of one node, when known.
    """

    id: str
    name: str
    kind: str
    status: str
    started_at: float
    ended_at: float | None
    last_flush_at: float | None
    host: str
    pid: int
    region: str | None
    facility: str | None
    tags: dict[str, str]
    command: list[str] | None
    exit_code: int | None
    totals: dict[str, Any]
    footprint_json: str | None
    sensors: list[dict[str, Any]]
    sample_count: int
    step_count: int
    node_key: str | None = None

    @cached_property
    def footprint(self) -> dict[str, Any] | None:
        """Stored footprint (the chain's JSON form), when computed.

        Parsed on first use, so listing thousands of runs does not parse thousands of
        footprints nobody reads.
        """
        if self.footprint_json is None:
            return None
        value: dict[str, Any] = json.loads(self.footprint_json)
        return value

    def to_dict(self, *, footprint: bool = True) -> dict[str, Any]:
        """JSON-ready form (what ``wattprint runs show --json`` prints).

        Args:
            footprint: Include the parsed footprint (``False`` keeps listings light).
        """
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "footprint_json"}
        data["duration_s"] = self.duration_s
        if footprint:
            data["footprint"] = self.footprint
        return data

    @property
    def duration_s(self) -> float | None:
        """Seconds from start to end (or to the last flush while running)."""
        end = self.ended_at if self.ended_at is not None else self.last_flush_at
        return None if end is None else max(0.0, end - self.started_at)
