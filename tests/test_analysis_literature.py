"""Derived properties checked against values from the literature and hand derivations.

Every expected value is typed in here (with where it comes from) or computed here with
mpmath from a formula derived by hand (``findroot`` on a hand-written derivative,
closed-form Gaussian integrals); none is copied from symact's output.
"""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy as sp
from conftest import (
    SELU_ALPHA_LITERATURE,
    SELU_LAMBDA_LITERATURE,
    dense_grid,
    engine_callable,
    reference,
    require,
    selu_alpha_closed_form,
    selu_lambda_closed_form,
    to_mpf,
)

import symact

x = symact.x


def _num(value, dps: int = 50) -> mpmath.mpf:
    with mpmath.workdps(dps):
        return to_mpf(value)


def _assert_numeric_contains(derived, value, truth, dps: int = 50):
    """``derived`` is numeric with bound ≤ 1e-20 and ``value`` is within it of ``truth``."""
    assert derived.status == "numeric", derived.status
    assert derived.bound is not None and derived.bound <= 1e-20, derived.bound
    with mpmath.workdps(dps):
        error = abs(to_mpf(value) - truth)
        assert error <= mpmath.mpf(derived.bound), (error, derived.bound)


# --------------------------------------------------------------------------------------
# Independent references computed here.
# --------------------------------------------------------------------------------------


def _sigma(t):
    return 1 / (1 + mpmath.exp(-t))


def silu_gradient_maximum() -> tuple[mpmath.mpf, mpmath.mpf]:
    """(x*, f′(x*)) for SiLU f = x·σ(x), from f″ = 0 derived by hand.

    f′ = σ(1 + x(1 − σ)),  f″ = σ(1 − σ)(2 + x(1 − 2σ)); f″ = 0 ⇔ x(2σ(x) − 1) = 2.
    """
    root = mpmath.findroot(lambda t: t * (2 * _sigma(t) - 1) - 2, mpmath.mpf("2.4"))
    s = _sigma(root)
    return root, s * (1 + root * (1 - s))


def gelu_minimum() -> tuple[mpmath.mpf, mpmath.mpf]:
    """(x*, f(x*)) for GELU f = xΦ(x), from f′ = Φ(x) + xφ(x) = 0 (derived by hand)."""
    root = mpmath.findroot(lambda t: mpmath.ncdf(t) + t * mpmath.npdf(t), mpmath.mpf("-0.75"))
    return root, root * mpmath.ncdf(root)


def gelu_tanh_minimum() -> tuple[mpmath.mpf, mpmath.mpf]:
    """(x*, f(x*)) for f = x(1 + tanh u)/2, u = c(x + 0.044715x³), c = √(2/π).

    f′ = (1 + tanh u)/2 + x(1 − tanh² u)·c(1 + 3·0.044715x²)/2, derived by hand.
    """
    c, k = mpmath.sqrt(2 / mpmath.pi), mpmath.mpf(44715) / 10**6

    def derivative(t):
        th = mpmath.tanh(c * (t + k * t**3))
        return (1 + th) / 2 + t * (1 - th**2) * c * (1 + 3 * k * t**2) / 2

    root = mpmath.findroot(derivative, mpmath.mpf("-0.75"))
    return root, root * (1 + mpmath.tanh(c * (root + k * root**3))) / 2


# --------------------------------------------------------------------------------------
# Tables of textbook facts.
# --------------------------------------------------------------------------------------

