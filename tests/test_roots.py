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
    with mpmath.workdps(50):
        assert abs(found[1].mid - mpmath.pi) < 1e-29


def test_midpoint_keeps_precision_outside_the_search():
    """Root.mid is exact to ~1e-40 even when read at mpmath's default 53-bit precision."""
    (root,) = isolate_roots(x**2 - 2, sp.Integer(0), sp.Integer(3)).roots
    with mpmath.workdps(15):
        mid = root.mid
    with mpmath.workdps(50):
        assert abs(mid - mpmath.sqrt(2)) < mpmath.mpf(10) ** -29


def test_constant_enclosure_is_tight_and_sound():
    """The enclosure of √2 and of erf(1) contains the 50-digit value and is < 1e-40 wide."""
    from mpmath import iv

    from symact.intervals import constant, enclose

    with mpmath.workdps(60):
        for expr, truth in ((sp.sqrt(2), mpmath.sqrt(2)), (sp.erf(1), mpmath.erf(1))):
            box = constant(expr) if expr.is_number else None
            lo, hi = (mpmath.mp.make_mpf(e) for e in box._mpi_)
            assert lo <= truth <= hi and hi - lo < mpmath.mpf(10) ** -40
        value = enclose(sp.erf(x / sp.sqrt(2)), iv.mpf([1, 1]))
        lo, hi = (mpmath.mp.make_mpf(e) for e in value._mpi_)
        assert lo <= mpmath.erf(1 / mpmath.sqrt(2)) <= hi and hi - lo < mpmath.mpf(10) ** -40


TOWERS = [
    # exp of exp at x = 10⁴ is e^{8.8·10⁴³⁴²}: found by fuzzing as an OverflowError, and
    # nearby boxes took tens of seconds in one call no time budget could interrupt
    (sp.exp(sp.exp(x)), 10**4, 2 * 10**4, lambda a, b: a > 2**128 and b == mpmath.inf),
    (sp.exp(-sp.exp(x)), 10**4, 2 * 10**4, lambda a, b: 0 <= a < 1e-100 and b > 0),
    (sp.tanh(sp.sinh(sp.exp(x))), 100, 200, lambda a, b: a < 1 <= b),
]


@pytest.mark.parametrize(("expr", "lo", "hi", "sound"), TOWERS)
def test_enclosures_of_towers_are_sound(expr, lo, hi, sound):
    """Boxes reaching past 2¹²⁸ inside exp, sinh, …: a (wider) enclosure that still
    contains the values (which lie beyond what mpmath can evaluate quickly)."""
    from mpmath import iv

    from symact.intervals import enclose

    a, b = (mpmath.mp.make_mpf(e) for e in enclose(expr, iv.mpf([lo, hi]))._mpi_)
    assert sound(a, b), (a, b)


@pytest.mark.parametrize(
    ("expr", "t", "truth"),
    [
        (sp.exp(sp.exp(x)), -(10**20), lambda t: mpmath.exp(mpmath.exp(t))),
        (sp.atan(sp.exp(x / 3)), 10**4, lambda t: mpmath.atan(mpmath.exp(t / 3))),
        (sp.exp(x), 10**30, mpmath.exp),
    ],
)
def test_enclosures_near_the_huge_cut_stay_sound(expr, t, truth):
    from mpmath import iv

    from symact.intervals import enclose

    a, b = (mpmath.mp.make_mpf(e) for e in enclose(expr, iv.mpf([t, t]))._mpi_)
    with mpmath.workdps(60):
        assert a <= truth(mpmath.mpf(t)) <= b


def _swish_second_derivative_zero() -> mpmath.mpf:
    """swish″(x) = σ′(x)(2 + x(1 − 2σ(x))) vanishes where (x − 2)eˣ = x + 2 (by hand)."""
    return mpmath.findroot(lambda t: (t - 2) * mpmath.exp(t) - (t + 2), 2.4)


