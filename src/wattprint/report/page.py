"""Everything a page shows of one footprint, gathered once for the templates.

The HTML report and the dashboard both render a :class:`FootprintPage` with the same
template macros, so a number on a dashboard page is the number in the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from wattprint.chain.result import Footprint
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.words import word
from wattprint.report.brief import assumed_inputs, scenario_text
from wattprint.report.figures import Spec, bands, drivers_chart, sankey
from wattprint.report.static_svg import summaries
from wattprint.report.view import Card, OutputRow, cards, output_rows


@dataclass(frozen=True)
class FootprintPage:
    """Cards, charts, table and footnotes of one footprint in one language."""

    footprint: Footprint
    lang: str
    kind_text: str
    cards: tuple[Card, ...]
    sankey: Spec | None
    bands: Spec | None
    drivers: Spec | None
    rows: tuple[OutputRow, ...]
    sources: tuple[SourceRef, ...]
    about: str = ""
    assumed: str = ""
    svgs: Mapping[str, str] = field(default_factory=dict)  # static charts, by chart key
    summaries: Mapping[str, str] = field(default_factory=dict)  # each chart's numbers as text

    @property
    def assumptions(self) -> tuple[str, ...]:
        """The footprint's assumptions, as it states them."""
        return self.footprint.assumptions

    @property
    def warnings(self) -> tuple[str, ...]:
        """The footprint's warnings, as it states them."""
        return self.footprint.warnings


def footprint_page(fp: Footprint, lang: str = "en") -> FootprintPage:
    """Gather the cards, charts, rows and footnotes of ``fp`` in ``lang``."""
    specs = {
        "sankey": sankey(fp, lang),
        "bands": bands(fp, lang),
        "drivers": drivers_chart(fp, lang),
    }
    return FootprintPage(
        footprint=fp,
        lang=lang,
        kind_text=word(fp.kind, lang),
        cards=tuple(cards(fp, lang)),
        sankey=specs["sankey"],
        bands=specs["bands"],
        drivers=specs["drivers"],
        rows=tuple(output_rows(fp, lang)),
        sources=fp.sources,
        about=scenario_text(fp, "description", lang),
        assumed=", ".join(assumed_inputs(fp, lang)),
        summaries=summaries(specs, lang),
    )
