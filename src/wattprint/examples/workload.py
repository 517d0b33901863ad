"""A small real workload for ``wattprint demo``: a NumPy MLP trained on synthetic data.

Counts its own floating-point operations (matrix products dominate: 2·m·n·k each), so
the demo's measured run can report energy per FLOP and its distance to the Landauer
floor.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

BATCH, FEATURES, HIDDEN = 256, 512, 1024


def train_for(seconds: float, on_step: Callable[..., None]) -> tuple[int, float]:
    """Train a two-layer MLP for about ``seconds``; return (steps, FLOPs counted)."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, FEATURES))
    y = (x[:, :1] > 0).astype(np.float64)
    w1 = rng.standard_normal((FEATURES, HIDDEN)) * 0.02
    w2 = rng.standard_normal((HIDDEN, 1)) * 0.02
    # forward 2 matmuls + backward 3 matmuls (the input gradient of layer 1 is not needed)
    flops_per_step = 2.0 * BATCH * (2 * FEATURES * HIDDEN + 3 * HIDDEN)
    steps, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        h = np.maximum(x @ w1, 0.0)
        p = 1.0 / (1.0 + np.exp(-(h @ w2)))
        grad_out = (p - y) / BATCH
        grad_w2 = h.T @ grad_out
        grad_h = (grad_out @ w2.T) * (h > 0)
        w1 -= 0.1 * (x.T @ grad_h)
        w2 -= 0.1 * grad_w2
        steps += 1
        on_step(samples=BATCH)
    return steps, steps * flops_per_step


def main(argv: list[str] | None = None) -> int:
    """``python -m wattprint.examples.workload [SECONDS]``: train for SECONDS (default 2),
    one ``run.step()`` per batch, so ``wattprint run --total-steps N -- ...`` can project."""
    import sys

    import wattprint

    args = sys.argv[1:] if argv is None else argv
    seconds = float(args[0]) if args else 2.0
    with wattprint.track(name="workload") as run:
        steps, _ = train_for(seconds, run.step)
    print(f"trained {steps} steps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
