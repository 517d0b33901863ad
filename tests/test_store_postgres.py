"""The PostgreSQL run store on a real server: URL detection, schema versions, the CLI,
and a tracker's spool surviving a server outage with every line shipped exactly once.

The store's own suites (test_store*.py) run on both backends through ``store_location``.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import pytest

from tests.pg_support import PgServer
from wattprint.cli import main
from wattprint.errors import StoreError
from wattprint.store import SCHEMA_VERSION, RunInfo, RunStore, SampleRow
from wattprint.store.dialect import to_postgres
from wattprint.store.location import ServerUrl, parse_location
from wattprint.store.pg_schema import BASELINE_VERSION, PG_MIGRATIONS
from wattprint.store.spool import spool_path


def info(name: str = "job") -> RunInfo:
    return RunInfo(
        name=name, kind="measurement", started_at=time.time(), host=socket.gethostname(),
        pid=os.getpid(),
    )  # fmt: skip


# -- where a store lives -------------------------------------------------------------


def test_a_postgres_url_is_a_server_never_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = "postgresql://user:secret@db.example:5432/runs"
    assert parse_location(url) == ServerUrl(url)
    assert parse_location(Path(url)) == ServerUrl(url)  # a Path collapses "//": restored
    assert parse_location("postgres://h/db") == ServerUrl("postgres://h/db")
    assert ServerUrl(url).shown == "postgresql://user:***@db.example:5432/runs"
    assert parse_location("runs.db") == Path("runs.db")
    assert parse_location("C:/runs.db") == Path("C:/runs.db")  # a drive letter, not a scheme
    with pytest.raises(StoreError, match="URL scheme 'mysql'.*postgresql://user@host/db"):
        RunStore("mysql://user@host/db")
    assert list(tmp_path.iterdir()) == []  # no folder named "mysql:" or "postgresql:"


def test_an_unreachable_server_is_a_clear_cli_error_and_makes_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("psycopg")
    monkeypatch.chdir(tmp_path)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = main(["runs", "list", "--db", f"postgresql://nobody@127.0.0.1:{port}/runs"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot open the run store postgresql://nobody@127.0.0.1:{port}/runs" in err
    assert "is the server running and reachable?" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_the_dialect_respells_only_what_differs() -> None:
    assert to_postgres("SELECT id FROM runs WHERE rk = ? AND name GLOB ?") == (
        "SELECT id FROM runs WHERE rk = %s AND name ~ wattprint_glob(%s)"
    )
    assert to_postgres("INSERT OR IGNORE INTO t (a) VALUES (?)") == (
        "INSERT INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING"
    )
    assert to_postgres("UPDATE runs SET x = max(coalesce(x, 0), ?)") == (
        "UPDATE runs SET x = GREATEST(coalesce(x, 0), %s)"
    )
    assert to_postgres("SELECT 1 LIMIT ? OFFSET ?") == "SELECT 1 LIMIT NULLIF(%s, -1) OFFSET %s"
    assert to_postgres("SELECT '5%'") == "SELECT '5%%'"
    # the dashboard's sort by energy reads a number out of the stored footprint's JSON
    assert to_postgres("ORDER BY json_extract(footprint, '$.outputs.it_energy.p50')") == (
        "ORDER BY ((footprint)::jsonb #>> '{outputs,it_energy,p50}')::double precision"
    )


# -- schema versions ---------------------------------------------------------------


def test_every_version_after_the_baseline_has_a_postgres_step() -> None:
    assert sorted(PG_MIGRATIONS) == list(range(BASELINE_VERSION + 1, SCHEMA_VERSION + 1))


def test_a_new_database_gets_the_schema_once_and_a_newer_one_is_refused(
    pg_server: PgServer,
) -> None:
    url = pg_server.new_database("schema")
    for _ in range(2):
        with RunStore(url) as store, store._db.read() as conn:
            rows = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
            assert rows == [(str(SCHEMA_VERSION),)]
    with RunStore(url) as store, store._db.write() as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99.*upgrade wattprint"):
        RunStore(url)


def test_a_foreign_database_is_refused(pg_server: PgServer) -> None:
    import psycopg

    url = pg_server.new_database("foreign")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE runs (x int)")
    with pytest.raises(StoreError, match="not a wattprint run store"):
        RunStore(url)


# -- the CLI -------------------------------------------------------------------------


def test_runs_list_and_show_read_a_server_store(
    pg_server: PgServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_server.new_database("cli")
    with RunStore(url) as store:
        run_id = store.create_run(info("llama-pg"))
        store.append_samples(run_id, [SampleRow(1.0, "gpu0", 300.0, 300.0, "counter")])
        store.finish_run(run_id, ended_at=time.time(), status="complete")
    assert main(["runs", "list", "--db", url, "--json"]) == 0
    assert [r["name"] for r in __import__("json").loads(capsys.readouterr().out)] == ["llama-pg"]
    monkeypatch.setenv("WATTPRINT_DB", url)  # the settings variable selects it too
    assert main(["runs", "show", run_id[:10]]) == 0
    assert "llama-pg" in capsys.readouterr().out


# -- a server outage ---------------------------------------------------------------


def test_samples_spooled_during_an_outage_are_shipped_once_when_the_server_is_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.pg_support import start_server

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    server = start_server()  # its own server: this test stops it
    try:
        url = server.new_database("outage")
        store = RunStore(url)
        run_id = store.create_run(info())
        writer = store.spool_writer(run_id)
        rows = [(float(i), "gpu0", 300.0, 300.0 * i, "counter") for i in range(10)]
        writer.append(rows[:4])
        assert store.ingest_spool(run_id) == 4
        server.stop()
        writer.append(rows[4:8])  # the spool is a local file: the outage loses nothing
        with pytest.raises(StoreError, match="is the server running"):
            store.ingest_spool(run_id)
        writer.append(rows[8:])
        assert spool_path(store.path, run_id).read_text().count("\n") == 10
        server.start()
        assert store.ingest_spool(run_id) == 6  # the same object reconnects
        assert store.ingest_spool(run_id) == 0  # and each line goes once
        store.finish_run(run_id, ended_at=time.time(), status="complete")
        stored = [(s.t, s.device, s.power_w, s.energy_j, s.method) for s in store.samples(run_id)]
        assert stored == rows and store.get_run(run_id).sample_count == 10
        assert not spool_path(store.path, run_id).exists()
        writer.close()
        store.close()
    finally:
        server.cleanup()


def test_a_tracker_keeps_measuring_through_an_outage_and_ships_the_backlog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.pg_support import start_server
    from wattprint.measure.config import TrackerConfig
    from wattprint.measure.persist import RunSink

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    server = start_server()
    try:
        sink = RunSink(TrackerConfig(db_path=server.new_database("sink")))
        sink.open({"name": "train", "kind": "measurement", "started_at": time.time(),
                   "host": socket.gethostname(), "pid": os.getpid(), "region": None,
                   "facility": None, "tags": {}, "command": None, "node_key": None})  # fmt: skip
        run_id = sink.run_id
        assert run_id is not None and sink.spool is not None
        server.stop()
        for k in range(3):  # every flush due to ship: each shipment fails, nothing is lost
            sink._next_ingest_s = 0.0
            sink.samples([(float(k), "gpu0", 100.0, 100.0 * k, "counter")])
        assert sink.stored and sink.error is None  # still writing to its spool
        server.start()
        sink.finish(ended_at=time.time(), status="complete")
        sink.close()
        with RunStore(server.url("sink1")) as store:
            assert [s.t for s in store.samples(run_id)] == [0.0, 1.0, 2.0]
            assert store.get_run(run_id).status == "complete"
    finally:
        server.cleanup()


def test_the_dashboard_serves_a_server_store(pg_server: PgServer) -> None:
    from fastapi.testclient import TestClient

    from tests.browser_support import fill_store
    from wattprint.web import create_app

    url = pg_server.new_database("web")
    ids = fill_store(url)  # type: ignore[arg-type]
    with TestClient(create_app(url)) as client:
        listed = client.get("/api/runs").json()
        assert len(listed["runs"]) == len(set(ids.values())) > 0
        some = next(iter(ids.values()))
        assert client.get(f"/runs/{some}").status_code == 200
        assert client.get(f"/api/runs/{some}/samples").status_code == 200
        assert client.get("/").status_code == 200
        assert client.app.state.store._db._pool is not None  # type: ignore[attr-defined]


def test_a_pooled_store_serves_threads_at_once(pg_server: PgServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    url = pg_server.new_database("pool")
    with RunStore(url, pool_size=3) as store:
        run_id = store.create_run(info())

        def work(k: int) -> int:
            store.append_samples(run_id, [SampleRow(float(k), f"gpu{k}", 1.0, None, "counter")])
            return len(store.list_runs())

        with ThreadPoolExecutor(8) as threads:
            assert list(threads.map(work, range(40))) == [1] * 40
        assert store.get_run(run_id).sample_count == 40
        assert len({s.device for s in store.samples(run_id)}) == 40


def test_without_the_extra_a_server_url_names_it_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wattprint.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed: find_spec -> None
    with pytest.raises(MissingExtraError, match=r"pip install 'wattprint\[postgres\]'"):
        RunStore("postgresql://u@127.0.0.1:1/db")
    assert main(["runs", "list", "--db", "postgresql://u@127.0.0.1:1/db"]) == 2
    err = capsys.readouterr().err.strip()
    assert "wattprint[postgres]" in err and len(err.splitlines()) == 1


def test_a_server_store_judges_other_hosts_runs_by_a_window_longer_than_a_shipment(
    pg_server: PgServer,
) -> None:
    from wattprint.store.liveness import SERVER_STALE_AFTER_S

    url = pg_server.new_database("stale")
    now = time.time()
    with RunStore(url) as store:
        assert store.stale_after_s == SERVER_STALE_AFTER_S == 150.0
        ids = {}
        for name, age_s in (("shipped-a-minute-ago", 70.0), ("silent", 200.0)):
            ids[name] = store.create_run(
                RunInfo(
                    name=name, kind="measurement", started_at=now - 900, host="node-b", pid=1
                )  # fmt: skip
            )
            store.heartbeat(ids[name], now - age_s)
        assert store.get_run(ids["shipped-a-minute-ago"]).status == "running"
        assert store.get_run(ids["silent"]).status == "incomplete"
