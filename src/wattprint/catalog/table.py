"""A catalog table: rows read from a packaged CSV, found by id or alias, with suggestions.

Lookups are case-insensitive and ignore spaces, dashes and underscores, so ``h100 sxm5``,
``H100-SXM5-80GB`` and ``h100_sxm5_80gb`` meet. A miss raises CatalogLookupError with the
nearest ids (difflib), which the CLI prints as "did you mean ...?".
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Generic, Protocol, TypeVar

from wattprint.errors import CatalogLookupError, WattprintError


class CatalogRow(Protocol):
    """What every row offers: an id, aliases, and its source and year."""

    @property
    def id(self) -> str: ...  # noqa: D102

    @property
    def aliases(self) -> tuple[str, ...]: ...  # noqa: D102

    @property
    def source(self) -> str: ...  # noqa: D102

    @property
    def year(self) -> str: ...  # noqa: D102


RowT = TypeVar("RowT", bound=CatalogRow)


class CatalogDataError(WattprintError):
    """A packaged CSV is malformed (a packaging bug, found by the tests)."""


def normalise(name: str) -> str:
    """Fold a name for matching: lower case, no spaces, dashes, underscores or dots."""
    return re.sub(r"[\s\-_.]+", "", name.strip().lower())


@dataclass
class Table(Generic[RowT]):
    """Rows of one catalog, indexed by normalised id and aliases."""

    kind: str
    rows: list[RowT]
    _index: dict[str, RowT] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for row in self.rows:
            for key in (row.id, *row.aliases):
                folded = normalise(key)
                other = self._index.get(folded)
                if other is not None and other is not row:
                    raise CatalogDataError(
                        f"{self.kind}: name {key!r} is used by both {other.id} and {row.id}"
                    )
                self._index[folded] = row

    def __iter__(self) -> Iterator[RowT]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, name: str) -> RowT:
        """The row called ``name`` (id or alias); raise CatalogLookupError with suggestions."""
        row = self._index.get(normalise(name))
        if row is None:
            raise CatalogLookupError(self.kind, name, self.suggest(name))
        return row

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Ids whose id or aliases resemble ``name``, best first."""
        folded = normalise(name)
        keys = list(self._index)
        close = difflib.get_close_matches(folded, keys, n=n * 3, cutoff=0.5)
        if folded:
            close += [k for k in keys if folded in k or k in folded]
        ids: list[str] = []
        for key in close:
            row_id = self._index[key].id
            if row_id not in ids:
                ids.append(row_id)
        return ids[:n]

    def search(self, text: str) -> list[RowT]:
        """Rows whose id, aliases or other text fields contain ``text`` (case-insensitive)."""
        needle = text.lower()
        return [
            row for row in self.rows if needle in " ".join(map(str, vars(row).values())).lower()
        ]


def read_csv(filename: str, build: Callable[[dict[str, str]], RowT], kind: str) -> Table[RowT]:
    """Read a packaged CSV into a Table; every row must name its source and year."""
    text = (
        resources.files("wattprint.catalog").joinpath("data").joinpath(filename).read_text("utf-8")
    )
    rows: list[RowT] = []
    for line_no, raw in enumerate(csv.DictReader(text.splitlines()), start=2):
        record = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if not record.get("source") or not record.get("year"):
            raise CatalogDataError(f"{filename}:{line_no}: row without source or year")
        try:
            rows.append(build(record))
        except (KeyError, ValueError) as exc:
            raise CatalogDataError(f"{filename}:{line_no}: {exc}") from exc
    return Table(kind, rows)


def num(record: dict[str, str], key: str) -> float | None:
    """A numeric cell, or None when empty."""
    cell = record.get(key, "")
    return float(cell) if cell else None


def aliases(record: dict[str, str]) -> tuple[str, ...]:
    """The ``|``-separated aliases cell."""
    return tuple(a.strip() for a in record.get("aliases", "").split("|") if a.strip())
