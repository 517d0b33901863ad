"""The chain's summary from one sort per output equals percentiles + drivers done apart."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wattprint.quantity.summary import RankBasis, describe, drivers, percentiles, ranks


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 400), st.integers(0, 2**32 - 1), st.floats(-3.0, 3.0))
def test_describe_equals_np_percentile_and_drivers_exactly(n: int, seed: int, mix: float) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.lognormal(size=n), rng.random(n)
    out = mix * a + b + rng.normal(scale=0.3, size=n)
    input_ranks = {"a": ranks(a), "b": ranks(b)}
    quantiles, found = describe(out, RankBasis.of(input_ranks))
    assert quantiles == percentiles(out), "bit for bit, as np.percentile (linear)"
    expected = drivers(out, input_ranks)
    assert [d.input for d in found] == [d.input for d in expected]
    for got, want in zip(found, expected, strict=True):
        assert abs(got.rank_correlation - want.rank_correlation) <= 0.0011


def test_a_fixed_number_and_no_inputs_have_no_drivers() -> None:
    assert describe(5.0, RankBasis.of({})) == ((5.0, 5.0, 5.0), [])
    assert describe(np.arange(10.0), RankBasis.of({}))[1] == []
    (p5, p50, p95), _ = describe(np.arange(101.0), RankBasis.of({}))
    assert (p5, p50, p95) == (5.0, 50.0, 95.0)
