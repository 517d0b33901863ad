"""One public face: ``wattprint.__all__`` is sorted, complete and importable; imports stay light."""

from __future__ import annotations

import subprocess
import sys

import wattprint


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert list(wattprint.__all__) == sorted(wattprint.__all__, key=str)
    for name in wattprint.__all__:
        assert getattr(wattprint, name) is not None


def test_star_import_works() -> None:
    namespace: dict[str, object] = {}
    exec("from wattprint import *", namespace)
    assert set(wattprint.__all__) <= set(namespace)


def test_unknown_attributes_raise_attribute_error() -> None:
    try:
        wattprint.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_import_wattprint_is_light() -> None:
    heavy = [
        "numpy",
        "pandas",
        "scipy",
        "pint",
        "plotly",
        "fastapi",
        "starlette",
        "typer",
        "rich",
        "yaml",
        "httpx",
        "requests",
        "matplotlib",
        "sklearn",
    ]
    code = f"import sys, wattprint; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