# Continuity class: smooth compositions are C^∞; ReLU-type kinks are C⁰; ELU with α = 1 is
# C¹ but not C² (Clevert et al. 2016: f″ jumps from 1 to 0 at 0); SELU's λα ≠ λ makes a
# kink (C⁰); the step function is discontinuous.
EXPECTED_CONTINUITY = {
    "identity": sp.oo,
    "binary_step": -1,
    "sigmoid": sp.oo,
    "tanh": sp.oo,
    "relu": 0,
    "leaky_relu": 0,
    "prelu": 0,
    "softplus": sp.oo,
    "elu": 1,
    "selu": 0,
    "swish": sp.oo,
    "gelu": sp.oo,
    "gelu_tanh": sp.oo,
    # Clipped-linear units and the shrinks have kinks (C⁰); hard shrink and threshold jump.
    # softsign: f″ = −2 sgn(x)/(1 + |x|)³ jumps at 0 (C¹); CELU is C¹ for every α (Barron
    # 2017); sparse plus's f″ jumps 1/2 → 0 at ±1 (C¹); ELiSH's f″ jumps 1 → 1/2 at 0 (C¹).
    "hard_sigmoid": 0,
    "hard_sigmoid_tf2": 0,
    "sparse_sigmoid": 0,
    "log_sigmoid": sp.oo,
    "hard_tanh": 0,
    "soboleva_tanh": sp.oo,
    "softsign": 1,
    "relu6": 0,
    "rrelu": 0,
    "threshold": -1,
    "hard_shrink": -1,
    "soft_shrink": 0,
    "tanh_shrink": sp.oo,
    "celu": 1,
    "sparse_plus": 1,
    "squareplus": sp.oo,
    "hard_swish": 0,
    "mish": sp.oo,
    "elish": 1,
    "repsu": 0,
    "gaussian": sp.oo,
    "sinusoid": sp.oo,
    "sinc": sp.oo,
    "exponential": sp.oo,
}

# Monotonicity: Swish and GELU dip below zero and are non-monotonic (Ramachandran et al.
# 2017; Hendrycks & Gimpel 2016); ReLU and the step are flat on x < 0.
EXPECTED_MONOTONIC = {
    "identity": "increasing",
    "binary_step": "nondecreasing",
    "sigmoid": "increasing",
    "tanh": "increasing",
    "relu": "nondecreasing",
    "leaky_relu": "increasing",
    "prelu": "increasing",
    "softplus": "increasing",
    "elu": "increasing",
    "selu": "increasing",
    "swish": "none",
    "gelu": "none",
    "gelu_tanh": "none",
    # Clipped and thresholded units are flat somewhere (non-decreasing); hard swish, mish
    # and ELiSH dip below zero; the Gaussian, sine and sinc are not monotonic.
    "hard_sigmoid": "nondecreasing",
    "hard_sigmoid_tf2": "nondecreasing",
    "sparse_sigmoid": "nondecreasing",
    "log_sigmoid": "increasing",
    "hard_tanh": "nondecreasing",
    "soboleva_tanh": "increasing",
    "softsign": "increasing",
    "relu6": "nondecreasing",
    "rrelu": "increasing",
    "threshold": "nondecreasing",
    "hard_shrink": "nondecreasing",
    "soft_shrink": "nondecreasing",
    "tanh_shrink": "increasing",
    "celu": "increasing",
    "sparse_plus": "nondecreasing",
    "squareplus": "increasing",
    "hard_swish": "none",
    "mish": "none",
    "elish": "none",
    "repsu": "nondecreasing",
    "gaussian": "none",
    "sinusoid": "none",
    "sinc": "none",
    "exponential": "increasing",
}

# soboleva_tanh is tanh at symact's default parameters (a = b = c = d = 1).
ODD = {
    "identity",
    "tanh",
    "hard_tanh",
    "soboleva_tanh",
    "softsign",
    "hard_shrink",
    "soft_shrink",
    "tanh_shrink",
    "sinusoid",
}
EVEN = {"gaussian", "sinc"}

