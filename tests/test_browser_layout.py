"""Pages that survive a narrow window: charts keep their size after a real resize to
1400, 1000, 700 and 420 px, and the page never scrolls sideways (tables scroll inside
their own box), in the HTML report and on the dashboard (issue 15 item 5)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import missing_browser, screenshot, wait_for
from tests.test_browser import Site, browser, site  # noqa: F401 - the shared fixtures

pytestmark = pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))
WIDTHS = (1400, 1000, 700, 420)

# Every drawn chart: [box height, drawn svg height, box bottom, next element's top].
CHART_BOXES = """
return Array.from(document.querySelectorAll('.chart[data-figure]'))
  .filter(function (d) { return d.offsetParent !== null && d.querySelector('.main-svg'); })
  .map(function (d) {
    var box = d.getBoundingClientRect();
    var svg = d.querySelector('.main-svg').getBoundingClientRect();
    var next = d.nextElementSibling;
    while (next && next.getClientRects().length === 0) { next = next.nextElementSibling; }
    if (!next) {
      next = d.parentElement.nextElementSibling;
      while (next && next.getClientRects().length === 0) { next = next.nextElementSibling; }
    }
    var top = next ? next.getBoundingClientRect().top : box.bottom;
    return [box.height, svg.height, box.bottom, top];
  });
"""


def check_every_width(driver: Any, name: str) -> None:
    for width in WIDTHS:
        driver.set_window_size(width, 900)
        time.sleep(0.6)  # plotly refits to its box on the resize event (debounced)
        boxes = driver.execute_script(CHART_BOXES)
        assert boxes, f"{name} at {width}px: no chart drawn"
        for box_h, svg_h, bottom, next_top in boxes:
            assert box_h >= 150 and abs(box_h - svg_h) <= 2, (name, width, box_h, svg_h)
            assert next_top >= bottom - 1, f"{name} at {width}px: a chart paints over the next"
        wide = driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert wide <= 1, f"{name} at {width}px scrolls sideways by {wide}px"
        screenshot(driver, f"{name}-{width}")


def test_the_report_keeps_its_charts_at_every_width(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    from wattprint.cli import main

    out = tmp_path / "gpt4.html"
    args = ["report", "gpt4-press", "--html", str(out), "--samples", "1000"]
    assert main([*args, "--format", "interactive"]) == 0
    browser.set_window_size(1400, 900)
    browser.get(out.as_uri())
    wait_for(browser, "document.querySelectorAll('.chart .main-svg').length >= 3")
    check_every_width(browser, "report")
    assert main(args) == 0  # the light report: its SVG charts scale with the page
    browser.get(out.as_uri())
    for width in WIDTHS:
        browser.set_window_size(width, 900)
        time.sleep(0.3)
        wide = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert wide <= 1, f"light report at {width}px scrolls sideways by {wide}px"
        screenshot(browser, f"report-light-{width}")


def test_the_dashboard_keeps_its_charts_at_every_width(browser: Any, site: Site) -> None:  # noqa: F811
    url, ids, _ = site
    browser.set_window_size(1400, 900)
    browser.get(f"{url}/runs/{ids['bloom']}")
    wait_for(browser, "document.querySelectorAll('.chart .main-svg').length >= 3")
    check_every_width(browser, "dashboard-run")
    browser.set_window_size(420, 900)
    browser.get(url + "/")
    widths = browser.execute_script(
        "return Array.from(document.querySelectorAll('td.run-name')).map("
        "function (c) { return c.getBoundingClientRect().width; })"
    )
    assert widths and min(widths) >= 80, f"run names squeezed to {widths}"  # not a letter a line
    browser.set_window_size(1400, 900)
