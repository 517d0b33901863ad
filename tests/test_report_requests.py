"""Measured requests on a run's report (HTML, Markdown) and its dashboard page (issue 12)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.browser_support import add_run
from wattprint.estimate import estimate
from wattprint.examples import example_path
from wattprint.report.html import render_html
from wattprint.report.inputs import ReportInput, load_run
from wattprint.report.markdown import render_markdown
from wattprint.store import RunStore
from wattprint.store.requests import RequestRow, put_requests
from wattprint.web import create_app

# four requests, 10 output tokens each, 10 + 20 + 30 + 40 = 100 J measured:
# 25 J per request, 100 J / 40 tokens = 2.5 J per output token
ROWS = [RequestRow(1000.0 + i, 1.0, 5, 10, 10.0 * (i + 1)) for i in range(4)]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("requests") / "runs.db"
    fp = estimate(example_path("gpt4-press"), samples=500).to_dict()
    with RunStore(path) as store:
        served = add_run(store, "served", fp, start_s=time.time() - 600)
        plain = add_run(store, "plain", fp, start_s=time.time() - 300)
        put_requests(store, served, ROWS)
    return path, served, plain


def report(path: Path, run_id: str, lang: str) -> tuple[str, str]:
    with RunStore(path) as store:
        run = load_run(store, run_id)
    data = ReportInput(run.record.kind, run.record.name, footprint=run.footprint, run=run)
    return render_markdown(data, lang), render_html(data, lang)


def test_the_markdown_and_html_reports_show_count_per_request_per_token_and_rule(
    db: tuple[Path, str, str],
) -> None:
    markdown, html = report(db[0], db[1], "en")
    assert "*Requests served (measured)*" in markdown
    assert "- 4 requests; energy per request 25 J; energy per output token 2.5 J" in markdown
    assert "energy shared by tokens among requests in flight" in markdown
    for text in ("Requests served (measured)", "4 requests", "25 J", "2.5 J", "idle time"):
        assert text in html


def test_the_block_speaks_chinese(db: tuple[Path, str, str]) -> None:
    markdown, html = report(db[0], db[1], "zh")
    assert "已服务请求(实测)" in markdown and "4次请求" in markdown
    assert "每次请求能耗" in html and "按 token 数分摊" in html


def test_a_run_without_requests_has_no_block(db: tuple[Path, str, str]) -> None:
    markdown, html = report(db[0], db[2], "en")
    assert "Requests served" not in markdown and "Requests served" not in html


def test_the_dashboard_run_page_shows_the_block(db: tuple[Path, str, str]) -> None:
    with TestClient(create_app(db[0])) as client:
        served = client.get(f"/runs/{db[1]}").text
        plain = client.get(f"/runs/{db[2]}").text
    assert "Requests served (measured)" in served and "4 requests" in served
    assert "25 J" in served and "2.5 J" in served
    assert "Requests served" not in plain
