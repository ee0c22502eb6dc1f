"""Certified suprema by branch and bound (`symact.bounds`) and the Lipschitz constant of f′
where it falls back to them, against closed forms worked out by hand and mpmath."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from conftest import reference

import symact
from symact.analysis import analyze
from symact.bounds import certified_max_abs, tail_bound
from symact.symbols import x


def test_branch_and_bound_brackets_a_known_maximum() -> None:
    """max |x e^{−x²}| on [−8, 8] is 1/√(2e), at ±1/√2 (calculus by hand)."""
    value, bound, where = certified_max_abs(x * sp.exp(-(x**2)), -8, 8)
    with mpmath.workdps(60):
        true = 1 / mpmath.sqrt(2 * mpmath.e)
        assert value <= true <= value + bound
    assert bound <= 1e-9 * value
    assert abs(abs(where) - 1 / mpmath.sqrt(2)) < 1e-8


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
    if name not in symact.names():
        pytest.skip(f"{name} not in the catalog")
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
    value, bound, where = certified_max_abs(g, -8, 8, relative=1e-22)
    with mpmath.workdps(60):
        peak = mpmath.findroot(lambda t: 2 * mpmath.tanh(t) * (1 + t / 4) - mpmath.mpf(1) / 4, 0.1)
        true = (1 + peak / 4) / mpmath.cosh(peak) ** 2
        assert value <= true <= value + bound
    assert bound <= 1e-22 * value
    assert abs(where - peak) < 1e-8


def test_branch_and_bound_when_every_box_meets_the_lower_bound() -> None:
    """Found by a second reader: max |x²| on [−1, 1] is attained at both ends, so both
    boxes are bounded by exactly the lower bound and the search ran out of boxes
    (IndexError). The answer is 1 with a zero gap."""
    value, bound, where = certified_max_abs(x**2, -1, 1)
    assert value <= 1 <= value + bound
    assert abs(where) == 1


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