@pytest.mark.parametrize(
    "h",
    [
        # swish″ as SymPy differentiates it: e^{-x}/(1 + e^{-x})² and e^{-x}/(1 + e^{-x})
        # are huge over huge on the left tail unless split into logistic factors
        sp.diff(x / (1 + sp.exp(-x)), x, 2),
        # (1 − tanh²u)((x − tanh u)² + 1 − tanh²u) with u = x³ + x, root-free, written as
        # two terms sharing the factor 1 − tanh²u (as GELU-tanh's f″ comes): each term
        # alone is tiny on a far box but their enclosures overlap 0 unless factored
        (1 + x**2) * (1 - sp.tanh(x**3 + x) ** 2)
        - 2 * x * sp.tanh(x**3 + x) * (1 - sp.tanh(x**3 + x) ** 2),
    ],
)
def test_far_tails_are_certified_not_sampled(h):
    """Over the whole line, every far box is excluded by interval arithmetic (no sampled
    boxes), and the roots of swish″ are bracketed to 1e-30 around mpmath's."""
    found = isolate_roots(h, -sp.oo, sp.oo)
    assert found.certified, found.sampled
    if h.has(sp.exp):
        with mpmath.workdps(50):
            truth = _swish_second_derivative_zero()
            assert [float(r.mid) for r in found.roots] == pytest.approx([-truth, truth])
            for root, expected in zip(found.roots, (-truth, truth), strict=True):
                assert root.lo <= expected <= root.hi
                assert root.radius < 1e-29


def test_newton_brackets_cost_few_enclosures():
    """A root in a unit box is bracketed to 1e-30 with far fewer sign evaluations than
    the hundred bisections it would take (counted through the search's box counter)."""
    from symact.roots import _Search

    search = _Search.of(sp.tanh(x) - sp.Rational(1, 2), mpmath.mpf(10) ** -30, 10_000)
    with mpmath.workprec(200):
        (root,) = search.monotone_box(mpmath.mpf(0), mpmath.mpf(1))
        assert root.lo <= mpmath.atanh(mpmath.mpf(1) / 2) <= root.hi
        assert root.hi - root.lo <= search.tolerance
    assert search.boxes < 40


@pytest.mark.parametrize("r", [sp.Rational(1, 3), sp.Rational(3, 13)])
def test_newton_bracket_contains_the_root_when_enclosures_straddle_zero(r):
    """Found by a second reader: h = x − r + C(sin²x + cos²x − 1) equals x − r, but its
    point enclosures are ~C·1e-48 wide and straddle 0 near r. Newton moved the bracket
    by the sign of an enclosure's midpoint and lost the root; now only certified signs
    move it."""
    h = x - r + 10**25 * (sp.sin(x) ** 2 + sp.cos(x) ** 2 - 1)
    (root,) = isolate_roots(h, sp.Integer(0), sp.Integer(1)).roots
    with mpmath.workprec(400):
        assert root.lo <= mpmath.mpf(r.p) / r.q <= root.hi


def test_far_critical_point_bound_covers_its_rounding():
    """Found by a second reader: a critical point near 1e22 stored as a 45-digit Float
    is rounded by more than its bracket's radius; the bound now includes the rounding."""
    from symact.image import critical_points

    centre = sp.Integer(10) ** 22 + sp.Rational(1, 3)
    g = (x - centre) ** 2 / 2 - sp.sin(x) / 2  # g′ = x − centre − cos(x)/2
    (point,) = critical_points(g, sp.Integer(10) ** 21, sp.Integer(10) ** 23).points
    with mpmath.workdps(80):
        true = mpmath.findroot(
            lambda t: t - mpmath.mpf(10) ** 22 - mpmath.mpf(1) / 3 - mpmath.cos(t) / 2,
            mpmath.mpf(10) ** 22,
        )
        assert abs(mpmath.mpf(point.value) - true) <= point.bound
