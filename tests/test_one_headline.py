"""One stored run read through every face: the same headline number under the same label.

``wattprint run --json`` measures a real child process into a real SQLite store; then
``runs list``, ``runs show``, ``runs list --json``, the dashboard's list, run page and
API, the HTML report and the Markdown statement must all show that run's headline energy
(facility energy, × PUE) as the same text to the printed precision, named with its
boundary, in English and in Chinese, and its start time in UTC.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wattprint.chain.outputs import label
from wattprint.cli import main
from wattprint.quantity.display import band, when
from wattprint.report.html import render_html
from wattprint.report.inputs import load_input
from wattprint.report.markdown import render_markdown
from wattprint.store import RunRecord, RunStore
from wattprint.web import create_app

SRC = str(Path(__file__).parent.parent / "src")


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunRecord]:
    """A run measured by ``wattprint run``: its store and its stored record."""
    db = tmp_path_factory.mktemp("one") / "runs.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WATTPRINT_SAMPLE_INTERVAL", "0.1")
        mp.setenv("PYTHONPATH", SRC)
        code = main(["run", "--db", str(db), "--json", "--", sys.executable, "-c", "pass"])
    assert code == 0
    with RunStore(db) as store:
        (record,) = store.list_runs()
    assert record.footprint is not None
    return db, record


def seen(page: str) -> str:
    """What a reader of an HTML page sees: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COLUMNS", "250")
        assert main(list(args)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_face_shows_the_same_headline(
    measured: tuple[Path, RunRecord], capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    db, record = measured
    capsys.readouterr()
    run_id = record.id
    assert record.footprint is not None
    facility = record.footprint["outputs"]["facility_energy"]
    expected = band(facility["p5"], facility["p50"], facility["p95"], facility["unit"], lang)[0]
    title = label("facility_energy", lang)
    started = when(record.started_at)

    faces = {
        "runs list": cli(capsys, "runs", "list", "--db", str(db), "--lang", lang),
        "runs show": cli(capsys, "runs", "show", run_id, "--db", str(db), "--lang", lang),
    }
    with TestClient(create_app(db)) as client:
        faces["dashboard list"] = seen(client.get(f"/?lang={lang}").text)
        faces["dashboard run"] = seen(client.get(f"/runs/{run_id}?lang={lang}").text)
        api = client.get("/api/runs").json()["runs"][0]["headline"]["energy"]
    data = load_input(run_id, db=db)
    faces["HTML report"] = seen(render_html(data, lang))
    faces["Markdown"] = render_markdown(data, lang)
    for face, text in faces.items():
        assert expected in text, f"{face} does not show {expected!r}"
        assert title in text, f"{face} does not name the boundary {title!r}"
    for face in ("runs list", "runs show", "dashboard list", "dashboard run", "HTML report"):
        assert started in faces[face], f"{face} does not give the start in UTC"

    listed = json.loads(cli(capsys, "runs", "list", "--db", str(db), "--json"))[0]["headline"]
    assert api["output"] == listed["energy"]["output"] == "facility_energy"
    assert api["p50"] == listed["energy"]["p50"] == facility["p50"]
    assert band(api["p5"], api["p50"], api["p95"], api["unit"], lang)[0] == expected


def test_run_json_gives_the_headline_the_store_keeps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATTPRINT_SAMPLE_INTERVAL", "0.1")
    monkeypatch.setenv("PYTHONPATH", SRC)
    db = tmp_path / "runs.db"
    assert main(["run", "--db", str(db), "--json", "--", sys.executable, "-c", "pass"]) == 0
    printed = json.loads(capsys.readouterr().out)
    with RunStore(db) as store:
        (record,) = store.list_runs()
    assert record.footprint is not None
    kept = record.footprint["outputs"]["facility_energy"]
    assert printed["headline"]["energy"]["output"] == "facility_energy"
    assert printed["headline"]["energy"]["label"] == "Facility energy (× PUE)"
    assert printed["headline"]["energy"]["p50"] == kept["p50"]
