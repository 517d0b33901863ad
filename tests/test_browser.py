"""The dashboard and the HTML report in a real headless Chromium, with the network blocked.

Debian's ``chromium`` and ``chromium-driver`` (installed by ``scripts/test``); skipped
with the reason where they are missing. Screenshots of every page go to test-artifacts/.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import (
    XSS_NAME,
    add_run,
    chromium,
    fill_store,
    live_server,
    missing_browser,
    power_rows,
    screenshot,
    wait_for,
)
from tests.test_report_html import CLAIMS

pytestmark = pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))

Site = tuple[str, dict[str, str], Path]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from wattprint.web import create_app
    from wattprint.web.app import LOOPBACK_HOSTS

    db = tmp_path_factory.mktemp("browser") / "runs.db"
    ids = fill_store(db)
    with live_server(create_app(db, hosts=LOOPBACK_HOSTS)) as url:
        yield url, ids, db


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(offline=True) as driver:
        yield driver


def no_alert(driver: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - reading it is the check


def click_and_load(driver: Any, selector: str) -> None:
    """Click a submit button and wait until the next page has loaded."""
    driver.execute_script("document.documentElement.dataset.stale = '1'")
    css(driver, selector)[0].click()
    wait_for(
        driver, "!document.documentElement.dataset.stale && document.readyState === 'complete'"
    )


def css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def test_runs_list_shows_the_runs_and_names_as_text(browser: Any, site: Site) -> None:
    url, ids, _ = site
    browser.get(url + "/")
    names = [a.text for a in css(browser, "td.run-name > a")]
    assert names == ["live", XSS_NAME, "bloom", "gpt4-press"]
    no_alert(browser)
    assert browser.execute_script("return window.__xss === undefined")
    assert XSS_NAME in browser.find_element("tag name", "body").text
    screenshot(browser, "dashboard-runs")
    browser.get(url + "/?lang=zh")
    assert css(browser, "h1")[0].text == "运行记录"
    screenshot(browser, "dashboard-runs-zh")


def test_a_run_page_draws_its_power_chart_and_footprint(browser: Any, site: Site) -> None:
    url, ids, _ = site
    browser.get(f"{url}/runs/{ids['xss']}")
    wait_for(browser, "document.querySelector('#power-chart .main-svg') !== null")
    traces = browser.execute_script("return document.getElementById('power-chart').data.length")
    assert traces == 4  # three devices and the steps
    assert css(browser, "#power-chart .chart-preview") == []  # the static preview made way
    wait_for(browser, "document.querySelector('.sankey') !== null")
    assert css(browser, "h1.run-title")[0].text == XSS_NAME
    no_alert(browser)
    screenshot(browser, "dashboard-run")
    browser.get(f"{url}/compare?ids={ids['xss']}&ids={ids['bloom']}")  # names inside charts too
    wait_for(browser, "document.querySelector('.chart .main-svg') !== null")
    no_alert(browser)
    assert XSS_NAME in css(browser, "table.compare thead")[0].text


def test_a_running_run_updates_live(browser: Any, site: Site) -> None:
    from wattprint.store import RunStore

    url, _, db = site
    with RunStore(db) as store:
        run_id = add_run(store, "growing", None, start_s=time.time() - 30, seconds=30, running=True)
    browser.get(f"{url}/runs/{run_id}")
    wait_for(browser, "document.querySelector('#power-chart .main-svg') !== null")
    length = "document.getElementById('power-chart').data[0].x.length"
    before = browser.execute_script(f"return {length}")
    with RunStore(db) as store:
        start = store.get_run(run_id).started_at
        store.append_samples(
            run_id, power_rows(start, 10, ("cpu-package0", "gpu0", "gpu1"), offset=30)
        )
        store.heartbeat(run_id, start + 40)
    wait_for(browser, f"{length} >= {before + 10}", timeout_s=15)
    assert (
        int(browser.execute_script("return document.getElementById('power-chart').dataset.polls"))
        >= 1
    )
    screenshot(browser, "dashboard-run-live")
    with RunStore(db) as store:
        store.finish_run(run_id, ended_at=start + 40, status="complete")
    wait_for(browser, "document.querySelector('.badge.status-complete') !== null", timeout_s=15)


def test_compare_two_runs_from_the_list(browser: Any, site: Site) -> None:
    url, ids, _ = site
    browser.get(url + "/")
    button = css(browser, "#compare-form button[type=submit]")[0]
    assert not button.is_enabled()
    for run_id in (ids["gpt4-press"], ids["bloom"]):
        css(browser, f"input[name=ids][value='{run_id}']")[0].click()
    assert button.is_enabled()
    click_and_load(browser, "#compare-form button[type=submit]")
    wait_for(browser, "document.querySelector('.chart .main-svg') !== null")
    headers = [th.text.split("\n")[0] for th in css(browser, "table.compare thead th")][1:]
    assert headers == ["bloom", "gpt4-press"]  # in the order of the list
    screenshot(browser, "dashboard-compare")


def _card_values(browser: Any) -> list[str]:
    return [c.text for c in css(browser, ".card .card-value")]


def test_edit_a_scenario_and_see_the_numbers_change(browser: Any, site: Site) -> None:
    url, _, _ = site
    browser.get(url + "/scenario")
    wait_for(browser, "document.querySelector('.sankey') !== null")
    before = _card_values(browser)
    browser.execute_script(
        "const t = document.getElementById('scenario-yaml');"
        "t.value = t.value.replace('count: 25000', 'count: 5000');"
    )
    click_and_load(browser, "#recompute")
    wait_for(browser, "document.querySelector('.sankey') !== null")
    after = _card_values(browser)
    assert after and after[0] != before[0]
    assert "count: 5000" in css(browser, "#scenario-yaml")[0].get_attribute("value")
    screenshot(browser, "dashboard-scenario")
    browser.execute_script(
        "const t = document.getElementById('scenario-yaml');"
        "t.value = t.value.replace('count: 5000', 'count: many');"
    )
    click_and_load(browser, "#recompute")
    assert css(browser, "#scenario-error")
    assert css(browser, ".error-field")[0].text == "hardware.count"
    screenshot(browser, "dashboard-scenario-error")


def test_load_an_audit(browser: Any, site: Site) -> None:
    url, _, _ = site
    browser.get(url + "/audit?lang=zh")
    browser.execute_script("document.getElementById('claims-yaml').value = arguments[0];", CLAIMS)
    click_and_load(browser, "#check")
    verdicts = [v.text for v in css(browser, "table.claims .verdict")]
    assert verdicts[0] == "成立" and len(verdicts) == 2
    screenshot(browser, "dashboard-audit")


def test_the_html_report_renders_offline(browser: Any, site: Site, tmp_path: Path) -> None:
    from wattprint.report.html import render_html
    from wattprint.report.inputs import load_input

    _, ids, db = site
    out = tmp_path / "report.html"
    page = render_html(load_input(ids["gpt4-press"], db=db), "en", interactive=True)
    out.write_text(page, encoding="utf-8")
    browser.get(out.as_uri())
    wait_for(
        browser, "document.querySelector('[data-lang-block=en] .sankey .sankey-node') !== null"
    )
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert (
        browser.execute_script(
            "return document.querySelectorAll('[data-lang-block=en] .main-svg').length"
        )
        >= 4
    )
    screenshot(browser, "report-run")
    css(browser, "button[data-set-lang=zh]")[0].click()
    wait_for(
        browser, "document.querySelector('[data-lang-block=zh] .sankey .sankey-node') !== null"
    )
    assert "能量去向" in browser.find_element("tag name", "body").text
    screenshot(browser, "report-run-zh")


def test_a_scenario_report_renders_offline(browser: Any, tmp_path: Path) -> None:
    from wattprint.cli import main

    out = tmp_path / "gpt4.html"
    scenario = Path(__file__).parent.parent / "examples" / "gpt4-press.yaml"
    assert main(["report", str(scenario), "--html", str(out), "--samples", "2000"]) == 0
    browser.get(out.as_uri())  # the light report: server-drawn SVG, no chart library
    wait_for(browser, "document.querySelectorAll('svg.chart-static').length >= 3")
    assert browser.execute_script("return window.Plotly === undefined")
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    screenshot(browser, "report-scenario")


def test_no_dashboard_page_breaks_its_content_security_policy(site: Site) -> None:
    url, ids, _ = site
    record = (
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    with chromium(offline=True) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": record})
        for page, drawn in ((f"/runs/{ids['gpt4-press']}", "#power-chart .main-svg"),
                            ("/scenario", ".chart .main-svg"), ("/audit", "main"),
                            (f"/compare?ids={ids['xss']}&ids={ids['bloom']}", ".chart .main-svg"),
                            ("/", "main"), ("/api-docs", "main")):  # fmt: skip
            driver.get(url + page)
            wait_for(driver, f"document.querySelector({drawn!r}) !== null")
            time.sleep(0.3)  # let late style insertions report
            assert driver.execute_script("return window.__csp") == [], page
