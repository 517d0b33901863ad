"""Settings as data: every WATTPRINT_* variable is declared once, documented, and bounded."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from wattprint.errors import InputError
from wattprint.measure.config import TrackerConfig
from wattprint.settings import SAMPLE_INTERVAL, SETTINGS, settings_help, settings_markdown
from wattprint.store.connection import default_db_path

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "settings.md"
BEGIN = "<!-- settings table: generated from wattprint.settings, do not edit by hand -->\n"
END = "<!-- end of settings table -->"
NAME = re.compile(r"WATTPRINT_[A-Z_]+[A-Z]")


def names_in(text: str) -> set[str]:
    return set(NAME.findall(text))


def source_names() -> dict[str, str]:
    """Every WATTPRINT_* name written in the package's source, with a file that writes it."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "src" / "wattprint").rglob("*.py")):
        for name in names_in(path.read_text(encoding="utf-8")):
            found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_every_variable_in_the_source_is_declared() -> None:
    declared = {s.name for s in SETTINGS}
    undeclared = {n: where for n, where in source_names().items() if n not in declared}
    assert undeclared == {}, "declare these in wattprint/settings.py (and regenerate the docs)"


def test_the_check_finds_an_undeclared_name() -> None:
    planted = 'os.environ.get("WATTPRINT_TURBO")'
    assert names_in(planted) - {s.name for s in SETTINGS} == {"WATTPRINT_TURBO"}


def test_there_are_twelve_each_with_help_and_a_default_shown() -> None:
    assert len(SETTINGS) == 14
    assert len({s.name for s in SETTINGS}) == 14
    for s in SETTINGS:
        assert s.help.endswith(".") and s.field
        assert s.name in settings_help()


def test_docs_table_is_generated_from_the_declarations() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, f"{DOC} lost its generated-table markers"
    before, rest = text.split(BEGIN)
    table, after = rest.split(END)
    if os.environ.get("WATTPRINT_UPDATE_GOLDEN") == "1":
        DOC.write_text(before + BEGIN + settings_markdown() + END + after, encoding="utf-8")
        table = settings_markdown()
    assert table == settings_markdown(), "rerun with WATTPRINT_UPDATE_GOLDEN=1"
    documented = names_in(table)
    assert documented == {s.name for s in SETTINGS}


def test_the_declared_defaults_are_the_ones_used() -> None:
    config = TrackerConfig.from_env({})
    assert config.sample_interval_s == 5.0 and config.flush_interval_s == 5.0
    assert config.store is True and config.sensors.per_rank_devices is False
    assert config.sensors.rapl_root == "/sys/class/powercap"
    assert config.sensors.cpu_scope == "process" and config.sensors.enabled is None
    assert (config.region, config.facility, config.db_path, config.step_file) == (None,) * 4


def test_an_empty_variable_means_its_default() -> None:
    env = {s.name: "  " for s in SETTINGS}
    assert TrackerConfig.from_env(env) == TrackerConfig.from_env({})


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("WATTPRINT_SAMPLE_INTERVAL", "0.001", "0.01 to 3600 seconds"),
        ("WATTPRINT_SAMPLE_INTERVAL", "7200", "0.01 to 3600 seconds"),
        ("WATTPRINT_SAMPLE_INTERVAL", "nan", "0.01 to 3600 seconds"),
        ("WATTPRINT_FLUSH_INTERVAL", "30", "0.01 to 5 seconds"),
        ("WATTPRINT_FLUSH_INTERVAL", "-1", "0.01 to 5 seconds"),
    ],
)
def test_a_number_out_of_range_names_variable_value_and_range(
    variable: str, value: str, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        TrackerConfig.from_env({variable: value})
    message = str(caught.value)
    assert variable in message and value in message and words in message


def test_a_word_that_is_not_a_number_names_the_variable() -> None:
    with pytest.raises(InputError, match="WATTPRINT_FLUSH_INTERVAL.*not a number"):
        TrackerConfig.from_env({"WATTPRINT_FLUSH_INTERVAL": "often"})


def test_a_bad_flag_names_the_variable() -> None:
    with pytest.raises(InputError, match="WATTPRINT_STORE.*yes/no"):
        TrackerConfig.from_env({"WATTPRINT_STORE": "maybe"})


def test_an_unknown_choice_lists_the_choices() -> None:
    with pytest.raises(InputError, match="process or cgroup") as caught:
        TrackerConfig.from_env({"WATTPRINT_CPU_SCOPE": "node"})
    assert "WATTPRINT_CPU_SCOPE" in str(caught.value)


def test_the_same_range_holds_for_a_config_built_in_python() -> None:
    with pytest.raises(InputError, match="sample_interval_s.*0.01 to 3600 seconds"):
        TrackerConfig(sample_interval_s=0.001)
    assert TrackerConfig(sample_interval_s=SAMPLE_INTERVAL.low or 0).sample_interval_s == 0.01


def test_the_store_default_path_reads_the_declared_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WATTPRINT_DB", f" {tmp_path / 'x.db'} ")
    assert default_db_path() == tmp_path / "x.db"
