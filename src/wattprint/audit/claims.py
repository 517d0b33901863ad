"""The claims-file format of ``wattprint check``, declared and validated in one place.

A claims file is YAML (full reference: ``docs/claims.md``)::

    title: {zh: 一次训练耗电2400万度, en: "24 GWh for one training run"}   # text or {en, zh}
    source: 返朴 / 科普中国-星空计划, 2024                                   # optional text
    claims:
      - id: gpt4-energy                      # unique: letters, digits, - and _
        text: {zh: 一次训练就要用掉2400万度电, en: "one training run uses 24 GWh"}
        published: 2400万度                  # the quantity as published, unit as written
        recompute:                           # EITHER a scenario output ...
          scenario: gpt4-press.yaml          #   path relative to this file
          output: accelerator_energy         #   an output of that scenario's estimate
          percentile: p50                    #   optional: compare with one percentile
          show: [facility_energy]            #   optional: more outputs shown as context
        # ... OR a formula over named inputs:
        #   formula: count * power * duration
        #   inputs: {count: 25000, power: 400 W, duration: 90 to 100 days}
        #   unit: J                          # unit of the formula's result (inputs are SI)
        tolerance: 10%                       # relative (10%) or a factor (×2)
        reading: {en: ..., zh: ...}          # optional: how words became a number
        explain: {en: ..., zh: ...}          # optional: the auditor's explanation

Every mistake is a :class:`~wattprint.errors.ClaimsError` with the file, line and field.
The validated values (:class:`Claim`, :class:`ClaimsFile` ...) are declared in
:mod:`wattprint.audit.claim_types`; this module reads and checks a file into them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wattprint.audit.claim_types import Claim as Claim
from wattprint.audit.claim_types import ClaimsFile as ClaimsFile
from wattprint.audit.claim_types import FormulaRecompute as FormulaRecompute
from wattprint.audit.claim_types import ScenarioRecompute as ScenarioRecompute
from wattprint.audit.claim_types import Text as Text
from wattprint.audit.claim_types import Tolerance as Tolerance
from wattprint.audit.document import read_claims_document
from wattprint.audit.formula import FUNCTIONS, compile_formula
from wattprint.audit.inputs import parse_input
from wattprint.audit.published import Published, parse_published, unit_of
from wattprint.errors import ClaimsError, InputError

TOP_KEYS = ("title", "source", "description", "claims")
CLAIM_KEYS = ("id", "text", "published", "recompute", "tolerance", "reading", "explain")
REQUIRED_CLAIM_KEYS = ("id", "text", "published", "recompute", "tolerance")
SCENARIO_KEYS = ("scenario", "output", "percentile", "show")
FORMULA_KEYS = ("formula", "inputs", "unit", "percentile")
PERCENTILES = ("p5", "p50", "p95")
COMPATIBLE = ({"count", "ratio"},)
MAX_TOLERANCE_FACTOR = 1000.0
_TOLERANCE_RE = re.compile(r"^\s*(?:([\d.]+(?:[eE][-+]?\d+)?)\s*%|(?:[×x*]|factor)\s*([\d.]+))\s*$")


def load_claims(path: str | Path) -> ClaimsFile:
    """Read and validate a claims file; every mistake is a located ClaimsError."""
    data, lines = read_claims_document(path)
    located = ClaimsFile(Path(path), Text(), "", (), lines)
    try:
        return _claims_file(Path(path), data, lines)
    except InputError as exc:
        where = exc.field or ""
        raise ClaimsError(
            exc.message,
            path=str(path),
            line=exc.line or located.line(where),
            field=exc.field,
            got=exc.got,
            expected=exc.expected,
            hint=exc.hint,
        ) from None


def _claims_file(path: Path, data: Mapping[str, Any], lines: dict[str, int]) -> ClaimsFile:
    _reject_unknown(data, TOP_KEYS, "")
    claims = data.get("claims")
    if not isinstance(claims, list) or not claims:
        raise ClaimsError(
            "a claims file needs a non-empty list of claims",
            field="claims",
            got=claims,
            expected="claims: [- id: ..., text: ..., ...]",
        )
    parsed = [_claim(item, f"claims[{i}]", path.parent) for i, item in enumerate(claims)]
    seen: set[str] = set()
    for i, claim in enumerate(parsed):
        if claim.id in seen:
            raise ClaimsError("duplicate claim id", field=f"claims[{i}].id", got=claim.id)
        seen.add(claim.id)
    source = data.get("source", "")
    if not isinstance(source, str):
        raise ClaimsError("expected a text", field="source", got=source)
    title = _text(data.get("title", path.stem), "title")
    return ClaimsFile(path, title, source, tuple(parsed), lines)


def _claim(item: Any, where: str, folder: Path) -> Claim:
    if not isinstance(item, Mapping):
        raise ClaimsError(
            "each claim must be a mapping",
            field=where,
            got=item,
            expected="keys " + ", ".join(REQUIRED_CLAIM_KEYS),
        )
    _reject_unknown(item, CLAIM_KEYS, where)
    for key in REQUIRED_CLAIM_KEYS:
        if key not in item:
            raise ClaimsError(
                f"missing field {key!r}",
                field=f"{where}.{key}",
                expected="every claim has " + ", ".join(REQUIRED_CLAIM_KEYS),
            )
    claim_id = item["id"]
    if not isinstance(claim_id, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", claim_id):
        raise ClaimsError(
            "a claim id is letters, digits, - and _", field=f"{where}.id", got=claim_id
        )
    published = parse_published(item["published"], field=f"{where}.published")
    recompute = _recompute(item["recompute"], f"{where}.recompute", folder, published)
    return Claim(
        id=claim_id,
        text=_text(item["text"], f"{where}.text"),
        published=published,
        recompute=recompute,
        tolerance=parse_tolerance(item["tolerance"], field=f"{where}.tolerance"),
        reading=_text(item.get("reading", ""), f"{where}.reading"),
        explain=_text(item.get("explain", ""), f"{where}.explain"),
        where=where,
    )


def _recompute(
    spec: Any, where: str, folder: Path, published: Published
) -> ScenarioRecompute | FormulaRecompute:
    if not isinstance(spec, Mapping):
        raise ClaimsError(
            "recompute must be a mapping",
            field=where,
            got=spec,
            expected="scenario + output, or formula + inputs + unit",
        )
    _reject_unknown(spec, tuple(dict.fromkeys(SCENARIO_KEYS + FORMULA_KEYS)), where)
    by_scenario, by_formula = "scenario" in spec, "formula" in spec
    if by_scenario == by_formula:
        raise ClaimsError(
            "give either scenario + output or formula + unit", field=where, got=sorted(spec)
        )
    percentile = spec.get("percentile")
    if percentile is not None and percentile not in PERCENTILES:
        raise ClaimsError(
            "unknown percentile",
            field=f"{where}.percentile",
            got=percentile,
            expected="p5, p50 or p95",
        )
    if by_scenario:
        return _scenario_recompute(spec, where, folder, percentile)
    return _formula_recompute(spec, where, published, percentile)


def _scenario_recompute(
    spec: Mapping[str, Any], where: str, folder: Path, percentile: str | None
) -> ScenarioRecompute:
    _reject_unknown(spec, SCENARIO_KEYS, where)
    for key in ("scenario", "output"):
        if not isinstance(spec.get(key), str) or not spec[key].strip():
            raise ClaimsError(
                f"missing field {key!r}",
                field=f"{where}.{key}",
                got=spec.get(key),
                expected="scenario: a file beside this one; output: its name",
            )
    scenario = folder / spec["scenario"]
    if not scenario.is_file():
        raise ClaimsError(
            "scenario file not found",
            field=f"{where}.scenario",
            got=spec["scenario"],
            hint=f"paths are relative to {folder}",
        )
    show = spec.get("show", [])
    if not isinstance(show, list) or not all(isinstance(s, str) for s in show):
        raise ClaimsError("show is a list of output names", field=f"{where}.show", got=show)
    return ScenarioRecompute(scenario, spec["output"].strip(), percentile, tuple(show))


def _formula_recompute(
    spec: Mapping[str, Any], where: str, published: Published, percentile: str | None
) -> FormulaRecompute:
    _reject_unknown(spec, FORMULA_KEYS, where)
    formula = compile_formula(spec["formula"], field=f"{where}.formula")
    raw_inputs = spec.get("inputs", {})
    if not isinstance(raw_inputs, Mapping):
        raise ClaimsError(
            "inputs must be a mapping of name: value", field=f"{where}.inputs", got=raw_inputs
        )
    for name in raw_inputs:
        if not isinstance(name, str) or not name.isidentifier() or name in FUNCTIONS:
            raise ClaimsError(
                "an input name must be an identifier, not a function name",
                field=f"{where}.inputs.{name}",
                got=name,
            )
        if name not in formula.names:
            raise ClaimsError(
                "input not used by the formula",
                field=f"{where}.inputs.{name}",
                got=name,
                hint=f"the formula is {formula.text!r}",
            )
    missing = sorted(formula.names - set(raw_inputs))
    if missing:
        raise ClaimsError(
            "unsafe or invalid formula: unknown name",
            field=f"{where}.formula",
            got=missing[0],
            expected="a name given under inputs, or one of " + ", ".join(FUNCTIONS),
        )
    inputs = tuple(parse_input(n, v, field=f"{where}.inputs.{n}") for n, v in raw_inputs.items())
    unit = spec.get("unit")
    if not isinstance(unit, str):
        raise ClaimsError(
            "missing field 'unit'",
            field=f"{where}.unit",
            got=unit,
            expected="the unit of the formula's result, e.g. J, m3, FLOP/s, 1",
        )
    dimension, factor = unit_of(
        "" if unit.strip() == "1" else unit.strip(), field=f"{where}.unit", got=unit
    )
    check_dimensions(published, dimension, f"{where}.unit", unit)
    return FormulaRecompute(formula, inputs, unit.strip(), factor, percentile)


def check_dimensions(published: Published, dimension: str, where: str, unit: str) -> None:
    """Raise ClaimsError when a recomputation's unit cannot be compared with the claim's."""
    same = dimension == published.dimension
    if same or any({dimension, published.dimension} <= group for group in COMPATIBLE):
        return
    raise ClaimsError(
        "bad unit: the recomputation and the published value measure different things",
        field=where,
        got=unit,
        expected=f"a unit of {published.dimension.replace('_', ' ')} "
        f"(the published {published.as_written!r})",
    )


def parse_tolerance(value: Any, *, field: str) -> Tolerance:
    """``10%`` (relative) or ``×2`` / ``x2`` / ``factor 2`` (multiplicative)."""
    match = _TOLERANCE_RE.match(str(value)) if isinstance(value, str) else None
    try:  # the pattern lets '1.2.3%' and '.%' through; float() refuses them
        number = float(match.group(1) or match.group(2)) if match is not None else None
    except ValueError:
        number = None
    if match is None or number is None:
        raise ClaimsError(
            "bad tolerance",
            field=field,
            got=value,
            expected="a relative tolerance such as '10%' or a factor such as '×2'",
        )
    if match.group(1) is not None:
        relative = number / 100
        if not 0 <= relative <= 10:
            raise ClaimsError("bad tolerance", field=field, got=value, expected="0% to 1000%")
        return Tolerance(value.strip(), relative=relative)
    factor = number
    if not 1 <= factor <= MAX_TOLERANCE_FACTOR:
        raise ClaimsError(
            "bad tolerance", field=field, got=value, expected="a factor from 1 to 1000"
        )
    return Tolerance(value.strip(), factor=factor)


def _text(value: Any, where: str) -> Text:
    if isinstance(value, str):
        return Text(en=value, zh=value)
    if (
        isinstance(value, Mapping)
        and value
        and set(value) <= {"en", "zh"}
        and all(isinstance(v, str) for v in value.values())
    ):
        return Text(en=value.get("en", ""), zh=value.get("zh", ""))
    raise ClaimsError("expected a text, or {en: ..., zh: ...}", field=where, got=value)


SCENARIO_SECTIONS = ("hardware", "training", "inference", "facility")


def _reject_unknown(data: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else None
            if not where and any(k in data for k in SCENARIO_SECTIONS):
                hint = "this looks like a scenario file: run `wattprint estimate FILE` on it"
            raise ClaimsError(
                "unknown key",
                field=f"{where}.{key}" if where else str(key),
                got=key,
                expected="one of " + ", ".join(allowed),
                hint=hint,
            )
