"""Certified suprema by branch and bound (`symact.bounds`) and the Lipschitz constant of f′
where it falls back to them, against closed forms worked out by hand and mpmath."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from conftest import reference

import symact
from symact.analysis import analyze
from symact.bounds import certified_max_abs, distinct_places, largest_magnitude, tail_bound
from symact.image import End
from symact.symbols import x


def test_branch_and_bound_brackets_a_known_maximum() -> None:
    """max |x e^{−x²}| on [−8, 8] is 1/√(2e), at −1/√2 and at 1/√2 (calculus by hand:
    (1 − 2x²) e^{−x²} = 0), and both places are listed, left to right."""
    value, bound, where = certified_max_abs(x * sp.exp(-(x**2)), -8, 8)
    with mpmath.workdps(60):
        true = 1 / mpmath.sqrt(2 * mpmath.e)
        assert value <= true <= value + bound
    assert bound <= 1e-9 * value
    assert len(where) == 2
    assert abs(where[0] + 1 / mpmath.sqrt(2)) < 1e-8
    assert abs(where[1] - 1 / mpmath.sqrt(2)) < 1e-8


def test_branch_and_bound_lists_only_the_places_of_the_maximum() -> None:
    """|x e^{−x²}·(1 + x/10)| peaks higher on the right than on the left (the factor
    tilts the two humps): only the right peak is the maximum. By hand the peaks are the
    roots of (1 − 2x²)(1 + x/10) + x/10 = 0 near ±0.7."""
    _, _, where = certified_max_abs(x * sp.exp(-(x**2)) * (1 + x / 10), -8, 8)
    with mpmath.workdps(40):
        right = mpmath.findroot(lambda t: (1 - 2 * t**2) * (1 + t / 10) + t / 10, 0.7)
    assert len(where) == 1 and abs(where[0] - right) < 1e-8


def test_branch_and_bound_on_non_integer_ends() -> None:
    """max |sin| on [0.25, 1.5] is sin(1.5), at the right end."""
    value, bound, _ = certified_max_abs(sp.sin(x), 0.25, 1.5)
    with mpmath.workdps(60):
        assert value <= mpmath.sin(mpmath.mpf(1.5)) <= value + bound


@pytest.mark.parametrize(
    ("g", "positive", "sup"),
    [
        # σ′(x) = e^{−|x|}/(1 + e^{−|x|})² is decreasing in |x|: sup on |x| ≥ 8 is σ′(8).
        (sp.exp(-x) / (1 + sp.exp(-x)) ** 2, True, mpmath.exp(-8) / (1 + mpmath.exp(-8)) ** 2),
        (sp.exp(-x) / (1 + sp.exp(-x)) ** 2, False, mpmath.exp(-8) / (1 + mpmath.exp(-8)) ** 2),
        # swish″ at −∞: x e^{x}-like; |f″| on x ≤ −8 peaks at −8 (decreasing in |x| there).
        (sp.diff(x / (1 + sp.exp(-x)), x, 2), False, None),
    ],
)
def test_tail_bound_is_an_upper_bound_and_not_loose(g, positive, sup) -> None:
    """The bound is ≥ |g| on dense samples of the tail, and within 2^k of the true sup
    (the boxes double in width, so a loose factor is expected, not an infinite one)."""
    bound = tail_bound(g, positive)
    h = sp.lambdify(x, g, "mpmath")
    with mpmath.workdps(40):
        sign = 1 if positive else -1
        samples = [sign * mpmath.mpf(8) * mpmath.mpf(2) ** (k / 8) for k in range(0, 8 * 20)]
        sampled = max(abs(h(t)) for t in samples)
    assert sampled <= bound
    assert bound < 1
    if sup is not None:
        assert sup <= bound <= 1e3 * sup


# sup |f″| for activations whose f‴ has no closed-form roots (the fallback path), from
# calculus by hand: swish″(0) = 2σ′(0) = 1/2; GELU-tanh″(0) = √(2/π) (f = x/2·(1 + tanh u),
# u = √(2/π)(x + 0.044715x³): f″(0) = u′(0)); ELiSH″(0⁻) = 1 (product rule on (eˣ − 1)σ(x)).
HAND = {
    "swish": lambda: mpmath.mpf(1) / 2,
    "gelu_tanh": lambda: mpmath.sqrt(2 / mpmath.pi),
    "elish": lambda: mpmath.mpf(1),
}


def _sup_second_derivative(name: str) -> mpmath.mpf:
    """sup |f″| by dense sampling of mpmath.diff and Newton refinement of f‴ = 0."""
    f = reference(name)
    with mpmath.workdps(30):
        grid = mpmath.linspace(-6, 6, 1201)
        best = max(grid, key=lambda t: abs(mpmath.diff(f, t, 2)))
        if best != 0:
            best = mpmath.findroot(lambda t: mpmath.diff(f, t, 3), best)
        return abs(mpmath.diff(f, best, 2))


@pytest.mark.parametrize("name", ["swish", "gelu_tanh", "elish", "mish"])
def test_derivative_lipschitz_by_branch_and_bound(name: str) -> None:
    """The certified sup |f″| brackets the value from calculus (or mpmath's maximum)."""
    derived = analyze(symact.get(name)).derivative_lipschitz
    assert derived.known, derived.reason
    with mpmath.workdps(30):
        claimed = mpmath.mpf(str(sp.N(derived.value, 30)))
        bound = mpmath.mpf(derived.bound or 0)
        expected = HAND[name]() if name in HAND else _sup_second_derivative(name)
        slack = mpmath.mpf("1e-24")  # the reference's own accuracy
        assert claimed - slack <= expected <= claimed + bound + slack
    assert bound < 1e-6


@pytest.mark.parametrize("target", [mpmath.mpf(1), mpmath.mpf("1e-10")])
def test_tail_bound_with_a_target_is_still_an_upper_bound(target) -> None:
    """With a target, coarse boxes (grouped doubling boxes) are tried first and split
    when too loose. The result bounds |x e^{−x}| on x ≥ 8, whose sup 8e^{−8} (calculus:
    decreasing for x > 1) lies above the second target: then the bound must exceed it,
    not stop at it."""
    bound = tail_bound(x * sp.exp(-x), True, target=target)
    with mpmath.workdps(40):
        sup = 8 * mpmath.exp(-8)
        assert sup <= bound
        assert bound < 2 * sup or bound < target


def test_branch_and_bound_brackets_an_interior_maximum_tightly() -> None:
    """max |sech²x · (1 + x/4)| on [−8, 8] is interior, where 2 tanh x·(1 + x/4) = 1/4;
    the enclosure found by Newton steps on g′ is far tighter than the tolerance."""
    g = (1 + x / 4) / sp.cosh(x) ** 2
    value, bound, (where,) = certified_max_abs(g, -8, 8, relative=1e-22)
    with mpmath.workdps(60):
        peak = mpmath.findroot(lambda t: 2 * mpmath.tanh(t) * (1 + t / 4) - mpmath.mpf(1) / 4, 0.1)
        true = (1 + peak / 4) / mpmath.cosh(peak) ** 2
        assert value <= true <= value + bound
    assert bound <= 1e-22 * value
    assert abs(where - peak) < 1e-8


def test_branch_and_bound_when_every_box_meets_the_lower_bound() -> None:
    """Found by a second reader: max |x²| on [−1, 1] is attained at both ends, so both
    boxes are bounded by exactly the lower bound and the search ran out of boxes
    (IndexError). The answer is 1 with a zero gap, attained at −1 and at 1."""
    value, bound, where = certified_max_abs(x**2, -1, 1)
    assert value <= 1 <= value + bound
    assert list(where) == [-1, 1]


def test_branch_and_bound_claims_nothing_false_for_a_disguised_zero() -> None:
    """Found by a second reader: g = 10²⁰(cosh² − sinh² − 1) is identically 0, but its
    enclosure at the peak straddles 0 and its ends were taken as a lower bound of
    sup |g| (1.7e-25). Now such an enclosure raises nothing; the search then either
    brackets 0 or reports that it cannot."""
    from symact.image import ImageUndetermined

    g = 10**20 * (sp.cosh(x) ** 2 - sp.sinh(x) ** 2 - 1)
    try:
        value, bound, _ = certified_max_abs(g, -1, 1)
    except ImageUndetermined:
        return
    assert value <= 0 <= value + bound


def test_largest_magnitude_keeps_both_ends_of_an_odd_image() -> None:
    """An odd g′ (sinc′) has inf g′ = −sup g′: sup |g′| is attained at both ends' places,
    even when the two values are numeric and differ within their certified bounds."""
    lower = End(sp.Float("-0.4361818172714585", 30), True, (sp.Float(-2.0816),), "numeric", 1e-25)
    upper = End(sp.Float("0.43618181727145850", 30), True, (sp.Float(2.0816),), "numeric", 1e-25)
    value, attained, where = largest_magnitude(lower, upper)
    assert attained and abs(value - sp.Float("0.4361818172714585", 30)) < 1e-20
    assert where == (sp.Float(-2.0816), sp.Float(2.0816))


def test_largest_magnitude_of_unequal_ends_keeps_one() -> None:
    """|−1/2| < |2/3|: the places of the upper end only."""
    lower = End(sp.Rational(-1, 2), True, (sp.Integer(-1),), "exact")
    upper = End(sp.Rational(2, 3), True, (sp.Integer(4),), "exact")
    assert largest_magnitude(lower, upper) == (sp.Rational(2, 3), True, (sp.Integer(4),))


def test_largest_magnitude_prefers_attained_places() -> None:
    """sup |g| = 1, attained at 0 and approached at +∞: only the attained place counts."""
    lower = End(sp.Integer(-1), True, (sp.Integer(0),), "exact")
    upper = End(sp.Integer(1), False, (sp.oo,), "exact")
    assert largest_magnitude(lower, upper) == (1, True, (sp.Integer(0),))


def test_distinct_places_merges_repeats_and_sorts() -> None:
    """ℝ from both ends of the identity's constant f′ is listed once; a point at the end
    of an open interval closes it; points come left to right."""
    real_line = sp.Interval(-sp.oo, sp.oo)
    assert distinct_places([real_line, real_line]) == (real_line,)
    assert distinct_places([sp.Interval.open(0, sp.oo), sp.Integer(0)]) == (sp.Interval(0, sp.oo),)
    assert distinct_places([sp.Integer(3), sp.Integer(-3), sp.Integer(3)]) == (-3, 3)
    halves = (sp.Interval.open(-sp.oo, 0), sp.Interval.open(0, sp.oo))
    assert distinct_places([*halves, *halves]) == halves
