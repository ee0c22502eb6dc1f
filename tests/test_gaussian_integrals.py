"""The closed forms of `symact.gaussian_integrals` against mpmath quadrature at 40 digits.

Parameters are random rationals (Hypothesis); the reference integrates t(x)φ(x)
numerically, split at 0 and ±4, so it shares nothing with the derivations.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symact.gaussian_integrals import gaussian_integral, truncated_moment
from symact.symbols import x

DIGITS = 40
TOLERANCE = mpmath.mpf(10) ** -30
OO = sp.oo


def rationals(lo: int, hi: int) -> st.SearchStrategy[sp.Rational]:
    return st.builds(sp.Rational, st.integers(lo * 8, hi * 8), st.just(8))


def quadrature(term: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> mpmath.mpf:
    with mpmath.workdps(DIGITS):
        f = sp.lambdify(x, term * sp.exp(-(x**2) / 2) / sp.sqrt(2 * sp.pi), "mpmath")
        ends = [mpmath.mpf(sp.N(e, DIGITS)) if e.is_finite else e for e in (lo, hi)]
        ends = [mpmath.inf if e == OO else -mpmath.inf if e == -OO else e for e in ends]
        points = [ends[0], *(mpmath.mpf(p) for p in (-4, 0, 4) if ends[0] < p < ends[1]), ends[1]]
        return mpmath.quad(f, points, maxdegree=10)


def assert_matches(term: sp.Expr, lo: sp.Expr = -OO, hi: sp.Expr = OO) -> None:
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    parts = [gaussian_integral(t, lo, hi) for t in sp.Add.make_args(sp.expand(term))]
    assert None not in parts, term  # erfc(−u) is 2 − erfc(u): a sum of two terms
    closed = sp.Add(*parts)
    assert not closed.has(x)
    with mpmath.workdps(DIGITS):
        value = mpmath.mpf(str(sp.N(closed, DIGITS)))
        reference = quadrature(term, lo, hi)
        assert abs(value - reference) <= TOLERANCE * (1 + abs(reference)), (term, closed)


def test_known_values() -> None:
    """Textbook values: E[Z²] = 1, E[Z⁴] = 3, E[max(Z, 0)] = 1/√(2π) (the half-line
    moment), E[e^Z] = √e, E[Z erf(Z/√2)] = 1/√π (GELU's mean is half of it)."""
    assert gaussian_integral(x**2, -OO, OO) == 1
    assert gaussian_integral(x**4, -OO, OO) == 3
    assert sp.simplify(gaussian_integral(x, 0, OO) - 1 / sp.sqrt(2 * sp.pi)) == 0
    assert sp.simplify(gaussian_integral(sp.exp(x), -OO, OO) - sp.sqrt(sp.E)) == 0
    gelu = gaussian_integral(x * sp.erf(x / sp.sqrt(2)), -OO, OO)
    assert sp.simplify(gelu - 1 / sp.sqrt(sp.pi)) == 0


@settings(max_examples=25, deadline=None)
@given(
    k=st.integers(0, 4),
    q=rationals(-2, 0),
    r=rationals(-2, 2),
    ends=st.sampled_from([(-OO, OO), (-OO, 0), (0, OO), (-1, 2), (sp.Rational(-1, 3), OO)]),
)
def test_polynomial_times_gaussian_exponential(k, q, r, ends) -> None:
    """x^k e^{qx² + rx} over lines, half-lines and intervals (q ≤ 0 here; q < 1/2 below)."""
    assert_matches(x**k * sp.exp(q * x**2 + r * x), *ends)


@pytest.mark.parametrize("q", [sp.Rational(1, 5), sp.Rational(2, 5)])
def test_growing_exponent_below_one_half(q) -> None:
    """e^{qx²}φ is still integrable for 0 < q < 1/2 (a wider Gaussian)."""
    assert_matches(x**2 * sp.exp(q * x**2 + x / 3))


def test_non_integrable_exponent_is_refused() -> None:
    """e^{x²/2}φ is constant and e^{x²}φ grows: no value, not a wrong one."""
    assert gaussian_integral(sp.exp(x**2 / 2), -OO, OO) is None
    assert gaussian_integral(sp.exp(x**2), -OO, OO) is None


@settings(max_examples=25, deadline=None)
@given(
    k=st.integers(0, 4),
    a=rationals(-3, 3).filter(bool),
    b=rationals(-2, 2),
    function=st.sampled_from([sp.erf, sp.erfc]),
)
def test_polynomial_times_erf(k, a, b, function) -> None:
    """x^k erf(ax + b) and x^k erfc(ax + b) over the real line (Stein's lemma)."""
    assert_matches(x**k * function(a * x + b))


@settings(max_examples=20, deadline=None)
@given(
    a=rationals(-3, 3).filter(bool),
    b=rationals(-2, 2),
    function=st.sampled_from([sp.sin, sp.cos]),
)
def test_trigonometric(a, b, function) -> None:
    """cos(ax + b), sin(ax + b): the characteristic function of N(0, 1)."""
    assert_matches(3 * function(a * x + b))


@pytest.mark.parametrize("a", [1, -3, sp.Rational(1, 2), sp.pi])
def test_sine_over_x(a) -> None:
    """sin(ax)/x, the sinc activation's mean."""
    assert_matches(sp.sin(a * x) / x)


def test_what_is_not_covered() -> None:
    """Other terms, and erf or sines off the real line, are left to the caller."""
    assert gaussian_integral(sp.sin(x + 1) / x, -OO, OO) is None  # diverges at 0
    assert gaussian_integral(sp.erf(x), 0, OO) is None
    assert gaussian_integral(sp.cos(x), 0, 1) is None
    assert gaussian_integral(x * sp.cos(x), -OO, OO) is None
    assert gaussian_integral(sp.tanh(x), -OO, OO) is None
    assert gaussian_integral(sp.erf(x**2), -OO, OO) is None


@pytest.mark.parametrize("k", range(6))
def test_truncated_moment(k) -> None:
    """M_k(a, b) = ∫_a^b u^k φ(u) du by its recurrence, against quadrature."""
    a, b = sp.Rational(-7, 4), sp.Rational(5, 2)
    with mpmath.workdps(DIGITS):
        value = mpmath.mpf(str(sp.N(truncated_moment(k, a, b), DIGITS)))
        reference = quadrature(x**k, a, b)
        assert abs(value - reference) <= TOLERANCE


def test_docstring_examples() -> None:
    """The examples in the module's docstrings run as written."""
    import doctest

    import symact.gaussian_integrals

    failures, tried = doctest.testmod(symact.gaussian_integrals)
    assert tried and not failures


def test_second_reader_findings() -> None:
    """Found by a second reader: a plain symbol in an erf argument raised TypeError; an
    infinite end shifted by a plain symbol left ∞·0 (NaN) in the result; √(e^{ix}) was
    taken as e^{ix/2} (wrong off the principal branch); huge powers ran unbounded."""
    a, b = sp.symbols("a b")  # no assumptions: not known to be real or finite
    assert gaussian_integral(x * sp.erf(a * x), -OO, OO) is None
    assert gaussian_integral(x**2 * sp.erfc(a * x), -OO, OO) is None
    assert gaussian_integral(x * sp.erf((1 + sp.I) * x), -OO, OO) is None
    assert gaussian_integral(sp.sqrt(sp.exp(sp.I * x)), -OO, OO) is None
    assert gaussian_integral(x**2500, 0, 1) is None
    assert gaussian_integral(x**3 * sp.erf(2 * x + b), -OO, OO) is None  # b may be complex
    third = sp.Rational(1, 3)
    for term, lo, hi in [
        (x**2 * sp.exp(b * x), -OO, 1),
        (x**2 * sp.exp(b * x), 0, OO),
    ]:
        closed = gaussian_integral(term, lo, hi)
        assert closed is not None and not closed.has(sp.oo, sp.zoo)
        with mpmath.workdps(DIGITS):
            value = mpmath.mpf(str(sp.N(closed.subs(b, third), DIGITS)))
            reference = quadrature(term.subs(b, third), sp.sympify(lo), sp.sympify(hi))
            assert abs(value - reference) <= TOLERANCE * (1 + abs(reference))
