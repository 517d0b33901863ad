"""One served copy of a model: its weights and KV cache, and how many accelerators hold it.

:func:`served_model` reads the model (parameters, active parameters for MoE, bytes per
weight from ``hardware.precision`` or ``inference.bytes_per_parameter``, KV-cache bytes
per token given or a sourced default per parameter); :func:`replica_for` picks the
accelerators per replica and turns their datasheet bandwidth and FLOP/s into effective
rates (sourced bandwidth and FLOP use, tensor-parallel loss per doubling).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wattprint.catalog.rows import Accelerator
from wattprint.catalog.serving import serving_value
from wattprint.chain.state import Value
from wattprint.errors import ScenarioError
from wattprint.estimate.hardware import peak_flops
from wattprint.estimate.inputs import InputCollector
from wattprint.estimate.serving import (
    Replica,
    ServedModel,
    accelerators_to_fit,
    capacity_per_s,
    largest_batch,
)

BYTES_PER_PARAMETER = {"fp64": 8.0, "fp32": 4.0, "tf32": 4.0, "bf16": 2.0, "fp8": 1.0}


def served_model(
    c: InputCollector, tokens_in: Value | None, tokens_out: Value | None
) -> ServedModel:
    """Weights, KV cache and tokens of one request, from the scenario and defaults."""
    s = c.scenario
    assert tokens_out is not None and tokens_in is not None
    params = c.given("inference.parameters")
    active = (
        c.given("inference.active_parameters") if s.has("inference.active_parameters") else params
    )
    if s.has("inference.bytes_per_parameter"):
        per_parameter = c.given("inference.bytes_per_parameter")
    else:
        per_parameter = BYTES_PER_PARAMETER[s.texts.get("hardware.precision", "bf16")]
    if s.has("inference.kv_bytes_per_token"):
        kv = c.given("inference.kv_bytes_per_token")
    else:
        ratio = serving_value("kv_cache_bytes_per_token_per_parameter", "KV cache", "raw")
        kv = params * c.resolved("inference.kv_bytes_per_token (default)", ratio)
    return ServedModel(active, params * per_parameter, kv, tokens_in, tokens_out)


@dataclass(frozen=True)
class _Rates:
    """Per-accelerator figures a replica is built from (sampled once)."""

    memory_bytes: float
    bandwidth_bytes_per_s: float
    peak_flops_per_s: float
    usable: Value
    mbu: Value
    mfu: Value
    tp_efficiency: Value
    engine_batch: Value


def replica_for(
    c: InputCollector, acc: Accelerator, model: ServedModel, rate: float | None = None
) -> Replica:
    """How many accelerators hold one copy, and their effective bandwidth and FLOP/s.

    Without ``inference.accelerators_per_replica``: of the fewest that hold the weights
    and 1, 2, 4 or 8 times that, the one that serves ``rate`` (requests/s) with the fewest
    accelerators, or without a rate the most requests per accelerator (what an operator
    paying per GPU-hour picks); ties go to the smaller replica.
    """
    rates = _rates(c, acc)
    if c.scenario.has("inference.accelerators_per_replica"):
        given = c.given("inference.accelerators_per_replica")
        return _replica(model, rates, max(1, round(float(np.median(given)))))
    fit = accelerators_to_fit(
        float(np.median(model.weight_bytes)),
        float(np.median(model.kv_bytes_per_token * (model.tokens_in + model.tokens_out))),
        rates.memory_bytes,
        float(np.median(rates.usable)),
    )
    limit = (
        float(np.median(c.given("hardware.count"))) if c.scenario.has("hardware.count") else None
    )
    sizes = [fit * k for k in (1, 2, 4, 8) if limit is None or fit * k <= limit] or [fit]
    candidates = [_replica(model, rates, n) for n in sizes]

    def cost(r: Replica) -> tuple[float, int]:
        capacity = float(np.median(capacity_per_s(model, r)))
        if rate is None:
            return (-capacity / r.accelerators, r.accelerators)
        return (math.ceil(rate / capacity) * r.accelerators, r.accelerators)

    best = min(candidates, key=cost)
    goal = "the fewest accelerators for the rate" if rate else "the most requests per accelerator"
    c.assumptions.append(
        f"{best.accelerators} accelerator(s) per replica: of {fit} (the fewest that hold the "
        f"weights) to {fit * 8}, {goal}"
    )
    return best


def _rates(c: InputCollector, acc: Accelerator) -> _Rates:
    s = c.scenario
    if acc.memory_gb is None or acc.memory_bw_tbs is None:
        raise ScenarioError(
            f"the catalog has no memory size or bandwidth for {acc.id}",
            field="hardware.accelerator",
            expected="an accelerator with memory_gb and memory_bw_tbs, or a measured energy",
            hint="give inference.energy_per_token, or size the fleet with hardware.count",
        )

    def default(label: str, name: str, dimension: str = "ratio") -> Value:
        return c.resolved(f"{label} (default)", serving_value(name, label, dimension))

    if s.has("inference.concurrency"):
        engine: Value = c.given("inference.concurrency")
    else:
        engine = default("inference.concurrency", "max_concurrent_sequences", "raw")
    return _Rates(
        acc.memory_gb * 1e9,
        acc.memory_bw_tbs * 1e12,
        peak_flops(c, acc),
        default("usable memory", "usable_memory_share"),
        default("decode bandwidth use", "decode_bandwidth_utilisation"),
        default("prefill FLOP use", "prefill_flops_utilisation"),
        default("tensor-parallel efficiency", "tensor_parallel_efficiency"),
        engine,
    )


def _replica(model: ServedModel, rates: _Rates, n: int) -> Replica:
    efficiency = rates.tp_efficiency ** math.log2(n) if n > 1 else 1.0
    bandwidth = n * rates.bandwidth_bytes_per_s * rates.mbu * efficiency
    flops = n * rates.peak_flops_per_s * rates.mfu * efficiency
    batch = largest_batch(model, n, rates.memory_bytes, rates.usable, rates.engine_batch)
    return Replica(n, bandwidth, flops, batch)
