"""The centre of symmetry (symact.derived.centre): f(a + t) + f(a − t) = 2b for all t.

Expectations are derived by hand: σ(t) + σ(−t) = 1, so σ is symmetric about (0, 1/2);
softsign is odd; σ(x − 1) + 3 is σ moved by (1, 3); swish(t) + swish(−t) = t·tanh(t/2)
is not constant and f′ → 0 at −∞ but → 1 at +∞, so swish has no centre.
"""

import mpmath
import pytest
import sympy as sp

import symact
from symact.analysis import analyze_uncached
from symact.derived.centre import obstruction, residual
from symact.symbols import x


def _centre(activation):
    derived = analyze_uncached(activation, part="shape").symmetry_centre
    assert derived.status == "exact", derived.reason
    return derived.value


@pytest.mark.parametrize(
    ("activation", "a", "b"),
    [
        (lambda: symact.get("sigmoid"), 0, sp.Rational(1, 2)),
        (lambda: symact.get("softsign"), 0, 0),
        (lambda: symact.get("hard_sigmoid"), 0, sp.Rational(1, 2)),
        (lambda: symact.define("shifted", "sigmoid(x - 1) + 3"), 1, sp.Rational(7, 2)),
        (lambda: symact.define("cubic", "(x - 1)**3 + 2"), 1, 2),  # f″ = 6(x − 1): a = 1
    ],
    ids=["sigmoid", "softsign", "hard_sigmoid", "shifted_sigmoid", "shifted_cubic"],
)
def test_the_centre_is_found_and_proven(activation, a, b):
    """A point-symmetric f has its centre (a, b) found, exactly."""
    centre = _centre(activation())
    assert centre.exists
    assert (centre.a, centre.b) == (a, b)


def test_swish_has_no_centre_and_a_witness():
    """swish: no centre (f′'s limits 0 and 1 differ); the witness is a real counterexample
    for its candidate, checked against t·tanh(t/2) − 2b in mpmath."""
    centre = _centre(symact.get("swish"))
    assert not centre.exists and centre.a is None and centre.b is None
    a, b, t, found = centre.witness
    assert (a, b) == (0, 0)  # the candidate (0, f(0))
    t_mp = mpmath.mpf(sp.Rational(t).p) / sp.Rational(t).q
    expected = t_mp * mpmath.tanh(t_mp / 2)  # swish(t) + swish(−t) − 2·0
    assert expected != 0
    assert float(found) == pytest.approx(float(expected), rel=1e-12)


def test_relu_has_no_centre():
    """ReLU → 0 at −∞ and ∞ at +∞: one finite limit, so no centre."""
    derived = analyze_uncached(symact.get("relu"), part="shape").symmetry_centre
    assert derived.status == "exact" and not derived.value.exists
    assert "one finite" in derived.reason


def test_obstruction_from_the_limits_of_the_slope():
    """Limits of f that cannot sum to 2b, or different limits of f′, rule out every
    centre; opposite infinite limits of f with equal ones of f′ do not."""
    limits = {"f": {"-oo": sp.oo, "oo": sp.oo}, "df": {"-oo": sp.S(-1), "oo": sp.S(1)}}
    assert obstruction(limits) is not None  # both +∞ already
    limits = {"f": {"-oo": -sp.oo, "oo": sp.oo}, "df": {"-oo": sp.Rational(1, 100), "oo": sp.S(1)}}
    assert "f′" in obstruction(limits)
    limits = {"f": {"-oo": -sp.oo, "oo": sp.oo}, "df": {"-oo": sp.S(1), "oo": sp.S(1)}}
    assert obstruction(limits) is None


def test_residual_of_sigmoid_about_its_centre_vanishes():
    """σ(t) + σ(−t) − 1 simplifies to 0 (the identity the centre rests on)."""
    sigma = 1 / (1 + sp.exp(-x))
    assert sp.simplify(residual(sigma, 0, sp.Rational(1, 2))) == 0
    assert sp.simplify(residual(sigma, 0, 0)) != 0


@pytest.mark.parametrize("name", ["binary_step", "gaussian"])
def test_no_solution_of_f_equal_b_means_no_centre(name):
    """H and exp(−x²) never take the value (L₋ + L₊)/2 (1/2 and 0), which f(a) must be
    at a centre: no centre, proven, not left undetermined."""
    derived = analyze_uncached(symact.get(name), part="shape").symmetry_centre
    assert derived.status == "exact", derived.reason
    assert not derived.value.exists
    assert "there is none" in derived.reason


def test_relu6_is_symmetric_about_the_middle_of_its_ramp():
    """min(max(0, x), 6) + min(max(0, 6 − x), 6) = 6 for every x: centre (3, 3)."""
    centre = _centre(symact.get("relu6"))
    assert (centre.a, centre.b) == (3, 3)
