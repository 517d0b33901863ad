"""The claims formula language: arithmetic over named inputs, nothing else, never eval."""

from __future__ import annotations

import numpy as np
import pytest

from wattprint.audit.formula import compile_formula
from wattprint.errors import ClaimsError


def test_arithmetic_and_functions() -> None:
    f = compile_formula("count * power * hours / 1e3 + sqrt(4) - -1", field="f")
    assert f.names == {"count", "power", "hours"}
    # 25,000 × 400 × 2,160 / 1000 + 2 + 1 = 21,600,003
    assert f.evaluate({"count": 25000.0, "power": 400.0, "hours": 2160.0}) == pytest.approx(
        21_600_003.0
    )


def test_physics_explainers_are_callable() -> None:
    f = compile_formula("switching_energy_j(c, v) / landauer_j_per_bit(t, k)", field="f")
    # 1.296e-14 J / 2.870979e-21 J = 4.51415e6
    value = f.evaluate({"c": 8e-15, "v": 1.8, "t": 300.0, "k": 1.380649e-23})
    assert value == pytest.approx(4.51415e6, rel=1e-5)


def test_samples_flow_through() -> None:
    f = compile_formula("a ** 2 + max(a, b)", field="f")
    out = f.evaluate({"a": np.array([1.0, 2.0]), "b": 1.5})
    assert list(np.asarray(out)) == [2.5, 6.0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('true')", "a call of a Attribute is not allowed"),
        ("__import__('os')", "function '__import__' is not allowed"),
        ("a.real", "Attribute is not allowed"),
        ("a[0]", "Subscript is not allowed"),
        ("(lambda: 1)()", "a call of a Lambda is not allowed"),
        ("a < 2", "Compare is not allowed"),
        ("'text'", "constant 'text' is not allowed"),
        ("True + 1", "constant True is not allowed"),
        ("sqrt(x=1)", "keyword or starred arguments is not allowed"),
        ("open(a)", "function 'open' is not allowed"),
        ("a if a else 1", "IfExp is not allowed"),
        ("[a]", "List is not allowed"),
        ("a // 2", "FloorDiv is not allowed"),
        ("sqrt(1, 2)", "sqrt() takes 1 arguments"),
        ("a +", "invalid formula"),
        ("", "a formula must be a non-empty text"),
        ("1" * 501, "formula too long"),
    ],
)
def test_unsafe_or_invalid_formulas_are_rejected(text: str, message: str) -> None:
    with pytest.raises(ClaimsError, match=message.replace("(", r"\(").replace(")", r"\)")) as e:
        compile_formula(text, field="claims[0].recompute.formula")
    assert e.value.field == "claims[0].recompute.formula"


def test_overflow_gives_inf_not_an_exception() -> None:
    f = compile_formula("a ** b", field="f")
    assert np.isinf(f.evaluate({"a": 10.0, "b": 1e6}))
