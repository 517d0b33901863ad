"""Turning library errors into messages and exit codes: the CLI's one translation point."""

from __future__ import annotations

import sys

import click
import typer

from wattprint.errors import WattprintError

EXIT_USAGE = 2


def run_app(app: typer.Typer, argv: list[str]) -> int:
    """Run the typer app; WattprintError -> message on stderr and exit 2."""
    debug = "--debug" in argv
    args = [a for a in argv if a != "--debug"]
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="wattprint", standalone_mode=False)
    except WattprintError as exc:
        if debug:
            raise
        print(f"wattprint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except click.exceptions.Abort:
        print("wattprint: aborted", file=sys.stderr)
        return 130
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    return int(result) if isinstance(result, int) else 0
