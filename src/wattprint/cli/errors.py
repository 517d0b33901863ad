"""Turning library errors into messages and exit codes: the CLI's one translation point."""

from __future__ import annotations

import sys

import typer

from wattprint.errors import WattprintError

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def run_app(app: typer.Typer, argv: list[str]) -> int:
    """Run the typer app; WattprintError -> message on stderr and exit 2.

    Usage errors from the argument parser (an unknown option, a bad choice) also exit 2
    with the parser's own message. ``--debug`` anywhere re-raises library errors with
    their traceback.
    """
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
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        print("wattprint: aborted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        # click's (or typer's vendored click's) usage errors know how to show themselves
        show = getattr(exc, "show", None)
        if show is None or not hasattr(exc, "exit_code"):
            raise
        show()
        return EXIT_USAGE
    return int(result) if isinstance(result, int) else 0
