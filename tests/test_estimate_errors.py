"""One test per kind of bad scenario: a located message and exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from wattprint.cli import main

GOOD = "name: t\nhardware:\n  accelerator: A100\n  count: 8\ntraining:\n  duration: 1 day\n"

CASES = {
    "unknown key": (
        GOOD.replace("  count: 8\n", "  count: 8\n  colour: red\n"),
        "bad.yaml:5: hardware.colour: unknown key; got 'colour'; expected one of accelerator, "
        "count, embodied, host_power, idle_power, lifetime, power, precision",
    ),
    "unknown section, with a suggestion": (
        "name: t\nhardwre:\n  accelerator: A100\n",
        "bad.yaml:2: hardwre: unknown key; got 'hardwre'; expected one of cooling, description, "
        "description_zh, facility, grid_load, hardware, heat, heat_reuse, inference, kind, "
        "name, name_zh, physics, sources, training. did you mean 'hardware'?",
    ),
    "wrong unit": (
        GOOD.replace("  count: 8\n", "  count: 8\n  power: 400 kg\n"),
        "bad.yaml:5: hardware.power: 'kg' is a unit of mass, not of power; got '400 kg'; "
        "expected a power such as '400 W' or '0.7 kW'",
    ),
    "negative count": (
        GOOD.replace("count: 8", "count: -8"),
        "bad.yaml:4: hardware.count: value out of range; got -8; expected a value > 0",
    ),
    "zero count": (
        GOOD.replace("count: 8", "count: 0"),
        "bad.yaml:4: hardware.count: value out of range; got 0; expected a value > 0",
    ),
    "range with low > high": (
        GOOD.replace("1 day", "100 to 90 days"),
        "bad.yaml:6: training.duration: range has low > high; got '100 to 90 days'; "
        "expected low to high, e.g. '90 to 100 days'. swap the two values",
    ),
    "two ways of sizing": (
        GOOD + "  accelerator_hours: 100\n",
        "bad.yaml:5: training: two ways of sizing the work at once; got ['accelerator_hours', "
        "'duration']; expected exactly one of: duration (with hardware.count), "
        "accelerator_hours, parameters + tokens, or flops",
    ),
    "no way of sizing": (
        "name: t\nhardware:\n  accelerator: A100\n  count: 8\ntraining: {}\n",
        "bad.yaml:5: training: the training run has no size; expected exactly one of: duration "
        "(with hardware.count), accelerator_hours, parameters + tokens, or flops",
    ),
    "duration without count": (
        GOOD.replace("  count: 8\n", ""),
        "bad.yaml:2: hardware.count: training.duration needs hardware.count; "
        "expected the number of accelerators",
    ),
    "unknown accelerator": (
        GOOD.replace("A100", "H100-SXM-80GB"),
        "bad.yaml:3: hardware.accelerator: unknown accelerator; got 'H100-SXM-80GB'. "
        "did you mean H100-SXM5-80GB or H800-SXM5-80GB or A100-SXM4-80GB?",
    ),
    "unknown region": (
        GOOD + "facility:\n  grid: US-VAA\n",
        "bad.yaml:8: facility.grid: unknown grid; got 'US-VAA'. did you mean US-VA or US or US-WA?",
    ),
    "malformed YAML": (
        GOOD.replace("count: 8", "count: [8"),
        "bad.yaml:5: malformed YAML (column 9): expected ',' or ']', but got ':'. "
        "check indentation and quoting near that line",
    ),
    "not a mapping": (
        "- just\n- a list\n",
        "bad.yaml:1: a scenario must be a mapping of sections; got 'list'; "
        "expected keys such as name, kind, hardware, training, facility",
    ),
    "missing name": (
        GOOD.replace("name: t\n", ""),
        "bad.yaml: name: every scenario needs a name; expected a non-empty text",
    ),
    "unknown kind": (
        GOOD.replace("name: t\n", "name: t\nkind: finetune\n"),
        "bad.yaml:2: kind: unknown kind; got 'finetune'; expected training or inference",
    ),
    "unknown distribution": (
        GOOD.replace("count: 8", "count: {dist: gamma, shape: 2}"),
        "bad.yaml:4: hardware.count.dist: unknown distribution; got 'gamma'; "
        "expected one of fixed, uniform, triangular, normal, lognormal",
    ),
    "MFU above one": (
        "name: t\nhardware:\n  accelerator: A100\n  count: 8\ntraining:\n"
        "  parameters: 7e9\n  tokens: 1e12\n  mfu: 1.5\n",
        "bad.yaml:8: training.mfu: value out of range; got 1.5; expected a value ≤ 1",
    ),
    "PUE below one": (
        GOOD + "facility:\n  pue: 0.9\n",
        "bad.yaml:8: facility.pue: value out of range; got 0.9; expected a value ≥ 1",
    ),
    "precision the chip lacks": (
        "name: t\nhardware:\n  accelerator: A100\n  count: 8\n  precision: fp8\ntraining:\n"
        "  parameters: 7e9\n  tokens: 1e12\n",
        "bad.yaml:5: hardware.precision: A100-SXM4-40GB has no fp8 peak in the catalog; got 'fp8'; "
        "expected one of: fp64, fp32, tf32, bf16",
    ),
    "a per-request energy missing three things": (
        "name: t\nkind: inference\ninference:\n  requests_per_day: 1e6\n  days: 1\n",
        "bad.yaml:3: inference: a per-request energy needs: the accelerator "
        "(hardware.accelerator); tokens per request (inference.tokens_out, with tokens_in; or "
        "tokens_per_request); the model size (inference.parameters) or a measured energy "
        "(inference.energy_per_token or energy_per_request). see examples/llama3-70b-chat.yaml "
        "and docs/scenario.md (inference)",
    ),
    "inference without traffic or fleet": (
        "name: t\nkind: inference\nhardware:\n  accelerator: H100\ninference:\n  days: 1\n",
        "bad.yaml:5: inference: an estimate needs: a request rate (inference.requests_per_day) "
        "or a fleet size (hardware.count). see examples/llama3-70b-chat.yaml and "
        "docs/scenario.md (inference)",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_scenario_gives_a_located_error_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text, message = CASES[case]
    monkeypatch.chdir(tmp_path)
    Path("bad.yaml").write_text(text, encoding="utf-8")
    assert main(["estimate", "bad.yaml"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"wattprint: error: {message}"
    assert "Traceback" not in captured.err


def test_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["estimate", str(missing)]) == 2
    assert f"{missing}: file not found" in capsys.readouterr().err


def test_toml_errors_are_located_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('name = "t"\n[hardware]\naccelerator = "A100"\ncount = -8\n')
    assert main(["estimate", str(path)]) == 2
    assert "bad.toml:4: hardware.count: value out of range; got -8" in capsys.readouterr().err
