"""JSON and HTML answers that always encode: no NaN or Infinity, no lone surrogates.

Text a request sent can hold lone UTF-16 surrogates (``"\\ud800"`` in JSON or YAML) and
a footprint can hold a non-finite float; neither may turn an answer into a 500.
"""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi.responses import HTMLResponse, JSONResponse


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float replaced by ``None`` (JSON has neither)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def utf8(text: str) -> bytes:
    """UTF-8 bytes of ``text``; a lone surrogate becomes ``?``."""
    return text.encode("utf-8", errors="replace")


class FiniteJSONResponse(JSONResponse):
    """JSON without NaN or Infinity (written as null) that always encodes."""

    def render(self, content: Any) -> bytes:
        """Serialise ``content``; non-finite floats become ``null``."""
        text = json.dumps(finite(content), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":"))  # fmt: skip
        return utf8(text)


def html_response(
    text: str, status: int = 200, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """An HTML answer that always encodes."""
    return HTMLResponse(utf8(text), status_code=status, headers=headers)
