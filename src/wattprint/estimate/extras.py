"""Inputs for the chain's later links (physics floor, cooling water, grid load, heat reuse).

Called at the end of :func:`wattprint.estimate.model.build_inputs`, once the core inputs
(accelerator-hours, energy, peak power, site) are in ``c.inputs``.
"""

from __future__ import annotations

from wattprint.estimate.inputs import InputCollector


def build_extra_inputs(c: InputCollector) -> None:
    """Add the inputs of the physics, cooling, grid-load and heat-reuse stages."""
    del c  # filled by the seed-article chain (issue 4)
