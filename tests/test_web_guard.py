"""The dashboard sheds abuse: capped bodies, same-origin posts, security headers, a token
for remote binding, and a bounded amount of work per request (issue 18)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.test_web_errors import GPT4, problem
from wattprint.cli import main
from wattprint.web import create_app
from wattprint.web.app import LOOPBACK_HOSTS
from wattprint.web.compute import _RUNNING, MAX_CONCURRENT, MAX_PASTED_CLAIMS
from wattprint.web.guard import CSP, MAX_REQUEST_BYTES

TOKEN = "s3cret-token-for-tests"
FORM = {"content-type": "application/x-www-form-urlencoded"}


def chunks(total: int, size: int = 64_000) -> Iterator[bytes]:
    """A body sent in chunks without a Content-Length (chunked transfer)."""
    yield b"yaml="
    for _ in range(total // size):
        yield b"x" * size


def test_a_streamed_body_over_the_cap_is_refused_while_it_streams(tmp_path: Path) -> None:
    # straight to the ASGI app: the test client would buffer the whole body first
    app = create_app(tmp_path / "r.db")
    pieces = list(chunks(8 * MAX_REQUEST_BYTES))
    read: list[int] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        chunk = pieces[len(read)]
        read.append(len(chunk))
        return {"type": "http.request", "body": chunk, "more_body": len(read) < len(pieces)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/estimate",
             "raw_path": b"/api/estimate", "query_string": b"", "headers": [(b"host", b"127.0.0.1"),
             (b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
             "scheme": "http", "server": ("127.0.0.1", 8787), "client": ("127.0.0.1", 5),
             "http_version": "1.1", "root_path": "", "app": app}  # fmt: skip
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    # the wall stopped one chunk past the cap, never reading the rest of the 4 MB body
    assert sum(read) <= MAX_REQUEST_BYTES + 64_000 + 5
    assert len(read) < len(pieces)


def test_a_declared_length_over_the_cap_is_refused_before_reading(client: TestClient) -> None:
    response = client.post(
        "/scenario", content=b"yaml=x", headers={**FORM, "content-length": "900000000"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "headers",
    [{"origin": "https://evil.example"}, {"origin": "null"},
     {"referer": "https://evil.example/page"}, {"sec-fetch-site": "cross-site"},
     {"origin": "http://testserver.evil.example"}],
)  # fmt: skip
def test_cross_origin_posts_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/scenario", data={"yaml": GPT4}, headers=headers)
    assert response.status_code == 403
    assert "cross" in response.text
    api = client.post("/api/estimate", json={"example": "gpt4-press"}, headers=headers)
    problem(api, 403, "origin")


@pytest.mark.parametrize(
    "headers",
    [{"origin": "http://testserver"}, {"referer": "http://testserver/scenario?lang=zh"}, {}],
)
def test_same_origin_and_non_browser_posts_are_answered(
    client: TestClient, headers: dict[str, str]
) -> None:
    response = client.post("/api/estimate", json={"example": "gpt4-press", "samples": 200},
                           headers=headers)  # fmt: skip
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", ["/", "/api/runs", "/api/runs/zz", "/static/app.js", "/nope", "/scenario"]
)
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    assert headers["content-security-policy"] == CSP
    assert "frame-ancestors 'none'" in CSP and "script-src 'self';" in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


def test_refusals_carry_the_security_headers_too(client: TestClient) -> None:
    refused = client.post("/api/audit", json={"yaml": "x"}, headers={"origin": "http://a.b"})
    assert refused.status_code == 403
    assert refused.headers["x-frame-options"] == "DENY"


@pytest.fixture()
def remote(tmp_path: Path) -> Iterator[TestClient]:
    """A dashboard with a token, answering to loopback names and dash.example."""
    app = create_app(tmp_path / "r.db", hosts=(*LOOPBACK_HOSTS, "dash.example"), token=TOKEN)
    with TestClient(app, base_url="http://dash.example:8787") as client:
        yield client


def test_a_token_dashboard_answers_401_without_the_token(remote: TestClient) -> None:
    for url in ("/api/runs", "/", "/static/app.js"):
        response = remote.get(url)
        assert response.status_code == 401, url
    problem(remote.get("/api/runs"), 401, "token")
    problem(remote.get("/api/runs", headers={"authorization": "Bearer wrong"}), 401, "token")
    problem(remote.get("/api/runs?token=wrong"), 401, "token")


def test_a_token_dashboard_answers_with_the_token(remote: TestClient) -> None:
    bearer = {"authorization": f"Bearer {TOKEN}"}
    assert remote.get("/api/runs", headers=bearer).status_code == 200
    first = remote.get(f"/?token={TOKEN}")
    assert first.status_code == 200
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert remote.get("/api/runs").status_code == 200  # the cookie carries it now


def test_the_host_check_stays_on_with_a_token(tmp_path: Path) -> None:
    app = create_app(tmp_path / "r.db", hosts=(*LOOPBACK_HOSTS, "dash.example"), token=TOKEN)
    with TestClient(app, base_url="http://attacker.example") as client:
        problem(client.get("/api/runs", headers={"authorization": f"Bearer {TOKEN}"}), 400, "host")


def test_serve_refuses_remote_binding_without_a_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["serve", "--host", "0.0.0.0", "--allow-remote", "--db", str(tmp_path / "r.db")]
    assert main(argv) == 2
    assert "--allow-remote needs an access token" in capsys.readouterr().err


def test_serve_refuses_a_short_token(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["serve", "--host", "0.0.0.0", "--allow-remote", "--token", "abc"]
    assert main([*argv, "--db", str(tmp_path / "r.db")]) == 2
    assert "access token too short" in capsys.readouterr().err


def test_serve_reads_the_token_file_and_keeps_the_named_hosts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mocker: Any
) -> None:
    run = mocker.patch("uvicorn.run")  # the vendor server, at its boundary
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    argv = ["serve", "--host", "0.0.0.0", "--allow-remote", "--token-file", str(token_file),
            "--public-name", "dash.example", "--db", str(tmp_path / "r.db")]  # fmt: skip
    assert main(argv) == 0
    assert f"http://dash.example:8787/?token={TOKEN}" in capsys.readouterr().out
    app = run.call_args.args[0]
    with TestClient(app, base_url="http://dash.example") as client:
        assert client.get("/api/runs").status_code == 401
        assert client.get("/api/runs", headers={"authorization": f"Bearer {TOKEN}"}).is_success
    with TestClient(app, base_url="http://other.example") as client:
        assert client.get(f"/api/runs?token={TOKEN}").status_code == 400


def test_a_busy_dashboard_answers_429_at_once(client: TestClient) -> None:
    held = 0
    try:
        while _RUNNING.acquire(blocking=False):  # take every computation slot
            held += 1
        assert held == MAX_CONCURRENT
        problem(client.post("/api/estimate", json={"example": "gpt4-press"}), 429)
        page = client.post("/scenario", data={"yaml": GPT4})
        assert page.status_code == 429 and "busy" in page.text
    finally:
        for _ in range(held):
            _RUNNING.release()
    assert client.post("/api/estimate", json={"example": "gpt4-press", "samples": 100}).is_success


def test_an_audit_over_the_claims_budget_is_refused_before_it_runs(client: TestClient) -> None:
    claim = (
        "  - {id: c, text: x, published: 1 kWh, recompute: {formula: '1', unit: kWh}, "
        "tolerance: 1%}\n"
    )
    text = "claims:\n" + claim * (MAX_PASTED_CLAIMS + 1)
    error = problem(client.post("/api/audit", json={"yaml": text}), 422, "claims")
    assert "wattprint check" in error["detail"]


def test_even_the_answer_to_a_bug_carries_the_security_headers(tmp_path: Path) -> None:
    app = create_app(tmp_path / "r.db")

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/broken", broken)  # a route that fails, as a bug would
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/broken")
    problem(response, 500)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_remote_ipv6_address_is_answered_in_its_bracketed_host_form(
    tmp_path: Path, mocker: Any
) -> None:
    run = mocker.patch("uvicorn.run")  # the vendor server, at its boundary
    argv = ["serve", "--host", "2001:db8::5", "--allow-remote", "--token", TOKEN]
    assert main([*argv, "--db", str(tmp_path / "r.db")]) == 0
    with TestClient(run.call_args.args[0], base_url="http://[2001:db8::5]:8787") as client:
        assert client.get("/api/runs", headers={"authorization": f"Bearer {TOKEN}"}).is_success
