"""The ``wattprint`` command: a thin translator from arguments to library calls.

Each command group lives in its own module with a ``register(app)`` function. Library
errors (:class:`~wattprint.errors.WattprintError`) become one clean message and exit
code 2; anything else is a bug and keeps its traceback (shown with ``--debug``).
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from wattprint.cli.errors import run_app

app = typer.Typer(
    name="wattprint",
    help="What AI work costs in electricity, heat, water and carbon (measured or estimated).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from wattprint._version import __version__

        typer.echo(f"wattprint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """What AI work costs in electricity, heat, water and carbon (measured or estimated)."""


# One line per command module; each defines register(app).
COMMAND_MODULES = (
    "wattprint.cli.estimate_cmd",
    "wattprint.cli.data_cmd",
    "wattprint.cli.demo_cmd",
    "wattprint.cli.report_cmd",
    "wattprint.cli.serve_cmd",
    "wattprint.cli.runs_cmd",
    "wattprint.cli.check_cmd",
    "wattprint.cli.run_cmd",
    "wattprint.cli.exporter_cmd",
    "wattprint.cli.jobs_cmd",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    return run_app(app, sys.argv[1:] if argv is None else argv)
