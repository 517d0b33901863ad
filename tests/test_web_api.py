"""The dashboard's JSON API over a real SQLite run store filled with real footprints."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.browser_support import XSS_NAME, add_run, fill_store, power_rows
from wattprint.estimate import estimate
from wattprint.examples import example_path
from wattprint.store import RunStore
from wattprint.web import create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("web") / "runs.db"
    return path, fill_store(path)


@pytest.fixture(scope="module")
def client(db: tuple[Path, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(create_app(db[0])) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def ids(db: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return db[1]


def test_runs_are_listed_newest_first_with_their_headline(client: TestClient) -> None:
    body = client.get("/api/runs").json()
    assert body["total"] == 4
    assert [r["name"] for r in body["runs"]] == ["live", XSS_NAME, "bloom", "gpt4-press"]
    gpt4 = body["runs"][3]
    fp = estimate(example_path("gpt4-press"), samples=2000)
    assert gpt4["headline"]["energy"]["p50"] == fp.to_dict()["outputs"]["facility_energy"]["p50"]
    assert gpt4["tags"] == {"model": "gpt4", "team": "nlp"}
    assert body["runs"][0]["status"] == "running" and body["runs"][0]["headline"] == {}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("name=bloom", ["bloom"]),
        ("name=*e*", ["live", XSS_NAME, "gpt4-press"]),
        ("tag=model=bloom", ["bloom"]),
        ("tag=model", ["bloom", "gpt4-press"]),
        ("status=running", ["live"]),
        ("sort=name&order=asc", ["<script>alert(1)</script>", "bloom", "gpt4-press", "live"]),
        ("limit=2&offset=1", [XSS_NAME, "bloom"]),
        ("until=1970-01-02", []),
    ],
)
def test_runs_filter_sort_and_page(client: TestClient, query: str, names: list[str]) -> None:
    body = client.get(f"/api/runs?{query}").json()
    assert [r["name"] for r in body["runs"]] == names


def test_date_filters_take_dates_or_unix_seconds(client: TestClient) -> None:
    today = dt.date.today().isoformat()
    assert client.get(f"/api/runs?since={today}&until={today}").json()["total"] >= 1
    since = time.time() - 4000
    assert [r["name"] for r in client.get(f"/api/runs?since={since}").json()["runs"]] == [
        "live",
        XSS_NAME,
    ]


def test_one_run_has_its_stored_footprint(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get(f"/api/runs/{ids['bloom']}").json()
    assert body["name"] == "bloom" and body["footprint"]["kind"] == "estimate"
    assert body["sample_count"] == 1800 and body["step_count"] == 120
    assert client.get(f"/api/runs/{ids['bloom'][:9]}").json()["id"] == ids["bloom"]


def test_samples_are_downsampled_on_the_server(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get(f"/api/runs/{ids['gpt4-press']}/samples?max_points=50").json()
    per_device = {d: sum(s["device"] == d for s in body["samples"]) for d in ("gpu0", "gpu1")}
    assert all(0 < n <= 50 for n in per_device.values())
    one = client.get(f"/api/runs/{ids['gpt4-press']}/samples?device=gpu0").json()["samples"]
    assert len(one) == 600 and {s["device"] for s in one} == {"gpu0"}


def test_steps_and_phases(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get(f"/api/runs/{ids['gpt4-press']}/steps").json()
    assert len(body["steps"]) == 120 and body["steps"][1]["step"] == 1
    assert [p["name"] for p in body["phases"]] == ["train", "eval"]


def test_power_chart_follows_a_running_run(
    client: TestClient, db: tuple[Path, dict[str, str]], ids: dict[str, str]
) -> None:
    before = client.get(f"/api/runs/{ids['live']}/power?lang=zh").json()
    assert before["status"] == "running"
    assert before["figure"]["layout"]["yaxis"]["title"]["text"] == "功率(瓦)"
    gpu0 = next(t for t in before["figure"]["data"] if t["name"] == "gpu0")
    with RunStore(db[0]) as store:
        record = store.get_run(ids["live"])
        store.append_samples(record.id, power_rows(record.started_at, 5, ("gpu0",), offset=60))
    after = client.get(f"/api/runs/{ids['live']}/power?lang=zh").json()
    assert after["sample_count"] == before["sample_count"] + 5
    gpu0_after = next(t for t in after["figure"]["data"] if t["name"] == "gpu0")
    assert len(gpu0_after["x"]) == len(gpu0["x"]) + 5


def test_power_chart_shows_what_a_tracker_spooled_but_has_not_moved_in(
    client: TestClient, db: tuple[Path, dict[str, str]], ids: dict[str, str]
) -> None:
    before = client.get(f"/api/runs/{ids['live']}/power").json()
    with RunStore(db[0]) as store:  # a tracker's flush: lines in the run's spool file only
        record = store.get_run(ids["live"])
        writer = store.spool_writer(record.id)
        writer.append([r.as_tuple() for r in power_rows(record.started_at, 3, ("gpu0",), 90)])
        writer.close()
    after = client.get(f"/api/runs/{ids['live']}/power").json()
    assert after["sample_count"] == before["sample_count"] + 3


def test_compare_returns_the_runs_in_order(client: TestClient, ids: dict[str, str]) -> None:
    body = client.get(f"/api/compare?ids={ids['bloom']}&ids={ids['gpt4-press']}").json()
    assert [r["name"] for r in body["runs"]] == ["bloom", "gpt4-press"]


def test_estimate_from_text_and_from_an_example(client: TestClient) -> None:
    text = example_path("gpt4-press").read_text(encoding="utf-8")
    body = client.post("/api/estimate", json={"yaml": text, "samples": 2000}).json()
    expected = estimate(example_path("gpt4-press"), samples=2000).to_dict()
    assert body["outputs"] == expected["outputs"]
    named = client.post("/api/estimate", json={"example": "gpt4-press", "samples": 2000}).json()
    assert named["outputs"] == expected["outputs"]
    doubled = client.post(
        "/api/estimate",
        json={"yaml": text.replace("count: 25000", "count: 50000"), "samples": 2000},
    ).json()
    ratio = (
        doubled["outputs"]["accelerator_energy"]["p50"]
        / body["outputs"]["accelerator_energy"]["p50"]
    )
    assert ratio == pytest.approx(2.0, rel=1e-3)


def test_examples_are_listed_and_read_by_name(client: TestClient) -> None:
    body = client.get("/api/examples").json()
    assert "gpt4-press" in body["scenarios"]
    one = client.get("/api/examples/gpt4-press").json()
    assert one["kind"] == "scenario" and one["yaml"].startswith("# The seed article")


def test_audit_of_pasted_claims(client: TestClient) -> None:
    from tests.test_report_html import CLAIMS

    body = client.post("/api/audit", json={"yaml": CLAIMS}).json()
    assert body["summary"] == {"holds": 1, "off": 0, "unit_slip": 0, "off_by_orders": 1}
    assert body["file"] == "pasted"


def test_openapi_documents_the_api_and_the_error_shape(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/runs", "/api/runs/{run_id}", "/api/estimate", "/api/audit"} <= set(
        schema["paths"]
    )
    assert "ErrorBody" in schema["components"]["schemas"]
    assert not any(p.startswith(("/runs", "/scenario", "/static")) for p in schema["paths"])
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_a_tracked_run_shows_with_its_measured_footprint(tmp_path: Path) -> None:
    from wattprint.measure import TrackerConfig, track

    db = tmp_path / "tracked.db"
    config = TrackerConfig(db_path=str(db), sample_interval_s=0.05, flush_interval_s=0.2,
                           mc_samples=500)  # fmt: skip
    with track("tracked", config=config, region="US") as run:
        deadline = time.monotonic() + 0.6
        while time.monotonic() < deadline:
            sum(i * i for i in range(20_000))
            run.step(tokens=100)
    with TestClient(create_app(db)) as client:
        runs = client.get("/api/runs").json()["runs"]
        assert [r["name"] for r in runs] == ["tracked"]
        detail = client.get(f"/api/runs/{runs[0]['id']}").json()
        assert detail["footprint"]["kind"] == "measurement"
        page = client.get(f"/runs/{runs[0]['id']}")
        assert page.status_code == 200 and "tracked" in page.text


def test_many_runs_page_through(tmp_path: Path) -> None:
    db = tmp_path / "many.db"
    with RunStore(db) as store:
        for i in range(120):
            add_run(store, f"run-{i:03d}", None, start_s=1_700_000_000 + i, seconds=5)
    with TestClient(create_app(db)) as client:
        pages = [client.get(f"/api/runs?limit=50&offset={o}").json() for o in (0, 50, 100)]
        assert [len(p["runs"]) for p in pages] == [50, 50, 20]
        assert (
            pages[0]["runs"][0]["name"] == "run-119" and pages[2]["runs"][-1]["name"] == "run-000"
        )
