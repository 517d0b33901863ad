"""``wattprint demo``: the main job on the embedded defaults, for a fresh machine."""

from __future__ import annotations

from typing import Annotated

import typer

from wattprint.cli.options import Lang, lang_option


def register(app: typer.Typer) -> None:
    """Add the ``demo`` command."""
    app.command()(demo)


def demo(
    lang: Lang = lang_option,
    track_seconds: Annotated[
        float, typer.Option(help="Seconds of real work to track (0 skips the tracking part).")
    ] = 10.0,
) -> None:
    """Estimate the seed article's GPT-4 run, then measure a small real workload."""
    from rich.console import Console

    from wattprint.estimate import estimate
    from wattprint.examples import example_path
    from wattprint.report.text import print_footprint

    console = Console()
    path = example_path("gpt4-press")
    console.rule(f"[bold]1. Estimate: {path.name}")
    footprint = estimate(path)
    print_footprint(footprint, lang=lang.value, console=console)
