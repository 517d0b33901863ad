"""Reports: text tables, JSON, Markdown and HTML views of a Footprint (faces only)."""
