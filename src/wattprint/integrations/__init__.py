"""Bridges to other people's monitoring: Prometheus (``wattprint[prometheus]``).

Each bridge imports its optional packages only when used, and says which extra to
install when they are missing.
"""
