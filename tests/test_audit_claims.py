"""One test per kind of bad claims file: a located message (file:line: field) and exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wattprint.audit import audit_file, load_claims
from wattprint.cli import main
from wattprint.errors import ClaimsError
from wattprint.examples import example_path

GOOD = """\
title: t
claims:
  - id: energy
    text: {en: the GPUs use 24 GWh}
    published: 2400万度
    recompute:
      scenario: s.yaml
      output: accelerator_energy
    tolerance: 10%
  - id: rate
    text: x
    published: 19.5亿 次/秒
    recompute:
      formula: peak * 1e12
      inputs:
        peak: {catalog: accelerators.A100.peak_fp32_tflops}
      unit: FLOP/s
    tolerance: 5%
"""

CASES = {
    "unknown key in a claim": (
        GOOD.replace("    tolerance: 10%\n", "    tolerance: 10%\n    colour: red\n"),
        "bad.yaml:10: claims[0].colour: unknown key; got 'colour'; expected one of id, text, "
        "published, recompute, tolerance, reading, explain",
    ),
    "unknown top-level key": (
        GOOD.replace("title: t", "titel: t"),
        "bad.yaml:1: titel: unknown key; got 'titel'; expected one of title, source, "
        "description, claims. did you mean 'title'?",
    ),
    "unknown key in recompute": (
        GOOD.replace("      output: accelerator_energy\n", "      outptu: accelerator_energy\n"),
        "bad.yaml:8: claims[0].recompute.outptu: unknown key; got 'outptu'; expected one of "
        "scenario, output, percentile, show, formula, inputs, unit. did you mean 'output'?",
    ),
    "missing field": (
        GOOD.replace("    tolerance: 10%\n", ""),
        "bad.yaml:3: claims[0].tolerance: missing field 'tolerance'; expected every claim has "
        "id, text, published, recompute, tolerance",
    ),
    "bad published unit": (
        GOOD.replace("2400万度", "2400 furlongs"),
        "bad.yaml:5: claims[0].published: unknown unit 'furlongs'; got '2400 furlongs'; "
        "expected a unit such as 度, GWh, m3, 立方厘米, W/cm3, /mm2, 次/秒, 倍, or a counted noun "
        "(个泳池, 泳池, pools, Olympic pools)",
    ),
    "formula unit measures something else": (
        GOOD.replace("unit: FLOP/s", "unit: J"),
        "bad.yaml:17: claims[1].recompute.unit: bad unit: the recomputation and the published "
        "value measure different things; got 'J'; expected a unit of flop rate "
        "(the published '19.5亿 次/秒')",
    ),
    "scenario output measures something else": (
        GOOD.replace("output: accelerator_energy", "output: peak_power"),
        "bad.yaml:8: claims[0].recompute.output: bad unit: the recomputation and the published "
        "value measure different things; got 'peak_power (MW)'; expected a unit of energy "
        "(the published '2400万度')",
    ),
    "unsafe formula": (
        GOOD.replace("peak * 1e12", "peak.__class__"),
        "bad.yaml:14: claims[1].recompute.formula: unsafe or invalid formula: Attribute is not "
        "allowed; got 'peak.__class__'; expected numbers, input names, + - * / **, parentheses "
        "and ln, log10, sqrt, exp, min, max, landauer_j_per_bit, switching_energy_j, "
        "joule_heat_j, power_density_w_per_m3",
    ),
    "invalid formula": (
        GOOD.replace("peak * 1e12", "peak *"),
        "bad.yaml:14: claims[1].recompute.formula: invalid formula: invalid syntax; "
        "got 'peak *'; expected arithmetic such as 'count * power_w * hours'",
    ),
    "formula name without an input": (
        GOOD.replace("peak * 1e12", "peak * n"),
        "bad.yaml:14: claims[1].recompute.formula: unsafe or invalid formula: unknown name; "
        "got 'n'; expected a name given under inputs, or one of ln, log10, sqrt, exp, min, max, "
        "landauer_j_per_bit, switching_energy_j, joule_heat_j, power_density_w_per_m3",
    ),
    "input the formula does not use": (
        GOOD.replace("      unit: FLOP/s", "        spare: 1\n      unit: FLOP/s"),
        "bad.yaml:17: claims[1].recompute.inputs.spare: input not used by the formula; "
        "got 'spare'. the formula is 'peak * 1e12'",
    ),
    "unknown catalog row": (
        GOOD.replace("accelerators.A100.", "accelerators.A1000."),
        "bad.yaml:16: claims[1].recompute.inputs.peak.catalog: unknown accelerator 'A1000'; "
        "got 'accelerators.A1000.peak_fp32_tflops'. did you mean A100-SXM4-40GB or "
        "A100-SXM4-80GB or V100-SXM2-32GB?",
    ),
    "bad tolerance": (
        GOOD.replace("tolerance: 10%", "tolerance: ten percent"),
        "bad.yaml:9: claims[0].tolerance: bad tolerance; got 'ten percent'; expected a relative "
        "tolerance such as '10%' or a factor such as '×2'",
    ),
    "factor below one": (
        GOOD.replace("tolerance: 10%", "tolerance: ×0.5"),
        "bad.yaml:9: claims[0].tolerance: bad tolerance; got '×0.5'; "
        "expected a factor from 1 to 1000",
    ),
    "unknown percentile": (
        GOOD.replace(
            "      output: accelerator_energy\n",
            "      output: accelerator_energy\n      percentile: p99\n",
        ),
        "bad.yaml:9: claims[0].recompute.percentile: unknown percentile; got 'p99'; "
        "expected p5, p50 or p95",
    ),
    "malformed YAML": (
        GOOD.replace("{en: the GPUs use 24 GWh}", "{en: the GPUs use 24 GWh"),
        "bad.yaml:5: malformed YAML (column 14): expected ',' or '}', but got ':'. "
        "check indentation and quoting near that line",
    ),
    "scenario file not found": (
        GOOD.replace("scenario: s.yaml", "scenario: nope.yaml"),
        "bad.yaml:7: claims[0].recompute.scenario: scenario file not found; got 'nope.yaml'. "
        "paths are relative to .",
    ),
    "duplicate id": (
        GOOD.replace("id: rate", "id: energy"),
        "bad.yaml:10: claims[1].id: duplicate claim id; got 'energy'",
    ),
    "no claims": (
        "title: t\nclaims: []\n",
        "bad.yaml:2: claims: a claims file needs a non-empty list of claims; got []; "
        "expected claims: [- id: ..., text: ..., ...]",
    ),
    "both ways of recomputing": (
        GOOD.replace(
            "      output: accelerator_energy\n",
            "      output: accelerator_energy\n      formula: 1\n",
        ),
        "bad.yaml:6: claims[0].recompute: give either scenario + output or formula + unit; "
        "got ['formula', 'output', 'scenario']",
    ),
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(example_path("gpt4-press"), tmp_path / "s.yaml")
    return tmp_path


def test_the_good_file_audits(folder: Path) -> None:
    Path("good.yaml").write_text(GOOD, encoding="utf-8")
    report = audit_file("good.yaml", samples=200)
    assert [r.judgement.verdict for r in report.results] == ["holds", "unit_slip"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_claims_file_gives_a_located_error_and_exit_2(
    case: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, message = CASES[case]
    Path("bad.yaml").write_text(text, encoding="utf-8")
    assert main(["check", "bad.yaml", "--samples", "200"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"wattprint: error: {message}"
    assert "Traceback" not in captured.err


def test_unknown_scenario_output_names_the_outputs(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("bad.yaml").write_text(GOOD.replace("accelerator_energy", "gpu_energy"), encoding="utf-8")
    assert main(["check", "bad.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "wattprint: error: bad.yaml:8: claims[0].recompute.output: unknown scenario output; "
        "got 'gpu_energy'; expected one of accelerator_energy, "
    )


def test_a_missing_claims_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["check", str(missing)]) == 2
    assert f"{missing}: file not found" in capsys.readouterr().err


def test_errors_carry_their_fields(folder: Path) -> None:
    Path("bad.yaml").write_text(GOOD.replace("tolerance: 5%", "tolerance: 5"), encoding="utf-8")
    with pytest.raises(ClaimsError) as err:
        load_claims("bad.yaml")
    assert (err.value.path, err.value.line, err.value.field) == (
        "bad.yaml",
        18,
        "claims[1].tolerance",
    )
    assert isinstance(err.value, ValueError)
