"""Requests served during a measured run, and the share of the measured energy each one used.

``with run.request(tokens_in=…, tokens_out=…) as r:`` (or ``run.request_done(...)``)
marks one request; the caller's thread only appends a tuple. When the run ends, the
run's measured energy is attributed to the requests by one rule, whose per-request
energies sum to the measured total:

1. the run's time is cut at every request's start and end;
2. the energy of a stretch where requests are in flight is split among those requests
   in proportion to their tokens (``tokens_in + tokens_out``; by time share, i.e.
   equally, when no request reports tokens) — batched requests share the steps they
   share;
3. the energy of stretches with no request in flight (the idle floor, warm-up, gaps) is
   split among all requests in proportion to their tokens, because the service kept the
   hardware on for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RequestSpan:
    """One request: monotonic start and end, tokens in and out."""

    start_s: float
    end_s: float
    tokens_in: int
    tokens_out: int


@dataclass
class Request:
    """What ``with run.request(...) as r`` yields; set ``r.tokens_out`` once known."""

    tokens_in: int = 0
    tokens_out: int = 0


@dataclass(frozen=True)
class RequestEnergy:
    """A request and its attributed energy (start is seconds after the run's start)."""

    start_s: float
    duration_s: float
    tokens_in: int
    tokens_out: int
    energy_j: float


@dataclass(frozen=True)
class RequestTotals:
    """Measured energy per request and per token over every marked request."""

    count: int
    energy_j: float
    energy_per_request_j: float
    energy_per_output_token_j: float | None
    energy_per_token_j: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON form (units in the keys)."""
        return dict(vars(self))


@dataclass
class RequestLog:
    """Requests of one run, appended by the caller's thread."""

    started_s: float
    spans: list[RequestSpan] = field(default_factory=list)

    def done(
        self, tokens_in: int = 0, tokens_out: int = 0, *, duration_s: float | None = None
    ) -> None:
        """A request that ends now; it began ``duration_s`` ago, else when the last ended."""
        _check_tokens(tokens_in, tokens_out)
        end = time.monotonic()
        if duration_s is None:
            start = self.spans[-1].end_s if self.spans else self.started_s
        else:
            if not duration_s >= 0:
                raise ValueError(f"duration_s must be a non-negative number, got {duration_s!r}")
            start = end - duration_s
        self.spans.append(RequestSpan(min(start, end), end, tokens_in, tokens_out))

    @contextmanager
    def request(self, tokens_in: int = 0, tokens_out: int = 0) -> Iterator[Request]:
        """Mark the body as one request."""
        handle = Request(tokens_in, tokens_out)
        start = time.monotonic()
        try:
            yield handle
        finally:
            _check_tokens(handle.tokens_in, handle.tokens_out)
            span = RequestSpan(start, time.monotonic(), handle.tokens_in, handle.tokens_out)
            self.spans.append(span)


def _check_tokens(tokens_in: int, tokens_out: int) -> None:
    for name, value in (("tokens_in", tokens_in), ("tokens_out", tokens_out)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be a non-negative whole number, got {value!r}")


def attribute(
    spans: Sequence[RequestSpan],
    energy_between: Callable[[float, float], float],
    start_s: float,
    end_s: float,
) -> list[float]:
    """Energy of each request by the module's rule; they sum to the energy of the window."""
    if not spans:
        return []
    use_tokens = any(s.tokens_in + s.tokens_out for s in spans)
    weights = [float(s.tokens_in + s.tokens_out) if use_tokens else 1.0 for s in spans]
    edges = sorted({start_s, end_s, *(min(max(t, start_s), end_s) for s in spans
                                      for t in (s.start_s, s.end_s))})  # fmt: skip
    starts = sorted(range(len(spans)), key=lambda i: spans[i].start_s)
    energy = [0.0] * len(spans)
    active: set[int] = set()
    idle = 0.0
    nxt = 0
    for a, b in zip(edges, edges[1:], strict=False):
        while nxt < len(starts) and spans[starts[nxt]].start_s < b:
            active.add(starts[nxt])
            nxt += 1
        active = {i for i in active if spans[i].end_s > a}
        e = energy_between(a, b)
        share = sum(weights[i] for i in active)
        if not active or share == 0:
            idle += e
            continue
        for i in active:
            energy[i] += e * weights[i] / share
    total_weight = sum(weights)  # > 0: with no tokens anywhere every weight is 1
    return [x + idle * w / total_weight for x, w in zip(energy, weights, strict=True)]


def request_energies(
    log: RequestLog, energy_between: Callable[[float, float], float], end_s: float
) -> list[RequestEnergy]:
    """Every marked request with its attributed energy over the run's window."""
    joules = attribute(log.spans, energy_between, log.started_s, end_s)
    return [
        RequestEnergy(s.start_s - log.started_s, s.end_s - s.start_s, s.tokens_in, s.tokens_out, j)
        for s, j in zip(log.spans, joules, strict=True)
    ]


def totals(requests: Sequence[RequestEnergy]) -> RequestTotals | None:
    """Energy per request and per token, or None when no request was marked."""
    if not requests:
        return None
    energy = sum(r.energy_j for r in requests)
    out = sum(r.tokens_out for r in requests)
    tokens = out + sum(r.tokens_in for r in requests)
    return RequestTotals(
        len(requests),
        energy,
        energy / len(requests),
        energy / out if out else None,
        energy / tokens if tokens else None,
    )
