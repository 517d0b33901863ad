"""How a served model spends accelerator time: prefill, decode, batching and load.

Pure arithmetic on NumPy-broadcastable values (one number or one sample per draw).
For one replica (the ``n`` accelerators that hold one copy of the model):

- prefill of a request (compute-bound):
  ``t_prefill = 2 · N_active · tokens_in / F``, ``F = n · peak FLOP/s · MFU_prefill · η_TP``
- one decode step for a batch of ``b`` sequences (memory-bound, weights read once per
  step and shared by the batch, plus each sequence's KV cache), or compute-bound at
  large ``b``: ``t_step(b) = max((W + b · c · K) / B, 2 · N_active · b / F)`` with
  ``W`` weight bytes, ``K`` KV bytes per token of context, ``c = tokens_in +
  tokens_out / 2`` the mean context, ``B = n · bandwidth · MBU · η_TP``;
- replica-seconds per request at batch ``b``: ``t_prefill + tokens_out · t_step(b) / b``;
  capacity = 1 / that at the largest batch the engine and KV cache allow;
- load: with requests arriving at rate λ per replica, the mean number in service ``b``
  solves Little's law ``b = λ · (t_prefill + tokens_out · t_step(max(b, 1)))``
  (fixed-point iteration, capped at the largest batch); the replica is busy when at
  least one request is in service, ``1 − e^(−b)`` of the time (Poisson number in
  service, M/G/∞), and never less than its load (rate ÷ capacity): a replica at
  capacity is busy all the time, however small its batch;
- power per accelerator: ``idle + busy_share × (busy − idle)``; energy = provisioned
  accelerators × time × that power: the idle floor is paid whether or not requests come.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wattprint.chain.state import Value

ITERATIONS = 60


@dataclass(frozen=True)
class ServedModel:
    """The work of one request on one model."""

    active_parameters: Value
    weight_bytes: Value
    kv_bytes_per_token: Value
    tokens_in: Value
    tokens_out: Value


@dataclass(frozen=True)
class Replica:
    """One copy of the model on ``accelerators`` devices, as effective rates."""

    accelerators: int
    bandwidth_bytes_per_s: Value
    flops_per_s: Value
    max_batch: Value


def prefill_seconds(m: ServedModel, r: Replica) -> Value:
    """Replica-seconds of prefill per request (2 FLOPs per active parameter per token)."""
    return 2.0 * m.active_parameters * m.tokens_in / r.flops_per_s


def step_seconds(m: ServedModel, r: Replica, batch: Value) -> Value:
    """Seconds of one decode step for ``batch`` sequences."""
    context = m.tokens_in + m.tokens_out / 2.0
    memory = (m.weight_bytes + batch * context * m.kv_bytes_per_token) / r.bandwidth_bytes_per_s
    compute = 2.0 * m.active_parameters * batch / r.flops_per_s
    return np.maximum(memory, compute)


def seconds_per_request(m: ServedModel, r: Replica, batch: Value) -> Value:
    """Replica-seconds each request costs when ``batch`` sequences share the steps."""
    return prefill_seconds(m, r) + m.tokens_out * step_seconds(m, r, batch) / batch


def capacity_per_s(m: ServedModel, r: Replica) -> Value:
    """Requests per second one replica serves at its largest batch."""
    return 1.0 / seconds_per_request(m, r, r.max_batch)


def latency_s(m: ServedModel, r: Replica, batch: Value) -> Value:
    """Seconds from arrival to last token for a request in a batch of ``batch``."""
    return prefill_seconds(m, r) + m.tokens_out * step_seconds(m, r, np.maximum(batch, 1.0))


def concurrency(m: ServedModel, r: Replica, rate_per_s: Value) -> Value:
    """Mean requests in service on one replica at ``rate_per_s`` (Little's law)."""
    batch = rate_per_s * latency_s(m, r, 1.0)
    for _ in range(ITERATIONS):
        batch = np.minimum(r.max_batch, rate_per_s * latency_s(m, r, batch))
    return batch


def busy_share(batch: Value) -> Value:
    """Share of time at least one request is in service (Poisson, mean ``batch``)."""
    return 1.0 - np.exp(-np.asarray(batch, dtype=np.float64))


def power_w(idle_w: Value, busy_w: Value, share: Value) -> Value:
    """Average power of one device: its idle floor plus the busy share of the rest."""
    return idle_w + share * (busy_w - idle_w)


def accelerators_to_fit(
    weight_bytes: float, context_bytes: float, memory_bytes: float, usable: float
) -> int:
    """Fewest accelerators (a power of two) whose usable memory holds the weights and
    one full-length sequence's KV cache."""
    n = 1
    while n * memory_bytes * usable < weight_bytes + context_bytes:
        n *= 2
        if n > 4096:
            break
    return n


def largest_batch(
    m: ServedModel, n: int, memory_bytes: float, usable: Value, engine_max: Value
) -> Value:
    """Sequences that fit in the KV cache beside the weights, at most the engine's cap."""
    free = n * memory_bytes * usable - m.weight_bytes
    per_sequence = m.kv_bytes_per_token * (m.tokens_in + m.tokens_out)
    return np.clip(np.floor(free / per_sequence), 1.0, engine_max)
