"""``wattprint estimate``: golden JSON for every example, golden text in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.golden import check_golden
from wattprint.cli import main

EXAMPLES = Path(__file__).parent.parent / "src" / "wattprint" / "examples"
SCENARIOS = sorted(
    p for p in EXAMPLES.glob("*.yaml") if "claims" not in p.name and not p.name.startswith("_")
)


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_example_json_matches_golden(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", str(path), "--json", "--samples", "2000"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["schema_version"] == "1.2"
    for name in (
        "accelerator_energy",
        "it_energy",
        "facility_energy",
        "carbon_operational",
        "carbon_embodied",
        "water_onsite",
        "heat",
        "peak_power",
    ):
        if name in data["outputs"]:
            assert set(data["outputs"][name]) == {"p5", "p50", "p95", "unit", "basis", "drivers"}
    assert all(s["source"] and s["year"] for s in data["sources"])
    data.pop("wattprint_version")
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    check_golden(f"estimate/{path.stem}.json", text.replace(str(EXAMPLES) + "/", ""))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_full_text_output_matches_golden(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "gpt4-press.yaml"
    args = ["estimate", str(path), "--lang", lang, "--samples", "2000", "--full", "--sources"]
    assert main(args) == 0
    check_golden(f"estimate/gpt4-press.full.{lang}.txt", capsys.readouterr().out)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_short_answer_matches_golden(
    path: Path, lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["estimate", str(path), "--lang", lang, "--samples", "2000"]) == 0
    check_golden(f"estimate/short/{path.stem}.{lang}.txt", capsys.readouterr().out)


def test_chinese_output_uses_wan_du(capsys: pytest.CaptureFixture[str]) -> None:
    main(["estimate", str(EXAMPLES / "gpt4-press.yaml"), "--lang", "zh", "--full"])
    out = capsys.readouterr().out
    assert "万度" in out and "加速器耗电" in out and "万吨 CO2e" in out
    assert "e+" not in out and "e-0" not in out


def test_a_bundled_example_is_found_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "gpt4-press", "--samples", "500"]) == 0
    assert "GPT-4 training" in capsys.readouterr().out


def test_the_grid_scenario_leads_with_peak_power_and_the_heat_scenario_with_heat(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    main(["estimate", str(EXAMPLES / "h100-100k-cluster.yaml"), "--samples", "500"])
    leads = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert leads[1].lstrip().startswith("Peak power from the grid")
    assert "Virginia" in leads[2]
    main(["estimate", str(EXAMPLES / "harbin-heat-reuse.yaml"), "--samples", "500"])
    leads = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert [x.split("  ")[1][:14] for x in leads[1:4]] == [
        "Heat delivered",
        "Homes heated f",
        "Carbon avoided",
    ]


def test_seed_and_samples_make_results_reproducible(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["estimate", str(EXAMPLES / "llama-style.yaml"), "--json", "--samples", "500"]
    main([*args, "--seed", "3"])
    first = capsys.readouterr().out
    main([*args, "--seed", "3"])
    assert capsys.readouterr().out == first
    main([*args, "--seed", "4"])
    assert capsys.readouterr().out != first
