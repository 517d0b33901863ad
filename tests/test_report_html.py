"""``wattprint report``: one self-contained HTML file (or Markdown) for a run, scenario, claims."""

from __future__ import annotations

import html
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.browser_support import XSS_NAME, fill_store
from wattprint.cli import main
from wattprint.estimate import estimate
from wattprint.examples import example_path
from wattprint.report.html import render_html
from wattprint.report.inputs import ReportInput, is_claims_file, load_input
from wattprint.report.view import shown

CLAIMS = """\
title: {en: "Two claims", zh: 两条说法}
claims:
  - id: gpt4-energy
    text: {en: "one training run uses 24 GWh", zh: 一次训练就要用掉2400万度电}
    published: 2400万度
    recompute: {scenario: gpt4-press.yaml, output: accelerator_energy}
    tolerance: 10%
  - id: a-thousand-times-too-small
    text: {en: "25,000 GPUs x 400 W x 3 months is 24 MWh", zh: 只有 2.4 万度}
    published: 24 MWh
    recompute:
      formula: count * power * duration
      inputs: {count: 25000, power: 400 W, duration: 90 to 100 days}
      unit: J
    tolerance: 10%
"""


@pytest.fixture(scope="module")
def gpt4_html() -> str:
    fp = estimate(example_path("gpt4-press"), samples=2000)
    return render_html(ReportInput("estimate", fp.name, footprint=fp), "en", interactive=True)


@pytest.fixture(scope="module")
def light_html() -> str:
    fp = estimate(example_path("gpt4-press"), samples=2000)
    return render_html(ReportInput("estimate", fp.name, footprint=fp), "en")


def test_a_report_is_light_by_default_with_server_drawn_charts(light_html: str) -> None:
    assert len(light_html.encode()) < 1_000_000  # no plotly.js: cards and charts paint at once
    assert "plotly.js v" not in light_html.lower()
    svgs = re.findall(r'<svg class="chart-static" role="img" aria-label="([^"]+)"', light_html)
    assert svgs[:3] == ["Where the energy goes", "Every output with its p5–p95 band",
                        "What drives the spread"]  # fmt: skip
    assert "能量去向" in svgs  # the Chinese block draws its own
    assert "Grid → IT equipment: 38 GWh" in light_html  # values as text: flows, and
    assert re.search(r">\+0\.9\d<", light_html)  # the drivers' rank correlations
    markup = re.sub(r"<script>.*?</script>", "", light_html, flags=re.S)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)  # offline


@pytest.fixture
def claims_file(tmp_path: Path) -> Path:
    shutil.copy(example_path("gpt4-press"), tmp_path / "gpt4-press.yaml")
    path = tmp_path / "claims.yaml"
    path.write_text(CLAIMS, encoding="utf-8")
    return path


def figures(text: str) -> dict[str, dict]:
    """The plotly specs a page embeds, by element id."""
    found = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', text, re.S)
    return {name: json.loads(body) for name, body in found}


def test_the_report_is_self_contained(gpt4_html: str) -> None:
    markup = re.sub(r"<script>.*?</script>", "", gpt4_html, flags=re.S)  # plotly.js names URLs
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
    assert "@import" not in gpt4_html and "@font-face" not in gpt4_html
    assert "<link" not in gpt4_html
    assert "Plotly" in gpt4_html and len(gpt4_html) > 3_000_000  # plotly.js is inside
    assert "<script src" not in gpt4_html


def test_the_report_holds_both_languages(gpt4_html: str) -> None:
    assert 'data-lang-block="en"' in gpt4_html and 'data-lang-block="zh"' in gpt4_html
    assert "Where the energy goes" in gpt4_html and "能量去向" in gpt4_html
    assert "万度" in gpt4_html and "GWh" in gpt4_html
    assert '<html lang="en" data-lang="en">' in gpt4_html


def test_the_report_shows_the_json_numbers(gpt4_html: str) -> None:
    fp = estimate(example_path("gpt4-press"), samples=2000)
    specs = figures(gpt4_html)
    assert {"en-sankey", "en-bands", "en-drivers", "zh-sankey", "zh-bands", "zh-drivers"} <= set(
        specs
    )
    bands = specs["en-bands"]["data"][0]
    accel = bands["y"].index("Accelerator energy")
    assert bands["x"][accel] == pytest.approx(fp["accelerator_energy"].p50 / 1e6)
    for source in fp.sources:
        assert html.escape(source.value_text, quote=False) in gpt4_html
    for line in fp.assumptions:
        assert html.escape(line, quote=False) in gpt4_html
    energy = shown(fp["facility_energy"], "en")
    assert f'<div class="card-value">{energy.p50} <span class="unit">GWh</span></div>' in gpt4_html


def test_user_text_is_escaped_in_the_report(tmp_path: Path) -> None:
    scenario = tmp_path / "xss.yaml"
    text = example_path("gpt4-press").read_text(encoding="utf-8")
    scenario.write_text(re.sub(r"^name: .*$", f'name: "{XSS_NAME}"', text, flags=re.M), "utf-8")
    page = render_html(load_input(str(scenario), samples=500), "zh")
    assert XSS_NAME not in page
    assert html.escape(XSS_NAME) in page


