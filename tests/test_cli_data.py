"""``wattprint data``: catalogs listed with sources, rows found by alias or near miss."""

from __future__ import annotations

import json

import pytest

from wattprint.cli import main


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


@pytest.mark.parametrize("table", ["accelerators", "grids", "facilities", "defaults", "constants"])
def test_every_catalog_lists_as_json_with_sources(
    table: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["data", table, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["source"] and r["year"] for r in rows)


def test_search_filters_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "grids", "--search", "Virginia", "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["US-VA"]


def test_an_alias_shows_the_row_it_resolves_to(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "accelerators", "A100"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("A100-SXM4-40GB (resolved from 'A100')")
    assert "tdp_w: 400" in out


def test_a_near_miss_suggests_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "accelerators", "H100-SXM-80GB"]) == 2
    err = capsys.readouterr().err
    assert "did you mean H100-SXM5-80GB" in err


def test_an_unknown_table_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "planets"]) == 2
    assert "planets" in capsys.readouterr().err
