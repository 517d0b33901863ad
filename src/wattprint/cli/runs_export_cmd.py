"""``wattprint runs export ID``: a run's samples, steps or phases as CSV, or all as JSON.

CSV a spreadsheet opens: one header row, UTC times beside unix seconds, empty cells for
unknown values, and (written to a file) a UTF-8 byte-order mark so that Excel reads
Chinese run names right. Per-step energy is the cumulative energy at each step's end
minus that at the step before, interpolated between the nearest stored readings
(:func:`wattprint.measure.windows.step_energies`): an approximation for steps shorter
than the sampling interval, exact over many steps.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wattprint.cli.runs_cmd import DbOption, IdArgument, open_store
from wattprint.errors import StoreError

if TYPE_CHECKING:
    from wattprint.store import RunRecord, RunStore


class ExportFormat(str, enum.Enum):
    """What ``runs export`` writes."""

    csv = "csv"
    json = "json"


class ExportTable(str, enum.Enum):
    """Which rows a CSV export holds."""

    samples = "samples"
    steps = "steps"
    phases = "phases"


def register(runs: typer.Typer) -> None:
    """Add ``export`` to the ``runs`` group."""
    runs.command("export")(export_run)


def export_run(
    run_id: IdArgument,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv: one table; json: all.")],
    what: Annotated[
        ExportTable, typer.Option("--what", help="The CSV's rows: samples, steps or phases.")
    ] = ExportTable.samples,
    output: Annotated[Path | None, typer.Option(help="File to write (default: stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Export a run's samples, steps (with energy) or phases as CSV, or the whole run (JSON)."""
    with open_store(db) as store:
        record = store.get_run(run_id)
        if fmt is ExportFormat.json:
            text = json.dumps(_everything(store, record), indent=2, ensure_ascii=False) + "\n"
        else:
            header, rows = TABLES[what](store, record)
            text = _csv(header, rows)
    if output is None:
        sys.stdout.write(text)
        return
    encoding = "utf-8-sig" if fmt is ExportFormat.csv else "utf-8"
    try:
        output.write_text(text, encoding=encoding)
    except OSError as exc:
        raise StoreError(f"cannot write {output}: {exc.strerror}; choose another --output") from exc


def _everything(store: RunStore, record: RunRecord) -> dict[str, Any]:
    return {
        "run": record.to_dict(footprint=False),
        "samples": [vars(s) for s in store.samples(record.id)],
        "steps": [vars(s) for s in store.steps(record.id)],
        "phases": [vars(p) for p in store.phases(record.id)],
        "footprint": record.footprint,
    }


Rows = tuple[Sequence[str], Iterable[Sequence[Any]]]


def _samples(store: RunStore, record: RunRecord) -> Rows:
    header = ("t", "time_utc", "device", "power_w", "energy_j", "method")
    rows = [
        (s.t, _utc(s.t), s.device, s.power_w, s.energy_j, s.method)
        for s in store.samples(record.id)
    ]
    return header, rows


def _steps(store: RunStore, record: RunRecord) -> Rows:
    from wattprint.measure.replay import replay_sensors, replay_tracks
    from wattprint.measure.series import energy_at
    from wattprint.measure.windows import step_energies

    steps = store.steps(record.id)
    tracks = replay_tracks(
        replay_sensors(store.samples(record.id), record.sensors, record.started_at)
    )
    ends = [s.t for s in steps]
    energies = step_energies(ends, record.started_at, lambda t: energy_at(tracks, t))
    starts = [record.started_at, *ends[:-1]]
    header = ("step", "t", "time_utc", "duration_s", "energy_j", "tokens", "samples", "phase")
    rows = [
        (s.step, s.t, _utc(s.t), s.t - start, energy if tracks else None, s.tokens, s.samples,
         s.phase)
        for s, start, energy in zip(steps, starts, energies, strict=True)
    ]  # fmt: skip
    return header, rows


def _phases(store: RunStore, record: RunRecord) -> Rows:
    header = ("name", "start_t", "start_utc", "end_t", "duration_s", "energy_j", "power_w")
    rows = []
    for p in store.phases(record.id):
        duration = None if p.end_t is None else p.end_t - p.start_t
        power = p.energy_j / duration if p.energy_j is not None and duration else None
        rows.append((p.name, p.start_t, _utc(p.start_t), p.end_t, duration, p.energy_j, power))
    return header, rows


TABLES = {ExportTable.samples: _samples, ExportTable.steps: _steps, ExportTable.phases: _phases}


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()


def _utc(unix_s: float) -> str:
    return datetime.fromtimestamp(unix_s, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
