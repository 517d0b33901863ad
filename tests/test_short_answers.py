"""Every command's default output is a short answer: one 80×24 screen (issue 15 item 1).

Run as a person would in an 80-column terminal (``COLUMNS=80``): ``estimate`` for every
bundled scenario, ``check``, ``run`` and ``runs show`` in both languages fit 80 columns
and 24 lines; ``runs list`` and ``data TABLE`` fit 80 columns with one row per line;
``--version`` and ``-h`` work.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from wattprint import catalog
from wattprint.cli import main
from wattprint.store import RunStore

EXAMPLES = Path(__file__).parent.parent / "src" / "wattprint" / "examples"
SCENARIOS = sorted(p.stem for p in EXAMPLES.glob("*.yaml") if "claims" not in p.name)
SRC = str(Path(__file__).parent.parent / "src")
CJK = re.compile(r"[\u4e00-\u9fff]")
WIDTH, HEIGHT = 80, 24


@pytest.fixture(autouse=True)
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    monkeypatch.setenv("LINES", str(HEIGHT))


def fits(text: str, lines: int | None = HEIGHT, catalog_values: bool = False) -> None:
    rows = text.rstrip("\n").splitlines()
    wide = [r for r in rows if cell_len(r) > WIDTH]
    assert not wide, f"wider than {WIDTH} columns: {wide}"
    if lines is not None:
        assert len(rows) <= lines, f"{len(rows)} lines, more than {lines}:\n{text}"
    if not catalog_values:  # a catalog row keeps its value as published (1.380649e-23)
        assert "e-0" not in text and "e+" not in text, f"e-notation in:\n{text}"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", SCENARIOS)
def test_estimate_fits_one_screen(name: str, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", name, "--lang", lang, "--samples", "500"]) == 0
    out = capsys.readouterr().out
    fits(out)
    assert "--full" in out and "--sources" in out and "--json" in out
    assert ("p5–p95" in out) and ("facility" in out or "设施" in out)
    if lang == "en":  # English never shows a Chinese unit or word
        assert not CJK.search(out), out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_check_fits_one_screen(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "seed-article-claims", "--lang", lang, "--samples", "500"]) == 0
    fits(capsys.readouterr().out)


@pytest.fixture
def measured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WATTPRINT_SAMPLE_INTERVAL", "0.1")
    monkeypatch.setenv("PYTHONPATH", SRC)
    db = tmp_path / "runs.db"
    assert main(["run", "--db", str(db), "--", sys.executable, "-c", "pass"]) == 0
    return db


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_run_and_runs_show_fit_one_screen(
    measured: Path, lang: str, capfd: pytest.CaptureFixture[str]
) -> None:
    capfd.readouterr()
    code = main(["run", "--db", str(measured), "--lang", lang, "--", sys.executable, "-c", "pass"])
    assert code == 0
    err = capfd.readouterr().err
    fits(err)
    assert lang == "zh" or not CJK.search(err), err
    with RunStore(measured) as store:
        run_id = store.list_runs()[0].id
    assert run_id in err
    assert main(["runs", "show", run_id, "--db", str(measured), "--lang", lang]) == 0
    fits(capfd.readouterr().out)
    assert main(["runs", "list", "--db", str(measured), "--lang", lang]) == 0
    listed = capfd.readouterr().out
    fits(listed, lines=None)
    assert run_id in listed  # the id is never cut


@pytest.mark.parametrize(
    "table", ["accelerators", "grids", "facilities", "defaults", "constants", "loads"]
)
def test_data_lists_one_row_per_line(table: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", table]) == 0
    out = capsys.readouterr().out
    fits(out, lines=None, catalog_values=True)
    rows = len(getattr(catalog, "reference_loads" if table == "loads" else table)())
    assert len(out.splitlines()) == rows + 2  # title, one line a row, where the rest is


def test_data_search_finds_a_country_and_its_provinces(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "grids", "--search", "China"]) == 0
    ids = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:-1]]
    assert "CN" in ids and "CN-GD" in ids and "CN-BJ" in ids
    assert all(i.startswith("CN") for i in ids)


def test_data_name_shows_the_full_row_and_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "constants", "kettle_boil_kwh_per_litre"]) == 0
    out = capsys.readouterr().out
    assert "source: derived: water_specific_heat_j_per_kg_k" in out and "year: 1995" in out


def test_version_and_short_help(capsys: pytest.CaptureFixture[str]) -> None:
    from wattprint import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"wattprint {__version__}"
    assert main(["-h"]) == 0
    out = capsys.readouterr().out
    assert "estimate" in out and "runs" in out
    fits(out, lines=None)
    assert main(["estimate", "-h"]) == 0
    assert "--full" in capsys.readouterr().out


def test_total_steps_says_what_the_command_must_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.replace("│", " ").split())
    assert "run.step() once per step" in text and "WATTPRINT_STEP_FILE" in text
