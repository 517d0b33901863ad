"""The dashboard's pages, in both languages, over a real run store."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.test_report_html import CLAIMS
from wattprint.estimate import estimate
from wattprint.examples import example_path
from wattprint.report.view import shown
from wattprint.web import create_app

GPT4 = example_path("gpt4-press").read_text(encoding="utf-8")


def pages(ids: dict[str, str]) -> list[str]:
    return [
        "/",
        f"/runs/{ids['gpt4-press']}",
        f"/runs/{ids['live']}",
        f"/compare?ids={ids['gpt4-press']}&ids={ids['bloom']}",
        "/compare",
        "/scenario",
        "/audit",
        "/api-docs",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_renders_in_both_languages(
    env: tuple[TestClient, dict[str, str]], lang: str
) -> None:
    client, ids = env
    for url in pages(ids):
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}lang={lang}")
        assert response.status_code == 200, url
        text = response.text
        assert f'data-lang="{lang}"' in text, url
        assert ("运行记录" in text) == (lang == "zh"), url  # the navigation's first link
        switch = re.search(r'class="lang-switch" href="([^"]+)"', text)
        assert switch is not None and f"lang={'en' if lang == 'zh' else 'zh'}" in switch.group(1)


def test_pages_load_nothing_from_the_network(env: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = env
    for url in pages(ids):
        text = client.get(url).text
        assert not re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", text), url
    assert client.get("/static/plotly.min.js").text.startswith("/**")
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")


def test_runs_page_sorts_filters_and_pages(client: TestClient) -> None:
    text = client.get("/?sort=name&order=asc&limit=2").text
    names = re.findall(r'<td class="run-name"><a href="[^"]+">([^<]+)</a>', text)
    assert names == ["&lt;script&gt;alert(1)&lt;/script&gt;", "bloom"]
    assert 'rel="next" href="/?sort=name&amp;order=asc&amp;limit=2&amp;offset=2"' in text
    assert "1–2 of 4" in text
    filtered = client.get("/?tag=model%3Dbloom&status=complete").text
    assert re.findall(r'<td class="run-name"><a href="[^"]+">([^<]+)</a>', filtered) == ["bloom"]
    empty = client.get("/?name=nothing-like-this").text
    assert "No runs match" in empty


def test_run_page_shows_footprint_numbers_and_live_url(
    env: tuple[TestClient, dict[str, str]],
) -> None:
    client, ids = env
    text = client.get(f"/runs/{ids['gpt4-press']}").text
    fp = estimate(example_path("gpt4-press"), samples=2000)
    energy = shown(fp["facility_energy"], "en")
    assert (
        f'<div class="card-value">{energy.p50} <span class="unit">{energy.unit}</span></div>'
        in text
    )
    assert 'id="power-figure"' in text and "data-live-url" not in text
    assert '<script defer src="/static/plotly.min.js' in text  # the page paints first
    live = client.get(f"/runs/{ids['live']}?lang=zh").text
    assert live.count('<svg class="chart-preview"') == 1  # drawn before plotly.js loads
    assert f'data-live-url="/api/runs/{ids["live"]}/power?lang=zh&amp;max_points=2000"' in live
    assert "运行中" in live


def test_run_report_downloads_as_one_html_file(env: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = env
    response = client.get(f"/runs/{ids['bloom']}/report.html")
    assert response.status_code == 200
    assert (
        response.headers["content-disposition"]
        == f'attachment; filename="wattprint-{ids["bloom"]}.html"'
    )
    assert 'data-lang-block="zh"' in response.text


def test_compare_page_puts_runs_side_by_side(env: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = env
    text = client.get(f"/compare?ids={ids['gpt4-press']}&ids={ids['bloom']}").text
    assert 'data-output="facility_energy"' in text and 'id="compare-figure"' in text
    assert "Choose at least two runs" in client.get(f"/compare?ids={ids['bloom']}").text


def test_scenario_page_recomputes_the_edited_scenario(client: TestClient) -> None:
    first = client.get("/scenario").text
    assert "GPT-4 training, as reported in the press" in first
    edited = client.post("/scenario", data={"yaml": GPT4.replace("count: 25000", "count: 2500")})
    assert edited.status_code == 200
    expected = shown(estimate(example_path("gpt4-press"))["facility_energy"], "en")
    assert f"{expected.p50} <span" in first
    numbers = re.findall(
        r'<div class="card-value">([^<]+) <span class="unit">([^<]+)<', edited.text
    )
    assert numbers[0] != (expected.p50, expected.unit)
    other = client.get("/scenario?example=bloom-176b&lang=zh").text
    assert "BLOOM" in other and "重新计算" in other


def test_scenario_errors_name_the_field(client: TestClient) -> None:
    response = client.post(
        "/scenario?lang=zh", data={"yaml": GPT4.replace("count: 25000", "count: -1")}
    )
    assert response.status_code == 422
    assert '<code class="error-field">hardware.count</code>' in response.text
    assert "count: -1" in response.text  # the text typed is kept in the editor
    assert client.get("/scenario?example=../../etc/passwd").status_code == 404


def test_audit_page_shows_verdicts(client: TestClient) -> None:
    response = client.post("/audit", data={"yaml": CLAIMS})
    assert response.status_code == 200
    assert 'class="verdict verdict-holds"' in response.text
    assert "one training run uses 24 GWh" in response.text
    zh = client.post("/audit?lang=zh", data={"yaml": CLAIMS})
    assert "一次训练就要用掉2400万度电" in zh.text and "成立" in zh.text
    bad = client.post("/audit", data={"yaml": "claims: 3\n"})
    assert bad.status_code == 422 and 'class="error-field">claims<' in bad.text


def test_api_docs_page_lists_the_api(client: TestClient) -> None:
    text = client.get("/api-docs").text
    assert "<code>/api/runs/{run_id}/power</code>" in text
    assert "/openapi.json" in text


def test_an_empty_store_shows_a_hint(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "new.db")) as client:
        assert "wattprint run -- CMD" in client.get("/").text


def test_a_yaml_error_names_its_line_and_column_and_an_unknown_run_is_404(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from wattprint.web import create_app

    client = TestClient(create_app(tmp_path / "runs.db"))
    bad = "name: x\nhardware:\n  count: [1,\n  power: 3\n"
    page = client.post("/scenario", data={"yaml": bad})
    assert page.status_code == 422
    assert "malformed YAML (column 1)" in page.text and 'role="alert"' in page.text
    assert '<div class="error-line">line 5</div>' in page.text
    for path in ("/runs/not-a-run", "/runs/abcdef0123", "/api/runs/not-a-run"):
        assert client.get(path).status_code == 404, path


def test_runs_sort_by_energy_and_carbon_with_totals_of_the_filtered_runs(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tests.browser_support import fill_store
    from wattprint.store import RunStore
    from wattprint.web import create_app

    db = tmp_path / "runs.db"
    fill_store(db)
    client = TestClient(create_app(db))
    names = re.compile(r'class="run-name"><a [^>]*>([^<]*)<')
    with RunStore(db) as store:
        energy = {
            r.name: r.footprint["outputs"]["facility_energy"]["p50"]
            for r in store.list_runs()
            if r.footprint
        }
    largest_first = [
        html.unescape(n) for n in names.findall(client.get("/?sort=energy&order=desc").text)
    ]
    assert largest_first[-1] == "live"  # no footprint: last
    assert energy[largest_first[0]] == max(energy.values())
    assert names.findall(client.get("/?sort=energy&order=asc").text)[1] == "bloom"
    assert client.get("/?sort=carbon").status_code == 200
    # bloom alone: the totals are its own medians; every run tagged team=nlp: their sum
    page = client.get("/?name=bloom").text
    assert "All matching runs:" in page
    page = client.get("/?tag=team%3Dnlp").text
    assert "All matching runs:" in page and "(sums of medians)" in page


def test_the_editor_downloads_the_edited_scenario_and_its_report(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from wattprint.examples import example_path
    from wattprint.web import create_app

    client = TestClient(create_app(tmp_path / "runs.db"))
    text = example_path("gpt4-press").read_text(encoding="utf-8").replace("25000", "1000")
    page = client.get("/scenario").text
    assert 'formaction="/scenario/download' in page and 'value="report"' in page
    saved = client.post("/scenario/download", data={"yaml": text, "what": "scenario"})
    assert saved.status_code == 200 and saved.text == text
    assert 'filename="scenario.yaml"' in saved.headers["content-disposition"]
    report = client.post("/scenario/download", data={"yaml": text, "what": "report"})
    assert (
        report.status_code == 200
        and "wattprint-scenario.html" in report.headers["content-disposition"]
    )
    assert "GPT-4 training" in report.text and len(report.content) < 1_000_000
    bad = client.post("/scenario/download", data={"yaml": "name: [", "what": "report"})
    assert bad.status_code == 422


def test_compare_normalised_per_step_token_and_hour(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tests.browser_support import fill_store
    from wattprint.store import RunStore
    from wattprint.web import create_app

    db = tmp_path / "runs.db"
    ids = fill_store(db)
    with RunStore(db) as store:
        run = store.get_run(ids["bloom"])
    client = TestClient(create_app(db))
    base = f"/compare?ids={ids['bloom']}&ids={ids['gpt4-press']}"
    whole = client.get(base)
    hourly = client.get(base + "&per=hour")
    assert whole.status_code == hourly.status_code == 200
    assert 'value="hour" selected' in hourly.text
    assert whole.text != hourly.text  # per hour: every output divided by the run's hours
    assert run.duration_s and run.duration_s > 0
    assert client.get(base + "&per=week").status_code == 422


def test_normalising_divides_by_what_the_run_did_or_is_absent() -> None:
    from wattprint.chain.result import Footprint, OutputSummary
    from wattprint.report.compare import normalised, per_unit

    assert per_unit({"step_count": 4}, 7200.0, "step") == 4.0
    assert per_unit({}, 7200.0, "hour") == 2.0  # 7,200 s = 2 h
    assert per_unit({}, None, "hour") is None
    assert per_unit({"token_count": 0}, 10.0, "token") is None  # no tokens counted: absent
    fp = Footprint("x", "measurement", {"it_energy": OutputSummary(2.0, 4.0, 6.0, "kWh")})
    half = normalised(fp, 2.0)
    assert half is not None and (half["it_energy"].p5, half["it_energy"].p50) == (1.0, 2.0)
    assert normalised(fp, None) is None
