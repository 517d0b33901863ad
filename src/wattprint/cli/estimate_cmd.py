"""``wattprint estimate FILE``: a scenario's footprint as a table or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from wattprint.cli.options import Lang, lang_option, scenario_file

if TYPE_CHECKING:
    from wattprint.chain.result import Footprint


def register(app: typer.Typer) -> None:
    """Add the ``estimate`` command."""
    app.command()(estimate)


def estimate(
    file: Annotated[
        Path,
        typer.Argument(
            help="Scenario file (YAML, or TOML by suffix), or a bundled example by name "
            "(gpt4-press)."
        ),
    ],
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON result.")] = False,
    lang: Lang = lang_option,
    samples: Annotated[
        int, typer.Option(min=1, max=10_000_000, help="Monte Carlo draws.")
    ] = 10_000,
    seed: Annotated[
        int, typer.Option(min=0, max=2**63 - 1, help="Random seed (results are reproducible).")
    ] = 0,
    full: Annotated[
        bool, typer.Option("--full", help="Every output, the physics panel, assumptions.")
    ] = False,
    sources: Annotated[
        bool, typer.Option("--sources", help="The citations of every figure used.")
    ] = False,
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

    scenario = load_scenario(scenario_file(file))
    if sites is not None:
        scenario = with_sites(scenario, sites)
    footprint = run_estimate(scenario, samples=samples, seed=seed)
    if json_out:
        typer.echo(footprint.to_json())
        return
    show_footprint(footprint, lang.value, full=full, sources=sources)


def show_footprint(
    footprint: Footprint, lang: str, *, full: bool, sources: bool, console: Console | None = None
) -> None:
    """The short answer (default), every output (``full``), the citations (``sources``)."""
    from wattprint.quantity.words import word
    from wattprint.report.brief import brief, print_brief
    from wattprint.report.text import print_footprint, print_sources

    console = console or Console()
    if full:
        print_footprint(footprint, lang=lang, console=console, sources=sources)
        return
    print_brief(brief(footprint, lang), lang, console)
    if sources:
        print_sources(footprint, lang, console)
    console.print(word("more_line", lang), markup=False, highlight=False, style="dim")
