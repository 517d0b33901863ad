"""Provenance: where a number came from, so every result can show its footnotes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceRef:
    """One catalog row or default a result used.

    ``ref`` names the row (``accelerators:A100-SXM4-40GB``); ``used_for`` says which input
    it fed; ``value_text`` is the figure as used, with its unit.
    """

    ref: str
    used_for: str
    value_text: str
    source: str
    year: str
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
        return {
            "ref": self.ref,
            "used_for": self.used_for,
            "value": self.value_text,
            "source": self.source,
            "year": self.year,
            "note": self.note,
        }
