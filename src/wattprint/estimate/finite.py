"""The last edge check of an estimate: every output finite, or a located error.

Each input is in its physical range (``estimate/fields.py``), but a combination at the
far ends can still leave float range: a count of 1e-300 accelerators at 1e-300 W for
1e-300 s underflows to zero energy, and the energy per FLOP divides by it. Such a result
is refused here, naming the output and the scenario's file, so that no table shows
``inf`` or ``nan`` and no JSON holds them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from wattprint.chain.state import Output
from wattprint.errors import ScenarioError


def check_finite(outputs: Mapping[str, Output]) -> None:
    """Raise ScenarioError naming the first output with a non-finite sample."""
    for name, output in outputs.items():
        if not np.all(np.isfinite(np.asarray(output.samples, dtype=np.float64))):
            raise ScenarioError(
                f"the inputs give a result beyond float range ({name} is not finite)",
                expected="inputs whose products stay within range",
                hint="check for values at the far ends of their ranges, such as 1e-300 W or "
                "a count of 1e-300 (docs/limits.md)",
            )
