"""The chain's working state: named inputs in, named outputs out, all NumPy-broadcastable.

A value is a float (fixed) or a 1-D array of Monte Carlo samples; arithmetic broadcasts,
so a fixed input costs nothing and the whole chain is a handful of vector operations.
Inputs carry their unit in their name (``pue``, ``carbon_intensity_g_per_kwh``); outputs
carry it in :attr:`Output.unit`, since their JSON names are fixed by the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, Union

import numpy as np
import numpy.typing as npt

from wattprint.chain.outputs import check_output

Value = Union[float, npt.NDArray[np.float64]]  # noqa: UP007 (a runtime alias on 3.10)
Basis = Literal["measured", "modelled"]


@dataclass(frozen=True)
class Output:
    """One chain output as samples, with its unit and whether it was measured or modelled."""

    samples: Value
    unit: str
    basis: Basis = "modelled"


@dataclass
class ChainState:
    """Inputs given by a producer and the outputs computed from them so far."""

    inputs: Mapping[str, Value]
    outputs: dict[str, Output] = field(default_factory=dict)
    basis: Mapping[str, Basis] = field(default_factory=dict)
    read: set[str] = field(default_factory=set)

    def has(self, *names: str) -> bool:
        """True when every named input was given."""
        return all(name in self.inputs for name in names)

    def x(self, name: str) -> Value:
        """An input value by name (remembered as read: a test finds inputs no stage reads)."""
        self.read.add(name)
        return self.inputs[name]

    def out(self, name: str) -> Value:
        """An output computed by an earlier stage."""
        return self.outputs[name].samples

    def put(self, name: str, samples: Value, unit: str, basis: Basis | None = None) -> None:
        """Record an output; its basis defaults to what the producer declared for it.

        Raises:
            UnknownOutputError: ``name`` is not in :data:`wattprint.chain.outputs.OUTPUTS`,
                or ``unit`` is not the unit its row gives.
        """
        check_output(name, unit)
        self.outputs[name] = Output(samples, unit, basis or self.basis.get(name, "modelled"))


@dataclass(frozen=True)
class Stage:
    """One step of the chain: runs when its required inputs (and earlier outputs) exist."""

    name: str
    run: Callable[[ChainState], None]
    requires: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    def ready(self, state: ChainState) -> bool:
        """Whether this stage's inputs are present."""
        return state.has(*self.requires) and all(o in state.outputs for o in self.after)


def as_array(value: Value) -> npt.NDArray[np.float64]:
    """A value as a float array (0-d for a fixed value)."""
    return np.asarray(value, dtype=np.float64)
