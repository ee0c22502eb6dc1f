"""Gaussian moments, gains and the SELU derivation, checked against independent numbers.

Expected values come from the literature (ReLU: 1/√(2π), 1/2; GELU: 1/(2√π)) or from
mpmath quadrature of the textbook definitions in ``conftest.py`` (Gauss-Legendre, split
at the kinks; derivatives by mpmath's numerical differentiation) — never from symact.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from conftest import _IMPLEMENTATIONS as REFERENCES
from conftest import BREAKPOINTS, SELU_ALPHA_LITERATURE, SELU_LAMBDA_LITERATURE, reference

import symact
from symact import statistics
from symact.analysis import analyze
from symact.catalog import SELU_ALPHA, SELU_LAMBDA
from symact.selu import derivation

NAMES = [n for n in symact.names() if n in REFERENCES]
DERIVATIVE_NAMES = ["sigmoid", "tanh", "relu", "softplus", "elu", "swish", "gelu", "selu"]


def _quad(g, name: str) -> mpmath.mpf:
    """∫ g φ over ℝ, Gauss-Legendre, split at the activation's breakpoints."""
    points = [-mpmath.inf, *sorted(mpmath.mpf(b) for b in BREAKPOINTS.get(name, ())), mpmath.inf]
    if len(points) == 2:
        points = [-mpmath.inf, 0, mpmath.inf]

    def integrand(t):
        return g(t) * mpmath.npdf(t)

    return mpmath.quad(integrand, points, method="gauss-legendre")


def _number(derived) -> mpmath.mpf:
    return mpmath.mpf(str(sp.N(derived.value, 40)))


def _tolerance(derived) -> float:
    return max(derived.bound or 0.0, 1e-18) * 10 + 1e-15


@pytest.mark.parametrize("name", NAMES)
def test_function_moments_match_quadrature(name: str) -> None:
    """E[f(Z)], E[f(Z)²] and Var f(Z) agree with independent quadrature."""
    a = analyze(symact.get(name))
    f = reference(name)
    with mpmath.workdps(30):
        mean = _quad(f, name)
        second = _quad(lambda t: f(t) ** 2, name)
        for derived, expected in (
            (a.gaussian_mean, mean),
            (a.gaussian_second_moment, second),
            (a.gaussian_variance, second - mean**2),
        ):
            assert derived.known, derived.reason
            assert abs(_number(derived) - expected) < _tolerance(derived)


@pytest.mark.parametrize("name", DERIVATIVE_NAMES)
def test_gradient_moments_match_quadrature(name: str) -> None:
    """E[f′(Z)] and E[f′(Z)²] agree with quadrature of a numerical derivative."""
    a = analyze(symact.get(name))
    f = reference(name)
    with mpmath.workdps(25):

        def df(t):
            return mpmath.diff(f, t)

        grad_mean = _quad(df, name)
        grad_second = _quad(lambda t: df(t) ** 2, name)
    for derived, expected in (
        (a.gaussian_grad_mean, grad_mean),
        (a.gaussian_grad_second_moment, grad_second),
    ):
        assert derived.known, derived.reason
        assert abs(_number(derived) - expected) < 1e-12


def test_literature_closed_forms() -> None:
    """ReLU: E = 1/√(2π), E[f²] = 1/2 exactly; GELU: E = 1/(2√π) exactly."""
    relu = analyze(symact.get("relu"))
    assert relu.gaussian_mean.status == "exact"
    assert sp.simplify(relu.gaussian_mean.value - 1 / sp.sqrt(2 * sp.pi)) == 0
    assert relu.gaussian_second_moment.status == "exact"
    assert relu.gaussian_second_moment.value == sp.Rational(1, 2)
    assert sp.simplify(relu.gain_forward.value - sp.sqrt(2)) == 0
    gelu = analyze(symact.get("gelu"))
    assert gelu.gaussian_mean.status == "exact"
    assert sp.simplify(gelu.gaussian_mean.value - 1 / (2 * sp.sqrt(sp.pi))) == 0


