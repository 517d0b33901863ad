"""Reading scenario files (YAML or TOML) into plain data plus a map of field -> line.

The line map lets every later error point at the line a person wrote, for YAML exactly
(from the parser's node marks) and for TOML by the first ``key =`` line of that name.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from wattprint.documents import parse_yaml, read_text
from wattprint.errors import ScenarioError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


def read_document(path: str | Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a YAML or TOML file; return its mapping and ``{"hardware.count": line}``."""
    text = read_text(path, ScenarioError, "check the path, or see examples/")
    if Path(path).suffix.lower() == ".toml":
        return _read_toml(text, str(path))
    return parse_yaml(
        text,
        str(path),
        ScenarioError,
        "a scenario must be a mapping of sections",
        "keys such as name, kind, hardware, training, facility",
    )


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