# f(0) = 0 and f′(0) = 1 (He et al. 2015-style "identity near the origin").
IDENTITY_NEAR_ORIGIN = {
    "identity": True,
    "binary_step": False,
    "sigmoid": False,
    "tanh": True,
    "relu": False,
    "leaky_relu": False,
    "prelu": False,
    "softplus": False,
    "elu": True,
    "selu": False,
    "swish": False,
    "gelu": False,
    "gelu_tanh": False,
    "hard_sigmoid": False,
    "hard_sigmoid_tf2": False,
    "sparse_sigmoid": False,
    "log_sigmoid": False,
    "hard_tanh": True,
    "soboleva_tanh": True,
    "softsign": True,
    "relu6": False,
    "rrelu": False,
    "threshold": False,
    "hard_shrink": False,
    "soft_shrink": False,
    "tanh_shrink": False,
    "celu": True,
    "sparse_plus": False,
    "squareplus": False,
    "hard_swish": False,
    "mish": False,
    "elish": False,
    "repsu": False,
    "gaussian": False,
    "sinusoid": True,
    "sinc": False,
    "exponential": False,
}


def _gaussian_means() -> dict[str, mpmath.mpf]:
    """E[f(Z)], Z ~ N(0, 1), in closed form, derived by hand (current precision).

    E[Z⁺] = 1/√(2π) (half-normal mean); E[e^Z; Z < 0] = e^{1/2}Φ(−1); σ(z) + σ(−z) = 1
    gives E[σ(Z)] = 1/2; E[ZΦ(Z)] = E[φ(Z)] = 1/(2√π) (Stein's lemma); SELU's mean is 0
    by construction (Klambauer et al. 2017, the fixed point (μ, ν) = (0, 1)).
    """
    half_normal = 1 / mpmath.sqrt(2 * mpmath.pi)
    negative_exp = mpmath.exp(mpmath.mpf(1) / 2) * mpmath.ncdf(-1)
    return {
        "identity": mpmath.mpf(0),
        "binary_step": mpmath.mpf(1) / 2,
        "sigmoid": mpmath.mpf(1) / 2,
        "tanh": mpmath.mpf(0),
        "relu": half_normal,
        "leaky_relu": (1 - mpmath.mpf(1) / 100) * half_normal,
        "prelu": (1 - mpmath.mpf(1) / 4) * half_normal,
        "elu": half_normal + negative_exp - mpmath.mpf(1) / 2,
        "selu": mpmath.mpf(0),
        "gelu": 1 / (2 * mpmath.sqrt(mpmath.pi)),
    }


# --------------------------------------------------------------------------------------
# Sigmoid, tanh.
# --------------------------------------------------------------------------------------


def test_sigmoid_range_and_max_gradient(analysis):
    """Sigmoid: range (0, 1), both ends open; max gradient σ′(0) = 1/4, attained at 0."""
    a = analysis("sigmoid")
    image = require(a, "range").value
    assert (image.lower.value, image.upper.value) == (0, 1)
    assert not image.lower.closed and not image.upper.closed
    assert image.set == sp.Interval.open(0, 1)
    top = require(a, "max_gradient").value
    assert top.value == sp.Rational(1, 4) and top.attained and tuple(top.where) == (0,)
    assert require(a, "lipschitz").value == sp.Rational(1, 4)


def test_tanh_range_max_gradient_and_oddness(analysis):
    """tanh: range (−1, 1) open; max gradient 1 attained at 0; odd, not even."""
    a = analysis("tanh")
    image = require(a, "range").value
    assert image.set == sp.Interval.open(-1, 1)
    assert not image.lower.closed and not image.upper.closed
    top = require(a, "max_gradient").value
    assert top.value == 1 and top.attained and tuple(top.where) == (0,)
    assert require(a, "odd").value.holds is True
    assert require(a, "even").value.holds is False


# --------------------------------------------------------------------------------------
# ReLU family.
# --------------------------------------------------------------------------------------


