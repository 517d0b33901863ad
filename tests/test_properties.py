"""Invariants of the estimate, as properties over generated scenarios."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wattprint.estimate import estimate, scenario_from_dict

SAMPLES = 400


def scenario(
    count: float, days: tuple[float, float], pue: tuple[float, float], power: str | None = None
) -> dict[str, Any]:
    hardware: dict[str, Any] = {"accelerator": "H100", "count": count}
    if power is not None:
        hardware["power"] = power
    return {
        "name": "p",
        "hardware": hardware,
        "training": {"duration": f"{days[0]!r} to {days[1]!r} days"},
        "facility": {"pue": f"{pue[0]!r} to {pue[1]!r}", "grid": "US"},
    }


def outputs(data: dict[str, Any]) -> dict[str, Any]:
    return estimate(scenario_from_dict(data), samples=SAMPLES, seed=1).outputs


ranges = st.tuples(st.floats(1, 100), st.floats(0, 50)).map(lambda t: (t[0], t[0] + t[1]))
pues = st.tuples(st.floats(1.0, 1.5), st.floats(0, 0.5)).map(lambda t: (t[0], t[0] + t[1]))
counts = st.integers(1, 100_000)


@settings(max_examples=25)
@given(count=counts, days=ranges, pue=pues)
def test_twice_the_accelerators_twice_the_energy(count: int, days: Any, pue: Any) -> None:
    one = outputs(scenario(count, days, pue))
    two = outputs(scenario(2 * count, days, pue))
    for name in ("accelerator_energy", "it_energy", "facility_energy", "carbon_operational"):
        for q in ("p5", "p50", "p95"):
            assert abs(getattr(two[name], q) - 2 * getattr(one[name], q)) <= 1e-9 * getattr(
                two[name], q
            )


@settings(max_examples=25)
@given(count=counts, days=ranges, pue=pues)
def test_heat_equals_facility_energy_and_percentiles_are_ordered(
    count: int, days: Any, pue: Any
) -> None:
    out = outputs(scenario(count, days, pue))
    assert out["heat"] == out["facility_energy"]
    for summary in out.values():
        assert summary.p5 <= summary.p50 <= summary.p95


@settings(max_examples=15)
@given(count=counts, days=st.floats(1, 100))
def test_a_fixed_input_has_zero_spread(count: int, days: float) -> None:
    data = {
        "name": "fixed",
        "hardware": {"accelerator": "A100", "count": count, "power": "400 W", "host_power": "0 W"},
        "training": {"duration": f"{days!r} days"},
        "facility": {"pue": 1.2, "carbon_intensity": "400 g/kWh"},
    }
    out = outputs(data)
    for name in ("accelerator_energy", "facility_energy", "carbon_operational", "heat"):
        assert out[name].p5 == out[name].p50 == out[name].p95


@settings(max_examples=15)
@given(count=counts, days=ranges, pue=pues, widen=st.floats(0.01, 20))
@example(count=1, days=(2.0, 2.0), pue=(1.0, 1.0), widen=0.015625)
def test_a_wider_input_range_never_narrows_the_output_band(
    count: int, days: Any, pue: Any, widen: float
) -> None:
    # The duration is the only uncertain input of the accelerator energy here (a fixed
    # power): with the catalog's power share also uncertain, a band of a product can
    # narrow a little when one factor's range moves up (hypothesis found days 2 to 2
    # against 2 to 2.016: 9.0040 -> 9.0025 kWh); the next property covers that case.
    narrow = outputs(scenario(count, days, pue, power="700 W"))["accelerator_energy"]
    wide = outputs(scenario(count, (days[0], days[1] + widen), pue, power="700 W"))
    wide_energy = wide["accelerator_energy"]
    assert wide_energy.p95 - wide_energy.p5 >= (narrow.p95 - narrow.p5) * (1 - 1e-12)


@settings(max_examples=15)
@given(count=counts, days=ranges, pue=pues, widen=st.floats(0.01, 20))
@example(count=1, days=(2.0, 2.0), pue=(1.0, 1.0), widen=0.015625)
def test_a_range_reaching_higher_never_lowers_a_percentile(
    count: int, days: Any, pue: Any, widen: float
) -> None:
    narrow = outputs(scenario(count, days, pue))
    wide = outputs(scenario(count, (days[0], days[1] + widen), pue))
    for name in ("accelerator_energy", "facility_energy", "carbon_operational"):
        for q in ("p5", "p50", "p95"):
            assert getattr(wide[name], q) >= getattr(narrow[name], q) * (1 - 1e-12)


@settings(max_examples=15)
@given(count=counts, hours_factor=st.floats(1.01, 10))
def test_more_hours_never_less_energy(count: int, hours_factor: float) -> None:
    base = {"name": "h", "hardware": {"accelerator": "A100", "count": count}}
    a = outputs({**base, "training": {"accelerator_hours": 1000}})
    b = outputs({**base, "training": {"accelerator_hours": 1000 * hours_factor}})
    assert b["facility_energy"].p50 >= a["facility_energy"].p50
