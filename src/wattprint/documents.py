"""Reading a person's YAML file: plain data plus a map of field path -> line.

Paths use dots for mapping keys and ``[i]`` for list items
(``claims[2].recompute.output``), so every later error can name the line a person wrote.
Scenario files and claims files both read through here; each passes its own error class.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from wattprint.errors import InputError


def read_text(path: str | Path, error: type[InputError], not_found_hint: str) -> str:
    """The file's text; a missing or unreadable file is an ``error`` naming the path."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error("file not found", path=str(path), hint=not_found_hint) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read file: {exc}", path=str(path)) from None


def parse_yaml(
    text: str, path: str, error: type[InputError], not_mapping: str, expected: str
) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse YAML text that must hold a mapping; return it and its field -> line map.

    Raises ``error`` with the line of a syntax error, or ``not_mapping`` when the
    document is not a mapping (``expected`` says what keys it should have).
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        column = f" (column {mark.column + 1})" if mark is not None else ""
        raise error(
            f"malformed YAML{column}: {exc.problem or 'cannot parse'}",
            path=path,
            line=mark.line + 1 if mark is not None else None,
            hint="check indentation and quoting near that line",
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"malformed YAML: {exc}", path=path) from None
    if not isinstance(data, dict):
        raise error(
            not_mapping,
            path=path,
            line=1,
            got=type(data).__name__,
            expected=expected,
        )
    lines: dict[str, int] = {}
    if node is not None:
        _node_lines(node, "", lines)
    return data, lines


def _node_lines(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            lines[key] = key_node.start_mark.line + 1
            _node_lines(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            key = f"{prefix}[{i}]"
            lines[key] = item.start_mark.line + 1
            _node_lines(item, key, lines)