def test_relu_range_kink_smoothness_and_dead_set(analysis):
    """ReLU: range [0, ∞); kink at 0 with one-sided derivatives 0 and 1; C⁰; dead on (−∞, 0)."""
    a = analysis("relu")
    image = require(a, "range").value
    assert image.set == sp.Interval(0, sp.oo)
    assert image.lower.value == 0 and image.lower.closed
    assert image.upper.value == sp.oo and not image.upper.closed
    kinks = require(a, "kinks").value
    assert [(k.at, k.left, k.right) for k in kinks] == [(0, 0, 1)]
    assert require(a, "continuity").value.k == 0
    assert require(a, "dead_set").value == sp.Interval.open(-sp.oo, 0)


def test_relu_gaussian_mean(analysis):
    """E[ReLU(Z)] = 1/√(2π), half the mean of the half-normal |Z| (√(2/π))."""
    mean = require(analysis("relu"), "gaussian_mean")
    assert mean.status == "exact"
    assert sp.simplify(mean.value - 1 / sp.sqrt(2 * sp.pi)) == 0
    with mpmath.workdps(40):
        # 1/√(2π) = 0.398942280401432677939946059934381868475858631164934657665926 (standard).
        assert abs(
            _num(mean.value) - mpmath.mpf("0.3989422804014326779399460599343818684759")
        ) < mpmath.mpf("1e-38")


def test_relu_positive_homogeneity_and_witness(analysis):
    """ReLU is positively homogeneous; f(1 + (−1)) = 0 ≠ 1 = f(1) + f(−1) proves it nonlinear."""
    proof = require(analysis("relu"), "nonlinearity").value
    assert proof.linear is False and proof.positively_homogeneous is True
    witness = proof.additivity
    assert witness is not None and witness.law == "additivity"
    assert witness.inputs == {"a": 1, "b": -1}
    assert witness.lhs == 0 and witness.rhs == 1


def test_leaky_relu_keras_slope_kink(analysis):
    """Leaky ReLU with α = 0.2 (Keras' default) has one-sided derivatives 0.2 and 1 at 0."""
    kinks = require(analysis("leaky_relu", alpha=0.2), "kinks").value
    assert len(kinks) == 1
    kink = kinks[0]
    assert kink.at == 0 and kink.left == sp.Rational(1, 5) and kink.right == 1


def test_leaky_relu_default_slope(analysis):
    """Default leaky slope is 0.01 (Maas et al. 2013; torch.nn.LeakyReLU), seen in the kink."""
    (kink,) = require(analysis("leaky_relu"), "kinks").value
    assert kink.left == sp.Rational(1, 100) and kink.right == 1
    (prelu_kink,) = require(analysis("prelu"), "kinks").value
    assert prelu_kink.left == sp.Rational(1, 4)  # PReLU init 0.25 (He et al. 2015)


# --------------------------------------------------------------------------------------
# ELU and SELU.
# --------------------------------------------------------------------------------------


def test_elu_is_c1_not_c2_with_range(analysis):
    """ELU (α = 1) is C¹ but not C² (f″ jumps 1 → 0), has no kink, range (−1, ∞)."""
    a = analysis("elu")
    assert require(a, "continuity").value.k == 1
    assert require(a, "kinks").value == []
    assert require(a, "df0").value == 1
    image = require(a, "range").value
    assert image.set == sp.Interval.open(-1, sp.oo)
    assert image.lower.value == -1 and not image.lower.closed


def test_selu_constants_match_literature():
    """The closed forms of Klambauer et al. eq. (14) and symact's SELU constants match the paper."""
    with mpmath.workdps(50):
        alpha, lam = selu_alpha_closed_form(), selu_lambda_closed_form()
        assert abs(alpha - mpmath.mpf(SELU_ALPHA_LITERATURE)) < mpmath.mpf("1e-30")
        assert abs(lam - mpmath.mpf(SELU_LAMBDA_LITERATURE)) < mpmath.mpf("1e-30")
        values = symact.get("selu").param_values()
        assert abs(to_mpf(values["alpha"]) - alpha) < mpmath.mpf("1e-45")
        assert abs(to_mpf(values["lambda"]) - lam) < mpmath.mpf("1e-45")


