"""Stable forms (symact.stable) are equal to the expressions they rewrite.

Each rule is checked two ways: on hand-picked expressions whose rewritten shape is known,
and on the derivatives of random formulas (the expressions the engine encloses), where
both forms are evaluated with mpmath at 50 digits on points spread over ±200.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from strategies import formulas

import symact
from symact.stable import stable_form
from symact.symbols import x

POINTS = [mpmath.mpf(k) / 4 for k in range(-40, 41, 3)] + [
    mpmath.mpf(s) * 10**p for s in (-2, 2) for p in (1, 2)
]


def _agree(original: sp.Expr, rewritten: sp.Expr) -> int:
    """Equal to 40 digits wherever the original evaluates to a finite real number;
    returns how many points were compared."""
    f, g = (sp.lambdify(x, e, "mpmath") for e in (original, rewritten))
    compared = 0
    with mpmath.workdps(50):
        for t in POINTS:
            try:
                a = mpmath.mpmathify(f(t))
            except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                continue
            if not isinstance(a, mpmath.mpf) or not mpmath.isfinite(a):
                continue
            b = mpmath.mpmathify(g(t))
            assert abs(a - b) <= mpmath.mpf(10) ** -40 * max(1, abs(a)), (t, a, b)
            compared += 1
    return compared


@pytest.mark.parametrize(
    ("expr", "shape"),
    [
        # e^{nu}/(1 + e^u)^k → (1 + e^{−u})^{−n} (1 + e^u)^{n−k}
        (sp.exp(-x) / (1 + sp.exp(-x)) ** 2, lambda e: not e.has(sp.exp(-x) / (1 + sp.exp(-x)))),
        (sp.exp(2 * x) / (1 + sp.exp(x)) ** 3, lambda e: e.has((1 + sp.exp(-x)) ** -2)),
        (x * sp.exp(x) / (1 + sp.exp(x)), lambda e: e.has((1 + sp.exp(-x)) ** -1)),
        # c ± c·erf(u), c ± c·tanh(u), c − c·tanh²(u)
        (x / 2 + x * sp.erf(x) / 2, lambda e: e.has(sp.erfc)),
        (3 - 3 * sp.tanh(x), lambda e: not e.has(sp.tanh)),
        (x**2 - x**2 * sp.tanh(x) ** 2, lambda e: e.has(sp.cosh)),
        (sp.log(1 + sp.exp(x)), lambda e: not e.has(sp.log)),
    ],
)
def test_rules_rewrite_and_keep_the_value(expr, shape) -> None:
    rewritten = stable_form(expr)
    assert shape(rewritten), rewritten
    assert _agree(expr, rewritten) > 20


def test_exponent_that_is_not_a_multiple_is_left_alone() -> None:
    """e^{x/2}/(1 + e^x) is no e^{nu}/(1 + e^u)^k with integer n: unchanged."""
    expr = sp.exp(x / 2) / (1 + sp.exp(x))
    assert stable_form(expr) == expr


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(formulas(max_leaves=4))
def test_random_derivatives_keep_their_value(formula: str) -> None:
    """f′ of a random formula and its stable form agree to 40 digits."""
    try:
        activation = symact.define("t", formula)
    except symact.InvalidDefinition:
        assume(False)
    derivative = sp.diff(activation.function, x)
    assume(not derivative.has(sp.Piecewise, sp.Derivative, sp.Subs, sp.DiracDelta))
    assume(_agree(derivative, stable_form(derivative)) > 0)