def test_a_run_report_has_the_power_chart_and_facts(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    ids = fill_store(db)
    data = load_input(ids["gpt4-press"], db=db)
    assert data.run is not None and data.footprint is not None
    page = render_html(data, "en", interactive=True)
    power = figures(page)["en-power"]
    assert {t["name"] for t in power["data"]} == {"gpu0", "gpu1", "cpu-package0", "steps"}
    assert "About this run" in page and ids["gpt4-press"] in page
    live = render_html(load_input(ids["live"], db=db), "en")
    assert "No footprint stored for this run" in live
    light = render_html(data, "en")
    assert '<svg class="chart-preview" role="img" aria-label="Power over time"' in light


def test_claims_files_are_told_from_scenarios(claims_file: Path, tmp_path: Path) -> None:
    assert is_claims_file(claims_file)
    assert not is_claims_file(example_path("gpt4-press"))
    (tmp_path / "list.yaml").write_text("- claims\n", encoding="utf-8")
    assert not is_claims_file(tmp_path / "list.yaml")


def test_a_claims_report_shows_each_verdict(claims_file: Path) -> None:
    data = load_input(str(claims_file))
    assert data.kind == "audit"
    page = render_html(data, "en")
    assert 'class="verdict verdict-holds"' in page
    assert 'class="verdict verdict-off_by_orders"' in page
    assert "2400万度" in page and "相差几个数量级" in page


def test_cli_writes_html_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "gpt4.html"
    scenario = str(example_path("gpt4-press"))
    assert main(["report", scenario, "--html", str(out), "--samples", "500", "--lang", "zh"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert '<html lang="zh-CN" data-lang="zh">' in out.read_text(encoding="utf-8")
    assert "works offline" in capsys.readouterr().out
    assert main(["report", scenario, "--format", "md", "--samples", "500"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("## Energy and carbon\n") and "| Facility energy (× PUE) |" in text
    md = tmp_path / "card.md"
    assert main(["report", scenario, "--format", "md", "-o", str(md), "--lang", "zh"]) == 0
    assert md.read_text(encoding="utf-8").startswith("## 能耗与碳排放")


def test_cli_reports_a_stored_run_and_a_claims_file(tmp_path: Path, claims_file: Path) -> None:
    db = tmp_path / "runs.db"
    ids = fill_store(db)
    out = tmp_path / "run.html"
    assert main(["report", ids["bloom"][:10], "--html", str(out), "--db", str(db)]) == 0
    assert "bloom" in out.read_text(encoding="utf-8")
    audit = tmp_path / "claims.html"
    assert main(["report", str(claims_file), "--html", str(audit)]) == 0
    assert "Two claims" in audit.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["examples/gpt4-press.yaml"], "no report format; expected --html OUT or --format md"),
        (["examples/gpt4-press.yaml", "--format", "html"], "no output file for the HTML report"),
        (["examples/gpt4-press.yaml", "--format", "md", "--html", "x.html"], "--html writes HTML"),
        (["nothing/here.yaml", "--format", "md"], "no such file; got 'nothing/here.yaml'"),
        (["abc123", "--format", "md"], "no run with id 'abc123'"),
    ],
)
def test_cli_errors_exit_2_with_a_message(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", *args, "--db", str(tmp_path / "empty.db")]) == 2
    assert message in capsys.readouterr().err


def test_a_stored_projection_is_drawn_and_listed(tmp_path: Path) -> None:
    from wattprint.store import RunStore

    db = tmp_path / "runs.db"
    ids = fill_store(db)
    projection = {"total_steps": 10_000, "measured_steps": 120, "energy_p50_j": 3.2e9,
                  "duration_p50_s": 5000.0, "footprint": {"outputs": {}}}  # fmt: skip
    with RunStore(db) as store:
        store.finish_run(ids["bloom"], ended_at=time.time(), status="complete",
                         totals={"projection": projection})  # fmt: skip
    data = load_input(ids["bloom"], db=db)
    page = render_html(data, "en", interactive=True)
    line = next(s for s in figures(page)["en-power"]["layout"]["shapes"] if s["type"] == "line")
    assert line["x0"] == 5000.0
    assert "<dt>total_steps</dt><dd>10,000</dd>" in page
    assert "<dt>energy_p50_j</dt><dd>3,200,000,000</dd>" in page
    assert "<dt>footprint</dt>" not in page


def test_markdown_for_a_run_and_for_claims(
    tmp_path: Path, claims_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "runs.db"
    ids = fill_store(db)
    assert main(["report", ids["gpt4-press"], "--format", "md", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "Measured with wattprint" in text and "(10 min 00 s)" in text
    assert main(["report", ids["live"], "--format", "md", "--db", str(db)]) == 0
    assert "No footprint was stored for this run." in capsys.readouterr().out
    assert main(["report", str(claims_file), "--format", "md", "--lang", "zh"]) == 0
    text = capsys.readouterr().out
    assert "- **成立**: 一次训练就要用掉2400万度电" in text
    assert "- **相差几个数量级(×0.00111)**: 只有 2.4 万度" in text


def test_a_claims_report_embeds_no_chart_library(claims_file: Path) -> None:
    from wattprint.report.html import render_html
    from wattprint.report.inputs import load_input

    page = render_html(load_input(str(claims_file)), "en")
    assert "plotly.js v" not in page.lower() and len(page.encode()) < 1_000_000
    assert "data-set-lang" in page and "setLang" in page  # the language switch still works
