"""Hard cases from the literature, typed as formulas and checked against independent values.

Each activation is entered as a user would (`symact.define` on a formula string, read
by `symact.parse`), analysed by the engine, and each derived property is compared with
a value from the paper or computed independently here with mpmath (root finding on
finite-difference derivatives, quadrature), never with the engine's own output.
Properties the engine should derive but does not yet are ``xfail`` with the reason,
so that they are routed, not hidden.
"""

from __future__ import annotations

import functools

import mpmath
import pytest
import sympy as sp
from conftest import to_mpf

import symact


@pytest.fixture(autouse=True)
def _thirty_digits():
    """The references here at 30 digits, without changing mpmath's global precision for
    the other test modules (which would test the engine at a precision users do not run)."""
    with mpmath.workdps(30):
        yield


@functools.cache
def analysed(formula: str, **params: float) -> symact.Analysis:
    """The engine's analysis of ``formula`` (once per session)."""
    return symact.define("hard_case", formula, params=params).analyze()


def _f(formula: str, **params: float):
    """The formula as an mpmath function, evaluated from its definition."""
    expr = symact.define("hard_case", formula, params=params).function
    return sp.lambdify(symact.x, expr, "mpmath")


def _extremum(f, guess) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(x*, f(x*)) where f′(x*) = 0 near ``guess`` (mpmath.diff and findroot)."""
    where = mpmath.findroot(lambda t: mpmath.diff(f, t), guess)
    return where, f(where)


def _gaussian_mean(g) -> mpmath.mpf:
    return mpmath.quad(lambda t: g(t) * mpmath.npdf(t), [-mpmath.inf, 0, mpmath.inf])


def _close(value, expected, derived, relative: float = 1e-20) -> bool:
    bound = derived.bound or 0.0
    return abs(to_mpf(value) - expected) <= bound + relative * (1 + abs(expected))


# ---- Mish (Misra 2019, arXiv:1908.08681) ------------------------------------------------

MISH = "x*tanh(softplus(x))"


def test_mish_minimum_and_shape():
    """Mish: minimum ≈ −0.30884 at x ≈ −1.19237 (Misra 2019), attained; f(0) = 0;
    not monotonic; f → 0 at −∞ and grows without bound at +∞."""
    a, f = analysed(MISH), _f(MISH)
    where, low = _extremum(f, -1.19)
    assert abs(low - mpmath.mpf("-0.30884")) < 1e-5  # the paper's rounded value
    lower = a.range.value.lower
    assert lower.closed and a.range.status == "numeric" and a.range.bound < 1e-20
    assert _close(lower.value, low, a.range) and _close(lower.where[0], where, a.range, 1e-12)
    assert a.range.value.upper.value == sp.oo
    assert a.f0.value == 0 and a.monotonic.value.kind == "none"
    assert a.limits.value["f"] == {"-oo": 0, "oo": sp.oo}
    assert a.continuity.value.k == sp.oo and a.nonlinearity.value.linear is False


# ---- Snake (Ziyin, Hartwig, Ueda 2020, arXiv:2006.08195) -----------------------------

SNAKE = "x + sin(beta*x)**2/beta"


def test_snake_values_at_zero_and_symmetry():
    """Snake (β = 1): f(0) = 0, f′(0) = 1 (identity near 0), neither odd nor even."""
    a = analysed(SNAKE, beta=1)
    assert a.f0.value == 0 and a.df0.value == 1 and a.identity_near_origin.value is True
    assert a.odd.value.holds is False and a.even.value.holds is False


def test_snake_gradient_bounds():
    """f′ = 1 + sin(2x) ∈ [0, 2]: sup |f′| = 2, attained (at π/4 + kπ)."""
    a = analysed(SNAKE, beta=1)
    assert a.gradient_range.known, a.gradient_range.reason
    assert a.max_gradient.value.value == 2 and a.max_gradient.value.attained
    assert a.gradient_range.value.lower.value == 0


def test_snake_gaussian_mean():
    """E[Z + sin²Z] = E[sin²Z] = (1 − e⁻²)/2, since E[cos 2Z] = e⁻²."""
    a = analysed(SNAKE, beta=1)
    expected = (1 - mpmath.exp(-2)) / 2
    assert abs(expected - _gaussian_mean(_f(SNAKE, beta=1))) < 1e-20
    assert _close(a.gaussian_mean.value, expected, a.gaussian_mean, 1e-12)


def test_snake_is_increasing_onto_the_reals():
    """f′ = 1 + sin 2x ≥ 0 with isolated zeros (at −π/4 + kπ, infinitely many, so no
    critical-point search can list them): f is increasing, and its range is ℝ."""
    a = analysed(SNAKE, beta=1)
    assert a.range.known and a.range.value.set == sp.Reals
    assert a.monotonic.known and a.monotonic.value.kind == "increasing"


def test_snake_gradient_has_no_limit():
    """f′ = 1 + sin 2x oscillates: the engine must not claim a limit of f′ at ±∞."""
    a = analysed(SNAKE, beta=1)
    assert not a.limits.known or a.limits.value["df"]["oo"] not in (0, 1, 2)


# ---- squareplus (Barron 2021, arXiv:2112.11687) --------------------------------------

SQUAREPLUS = "(x + sqrt(x**2 + b))/2"


def test_squareplus():
    """b = 4: range (0, ∞) not attained, f(0) = √b/2 = 1, f′ ∈ (0, 1) so sup |f′| = 1
    not attained, increasing, C^∞; E[f(Z)] by quadrature."""
    a = analysed(SQUAREPLUS, b=4)
    image = a.range.value
    assert image.lower.value == 0 and not image.lower.closed and image.upper.value == sp.oo
    assert a.f0.value == 1 and a.monotonic.value.kind == "increasing"
    assert a.max_gradient.value.value == 1 and not a.max_gradient.value.attained
    assert a.limits.value["df"] == {"-oo": 0, "oo": 1}
    assert a.continuity.value.k == sp.oo
    expected = _gaussian_mean(_f(SQUAREPLUS, b=4))
    assert _close(a.gaussian_mean.value, expected, a.gaussian_mean, 1e-12)


# ---- the sinusoid (Sopena et al. 1999; Parascandolo et al. 2016) ----------------------


def test_sinusoid_is_honest_about_limits():
    """sin: range [−1, 1] attained, sup |f′| = 1 at 0, odd, E[sin Z] = 0,
    E[sin²Z] = (1 − e⁻²)/2, and no limit at ±∞: sin and cos sweep [−1, 1] again and
    again (the set of limit points, not a limit), so f′ does not vanish there."""
    a = analysed("sin(x)")
    image = a.range.value
    assert (image.lower.value, image.upper.value) == (-1, 1)
    assert image.lower.closed and image.upper.closed
    assert a.max_gradient.value.value == 1 and a.odd.value.holds is True
    assert a.gaussian_mean.value == 0
    second = (1 - mpmath.exp(-2)) / 2
    derived = a.gaussian_second_moment
    assert _close(derived.value, second, derived, 1e-12)
    oscillating = {"-oo": sp.AccumBounds(-1, 1), "oo": sp.AccumBounds(-1, 1)}
    assert a.limits.value == {"f": oscillating, "df": oscillating}
    assert a.vanishing.value == {"-oo": False, "oo": False}
    assert not a.monotonic.known or a.monotonic.value.kind == "none"


# ---- the Gaussian bump ----------------------------------------------------------------


def test_gaussian_bump():
    """exp(−x²): range (0, 1] with max at 0, sup |f′| = √2·e^(−1/2) at ±1/√2, even,
    E[exp(−Z²)] = 1/√3, f and f′ → 0 at ±∞, not monotonic."""
    a = analysed("exp(-x**2)")
    image = a.range.value
    assert image.upper.value == 1 and image.upper.closed and image.upper.where == (0,)
    assert image.lower.value == 0 and not image.lower.closed
    expected = mpmath.sqrt(2) * mpmath.exp(-0.5)
    assert _close(a.max_gradient.value.value, expected, a.max_gradient)
    peaks = (-1 / mpmath.sqrt(2), 1 / mpmath.sqrt(2))
    where = [to_mpf(w) for w in a.max_gradient.value.where]
    assert where and all(min(abs(w - p) for p in peaks) < 1e-25 for w in where)
    assert a.even.value.holds is True and a.monotonic.value.kind == "none"
    assert _close(a.gaussian_mean.value, 1 / mpmath.sqrt(3), a.gaussian_mean)
    assert a.limits.value == {"f": {"-oo": 0, "oo": 0}, "df": {"-oo": 0, "oo": 0}}


def test_gaussian_bump_gradient_peaks_at_both_points():
    """sup |f′| = √2·e^(−1/2) is attained at x = −1/√2 and at x = +1/√2 (f′ = −2x e^(−x²),
    f″ = 0 at x² = 1/2, by hand)."""
    top = analysed("exp(-x**2)").max_gradient.value
    assert sp.simplify(top.value - sp.sqrt(2) * sp.exp(-sp.Rational(1, 2))) == 0
    assert sorted(float(w) for w in top.where) == pytest.approx([-(0.5**0.5), 0.5**0.5])


# ---- ISRU (Carlile et al. 2017, arXiv:1710.09967) -------------------------------------

ISRU = "x/sqrt(1 + alpha*x**2)"


def test_isru():
    """α = 1/4: range (−2, 2) = (−1/√α, 1/√α) open, f′ = (1 + αx²)^(−3/2) so
    sup |f′| = 1 at 0, odd, increasing, limits ±2."""
    a = analysed(ISRU, alpha=0.25)
    image = a.range.value
    assert (image.lower.value, image.upper.value) == (-2, 2)
    assert not (image.lower.closed or image.upper.closed)
    assert a.max_gradient.value.value == 1 and a.max_gradient.value.where == (0,)
    assert a.odd.value.holds and a.monotonic.value.kind == "increasing"
    assert a.limits.value["f"] == {"-oo": -2, "oo": 2}
    assert a.gaussian_mean.value == 0


# ---- bent identity --------------------------------------------------------------------

BENT = "(sqrt(x**2 + 1) - 1)/2 + x"


def test_bent_identity():
    """f′ = 1 + x/(2√(x²+1)) ∈ (1/2, 3/2): sup |f′| = 3/2 not attained, increasing onto
    ℝ, f(0) = 0 and f′(0) = 1; E[f(Z)] = (E√(Z²+1) − 1)/2 by quadrature."""
    a = analysed(BENT)
    assert a.range.value.set == sp.Reals and a.monotonic.value.kind == "increasing"
    assert a.max_gradient.value.value == sp.Rational(3, 2)
    assert not a.max_gradient.value.attained
    assert a.limits.value["df"] == {"-oo": sp.Rational(1, 2), "oo": sp.Rational(3, 2)}
    assert a.identity_near_origin.value is True
    expected = _gaussian_mean(_f(BENT))
    assert _close(a.gaussian_mean.value, expected, a.gaussian_mean, 1e-12)


# ---- x·Φ(x) against x·σ(1.702x) (Hendrycks & Gimpel 2016) -----------------------------

GELU = "x*(1 + erf(x/sqrt(2)))/2"
SIGMOID_GELU = "x*sigmoid(1.702*x)"


def test_gelu_minimum():
    """x·Φ(x): minimum ≈ −0.16997 at x ≈ −0.75179, attained; E[ZΦ(Z)] = 1/(2√π)."""
    a, f = analysed(GELU), _f(GELU)
    where, low = _extremum(f, -0.75)
    assert abs(where - mpmath.mpf("-0.75179")) < 1e-5
    lower = a.range.value.lower
    assert lower.closed and _close(lower.value, low, a.range)
    assert _close(a.gaussian_mean.value, 1 / (2 * mpmath.sqrt(mpmath.pi)), a.gaussian_mean)


def test_sigmoid_gelu_range_is_numeric_and_certified():
    """x·σ(1.702x) has no closed-form minimum (a transcendental equation): the range is
    numeric with a certified bound, and agrees with mpmath's root of f′."""
    a, f = analysed(SIGMOID_GELU), _f(SIGMOID_GELU)
    where, low = _extremum(f, -0.75)
    lower = a.range.value.lower
    assert a.range.status == "numeric" and lower.status == "numeric"
    assert 0 < a.range.bound < 1e-20 and lower.closed
    assert _close(lower.value, low, a.range) and _close(lower.where[0], where, a.range, 1e-12)


