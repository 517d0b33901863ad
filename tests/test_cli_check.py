"""``wattprint check``: the seed article's claims as golden verdicts, in English and Chinese."""

from __future__ import annotations

import json

import pytest

from tests.golden import check_golden
from wattprint.audit import audit_file
from wattprint.cli import main
from wattprint.examples import example_path

CLAIMS = example_path("seed-article-claims")

# The verdicts a careful physicist reaches (the numbers are in the goldens).
EXPECTED = {
    "gpt4-training-energy": "holds",  # 21.6-24 GWh for 90-100 days
    "a100-fp32-rate": "unit_slip",  # 19.5 TFLOPS = 19.5万亿, not 亿: 10⁴
    "a100-transistors": "holds",  # 54.2 billion
    "ice-water-volume": "unit_slip",  # ~2.06e5 m³, not cm³: 10⁶
    "olympic-pools": "holds",  # ~83 pools of 2,500 m³
    "ibm-2nm-density": "holds",  # 333 M/mm² (IBM 2021)
    "cpu-power-density": "holds",  # 100 W/cm³ = 1e8 W/m³
    "sun-core-power-density": "holds",  # ~276.5 W/m³ < 300
    "chip-vs-sun": "holds",  # 3.6e5 ×
    "landauer-hundreds": "off_by_orders",  # ~1.4e9 kT·ln2 per FLOP, not hundreds
    "landauer-per-switch": "off_by_orders",  # 4.5e6 × per 180 nm switch
    "h100-one-state": "off",  # ~1.2% of Virginia's average load, read against ≈100%
}


def test_seed_article_verdicts() -> None:
    report = audit_file(CLAIMS)
    assert {r.claim.id: r.judgement.verdict for r in report.results} == EXPECTED
    by_id = {r.claim.id: r for r in report.results}
    assert by_id["a100-fp32-rate"].judgement.power_of_ten == -4
    assert by_id["ice-water-volume"].judgement.power_of_ten == -6
    # 24 GWh / (4186 J/kg/K × 100 K × 1000 kg/m³) × 3.6e6 J/kWh = 206,402 m³ = 2.06402e8 L
    assert by_id["ice-water-volume"].recomputed.p50 == pytest.approx(2.06402e8, rel=1e-5)
    # 206,402 m³ / 2,500 m³ = 82.56 pools
    assert by_id["olympic-pools"].recomputed.p50 == pytest.approx(82.561, rel=1e-4)
    # 100,000 H100: the design-day peak is 1.1-1.3 % of Virginia's 15,103 MW average load
    assert 0.01 < by_id["h100-one-state"].recomputed.p50 < 0.013


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_full_text_matches_golden(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CLAIMS), "--lang", lang, "--full"]) == 0
    check_golden(f"check/seed-article.full.{lang}.txt", capsys.readouterr().out)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_short_text_matches_golden(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["check", "seed-article-claims", "--lang", lang]) == 0
    out = capsys.readouterr().out
    check_golden(f"check/seed-article.{lang}.txt", out)
    assert len(out.splitlines()) == 12 + 3  # a line per claim, title, counts, more


def test_json_matches_golden(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CLAIMS), "--json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["schema"] == "wattprint.audit/1"
    assert data["summary"] == {"holds": 7, "off": 1, "unit_slip": 2, "off_by_orders": 2}
    for claim in data["claims"]:
        assert set(claim["explanation"]) == {"en", "zh"}
        assert claim["verdict"] == EXPECTED[claim["id"]]
    check_golden("check/seed-article.json", out)


def test_exit_code_is_zero_whatever_the_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CLAIMS), "--samples", "100", "--full"]) == 0
    out = capsys.readouterr().out
    assert "UNIT SLIP" in out and "within 5% of 10⁶" in out
    assert "OFF BY ORDERS OF MAGNITUDE" in out and "exactly 10" not in out
    # the vague claims' numbers are our reading of them, never "published"
    assert "As read:     ≈ 100%" in out and "Published:   ≈ 100%" not in out
    assert "the published ≈ 100%" not in out and "the as-read ≈ 100%" in out


def test_a_scenario_given_to_check_gets_pointed_to_estimate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    scenario = example_path("gpt4-press")
    assert main(["check", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "unknown key" in err
    assert "this looks like a scenario file: run `wattprint estimate FILE` on it" in err
