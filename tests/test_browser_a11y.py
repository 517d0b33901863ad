"""Accessibility: axe-core (tests/vendor/axe.min.js, 4.14.1 from `npm pack axe-core`) run in
the headless Chromium on every dashboard page and both kinds of report; no serious or
critical violation is allowed (issue 15 item 9)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import missing_browser, wait_for
from tests.test_browser import Site, browser, site  # noqa: F401 - the shared fixtures

pytestmark = pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")


def violations(driver: Any) -> list[str]:
    """Serious and critical axe violations of the loaded page, one line each."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(function (r) { done(JSON.stringify(r.violations)); })"
        ".catch(function (e) { done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
        " help: String(e), nodes: []}])); });"
    )
    found = json.loads(result)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v.get("impact") in BLOCKING
    ]


def test_every_dashboard_page_passes_axe(browser: Any, site: Site) -> None:  # noqa: F811
    url, ids, _ = site
    pages = {
        "runs": "/",
        "runs-zh": "/?lang=zh",
        "run": f"/runs/{ids['bloom']}",
        "compare": f"/compare?ids={ids['bloom']}&ids={ids['gpt4-press']}",
        "scenario": "/scenario?example=gpt4-press",
        "audit": "/audit",
        "jobs": "/jobs",
        "not-found": "/runs/no-such-run",
    }
    browser.set_window_size(1400, 900)
    failed = {}
    for name, path in pages.items():
        browser.get(url + path)
        wait_for(browser, "document.readyState === 'complete'")
        found = violations(browser)
        if found:
            failed[name] = found
    assert failed == {}


@pytest.mark.parametrize("fmt", ["html", "interactive"])
def test_the_reports_pass_axe(browser: Any, tmp_path: Path, fmt: str) -> None:  # noqa: F811
    from wattprint.cli import main

    out = tmp_path / "report.html"
    args = ["report", "gpt4-press", "--html", str(out), "--samples", "500", "--format", fmt]
    assert main(args) == 0
    browser.get(out.as_uri())
    wait_for(browser, "document.readyState === 'complete'")
    assert violations(browser) == []


def test_the_check_finds_a_known_violation(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="en"><body><main><img src="x.png">'
        "<button></button></main></body></html>",
        encoding="utf-8",
    )
    browser.get(bad.as_uri())
    found = violations(browser)
    assert any(line.startswith("image-alt") for line in found), found
    assert any(line.startswith("button-name") for line in found), found
