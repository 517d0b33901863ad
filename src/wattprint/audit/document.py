"""Reading a claims file: YAML into plain data plus a map of field path -> line.

Paths use dots for mapping keys and ``[i]`` for list items
(``claims[2].recompute.output``), so every later error can name the line a person wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from wattprint.errors import ClaimsError


def read_claims_document(path: str | Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a claims YAML file; return its mapping and ``{"claims[0].published": line}``."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ClaimsError(
            "file not found", path=str(path), hint="see examples/seed-article-claims.yaml"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimsError(f"cannot read file: {exc}", path=str(path)) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ClaimsError(
            f"malformed YAML: {exc.problem or 'cannot parse'}",
            path=str(path),
            line=mark.line + 1 if mark is not None else None,
            hint="check indentation and quoting near that line",
        ) from None
    except yaml.YAMLError as exc:
        raise ClaimsError(f"malformed YAML: {exc}", path=str(path)) from None
    if not isinstance(data, dict):
        raise ClaimsError(
            "a claims file must be a mapping",
            path=str(path),
            line=1,
            got=type(data).__name__,
            expected="keys such as title, source, claims",
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
