"""Options shared by several commands, declared once."""

from __future__ import annotations

import enum

import typer


class Lang(str, enum.Enum):
    """Output language."""

    en = "en"
    zh = "zh"


lang_option: Lang = typer.Option(Lang.en, "--lang", help="Output language: en or zh (中文).")
