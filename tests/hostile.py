"""The hostile-input corpus shared by the fuzz tests and benchmarks/fuzz: seeds and mutators.

Each seed is a document a person (or an attacker) could hand wattprint, named for what it
exercises; every one of them once ended in a traceback, a hang, unbounded memory or a
silently wrong table (issue 18). :func:`mutations` derives more from the bundled examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

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
    "count 1e308": Seed("scenario", ".yaml", SCENARIO.replace("count: 8", "count: 1e308")),
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
        "claims", ".yaml", CLAIM.replace("text: x", 'text: "<script>alert(1)</script>\\u202e"')
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
