"""What a report is about: a stored run, a scenario file or a claims file.

``wattprint report TARGET`` takes any of the three; :func:`load_input` tells them apart
(an existing file with a top-level ``claims:`` is a claims file, any other file a
scenario, anything else a run id) and gathers what the report shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wattprint.chain.result import Footprint
from wattprint.documents import parse_yaml, read_text
from wattprint.errors import InputError
from wattprint.measure.recovery import recover_dead
from wattprint.quantity.display import duration, number, when
from wattprint.quantity.words import word
from wattprint.report.requests_block import load_request_summary, request_count, request_facts
from wattprint.store import PhaseRow, RunRecord, RunStore, SampleRow, StepRow

DEFAULT_MAX_POINTS = 2000
"""Samples kept per device for a power chart (the store downsamples, min and max kept)."""


@dataclass(frozen=True)
class RunData:
    """A stored run with its (downsampled) samples, steps and phases."""

    record: RunRecord
    samples: tuple[SampleRow, ...]
    steps: tuple[StepRow, ...]
    phases: tuple[PhaseRow, ...]
    max_points: int = DEFAULT_MAX_POINTS
    requests: Mapping[str, Any] | None = None
    """The summary of the requests the run marked (``store.requests.request_summary``)."""

    @property
    def footprint(self) -> Footprint | None:
        """The run's stored footprint, when one was computed."""
        fp = self.record.footprint
        return None if fp is None else Footprint.from_dict(fp)

    @property
    def projection(self) -> Mapping[str, Any] | None:
        """The projection the producer stored with the run's totals, when there is one."""
        value = self.record.totals.get("projection")
        return value if isinstance(value, Mapping) else None

    def projection_facts(self, lang: str = "en") -> list[tuple[str, str]]:
        """The projection's plain values (``total_steps``, ``energy_p50_j`` ...), as stored."""
        items = (self.projection or {}).items()
        return [(str(k), str(v) if isinstance(v, str) else number(v, lang))
                for k, v in items if isinstance(v, (int, float, str))]  # fmt: skip

    def request_count(self, lang: str = "en") -> str:
        """How many requests the run marked, as text (empty without requests)."""
        return "" if self.requests is None else request_count(self.requests, lang)

    def request_facts(self, lang: str = "en") -> list[tuple[str, str]]:
        """Energy per request and per output token, as label/value pairs."""
        return [] if self.requests is None else request_facts(self.requests, lang)


@dataclass(frozen=True)
class ReportInput:
    """The subject of a report: exactly one of footprint (+ run) or audit is set."""

    kind: str
    title: str
    footprint: Footprint | None = None
    run: RunData | None = None
    audit: Mapping[str, Any] | None = None


def run_facts(record: RunRecord, lang: str = "en") -> list[tuple[str, str]]:
    """Label/value pairs describing a run, for a definition list."""
    facts = [
        ("ID", record.id),
        (word("status", lang), word(f"status_{record.status}", lang)),
        (word("host", lang), record.host),
        (word("started", lang), when(record.started_at)),
        (word("ended", lang), when(record.ended_at)),
        (word("duration", lang), duration(record.duration_s, lang)),
        (word("samples", lang), f"{record.sample_count:,}"),
        (word("step_count", lang), f"{record.step_count:,}"),
    ]
    if record.tags:
        facts.append((word("tags", lang), ", ".join(f"{k}={v}" for k, v in record.tags.items())))
    if record.command:
        facts.append((word("command", lang), " ".join(record.command)))
    if record.sensors:
        methods = [
            f"{s.get('name', s.get('device', '?'))}: {s.get('method', '?')}" for s in record.sensors
        ]
        facts.append((word("sensors", lang), ", ".join(methods)))
    return facts


def load_run(store: RunStore, run_id: str, max_points: int = DEFAULT_MAX_POINTS) -> RunData:
    """A run with its samples downsampled to ``max_points`` per device.

    Raises:
        StoreError: No run (or several) match ``run_id``.
    """
    record = store.get_run(run_id)
    return RunData(
        record=record,
        samples=tuple(store.samples(record.id, max_points=max_points)),
        steps=tuple(store.steps(record.id)),
        phases=tuple(store.phases(record.id)),
        max_points=max_points,
        requests=load_request_summary(store, record.id),
    )


def is_claims_file(path: Path) -> bool:
    """True when ``path`` is YAML whose top level is a mapping with a ``claims`` key."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:  # the bounded reader: a hostile file is left to the scenario reader's message
        data, _ = parse_yaml(read_text(path, InputError, ""), str(path), InputError, "", "")
    except InputError:
        return False
    return "claims" in data


def load_input(
    target: str, *, db: Path | None = None, samples: int = 10_000, seed: int = 0
) -> ReportInput:
    """Load the subject of a report from a run id, a scenario file or a claims file.

    Args:
        target: A file path (scenario or claims) or a run id (or unique id prefix).
        db: Run store for a run id (``None``: the default store).
        samples: Monte Carlo draws for a scenario.
        seed: Random seed for a scenario.

    Raises:
        InputError: A malformed scenario or claims file.
        StoreError: ``target`` is neither a file nor a stored run.
    """
    path = Path(target)
    if path.is_file():
        if is_claims_file(path):
            from wattprint.report.audit_view import run_audit

            report = run_audit(path)
            return ReportInput("audit", str(report.get("title") or path.stem), audit=report)
        from wattprint.estimate import estimate

        fp = estimate(path, samples=samples, seed=seed)
        return ReportInput("estimate", fp.name, footprint=fp)
    if path.suffix.lower() in (".yaml", ".yml", ".toml", ".json") or "/" in target:
        raise InputError(
            "no such file", got=target, expected="a scenario or claims file, or a run id"
        )
    with RunStore(db) as store:
        recover_dead(store)  # finish runs whose producer died (measure.recovery)
        run = load_run(store, target)
    return ReportInput(run.record.kind, run.record.name, footprint=run.footprint, run=run)