def test_selu_range_lower_end(analysis):
    """SELU's range is (−λα, ∞): the lower end −λα ≈ −1.7581 is approached, not attained."""
    image = require(analysis("selu"), "range").value
    assert not image.lower.closed and image.upper.value == sp.oo
    with mpmath.workdps(50):
        literature = -mpmath.mpf(SELU_ALPHA_LITERATURE) * mpmath.mpf(SELU_LAMBDA_LITERATURE)
        exact = -selu_alpha_closed_form() * selu_lambda_closed_form()
        assert abs(to_mpf(image.lower.value) - literature) < mpmath.mpf("1e-30")
        assert abs(to_mpf(image.lower.value) - exact) < mpmath.mpf("1e-45")


def test_selu_continuity_and_max_gradient(analysis):
    """SELU is C⁰ (f′ jumps λα → λ at 0); sup f′ = λα ≈ 1.7581 is not attained (x → 0⁻)."""
    a = analysis("selu")
    assert require(a, "continuity").value.k == 0
    top = require(a, "max_gradient").value
    assert top.attained is False
    with mpmath.workdps(50):
        lam_alpha = selu_alpha_closed_form() * selu_lambda_closed_form()
        assert abs(to_mpf(top.value) - lam_alpha) < mpmath.mpf("1e-45")
        literature = mpmath.mpf(SELU_ALPHA_LITERATURE) * mpmath.mpf(SELU_LAMBDA_LITERATURE)
        assert abs(to_mpf(top.value) - literature) < mpmath.mpf("1e-30")
        assert abs(to_mpf(require(a, "lipschitz").value) - lam_alpha) < mpmath.mpf("1e-45")


def test_selu_gaussian_mean_is_zero(analysis):
    """E[SELU(Z)] = 0: the self-normalising fixed point of Klambauer et al. (mean 0, var 1)."""
    mean = require(analysis("selu"), "gaussian_mean").value
    assert abs(_num(mean)) < mpmath.mpf("1e-40")


# --------------------------------------------------------------------------------------
# Swish / SiLU.
# --------------------------------------------------------------------------------------

# W(1/e) = 0.278464542761073795109358739022980155439477488619745765453178..., the solution of
# w·e^w = 1/e; the minimum of x·σ(x) is −W(1/e) at x = −1 − W(1/e) (f′ = 0 ⇔ 1 + x + e^x = 0).
# Ramachandran et al. 2017 report the minimum as ≈ −0.278 at x ≈ −1.278.
W_INV_E = "0.278464542761073795109358739022980155439477488619745765453178"


def test_lambert_constant_is_typed_correctly():
    """The typed W(1/e) solves w·e^w = 1/e (checked with findroot, independently of symact)."""
    with mpmath.workdps(60):
        root = mpmath.findroot(lambda w: w * mpmath.exp(w) - mpmath.exp(-1), mpmath.mpf("0.3"))
        assert abs(root - mpmath.mpf(W_INV_E)) < mpmath.mpf("1e-55")


def test_swish_minimum_is_minus_lambert_w(analysis):
    """SiLU's minimum is −W(1/e) ≈ −0.2784645428, exact, attained at −1 − W(1/e) ≈ −1.2784645428."""
    a = analysis("swish")
    image = require(a, "range").value
    lower = image.lower
    assert lower.closed and lower.status == "exact" and image.upper.value == sp.oo
    # Equal to SymPy's −LambertW(exp(−1)) at 30 digits.
    assert abs(sp.N(lower.value, 30) - sp.N(-sp.LambertW(sp.exp(-1)), 30)) < sp.Float("1e-29")
    with mpmath.workdps(50):
        assert abs(to_mpf(lower.value) + mpmath.mpf(W_INV_E)) < mpmath.mpf("1e-45")
        (where,) = lower.where
        assert abs(to_mpf(where) + 1 + mpmath.mpf(W_INV_E)) < mpmath.mpf("1e-45")
        assert abs(to_mpf(require(a, "argmin").value) + 1 + mpmath.mpf(W_INV_E)) < 1e-45
    assert abs(float(lower.value) + 0.2784645428) < 1e-10  # Ramachandran et al. 2017


