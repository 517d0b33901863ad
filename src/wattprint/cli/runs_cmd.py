"""``wattprint runs list|show|export|delete``: the run store, read and tidied from the shell.

A translator only: every number comes from the stored record (the store's totals and
footprint); this module picks labels, units and layout. ``--db`` overrides the store
file, else ``WATTPRINT_DB``, else the default location.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from wattprint.cli.options import Lang, lang_option
from wattprint.cli.requests_view import print_requests, run_extras
from wattprint.errors import StoreError
from wattprint.quantity import parse_quantity
from wattprint.report.i18n import energy_scale, number

if TYPE_CHECKING:  # the store (sqlite3, platformdirs) loads only when a runs command runs
    from wattprint.store import RunRecord, RunStore

# key -> (English, Chinese)
LABELS: dict[str, tuple[str, str]] = {
    "run": ("Run", "运行"),
    "id": ("ID", "编号"),
    "name": ("Name", "名称"),
    "kind": ("Kind", "类型"),
    "status": ("Status", "状态"),
    "started": ("Started (UTC)", "开始(UTC)"),
    "ended": ("Ended (UTC)", "结束(UTC)"),
    "duration": ("Duration", "时长"),
    "energy": ("Energy", "能耗"),
    "samples": ("Samples", "采样数"),
    "steps": ("Steps", "步数"),
    "tags": ("Tags", "标签"),
    "host": ("Host / pid", "主机 / 进程"),
    "region": ("Region", "电网区域"),
    "facility": ("Facility", "设施"),
    "command": ("Command", "命令"),
    "exit_code": ("Exit code", "退出码"),
    "last_flush": ("Last flush (UTC)", "最后写入(UTC)"),
    "sensors": ("Sensors", "传感器"),
    "totals": ("Totals", "合计"),
    "footprint": ("Footprint", "足迹"),
    "no_footprint": ("No footprint stored for this run.", "此运行没有保存足迹。"),
    "no_runs": ("No runs in {path}.", "{path} 中没有运行记录。"),
    "shown": (
        "{shown} of {total} runs (use --limit to see more)",
        "共 {total} 条,显示 {shown} 条(用 --limit 查看更多)",
    ),
    "per_unit": ("Energy per unit of work", "单位工作能耗"),
    "energy_j": ("Energy", "能耗"),
    "energy_low_j": ("Energy, low bound", "能耗下限"),
    "energy_high_j": ("Energy, high bound", "能耗上限"),
    "accelerator_energy_j": ("Accelerator energy", "加速器能耗"),
    "host_energy_j": ("Host energy", "主机能耗"),
    "duration_s": ("Duration", "时长"),
    "peak_power_w": ("Peak power", "峰值功率"),
    "mean_power_w": ("Mean power", "平均功率"),
    "devices": ("Energy by device", "各设备能耗"),
    "methods": ("Methods", "测量方法"),
    "step_count": ("Steps", "步数"),
    "token_count": ("Tokens", "token 数"),
    "sample_count": ("Samples (work)", "样本数(工作量)"),
    "energy_per_step_j": ("Energy per step", "每步能耗"),
    "energy_per_token_j": ("Energy per token", "每 token 能耗"),
    "energy_per_sample_j": ("Energy per sample", "每样本能耗"),
    "phases": ("Phases", "阶段"),
    "warnings": ("Warnings", "警告"),
    "measurement": ("measurement", "实测"),
    "estimate": ("estimate", "估算"),
    "running": ("running", "运行中"),
    "complete": ("complete", "已完成"),
    "incomplete": ("incomplete", "未完成(中断)"),
    "failed": ("failed", "失败"),
}  # fmt: skip


# Totals whose values are a mapping of amounts: the unit suffix those amounts carry.
NESTED_UNITS = {"devices": "energy_j"}


class ExportFormat(str, enum.Enum):
    """What ``runs export`` writes."""

    csv = "csv"
    json = "json"


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Run store file (default: $WATTPRINT_DB, else the user data dir)."),
]
IdArgument = Annotated[str, typer.Argument(help="Run id, or any unique prefix of it.")]


def register(app: typer.Typer) -> None:
    """Add the ``runs`` command group."""
    runs = typer.Typer(help="List, show, export and delete stored runs.", no_args_is_help=True)
    runs.command("list")(list_runs)
    runs.command("show")(show_run)
    runs.command("export")(export_run)
    runs.command("delete")(delete_run)
    app.add_typer(runs, name="runs")


def t(key: str, lang: str, **values: object) -> str:
    """A label in the output language."""
    en, zh = LABELS.get(key, (key, key))
    return (zh if lang == "zh" else en).format(**values)


def open_store(db: Path | None) -> RunStore:
    """The store at ``db`` (or the default); StoreError when the file does not exist."""
    from wattprint.store import RunStore, default_db_path

    path = db if db is not None else default_db_path()
    if not path.exists():
        raise StoreError(
            f"no run store at {path}; record a run first (wattprint run -- CMD) or point "
            "--db / WATTPRINT_DB at an existing file"
        )
    return RunStore(path)


def list_runs(
    name: Annotated[
        str | None, typer.Option(help="Only runs with this name (glob: 'llama-*').")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="running, complete, incomplete or failed.")
    ] = None,
    tag: Annotated[
        str | None, typer.Option(help="Only runs tagged KEY=VALUE (or just KEY).")
    ] = None,
    limit: Annotated[int, typer.Option(min=0, help="Most runs to show (0: all).")] = 50,
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lang: Lang = lang_option,
) -> None:
    """List stored runs, newest first."""
    from wattprint.store import RunStore, default_db_path

    path = db if db is not None else default_db_path()
    if not path.exists() and not json_out:
        typer.echo(t("no_runs", lang.value, path=path))
        return
    records: list[RunRecord] = []
    total = 0
    if path.exists():
        with RunStore(path) as store:
            filters: dict[str, Any] = {"name": name, "status": status, "tag": tag}
            records = store.list_runs(**filters, limit=limit or None)
            total = store.count_runs(**filters)
    if json_out:
        typer.echo(json.dumps([r.to_dict(footprint=False) for r in records], indent=2))
        return
    if not records:
        typer.echo(t("no_runs", lang.value, path=path))
        return
    console = Console()
    console.print(runs_table(records, lang.value))
    if total > len(records):
        console.print(t("shown", lang.value, shown=len(records), total=total))


def runs_table(records: list[RunRecord], lang: str) -> Table:
    """The listing as a rich Table."""
    table = Table()
    for key in ("id", "name", "kind", "status", "started", "duration", "energy", "samples"):
        justify = "right" if key in ("duration", "energy", "samples") else "left"
        table.add_column(t(key, lang), justify=justify, no_wrap=key == "id")  # type: ignore[arg-type]
    table.add_column(t("tags", lang))
    for r in records:
        table.add_row(
            r.id,
            r.name,
            t(r.kind, lang),
            t(r.status, lang),
            utc(r.started_at),
            duration(r.duration_s),
            energy(r.totals.get("energy_j"), lang),
            f"{r.sample_count:,}",
            " ".join(f"{k}={v}" for k, v in r.tags.items()),
        )
    return table


def show_run(
    run_id: IdArgument,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lang: Lang = lang_option,
    db: DbOption = None,
) -> None:
    """Show one run: metadata, sensors, totals and its footprint."""
    with open_store(db) as store:
        record = store.get_run(run_id)
        extra = run_extras(store, record.id)
    if json_out:
        typer.echo(json.dumps({**record.to_dict(), **extra}, indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(details_table(record, lang.value))
    print_sensors(console, record, lang.value)
    print_totals(console, record, lang.value)
    print_requests(console, extra, lang.value)
    print_footprint_of(console, record, lang.value)


def details_table(r: RunRecord, lang: str) -> Table:
    """The run's metadata as a two-column table."""
    table = Table(title=f"{t('run', lang)} {r.id}", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    rows: list[tuple[str, object]] = [
        ("name", r.name),
        ("kind", t(r.kind, lang)),
        ("status", t(r.status, lang)),
        ("started", utc(r.started_at)),
        ("ended", utc(r.ended_at)),
        ("duration", duration(r.duration_s)),
        ("last_flush", utc(r.last_flush_at)),
        ("host", f"{r.host} / {r.pid}"),
        ("region", r.region),
        ("facility", r.facility),
        ("tags", " ".join(f"{k}={v}" for k, v in r.tags.items()) or None),
        ("command", None if r.command is None else " ".join(r.command)),
        ("exit_code", r.exit_code),
        ("samples", f"{r.sample_count:,}"),
        ("steps", f"{r.step_count:,}"),
    ]
    for key, value in rows:
        if value is not None and value != "—":
            table.add_row(t(key, lang), str(value))
    return table


def print_sensors(console: Console, r: RunRecord, lang: str) -> None:
    """One line per sensor: name, method (or status) and label (or reason)."""
    if not r.sensors:
        return
    console.print(f"[bold]{t('sensors', lang)}[/bold]")
    for s in r.sensors:
        how = s.get("method") or s.get("status") or "?"
        why = s.get("reason") or s.get("label") or ""
        line = f"  {s.get('name', '?')}: {how}" + (f" — {why}" if why else "")
        console.print(line, markup=False, highlight=False)


def print_totals(console: Console, r: RunRecord, lang: str) -> None:
    """The producer's totals, then energy per step / token / sample when present."""
    items = [(k, v) for k, v in r.totals.items() if v not in (None, [], {})]
    groups = (
        ("totals", [(k, v) for k, v in items if "_per_" not in k]),
        ("per_unit", [(k, v) for k, v in items if "_per_" in k]),
    )
    for header, group in groups:
        if group:
            console.print(f"[bold]{t(header, lang)}[/bold]")
        for key, value in group:
            for line in total_lines(key, value, lang):
                console.print(line, markup=False, highlight=False)


def total_lines(key: str, value: object, lang: str) -> list[str]:
    """Lines for one total: nested mappings and lists of records are indented below it."""
    head = f"  {t(key, lang)}"
    if isinstance(value, dict):  # name -> amount, in the unit the key (or NESTED_UNITS) says
        unit_key = NESTED_UNITS.get(key, key)
        return [f"{head}:"] + [
            f"    {k}: {total_value(unit_key, v, lang)}" for k, v in value.items()
        ]
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        lines = [f"{head}:"]
        for item in value:
            name = item.get("name", "?")
            rest = [total_value(k, v, lang) for k, v in item.items() if k != "name"]
            lines.append(f"    {name}: " + " · ".join(rest))
        return lines
    if isinstance(value, list):
        return [f"{head}: " + ", ".join(str(v) for v in value)]
    return [f"{head}: {total_value(key, value, lang)}"]


def total_value(key: str, value: object, lang: str) -> str:
    """``*_j`` -> J and kWh (度 in Chinese), ``*_s`` -> a duration, ``*_w`` -> W."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return json.dumps(value, ensure_ascii=False)
    if key.endswith("_j"):
        return f"{number(value)} J ({energy(value, lang)})"
    if key.endswith("_s"):
        return duration(value)
    if key.endswith("_w"):
        return f"{number(value)} W"
    return number(value)


def print_footprint_of(console: Console, r: RunRecord, lang: str) -> None:
    """The stored footprint as the report's table."""
    console.print(f"[bold]{t('footprint', lang)}[/bold]")
    if r.footprint is None:
        console.print(t("no_footprint", lang))
        return
    from wattprint.chain import Footprint
    from wattprint.report.text import print_footprint

    print_footprint(Footprint.from_dict(r.footprint), lang=lang, console=console)


def export_run(
    run_id: IdArgument,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv: the samples; json: all.")],
    output: Annotated[Path | None, typer.Option(help="File to write (default: stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Export a run's samples (csv) or the whole run (json)."""
    with open_store(db) as store:
        record = store.get_run(run_id)
        samples = store.samples(record.id)
        if fmt is ExportFormat.csv:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(["t", "device", "power_w", "energy_j", "method"])
            writer.writerows([s.t, s.device, s.power_w, s.energy_j, s.method] for s in samples)
            text = buffer.getvalue()
        else:
            data = {
                "run": record.to_dict(footprint=False),
                "samples": [vars(s) for s in samples],
                "steps": [vars(s) for s in store.steps(record.id)],
                "phases": [vars(p) for p in store.phases(record.id)],
                "footprint": record.footprint,
            }
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"cannot write {output}: {exc.strerror}; choose another --output") from exc


def delete_run(
    run_id: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Delete a run and everything recorded during it."""
    with open_store(db) as store:
        record = store.get_run(run_id)
        if not yes:
            typer.confirm(
                f"Delete run {record.id} ({record.name}, {record.sample_count:,} samples)?",
                abort=True,
            )
        store.delete_run(record.id)
    typer.echo(f"Deleted run {record.id} ({record.name}).")


def utc(unix_s: float | None) -> str:
    """``2024-03-01 12:00:00`` in UTC, or an em dash."""
    if unix_s is None:
        return "—"
    return datetime.fromtimestamp(unix_s, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def duration(seconds: float | None) -> str:
    """``1 h 02 min``, ``3 min 05 s``, ``12.5 s``, or an em dash."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.3g} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def energy(energy_j: object, lang: str) -> str:
    """Energy in joules as kWh / MWh (度 / 万度 in Chinese), or an em dash."""
    if isinstance(energy_j, bool) or not isinstance(energy_j, (int, float)):
        return "—"
    kwh = energy_j * parse_quantity("1 J", "energy")  # the energy base unit is kWh
    divisor, unit = energy_scale(kwh, lang)
    return f"{number(kwh / divisor)} {unit}"
