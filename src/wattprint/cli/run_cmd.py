"""``wattprint run [OPTIONS] -- CMD [ARGS]...``: run a command, measure it, exit with its code.

The command runs as a child in its own session, and dies with this process (Linux
parent-death signal, :mod:`.child_death`); this process measures it (its whole
process tree for the CPU model) and forwards SIGINT, SIGTERM and SIGHUP to it, so
Ctrl-C reaches the command exactly once. These are the only signal handlers wattprint
installs, and only while the child runs. When the child exits, the run is stored
(``complete`` for exit code 0, else ``failed``, with the code), a summary and the
footprint go to stderr (with ``--json``: the JSON alone goes to stdout, and the
command's own stdout is sent to stderr), and wattprint exits with the child's code
(128 + N when a signal N ended it, as shells report it).

A ``track()`` inside the command does not measure again: ``WATTPRINT_STEP_FILE`` tells
it to report its steps to this process instead, which is what ``--total-steps`` needs
to project the whole run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

import wattprint.cli.child_death as child_death
import wattprint.measure.bounded as bounded
from wattprint.cli.options import Lang, lang_option
from wattprint.errors import WattprintError
from wattprint.settings import DB, FACILITY, STEP_FILE, settings_help

if TYPE_CHECKING:
    from wattprint.chain.result import Footprint
    from wattprint.measure import MeasuredRun, RunResult
    from wattprint.measure.projection import Projection

FORWARDED = ("SIGINT", "SIGTERM", "SIGHUP")
NOT_FOUND, NOT_EXECUTABLE = 127, 126
STDERR_FD = 2
CONTEXT = {
    "allow_extra_args": True,
    "ignore_unknown_options": True,
    "allow_interspersed_args": False,
}


def register(app: typer.Typer) -> None:
    """Add the ``run`` command."""
    app.command(name="run", context_settings=CONTEXT, epilog=settings_help())(run)


def run(
    command: Annotated[
        list[str],
        typer.Argument(help="The command and its arguments, after --.", metavar="-- CMD [ARGS]..."),
    ],
    name: Annotated[str | None, typer.Option(help="Run name (default: the command).")] = None,
    region: Annotated[
        str | None, typer.Option(help="Grid region for carbon, e.g. US, CN, DE.")
    ] = None,
    facility: Annotated[
        str | None,
        typer.Option(
            help=f"Facility for PUE/WUE (default: ${FACILITY.name}, else {FACILITY.default})."
        ),
    ] = None,
    total_steps: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Project the whole run to N steps. The command must report its steps: "
            "call wattprint.track() in it and run.step() once per step (or write lines "
            "to the file named by $WATTPRINT_STEP_FILE); without steps there is nothing "
            "to project from.",
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(help=f"Run store file (default: ${DB.name}, else the user data dir)."),
    ] = None,
    lang: Lang = lang_option,
    json_out: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the result as JSON on stdout; the command's own stdout goes to stderr.",
        ),
    ] = False,
) -> None:
    """Run CMD as a child process, measure its energy, print its footprint, exit with its code."""
    from wattprint.measure import TrackerConfig, track

    _check_catalog(region, facility)
    config = TrackerConfig.from_env(
        region=region, facility=facility, db_path=str(db) if db else None
    ).with_options(step_file=None)
    handle, step_path = tempfile.mkstemp(prefix="wattprint-steps-", suffix=".tsv")
    os.close(handle)
    try:
        measured = track(name or Path(command[0]).name, config=config).start(command=command)
        measured.follow_steps(step_path)
        measured.wait_ready(bounded.PROBE_TIMEOUT_S)
        code = _run_child(command, step_path, stdout_to_stderr=json_out)
        result = measured.stop("complete" if code == 0 else "failed", exit_code=code)
    finally:
        Path(step_path).unlink(missing_ok=True)
    _report(measured, result, total_steps, lang.value, json_out)
    raise typer.Exit(code)


def _check_catalog(region: str | None, facility: str | None) -> None:
    """Fail before running anything when the region or facility is unknown (exit 2)."""
    from wattprint.catalog.resolve import facility_factors, grid_factors

    if region:
        grid_factors(region)
    if facility:
        facility_factors(facility)


def _run_child(command: list[str], step_path: str, *, stdout_to_stderr: bool = False) -> int:
    """Run the command; forward signals to it; return its exit code the way shells do.

    With ``stdout_to_stderr`` (``--json``) the command's standard output goes to our
    standard error, so our standard output holds the JSON alone.

    The handlers are in place before the child starts, so a signal that arrives while it
    is being started is held and delivered as soon as it exists, never lost.
    """
    env = {**os.environ, STEP_FILE.name: step_path}
    started: list[subprocess.Popen[bytes]] = []
    pending: list[int] = []
    with _forwarding(started, pending):
        try:
            child = subprocess.Popen(
                command,
                env=env,
                start_new_session=True,
                preexec_fn=child_death.preexec(),
                stdout=STDERR_FD if stdout_to_stderr else None,
            )
        except FileNotFoundError:
            _say(f"wattprint: {command[0]}: command not found")
            return NOT_FOUND
        except PermissionError:
            _say(f"wattprint: {command[0]}: permission denied")
            return NOT_EXECUTABLE
        started.append(child)
        for signum in pending:
            child.send_signal(signum)
        returncode = child.wait()
    return returncode if returncode >= 0 else 128 - returncode


@contextmanager
def _forwarding(started: list[subprocess.Popen[bytes]], pending: list[int]) -> Iterator[None]:
    """While the child runs, pass SIGINT, SIGTERM and SIGHUP on to it (or hold them)."""

    def forward(signum: int, frame: FrameType | None) -> None:
        if not started:
            pending.append(signum)
        elif started[0].poll() is None:
            started[0].send_signal(signum)

    previous: dict[int, Any] = {}
    for sig_name in FORWARDED:
        signum = getattr(signal, sig_name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, forward)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _report(
    measured: MeasuredRun, result: RunResult, total_steps: int | None, lang: str, json_out: bool
) -> None:
    """JSON on stdout (``--json``), else the short answer on stderr; the rest of it is
    ``wattprint runs show ID --full`` (a run that could not be stored prints it all)."""
    full = not result.run_id
    footprint = _footprint(measured)
    projection = _projection(measured, total_steps) if total_steps else None
    if projection is not None and result.run_id is not None:
        from wattprint.measure.projection import store_projection

        try:  # kept with the run, for runs show, the dashboard and reports
            store_projection(projection, result.run_id, measured.config.db_path)
        except WattprintError as exc:
            _say(f"wattprint: projection not stored: {exc}")
    if json_out:
        typer.echo(json.dumps(_json(result, footprint, projection), indent=2, ensure_ascii=False))
        return
    console = Console(stderr=True)
    if full:
        _summary(console, result)
        if footprint is not None:
            from wattprint.report.text import print_footprint

            print_footprint(footprint, lang=lang, console=console)
    else:
        _brief(console, result, footprint, lang)
    if projection is not None:
        _print_projection(console, projection, lang, full)
    if not full:
        from wattprint.cli.run_view import print_more

        print_more(console, result.run_id, lang)


def _brief(console: Console, result: RunResult, footprint: Footprint | None, lang: str) -> None:
    from wattprint.cli.run_view import fact_lines
    from wattprint.report.brief import brief, print_brief

    facts = fact_lines(
        result.name,
        result.totals(),
        result.sensors,
        (result.status, result.exit_code),
        result.run_id,
        lang,
    )
    if footprint is None:
        for line in facts:
            console.print(line, markup=False, highlight=False)
        return
    print_brief(brief(footprint, lang), lang, console, facts=facts)


def _footprint(measured: MeasuredRun) -> Footprint | None:
    try:
        return measured.footprint()
    except WattprintError as exc:
        _say(f"wattprint: no footprint: {exc}")
        return None


def _projection(measured: MeasuredRun, total_steps: int) -> Projection | None:
    try:
        return measured.project(total_steps)
    except WattprintError as exc:
        _say(f"wattprint: cannot project to {total_steps} steps: {exc}")
        return None


def _summary(console: Console, result: RunResult) -> None:
    low, high = result.energy_bounds_j
    spread = f" (range {low:.4g}–{high:.4g} J)" if high > low else ""
    console.print(
        f"[bold]wattprint[/bold]: {result.name}: {result.duration_s:.3g} s, "
        f"{result.energy_j:.4g} J{spread}, exit code {result.exit_code}, {result.status}",
        highlight=False,
    )
    for device in result.devices:
        console.print(
            f"  {device.info.name:<16} {device.info.method:<17} "
            f"{device.energy_j:>10.4g} J  {device.info.label}",
            markup=False,
            highlight=False,
        )
    for item in result.sensors:
        if item.get("status") != "active":
            console.print(
                f"  {item['name']:<16} {item['status']:<17} {item.get('reason', '')}",
                markup=False,
                highlight=False,
            )
    work = result.work
    if work.step_count:
        per = [
            f"{work.energy_per_step_j:.4g} J/step" if work.energy_per_step_j else "",
            f"{work.energy_per_token_j:.4g} J/token" if work.energy_per_token_j else "",
            f"{work.energy_per_sample_j:.4g} J/sample" if work.energy_per_sample_j else "",
        ]
        console.print(
            f"  {work.step_count} steps: " + ", ".join(p for p in per if p), highlight=False
        )
    where = f"stored as run {result.run_id}" if result.run_id else "not stored"
    console.print(f"  {where}", highlight=False)


def _print_projection(console: Console, projection: Projection, lang: str, full: bool) -> None:
    from wattprint.cli.run_view import projection_line
    from wattprint.report.text import print_footprint

    text = projection_line({"projection": projection.to_dict()}, lang)
    console.print(text, markup=False, highlight=False)
    if full:
        print_footprint(projection.footprint, lang=lang, console=console, sources=False)


def _json(
    result: RunResult, footprint: Footprint | None, projection: Projection | None
) -> dict[str, Any]:
    from wattprint.report.view import headlines

    out: dict[str, Any] = {
        "run_id": result.run_id,
        "name": result.name,
        "status": result.status,
        "exit_code": result.exit_code,
        "totals": result.totals(),
        "sensors": list(result.sensors),
        "headline": headlines(footprint),
        "footprint": footprint.to_dict() if footprint is not None else None,
    }
    if projection is not None:
        out["projection"] = {**projection.to_dict(), "footprint": projection.footprint.to_dict()}
    return out


def _say(text: str) -> None:
    typer.echo(text, err=True)
