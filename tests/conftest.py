"""Shared test settings (hypothesis profile for a 2-core CI machine) and web fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from tests.browser_support import fill_store
from tests.pg_support import PgServer, start_server
from wattprint.web import create_app

settings.register_profile(
    "ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A dashboard over a real SQLite store filled with real runs, one per test module."""
    path = tmp_path_factory.mktemp("web") / "runs.db"
    ids = fill_store(path)
    with TestClient(create_app(path)) as client:
        yield client, ids


@pytest.fixture(scope="module")
def client(env: tuple[TestClient, dict[str, str]]) -> TestClient:
    """The dashboard's test client."""
    return env[0]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One real PostgreSQL server for the whole test session (skips where none can run)."""
    server = start_server()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Where a store test's run store lives: an SQLite file, or a fresh PostgreSQL database
    on the session's real server (its spool in this test's own cache dir)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if request.param == "sqlite":
        return str(tmp_path / "runs.db")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.new_database()
