"""``wattprint estimate FILE``: a scenario's footprint as a table or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wattprint.cli.options import Lang, lang_option


def register(app: typer.Typer) -> None:
    """Add the ``estimate`` command."""
    app.command()(estimate)


def estimate(
    file: Annotated[Path, typer.Argument(help="Scenario file (YAML, or TOML by suffix).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON result.")] = False,
    lang: Lang = lang_option,
    samples: Annotated[
        int, typer.Option(min=1, max=10_000_000, help="Monte Carlo draws.")
    ] = 10_000,
    seed: Annotated[
        int, typer.Option(min=0, max=2**63 - 1, help="Random seed (results are reproducible).")
    ] = 0,
    sources: Annotated[bool, typer.Option(help="List the sources after the table.")] = True,
    sites: Annotated[
        int | None,
        typer.Option(
            min=1, max=1_000_000, help="Split the cluster evenly over N sites (per-site MW)."
        ),
    ] = None,
) -> None:
    """Estimate the electricity, heat, water and carbon of the work a scenario describes."""
    from wattprint.estimate import estimate as run_estimate
    from wattprint.estimate import load_scenario
    from wattprint.estimate.extras import with_sites

    scenario = load_scenario(file)
    if sites is not None:
        scenario = with_sites(scenario, sites)
    footprint = run_estimate(scenario, samples=samples, seed=seed)
    if json_out:
        typer.echo(footprint.to_json())
        return
    from wattprint.report.text import print_footprint

    print_footprint(footprint, lang=lang.value, sources=sources)
