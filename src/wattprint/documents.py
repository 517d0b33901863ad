"""Reading a person's YAML or TOML file: plain data plus a map of field path -> line.

Paths use dots for mapping keys and ``[i]`` for list items
(``claims[2].recompute.output``), so every later error can name the line a person wrote.
Scenario files and claims files both read through here, from the CLI and the dashboard
alike; each passes its own error class.

A document is bad input until read, so reading is bounded (``docs/limits.md``): only a
regular file is opened (a device, FIFO or directory is refused before ``open``), its size
is checked before parsing, YAML aliases and anchors are refused (a 300-byte "billion
laughs" file would otherwise grow without bound), a duplicate key is an error naming both
lines, and nesting depth, node count and the length of a number are capped while the
parser composes, so a hostile file costs milliseconds and never a traceback.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from wattprint.errors import InputError


@dataclass(frozen=True)
class Limits:
    """How large a document may be; each limit is far above any real scenario or claims file."""

    max_bytes: int = 256_000
    max_depth: int = 32
    max_nodes: int = 50_000
    max_number_chars: int = 40


LIMITS = Limits()
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def read_text(
    path: str | Path, error: type[InputError], not_found_hint: str, limits: Limits = LIMITS
) -> str:
    """The file's text; a missing, special, oversized or unreadable file is an ``error``.

    The file is checked with ``os.stat`` before it is opened, so a FIFO never blocks and
    ``/dev/zero`` is never read; it is then opened non-blocking and checked again.
    """
    name = str(path)
    try:
        _check_regular(os.stat(path), name, error, limits)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            _check_regular(os.fstat(handle.fileno()), name, error, limits)
            data = handle.read(limits.max_bytes + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise error("file not found", path=name, hint=not_found_hint) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror or exc}", path=name) from None
    except ValueError:  # os.stat refuses a path with a NUL character
        raise error("not a usable path", got=name, expected="a path without NUL") from None
    if len(data) > limits.max_bytes:
        raise _too_large(name, error, len(data), limits)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            "the file is not UTF-8 text",
            path=name,
            line=line,
            got=data[exc.start : exc.start + 4],
            hint="save it as UTF-8",
        ) from None


def _check_regular(
    info: os.stat_result, name: str, error: type[InputError], limits: Limits
) -> None:
    if stat.S_ISDIR(info.st_mode):
        kind = "a directory"
    elif stat.S_ISFIFO(info.st_mode):
        kind = "a FIFO (named pipe)"
    elif stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        kind = "a device"
    elif stat.S_ISSOCK(info.st_mode):
        kind = "a socket"
    else:
        if info.st_size > limits.max_bytes:
            raise _too_large(name, error, info.st_size, limits)
        return
    raise error(
        f"not a regular file: {kind}",
        path=name,
        expected="a YAML or TOML file",
        hint="give the path of a file on disk",
    )


def _too_large(name: str | None, error: type[InputError], size: int, limits: Limits) -> InputError:
    return error(
        "document too large",
        path=name,
        got=f"{size:,} bytes",
        expected=f"at most {limits.max_bytes:,} bytes (see docs/limits.md)",
    )


def parse_yaml(
    text: str,
    path: str | None,
    error: type[InputError],
    not_mapping: str,
    expected: str,
    limits: Limits = LIMITS,
) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse YAML text that must hold a mapping; return it and its field -> line map.

    Raises ``error`` with the line of a syntax error, an alias, a duplicate key or a
    limit exceeded, or ``not_mapping`` when the document is not a mapping (``expected``
    says what keys it should have).
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise _too_large(path, error, size, limits)
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text, limits)  # the reader refuses NUL and other controls
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        raise error(exc.message, path=path, line=exc.line, hint=exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        column = f" (column {mark.column + 1})" if mark is not None else ""
        raise error(
            f"malformed YAML{column}: {exc.problem or 'cannot parse'}",
            path=path,
            line=mark.line + 1 if mark is not None else None,
            hint="check indentation and quoting near that line",
        ) from None
    except (yaml.YAMLError, TypeError, ValueError) as exc:
        raise error(f"malformed YAML: {exc}", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        raise error(not_mapping, path=path, line=1, got=type(data).__name__, expected=expected)
    lines: dict[str, int] = {}
    if node is not None:
        _node_lines(node, "", lines)
    return data, lines


class _Refused(Exception):
    """A document the bounded loader will not compose, with the line at fault."""

    def __init__(self, message: str, line: int, hint: str | None = None) -> None:
        self.message = message
        self.line = line
        self.hint = hint
        super().__init__(message)


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, composing with limits: no aliases, bounded depth and size."""

    def __init__(self, text: str, limits: Limits) -> None:
        super().__init__(text)
        self.limits = limits
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                "YAML anchors and aliases (&name, *name) are not accepted",
                line,
                "write the repeated value out in full",
            )
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise _Refused(f"more than {self.limits.max_nodes:,} values in one document", line)
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise _Refused(f"nested deeper than {self.limits.max_depth} levels", line)
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if isinstance(node, yaml.ScalarNode) and node.tag in _NUMBER_TAGS:
            _check_number_length(str(node.value), line, self.limits)
        elif isinstance(node, yaml.MappingNode):
            _check_duplicates(node)
        return node


