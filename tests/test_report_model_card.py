"""``wattprint report --format model-card``: the Hub's co2_eq_emissions block, in grams."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from tests.golden import check_golden
from wattprint.chain.result import Footprint
from wattprint.cli import main
from wattprint.errors import InputError
from wattprint.report.model_card import co2_block, footprint_facts, paragraph

ROOT = Path(__file__).parent.parent
HUB_KEYS = {"emissions", "source", "training_type", "geographical_location", "hardware_used"}


def measured(**scenario: object) -> Footprint:
    out = {"p5": 0.0015, "p50": 0.002, "p95": 0.0031, "unit": "kg CO2e"}
    energy = {"p5": 0.004, "p50": 0.005, "p95": 0.006, "unit": "kWh"}
    return Footprint.from_dict(
        {
            "name": "finetune",
            "kind": "measurement",
            "outputs": {"carbon_operational": out, "facility_energy": energy},
            "scenario": {"region": "CN", **scenario},
        }
    )


def test_block_gives_grams_and_the_range_and_boundary_in_source() -> None:
    facts = footprint_facts(
        measured(), {"training_type": "fine-tuning", "hardware_used": "1 x A100"}
    )
    text = co2_block(facts)
    assert text.startswith("---\n") and text.endswith("---\n")
    entry = yaml.safe_load(text.strip("-\n"))["co2_eq_emissions"]
    assert set(entry) == HUB_KEYS
    assert entry["emissions"] == 2.0  # 0.002 kg
    assert "p5-p95 1.5-3.1 g CO2e" in entry["source"] and "boundary:" in entry["source"]
    assert entry["geographical_location"] == "China"
    assert entry["training_type"] == "fine-tuning" and entry["hardware_used"] == "1 x A100"


def test_unknown_keys_are_left_out_not_guessed() -> None:
    entry = yaml.safe_load(co2_block(footprint_facts(measured(), {})).strip("-\n"))
    assert set(entry["co2_eq_emissions"]) == {"emissions", "source", "geographical_location"}


def test_paragraph_in_english_and_chinese() -> None:
    facts = footprint_facts(measured(), {})
    assert "**2 g CO2e** (p5–p95: 1.5–3.1 g)" in paragraph(facts, "en")
    zh = paragraph(facts, "zh")
    assert "**2 克 CO2e**" in zh and "中国" in zh and "0.005 千瓦时" in zh


def test_a_training_type_the_hub_does_not_name_is_refused() -> None:
    with pytest.raises(InputError, match="training_type.*pretraining"):
        footprint_facts(measured(), {"training_type": "pretraining"})


def test_cli_scenario_golden(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = str(ROOT / "examples" / "gpt4-press.yaml")
    assert main(["report", scenario, "--format", "model-card", "--samples", "2000"]) == 0
    check_golden("report/model-card-gpt4.md", capsys.readouterr().out)


def test_cli_claims_file_has_no_model_card(capsys: pytest.CaptureFixture[str]) -> None:
    claims = str(ROOT / "examples" / "seed-article-claims.yaml")
    assert main(["report", claims, "--format", "model-card"]) == 2
    assert "model card needs a footprint" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["report", "examples/gpt4-press.yaml", "--html", "x.html"], "plotly"),
        (["serve"], "fastapi"),
    ],
)
def test_a_missing_web_extra_is_one_line_naming_the_install(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    module: str,
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # as if the package were not installed
    monkeypatch.chdir(ROOT)
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and f"{module} not installed" in err
    assert "pip install 'wattprint[web]'" in err
