"""The hostile-input corpus shared by the fuzz tests and benchmarks/fuzz: seeds, mutators
and the one check every input must pass.

Each seed is a document a person (or an attacker) could hand wattprint, named for what it
exercises; every one of them once ended in a traceback, a hang, unbounded memory or a
silently wrong table (issue 18). :func:`documents` derives more with hypothesis: mutated
bundled examples, random structure, hostile strings and numbers. :func:`run_cli` runs the
real CLI entry point in-process and :func:`verdict` says what, if anything, went wrong.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from wattprint.cli import main
from wattprint.estimate.fields import SECTIONS, TOP_LEVEL

SCENARIO = "name: t\nhardware:\n  accelerator: A100\n  count: 8\ntraining:\n  duration: 1 day\n"
CLAIM = (
    "claims:\n  - id: a\n    text: x\n    published: 24 GWh\n"
    "    recompute:\n      formula: 2 * x\n      inputs: {x: 3}\n      unit: kWh\n"
    "    tolerance: 10%\n"
)


@dataclass(frozen=True)
class Seed:
    """A hostile document: ``kind`` scenario or claims, its file suffix and its text."""

    kind: str
    suffix: str
    text: str
    valid: bool = False


def _laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


SEEDS: dict[str, Seed] = {
    "billion laughs scenario": Seed("scenario", ".yaml", "name: t\n" + _laughs()),
    "billion laughs claims": Seed("claims", ".yaml", _laughs() + CLAIM),
    "deep flow nesting": Seed("scenario", ".yaml", "name: " + "[" * 5000 + "]" * 5000 + "\n"),
    "deep mapping nesting": Seed("scenario", ".yaml", "name: " + "{a: " * 3000 + "1" + "}" * 3000),
    "deep TOML nesting": Seed("scenario", ".toml", "name = " + "[" * 5000 + "]" * 5000 + "\n"),
    "deep TOML inline tables": Seed(
        "scenario", ".toml", "a = " + "{b = " * 2000 + "1" + "}" * 2000
    ),
    "400-digit integer": Seed("scenario", ".yaml", SCENARIO.replace("8", "9" * 400)),
    "5000-digit integer": Seed("scenario", ".yaml", SCENARIO.replace("8", "9" * 5000)),
    "5000-digit TOML integer": Seed(
        "scenario", ".toml", f'name = "t"\n[hardware]\naccelerator = "A100"\ncount = {"9" * 5000}\n'
    ),
    "lognormal gsd 1e300": Seed(
        "scenario",
        ".yaml",
        SCENARIO.replace("count: 8", "count: {dist: lognormal, median: 8, gsd: 1e300}"),
    ),
    "lognormal gsd 1000": Seed(
        "scenario",
        ".yaml",
        SCENARIO.replace("count: 8", "count: {dist: lognormal, median: 8, gsd: 1000}"),
    ),
    "count 1e308": Seed("scenario", ".yaml", SCENARIO.replace("count: 8", "count: 1e308")),
    "a billion accelerators": Seed("scenario", ".yaml", SCENARIO.replace("count: 8", "count: 1e9")),
    "a century-long run": Seed("scenario", ".yaml", SCENARIO.replace("1 day", "200 years")),
    "count .inf": Seed("scenario", ".yaml", SCENARIO.replace("count: 8", "count: .inf")),
    "count .nan": Seed("scenario", ".yaml", SCENARIO.replace("count: 8", "count: .nan")),
    "power 1e400 W": Seed(
        "scenario", ".yaml", SCENARIO.replace("  count: 8\n", "  count: 8\n  power: 1e400 W\n")
    ),
    "duplicate hardware section": Seed(
        "scenario", ".yaml", SCENARIO + "hardware:\n  accelerator: H100\n  count: 99999\n"
    ),
    "duplicate TOML key": Seed(
        "scenario", ".toml", 'name = "t"\n[hardware]\ncount = 8\ncount = 99999\n'
    ),
    "formula ln*2": Seed("claims", ".yaml", CLAIM.replace("2 * x", "ln*2 + x")),
    "formula overflow": Seed("claims", ".yaml", CLAIM.replace("2 * x", "10 ** 400 * x")),
    "published 1e400 W": Seed("claims", ".yaml", CLAIM.replace("24 GWh", "1e400 kWh")),
    "published 1e308 GWh": Seed("claims", ".yaml", CLAIM.replace("24 GWh", "1e308 GWh")),
    "many keys": Seed(
        "scenario", ".yaml", "name: t\n" + "".join(f"k{i}: {i}\n" for i in range(40_000))
    ),
    "python tag": Seed("scenario", ".yaml", "name: !!python/object/apply:os.system ['true']\n"),
    "binary and set tags": Seed(
        "scenario", ".yaml", "name: !!binary aGVsbG8=\nhardware: !!set {a, b}\n"
    ),
    "timestamp as count": Seed(
        "scenario", ".yaml", SCENARIO.replace("count: 8", "count: 2024-01-01")
    ),
    "NUL bytes": Seed("scenario", ".yaml", "name: t\x00\x00\n"),
    "lone surrogate escape": Seed("scenario", ".yaml", 'name: "\\ud800"\n'),
    "unhashable key": Seed("scenario", ".yaml", "? [a, b]\n: c\n"),
    "null and int keys": Seed("scenario", ".yaml", "null: 1\n3: 4\nname: t\n"),
    "empty document": Seed("scenario", ".yaml", ""),
    "only a comment": Seed("claims", ".yaml", "# nothing\n"),
    "merge key": Seed("scenario", ".yaml", "base: &b {count: 8}\nhardware:\n  <<: *b\n"),
    "huge range": Seed("scenario", ".yaml", SCENARIO.replace("1 day", "1e-300 to 1e300 days")),
    "huge sd": Seed(
        "scenario",
        ".yaml",
        SCENARIO.replace("count: 8", "count: {dist: normal, mean: 8, sd: 1e300}"),
    ),
    "claims count 1e308 in a formula input": Seed(
        "claims", ".yaml", CLAIM.replace("{x: 3}", "{x: 1e308}")
    ),
    "claims with hostile strings": Seed(
        "claims",
        ".yaml",
        CLAIM.replace("text: x", 'text: "<script>alert(1)</script>\\u202e"'),
        valid=True,
    ),
}


def examples() -> dict[str, Seed]:
    """The bundled examples as seeds (valid documents to mutate)."""
    found: dict[str, Seed] = {}
    for entry in sorted(resources.files("wattprint.examples").iterdir(), key=str):
        if entry.name.endswith(".yaml"):
            text = entry.read_text(encoding="utf-8")
            kind = "claims" if "\nclaims:" in text else "scenario"
            found[entry.name] = Seed(kind, ".yaml", text)
    return found


HOSTILE_STRINGS = (
    "1e400", "-1e400", ".inf", ".nan", "1e308", "9" * 60, "-0", "0x7fffffff", "1e-400",
    "&a [1]", "*a", "!!python/name:os.system", "{", "[", "]", "}", ": :", "- -", "? x",
    "'", '"', "\\", "\t", "\x00", "\ud7ff", "%YAML 1.1", "---", "...", "<<: *a",
    "ln", "exp(1e10)", "2 ** 2 ** 2 ** 10", "__import__('os')", "1e30 W", "nan W",
    "inf to inf", "1 to 1e300", "{dist: lognormal, median: 1, gsd: 1e300}",
    "{dist: normal, mean: 1, sd: -1}", "[1e300, 1e301]", "万亿亿亿", "1,000,000,000,000,000",
)  # fmt: skip


# -- generated documents -------------------------------------------------------------

_KEYS = [*TOP_LEVEL, *SECTIONS, *(f for spec in SECTIONS.values() for f in spec)]
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**60), 10**60),
    st.sampled_from([0, -1, 1e308, 1e-308, 2**63, 10**39, 1e39]),
)
_HOSTILE = st.one_of(st.sampled_from(HOSTILE_STRINGS), _TEXT, _NUMBERS.map(str))


def _scalar_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


@st.composite
def _mutated(draw: st.DrawFn, seeds: list[Seed]) -> Seed:
    """A valid document with one to three edits: a value, a line, a character."""
    seed = draw(st.sampled_from(seeds))
    lines = seed.text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["value", "raw value", "structure", "delete", "duplicate",
                                     "insert", "indent", "truncate", "character"]))  # fmt: skip
        line = lines[i]
        head, colon, _ = line.partition(": ")
        if edit in ("value", "raw value") and colon:
            value = draw(_HOSTILE)
            lines[i] = head + ": " + (value if edit == "raw value" else _scalar_text(value))
        elif edit == "structure" and colon:
            flow = yaml.safe_dump(draw(_structure()), default_flow_style=True, width=10**6)
            lines[i] = head + ": " + flow.strip().removesuffix("...").strip()
        elif edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, line)
        elif edit == "insert":
            lines.insert(i, " " * draw(st.integers(0, 6)) + draw(_TEXT))
        elif edit == "indent":
            lines[i] = " " * draw(st.integers(0, 5)) + line.lstrip()
        elif edit == "truncate":
            lines = lines[:i]
        else:
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(list("{}[]:&*!|>'\"#%@`-?,"))) + line[at:]
    return Seed(seed.kind, seed.suffix, "\n".join(lines) + "\n", valid=True)


def _structure() -> st.SearchStrategy[Any]:
    leaves = st.one_of(_TEXT, _NUMBERS, st.booleans(), st.none(), st.sampled_from(HOSTILE_STRINGS))
    keys = st.one_of(st.sampled_from(_KEYS), _TEXT)
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)
        ),
        max_leaves=25,
    )


@st.composite
def _random(draw: st.DrawFn) -> Seed:
    """A document of random structure over the scenario's and claims' own key names."""
    kind = draw(st.sampled_from(["scenario", "claims"]))
    keys = st.sampled_from([*_KEYS, "claims", "id", "published", "recompute", "tolerance"])
    data = draw(st.dictionaries(keys, _structure(), max_size=6))
    if kind == "claims" and draw(st.booleans()):
        data["claims"] = draw(st.lists(st.dictionaries(keys, _structure(), max_size=6), max_size=3))
    return Seed(kind, ".yaml", yaml.safe_dump(data, allow_unicode=True), valid=True)


def _edge_value(spec: Any) -> st.SearchStrategy[Any]:
    """Values at the ends of a field's range and inside it (base units); one in 19 just out."""
    high = spec.maximum if spec.maximum is not None else 1e30
    low = spec.minimum if spec.minimum is not None else 0.0
    bottom = max(math.nextafter(low, math.inf), 1e-300) if spec.exclusive_minimum else low
    inside = st.floats(max(low, 1e-300), high, allow_nan=False, allow_infinity=False)
    ranges = st.builds(lambda a, b: f"{min(a, b)!r} to {max(a, b)!r}", inside, inside)
    within = [st.sampled_from([bottom, high, min(high, max(low, 1e-300) * 10)]), inside, ranges]
    just_out = st.sampled_from([high * (1 + 1e-9), low - 1e-9, -0.0, 5e-324])
    return st.integers(0, 18).flatmap(lambda i: just_out if i == 0 else st.one_of(within))