def _check_number_length(value: str, line: int, limits: Limits) -> None:
    if len(value) > limits.max_number_chars:
        raise _Refused(
            f"a number {len(value):,} characters long (at most {limits.max_number_chars})",
            line,
            "write it with an exponent, e.g. 2.5e9",
        )


def _check_duplicates(node: yaml.MappingNode) -> None:
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise _Refused(
                f"duplicate key {key!r} (first on line {seen[key]}, again on line {line})",
                line,
                "keep one of the two; YAML would silently use the last",
            )
        seen[key] = line


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


def parse_toml(
    text: str, path: str, error: type[InputError], limits: Limits = LIMITS
) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse TOML text under the same limits as YAML; return it and its field -> line map.

    TOML itself refuses duplicate keys and has no aliases; depth and number length are
    checked here: the standard parser recurses, so very deep nesting ends in its
    RecursionError (caught), and anything deeper than the limit is refused after it.
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise _too_large(path, error, size, limits)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise error(
            f"malformed TOML: {exc}", path=path, line=int(match.group(1)) if match else None
        ) from None
    except RecursionError:
        raise _nested(path, None, error, limits) from None
    except ValueError as exc:  # an integer beyond Python's digit limit
        raise error(f"malformed TOML: {exc}", path=path) from None
    lines = _toml_lines(text)
    _check_toml_values(data, "", 1, _Where(path, lines, error, limits))
    return data, lines


def _toml_lines(text: str) -> dict[str, int]:
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
    return lines


@dataclass(frozen=True)
class _Where:
    path: str
    lines: dict[str, int]
    error: type[InputError]
    limits: Limits


def _nested(
    path: str | None, line: int | None, error: type[InputError], limits: Limits
) -> InputError:
    return error(
        f"nested deeper than {limits.max_depth} levels",
        path=path,
        line=line,
        expected="sections of plain keys (see docs/limits.md)",
    )


def _check_toml_values(value: Any, field: str, depth: int, where: _Where) -> None:
    limits = where.limits
    if depth > limits.max_depth:
        raise _nested(where.path, where.lines.get(field.split("[")[0]), where.error, limits)
    if isinstance(value, dict):
        for key, item in value.items():
            _check_toml_values(item, f"{field}.{key}" if field else str(key), depth + 1, where)
    elif isinstance(value, list):
        for item in value:
            _check_toml_values(item, field, depth + 1, where)
    elif (
        isinstance(value, int)
        and not isinstance(value, bool)
        and abs(value) >= 10**limits.max_number_chars
    ):
        raise where.error(
            f"a number more than {limits.max_number_chars} digits long",
            path=where.path,
            line=where.lines.get(field),
            field=field or None,
            hint="write it with an exponent, e.g. 2.5e9",
        )
