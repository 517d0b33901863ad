"""A read-only run store (read-only mount, no write permission) is read; writes are refused."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.readonly_support import read_only
from wattprint.cli import main
from wattprint.errors import StoreError
from wattprint.store import RunInfo, RunStore, SampleRow
from wattprint.web import create_app


@pytest.fixture
def store_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ro"
    folder.mkdir()
    with RunStore(folder / "runs.db") as store:
        run_id = store.create_run(RunInfo("kept", "measurement", time.time() - 10, "h", 1))
        store.append_samples(run_id, [SampleRow(time.time() - 5, "gpu0", 10.0, 50.0, "counter")])
        store.finish_run(run_id, ended_at=time.time(), status="complete", totals={"energy_j": 50})
    return folder


def test_runs_list_and_show_read_a_read_only_store(
    store_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(store_folder / "runs.db")
    with read_only(store_folder):
        assert main(["runs", "list", "--db", db]) == 0
        listing = capsys.readouterr().out
        assert "kept" in listing
        with RunStore(db) as store:
            (run_id,) = [r.id for r in store.list_runs()]
        assert main(["runs", "show", run_id, "--db", db]) == 0
        assert "kept" in capsys.readouterr().out


def test_the_dashboard_serves_a_read_only_store(store_folder: Path) -> None:
    with read_only(store_folder), TestClient(create_app(store_folder / "runs.db")) as client:
        response = client.get("/api/runs")
        assert response.status_code == 200
        assert "kept" in response.text


def test_a_write_to_a_read_only_store_is_refused_clearly(
    store_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = store_folder / "runs.db"
    with read_only(store_folder):
        with RunStore(db) as store, pytest.raises(StoreError, match="read-only"):
            store.create_run(RunInfo("new", "measurement", time.time(), "h", 1))
        with RunStore(db) as store:
            (run_id,) = [r.id for r in store.list_runs()]
        assert main(["runs", "delete", run_id, "--yes", "--db", str(db)]) == 2
        assert "is read-only" in capsys.readouterr().err
