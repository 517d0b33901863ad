"""Quantities: units parsed at the edges, uncertain values, summaries, provenance."""

from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.units import BASE_UNITS, Parsed, known_units, parse_quantity

__all__ = ["BASE_UNITS", "Parsed", "SourceRef", "known_units", "parse_quantity"]
