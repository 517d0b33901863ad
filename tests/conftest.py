"""Shared test settings (hypothesis profile for a 2-core CI machine) and web fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from tests.browser_support import fill_store
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