@st.composite
def _edges(draw: st.DrawFn) -> Seed:
    """A well-formed scenario whose numbers sit at the far ends of their physical ranges."""
    kind = draw(st.sampled_from(["training", "inference"]))
    data: dict[str, Any] = {"name": "edges", "kind": kind}
    data["hardware"] = {"accelerator": draw(st.sampled_from(["A100", "H100", "V100"]))}
    for section in ("hardware", kind, "facility", "physics", "heat_reuse", "grid_load"):
        specs = {k: v for k, v in SECTIONS[section].items() if v.dimension is not None}
        chosen = draw(st.lists(st.sampled_from(sorted(specs)), unique=True, max_size=len(specs)))
        target = data.setdefault(section, {})
        for name in chosen:
            target[name] = draw(_edge_value(specs[name]))
    if kind == "training" and not ({"duration", "accelerator_hours", "flops"} & set(data[kind])):
        data[kind]["flops"] = draw(_edge_value(SECTIONS["training"]["flops"]))
    return Seed("scenario", ".yaml", yaml.safe_dump(data, allow_unicode=True), valid=True)


def documents() -> st.SearchStrategy[Seed]:
    """Any generated document: mutated examples and seeds, numbers at the ends of their
    ranges, or random structure."""
    return st.one_of(
        _mutated(list(examples().values())), _mutated(list(SEEDS.values())), _edges(), _random()
    )


