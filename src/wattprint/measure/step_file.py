"""Steps reported from inside a command that ``wattprint run`` measures from outside.

``wattprint run`` sets ``WATTPRINT_STEP_FILE`` for its child. A ``track()`` in the child
then measures nothing itself (the parent measures the whole process tree, so nothing is
counted twice) and only appends its steps to that file, one tab-separated line each::

    <unix time> <step> <tokens or -> <samples or -> <phase or ->

The parent follows the file as it grows (:class:`Follower`, at each of its flushes), so
``--total-steps`` can project the run from real step times and no step waits in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from wattprint.measure.log import RunLog

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
    return Follower(path).read_new()


class Follower:
    """Reads a step file as it grows: at each call, the whole lines added since the last."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._offset = 0

    def read_new(self) -> list[StepLine]:
        """The well-formed lines completed since the last call (none if unreadable)."""
        try:
            with open(self.path, "rb") as f:
                f.seek(self._offset)
                data = f.read()
        except OSError:
            return []
        end = data.rfind(b"\n") + 1
        self._offset += end
        return _parse(data[:end].decode("utf-8", "replace"))

    def read_into(self, log: RunLog) -> None:
        """Append the new lines to ``log``'s steps (times made monotonic)."""
        to_monotonic = log.monotonic
        log.steps.extend(
            (to_monotonic(t), tokens, samples, phase)
            for t, _step, tokens, samples, phase in self.read_new()
        )


def _parse(text: str) -> list[StepLine]:
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
