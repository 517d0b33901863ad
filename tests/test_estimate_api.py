"""estimate() takes a path, YAML text or a mapping; a Footprint prints short."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wattprint.errors import ScenarioError
from wattprint.estimate import estimate

EXAMPLE = Path(__file__).parent.parent / "examples" / "gpt4-press.yaml"


def test_a_path_yaml_text_and_a_mapping_give_the_same_footprint() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    by_path = estimate(EXAMPLE, samples=500)
    by_text = estimate(text, samples=500)
    by_mapping = estimate(yaml.safe_load(text), samples=500)
    p50 = by_path["facility_energy"].p50
    assert by_text["facility_energy"].p50 == p50 == by_mapping["facility_energy"].p50


def test_a_mistake_in_yaml_text_names_the_line() -> None:
    text = "name: x\nkind: training\nhardware:\n  count: many\n"
    with pytest.raises(ScenarioError, match=r"^<string>:4: hardware.count: not a number"):
        estimate(text)


def test_something_else_is_refused_clearly() -> None:
    with pytest.raises(ScenarioError, match="a file path, YAML text, a mapping or a Scenario"):
        estimate(42)  # type: ignore[arg-type]


def test_repr_is_one_short_line_and_str_a_compact_table() -> None:
    footprint = estimate(EXAMPLE, samples=500)
    line = repr(footprint)
    assert "\n" not in line and len(line) < 160
    assert line.startswith("<Footprint 'GPT-4") and "estimate" in line
    assert "GWh" in line and "CO2e (p50)>" in line
    table = str(footprint).splitlines()
    assert table[0].endswith("(estimate)") and len(table) <= 12
    carbon = next(row for row in table if row.strip().startswith("carbon"))
    assert carbon.endswith("kg CO2e") and len(carbon.split()) == 6  # label, p5, p50, p95, unit
