"""``wattprint demo``: the main job on the embedded defaults, for a fresh machine.

1. Estimate the seed article's GPT-4 run from the bundled scenario (packaged data only).
2. Track a short real workload (a small NumPy network trained for a few seconds) with
   :func:`wattprint.track`, which stores the run in the local SQLite run store.
3. Read the stored run back and show it beside the estimate: same result type, same chain.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wattprint.cli.options import Lang, lang_option

if TYPE_CHECKING:
    from rich.console import Console

    from wattprint.chain.result import Footprint


def register(app: typer.Typer) -> None:
    """Add the ``demo`` command."""
    app.command()(demo)


def demo(
    lang: Lang = lang_option,
    track_seconds: Annotated[
        float, typer.Option(min=0, help="Seconds of real work to track (0 skips it).")
    ] = 10.0,
    region: Annotated[str, typer.Option(help="Grid region of this machine.")] = "WORLD",
    db: Annotated[
        Path | None, typer.Option(help="Run store file (default: $WATTPRINT_DB or user data dir).")
    ] = None,
) -> None:
    """Estimate the seed article's GPT-4 run, then measure a small real workload."""
    from rich.console import Console

    from wattprint.estimate import estimate
    from wattprint.examples import example_path
    from wattprint.report.text import print_footprint

    console = Console()
    path = example_path("gpt4-press")
    console.rule(f"[bold]1. Estimate: {path.name}")
    estimated = estimate(path)
    print_footprint(estimated, lang=lang.value, console=console, sources=False)
    if track_seconds <= 0:
        return
    console.rule(f"[bold]2. Measure: a NumPy network trained for {track_seconds:g} s")
    measured, run_id, store_path = _track_workload(track_seconds, region, db, console)
    print_footprint(measured, lang=lang.value, console=console, sources=False)
    console.rule("[bold]3. Side by side (p50), from the run store")
    _side_by_side(console, estimated, measured, lang.value)
    console.print(
        f"stored as run [bold]{run_id}[/bold] in {store_path}\n"
        f"next: wattprint runs show {run_id} · wattprint report {run_id} --html run.html · "
        "wattprint serve · wattprint check examples/seed-article-claims.yaml",
        highlight=False,
    )


def _track_workload(
    seconds: float, region: str, db: Path | None, console: Console
) -> tuple[Footprint, str, Path]:
    from wattprint.chain.result import Footprint
    from wattprint.examples.workload import train_for
    from wattprint.measure import TrackerConfig, track
    from wattprint.store import RunStore, default_db_path

    store_path = db if db is not None else default_db_path()
    config = TrackerConfig.from_env().with_options(
        region=region, db_path=str(store_path), sample_interval_s=1.0
    )
    with track("demo: NumPy MLP", config=config) as run:
        steps, flops = train_for(seconds, run.step)
        run.add_flops(flops)
    console.print(f"{steps} steps, {flops:.3g} FLOPs counted; sensors:", highlight=False)
    for sensor in run.result.sensors:
        how = sensor.get("method") or sensor.get("status", "")
        why = sensor.get("label") or sensor.get("reason", "")
        console.print(f"  - {sensor['name']} ({how}): {why}", markup=False, highlight=False)
    measured = run.footprint()  # made in the background; in the store once it returns
    if run.run_id is None:  # the store could not be opened: show what was measured
        return measured, "(not stored)", store_path
    with RunStore(store_path) as store:
        record = store.get_run(run.run_id)
    stored = Footprint.from_dict(record.footprint) if record.footprint else measured
    return stored, record.id, store_path


def _side_by_side(console: Console, estimated: Footprint, measured: Footprint, lang: str) -> None:
    from rich.table import Table

    from wattprint.chain.outputs import in_chart, label
    from wattprint.quantity.display import display_scale, joined, number

    table = Table()
    table.add_column("")
    table.add_column(estimated.name, justify="right")
    table.add_column(measured.name, justify="right")
    for name in in_chart("demo"):
        cells = []
        for fp in (estimated, measured):
            out = fp.outputs.get(name)
            if out is None:
                cells.append("—")
                continue
            divisor, unit = display_scale(out.unit, out.p50, lang)
            cells.append(f"{joined(number(out.p50 / divisor, lang), unit)} ({out.basis})")
        table.add_row(label(name, lang), *cells)
    console.print(table)