# -- running and judging -------------------------------------------------------------

SECONDS_PER_INPUT = 20.0  # generous: a loaded 2-core machine; typical is 0.05 s


@dataclass(frozen=True)
class Outcome:
    """What the CLI did with one input."""

    code: int
    out: str
    err: str
    seconds: float


def run_cli(seed: Seed, folder: Path) -> tuple[Path, Outcome]:
    """Write ``seed`` to a file in ``folder`` and run the CLI entry point on it in-process."""
    path = folder / f"fuzz{seed.suffix}"
    path.write_text(seed.text, encoding="utf-8", errors="surrogatepass")
    command = "estimate" if seed.kind == "scenario" else "check"
    return path, run_argv([command, str(path), "--samples", "100", "--json"])


def run_argv(argv: list[str]) -> Outcome:
    """Run ``wattprint ARGV`` in-process, capturing what it prints."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except BaseException as exc:  # noqa: BLE001 - a traceback is exactly what is looked for
        import traceback

        err.write("Traceback (escaped the CLI)\n" + "".join(traceback.format_exception(exc)))
        code = 1
    return Outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - start)


def _strict(constant: str) -> Any:
    raise ValueError(f"non-standard JSON constant {constant}")


def verdict(path: Path, outcome: Outcome, seed: Seed) -> str | None:
    """``None`` when the CLI handled ``seed`` well, else what went wrong, in words.

    Well means: exit 2 with a first line ``wattprint: error: FILE[:LINE]: ...`` and no
    traceback (exit 0 is allowed only for a ``valid`` seed, with strict JSON on stdout),
    within :data:`SECONDS_PER_INPUT`.
    """
    if "Traceback" in outcome.err:
        return "traceback: " + outcome.err[-400:]
    if outcome.seconds > SECONDS_PER_INPUT:
        return f"took {outcome.seconds:.1f} s"
    if outcome.code == 0 and seed.valid:
        try:
            json.loads(outcome.out, parse_constant=_strict)
        except ValueError as exc:
            return f"exit 0 without strict JSON: {exc}"
        return None
    if outcome.code != 2:
        return f"exit {outcome.code}: {outcome.err[-300:]}"
    first = outcome.err.splitlines()[0] if outcome.err else ""
    if not re.match(rf"^wattprint: error: {re.escape(str(path))}(:\d+)?: \S", first):
        return f"not a located first line: {first[:200]!r}"
    return None
