"""Golden-file comparison: ``WATTPRINT_UPDATE_GOLDEN=1 pytest`` rewrites them."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, actual: str) -> None:
    """Assert ``actual`` equals the golden file ``tests/golden/NAME`` (or write it)."""
    path = GOLDEN / name
    if os.environ.get("WATTPRINT_UPDATE_GOLDEN") == "1" or not path.exists():
        if os.environ.get("CI") and not path.exists():
            raise AssertionError(f"golden file {path} missing in CI")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}; rerun with WATTPRINT_UPDATE_GOLDEN=1"
