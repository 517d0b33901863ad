"""The layers of DESIGN.md, enforced: a lower layer never imports a higher one.

quantity -> catalog -> chain -> store -> producers (estimate | measure) -> faces.
estimate and measure never import each other; no grab-bag modules; no import cycles
between packages, nor between modules (type-checking imports included).
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
    "settings": 0,
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


def module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_level_imports(path: Path, own: str, known: set[str]) -> set[str]:
    """Modules of ours imported at module level, ``if TYPE_CHECKING:`` blocks included;
    ``from package import module`` counts as an import of the module alone."""
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                subs = {f"{node.module}.{a.name}" for a in node.names} & known
                found.update(subs if len(subs) == len(node.names) else {node.module, *subs})

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return (found & known) - {own}


def import_cycles(src: Path) -> list[list[str]]:
    """Every cycle of module-level imports among the modules under ``src``."""
    names = {module_name(p, src): p for p in sorted(src.rglob("*.py"))}
    graph = {name: module_level_imports(path, name, set(names)) for name, path in names.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                walk(target)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name)
    return cycles


def test_no_module_imports_itself_round_a_cycle() -> None:
    assert import_cycles(SRC) == []


def test_the_cycle_check_finds_a_type_only_cycle(tmp_path: Path) -> None:
    pkg = tmp_path / "wattprint" / "measure"
    pkg.mkdir(parents=True)
    (pkg / "a.py").write_text("import wattprint.measure.b\n")
    type_only = "from wattprint.measure.a import X"
    (pkg / "b.py").write_text(f"import typing\nif typing.TYPE_CHECKING:\n    {type_only}\n")
    assert import_cycles(tmp_path / "wattprint") == [
        ["wattprint.measure.a", "wattprint.measure.b", "wattprint.measure.a"]
    ]
