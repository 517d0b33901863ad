"""Runs as the dashboard lists and sends them: rows for tables, dicts for the JSON API.

Nothing is computed here: a row shows the run's stored values and the medians its stored
footprint holds, in a display unit.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from wattprint.chain.result import Footprint
from wattprint.errors import StoreError
from wattprint.quantity.display import duration, when
from wattprint.report.view import headline_text, headlines, stored_footprint
from wattprint.store import RunFilter, RunRecord, RunStore
from wattprint.web.errors import WebError
from wattprint.web.inputs import check_tag, parse_when


@dataclass(frozen=True)
class RunRow:
    """One line of the runs table."""

    id: str
    name: str
    kind: str
    status: str
    started: str
    duration: str
    energy: str
    carbon: str
    tags: dict[str, str]
    samples: int


def footprint_of(record: RunRecord) -> Footprint | None:
    """The run's stored footprint, or ``None`` (none stored, or not in the known shape)."""
    return stored_footprint(record.footprint)


def run_row(record: RunRecord, lang: str = "en") -> RunRow:
    """A table row for a run."""
    fp = footprint_of(record)
    return RunRow(
        id=record.id,
        name=record.name,
        kind=record.kind,
        status=record.status,
        started=when(record.started_at),
        duration=duration(record.duration_s, lang),
        energy=headline_text(fp, "energy", lang),
        carbon=headline_text(fp, "carbon", lang),
        tags=record.tags,
        samples=record.sample_count,
    )


def run_summary(record: RunRecord) -> dict[str, Any]:
    """The JSON of a run in a listing: its fields without footprint, totals or sensors."""
    headline = headlines(footprint_of(record))
    return {
        "id": record.id,
        "name": record.name,
        "kind": record.kind,
        "status": record.status,
        "started_at": record.started_at,
        "ended_at": record.ended_at,
        "duration_s": record.duration_s,
        "host": record.host,
        "tags": record.tags,
        "sample_count": record.sample_count,
        "step_count": record.step_count,
        "headline": headline,
    }


def run_detail(record: RunRecord) -> dict[str, Any]:
    """The JSON of one run: every stored field, its footprint as stored."""
    return {
        **run_summary(record),
        "last_flush_at": record.last_flush_at,
        "pid": record.pid,
        "region": record.region,
        "facility": record.facility,
        "command": record.command,
        "exit_code": record.exit_code,
        "totals": record.totals,
        "footprint": record.footprint,
        "sensors": record.sensors,
    }


def get_run(store: RunStore, run_id: str) -> RunRecord:
    """The run with this id (or unique prefix); 404 when none or several match."""
    try:
        return store.get_run(run_id)
    except StoreError as exc:
        detail = str(exc).replace(store.location, "the run store")
        raise WebError(404, detail, "run_id") from None


class RunQuery(BaseModel):
    """Filters, order and page of a runs listing (query parameters of ``/`` and ``/api/runs``).

    Dates are ``YYYY-MM-DD`` (``until`` includes that day) or unix seconds.
    """

    name: str | None = Field(
        default=None, max_length=200, description="Exact name or glob (llama-*)."
    )
    since: str | None = Field(default=None, max_length=40, description="Started on or after.")
    until: str | None = Field(default=None, max_length=40, description="Started on or before.")
    tag: str | None = Field(default=None, max_length=200, description="key or key=value.")
    status: Literal["running", "complete", "incomplete", "failed"] | None = None
    sort: Literal[
        "started_at", "ended_at", "name", "status", "sample_count", "step_count", "energy", "carbon"
    ] = "started_at"
    order: Literal["asc", "desc"] = "desc"
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=1_000_000_000)
    lang: Literal["en", "zh"] = "en"

    @field_validator("name", "since", "until", "tag", "status", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        """An empty form field means no filter."""
        return None if isinstance(value, str) and not value.strip() else value

    def url(self, **changes: Any) -> str:
        """``/?...`` for this query with some fields changed (defaults left out)."""
        values = {**self.model_dump(), **changes}
        defaults = RunQuery().model_dump()
        kept = {k: v for k, v in values.items() if v is not None and v != defaults[k]}
        return "/" + ("?" + urllib.parse.urlencode(kept) if kept else "")

    def sort_url(self, column: str) -> str:
        """The URL sorting by ``column``; the current column's link flips the order."""
        flip = {"asc": "desc", "desc": "asc"}[self.order] if column == self.sort else "desc"
        return self.url(sort=column, order=flip, offset=0)

    def runs_filter(self) -> RunFilter:
        """The filter for ``RunStore.list_runs`` / ``count_runs``."""
        return RunFilter(
            name=self.name or None,
            since=parse_when(self.since, "since"),
            until=parse_when(self.until, "until", end_of_day=True),
            tag=check_tag(self.tag),
            status=self.status,
        )


def find_runs(store: RunStore, query: RunQuery) -> tuple[list[RunRecord], int]:
    """One page of runs matching ``query`` and the number of all that match."""
    runs_filter = query.runs_filter()
    records = store.list_runs(
        runs_filter,
        order_by=query.sort,
        descending=query.order == "desc",
        limit=query.limit,
        offset=query.offset,
    )
    return records, store.count_runs(runs_filter)


def filtered_totals(store: RunStore, query: RunQuery, lang: str) -> dict[str, str]:
    """The headline energy and carbon summed over every run the filter matches (all pages),
    as text: sums of the runs' medians, the runs without a footprint left out."""
    from wattprint.quantity.display import amount
    from wattprint.report.view import headline, stored_footprint

    sums: dict[str, float] = {}
    units: dict[str, str] = {}
    for record in store.list_runs(query.runs_filter(), limit=None):
        fp = stored_footprint(record.footprint)
        for role in ("energy", "carbon"):
            name = None if fp is None else headline(fp, role)
            if fp is not None and name is not None:
                sums[role] = sums.get(role, 0.0) + fp[name].p50
                units[role] = fp[name].unit
    return {role: amount(value, units[role], lang, 2) for role, value in sums.items()}
