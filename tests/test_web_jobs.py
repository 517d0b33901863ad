"""The dashboard's job pages: a job summed over its nodes, the same figures as the API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wattprint.measure import MockSensor, TrackerConfig, track
from wattprint.quantity.display import amount


@pytest.fixture
def job_db(tmp_path: Path) -> Path:
    db = tmp_path / "runs.db"
    for rank in (0, 1):  # two ranks of one node, each with its own (process-scoped) sensor
        config = TrackerConfig(db_path=str(db), job_id="77", local_rank=rank)
        with track(f"train-r{rank}", config=config, sensors=[MockSensor("cpu", 50.0)]) as run:
            run.wait_ready(5.0)
        run.footprint()  # made after stop by the worker; wait for it to be stored
    return db


def test_a_job_page_shows_the_sum_over_its_nodes_as_the_api_gives_it(job_db: Path) -> None:
    from fastapi.testclient import TestClient

    from wattprint.web import create_app

    client = TestClient(create_app(job_db))
    listing = client.get("/jobs")
    assert listing.status_code == 200 and 'data-job-id="77"' in listing.text
    api = client.get("/api/jobs/77").json()
    page = client.get("/jobs/77")
    assert page.status_code == 200 and "<h1>Job 77</h1>" in page.text
    assert api["runs"] == 2 and "2 runs" in page.text
    # the IT energy on the page is the API's sum of the two runs' p50s, as displayed
    shown = amount(api["outputs_p50"]["it_energy"], api["units"]["it_energy"], "en")
    assert re.search(rf">IT energy[^<]*</th><td class=\"num\">{re.escape(shown)}<", page.text)
    zh = client.get("/jobs/77?lang=zh")
    assert "作业 77" in zh.text and "各节点之和" in zh.text


def test_an_unknown_job_is_404_and_an_empty_store_says_how_runs_join_a_job(
    tmp_path: Path,
) -> None:
    from fastapi.testclient import TestClient

    from wattprint.web import create_app

    client = TestClient(create_app(tmp_path / "runs.db"))
    assert client.get("/jobs/nope").status_code == 404
    assert "SLURM_JOB_ID" in client.get("/jobs").text
