"""Malformed input gets a 4xx in one shape, never a 500; user text is escaped; no request
path reaches the file system; ``serve`` binds loopback unless told otherwise."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.browser_support import XSS_NAME
from wattprint.cli import main
from wattprint.cli.serve_cmd import is_loopback
from wattprint.examples import example_path
from wattprint.web import create_app

GPT4 = example_path("gpt4-press").read_text(encoding="utf-8")


def problem(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """Assert the canonical error shape and return its fields."""
    assert response.status_code == status, response.text
    body = response.json()
    assert list(body) == ["error"]
    error = body["error"]
    assert list(error) == ["status", "title", "detail", "field"]
    assert error["status"] == status and error["title"] and error["detail"]
    if field is not None:
        assert error["field"] == field
    return dict(error)


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/nothing", 404, None),
        ("/api/runs?limit=0", 422, "limit"),
        ("/api/runs?limit=abc", 422, "limit"),
        ("/api/runs?offset=-1", 422, "offset"),
        ("/api/runs?offset=99999999999999999999999", 422, "offset"),
        ("/api/runs?sort=pid", 422, "sort"),
        ("/api/runs?sort=name;DROP TABLE runs", 422, "sort"),
        ("/api/runs?status=zombie", 422, "status"),
        ("/api/runs?since=yesterday", 422, "since"),
        ("/api/runs?until=2025-02-30", 422, "until"),
        ("/api/runs?tag==x", 422, "tag"),
        ("/api/runs?name=" + "x" * 300, 422, "name"),
        ("/api/runs/not-hex", 404, "run_id"),  # not the id of any run: not found
        ("/api/runs/abcdef0123", 404, "run_id"),
        ("/api/runs/0/samples?max_points=0", 422, "max_points"),
        ("/api/runs/0/power?lang=fr", 422, "lang"),
        ("/api/compare", 422, "ids"),
        ("/api/compare?" + "&".join(["ids=ab"] * 9), 422, "ids"),
        ("/api/examples/..%2F..%2Fpyproject", 404, None),
        ("/api/examples/nope", 404, "example"),
    ],
)
def test_bad_requests_get_the_error_shape(
    client: TestClient, url: str, status: int, field: str | None
) -> None:
    problem(client.get(url), status, field)


def test_unknown_run_names_the_nearest_without_the_file_path(client: TestClient, env: Any) -> None:
    error = problem(client.get("/api/runs/ffffffff"), 404, "run_id")
    assert "no run with id 'ffffffff'" in error["detail"]
    assert "runs.db" not in error["detail"]


@pytest.mark.parametrize(
    ("body", "status", "field", "detail"),
    [
        ({}, 422, "yaml", "give exactly one of yaml and example"),
        ({"yaml": GPT4, "example": "gpt4-press"}, 422, "yaml", "exactly one"),
        ({"example": "../../etc/passwd"}, 404, "example", "no bundled scenario"),
        ({"yaml": "name: [unclosed"}, 422, "yaml", "malformed YAML"),
        ({"yaml": "- a\n- b\n"}, 422, "yaml", "must be a YAML mapping"),
        ({"yaml": GPT4.replace("count: 25000", "count: -3")}, 422, "hardware.count", "got -3"),
        ({"yaml": GPT4.replace("accelerator: A100-SXM4-40GB", "accelerator: A1OO")}, 422,
         "hardware.accelerator", "unknown accelerator"),
        ({"yaml": GPT4 + "\nbogus: 1\n"}, 422, "bogus", ""),
        ({"yaml": "a: &x [1]\nb: *x\n"}, 422, "yaml", "aliases"),
        ({"yaml": "x: " + "y" * 70_000}, 422, "yaml", ""),
        ({"yaml": GPT4, "samples": 10**7}, 422, "samples", ""),
        ({"yaml": 12}, 422, "yaml", ""),
    ],
)  # fmt: skip
def test_bad_scenarios_say_which_field(
    client: TestClient, body: dict[str, Any], status: int, field: str, detail: str
) -> None:
    error = problem(client.post("/api/estimate", json=body), status, field)
    assert detail in error["detail"]


def test_malformed_json_bodies_are_4xx(client: TestClient) -> None:
    for raw in (b"{", b"[]", b"null", '{"yaml": "\ud800"}'.encode("utf-8", "surrogatepass")):
        response = client.post(
            "/api/estimate", content=raw, headers={"content-type": "application/json"}
        )
        assert 400 <= response.status_code < 500
        problem(response, response.status_code)


@pytest.mark.parametrize(
    ("scenario", "field"),
    [("../../../etc/passwd", "claims[0].recompute.scenario"),
     ("/etc/hostname", "claims[0].recompute.scenario"),
     ("gpt4-press.yaml/../../x", "claims[0].recompute.scenario")],
)  # fmt: skip
def test_pasted_claims_may_name_only_bundled_scenarios(
    client: TestClient, scenario: str, field: str
) -> None:
    claims = (
        "claims:\n  - id: a\n    text: x\n    published: 24 GWh\n"
        f"    recompute: {{scenario: {json.dumps(scenario)}, output: it_energy}}\n"
        "    tolerance: 10%\n"
    )
    error = problem(client.post("/api/audit", json={"yaml": claims}), 422, field)
    assert "bundled scenarios" in error["detail"]


def test_malformed_claims_are_located(client: TestClient) -> None:
    error = problem(client.post("/api/audit", json={"yaml": "claims: []\n"}), 422, "claims")
    assert "non-empty list of claims" in error["detail"]
    assert "/tmp" not in error["detail"]


@pytest.mark.parametrize(
    "url", ["/static/..%2F..%2Fpyproject.toml", "/static/nope.js", "/runs/../../etc/passwd"]
)
def test_no_request_path_reaches_the_file_system(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (404, 422)
    assert "[project]" not in response.text and "root:" not in response.text


def test_html_pages_show_errors_as_pages(client: TestClient) -> None:
    response = client.get("/?since=never&lang=zh")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert 'data-error-status="422"' in response.text and "字段" in response.text
    missing = client.get("/runs/abcdef99")
    assert missing.status_code == 404 and "no run with id" in missing.text


def test_user_text_is_escaped_on_every_page(client: TestClient, env: Any) -> None:
    ids = env[1]
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for url in ("/", f"/runs/{ids['xss']}", f"/compare?ids={ids['xss']}&ids={ids['bloom']}"):
        text = client.get(url).text
        assert XSS_NAME not in text.replace("<\\/", "</").split("application/json")[0], url
        assert escaped in text, url
    scenario = client.post(
        "/scenario", data={"yaml": GPT4.replace("name: GPT-4", f"name: {XSS_NAME} GPT-4")}
    )
    assert scenario.status_code == 200
    assert XSS_NAME not in scenario.text and escaped in scenario.text
    bad = client.post("/scenario", data={"yaml": f"name: x\nhardware: {{count: '{XSS_NAME}'}}\n"})
    assert bad.status_code == 422 and XSS_NAME not in bad.text


def test_forms_reject_oversized_and_non_utf8_bodies(client: TestClient) -> None:
    big = client.post("/scenario", content=b"yaml=" + b"x" * 300_000,
                      headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert big.status_code == 413
    odd = client.post("/audit", content=b"yaml=\xff\xfe",
                      headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert odd.status_code == 400


PARAM_NAMES = ("name", "since", "until", "tag", "status", "sort", "order", "limit", "offset",
               "lang", "ids", "device", "max_points", "example")  # fmt: skip
GET_ROUTES = ("/api/runs", "/api/runs/{id}", "/api/runs/{id}/samples", "/api/runs/{id}/power",
              "/api/runs/{id}/steps", "/api/compare", "/api/examples/{text}", "/", "/runs/{id}",
              "/compare", "/scenario", "/audit", "/runs/{text}")  # fmt: skip
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
values = st.one_of(texts, st.integers(-(2**70), 2**70).map(str), st.sampled_from(
    ["", "0", "-1", "1e308", "nan", "inf", "2025-01-01", "9999-99-99", "k=v", "=", "*", "[", "desc",
     "name", "running", "zh", "gpt4-press", "../x", "%00", "<script>"]))  # fmt: skip


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from(GET_ROUTES),
    params=st.lists(st.tuples(st.sampled_from(PARAM_NAMES), values), max_size=5),
    text=texts,
)
def test_no_get_request_is_a_server_error(
    client: TestClient, env: Any, route: str, params: list[tuple[str, str]], text: str
) -> None:
    segment = urllib.parse.quote(text, safe="") or "x"
    url = route.replace("{id}", env[1]["gpt4-press"]).replace("{text}", segment)
    response = client.get(url, params=params)
    assert response.status_code < 500, (url, params, response.text[:300])
    if response.status_code >= 400 and url.startswith("/api"):
        problem(response, response.status_code)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**64), 2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
scenario_edits = st.dictionaries(
    st.sampled_from(["name", "kind", "hardware", "training", "inference", "facility", "x"]),
    json_values | st.dictionaries(
        st.sampled_from(["count", "power", "accelerator", "duration", "pue", "grid", "tokens"]),
        json_values, max_size=3),
    max_size=4,
)  # fmt: skip


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.one_of(json_values, st.fixed_dictionaries({"yaml": json_values}), scenario_edits))
def test_no_post_body_is_a_server_error(client: TestClient, body: Any) -> None:
    for route in ("/api/estimate", "/api/audit"):
        payload = (
            {"yaml": json.dumps(body)} if isinstance(body, dict) and "yaml" not in body else body
        )
        response = client.post(route, json=payload)
        assert response.status_code < 500, (route, payload, response.text[:300])
        if response.status_code >= 400:
            problem(response, response.status_code)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("[::1]", True),
     ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)],
)  # fmt: skip
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refuses_a_remote_address_without_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "r.db")]) == 2
    assert "refusing to bind a non-loopback address; got '0.0.0.0'" in capsys.readouterr().err


def test_serve_warns_when_allowed_remote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mocker: Any
) -> None:
    run = mocker.patch("uvicorn.run")
    argv = ["serve", "--host", "0.0.0.0", "--allow-remote", "--token", "t" * 16]
    assert main([*argv, "--db", str(tmp_path / "r.db")]) == 0
    assert "warning: serving on 0.0.0.0; answering only requests with the token" in (
        capsys.readouterr().err
    )
    assert run.call_args.kwargs == {"host": "0.0.0.0", "port": 8787, "log_level": "warning"}


def test_a_loopback_dashboard_answers_only_to_loopback_names(tmp_path: Path) -> None:
    from wattprint.web.app import LOOPBACK_HOSTS

    app = create_app(tmp_path / "r.db", hosts=LOOPBACK_HOSTS)
    for base in ("http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787"):
        with TestClient(app, base_url=base) as client:
            assert client.get("/api/runs").status_code == 200, base
    with TestClient(app, base_url="http://attacker.example:8787") as client:
        error = problem(client.get("/api/runs"), 400, "host")
        assert client.get("/").status_code == 400  # pages answer with an error page
        assert "127.0.0.1" in error["detail"]
