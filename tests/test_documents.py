"""The bounded document reader and the bounded numbers (issue 18): one test per case fixed,
each named for what it guards."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.hostile import SEEDS
from wattprint.audit.claims import parse_tolerance
from wattprint.audit.formula import compile_formula
from wattprint.audit.published import parse_published
from wattprint.documents import LIMITS, Limits, parse_toml, parse_yaml, read_text
from wattprint.errors import ClaimsError, InputError, ScenarioError
from wattprint.estimate.fields import SECTIONS
from wattprint.quantity.uncertain import parse_uncertain
from wattprint.quantity.units import MAX_MAGNITUDE, parse_quantity

ROOT = Path(__file__).parent.parent


def yaml_error(text: str, limits: Limits = LIMITS) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        parse_yaml(text, "f.yaml", ScenarioError, "not a mapping", "keys", limits)
    return caught.value


def test_aliases_are_refused_before_they_expand() -> None:
    start = time.perf_counter()
    error = yaml_error(SEEDS["billion laughs scenario"].text)
    assert time.perf_counter() - start < 1
    assert (error.line, error.message) == (
        2,
        "YAML anchors and aliases (&name, *name) are not accepted",
    )


def test_an_anchor_alone_is_refused_too() -> None:
    assert yaml_error("name: t\nhardware: &h {count: 8}\n").line == 2


def test_a_merge_key_is_refused() -> None:
    assert "anchors and aliases" in yaml_error("a: &b {x: 1}\nc:\n  <<: *b\n").message


def test_duplicate_keys_name_both_lines() -> None:
    error = yaml_error("name: t\nhardware:\n  count: 8\nfacility: {}\nhardware:\n  count: 9\n")
    assert error.line == 5
    assert error.message == "duplicate key 'hardware' (first on line 2, again on line 5)"


def test_duplicate_keys_inside_a_section_are_found_too() -> None:
    error = yaml_error("hardware:\n  count: 8\n  power: 1 W\n  count: 9\n")
    assert error.message == "duplicate key 'count' (first on line 2, again on line 4)"


def test_the_same_key_in_two_sections_is_no_duplicate() -> None:
    data, lines = parse_yaml("a:\n  x: 1\nb:\n  x: 2\n", "f.yaml", ScenarioError, "m", "k")
    assert data == {"a": {"x": 1}, "b": {"x": 2}} and lines["b.x"] == 4


def test_deep_nesting_is_refused_without_recursion() -> None:
    for text in ("a: " + "[" * 5000 + "]" * 5000, "a: " + "{b: " * 3000 + "1" + "}" * 3000):
        error = yaml_error(text)
        assert error.message == "nested deeper than 32 levels" and error.line == 1


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = LIMITS.max_depth - 1  # the top mapping is one level
    data, _ = parse_yaml("a: " + "[" * depth + "]" * depth, "f.yaml", ScenarioError, "m", "k")
    assert isinstance(data["a"], list)


def test_long_numbers_are_refused_but_long_texts_are_not() -> None:
    assert yaml_error("count: " + "9" * 41).message == "a number 41 characters long (at most 40)"
    data, _ = parse_yaml("name: " + "9" * 40 + "x", "f.yaml", ScenarioError, "m", "k")
    assert data["name"] == "9" * 40 + "x"


def test_too_many_values_are_refused() -> None:
    error = yaml_error("a:\n" + "- 1\n" * 101, Limits(max_nodes=100))
    assert error.message == "more than 100 values in one document"


def test_a_document_over_the_size_limit_is_refused_before_parsing() -> None:
    error = yaml_error("name: t\n" + "k: v\n" * 100, Limits(max_bytes=100))
    assert error.message == "document too large" and error.got == "508 bytes"


def test_nul_and_control_characters_are_malformed_yaml_not_a_traceback() -> None:
    assert "malformed YAML" in yaml_error("name: t\x00\n").message


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_never_read(path: str) -> None:
    with pytest.raises(ScenarioError, match="not a regular file: a device"):
        read_text(path, ScenarioError, "hint")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioError, match=r"not a regular file: a FIFO \(named pipe\)"):
        read_text(fifo, ScenarioError, "hint")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ClaimsError, match="not a regular file: a directory"):
        read_text(tmp_path, ClaimsError, "hint")


def test_a_large_file_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (LIMITS.max_bytes + 1))
    with pytest.raises(ScenarioError, match="document too large; got '256,001 bytes'"):
        read_text(big, ScenarioError, "hint")


def test_a_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_bytes(b"name: t\nhardware: \xff\n")
    with pytest.raises(ScenarioError) as caught:
        read_text(odd, ScenarioError, "hint")
    assert (caught.value.line, caught.value.message) == (2, "the file is not UTF-8 text")


def toml_error(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        parse_toml(text, "f.toml", ScenarioError)
    return caught.value


def test_toml_deep_nesting_is_a_located_error() -> None:
    assert toml_error("a = " + "[" * 5000 + "]" * 5000).message == "nested deeper than 32 levels"
    assert toml_error("a = " + "[" * 40 + "]" * 40).message == "nested deeper than 32 levels"


def test_toml_long_integers_are_refused() -> None:
    error = toml_error("[hardware]\ncount = 1" + "0" * 45 + "\n")
    assert (error.line, error.field) == (2, "hardware.count")
    assert "more than 40 digits" in error.message


def test_toml_duplicate_keys_are_refused_with_their_line() -> None:
    error = toml_error("[hardware]\ncount = 8\ncount = 9\n")
    assert error.line == 3 and "Cannot overwrite" in error.message


def test_every_scenario_quantity_has_a_physical_maximum() -> None:
    for section, specs in SECTIONS.items():
        for name, spec in specs.items():
            if spec.dimension is not None:
                assert spec.maximum is not None, f"{section}.{name}"
                assert spec.maximum < MAX_MAGNITUDE


@pytest.mark.parametrize("value", [1e308, 10**400, "1e400 W", "1e39 kW", float("nan"), -1e40])
def test_quantities_beyond_the_magnitude_limit_are_refused(value: object) -> None:
    with pytest.raises(InputError, match="number out of range|not a finite number"):
        parse_quantity(value, "power", field="p")  # type: ignore[arg-type]


def test_a_quantity_text_longer_than_200_characters_is_refused() -> None:
    with pytest.raises(InputError, match="text too long for a quantity"):
        parse_quantity("1" + " " * 300 + "W", "power", field="p")


def test_a_lognormal_gsd_above_100_is_refused_before_its_span_overflows() -> None:
    with pytest.raises(InputError, match="1 ≤ gsd ≤ 100"):
        parse_uncertain({"dist": "lognormal", "median": 8, "gsd": 1e30}, "count", field="c")
    ok = parse_uncertain({"dist": "lognormal", "median": 8, "gsd": 100}, "count", field="c")
    assert ok.span[1] == pytest.approx(8 * 100**1.6448536269514722)


def test_a_function_name_used_as_a_value_is_a_located_error() -> None:
    with pytest.raises(ClaimsError, match="function 'ln' used as a value") as caught:
        compile_formula("ln*2", field="claims[0].recompute.formula")
    assert caught.value.field == "claims[0].recompute.formula"
    assert compile_formula("ln(x) * 2", field="f").names == frozenset({"x"})


@pytest.mark.parametrize("text", ["1e400 W", "1e308 GWh", "9" * 400 + " kWh"])
def test_a_published_figure_beyond_float_range_is_refused(text: str) -> None:
    with pytest.raises(ClaimsError, match="published number out of range"):
        parse_published(text, field="claims[0].published")


@pytest.mark.parametrize("text", ["×1e400", "×1001", "1.2.3%", ".%", "x."])
def test_odd_tolerances_are_claims_errors_not_tracebacks(text: str) -> None:
    with pytest.raises(ClaimsError, match="bad tolerance"):
        parse_tolerance(text, field="t")


def test_the_limits_doc_states_every_limit() -> None:
    text = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for figure in (f"{LIMITS.max_bytes:,} bytes", f"{LIMITS.max_depth} levels",
                   f"{LIMITS.max_nodes:,}", f"{LIMITS.max_number_chars} characters", "1e40",
                   "1 to 100", "512,000 bytes", "64,000 bytes", "| 200 |", "| 2 |"):  # fmt: skip
        assert figure in text, figure
    assert "[limits.md](limits.md)" in (ROOT / "docs" / "scenario.md").read_text(encoding="utf-8")


def test_a_path_with_a_nul_character_is_an_input_error() -> None:
    with pytest.raises(ScenarioError, match="not a usable path"):
        read_text("a\x00b.yaml", ScenarioError, "hint")


def test_a_tiny_mfu_is_refused_at_its_line(tmp_path: Path) -> None:
    from wattprint.estimate import estimate

    path = tmp_path / "s.yaml"
    path.write_text("name: t\nhardware: {accelerator: A100, count: 8}\n"
                    "training: {flops: 1e32, mfu: 1e-300}\n")  # fmt: skip
    with pytest.raises(
        ScenarioError, match="value out of range; got '1e-300'; expected a value ≥ 0.001"
    ):
        estimate(path, samples=10)


def test_in_range_inputs_whose_product_overflows_are_a_located_error_not_inf(
    tmp_path: Path,
) -> None:
    from wattprint.estimate import estimate

    path = tmp_path / "s.yaml"
    path.write_text("name: t\nhardware: {accelerator: A100, count: 1e-300, power: 1e-300 W}\n"
                    "training: {duration: 1e-300 s}\n")  # fmt: skip
    with pytest.raises(ScenarioError, match="beyond float range") as caught:
        estimate(path, samples=10)
    assert caught.value.path == str(path)


def test_an_overflow_while_building_inputs_prints_no_warning_and_gives_strict_json(
    tmp_path: Path,
) -> None:
    # found by benchmarks/fuzz (seed 4): duration = hours / count overflowed in build_inputs
    # and NumPy's RuntimeWarning was printed above the error line
    import json
    import warnings

    from wattprint.estimate import estimate

    path = tmp_path / "s.yaml"
    path.write_text("name: t\nhardware: {accelerator: A100, count: 1.0e-299}\n"
                    "training: {flops: 1.5e30}\n")  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the RuntimeWarning would raise here
        footprint = estimate(path, samples=10)
    assert "NaN" not in footprint.to_json() and "Infinity" not in footprint.to_json()
    assert json.loads(footprint.to_json())["outputs"]["accelerator_energy"]["p50"] > 0
