"""An inference scenario as chain inputs, through the serving model (estimate/serving.py).

Three ways to size a service (scenario checks in ``serving_checks.py``):

- (a) **a request rate** with tokens per request and the model size: replicas ×
  accelerators per replica are provisioned (``hardware.count``, else the fewest that serve
  the rate at full batch); the load against capacity gives the busy share; energy =
  provisioned accelerators × time × (idle + busy share × (busy − idle)), hosts alike;
- (b) **a fleet**: ``hardware.count`` × ``days``, busy ``utilisation`` of the time
  (default 1, an upper bound);
- (c) **a measured or disclosed energy** per output token or per request, at its
  ``energy_boundary``: accelerator (host not counted), it (carried whole as accelerator
  energy) or facility (divided by the PUE so the chain gives it back).

Requests and output tokens, when known, go to the chain as ``work_requests`` and
``work_output_tokens``, which give the per-request and per-token outputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wattprint.catalog.rows import Accelerator
from wattprint.catalog.serving import measured_idle, serving_value
from wattprint.chain.state import Value
from wattprint.errors import ScenarioError
from wattprint.estimate.grid_load import host_power
from wattprint.estimate.inputs import InputCollector
from wattprint.estimate.serving import Replica, busy_share, capacity_per_s, concurrency, power_w
from wattprint.estimate.serving_replica import replica_for, served_model
from wattprint.quantity.units import J_PER_KWH, SECONDS_PER_DAY, SECONDS_PER_HOUR

LOW_LOAD = 0.1


@dataclass(frozen=True)
class Power:
    """Per-accelerator power: device idle and busy, host idle and busy."""

    idle_w: Value
    busy_w: Value
    host_idle_w: Value
    host_busy_w: Value
    host_nameplate_w: Value


@dataclass(frozen=True)
class Traffic:
    """Requests over the whole duration and tokens per request (None where unknown)."""

    requests: Value | None
    tokens_in: Value | None
    tokens_out: Value | None


def build_serving_inputs(c: InputCollector, acc: Accelerator, tdp: float) -> Power:
    """Fill the energy inputs of an inference scenario; return the power it was sized at."""
    s = c.scenario
    duration = c.given("inference.days")
    c.inputs["duration_s"] = duration
    c.inputs["service_duration_s"] = duration
    power = device_power(c, acc, tdp)
    traffic = _traffic(c, duration)
    if traffic.requests is not None:
        c.inputs["work_requests"] = traffic.requests
        if traffic.tokens_out is not None:
            c.inputs["work_output_tokens"] = traffic.requests * traffic.tokens_out
    measured = s.has("inference.energy_per_token") or s.has("inference.energy_per_request")
    if measured:
        _measured(c, power, traffic, duration)
    elif (
        s.has("inference.parameters")
        and traffic.tokens_out is not None
        and traffic.requests is not None
    ):
        _by_rate(c, acc, power, traffic, duration)
    else:
        _fleet(c, power, duration)
    if s.has("inference.parameters") and (
        measured or traffic.tokens_out is None or traffic.requests is None
    ):
        why = (
            "a measured energy sizes the service"
            if measured
            else "no tokens per request"
            if traffic.tokens_out is None
            else "no request rate (the fleet sizes the service)"
        )
        c.warnings.append(f"inference.parameters is given but ignored: {why}")
    return power


def device_power(c: InputCollector, acc: Accelerator, tdp: float) -> Power:
    """Idle and busy power of one accelerator and its host share, sourced or given."""
    s = c.scenario
    if "hardware.power" in s.values:
        busy = c.given("hardware.power")
    else:
        share = serving_value("busy_power_share_of_tdp", "hardware.power (busy)", "ratio")
        busy = tdp * c.resolved("hardware.power (busy share of TDP, default)", share)
    idle_row = measured_idle(acc.id, "idle power (measured row)")
    if "hardware.idle_power" in s.values:
        idle = c.given("hardware.idle_power")
    elif idle_row is not None:
        idle = c.resolved(f"idle power ({acc.id}, default)", idle_row)
    else:
        share = serving_value("idle_power_share_of_tdp", "idle power", "ratio")
        idle = tdp * c.resolved("idle power (share of TDP, default)", share)
    host_busy, host_nameplate = host_power(c, acc, tdp)
    host_idle_row = serving_value("host_idle_power_per_accelerator_w", "host idle power", "power")
    host_idle = c.resolved("host idle power (default)", host_idle_row)
    if float(np.median(busy)) < float(np.median(idle)):
        c.warnings.append(
            f"the busy power ({float(np.median(busy)):.3g} W) is below the idle draw "
            f"({float(np.median(idle)):.3g} W, median): the idle floor is capped at it"
        )
    host_idle = np.minimum(host_idle, host_busy)
    return Power(np.minimum(idle, busy), busy, host_idle, host_busy, host_nameplate)


def _traffic(c: InputCollector, duration: Value) -> Traffic:
    s = c.scenario
    tokens_in: Value | None = None
    tokens_out: Value | None = None
    if s.has("inference.tokens_out"):
        tokens_out = c.given("inference.tokens_out")
        tokens_in = c.given("inference.tokens_in") if s.has("inference.tokens_in") else 0.0
    elif s.has("inference.tokens_per_request"):
        tokens_out = c.given("inference.tokens_per_request")
        tokens_in = 0.0
        c.assumptions.append("tokens_per_request read as output tokens: no prefill counted")
    days = duration / SECONDS_PER_DAY
    if s.has("inference.requests_per_day"):
        return Traffic(c.given("inference.requests_per_day") * days, tokens_in, tokens_out)
    if s.has("inference.tokens_per_day"):
        if tokens_out is None:
            tokens_out = c.given_or_default(
                "inference.tokens_out", "inference_output_tokens_per_request", "count"
            )
            tokens_in = c.given_or_default(
                "inference.tokens_in", "inference_input_tokens_per_request", "count"
            )
        requests = c.given("inference.tokens_per_day") * days / tokens_out
        return Traffic(requests, tokens_in, tokens_out)
    return Traffic(None, tokens_in, tokens_out)


def _record(c: InputCollector, count: Value, duration: Value, power: Power, busy: Value) -> None:
    """Energies of ``count`` provisioned accelerators busy ``busy`` of ``duration``."""
    seconds = count * duration
    c.inputs["accelerator_hours"] = seconds / SECONDS_PER_HOUR
    average = power_w(power.idle_w, power.busy_w, busy)
    c.inputs["accelerator_energy_kwh"] = seconds * average / J_PER_KWH
    host = power_w(power.host_idle_w, power.host_busy_w, busy)
    c.inputs["host_energy_kwh"] = seconds * host / J_PER_KWH


def _fleet(c: InputCollector, power: Power, duration: Value) -> None:
    s = c.scenario
    count = c.given("hardware.count")
    if s.has("inference.utilisation"):
        busy: Value = c.given("inference.utilisation")
    else:
        busy = 1.0
        c.assumptions.append(
            "inference.utilisation not given: the fleet is busy the whole time (upper bound)"
        )
    c.assumptions.append("service sized by its fleet: hardware.count × inference.days")
    _record(c, count, duration, power, busy)
    _low_load_warning(c, busy)


def _measured(c: InputCollector, power: Power, traffic: Traffic, duration: Value) -> None:
    s = c.scenario
    boundary = s.texts.get("inference.energy_boundary", "accelerator")
    if s.has("inference.energy_per_request"):
        assert traffic.requests is not None  # checked with the scenario
        joules = traffic.requests * c.given("inference.energy_per_request")
    else:
        assert traffic.requests is not None and traffic.tokens_out is not None
        joules = traffic.requests * traffic.tokens_out * c.given("inference.energy_per_token")
    energy_kwh = joules / J_PER_KWH
    c.inputs["accelerator_energy_kwh"] = energy_kwh
    c.inputs["host_energy_kwh"] = 0.0
    c.measured_boundary = boundary
    c.assumptions.append(f"energy from a measured figure at the {boundary} boundary")
    if boundary != "accelerator":
        c.assumptions.append(
            f"the {boundary} figure is carried whole as accelerator energy (host 0), so the "
            "accelerator and IT rows hold the same number"
        )
    else:
        c.warnings.append("measured at the accelerator boundary: host energy not counted")
    if s.has("hardware.count"):
        count = c.given("hardware.count")
        c.inputs["accelerator_hours"] = count * duration / SECONDS_PER_HOUR
        average = energy_kwh * J_PER_KWH / (count * duration)
        _below_idle_warning(c, average, power.idle_w, boundary)
    else:
        c.inputs["accelerator_hours"] = energy_kwh * J_PER_KWH / power.busy_w / SECONDS_PER_HOUR


def _below_idle_warning(c: InputCollector, average: Value, idle: Value, boundary: str) -> None:
    avg, floor = float(np.median(average)), float(np.median(idle))
    if boundary == "accelerator" and avg < floor:
        c.warnings.append(
            f"average power {avg:.3g} W per accelerator is below its idle draw ({floor:.3g} W): "
            "the measured energy leaves out idle time, or the fleet is smaller than given"
        )


def _low_load_warning(c: InputCollector, load: Value) -> None:
    median = float(np.median(load))
    if median < LOW_LOAD:
        c.warnings.append(
            f"utilisation {median:.1%} of capacity (< 10 %): the idle floor dominates; "
            "fewer accelerators would serve the same requests"
        )


def _by_rate(
    c: InputCollector, acc: Accelerator, power: Power, traffic: Traffic, duration: Value
) -> None:
    assert traffic.requests is not None and traffic.tokens_out is not None
    model = served_model(c, traffic.tokens_in, traffic.tokens_out)
    rate = traffic.requests / duration
    per_fleet = None if c.scenario.has("hardware.count") else float(np.median(rate))
    replica = replica_for(c, acc, model, per_fleet)
    capacity = capacity_per_s(model, replica)
    replicas = _replicas(c, replica, rate, capacity)
    per_replica = rate / replicas
    load = per_replica / capacity
    # busy when a request is in service (Poisson), and at least the load: a replica at
    # capacity is busy all the time even when its batch is capped small
    busy = np.maximum(busy_share(concurrency(model, replica, per_replica)), np.minimum(load, 1.0))
    c.inputs["serving_load"] = load
    if not c.scenario.has("inference.accelerators_per_replica"):
        c.assumptions.append(f"a replica is {replica.accelerators} accelerator(s)")
    _record(c, replicas * replica.accelerators, duration, power, busy)
    c.inputs["work_flops"] = (
        2.0 * model.active_parameters * (model.tokens_in + model.tokens_out) * traffic.requests
    )
    c.assumptions.append(
        "serving model: prefill 2·N_active·tokens_in FLOPs; decode reads weights + KV cache "
        "once per step, shared by the batch; busy share max(1 − e^(−concurrency), load)"
    )
    if c.scenario.has("inference.utilisation"):
        c.warnings.append(
            "inference.utilisation is ignored: the load follows from the request rate"
        )
    _low_load_warning(c, load)
    over = float(np.mean(np.asarray(load) > 1.0))
    if over > 0.05:
        c.warnings.append(
            f"in {over:.0%} of the draws the request rate is above the fleet's capacity: "
            "those draws are counted at full load; more accelerators would be needed"
        )


def _replicas(c: InputCollector, replica: Replica, rate: Value, capacity: Value) -> Value:
    s = c.scenario
    n = replica.accelerators
    needed = math.ceil(float(np.median(rate / capacity)))
    if not s.has("hardware.count"):
        c.assumptions.append(
            "hardware.count not given: the fewest replicas that serve the rate at full batch "
            "(no headroom for peaks)"
        )
        return np.maximum(1.0, np.ceil(rate / capacity))
    count = float(np.median(c.given("hardware.count")))
    replicas = math.floor(count / n)
    if replicas < 1:
        raise ScenarioError(
            f"the model needs {n} accelerators to fit in memory; hardware.count is {count:g}",
            field="hardware.count",
            got=count,
            expected=f"at least {n}",
        )
    if needed > replicas:
        raise ScenarioError(
            f"the request rate is above what {replicas * n:g} accelerators can serve "
            f"(median capacity {float(np.median(capacity)) * SECONDS_PER_DAY * replicas:,.0f} "
            f"requests/day); it needs about {needed * n} accelerators",
            field="inference.requests_per_day",
            expected=f"hardware.count ≥ {needed * n}, or fewer requests",
        )
    return float(replicas)
