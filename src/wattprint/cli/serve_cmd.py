"""``wattprint serve``: the local dashboard over the run store (FastAPI + uvicorn).

Bound to loopback by default. Any other address needs ``--allow-remote`` and an access
token (``--token`` or ``--token-file``): every request must then carry it (the printed URL
does, once; the browser keeps it in a cookie), and the ``Host`` check stays on for the
loopback names, the bound address and each ``--public-name``.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from wattprint.cli.extras import require_web
from wattprint.errors import InputError

LOOPBACK_NAMES = ("localhost",)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
UNSPECIFIED = ("0.0.0.0", "::", "[::]")
MIN_TOKEN_CHARS = 16


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
    token: Annotated[
        str | None, typer.Option(help="Access token every request must carry (remote only).")
    ] = None,
    token_file: Annotated[
        Path | None, typer.Option(help="Read the access token from this file's first line.")
    ] = None,
    public_name: Annotated[
        list[str] | None,
        typer.Option(help="A host name clients use to reach the dashboard (repeatable)."),
    ] = None,
) -> None:
    """Serve the dashboard: runs, live power, comparisons, scenarios and claims audits."""
    secret = _token(token, token_file)
    hosts: tuple[str, ...] | None = None
    if not is_loopback(host):
        hosts = _remote_hosts(host, allow_remote, secret, public_name or [])
    elif secret is not None:
        hosts = (*LOOPBACK_HOSTS, *(public_name or []))
    require_web("the dashboard")
    import uvicorn

    from wattprint.store import default_db_path
    from wattprint.web import create_app

    path = db or default_db_path()
    shown = host if hosts is None or host in hosts else hosts[-1]
    query = "" if secret is None else "?token=" + secret
    typer.echo(
        f"wattprint dashboard on http://{shown}:{port}/{query}  (runs: {path}; Ctrl+C stops)"
    )
    app = create_app(path, hosts=hosts or LOOPBACK_HOSTS, token=secret)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _token(token: str | None, token_file: Path | None) -> str | None:
    """The access token from ``--token`` or ``--token-file`` (at least 16 characters)."""
    if token is not None and token_file is not None:
        raise InputError("give --token or --token-file, not both")
    if token_file is not None:
        from wattprint.documents import Limits, read_text

        text = read_text(token_file, InputError, "write the token into a file", Limits(4096))
        token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if token is not None and (len(token) < MIN_TOKEN_CHARS or not token.isascii()):
        raise InputError(
            "access token too short or not ASCII",
            got=f"{len(token)} characters",
            expected=f"at least {MIN_TOKEN_CHARS} ASCII characters",
            hint="make one with: python3 -c 'import secrets; print(secrets.token_urlsafe())'",
        )
    return token


def _remote_hosts(
    host: str, allow_remote: bool, token: str | None, names: list[str]
) -> tuple[str, ...]:
    """The host names a remote dashboard answers to; refuse without the flag or a token."""
    if not allow_remote:
        raise InputError(
            "refusing to bind a non-loopback address",
            got=host,
            expected="127.0.0.1, ::1 or localhost",
            hint="The dashboard is private by default; pass --allow-remote and --token to "
            "bind it anyway.",
        )
    if token is None:
        raise InputError(
            "--allow-remote needs an access token",
            got=host,
            expected="--token TOKEN or --token-file FILE",
            hint="anyone who can reach the address could otherwise see your runs",
        )
    bound = () if host in UNSPECIFIED else (host.lower(),)
    if ":" in host and not host.startswith("["):  # an IPv6 address: Host headers bracket it
        bound = (*bound, f"[{host.lower()}]")
    hosts = (*LOOPBACK_HOSTS, *bound, *(n.lower() for n in names))
    typer.secho(
        f"warning: serving on {host}; answering only requests with the token, for the "
        f"host names {', '.join(hosts)} (add more with --public-name)",
        fg=typer.colors.YELLOW,
        err=True,
    )
    return hosts