def test_tanh_gains_against_independent_quadrature() -> None:
    """tanh: forward gain 1/√E[tanh²] ≈ 1.5925 (not PyTorch's 5/3), backward 1/√E[sech⁴]."""
    a = analyze(symact.get("tanh"))
    with mpmath.workdps(30):
        line = [-mpmath.inf, 0, mpmath.inf]
        second = mpmath.quad(lambda t: mpmath.tanh(t) ** 2 * mpmath.npdf(t), line)
        sech4 = mpmath.quad(lambda t: mpmath.sech(t) ** 4 * mpmath.npdf(t), line)
        forward, backward = 1 / mpmath.sqrt(second), 1 / mpmath.sqrt(sech4)
        assert mpmath.nstr(forward, 5) == "1.5925"
        assert abs(_number(a.gain_forward) - forward) < 1e-25
        assert abs(_number(a.gain_backward) - backward) < 1e-25
    torch = statistics.torch_gain("tanh", {})
    assert torch is not None and torch.gain == sp.Rational(5, 3)


def test_leaky_gain_is_torch_formula() -> None:
    """Leaky ReLU: both moment gains equal √(2/(1 + a²)), PyTorch's formula, for a = 0.2."""
    act = symact.get("leaky_relu", alpha=0.2)
    a = analyze(act)
    expected = sp.sqrt(2 / (1 + sp.Rational(1, 25)))
    assert sp.simplify(a.gain_forward.value - expected) == 0
    assert sp.simplify(a.gain_backward.value - expected) == 0
    assert sp.simplify(statistics.torch_gain("leaky_relu", act.param_values()).gain - expected) == 0


def test_selu_is_normalised() -> None:
    """SELU: E[selu(Z)] = 0 and E[selu(Z)²] = 1 (the fixed point), numerically to 30 digits."""
    a = analyze(symact.get("selu"))
    assert abs(_number(a.gaussian_mean)) < 1e-28
    assert abs(_number(a.gaussian_second_moment) - 1) < 1e-28
    # and exactly, as written on its page: 0 and 1, not closed forms equal to them
    assert (a.gaussian_mean.status, a.gaussian_mean.value) == ("exact", 0)
    assert (a.gaussian_second_moment.status, a.gaussian_second_moment.value) == ("exact", 1)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        # the characteristic function of N(0, 1): E[cos aZ] = e^{-a²/2}, E[sin aZ] = 0
        ("cos(3*x)", sp.exp(-sp.Rational(9, 2))),
        ("cos(x)**2", (1 + sp.exp(-2)) / 2),  # (1 + cos 2x)/2
        ("sin(x)**2", (1 - sp.exp(-2)) / 2),
        ("5*cos(2*x + 1)", 5 * sp.cos(1) * sp.exp(-2)),
    ],
)
def test_trigonometric_moments_are_exact(formula, expected) -> None:
    from symact.pieces import decompose

    moment = statistics.expectation(decompose(symact.parse(formula)))
    assert moment.status == "exact", moment.reason
    assert sp.simplify(moment.value - expected) == 0
    with mpmath.workdps(30):
        g = sp.lambdify(symact.symbols.x, symact.parse(formula), "mpmath")
        quadrature = mpmath.quad(lambda t: g(t) * mpmath.npdf(t), [-mpmath.inf, 0, mpmath.inf])
        assert abs(quadrature - mpmath.mpf(sp.N(expected, 40))) < 1e-25


def test_normal_moments_relu_and_identity() -> None:
    """E over N(μ, σ²) as functions of μ, σ match quadrature at sample (μ, σ)."""
    mu, sigma = statistics.MU, statistics.SIGMA
    relu = statistics.normal_moments(symact.get("relu").function)
    ident = statistics.normal_moments(symact.get("identity").function)
    assert sp.simplify(ident.mean.value - mu) == 0
    assert sp.simplify(ident.second_moment.value - (mu**2 + sigma**2)) == 0
    with mpmath.workdps(30):
        for m, s in ((0.3, 1.7), (-1.2, 0.4), (0, 1)):
            mean = mpmath.quad(lambda t, m=m, s=s: t * mpmath.npdf(t, m, s), [0, mpmath.inf])
            second = mpmath.quad(lambda t, m=m, s=s: t * t * mpmath.npdf(t, m, s), [0, mpmath.inf])
            values = {mu: sp.Float(m, 30), sigma: sp.Float(s, 30)}
            got_mean = sp.N(relu.mean.value.subs(values), 30)
            got_second = sp.N(relu.second_moment.value.subs(values), 30)
            assert abs(mpmath.mpf(str(got_mean)) - mean) < 1e-20
            assert abs(mpmath.mpf(str(got_second)) - second) < 1e-20


