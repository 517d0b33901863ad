"""Steps reported from inside a command that ``wattprint run`` measures from outside.

``wattprint run`` sets ``WATTPRINT_STEP_FILE`` for its child. A ``track()`` in the child
then measures nothing itself (the parent measures the whole process tree, so nothing is
counted twice) and only appends its steps to that file, one tab-separated line each::

    <unix time> <step> <tokens or -> <samples or -> <phase or ->

The parent reads the file when the child exits, so ``--total-steps`` can project the
run from real step times.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

# (t_unix, step, tokens, samples, phase)
StepLine = tuple[float, int, "int | None", "int | None", "str | None"]


def append(path: str, rows: Iterable[Sequence[Any]]) -> None:
    """Append step rows ``(t_unix, step, tokens, samples, phase)`` to the file."""
    lines = []
    for t, step, tokens, samples, phase in rows:
        fields = [
            repr(float(t)),
            str(int(step)),
            _opt(tokens),
            _opt(samples),
            (phase or "-").replace("\t", " ").replace("\n", " "),
        ]
        lines.append("\t".join(fields) + "\n")
    with open(path, "a", encoding="utf-8") as f:
        f.write("".join(lines))


def read(path: str) -> list[StepLine]:
    """Every well-formed step line of the file (a torn last line is skipped)."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return []
    out: list[StepLine] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) != 5:
            continue
        try:
            out.append(
                (
                    float(parts[0]),
                    int(parts[1]),
                    _int(parts[2]),
                    _int(parts[3]),
                    None if parts[4] == "-" else parts[4],
                )
            )
        except ValueError:
            continue
    return out


def _opt(value: Any) -> str:
    return "-" if value is None else str(int(value))


def _int(text: str) -> int | None:
    return None if text == "-" else int(text)
