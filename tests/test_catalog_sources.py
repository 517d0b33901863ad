"""Every catalog row cites its primary document: publisher and year, no secondary hosts.

A row's ``source`` names the primary document (datasheet, paper, operator report,
statistics office) with its publisher and year; a secondary copy that was read (a news
page, another project's data file) is named only in ``notes``; no field says how a
source was found. ``docs/sources-secondary.md`` lists the rows read only in a copy.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from wattprint.catalog import (
    accelerators,
    constants,
    defaults,
    facilities,
    grids,
    reference_loads,
)
from wattprint.catalog.platforms import platforms
from wattprint.catalog.serving import serving_figures
from wattprint.catalog.sites import heat_reuse_sites
from wattprint.catalog.source_index import KINDS, secondary_rows_markdown, source_index

ROOT = Path(__file__).resolve().parents[1]

TABLES: dict[str, Any] = {
    "accelerators": accelerators,
    "constants": constants,
    "defaults": defaults,
    "facilities": facilities,
    "grids": grids,
    "reference_loads": reference_loads,
    "heat_reuse_sites": heat_reuse_sites,
    "platforms": platforms,
    "serving_power": serving_figures,
}
# words about how a source was found, never in any field
HOW_FOUND = re.compile(
    r"code search|stored (full-text )?cop(y|ies)|stored version|per reference|"
    r"reference constants\.md|found via",
    re.IGNORECASE,
)
# secondary hosts and copy markers, allowed in notes only
SECONDARY = re.compile(
    r"github|third-party|as transcribed|as quoted|as reported by|as rendered|"
    r"screenhacker|pcnews|unanswered\.io|pages\.dev|courseshub|glennklockwood|"
    r"techpowerup|wikipedia|kiwix|alchetron|webull|mirror|\bvia\b|copy",
    re.IGNORECASE,
)
YEAR = re.compile(r"^(1[89]|20)\d\d$")


def all_rows() -> list[tuple[str, Any]]:
    return [(name, row) for name, table in TABLES.items() for row in table()]


ROWS = all_rows()
IDS = [f"{name}:{row.id}" for name, row in ROWS]


@pytest.mark.parametrize(("table", "row"), ROWS, ids=IDS)
def test_every_row_names_a_publisher_and_a_year(table: str, row: Any) -> None:
    entry = source_index().get((table, row.id))
    assert entry is not None, f"{table}:{row.id} is missing from source_index.csv"
    assert entry.publisher.strip(), f"{table}:{row.id} has no publisher"
    assert entry.kind in KINDS
    assert YEAR.match(row.year), f"{table}:{row.id}: year {row.year!r} is not a year"


@pytest.mark.parametrize(("table", "row"), ROWS, ids=IDS)
def test_sources_cite_the_primary_and_never_say_how_they_were_found(table: str, row: Any) -> None:
    fields = {"source": row.source, "notes": getattr(row, "notes", "")}
    if table == "grids":
        fields["water_source"] = row.water_source
    for name, text in fields.items():
        assert not HOW_FOUND.search(text), f"{table}:{row.id}.{name}: {text!r}"
    for name in ("source", "water_source"):
        text = fields.get(name, "")
        found = SECONDARY.search(text)
        assert not found, f"{table}:{row.id}.{name} names a copy ({found.group(0)!r}): {text!r}"


def test_the_index_has_no_rows_the_catalog_lacks() -> None:
    known = {(name, row.id) for name, row in ROWS}
    assert set(source_index()) - known == set()


def test_a_source_field_without_a_publisher_fails() -> None:
    # the checks themselves: a copy in the source and a how-found phrase are caught
    assert SECONDARY.search("glennklockwood.com/garden/processors/A100 (peak table)")
    assert SECONDARY.search("third-party copy in github kith-ai-lab/tret")
    assert HOW_FOUND.search("third-party code comments found via code search")
    assert HOW_FOUND.search("Patterson et al. 2021 Table 4, read in a stored full-text copy")
    assert not SECONDARY.search("NVIDIA H100 Tensor Core GPU datasheet, NVIDIA, 2022")
    assert not YEAR.match("n.d.")


def test_secondary_only_rows_are_listed_in_the_docs() -> None:
    text = (ROOT / "docs" / "sources-secondary.md").read_text(encoding="utf-8")
    assert secondary_rows_markdown() in text, "regenerate docs/sources-secondary.md"