def test_silu_derivative_maximum(analysis):
    """SiLU's max f′ ≈ 1.0998393201 (at x ≈ 2.3993572805), numeric with a bound containing it."""
    derived = require(analysis("swish"), "max_gradient")
    with mpmath.workdps(50):
        where, peak = silu_gradient_maximum()
        assert abs(peak - mpmath.mpf("1.0998393201")) < 1e-10
        assert abs(where - mpmath.mpf("2.3993572805")) < 1e-10
        _assert_numeric_contains(derived, derived.value.value, peak)
        assert derived.value.attained
        (claimed_where,) = derived.value.where
        assert abs(to_mpf(claimed_where) - where) < 1e-12


def test_silu_derivative_maximum_location_is_precise(analysis):
    """SiLU's f′ is maximal at x* = 2.39935728051546766783…, reported to better than 1e-20."""
    derived = require(analysis("swish"), "max_gradient")
    with mpmath.workdps(50):
        where, _ = silu_gradient_maximum()
        (claimed_where,) = derived.value.where
        assert abs(to_mpf(claimed_where) - where) <= 1e-20


def test_silu_gradient_minimum_is_one_minus_maximum(analysis):
    """SiLU's min f′ = 1 − max f′ (as f′(x) + f′(−x) = 1), numeric with a bound containing it."""
    derived = require(analysis("swish"), "gradient_range")
    image = derived.value
    with mpmath.workdps(50):
        _, peak = silu_gradient_maximum()
        assert image.lower.closed and image.upper.closed
        _assert_numeric_contains(derived, image.lower.value, 1 - peak)
        _assert_numeric_contains(derived, image.upper.value, peak)


# --------------------------------------------------------------------------------------
# GELU.
# --------------------------------------------------------------------------------------


def test_gelu_minimum_approximately(analysis):
    """GELU's minimum ≈ −0.169971 at x ≈ −0.751791 (Hendrycks & Gimpel 2016, Fig. 1), to 1e-12."""
    a = analysis("gelu")
    image = require(a, "range").value
    assert image.lower.closed and image.upper.value == sp.oo
    with mpmath.workdps(50):
        where, value = gelu_minimum()
        assert abs(value - mpmath.mpf("-0.169971")) < 1e-6
        assert abs(where - mpmath.mpf("-0.751791")) < 1e-6
        assert abs(to_mpf(image.lower.value) - value) < 1e-12
        assert abs(to_mpf(require(a, "argmin").value) - where) < 1e-12


def test_gelu_minimum_within_its_bound(analysis):
    """GELU's minimum −0.16997120747990366169… lies within the reported numeric bound."""
    derived = require(analysis("gelu"), "range")
    with mpmath.workdps(50):
        _, value = gelu_minimum()
        _assert_numeric_contains(derived, derived.value.lower.value, value)


def test_gelu_argmin_within_its_bound(analysis):
    """GELU's argmin −0.75179152469356445745… lies within the reported numeric bound."""
    derived = require(analysis("gelu"), "argmin")
    with mpmath.workdps(50):
        where, _ = gelu_minimum()
        _assert_numeric_contains(derived, derived.value, where)


def test_gelu_gaussian_mean(analysis):
    """E[GELU(Z)] = E[ZΦ(Z)] = E[φ(Z)] = 1/(2√π) (Stein's lemma), exactly."""
    mean = require(analysis("gelu"), "gaussian_mean")
    assert mean.status == "exact"
    assert sp.simplify(mean.value - 1 / (2 * sp.sqrt(sp.pi))) == 0


