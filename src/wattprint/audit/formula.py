"""A safe formula language for recomputing claims: arithmetic over named inputs.

A formula is parsed with :mod:`ast` (never ``eval``) and may contain only:

- numbers (``19.5``, ``1e12``), names of the claim's inputs, parentheses;
- ``+ - * / **`` and unary ``-``/``+``;
- calls of the whitelisted functions in :data:`FUNCTIONS` with positional arguments:
  ``ln``, ``log10``, ``sqrt``, ``exp``, ``min``, ``max`` and the physics explainers
  ``landauer_j_per_bit(T, k)``, ``switching_energy_j(C, V)``, ``joule_heat_j(I, R, t)``,
  ``power_density_w_per_m3(P, V)``.

Anything else (attributes, subscripts, comparisons, keywords, strings, lambdas ...) is a
:class:`~wattprint.errors.ClaimsError`. Values may be NumPy sample arrays, so a formula
over uncertain inputs yields samples of the result.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from wattprint.chain.physics import (
    joule_heat_j,
    landauer_j_per_bit,
    power_density_w_per_m3,
    switching_energy_j,
)
from wattprint.chain.state import Value
from wattprint.errors import ClaimsError

MAX_LENGTH = 500


def _minimum(*values: Value) -> Value:
    return np.minimum.reduce(np.broadcast_arrays(*values))  # type: ignore[no-any-return]


def _maximum(*values: Value) -> Value:
    return np.maximum.reduce(np.broadcast_arrays(*values))  # type: ignore[no-any-return]


FUNCTIONS: dict[str, tuple[Callable[..., Value], int]] = {
    "ln": (np.log, 1),
    "log10": (np.log10, 1),
    "sqrt": (np.sqrt, 1),
    "exp": (np.exp, 1),
    "min": (_minimum, -2),
    "max": (_maximum, -2),
    "landauer_j_per_bit": (landauer_j_per_bit, 2),
    "switching_energy_j": (switching_energy_j, 2),
    "joule_heat_j": (joule_heat_j, 3),
    "power_density_w_per_m3": (power_density_w_per_m3, 2),
}
"""name -> (function, number of arguments; negative: at least that many)."""

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}


@dataclass(frozen=True)
class Formula:
    """A checked formula: its text, its parsed tree and the input names it uses."""

    text: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, env: Mapping[str, Value]) -> Value:
        """The formula's value; ``env`` gives every name (floats or sample arrays)."""
        with np.errstate(all="ignore"):
            return _eval(self.tree.body, env)


def compile_formula(text: object, *, field: str) -> Formula:
    """Parse and check a formula; raise ClaimsError naming ``field`` when unsafe or invalid."""
    if not isinstance(text, str) or not text.strip():
        raise ClaimsError("a formula must be a non-empty text", field=field, got=text)
    if len(text) > MAX_LENGTH:
        raise ClaimsError(
            "formula too long",
            field=field,
            got=f"{len(text)} characters",
            expected=f"at most {MAX_LENGTH}",
        )
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ClaimsError(
            f"invalid formula: {exc.msg}",
            field=field,
            got=text,
            expected="arithmetic such as 'count * power_w * hours'",
        ) from None
    names: set[str] = set()
    callees = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in FUNCTIONS and id(node) not in callees:
            raise ClaimsError(
                f"invalid formula: function {node.id!r} used as a value",
                field=field,
                got=text,
                expected=f"a call such as {node.id}(x)",
            )
        _check_node(node, text, field, names)
    return Formula(text.strip(), tree, frozenset(names))


def _check_node(node: ast.AST, text: str, field: str, names: set[str]) -> None:
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Load, *_BINARY, *_UNARY)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise _unsafe(f"constant {node.value!r}", text, field)
    elif isinstance(node, ast.Name):
        if node.id not in FUNCTIONS:
            names.add(node.id)
    elif isinstance(node, ast.Call):
        _check_call(node, text, field)
    elif not isinstance(node, allowed):
        raise _unsafe(type(node).__name__, text, field)


def _check_call(node: ast.Call, text: str, field: str) -> None:
    if not isinstance(node.func, ast.Name):
        raise _unsafe(f"a call of a {type(node.func).__name__}", text, field)
    if node.func.id not in FUNCTIONS:
        raise ClaimsError(
            f"unsafe or invalid formula: function {node.func.id!r} is not allowed",
            field=field,
            got=text,
            expected="one of " + ", ".join(FUNCTIONS),
        )
    if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        raise _unsafe("keyword or starred arguments", text, field)
    arity = FUNCTIONS[node.func.id][1]
    count = len(node.args)
    if (arity >= 0 and count != arity) or (arity < 0 and count < -arity):
        wanted = f"{arity}" if arity >= 0 else f"at least {-arity}"
        raise ClaimsError(f"{node.func.id}() takes {wanted} arguments", field=field, got=text)


def _unsafe(what: str, text: str, field: str) -> ClaimsError:
    return ClaimsError(
        f"unsafe or invalid formula: {what} is not allowed",
        field=field,
        got=text,
        expected="numbers, input names, + - * / **, parentheses and " + ", ".join(FUNCTIONS),
    )


def _eval(node: ast.expr, env: Mapping[str, Value]) -> Value:
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, (int, float))  # checked by compile_formula
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, env), _eval(node.right, env)
        return _BINARY[type(node.op)](np.asarray(left, dtype=np.float64), right)  # type: ignore[no-any-return]
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, env))  # type: ignore[no-any-return]
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    function = FUNCTIONS[node.func.id][0]
    return function(*(_eval(a, env) for a in node.args))
