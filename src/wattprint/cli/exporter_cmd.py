"""``wattprint exporter``: a node agent serving Prometheus metrics at ``/metrics``.

A translator only: the agent (:mod:`wattprint.measure.exporter`) reads the sensors, the
collector (:mod:`wattprint.integrations.prometheus`) names the metrics, and
``prometheus_client`` (extra ``wattprint[prometheus]``) serves them.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wattprint.errors import InputError

if TYPE_CHECKING:
    from wattprint.measure.exporter import NodeAgent

DEFAULT_PORT = 9875
"""No port is registered for wattprint in Prometheus' default port allocations list;
this one was free there when chosen."""


def register(app: typer.Typer) -> None:
    """Add the ``exporter`` command."""
    app.command()(exporter)


def exporter(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: all).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = DEFAULT_PORT,
    interval: Annotated[
        float, typer.Option(min=0.05, max=60.0, help="Seconds between sensor reads.")
    ] = 5.0,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Run store to watch for running runs (default: $WATTPRINT_DB)."),
    ] = None,
    sensors: Annotated[
        str | None, typer.Option(help="Comma list of probes to use (default: all).")
    ] = None,
    rapl_root: Annotated[
        str | None, typer.Option(help="Powercap tree (default: /sys/class/powercap).")
    ] = None,
    node_name: Annotated[
        str | None,
        typer.Option(help="This node's name for the host label and its runs (default: hostname)."),
    ] = None,
    once: Annotated[
        bool, typer.Option("--once", help="Read for a second, print the metrics and exit.")
    ] = False,
) -> None:
    """Serve this node's power and energy at /metrics for Prometheus to scrape."""
    from wattprint.integrations.prometheus import require
    from wattprint.measure.exporter import POWER_WINDOW_S

    client = require()
    agent = _agent(db, interval, sensors, rapl_root, node_name)
    try:
        registry = _registry(client, agent)
        if once:  # two reads a power window apart, so the power gauges have a value
            time.sleep(POWER_WINDOW_S)
            typer.echo(client.generate_latest(registry).decode(), nl=False)
            return
        _serve(client, registry, agent, host, port)
    finally:
        agent.stop()


def _agent(
    db: Path | None,
    interval: float,
    sensors: str | None,
    rapl_root: str | None,
    node_name: str | None,
) -> NodeAgent:
    from wattprint.measure.config import TrackerConfig
    from wattprint.measure.exporter import NodeAgent
    from wattprint.store import default_db_path

    enabled = tuple(s.strip() for s in sensors.split(",") if s.strip()) if sensors else None
    config = TrackerConfig.from_env(enabled=enabled, rapl_root=rapl_root)
    path = db if db is not None else default_db_path()
    return NodeAgent.probe(
        config, db_path=path, interval_s=interval, runs_interval_s=interval, host=node_name
    )


def _registry(client: Any, agent: NodeAgent) -> Any:
    from wattprint.integrations.prometheus import NodeCollector

    registry = client.CollectorRegistry(auto_describe=False)
    registry.register(NodeCollector(agent))
    client.ProcessCollector(registry=registry)
    return registry


def _serve(client: Any, registry: Any, agent: NodeAgent, host: str, port: int) -> None:
    """Serve /metrics on this thread until SIGTERM or Ctrl+C.

    The server waits for requests without a polling timeout, and signals end it, so an
    idle exporter wakes only for its sensor timer (a polling loop would cost more CPU
    than the sensor reads).
    """
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """No line per scrape."""

    try:
        server = make_server(host, port, client.make_wsgi_app(registry), Server, Quiet)
    except OSError as exc:
        raise InputError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc})",
            field="--port",
            got=port,
            hint="Is another exporter running? Choose another --port or --host.",
        ) from None
    agent.start()
    names = ", ".join(c.info.name for c in agent.counters) or "none"
    typer.echo(
        f"wattprint exporter on http://{host}:{port}/metrics (sensors: {names}; "
        f"runs: {agent.watch.db_path}; Ctrl+C stops)",
        err=True,
    )
    for note in agent.notes:
        typer.echo(f"  {note.name}: {note.status}: {note.reason}", err=True)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        server.serve_forever(poll_interval=3600.0)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(0)
