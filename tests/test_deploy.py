"""deploy/: the Grafana dashboard asks only for metrics the exporters really emit, and the
systemd unit and the DaemonSet run the exporter command as the CLI defines it."""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import time
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from tests.test_measure_rapl import zone
from wattprint.cli import app, main
from wattprint.cli.exporter_cmd import DEFAULT_PORT
from wattprint.integrations.prometheus import NODE_METRICS, RUN_METRICS
from wattprint.store import RunInfo, RunStore
from wattprint.store.liveness import this_host

DEPLOY = Path(__file__).parent.parent / "deploy"
NOT_METRICS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool"}
NOT_METRICS |= {"and", "or", "unless"}


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (functions, labels, numbers removed)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # label values
    expr = re.sub(r"\{[^}]*\}", "", expr)  # matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # range and subquery windows
    expr = re.sub(r"\boffset\s+[0-9a-z]+", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\b\d+(\.\d+)?([eE][-+]?\d+)?\b", "", expr)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", expr):
        if expr[match.end() :].lstrip().startswith("("):
            continue  # a function or aggregation
        if match.group() not in NOT_METRICS:
            names.add(match.group())
    return names


def test_metric_names_are_told_from_functions_labels_and_numbers() -> None:
    expr = 'sum by (job_id) (increase(a_total{job_id!="x y"}[$__range])) / 3.6e6 - b offset 1h'
    assert metric_names(expr) == {"a_total", "b"}
    assert metric_names("count by (version) (c_info) and on(instance) d") == {"c_info", "d"}


def dashboard_exprs() -> list[str]:
    board = json.loads((DEPLOY / "grafana-dashboard.json").read_text(encoding="utf-8"))
    return [t["expr"] for p in board["panels"] for t in p.get("targets", ())]


def emitted(text: str) -> set[str]:
    return {s.name for f in text_string_to_metric_families(text) for s in f.samples}


@pytest.fixture(scope="module")
def exporter_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What `wattprint exporter` serves, over a fake powercap tree, with a run being tracked."""
    tmp = tmp_path_factory.mktemp("deploy")
    zone(tmp / "powercap", "intel-rapl:0", "package-0", 1_000_000)
    db = tmp / "runs.db"
    with RunStore(db) as store:
        info = RunInfo("train", "measurement", time.time(), this_host(), os.getpid())
        store.create_run(info)
    argv = ["exporter", "--once", "--sensors", "rapl", "--rapl-root", str(tmp / "powercap")]
    with pytest.MonkeyPatch.context() as patch:
        output: list[str] = []
        patch.setattr(typer, "echo", lambda text, **_: output.append(str(text)))
        assert main([*argv, "--db", str(db)]) == 0
    return "".join(output)


def test_the_exporter_emits_every_name_it_declares(exporter_output: str) -> None:
    assert set(NODE_METRICS) <= emitted(exporter_output)


def test_serve_emits_every_run_metric_it_declares(client: TestClient) -> None:
    assert set(RUN_METRICS) == emitted(client.get("/metrics").text)


def test_the_dashboard_uses_only_metrics_the_exporters_emit(
    exporter_output: str, client: TestClient
) -> None:
    real = emitted(exporter_output) | emitted(client.get("/metrics").text)
    used = set().union(*(metric_names(e) for e in dashboard_exprs()))
    assert used <= real, f"not emitted: {sorted(used - real)}"
    # fleet power, energy per job and carbon rate are all there
    assert {"wattprint_device_power_watts", "wattprint_device_energy_joules_total"} <= used
    assert "wattprint_run_carbon_grams_total" in used


def exporter_args(args: list[str]) -> dict[str, Any]:
    """Parse exporter arguments as the CLI does (an unknown option fails)."""
    group = typer.main.get_command(app)
    command = group.commands["exporter"]  # type: ignore[attr-defined]
    with command.make_context("exporter", list(args)) as ctx:
        params: dict[str, Any] = dict(ctx.params)
    return params


def test_the_systemd_unit_runs_the_exporter_command() -> None:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / "wattprint-exporter.service", encoding="utf-8")
    argv = shlex.split(unit["Service"]["ExecStart"])
    assert Path(argv[0]).name == "wattprint"
    assert argv[1] == "exporter"
    params = exporter_args(argv[2:])
    assert params["port"] == DEFAULT_PORT
    assert unit["Service"]["Environment"] == f"WATTPRINT_DB={params['db']}"
    assert str(params["db"]).startswith("/var/lib/wattprint/")
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_daemonset_mounts_powercap_read_only_and_runs_the_exporter() -> None:
    manifest = yaml.safe_load((DEPLOY / "daemonset.yaml").read_text(encoding="utf-8"))
    assert manifest["kind"] == "DaemonSet"
    pod = manifest["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["command"] == ["wattprint"]
    assert container["args"][0] == "exporter"
    params = exporter_args([a.replace("$(NODE_NAME)", "node-1") for a in container["args"][1:]])
    volumes = {v["name"]: v["hostPath"]["path"] for v in pod["volumes"]}
    mounts = {m["name"]: m for m in container["volumeMounts"]}
    assert volumes["powercap"] == "/sys/class/powercap"
    assert mounts["powercap"]["readOnly"] is True
    assert mounts["powercap"]["mountPath"] == params["rapl_root"]
    assert mounts["powercap-devices"]["readOnly"] is True
    assert container["ports"][0]["containerPort"] == params["port"] == DEFAULT_PORT
    annotations = manifest["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(params["port"])
    assert params["node_name"] == "node-1"