def test_gelu_gradient_range(analysis):
    """GELU's f′ = Φ + xφ has extrema at ±√2 (f″ = φ(x)(2 − x²)): [f′(−√2), f′(√2)]."""
    image = require(analysis("gelu"), "gradient_range").value
    with mpmath.workdps(50):
        r2 = mpmath.sqrt(2)

        def slope(t):
            return mpmath.ncdf(t) + t * mpmath.npdf(t)

        assert image.lower.closed and image.upper.closed
        assert abs(to_mpf(image.lower.value) - slope(-r2)) < mpmath.mpf("1e-45")
        assert abs(to_mpf(image.upper.value) - slope(r2)) < mpmath.mpf("1e-45")
        assert abs(slope(r2) - mpmath.mpf("1.1289")) < 1e-4  # ≈ 1.129, the known GELU peak slope


def test_gelu_tanh_minimum_approximately(analysis):
    """tanh-GELU's minimum (≈ −0.170041 at ≈ −0.752461, from findroot) is matched to 1e-12."""
    a = analysis("gelu_tanh")
    image = require(a, "range").value
    with mpmath.workdps(50):
        where, value = gelu_tanh_minimum()
        assert abs(value - gelu_minimum()[1]) < 1e-3  # close to exact GELU's, as it should be
        assert abs(to_mpf(image.lower.value) - value) < 1e-12
        assert abs(to_mpf(require(a, "argmin").value) - where) < 1e-12


def test_gelu_tanh_minimum_within_its_bound(analysis):
    """tanh-GELU's minimum and argmin lie within their reported numeric bounds."""
    a = analysis("gelu_tanh")
    derived = require(a, "range")
    with mpmath.workdps(50):
        where, value = gelu_tanh_minimum()
        _assert_numeric_contains(derived, derived.value.lower.value, value)
        argmin = require(a, "argmin")
        _assert_numeric_contains(argmin, argmin.value, where)


def test_gelu_tanh_gradient_range_or_reason(analysis):
    """tanh-GELU's gradient range is either undetermined with a reason or matches findroot."""
    a = analysis("gelu_tanh")
    derived = require(a, "gradient_range")
    if derived is None:
        for field in ("gradient_range", "max_gradient", "lipschitz"):
            assert getattr(a, field).status == "undetermined"
            assert getattr(a, field).reason.strip()
        return
    f = reference("gelu_tanh")
    with mpmath.workdps(50):
        peak_at = mpmath.findroot(lambda t: mpmath.diff(f, t, 2), mpmath.mpf("1.5"))
        _assert_numeric_contains(derived, derived.value.upper.value, mpmath.diff(f, peak_at))


# --------------------------------------------------------------------------------------
# Softplus, binary step, identity.
# --------------------------------------------------------------------------------------


def test_softplus_range_value_at_zero_and_derivative(analysis):
    """Softplus: range (0, ∞); f(0) = log 2; f′ = σ (Dugas et al. 2000)."""
    a = analysis("softplus")
    image = require(a, "range").value
    assert image.set == sp.Interval.open(0, sp.oo)
    assert not image.lower.closed
    assert sp.simplify(require(a, "f0").value - sp.log(2)) == 0
    derivative = require(a, "derivative").value
    assert sp.simplify(derivative - 1 / (1 + sp.exp(-x))) == 0
    evaluate = engine_callable(derivative)
    with mpmath.workdps(40):
        for t in dense_grid()[::20]:
            assert abs(mpmath.mpf(evaluate(t)) - _sigma(t)) <= mpmath.mpf("1e-35")


def test_binary_step_discontinuous_with_two_values(analysis):
    """The binary step is discontinuous (k = −1) with range {0, 1}, both values attained."""
    a = analysis("binary_step")
    assert require(a, "continuity").value.k == -1
    image = require(a, "range").value
    assert image.set == sp.FiniteSet(0, 1)
    assert image.lower.value == 0 and image.lower.closed
    assert image.upper.value == 1 and image.upper.closed
    assert require(a, "lipschitz").value == sp.oo


