"""Checking what a request brings: dates, tags, form bodies, YAML text, example names.

Every check fails with a :class:`~wattprint.web.errors.WebError` (a 4xx naming the
field) or an :class:`~wattprint.errors.InputError` (422). Nothing a request sends is ever
used as a path: bundled examples are chosen by name from a list made at start-up.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from wattprint.errors import ScenarioError
from wattprint.web.errors import WebError

MAX_YAML_BYTES = 64_000
MAX_BODY_BYTES = 256_000
MAX_SAMPLES = 100_000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$")


def parse_when(text: str | None, field: str, *, end_of_day: bool = False) -> float | None:
    """``"2025-11-25"``, ``"2025-11-25T13:00"`` or unix seconds -> unix seconds.

    A bare date with ``end_of_day`` means the start of the next day (an inclusive "to").
    """
    if text is None or not text.strip():
        return None
    value = text.strip()
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if math.isfinite(seconds) and 0 <= seconds < 1e11:
        return seconds
    if not _DATE.match(value):
        raise WebError(422, f"{field}: not a date; got {value!r}, expected YYYY-MM-DD", field)
    try:
        when = dt.datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        raise WebError(422, f"{field}: no such date {value!r}", field) from None
    if end_of_day and len(value) == 10:
        when += dt.timedelta(days=1)
    return when.timestamp()


def check_tag(tag: str | None) -> str | None:
    """A tag filter, ``key`` or ``key=value``; empty means no filter."""
    if tag is None or not tag.strip():
        return None
    if not tag.partition("=")[0].strip():
        raise WebError(422, f"tag: {tag!r} has no key; expected key or key=value", "tag")
    return tag.strip()


def form_fields(body: bytes, allowed: tuple[str, ...]) -> dict[str, str]:
    """Fields of an ``application/x-www-form-urlencoded`` body (first value of each)."""
    if len(body) > MAX_BODY_BYTES:
        raise WebError(413, f"the form is larger than {MAX_BODY_BYTES:,} bytes", None)
    try:
        text = body.decode("utf-8")
        pairs = urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise WebError(400, "the form is not UTF-8 url-encoded text", None) from None
    return {k: v[0] for k, v in pairs.items() if k in allowed and v}


def load_yaml(text: str, field: str) -> Any:
    """Parse YAML a person typed: size-limited, no anchors or aliases, safe types only."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise WebError(413, f"{field}: longer than {MAX_YAML_BYTES:,} bytes", field)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise ScenarioError("YAML aliases (*name) are not accepted here", field=field)
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        where = f" at line {line}, column {mark.column + 1}" if mark is not None else ""
        raise ScenarioError(
            f"malformed YAML{where}: {exc.problem or 'syntax error'}", line=line, field=field
        ) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"malformed YAML: {exc}", field=field) from None


def parse_mapping(text: str, field: str) -> Mapping[str, Any]:
    """YAML text whose top level must be a mapping."""
    data = load_yaml(text, field)
    if not isinstance(data, dict):
        raise ScenarioError(
            "the text must be a YAML mapping", field=field, got=type(data).__name__,
            expected="keys such as name, hardware, training, facility",
        )  # fmt: skip
    return data


@dataclass(frozen=True)
class Examples:
    """The bundled example files, read once: scenarios and claims files by name."""

    scenarios: dict[str, str]
    claims: dict[str, str]

    @classmethod
    def bundled(cls) -> Examples:
        """Read every ``*.yaml`` shipped in ``wattprint.examples``."""
        scenarios: dict[str, str] = {}
        claims: dict[str, str] = {}
        for entry in sorted(resources.files("wattprint.examples").iterdir(), key=str):
            if not entry.name.endswith((".yaml", ".yml")) or not entry.is_file():
                continue
            text = entry.read_text(encoding="utf-8")
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError:
                continue
            target = claims if isinstance(data, dict) and "claims" in data else scenarios
            target[entry.name.rsplit(".", 1)[0]] = text
        return cls(scenarios, claims)

    def scenario(self, name: str) -> str:
        """A bundled scenario's text by name (404 for any other name)."""
        if name not in self.scenarios:
            raise WebError(404, f"no bundled scenario named {name!r}", "example")
        return self.scenarios[name]

    def claims_file(self, name: str) -> str:
        """A bundled claims file's text by name (404 for any other name)."""
        if name not in self.claims:
            raise WebError(404, f"no bundled claims file named {name!r}", "example")
        return self.claims[name]
