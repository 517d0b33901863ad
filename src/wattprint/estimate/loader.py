"""Reading scenario files (YAML or TOML) into plain data plus a map of field -> line.

The line map lets every later error point at the line a person wrote, for YAML exactly
(from the parser's node marks) and for TOML by the first ``key =`` line of that name.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from wattprint.errors import ScenarioError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


def read_document(path: str | Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a YAML or TOML file; return its mapping and ``{"hardware.count": line}``."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(
            "file not found", path=str(path), hint="check the path, or see examples/"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read file: {exc}", path=str(path)) from None
    if file.suffix.lower() == ".toml":
        return _read_toml(text, str(path))
    return _read_yaml(text, str(path))


def _read_yaml(text: str, path: str) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "malformed YAML"
        raise ScenarioError(
            f"malformed YAML: {problem}",
            path=path,
            line=line,
            hint="check indentation and quoting near that line",
        ) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"malformed YAML: {exc}", path=path) from None
    if not isinstance(data, dict):
        raise ScenarioError(
            "a scenario must be a mapping of sections",
            path=path,
            got=type(data).__name__,
            expected="keys such as name, kind, hardware, training, facility",
        )
    lines: dict[str, int] = {}
    if node is not None:
        _yaml_lines(node, "", lines)
    return data, lines


def _yaml_lines(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            lines[key] = key_node.start_mark.line + 1
            _yaml_lines(value_node, key + ".", lines)


def _read_toml(text: str, path: str) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ScenarioError(
            f"malformed TOML: {exc}", path=path, line=int(match.group(1)) if match else None
        ) from None
    lines: dict[str, int] = {}
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        header = re.match(r"^\[([^\]]+)\]", stripped)
        if header:
            section = header.group(1).strip() + "."
            lines.setdefault(section[:-1], number)
            continue
        key = re.match(r"^([A-Za-z0-9_]+)\s*=", stripped)
        if key:
            lines.setdefault(section + key.group(1), number)
    return data, lines
