"""``wattprint serve``: the local dashboard over the run store (FastAPI + uvicorn).

Bound to loopback by default; any other address needs ``--allow-remote`` and prints a
warning, since the dashboard has no login.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from wattprint.cli.extras import require_web
from wattprint.errors import InputError

LOOPBACK_NAMES = ("localhost",)


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command."""
    app.command()(serve)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8787,
    db: Annotated[Path | None, typer.Option("--db", help="Run store (default: yours).")] = None,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Allow binding a non-loopback address.")
    ] = False,
) -> None:
    """Serve the dashboard: runs, live power, comparisons, scenarios and claims audits."""
    if not is_loopback(host):
        if not allow_remote:
            raise InputError(
                "refusing to bind a non-loopback address",
                got=host,
                expected="127.0.0.1, ::1 or localhost",
                hint="The dashboard has no login; pass --allow-remote to bind it anyway.",
            )
        typer.secho(
            f"warning: serving on {host}:{port}; anyone who can reach it sees your runs "
            "(there is no login)",
            fg=typer.colors.YELLOW,
            err=True,
        )
    require_web("the dashboard")
    import uvicorn

    from wattprint.store import default_db_path
    from wattprint.web import create_app
    from wattprint.web.app import LOOPBACK_HOSTS

    path = db or default_db_path()
    typer.echo(f"wattprint dashboard on http://{host}:{port}/  (runs: {path}; Ctrl+C stops)")
    hosts = None if allow_remote else LOOPBACK_HOSTS
    uvicorn.run(create_app(path, hosts=hosts), host=host, port=port, log_level="warning")
