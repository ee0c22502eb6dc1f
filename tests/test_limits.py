"""Limits at ±∞ by the limit laws (`symact.limits`), checked against calculus and mpmath.

Expected values are textbook limits; the property test compares every answer the limit
laws give for random formulas with the formula's value far out, evaluated by mpmath at
60 digits from SymPy's own expression (not from symact's derivation).
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from strategies import formulas

import symact
from symact.limits import determinate_limit, oscillation
from symact.symbols import x

GELU_TANH = x * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (x + sp.Rational(44715, 10**6) * x**3))) / 2


@pytest.mark.parametrize(
    ("expr", "at", "expected"),
    [
        (GELU_TANH, sp.oo, sp.oo),  # ∞ · 2 / 2
        (sp.erfc(x), -sp.oo, 2),
        (sp.erfc(x), sp.oo, 0),
        (1 / (1 + sp.exp(-x)), sp.oo, 1),  # e^{−x} → 0
        (1 / (1 + sp.exp(-x)), -sp.oo, 0),  # 1/(1 + ∞)
        (sp.log(1 + sp.exp(x)), -sp.oo, 0),  # log 1
        (sp.log(1 + sp.exp(x)), sp.oo, sp.oo),
        (sp.atan(x**3) - x, sp.oo, -sp.oo),  # π/2 − ∞
        (x**3, -sp.oo, -sp.oo),
        (x**2, -sp.oo, sp.oo),
        (sp.sqrt(1 + x**2), -sp.oo, sp.oo),
        (sp.Max(0, x), -sp.oo, 0),
        (sp.Min(x, 6) * sp.tanh(x), sp.oo, 6),
        (sp.cosh(x) / 2 - 3, -sp.oo, sp.oo),
        (sp.exp(-(x**2)), sp.oo, 0),
        (sp.sin(1 / x), sp.oo, 0),  # sin continuous at 0
        # indeterminate forms, settled by leading terms (`symact.asymptotic`)
        (GELU_TANH, -sp.oo, 0),  # −∞ · 0
        (x - x**2, sp.oo, -sp.oo),  # ∞ − ∞
        (x * sp.exp(-x), sp.oo, 0),  # ∞ · 0
        (x**5 * sp.erfc(x), sp.oo, 0),
        (sp.log(sp.tanh(1 / x)), sp.oo, -sp.oo),  # log of → 0⁺, like −log x
        (sp.exp(x) - x**100, sp.oo, sp.oo),
        # log u with u → 1 is ~ u − 1, not 0 (found in review: these gave 0)
        (x * sp.log(x / (x + 1)), sp.oo, -1),
        (sp.exp(x) * sp.log(1 / (1 + sp.exp(-x))), sp.oo, -1),
    ],
)
def test_textbook_limits(expr, at, expected) -> None:
    assert determinate_limit(expr, at) == expected


@pytest.mark.parametrize(
    ("expr", "at"),
    [
        (sp.sin(x), sp.oo),  # oscillates
        (x * sp.sin(1 / x), sp.oo),  # ∞ · 0 (the limit is 1), sin not on the scale
        (x - sp.sqrt(x**2 + 1), sp.oo),  # ∞ − ∞ whose leading terms cancel
        (sp.log(1 + sp.exp(x)) - x, sp.oo),  # the same (the limit is 0)
        (x * sp.log(2 * sp.atan(x) / sp.pi), sp.oo),  # log of → 1 (−2/π): not settled
        (sp.exp(x * sp.log(x / (x + 1))), sp.oo),  # e^{−1}
        (x * sp.log(1 + 1 / x) - 1, sp.oo),  # 0, after a cancellation
        (sp.log(sp.exp(sp.I * x)) * sp.log(sp.exp(-sp.I * x)), sp.oo),  # complex exponents
        (sp.sqrt(sp.tanh(x)), -sp.oo),  # √ of a negative limit
        (1 / (x - x), sp.oo),  # not a function of x at all: 1/0 = zoo
        (sp.Heaviside(x), sp.oo),  # not in the table
        ((1 + 1 / x) ** x, sp.oo),  # 1^∞
        # fractional powers of a base tending to −∞ are not real (found in review:
        # (−∞).is_negative is False in SymPy, only is_extended_negative is True)
        (sp.sqrt(x), -sp.oo),
        (sp.sqrt(-x), sp.oo),
        (x ** sp.Rational(2, 3), -sp.oo),
        (sp.tanh(sp.sqrt(x)), -sp.oo),
    ],
)
def test_indeterminate_forms_are_left_to_gruntz(expr, at) -> None:
    assert determinate_limit(expr, at) is None


def _far_value(expr: sp.Expr, at: sp.Expr, power: int = 40) -> mpmath.mpf | None:
    with mpmath.workdps(60):
        far = mpmath.mpf(10) ** power * (1 if at == sp.oo else -1)
        try:
            value = mpmath.mpmathify(sp.lambdify(x, expr, "mpmath")(far))
        except (ValueError, TypeError, ZeroDivisionError, OverflowError):
            return None
    return value if isinstance(value, mpmath.mpf) else None


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(formulas(max_leaves=5))
def test_answers_agree_with_values_far_out(formula: str) -> None:
    """Whenever the limit laws answer, the formula at |x| = 10⁴⁰ is near the answer:
    within 10⁻⁶ for a finite limit (or ever nearer, for a slow one); for ±∞, of that
    sign and larger in magnitude than at |x| = 10²⁰ (asinh grows only as log)."""
    try:
        expr = symact.parse(formula)
    except symact.ParseError:
        return
    for at in (-sp.oo, sp.oo):
        limit = determinate_limit(expr, at)
        value = _far_value(expr, at) if limit is not None else None
        if value is None or not mpmath.isfinite(value):
            continue
        if limit.is_infinite:
            nearer = _far_value(expr, at, 20)
            sign = 1 if limit == sp.oo else -1
            assert value * sign > 0 and value * sign > nearer * sign, (formula, at, limit, value)
        else:
            target = mpmath.mpf(sp.N(limit, 30))
            if abs(value - target) <= mpmath.mpf("1e-6") * (1 + abs(target)):
                continue
            # a slow limit (1/(1 + |log x|) is still 0.01 at 10⁴⁰): the gap must shrink
            # at 10²⁰, 10⁴⁰, 10⁴⁰⁰, to a fifth of its first size
            values = [_far_value(expr, at, p) for p in (20, 40, 400)]
            assert None not in values, (formula, at, "not near its limit, and not evaluable")
            gaps = [abs(v - target) for v in values]
            assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < gaps[0] / 5, (formula, at, gaps)


def test_analysis_of_a_log_tending_to_zero() -> None:
    """e^x·log σ(x) → −1 and its f′ → 0 at +∞ (review finding: the leading-term rules
    took log σ(x) for exactly 0 and reported 0 and 1 as exact)."""
    from symact.analysis import analyze_uncached

    result = analyze_uncached(symact.define("t", "exp(x)*log(sigmoid(x))"), part="shape")
    assert result.limits.known
    assert result.limits.value["f"]["oo"] == -1
    assert result.limits.value["df"]["oo"] == 0


# ---- a bounded oscillation beside a divergence -----------------------------------------
# By hand: |sin u|, |cos u| ≤ 1, so x − 1 ≤ x + sin x ≤ x + 1 → ±∞ with x, and
# x² + x·sin(x²) ≥ x² − |x| → ∞ at both ends; sin(x)/x is squeezed between ±1/|x| → 0.


@pytest.mark.parametrize(
    ("expr", "at", "expected"),
    [
        (x + sp.sin(x), sp.oo, sp.oo),
        (x + sp.sin(x), -sp.oo, -sp.oo),
        (x + sp.cos(x), sp.oo, sp.oo),
        (x + sp.cos(x), -sp.oo, -sp.oo),
        (x**2 + x * sp.sin(x**2), sp.oo, sp.oo),
        (x**2 + x * sp.sin(x**2), -sp.oo, sp.oo),
        (sp.sin(x) / x, sp.oo, 0),
        (3 - sp.exp(-x) * sp.cos(x), sp.oo, 3),
    ],
)
def test_a_bounded_oscillation_does_not_stop_a_limit(expr, at, expected) -> None:
    """A bounded term beside a divergent one, or times one that tends to 0."""
    assert determinate_limit(expr, at) == expected


@pytest.mark.parametrize(
    ("expr", "low", "high"),
    [
        (sp.sin(x), -1, 1),
        (sp.cos(x), -1, 1),
        (1 + sp.cos(x), 0, 2),  # the f′ of x + sin x
        (3 - 2 * sp.sin(x), 1, 5),
        (sp.sin(x**3 + x), -1, 1),
    ],
)
def test_an_oscillation_has_no_limit_and_its_limit_points(expr, low, high) -> None:
    """c + k·sin u with u → ±∞ sweeps [c − |k|, c + |k|] again and again: no limit."""
    for at in (sp.oo, -sp.oo):
        assert determinate_limit(expr, at) is None
        assert oscillation(expr, at) == sp.AccumBounds(low, high)


@pytest.mark.parametrize(
    "expr",
    [
        sp.sin(x) + sp.cos(x),  # limit points [−√2, √2], not [−2, 2]
        sp.sin(x) ** 2 + sp.cos(x) ** 2,  # = 1: it has a limit
        x * sp.sin(x),  # unbounded oscillation
        2 * x + 2 * x * sp.cos(x**2) + sp.sin(x**2),  # the f′ of x² + x sin x²: unbounded
        x * (1 + sp.sin(x) / 2),  # → ∞, but not by these laws
    ],
)
def test_what_the_laws_cannot_tell_is_not_settled(expr) -> None:
    """Neither a limit nor an oscillation is claimed where the laws do not prove it."""
    assert determinate_limit(expr, sp.oo) is None and oscillation(expr, sp.oo) is None


def test_the_limits_of_f_do_not_wait_for_those_of_f_prime() -> None:
    """x + sin x → ±∞ while f′ = 1 + cos x oscillates in [0, 2]: both settled, and f′
    does not vanish at either end."""
    analysis = symact.define("snake", "x + sin(x)").analyze()
    assert analysis.limits.status == "exact"
    assert analysis.limits.value["f"] == {"-oo": -sp.oo, "oo": sp.oo}
    assert analysis.limits.value["df"] == {side: sp.AccumBounds(0, 2) for side in ("-oo", "oo")}
    assert analysis.vanishing.value == {"-oo": False, "oo": False}


def test_the_limits_of_f_are_kept_when_those_of_f_prime_are_not_found() -> None:
    """x² + x·sin(x²) ≥ x² − |x| → ∞ at both ends; its f′ = 2x²cos(x²) + 2x + sin(x²)
    swings without bound: f's limits are stated, f′'s sides are None (not a guess), and
    the vanishing-gradient verdict is undetermined on both sides (not a guess either)."""
    analysis = symact.define("wobble", "x**2 + x*sin(x**2)").analyze()
    assert analysis.limits.status == "exact"
    assert analysis.limits.value["f"] == {"-oo": sp.oo, "oo": sp.oo}
    assert analysis.limits.value["df"] == {"-oo": None, "oo": None}
    assert "f′" in analysis.limits.reason
    assert analysis.vanishing.status == "undetermined"
    assert analysis.vanishing.value is None