def test_gelu_and_its_sigmoid_approximation_have_close_minima():
    """x·Φ(x) and x·σ(1.702x): the engine's two minima differ by what mpmath finds
    (about 0.0024 in value, 0.02 in place), each within its certified bound."""
    gelu, approx = analysed(GELU), analysed(SIGMOID_GELU)
    (x1, v1), (x2, v2) = _extremum(_f(GELU), -0.75), _extremum(_f(SIGMOID_GELU), -0.75)
    assert 1e-3 < abs(v1 - v2) < 1e-2
    bounds = (gelu.range.bound or 0) + (approx.range.bound or 0) + 1e-20
    engine = to_mpf(gelu.range.value.lower.value) - to_mpf(approx.range.value.lower.value)
    assert abs(engine - (v1 - v2)) <= bounds
    places = to_mpf(gelu.range.value.lower.where[0]) - to_mpf(approx.range.value.lower.where[0])
    assert abs(places - (x1 - x2)) < 1e-12


# ---- a formula that is secretly linear -------------------------------------------------


def test_secretly_linear_is_proven_linear():
    """relu(x) − relu(−x) = x for every x: the engine proves linearity with slope 1."""
    a = analysed("relu(x) - relu(-x)")
    proof = a.nonlinearity.value
    assert a.nonlinearity.status == "exact" and proof.linear and proof.slope == 1
    f = _f("relu(x) - relu(-x)")
    assert all(f(mpmath.mpf(k) / 7) == mpmath.mpf(k) / 7 for k in range(-70, 71))
    assert a.continuity.value.k == sp.oo and a.kinks.value == []