class TestSeluDerivation:
    """Klambauer et al.'s fixed-point equations solved by symact."""

    def test_constants_match_literature_and_catalog(self) -> None:
        """α₀₁, λ₀₁ equal the 31-digit literature values and the catalog's constants."""
        d = derivation()
        with mpmath.workdps(50):
            alpha = mpmath.mpf(str(sp.N(d.alpha, 50)))
            lam = mpmath.mpf(str(sp.N(d.lam, 50)))
            assert abs(alpha - mpmath.mpf(SELU_ALPHA_LITERATURE)) < mpmath.mpf(10) ** -30
            assert abs(lam - mpmath.mpf(SELU_LAMBDA_LITERATURE)) < mpmath.mpf(10) ** -30
        assert abs(sp.N(d.alpha - SELU_ALPHA, 60)) < 1e-55
        assert abs(sp.N(d.lam - SELU_LAMBDA, 60)) < 1e-55

    def test_fixed_point_is_stable(self) -> None:
        """The Jacobian at (0, 1) has spectral radius < 1; checked by finite differences."""
        d = derivation()
        alpha = mpmath.mpf(SELU_ALPHA_LITERATURE)
        lam = mpmath.mpf(SELU_LAMBDA_LITERATURE)

        def moments(mu, nu):
            def selu(t):
                return lam * (t if t > 0 else alpha * (mpmath.exp(t) - 1))

            # z ~ N(mu·ω, ν·τ) with ω = 0, τ = 1: the mean mu of the inputs drops out
            s = mpmath.sqrt(nu)
            m1 = mpmath.quad(lambda t: selu(s * t) * mpmath.npdf(t), [-mpmath.inf, 0, mpmath.inf])
            m2 = mpmath.quad(
                lambda t: selu(s * t) ** 2 * mpmath.npdf(t), [-mpmath.inf, 0, mpmath.inf]
            )
            return m1, m2 - m1**2

        with mpmath.workdps(30):
            h = mpmath.mpf(10) ** -8
            up, down = moments(0, 1 + h), moments(0, 1 - h)
            dnu = [(u - v) / (2 * h) for u, v in zip(up, down, strict=True)]
        assert abs(float(d.jacobian[0, 1]) - float(dnu[0])) < 1e-8
        assert abs(float(d.jacobian[1, 1]) - float(dnu[1])) < 1e-8
        assert float(d.jacobian[0, 0]) == 0 and float(d.jacobian[1, 0]) == 0
        assert d.spectral_radius < 1
        assert d.spectral_norm < 1

    def test_steps_are_renderable(self) -> None:
        """The derivation is a list of (text, SymPy object) pairs with LaTeX."""
        steps = derivation().steps
        assert len(steps) >= 8
        for text, expr in steps:
            assert isinstance(text, str) and text
            assert sp.latex(expr)


@pytest.mark.parametrize(
    ("formula", "square", "expected"),
    [
        # E[e^{aZ²}] = 1/√(1 − 2a) for a < 1/2 (the Gaussian integral).
        ("exp(0.24*x**2)", False, lambda: 1 / mpmath.sqrt(1 - mpmath.mpf("0.48"))),
        ("exp(0.24*x**2)", True, lambda: 1 / mpmath.sqrt(1 - mpmath.mpf("0.96"))),
        # E[e^{kZ}] = e^{k²/2}.
        ("exp(2*x)", True, lambda: mpmath.e**8),
    ],
)
def test_quadrature_of_fast_growing_but_integrable_f(formula, square, expected) -> None:
    moment = statistics._numeric(
        statistics.decompose(symact.parse(formula)),
        statistics._square if square else statistics._identity,
    )
    assert moment.status == "numeric"
    with mpmath.workdps(40):
        assert abs(_number(moment) - expected()) <= 1e-20 * expected()


@pytest.mark.parametrize("formula", ["cosh((-E*x)**3)", "exp(x**2/2)", "exp(x**4)"])
def test_infinite_moment_is_not_a_number(formula) -> None:
    """E[f(Z)] = ∞ here: found by the fuzzer, quadrature summed its samples to 10^(10^112)."""
    f = symact.parse(formula)
    for square in (False, True):
        moment = statistics.expectation(statistics.decompose(f), square=square)
        assert moment.status == "undetermined", (formula, square, moment)
        assert "not decayed" in moment.reason


def test_tail_check_accepts_an_integrand_vanishing_at_a_sample_point() -> None:
    """(x − 64)² on (64, ∞) is 0 at the first tail point; it still decays (review)."""
    from symact.symbols import x

    assert statistics.heavy_tail((x - 64) ** 2, sp.Integer(64), sp.oo) is None
    assert statistics.heavy_tail(x - 64, sp.Integer(64), sp.oo) is None
