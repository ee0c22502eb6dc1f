"""Leading terms at +∞ (`symact.asymptotic`), checked against textbook asymptotics and
against the functions' values far out (mpmath, evaluated from SymPy's own expression).

A leading term c·x^k·(log x)^m·e^{P(x)} is right when g(x) divided by it tends to 1;
the property test checks that the ratio at x = 10⁴⁰ is nearer to 1 than at 10²⁰ (or
already within 10⁻⁶ of it).
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from strategies import formulas

import symact
from symact.asymptotic import Scale, leading_term
from symact.symbols import x

PI = sp.pi


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (x**3 - 5 * x**2, Scale(1, 3)),
        (x * sp.exp(-x), Scale(1, 1, 0, ((1, -1),))),
        # erfc u ~ e^{−u²}/(u√π) (Abramowitz & Stegun 7.1.23)
        (sp.erfc(x), Scale(1 / sp.sqrt(PI), -1, 0, ((2, -1),))),
        (sp.erfc(2 * x + 1), Scale(sp.exp(-1) / (2 * sp.sqrt(PI)), -1, 0, ((2, -4), (1, -4)))),
        (sp.log(x**2 + 1), Scale(2, 0, 1)),
        (sp.log(sp.exp(3 * x) + x), Scale(3, 1)),
        (1 - sp.tanh(x), None),  # a cancellation: left to the stable form or to Gruntz
        (2 / (1 + sp.exp(2 * x)), Scale(2, 0, 0, ((1, -2),))),  # 1 − tanh x
        (1 / sp.cosh(x) ** 2, Scale(4, 0, 0, ((1, -2),))),
        (sp.sinh(x**2), Scale(sp.Rational(1, 2), 0, 0, ((2, 1),))),
        (sp.tanh(1 / x), Scale(1, -1)),
        (sp.erf(1 / x), Scale(2 / sp.sqrt(PI), -1)),
        (sp.atan(x), Scale(PI / 2)),
        (sp.sqrt(x) * sp.log(x) ** 2, Scale(1, sp.Rational(1, 2), 2)),
        (2**x, Scale(1, 0, 0, ((1, sp.log(2)),))),
        (sp.Heaviside(x), None),  # not on the scale
        (sp.sin(x), None),
        (sp.Float(0.5) * x, None),  # rounded coefficients are not trusted
        # log u ~ u − 1 as u → 1 (review finding: log u was taken for exactly 0)
        (sp.log(x / (x + 1)), Scale(-1, -1)),
        (sp.log(1 / (1 + sp.exp(-x))), Scale(-1, 0, 0, ((1, -1),))),
        (sp.exp(sp.I * x), None),  # complex exponents are not on the scale
    ],
)
def test_textbook_leading_terms(expr, expected) -> None:
    got = leading_term(expr)
    if expected is None:
        assert got is None
        return
    assert got is not None
    assert sp.simplify(got.coefficient - expected.coefficient) == 0
    assert (got.power, got.log_power) == (expected.power, expected.log_power)
    assert len(got.exponent) == len(expected.exponent)
    for (r, a), (r0, a0) in zip(got.exponent, expected.exponent, strict=True):
        assert r == r0 and sp.simplify(a - a0) == 0


def _ratio(expr: sp.Expr, scale: Scale, at: int) -> mpmath.mpf | None:
    """g(10^at) / leading(10^at), or None where 60- and 120-digit values disagree (a
    cancellation the evaluation cannot see through) or it cannot be evaluated."""
    values = []
    for digits in (60, 120):
        with mpmath.workdps(digits):
            point = mpmath.mpf(10) ** at
            term = scale.coefficient * sp.Symbol("X") ** scale.power
            term *= sp.log(sp.Symbol("X")) ** scale.log_power
            term *= sp.exp(sum(a * sp.Symbol("X") ** r for r, a in scale.exponent))
            try:
                g = mpmath.mpmathify(sp.lambdify(x, expr, "mpmath")(point))
                lead = mpmath.mpmathify(sp.lambdify(sp.Symbol("X"), term, "mpmath")(point))
                value = g / lead
            except (ValueError, TypeError, ZeroDivisionError, OverflowError):
                return None
            if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
                return None
            values.append(value)
    if abs(values[0] - values[1]) > mpmath.mpf("1e-10") * (1 + abs(values[1])):
        return None
    return values[1]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(formulas(max_leaves=5))
def test_leading_terms_agree_with_values_far_out(formula: str) -> None:
    try:
        expr = symact.parse(formula)
    except symact.ParseError:
        return
    scale = leading_term(expr)
    if scale is None:
        return
    if scale.is_zero:  # "exactly 0 for large x": the values must be 0
        for at in (20, 40):
            value = _ratio(expr, Scale(sp.S.One), at)
            assert value is None or abs(value) < mpmath.mpf("1e-50"), (formula, at, value)
        return
    near, far = _ratio(expr, scale, 20), _ratio(expr, scale, 40)
    if near is None or far is None:
        return
    assert abs(far - 1) <= max(abs(near - 1), mpmath.mpf("1e-6")), (formula, scale, near, far)


def test_catalog_tails_match_their_leading_terms() -> None:
    """Every tail of f and f′ that the rules settle, for every scalar activation: the
    ratio to the leading term at |x| = 10⁴⁰ is within 10⁻⁶ of 1 or nearer than at 10²⁰."""
    from symact.stable import stable_form

    checked = 0
    for name in symact.names():
        activation = symact.get(name)
        for g in (activation.function, sp.diff(activation.function, x)):
            pieces = [g] if not isinstance(g, sp.Piecewise) else []
            for side in (1, -1):
                for expr in pieces:
                    tail = stable_form(expr.subs(x, side * x))
                    scale = leading_term(tail)
                    if scale is None or scale.is_zero:
                        continue
                    near, far = _ratio(tail, scale, 20), _ratio(tail, scale, 40)
                    if near is None or far is None:
                        continue
                    checked += 1
                    assert abs(far - 1) <= max(abs(near - 1), mpmath.mpf("1e-6")), (name, side)
    assert checked >= 20
