"""Run the chain: every stage whose inputs are present, in order. Pure: no I/O, no state."""

from __future__ import annotations

from collections.abc import Mapping

import wattprint.chain.cooling as cooling
import wattprint.chain.energy as energy
import wattprint.chain.grid as grid
import wattprint.chain.heat as heat
import wattprint.chain.physics as physics
import wattprint.chain.reuse as reuse
import wattprint.chain.service as service
from wattprint.chain.state import Basis, ChainState, Output, Stage, Value

# The order matters only through ``Stage.after``; stages from later modules append here.
STAGES: tuple[Stage, ...] = (
    energy.STAGES
    + heat.STAGES
    + physics.STAGES
    + cooling.STAGES
    + grid.STAGES
    + reuse.STAGES
    + service.STAGES
)


def run_chain(
    inputs: Mapping[str, Value],
    basis: Mapping[str, Basis] | None = None,
    stages: tuple[Stage, ...] = STAGES,
) -> dict[str, Output]:
    """Compute every output the inputs allow; return them by name.

    ``basis`` marks outputs the producer measured (``{"accelerator_energy": "measured"}``);
    everything else is modelled.

    Raises:
        UnknownOutputError: A stage wrote a name the outputs table does not list.
    """
    return trace_chain(inputs, basis, stages)[0]


def trace_chain(
    inputs: Mapping[str, Value],
    basis: Mapping[str, Basis] | None = None,
    stages: tuple[Stage, ...] = STAGES,
) -> tuple[dict[str, Output], frozenset[str]]:
    """:func:`run_chain`, also returning the names of the inputs some stage read.

    An input no stage reads is a producer's mistake (a misspelt or forgotten name); the
    tests run every example and a measured run through this and compare.
    """
    state = ChainState(inputs=inputs, basis=basis or {})
    for stage in stages:
        if stage.ready(state):
            stage.run(state)
    return state.outputs, frozenset(state.read)
