"""Certified root isolation (symact.roots) against roots known in closed form."""

import mpmath
import pytest
import sympy as sp

from symact.roots import isolate_roots
from symact.symbols import x


@pytest.mark.parametrize(
    ("h", "expected"),
    [
        (x**2 - 2, lambda: [-mpmath.sqrt(2), mpmath.sqrt(2)]),
        (sp.exp(-(x**2) / 2) * (2 - x**2), lambda: [-mpmath.sqrt(2), mpmath.sqrt(2)]),
        (x + sp.exp(x) + 1, lambda: [-1 - mpmath.lambertw(mpmath.e**-1).real]),
        (sp.tanh(x) - sp.Rational(1, 2), lambda: [mpmath.atanh(mpmath.mpf(1) / 2)]),
        (sp.cos(x), lambda: [k * mpmath.pi / 2 for k in (-3, -1, 1, 3)]),
    ],
)
def test_roots_are_enclosed(h, expected):
    """Every known root in (-5, 5) lies in exactly one reported enclosure, and no other is found."""
    found = isolate_roots(h, sp.Integer(-5), sp.Integer(5)).roots
    with mpmath.workdps(40):
        truths = sorted(expected())
        assert len(found) == len(truths)
        for root, truth in zip(found, truths, strict=True):
            assert root.lo - mpmath.mpf(10) ** -35 <= truth <= root.hi + mpmath.mpf(10) ** -35
            assert root.radius < 1e-29


def test_root_free_function_on_real_line():
    """A positive function (sigmoid′) has no roots on ℝ."""
    h = sp.exp(-x) / (1 + sp.exp(-x)) ** 2
    assert isolate_roots(h, -sp.oo, sp.oo).roots == ()


def test_exact_root_at_box_edge():
    """A root at an integer (a box edge) is returned exactly."""
    found = isolate_roots(sp.sin(x), sp.Rational(-1, 2), sp.Rational(7, 2)).roots
    assert [r.exact for r in found] == [0, None]
    assert abs(found[1].mid - mpmath.pi) < 1e-29
