"""``wattprint check FILE``: audit the claims in a claims file (exit 0 whatever the verdicts)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Annotated

import typer

from wattprint.cli.options import Lang, lang_option, scenario_file


def register(app: typer.Typer) -> None:
    """Add the ``check`` command."""
    app.command()(check)


def check(
    file: Annotated[
        Path,
        typer.Argument(
            help="Claims file (YAML; see docs/claims.md), or a bundled one by name "
            "(seed-article-claims)."
        ),
    ],
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON result.")] = False,
    lang: Lang = lang_option,
    samples: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="Monte Carlo draws per recomputation.")
    ] = 10_000,
    seed: Annotated[
        int, typer.Option(min=0, max=2**63 - 1, help="Random seed (results are reproducible).")
    ] = 0,
    full: Annotated[
        bool, typer.Option("--full", help="Every claim with its reasoning and sources.")
    ] = False,
) -> None:
    """Recompute each published figure in a claims file: holds, off by ×N, or wrong unit."""
    from wattprint.audit import audit_file, render_text
    from wattprint.audit.render import render_brief

    report = audit_file(scenario_file(file), samples=samples, seed=seed)
    if json_out:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, allow_nan=False))
        return
    if full:
        typer.echo(render_text(report, lang.value), nl=False)
        return
    width = min(shutil.get_terminal_size().columns, 100)
    typer.echo(render_brief(report, lang.value, width), nl=False)
