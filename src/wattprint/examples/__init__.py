"""Bundled example scenarios and claims files (also reachable as ``examples/`` in the repo)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from wattprint.errors import InputError


def example_path(name: str) -> Path:
    """Path of a bundled example by stem (``gpt4-press``) or file name."""
    folder = resources.files("wattprint.examples")
    for suffix in ("", ".yaml", ".toml"):
        candidate = folder.joinpath(name + suffix)
        if candidate.is_file():
            return Path(str(candidate))
    known = sorted(p.name for p in folder.iterdir() if p.name.endswith((".yaml", ".toml")))
    raise InputError("no such example", got=name, expected="one of " + ", ".join(known))
