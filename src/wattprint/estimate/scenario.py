"""Scenarios: validated descriptions of AI work that cannot be measured.

:func:`load_scenario` reads a file; :func:`scenario_from_dict` validates a mapping (the
web page's editor uses it). Every mistake is a :class:`ScenarioError` naming the file,
line, field path, the value given and what was expected.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wattprint.catalog import accelerators, facilities, grids, reference_loads
from wattprint.errors import CatalogLookupError, InputError, ScenarioError
from wattprint.estimate.fields import (
    SECTIONS,
    TOP_LEVEL,
    TRAINING_SIZINGS,
    FieldSpec,
    list_items,
)
from wattprint.estimate.loader import read_document
from wattprint.estimate.serving_checks import check_inference
from wattprint.quantity.uncertain import Uncertain, parse_uncertain


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: uncertain quantities and texts by dotted field path."""

    name: str
    kind: str
    values: dict[str, Uncertain]
    texts: dict[str, str]
    raw: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def locate(self, error: InputError) -> ScenarioError:
        """The error with this scenario's file and the line of its field filled in."""
        line = error.line
        if line is None and error.field:
            line = self.lines.get(error.field) or self.lines.get(error.field.rsplit(".", 1)[0])
        return ScenarioError(
            error.message,
            path=error.path or self.path,
            line=line,
            field=error.field,
            got=error.got,
            expected=error.expected,
            hint=error.hint,
        )

    def has(self, field_path: str) -> bool:
        """True when the scenario gives this field."""
        return field_path in self.values or field_path in self.texts

    def sizing(self) -> tuple[str, ...]:
        """Which of the training sizings (a)-(c) this scenario uses."""
        for keys in TRAINING_SIZINGS:
            if all(f"training.{k}" in self.values for k in keys):
                return keys
        return ()


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (YAML, or TOML by its ``.toml`` suffix)."""
    data, lines = read_document(path)
    located = Scenario("", "", {}, {}, path=str(path), lines=lines)
    try:
        scenario = scenario_from_dict(data, path=str(path))
    except InputError as exc:
        raise located.locate(exc) from None
    return replace(scenario, lines=lines)


def scenario_from_text(text: str, *, source: str = "<string>") -> Scenario:
    """Read and validate a scenario given as YAML text; errors name ``source`` and line."""
    from wattprint.documents import parse_yaml

    data, lines = parse_yaml(
        text, source, ScenarioError, "a scenario must be a mapping of sections",
        "keys such as name, kind, hardware, training, facility",
    )  # fmt: skip
    located = Scenario("", "", {}, {}, path=source, lines=lines)
    try:
        scenario = scenario_from_dict(data, path=source)
    except InputError as exc:
        raise located.locate(exc) from None
    return replace(scenario, lines=lines)


def as_scenario(scenario: Scenario | str | Path | Mapping[str, Any]) -> Scenario:
    """A scenario from whatever was given: a Scenario, a mapping, YAML text (anything with
    a line break) or the path of a YAML/TOML file.

    Raises:
        ScenarioError: The scenario is invalid, or the file cannot be read.
    """
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, Mapping):
        return scenario_from_dict(scenario, path="<mapping>")
    if isinstance(scenario, str) and "\n" in scenario:
        return scenario_from_text(scenario)
    if isinstance(scenario, (str, Path)):
        return load_scenario(scenario)
    raise ScenarioError(
        "cannot read a scenario from this",
        got=type(scenario).__name__,
        expected="a file path, YAML text, a mapping or a Scenario",
    )


def scenario_from_dict(data: Mapping[str, Any], *, path: str | None = None) -> Scenario:
    """Validate a scenario given as a mapping; raise ScenarioError on any mistake."""
    _reject_unknown(data, TOP_LEVEL.keys() | SECTIONS.keys(), "")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError(
            "every scenario needs a name", field="name", got=name, expected="a non-empty text"
        )
    kind = data.get("kind", "training")
    if kind not in ("training", "inference"):
        raise ScenarioError(
            "unknown kind", field="kind", got=kind, expected="training or inference"
        )
    values: dict[str, Uncertain] = {}
    texts: dict[str, str] = {}
    for section, specs in SECTIONS.items():
        content = data.get(section)
        if content is None:
            continue
        if not isinstance(content, Mapping):
            raise ScenarioError(
                "a section must be a mapping of fields",
                field=section,
                got=content,
                expected=f"keys such as {', '.join(list(specs)[:3])}",
            )
        _reject_unknown(content, specs.keys(), section)
        for key, value in content.items():
            _parse_field(f"{section}.{key}", value, specs[key], values, texts)
    scenario = Scenario(name.strip(), kind, values, texts, dict(data), path)
    _check_structure(scenario)
    _check_catalog_names(scenario)
    return scenario


def _reject_unknown(data: Mapping[str, Any], allowed: Any, section: str) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            where = f"{section}.{key}" if section else str(key)
            raise ScenarioError(
                "unknown key",
                field=where,
                got=key,
                expected="one of " + ", ".join(sorted(allowed)),
                hint=f"did you mean {close[0]!r}?" if close else None,
            )


def _parse_field(
    path: str, value: Any, spec: FieldSpec, values: dict[str, Uncertain], texts: dict[str, str]
) -> None:
    if spec.dimension is None:
        if not isinstance(value, str) or not value.strip():
            raise ScenarioError("expected a text", field=path, got=value)
        if spec.choices and value not in spec.choices:
            raise ScenarioError(
                "not an accepted value",
                field=path,
                got=value,
                expected="one of " + ", ".join(spec.choices),
            )
        texts[path] = value.strip()
        return
    dimension = spec.dimension
    if path == "inference.days" and isinstance(value, (int, float)):
        value = f"{value} days"
    try:
        parsed = parse_uncertain(value, dimension, field=path)
    except InputError as exc:
        raise ScenarioError(
            exc.message, field=exc.field or path, got=exc.got, expected=exc.expected, hint=exc.hint
        ) from None
    low, high = parsed.span
    _check_bounds(path, value, spec, low, high)
    values[path] = parsed


def _check_bounds(path: str, value: Any, spec: FieldSpec, low: float, high: float) -> None:
    if spec.minimum is not None:
        too_low = low <= spec.minimum if spec.exclusive_minimum else low < spec.minimum
        if too_low:
            relation = ">" if spec.exclusive_minimum else "≥"
            raise ScenarioError(
                "value out of range",
                field=path,
                got=value,
                expected=f"a value {relation} {spec.minimum:g}",
            )
    if spec.maximum is not None and high > spec.maximum:
        raise ScenarioError(
            "value out of range", field=path, got=value, expected=f"a value ≤ {spec.maximum_text}"
        )


def _check_structure(s: Scenario) -> None:
    if s.kind == "inference":
        check_inference(s)
        return
    if not s.has("hardware.accelerator"):
        raise ScenarioError(
            "hardware.accelerator is required",
            field="hardware.accelerator",
            hint="see `wattprint data accelerators`",
        )
    _check_training(s)


def _check_training(s: Scenario) -> None:
    if "inference" in s.raw:
        raise ScenarioError(
            "a training scenario has no inference section",
            field="inference",
            hint="set kind: inference, or remove the section",
        )
    given = [
        k
        for k in ("duration", "accelerator_hours", "parameters", "tokens", "flops")
        if s.has(f"training.{k}")
    ]
    ways = [keys for keys in TRAINING_SIZINGS if any(k in given for k in keys)]
    expected = "exactly one of: duration (with hardware.count), accelerator_hours, "
    expected += "parameters + tokens, or flops"
    if not ways:
        raise ScenarioError("the training run has no size", field="training", expected=expected)
    if len(ways) > 1:
        raise ScenarioError(
            "two ways of sizing the work at once",
            field="training",
            got=sorted(given),
            expected=expected,
        )
    if ways[0] == ("parameters", "tokens") and not all(
        s.has(f"training.{k}") for k in ("parameters", "tokens")
    ):
        missing = "tokens" if s.has("training.parameters") else "parameters"
        raise ScenarioError(
            f"training.{missing} is needed with the other",
            field=f"training.{missing}",
            expected="both parameters and tokens (FLOPs = 6·N·D)",
        )
    if ways[0] == ("duration",) and not s.has("hardware.count"):
        raise ScenarioError(
            "training.duration needs hardware.count",
            field="hardware.count",
            expected="the number of accelerators",
        )
    if s.has("training.mfu") and ways[0] not in (("parameters", "tokens"), ("flops",)):
        raise ScenarioError(
            "training.mfu only applies when sizing by parameters/tokens or flops",
            field="training.mfu",
        )


def _check_catalog_names(s: Scenario) -> None:
    for path, table in (
        ("hardware.accelerator", accelerators),
        ("facility.grid", grids),
        ("facility.name", facilities),
    ):
        if path in s.texts:
            try:
                table().get(s.texts[path])
            except CatalogLookupError as exc:
                hint = f"did you mean {' or '.join(exc.suggestions)}?" if exc.suggestions else None
                raise ScenarioError(
                    f"unknown {exc.table}", field=path, got=exc.name, hint=hint or str(exc)
                ) from None
    for ref in list_items(s.texts.get("grid_load.compare_to", "")):
        try:
            reference_loads().get(ref)
        except CatalogLookupError as exc:
            hint = f"did you mean {' or '.join(exc.suggestions)}?" if exc.suggestions else None
            raise ScenarioError(
                "unknown reference load",
                field="grid_load.compare_to",
                got=ref,
                hint=hint or "list them with: wattprint data loads",
            ) from None
