"""Options shared by several commands, declared once."""

from __future__ import annotations

import enum
from pathlib import Path

import typer


class Lang(str, enum.Enum):
    """Output language."""

    en = "en"
    zh = "zh"


lang_option: Lang = typer.Option(Lang.en, "--lang", help="Output language: en or zh (中文).")


def scenario_file(path: Path) -> Path:
    """``path`` as given, or a bundled example by name when no such file exists
    (``wattprint estimate gpt4-press`` works after a plain ``pip install``)."""
    if path.exists() or len(path.parts) != 1:
        return path
    from wattprint.errors import InputError
    from wattprint.examples import example_path

    try:
        return example_path(path.name)
    except InputError:
        return path
