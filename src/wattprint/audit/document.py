"""Reading a claims file: YAML into plain data plus a map of field path -> line.

Paths use dots for mapping keys and ``[i]`` for list items
(``claims[2].recompute.output``), so every later error can name the line a person wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wattprint.documents import parse_yaml, read_text
from wattprint.errors import ClaimsError


def read_claims_document(path: str | Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a claims YAML file; return its mapping and ``{"claims[0].published": line}``."""
    text = read_text(path, ClaimsError, "see examples/seed-article-claims.yaml")
    return parse_yaml(
        text,
        str(path),
        ClaimsError,
        "a claims file must be a mapping",
        "keys such as title, source, claims",
    )
