"""The layers of DESIGN.md, enforced: a lower layer never imports a higher one.

quantity -> catalog -> chain -> store -> producers (estimate | measure) -> faces.
estimate and measure never import each other; no grab-bag modules; no import cycles
between packages.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "wattprint"

# first dotted part under wattprint -> layer rank; "estimate" and "measure" share a rank
LAYERS: dict[str, int] = {
    "_version": 0,
    "documents": 0,
    "errors": 0,
    "quantity": 0,
    "catalog": 1,
    "chain": 2,
    "store": 3,
    "estimate": 4,
    "measure": 4,
    "examples": 5,
    "audit": 5,
    "report": 5,
    "web": 6,
    "cli": 7,
    "__main__": 8,
    "integrations": 6,
}
SIBLINGS_THAT_MUST_NOT_MEET = {frozenset({"estimate", "measure"})}
GRAB_BAGS = {"utils", "util", "helpers", "helper", "common", "misc"}


def package_of(module_path: Path) -> str:
    rel = module_path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py") if rel.parts[0] != "__init__.py" else ""


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    own = package_of(path)
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: stays within its own package
                names = [f"wattprint.{own}"]
            elif node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "wattprint" and len(parts) > 1 and parts[1] in LAYERS:
                found.add(parts[1])
    return found


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] != "__init__.py")


def violations(paths: list[Path]) -> list[str]:
    bad = []
    for path in paths:
        own = package_of(path)
        for target in imported_packages(path):
            if target == own:
                continue
            if (
                LAYERS[target] > LAYERS[own]
                or frozenset({own, target}) in SIBLINGS_THAT_MUST_NOT_MEET
            ):
                bad.append(f"{path.relative_to(SRC)} imports wattprint.{target}")
    return bad


def test_every_package_has_a_layer() -> None:
    assert {package_of(p) for p in modules()} <= set(LAYERS)


def test_no_lower_layer_imports_a_higher_one() -> None:
    assert violations(modules()) == []


def test_the_check_fails_on_a_planted_upward_import(tmp_path: Path) -> None:
    planted = SRC / "chain" / "_planted_for_test.py"
    planted.write_text("from wattprint.cli import main\n")
    try:
        assert violations([planted]) == ["chain/_planted_for_test.py imports wattprint.cli"]
    finally:
        planted.unlink()


def test_no_grab_bag_modules() -> None:
    assert [p for p in SRC.rglob("*.py") if p.stem in GRAB_BAGS] == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_stay_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n") + 1
    assert lines <= 400, f"{path} has {lines} lines; split it by idea"
