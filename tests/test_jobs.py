"""Jobs across nodes on a real PostgreSQL server: 4 nodes x 8 ranks, each its own process
with its own host name (a UTS namespace) and the launcher's variables, one store.

Each node has a fake RAPL tree (node-wide: counted by local rank 0 only) and every rank
runs the CPU model of its own process (process-scoped: counted by each rank).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.pg_support import PgServer
from tests.prometheus_support import SRC, PowercapWriter
from wattprint.cli import main
from wattprint.measure.jobs import job_runs, job_view
from wattprint.store import RunInfo, RunStore

NODES, RANKS = 4, 8
CHILD = """
import time, wattprint
with wattprint.track("train"):
    time.sleep(0.6)
"""


def can_set_hostnames() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "--uts", "hostname", "probe"], capture_output=True)
    return probe.returncode == 0


def rank_env(url: str, rapl: Path, rank: int, cache: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": SRC,
        "XDG_CACHE_HOME": str(cache),
        "WATTPRINT_DB": url,
        "WATTPRINT_SENSORS": "rapl,cpu_model",
        "WATTPRINT_RAPL_ROOT": str(rapl),
        "WATTPRINT_SAMPLE_INTERVAL": "0.1",
        "SLURM_JOB_ID": "4242",
        "SLURM_JOB_NUM_NODES": str(NODES),
        "SLURM_LOCALID": str(rank),
    }


@pytest.fixture(scope="module")
def job_store(pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    if not can_set_hostnames():
        pytest.skip("needs root and unshare --uts to give each node process its own host name")
    url = pg_server.new_database("jobs")
    root = tmp_path_factory.mktemp("nodes")
    writers = [PowercapWriter(root / f"node{n}", 100.0, 2**40).start() for n in range(NODES)]
    try:
        procs = [
            subprocess.Popen(
                [
                    "unshare",
                    "--uts",
                    "sh",
                    "-c",
                    f'hostname node{n} && exec "{sys.executable}" -c "$0"',
                    CHILD,
                ],
                env=rank_env(url, root / f"node{n}", r, root / "cache"),
            )  # fmt: skip
            for n in range(NODES)
            for r in range(RANKS)
        ]
        codes = [p.wait(timeout=300) for p in procs]
    finally:
        for w in writers:
            w.stop()
    assert codes == [0] * NODES * RANKS
    return url


def test_a_job_is_summed_over_its_nodes_counting_each_sensor_once(job_store: str) -> None:
    with RunStore(job_store) as store:
        runs = job_runs(store, "4242")
        view = job_view(runs, "4242")
    assert len(runs) == NODES * RANKS and view.runs == NODES * RANKS
    assert (view.nodes_seen, view.nodes_expected) == (NODES, NODES)
    assert [n.host for n in view.nodes] == [f"node{n}" for n in range(NODES)]
    for node in view.nodes:
        assert node.ranks == tuple(range(RANKS)) and node.status == "complete"
        mine = [r for r in runs if r.host == node.host]
        with_rapl = [r for r in mine if any("package" in d for d in r.totals["devices"])]
        assert [r.tags["wattprint.local_rank"] for r in with_rapl] == ["0"]  # node-wide: once
        others = [r for r in mine if r.tags["wattprint.local_rank"] != "0"]
        assert all(r.totals["devices"] for r in others)  # process-scoped: every rank counts
        assert node.measured_j == pytest.approx(sum(r.totals["energy_j"] for r in mine))
    assert view.measured_j == pytest.approx(sum(r.totals["energy_j"] for r in runs))
    assert view.outputs_p50["it_energy"] == pytest.approx(
        sum(n.outputs["it_energy"][1] for n in view.nodes)
    )
    assert not any("stopped reporting" in w for w in view.warnings)


def test_jobs_list_and_show_print_the_sum_and_the_nodes(
    job_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["jobs", "list", "--db", job_store]) == 0
    out = capsys.readouterr().out
    assert "4242" in out and "4/4" in out and "32" in out
    assert main(["jobs", "show", "4242", "--db", job_store]) == 0
    out = capsys.readouterr().out
    assert "Job 4242: 4 nodes seen, 4 expected, 32 runs" in out
    assert all(f"node{n}" in out for n in range(NODES))
    assert "bands are not combined" in out
    assert main(["jobs", "show", "4242", "--db", job_store, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nodes_seen"] == 4 and len(data["nodes"]) == 4


def test_a_node_that_stopped_reporting_and_a_missing_node_are_warned(
    store_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    now = time.time()
    tags = {"wattprint.job": "77", "wattprint.job_nodes": "3", "wattprint.local_rank": "0"}
    with RunStore(store_location) as store:
        for host, flushed in (("alive", now), ("silent", now - 600)):
            run_id = store.create_run(
                RunInfo(
                    name="train",
                    kind="measurement",
                    started_at=now - 900,
                    host=host,
                    pid=1,
                    tags=tags,
                )  # fmt: skip
            )
            store.heartbeat(run_id, flushed)
        view = job_view(job_runs(store, "77"), "77", now_s=now)
    assert [n.stale for n in view.nodes] == [False, True]
    assert view.warnings[0].startswith("node silent stopped reporting (last heartbeat 600 s ago)")
    assert "2 of 3 nodes reported" in view.warnings[1]
    assert main(["jobs", "show", "nope", "--db", store_location]) == 2
    assert "no runs of job 'nope'" in capsys.readouterr().err


def test_the_jobs_commands_of_docs_fleet_run_on_the_real_server(
    job_store: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (Path(__file__).parent.parent / "docs" / "fleet.md").read_text()
    commands = [
        line.split("#")[0].split()[1:]
        for line in text.splitlines()
        if line.startswith("wattprint jobs ") or line.startswith("wattprint runs list ")
    ]
    assert len(commands) == 4
    monkeypatch.setenv("WATTPRINT_DB", job_store)  # as section 7 exports it
    for argv in commands:
        assert main(argv) == 0, argv
    assert "4242" in capsys.readouterr().out


def test_nodes_expected_come_from_the_launcher_or_the_setting() -> None:
    from wattprint.errors import InputError
    from wattprint.measure.config import TrackerConfig
    from wattprint.measure.ranks import job_tags, nodes_expected_from

    assert nodes_expected_from({"SLURM_JOB_NUM_NODES": "64"}) == 64
    assert nodes_expected_from({"WORLD_SIZE": "32", "LOCAL_WORLD_SIZE": "8"}) == 4
    assert nodes_expected_from({"WORLD_SIZE": "32"}) is None  # ranks alone say no node count
    assert nodes_expected_from({}) is None
    config = TrackerConfig.from_env({"SLURM_JOB_ID": "9", "SLURM_JOB_NUM_NODES": "2",
                                     "WATTPRINT_JOB_NODES": "3", "LOCAL_RANK": "1"})  # fmt: skip
    assert (config.job_id, config.job_nodes, config.local_rank) == ("9", 3, 1)
    given = TrackerConfig.from_env({"SLURM_JOB_ID": "9", "WATTPRINT_JOB_ID": "exp-7"})
    assert given.job_id == "exp-7"
    assert job_tags("9", 3, 1) == {
        "wattprint.job": "9", "wattprint.job_nodes": "3", "wattprint.local_rank": "1"
    }  # fmt: skip
    assert job_tags(None, 3, 1) == {}
    with pytest.raises(InputError, match="WATTPRINT_JOB_NODES"):
        TrackerConfig.from_env({"WATTPRINT_JOB_NODES": "four"})


def test_the_dashboard_api_serves_the_job(job_store: str) -> None:
    from fastapi.testclient import TestClient

    from wattprint.web import create_app

    with TestClient(create_app(job_store)) as client:
        listed = client.get("/api/jobs").json()["jobs"]
        assert [(j["job_id"], j["nodes_seen"], j["runs"]) for j in listed] == [("4242", 4, 32)]
        view = client.get("/api/jobs/4242").json()
        assert view["nodes_seen"] == 4 and view["nodes_expected"] == 4
        assert [n["host"] for n in view["nodes"]] == [f"node{n}" for n in range(NODES)]
        missing = client.get("/api/jobs/nope")
        assert missing.status_code == 404 and "no runs of job 'nope'" in missing.text