def test_identity_is_linear_with_slope_one(analysis):
    """The identity is proved linear, f(x) = 1·x, with no counterexample."""
    proof = require(analysis("identity"), "nonlinearity").value
    assert proof.linear is True and proof.slope == 1
    assert proof.additivity is None and proof.homogeneity is None
    assert proof.positively_homogeneous is True


def test_identity_function_is_additive():
    """symact's identity definition satisfies f(a + b) = f(a) + f(b) for random inputs."""
    f = symact.get("identity").function
    rng = random.Random(1234)
    for _ in range(200):
        a, b = (sp.Rational(rng.uniform(-1e6, 1e6)) for _ in range(2))
        assert f.subs(x, a + b) == f.subs(x, a) + f.subs(x, b)


# --------------------------------------------------------------------------------------
# Tables across the catalog.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", symact.names())
def test_identity_near_origin_table(name, analysis):
    """identity_near_origin: True for identity, tanh, ELU; False for the rest."""
    assert require(analysis(name), "identity_near_origin").value is IDENTITY_NEAR_ORIGIN[name]


@pytest.mark.parametrize("name", symact.names())
def test_continuity_table(name, analysis):
    """The continuity class matches the textbook one (C^∞, C¹ for ELU, C⁰ for kinks, jump)."""
    assert require(analysis(name), "continuity").value.k == EXPECTED_CONTINUITY[name]


@pytest.mark.parametrize("name", symact.names())
def test_monotonicity_table(name, analysis):
    """The monotonicity kind matches the textbook one (Swish and GELU are non-monotonic)."""
    derived = require(analysis(name), "monotonic")
    if derived is not None:  # undetermined only where conftest allows it (sine, sinc)
        assert derived.value.kind == EXPECTED_MONOTONIC[name]


@pytest.mark.parametrize("name", symact.names())
def test_oddness_table(name, analysis):
    """The odd ones are odd (identity, tanh, the shrinks, sine, ...); only the Gaussian
    and sinc are even."""
    a = analysis(name)
    assert require(a, "odd").value.holds is (name in ODD)
    assert require(a, "even").value.holds is (name in EVEN)


CLOSED_FORM_MEANS = (
    "identity",
    "binary_step",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "prelu",
    "elu",
    "selu",
    "gelu",
)


@pytest.mark.parametrize("name", CLOSED_FORM_MEANS)
def test_gaussian_mean_closed_forms(name, analysis):
    """E[f(Z)] matches the closed form derived by hand, to 40 digits."""
    mean = require(analysis(name), "gaussian_mean")
    with mpmath.workdps(50):
        expected = _gaussian_means()[name]
        assert abs(to_mpf(mean.value) - expected) < mpmath.mpf("1e-40")


@pytest.mark.parametrize("name", symact.names())
def test_numeric_gaussian_means_within_bound(name, analysis):
    """A numeric E[f(Z)] has bound ≤ 1e-20 containing an independent 50-digit quadrature."""
    derived = require(analysis(name), "gaussian_mean")
    if derived.status == "exact":
        return
    f = reference(name)
    with mpmath.workdps(50):
        nodes = [-mpmath.inf, -5, 0, 5, mpmath.inf]
        value = mpmath.quad(lambda t: f(t) * mpmath.npdf(t), nodes)
        check = mpmath.quad(lambda t: f(t) * mpmath.npdf(t), nodes, method="gauss-legendre")
        assert abs(value - check) < mpmath.mpf("1e-35")  # the reference itself is accurate
        _assert_numeric_contains(derived, derived.value, value)


@pytest.mark.parametrize("name", symact.names())
def test_numeric_bounds_are_tight(name, analysis):
    """Every numeric result of the catalog carries a bound of at most 1e-20."""
    for field, derived in analysis(name).properties().items():
        if derived.status == "numeric":
            assert derived.bound is not None and derived.bound <= 1e-20, field
