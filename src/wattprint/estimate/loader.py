"""Reading scenario files (YAML or TOML) into plain data plus a map of field -> line.

The line map lets every later error point at the line a person wrote, for YAML exactly
(from the parser's node marks) and for TOML by the first ``key =`` line of that name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wattprint.documents import parse_toml, parse_yaml, read_text
from wattprint.errors import ScenarioError


def read_document(path: str | Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a YAML or TOML file; return its mapping and ``{"hardware.count": line}``."""
    text = read_text(path, ScenarioError, "check the path, or see examples/")
    if Path(path).suffix.lower() == ".toml":
        return parse_toml(text, str(path), ScenarioError)
    return parse_yaml(
        text,
        str(path),
        ScenarioError,
        "a scenario must be a mapping of sections",
        "keys such as name, kind, hardware, training, facility",
    )
