"""Quantities as published, with their units as written, to base units."""

from __future__ import annotations

import pytest

from wattprint.audit.published import parse_published
from wattprint.errors import ClaimsError

CASES = [
    # as written, kind, low, high (base units), dimension
    ("2400万度", "point", 2.4e7, 2.4e7, "energy"),  # 2400 × 1e4 kWh
    ("24 GWh", "point", 2.4e7, 2.4e7, "energy"),
    ("19.5亿 次/秒", "point", 1.95e9, 1.95e9, "flop_rate"),  # 19.5 × 1e8
    ("20万立方厘米", "point", 200.0, 200.0, "volume"),  # 2e5 cm³ = 200 L
    ("100 个泳池", "point", 100.0, 100.0, "count"),
    ("3.3亿/mm²", "point", 3.3e14, 3.3e14, "areal_density"),  # 3.3e8 per 1e-6 m²
    ("100 W/cm³", "point", 1e8, 1e8, "power_density"),
    ("< 300 W/m³", "upper", 300.0, 300.0, "power_density"),
    ("不到300瓦/立方米", "upper", 300.0, 300.0, "power_density"),
    ("> 100倍", "lower", 100.0, 100.0, "ratio"),
    ("数百倍", "range", 100.0, 1000.0, "ratio"),
    ("hundreds of times", "range", 100.0, 1000.0, "ratio"),
    ("540亿", "point", 5.4e10, 5.4e10, "count"),
    ("≈ 100%", "point", 1.0, 1.0, "ratio"),
    ("100千瓦时", "point", 100.0, 100.0, "energy"),  # 千瓦时 is a unit, not 千 × 瓦时
    ("1.8 trillion", "point", 1.8e12, 1.8e12, "count"),
]


@pytest.mark.parametrize(("text", "kind", "low", "high", "dimension"), CASES)
def test_published_quantities(
    text: str, kind: str, low: float, high: float, dimension: str
) -> None:
    p = parse_published(text, field="f")
    assert (p.kind, p.dimension) == (kind, dimension)
    assert p.low == pytest.approx(low) and p.high == pytest.approx(high)


@pytest.mark.parametrize("text", ["5 foos", "many", "", True, None])
def test_bad_published_quantities(text: object) -> None:
    with pytest.raises(ClaimsError) as e:
        parse_published(text, field="claims[0].published")
    assert e.value.field == "claims[0].published"
