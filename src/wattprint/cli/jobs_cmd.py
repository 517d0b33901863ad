"""``wattprint jobs list|show``: jobs across nodes, each summed once over its nodes.

The sums and warnings are :mod:`wattprint.measure.jobs`; this prints them. ``--db`` takes
an SQLite file or a ``postgresql://`` URL (the store all nodes write to).
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wattprint.errors import StoreError
from wattprint.quantity.display import amount, si, when

if TYPE_CHECKING:
    from wattprint.measure.jobs import JobView
    from wattprint.store import RunStore

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Run store: a file or postgresql://user@host/db (default: $WATTPRINT_DB)."
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
LABELS = {
    "it_energy": "IT energy",
    "facility_energy": "Facility energy",
    "carbon_operational": "Carbon, operational",
    "water_onsite": "Water, on-site",
    "water_offsite": "Water, off-site",
}


def register(app: typer.Typer) -> None:
    """Add the ``jobs`` command group."""
    jobs = typer.Typer(help="Jobs across nodes: totals once per node.", no_args_is_help=True)
    jobs.command("list")(list_jobs)
    jobs.command("show")(show_job)
    app.add_typer(jobs, name="jobs")


def _open(db: str | None) -> RunStore:
    from wattprint.measure.recovery import recovered
    from wattprint.store import RunStore
    from wattprint.store.connection import default_location
    from wattprint.store.location import shown_location, store_exists

    path = db if db is not None else default_location()
    if not store_exists(path):
        raise StoreError(
            f"no run store at {shown_location(path)}; point --db or WATTPRINT_DB at the store "
            "the nodes write to"
        )
    return recovered(RunStore(path))


def list_jobs(db: DbOption = None, json_out: Json = False) -> None:
    """List jobs, newest first: nodes seen vs expected, runs, status."""
    from wattprint.measure.jobs import list_jobs as jobs_in

    with _open(db) as store:
        jobs = jobs_in(store)
    if json_out:
        typer.echo(json.dumps([dataclasses.asdict(j) for j in jobs], indent=2))
        return
    if not jobs:
        typer.echo("No jobs in the store (runs carry a job id under SLURM, torchrun, PBS, LSF).")
        return
    typer.echo(f"{'job':<24} {'nodes':>11} {'runs':>6}  {'status':<10} started")
    for j in jobs:
        nodes = f"{j.nodes_seen}/{j.nodes_expected}" if j.nodes_expected else str(j.nodes_seen)
        typer.echo(f"{j.job_id:<24} {nodes:>11} {j.runs:>6}  {j.status:<10} {when(j.started_at)}")


def show_job(
    job_id: Annotated[str, typer.Argument(help="The job id (SLURM_JOB_ID, ...).")],
    db: DbOption = None,
    json_out: Json = False,
) -> None:
    """A job's energy, carbon and water summed over its nodes, with a row per node."""
    from wattprint.measure.jobs import job_runs, job_view

    with _open(db) as store:
        runs = job_runs(store, job_id)
        if not runs:
            raise StoreError(
                f"no runs of job {job_id!r} in {store.location}; see: wattprint jobs list"
            )
        view = job_view(runs, job_id, stale_after_s=store.stale_after_s)
    if json_out:
        typer.echo(json.dumps(_as_json(view), indent=2))
        return
    _print(view)


def _as_json(view: JobView) -> dict[str, Any]:
    data = dataclasses.asdict(view)
    data["nodes_seen"] = view.nodes_seen
    return data


def _print(view: JobView) -> None:
    expected = "unknown" if view.nodes_expected is None else str(view.nodes_expected)
    typer.echo(f"Job {view.job_id}: {view.nodes_seen} nodes seen, {expected} expected, "
               f"{view.runs} runs")  # fmt: skip
    typer.echo(f"  Measured energy (sensors, all nodes): {si(view.measured_j, 'J')}")
    for name, label in LABELS.items():
        if name in view.outputs_p50:
            unit = view.units[name]
            typer.echo(f"  {label} (sum of p50s): {amount(view.outputs_p50[name], unit)}")
    typer.echo("")
    typer.echo(
        f"  {'node':<20} {'runs':>4}  {'status':<10} {'measured':>12}  IT energy p50 [p5-p95]"
    )
    for node in view.nodes:
        band = ""
        if "it_energy" in node.outputs:
            p5, p50, p95 = node.outputs["it_energy"]
            unit = node.units["it_energy"]
            band = amount(p50, unit)
            if p5 is not None and p95 is not None:
                band += f" [{amount(p5, unit)}-{amount(p95, unit)}]"
        status = node.status + (" (silent)" if node.stale else "")
        typer.echo(f"  {node.host:<20} {node.runs:>4}  {status:<10} "
                   f"{si(node.measured_j, 'J'):>12}  {band}")  # fmt: skip
    for line in view.warnings:
        typer.echo(f"  ! {line}")
