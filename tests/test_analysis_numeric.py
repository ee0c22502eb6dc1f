"""Every derived property of every catalog activation, checked by independent numerics.

The references are the textbook definitions of ``conftest.py`` evaluated with mpmath at
30-60 digits: dense sampling, finite differences, one-sided difference quotients and
quadrature. symact's values are only ever *evaluated* here, never used as expectations.
"""

from __future__ import annotations

import itertools
import random

import mpmath
import pytest
import sympy as sp
from conftest import (
    BREAKPOINTS,
    activation,
    away_from,
    cases_with_marks,
    central_difference,
    close,
    derivative_at,
    difference_quotient,
    engine_callable,
    one_sided_limit_of_derivative,
    reference,
    require,
    to_mpf,
)

import symact

PARAMS = ("name", "params")
CASES = cases_with_marks()


def _breaks(name: str) -> tuple[mpmath.mpf, ...]:
    return tuple(mpmath.mpf(b) for b in BREAKPOINTS.get(name, ()))


def _orbit(region: sp.ImageSet) -> tuple[mpmath.mpf, mpmath.mpf]:
    """``(c, T)`` for the periodic orbit ``{c + kT : k ∈ ℤ}`` (a periodic function's argmin)."""
    (k,) = region.lamda.variables
    base = region.lamda.expr
    start = to_mpf(base.subs(k, 0))
    return start, to_mpf(base.subs(k, 1)) - start


def _on_orbit(value, region: sp.ImageSet, tol) -> bool:
    start, period = _orbit(region)
    nearest = start + mpmath.nint((value - start) / period) * period
    return abs(value - nearest) <= tol


def _in_set(value, region: sp.Set, tol) -> bool:
    """Whether ``value`` lies in ``region`` (a finite union of intervals and points), ± tol."""
    if region is sp.S.EmptySet:
        return False
    if isinstance(region, sp.ImageSet):
        return _on_orbit(value, region, tol)
    if isinstance(region, sp.FiniteSet):
        return any(close(value, to_mpf(e), tol) for e in region)
    if isinstance(region, sp.Union):
        return any(_in_set(value, part, tol) for part in region.args)
    if isinstance(region, sp.Interval):
        lo, hi = to_mpf(region.start), to_mpf(region.end)
        return lo - tol <= value <= hi + tol
    raise AssertionError(f"unexpected set {region!r}")


def _strictly_inside(value, region: sp.Set) -> bool:
    """Whether ``value`` lies in ``region`` with open ends respected (no tolerance)."""
    if region is sp.S.EmptySet:
        return False
    if isinstance(region, sp.ImageSet):
        return _on_orbit(value, region, 0)
    if isinstance(region, sp.FiniteSet):
        return any(value == to_mpf(e) for e in region)
    if isinstance(region, sp.Union):
        return any(_strictly_inside(value, part) for part in region.args)
    if isinstance(region, sp.Interval):
        lo, hi = to_mpf(region.start), to_mpf(region.end)
        above = value > lo if region.left_open else value >= lo
        below = value < hi if region.right_open else value <= hi
        return above and below
    raise AssertionError(f"unexpected set {region!r}")


def _inner_point(where) -> mpmath.mpf:
    """A point where a value reported ``where`` (a point, an interval or a periodic orbit)
    is taken."""
    if isinstance(where, sp.ImageSet):
        return _orbit(where)[0]
    if isinstance(where, sp.Interval):
        lo, hi = to_mpf(where.start), to_mpf(where.end)
        if mpmath.isinf(lo) and mpmath.isinf(hi):
            return mpmath.mpf("0.375")
        if mpmath.isinf(lo):
            return hi - mpmath.mpf("0.625")
        if mpmath.isinf(hi):
            return lo + mpmath.mpf("0.625")
        return (lo + hi) / 2
    return to_mpf(where)


def _derivative_samples(name: str) -> list[mpmath.mpf]:
    """Points for sampling f′: a grid on [−40, 40], ±1e3, and points closing in on breakpoints."""
    with mpmath.workdps(40):
        points = [mpmath.mpf(-40) + mpmath.mpf(80) * i / 999 for i in range(1000)]
        points += [mpmath.mpf(k) / 100 for k in range(-300, 301)]
        points += [mpmath.mpf(s) * mpmath.mpf(10) ** 3 for s in (-1, 1)]
        points = away_from(points, _breaks(name))
        for b in _breaks(name):
            for e in (2, 4, 6, 8):
                points += [b - mpmath.mpf(10) ** -e, b + mpmath.mpf(10) ** -e]
    return sorted(points)


def _is_kink(f, at) -> bool:
    """Whether the reference f has different (or infinite) one-sided derivatives at ``at``."""
    left, right = difference_quotient(f, at, -1), difference_quotient(f, at, 1)
    return abs(left - right) > 1e-6 or abs(left) > 1e10 or abs(right) > 1e10


def _has_jump(f, at) -> bool:
    """Whether the reference f is discontinuous at ``at``."""
    left = one_sided_limit_of_derivative(f, at, 0, -1)
    right = one_sided_limit_of_derivative(f, at, 0, 1)
    with mpmath.workdps(60):
        value = f(mpmath.mpf(at))
    return max(abs(left - value), abs(right - value)) > 1e-6


# --------------------------------------------------------------------------------------
# The catalog definitions themselves.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(PARAMS, CASES)
def test_catalog_definition_matches_reference(name, params):
    """symact's SymPy definition equals the textbook definition to 40 digits on a grid."""
    function = activation(name, **params).function
    assert function.free_symbols <= {symact.x}
    f = reference(name, **params)
    points = [sp.Rational(k, 4) for k in range(-80, 81)]
    points += [sp.Rational(1, 1000), sp.Rational(-1, 1000), sp.Integer(100), sp.Integer(-100)]
    with mpmath.workdps(60):
        for p in points:
            got = to_mpf(function.subs(symact.x, p))
            want = f(mpmath.mpf(p.p) / p.q)
            assert abs(got - want) <= mpmath.mpf("1e-40") * max(1, abs(want)), (p, got, want)


@pytest.mark.parametrize(PARAMS, CASES)
def test_every_property_is_determined(name, params, analysis):
    """Every derived property is exact or numeric (bound ≤ 1e-20), except where allowed."""
    result = analysis(name, **params)
    for field in result.properties():
        require(result, field)


# --------------------------------------------------------------------------------------
# (a) Range.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(PARAMS, CASES)
def test_range_contains_samples_and_ends_are_approached(name, params, analysis, grid):
    """Sampled f(x) lie in the claimed range (open ends respected) and approach both ends."""
    image = require(analysis(name, **params), "range").value
    f = reference(name, **params)
    with mpmath.workdps(30):
        lo, hi = to_mpf(image.lower.value), to_mpf(image.upper.value)
        tol = mpmath.mpf(max(image.lower.bound, image.upper.bound, 1e-28))
        values = [f(t) for t in grid]
        for t, v in zip(grid, values, strict=True):
            assert lo - tol <= v <= hi + tol, (t, v)
            assert _in_set(v, image.set, tol), (t, v, image.set)
            if abs(t) <= 20 and not image.lower.closed and image.lower.status == "exact":
                assert v > lo, (t, v)
            if abs(t) <= 20 and not image.upper.closed and image.upper.status == "exact":
                assert v < hi, (t, v)
        smallest, largest = min(values), max(values)
        assert smallest - lo <= 1e-3 if mpmath.isfinite(lo) else smallest < -1e3
        assert hi - largest <= 1e-3 if mpmath.isfinite(hi) else largest > 1e3
        if isinstance(image.set, sp.FiniteSet):
            for element in image.set:
                assert any(close(v, to_mpf(element), tol) for v in values), element


@pytest.mark.parametrize(PARAMS, CASES)
def test_range_closed_ends_are_attained_where_claimed(name, params, analysis):
    """A closed end of the range equals f at every point (or interval) it is said to be taken."""
    image = require(analysis(name, **params), "range").value
    f = reference(name, **params)
    with mpmath.workdps(40):
        for end in (image.lower, image.upper):
            if not end.closed:
                assert end.value in (sp.oo, -sp.oo) or end.where, end
                continue
            tol = mpmath.mpf(end.bound) + mpmath.mpf("1e-30")
            for where in end.where:
                point = _inner_point(where)
                assert close(f(point), to_mpf(end.value), tol), (where, f(point), end.value)


@pytest.mark.parametrize(PARAMS, CASES)
def test_argmin_is_exactly_where_the_minimum_is_taken(name, params, analysis, grid):
    """argmin is None iff the minimum is not attained; else f(argmin) = min and f′ = 0 there."""
    result = analysis(name, **params)
    image = require(result, "range").value
    argmin = require(result, "argmin")
    f = reference(name, **params)
    with mpmath.workdps(40):
        values = [f(t) for t in grid]
        if not image.lower.closed:
            assert argmin.value is None
            return
        assert argmin.value is not None
        bound = mpmath.mpf(argmin.bound or 0)
        if isinstance(argmin.value, sp.Set):
            minimum = to_mpf(image.lower.value)
            for t, v in zip(grid, values, strict=True):
                at_minimum = abs(v - minimum) <= mpmath.mpf("1e-30")
                assert at_minimum == _strictly_inside(t, argmin.value), (t, v, argmin.value)
            return
        point = to_mpf(argmin.value)
        assert f(point) <= min(values) + mpmath.mpf("1e-30")
    if all(abs(point - b) > 1e-6 for b in _breaks(name)):
        # |f′(argmin)| ≤ max|f″| · |argmin − x*|; f″ is below 10 near every minimum here.
        with mpmath.workdps(60):
            derivative = central_difference(f, point, "1e-15")
            assert abs(derivative) <= 10 * bound + mpmath.mpf("1e-25"), (point, derivative, bound)


# --------------------------------------------------------------------------------------
# (b) Derivatives.
# --------------------------------------------------------------------------------------


def _smooth_points(name: str) -> list[mpmath.mpf]:
    with mpmath.workdps(40):
        points = [mpmath.mpf(-20) + mpmath.mpf(40) * i / 199 for i in range(200)]
    return away_from(points, _breaks(name))


@pytest.mark.parametrize(PARAMS, CASES)
def test_first_derivative_matches_finite_differences(name, params, analysis):
    """The engine's f′ equals a central difference (h = 1e-12, 40 digits) away from kinks."""
    derivative = engine_callable(require(analysis(name, **params), "derivative").value)
    f = reference(name, **params)
    with mpmath.workdps(40):
        for t in _smooth_points(name):
            want = central_difference(f, t, "1e-12")
            got = mpmath.mpf(derivative(t))
            assert abs(got - want) <= mpmath.mpf("1e-18") * max(1, abs(want)), (t, got, want)


@pytest.mark.parametrize(PARAMS, CASES)
def test_second_derivative_matches_finite_differences(name, params, analysis):
    """The engine's f″ equals a second central difference (h = 1e-12, 60 digits)."""
    second = engine_callable(require(analysis(name, **params), "second_derivative").value)
    f = reference(name, **params)
    with mpmath.workdps(60):
        for t in _smooth_points(name):
            want = central_difference(f, t, "1e-12", order=2)
            got = mpmath.mpf(second(t))
            assert abs(got - want) <= mpmath.mpf("1e-15") * max(1, abs(want)), (t, got, want)


@pytest.mark.parametrize(PARAMS, cases_with_marks())
def test_derivatives_at_breakpoints(name, params, analysis):
    """At a breakpoint f′ (f″) is undefined iff the one-sided limits disagree, else their value."""
    result = analysis(name, **params)
    f = reference(name, **params)
    for order, field in ((1, "derivative"), (2, "second_derivative")):
        expr = require(result, field).value
        for b in BREAKPOINTS.get(name, ()):
            got = expr.subs(symact.x, b)
            left = one_sided_limit_of_derivative(f, b, order, -1)
            right = one_sided_limit_of_derivative(f, b, order, 1)
            differentiable = abs(left - right) <= 1e-6 and not (order == 1 and _is_kink(f, b))
            if order == 2:
                differentiable = differentiable and not _is_kink(f, b) and not _has_jump(f, b)
            if differentiable:
                assert got.is_finite, (field, b, got)
                with mpmath.workdps(40):
                    assert abs(to_mpf(got) - (left + right) / 2) <= 1e-8, (field, b, got)
            else:
                assert got is sp.nan, (field, b, got)


# --------------------------------------------------------------------------------------
# (c) Monotonicity.
# --------------------------------------------------------------------------------------


def _differences(f, points) -> list:
    values = [f(t) for t in points]
    return [b - a for a, b in itertools.pairwise(values)]


@pytest.mark.parametrize(PARAMS, CASES)
def test_monotonic_kind_holds_on_samples(name, params, analysis, grid):
    """The claimed monotonicity holds on samples, and a weaker claim is refuted by a sample."""
    derived = require(analysis(name, **params), "monotonic")
    if derived is None:
        return
    kind = derived.value.kind
    f = reference(name, **params)
    with mpmath.workdps(50):
        window = [t for t in grid if abs(t) <= 40]
        steps = _differences(f, window)
        everywhere = _differences(f, grid)
    rising, falling = any(s > 0 for s in steps), any(s < 0 for s in steps)
    flat = any(s == 0 for s in steps)
    if kind == "increasing":
        assert all(s > 0 for s in steps) and all(s >= 0 for s in everywhere)
    elif kind == "decreasing":
        assert all(s < 0 for s in steps) and all(s <= 0 for s in everywhere)
    elif kind == "nondecreasing":
        assert all(s >= 0 for s in everywhere) and flat and rising
    elif kind == "nonincreasing":
        assert all(s <= 0 for s in everywhere) and flat and falling
    elif kind == "constant":
        assert all(s == 0 for s in everywhere)
    else:
        assert kind == "none", kind
        assert rising and falling


@pytest.mark.parametrize(PARAMS, cases_with_marks())
def test_monotonic_intervals_hold_on_samples(name, params, analysis, grid):
    """Each reported interval is increasing / decreasing / constant on samples, covering ℝ."""
    derived = require(analysis(name, **params), "monotonic")
    if derived is None:
        return
    intervals = derived.value.intervals
    f = reference(name, **params)
    with mpmath.workdps(50):
        window = [t for t in grid if abs(t) <= 40]
        if not intervals:
            # "none" without its runs (sin: infinitely many): f must rise and fall on samples
            assert derived.value.kind == "none", derived.value
            steps = _differences(f, window)
            assert any(s > 0 for s in steps) and any(s < 0 for s in steps)
            return
        for t in window:
            assert any(_strictly_inside(t, interval) for interval, _ in intervals), t
        for interval, direction in intervals:
            inside = [t for t in window if _strictly_inside(t, interval)]
            steps = _differences(f, inside)
            if direction == "increasing":
                assert all(s > 0 for s in steps), interval
            elif direction == "decreasing":
                assert all(s < 0 for s in steps), interval
            else:
                assert direction == "constant", direction
                assert all(s == 0 for s in steps), interval


# --------------------------------------------------------------------------------------
# (d) Gradient range, maximal gradient, Lipschitz constant, dead set.
# --------------------------------------------------------------------------------------


def _sampled_slopes(name: str, params: dict) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    f = reference(name, **params)
    with mpmath.workdps(40):
        return [(t, central_difference(f, t)) for t in _derivative_samples(name)]


@pytest.mark.parametrize(PARAMS, CASES)
def test_gradient_range_contains_sampled_derivatives(name, params, analysis):
    """Sampled f′ (finite differences) lie in the claimed gradient range, approaching its ends."""
    derived = require(analysis(name, **params), "gradient_range")
    if derived is None:
        return
    image = derived.value
    slopes = _sampled_slopes(name, params)
    with mpmath.workdps(40):
        lo, hi = to_mpf(image.lower.value), to_mpf(image.upper.value)
        tol = mpmath.mpf(max(image.lower.bound, image.upper.bound)) + mpmath.mpf("1e-18")
        for t, slope in slopes:
            assert lo - tol <= slope <= hi + tol, (t, slope)
            assert _in_set(slope, image.set, tol), (t, slope, image.set)
            if abs(t) <= 20 and not image.lower.closed and image.lower.status == "exact":
                assert slope > lo, (t, slope)
            if abs(t) <= 20 and not image.upper.closed and image.upper.status == "exact":
                assert slope < hi, (t, slope)
        values = [s for _, s in slopes]
        assert min(values) - lo <= 1e-3 if mpmath.isfinite(lo) else min(values) < -1e3
        assert hi - max(values) <= 1e-3 if mpmath.isfinite(hi) else max(values) > 1e3


@pytest.mark.parametrize(PARAMS, CASES)
def test_gradient_range_closed_ends_are_attained_where_claimed(name, params, analysis):
    """A closed end of the gradient range equals f′ where it is said to be taken."""
    derived = require(analysis(name, **params), "gradient_range")
    if derived is None:
        return
    f = reference(name, **params)
    for end in (derived.value.lower, derived.value.upper):
        if not end.closed:
            continue
        tol = mpmath.mpf(end.bound) + mpmath.mpf("1e-18")
        for where in end.where:
            point = _inner_point(where)
            assert not _is_kink(f, point), where
            with mpmath.workdps(40):
                value = derivative_at(f, point, _breaks(name))
                assert close(value, to_mpf(end.value), tol), (where, value, end.value)


@pytest.mark.parametrize(PARAMS, CASES)
def test_max_gradient_bounds_sampled_slopes(name, params, analysis):
    """max_gradient ≥ every sampled |f′| (minus its bound), is approached, and attained as said."""
    derived = require(analysis(name, **params), "max_gradient")
    if derived is None:
        return
    extremum = derived.value
    f = reference(name, **params)
    slopes = _sampled_slopes(name, params)
    with mpmath.workdps(40):
        value = to_mpf(extremum.value)
        tol = mpmath.mpf(derived.bound or 0) + mpmath.mpf("1e-18")
        magnitudes = [abs(s) for _, s in slopes]
        assert all(m <= value + tol for m in magnitudes)
        if mpmath.isinf(value):
            assert max(magnitudes) > 1e3
        else:
            assert value - max(magnitudes) <= 1e-3
        for where in extremum.where:
            if extremum.attained:
                point = _inner_point(where)
                assert abs(abs(derivative_at(f, point, _breaks(name))) - value) <= tol, where
            else:
                # A supremum that is not attained is approached at infinity or at a kink.
                point = to_mpf(where)
                assert mpmath.isinf(point) or any(close(point, b, 0) for b in _breaks(name))
                if mpmath.isfinite(point):
                    assert _is_kink(f, point)


def _refined_peak(slope, a, b) -> mpmath.mpf:
    """The x of the largest |slope| on [a, b], by a golden-section search (40 digits)."""
    ratio = (mpmath.sqrt(5) - 1) / 2
    for _ in range(80):
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if abs(slope(c)) > abs(slope(d)):
            b = d
        else:
            a = c
    return (a + b) / 2


@pytest.mark.parametrize(PARAMS, CASES)
def test_max_gradient_lists_every_place_it_is_attained(name, params, analysis):
    """Each sampled peak of |f′| (refined by golden section) and each sample that reaches an
    attained sup |f′| lies at a listed place (sinc: at −2.0816 and at +2.0816), and the
    places are listed once each (not ℝ twice for the identity)."""
    derived = require(analysis(name, **params), "max_gradient")
    if derived is None:
        return
    extremum = derived.value
    assert len(set(extremum.where)) == len(extremum.where), extremum.where
    if not extremum.attained:
        return
    f = reference(name, **params)
    slopes = [(t, s) for t, s in _sampled_slopes(name, params) if abs(t) <= 40]
    with mpmath.workdps(40):
        value = to_mpf(extremum.value)
        tol = mpmath.mpf(derived.bound or 0) + mpmath.mpf("1e-15") * max(1, value)
        region = sp.Union(
            *(w if isinstance(w, sp.Set) else sp.FiniteSet(w) for w in extremum.where)
        )
        for (t0, s0), (t, s), (t2, s2) in zip(slopes, slopes[1:], slopes[2:], strict=False):
            reached = abs(s) >= value - tol
            if abs(s0) < abs(s) > abs(s2) and not reached:
                t = _refined_peak(lambda u: central_difference(f, u), t0, t2)
                reached = abs(central_difference(f, t)) >= value - tol
            if reached:
                assert _in_set(t, region, mpmath.mpf("1e-6")), (t, extremum.where)


@pytest.mark.parametrize(PARAMS, CASES)
def test_lipschitz_constant_bounds_difference_quotients(name, params, analysis, grid):
    """lipschitz is ∞ for a jump, else ≥ every sampled |Δf/Δx| and approached by them."""
    derived = require(analysis(name, **params), "lipschitz")
    if derived is None:
        return
    f = reference(name, **params)
    with mpmath.workdps(40):  # 1/6 (hard sigmoid) read at 15 digits would fall below 1/6
        constant = to_mpf(derived.value)
    if any(_has_jump(f, b) for b in _breaks(name)):
        assert constant == mpmath.inf
        return
    with mpmath.workdps(40):
        step = mpmath.mpf("1e-6")
        pairs = [(t, t + step) for t in _derivative_samples(name)]
        window = [t for t in grid if abs(t) <= 40]
        pairs += list(itertools.pairwise(window))
        quotients = [abs(f(b) - f(a)) / (b - a) for a, b in pairs]
        tol = mpmath.mpf(derived.bound or 0) + mpmath.mpf("1e-25")
        assert all(q <= constant + tol for q in quotients)
        if mpmath.isinf(constant):  # unbounded slopes, as for x³
            assert max(quotients) > 1e3
        else:
            assert constant - max(quotients) <= 1e-3


@pytest.mark.parametrize(PARAMS, CASES)
def test_derivative_lipschitz_bounds_sampled_curvature(name, params, analysis):
    """A finite sup |f″| is ≥ every sampled |f″| (second central differences of the
    reference at 40 digits, on both sides of every breakpoint) and approached to 1e-3."""
    derived = require(analysis(name, **params), "derivative_lipschitz")
    if derived is None:
        return
    f = reference(name, **params)
    with mpmath.workdps(40):
        claimed = to_mpf(derived.value)
        if mpmath.isinf(claimed):
            return  # f′ jumps at a kink: the kink tests check that
        tol = mpmath.mpf(derived.bound or 0) + mpmath.mpf("1e-12")
        samples = _derivative_samples(name)
        curvatures = [abs(central_difference(f, t, "1e-10", 2)) for t in samples]
    worst = max(curvatures)
    assert worst <= claimed + tol, samples[curvatures.index(worst)]
    assert claimed - worst <= 1e-3


@pytest.mark.parametrize(PARAMS, CASES)
def test_dead_set_is_where_the_gradient_vanishes_identically(name, params, analysis, grid):
    """f′ ≡ 0 at and near samples in the dead set; outside it f′ is not locally zero."""
    dead = require(analysis(name, **params), "dead_set").value
    f = reference(name, **params)
    with mpmath.workdps(80):
        points = away_from([t for t in grid if abs(t) <= 40], _breaks(name))
        offset = mpmath.mpf("1e-3")
        for t in points:
            slope = central_difference(f, t)
            if _strictly_inside(t, dead):
                assert slope == 0, (t, slope)
            else:
                assert slope != 0 or central_difference(f, t + offset) != 0, t


def _intervals_of(region: sp.Set) -> list[sp.Interval]:
    if region is sp.S.EmptySet:
        return []
    return list(region.args) if isinstance(region, sp.Union) else [region]


@pytest.mark.parametrize(PARAMS, CASES)
def test_dead_set_holds_its_ends_exactly_where_the_gradient_is_zero(name, params, analysis):
    """A finite end b of a dead interval belongs to it exactly when f′(b) exists and is 0:
    both one-sided difference quotients at b vanish (sparse_plus: f′(−1) = 0, so
    (−∞, −1]; ReLU's kink at 0 and the binary step's jump stay outside)."""
    dead = require(analysis(name, **params), "dead_set").value
    f = reference(name, **params)
    for interval in _intervals_of(dead):
        for end, is_open in (
            (interval.start, interval.left_open),
            (interval.end, interval.right_open),
        ):
            if end in (-sp.oo, sp.oo):
                continue
            at = to_mpf(end)
            quotients = [difference_quotient(f, at, side) for side in (-1, 1)]
            zero = all(abs(q) < mpmath.mpf("1e-20") for q in quotients)
            assert is_open != zero, (interval, end, quotients)


# --------------------------------------------------------------------------------------
# (e) Limits at ±∞, vanishing gradients, boundedness.
# --------------------------------------------------------------------------------------


def _check_limit(claimed, near, far):
    """``claimed`` is the limit of a sequence whose values at 1e4 and 1e8 are ``near, far``.

    A finite limit must be within 1e-6 at 1e4 -- or, for slowly converging functions such
    as softsign (1 − f(x) = 1/(1 + x)), at 1e8 and closer there than at 1e4.
    """
    limit = to_mpf(claimed)
    if mpmath.isfinite(limit):
        near_gap, far_gap = abs(near - limit), abs(far - limit)
        assert near_gap <= 1e-6 or (far_gap <= 1e-6 and far_gap < near_gap), (near, far, limit)
    elif limit > 0:
        assert far > 1e3 and far > near, (near, far)
    else:
        assert far < -1e3 and far < near, (near, far)


def _check_oscillation(claimed, g, sign):
    """``claimed`` = AccumBounds(lo, hi): g's limit points at sign·∞ fill [lo, hi]. Over
    two windows of 4π far out (at 1e4 and 1e8, step 0.01), every value lies in [lo, hi]
    and both ends are approached within 1e-3."""
    lo, hi = to_mpf(claimed.min), to_mpf(claimed.max)
    for start in (mpmath.mpf("1e4"), mpmath.mpf("1e8")):
        values = [g(sign * (start + k * mpmath.mpf("0.01"))) for k in range(1257)]
        assert all(lo - 1e-9 <= v <= hi + 1e-9 for v in values), (claimed, start)
        assert min(values) - lo < 1e-3 and hi - max(values) < 1e-3, (claimed, start)


@pytest.mark.parametrize(PARAMS, CASES)
def test_limits_at_infinity_match_far_values(name, params, analysis):
    """Limits of f and f′ at ±∞ match their values at ±1e4 (and the trend to ±1e8); an
    oscillation's bounds match the values it takes far out."""
    derived = require(analysis(name, **params), "limits")
    if derived is None:
        return
    limits = derived.value
    f = reference(name, **params)
    with mpmath.workdps(40):
        for side, sign in (("-oo", -1), ("oo", 1)):
            for claimed, g in ((limits["f"][side], f), (limits["df"][side], None)):
                g = g or (lambda t: central_difference(f, t))
                if claimed is None:
                    continue
                if isinstance(claimed, sp.AccumBounds):
                    _check_oscillation(claimed, g, sign)
                    continue
                near, far = sign * mpmath.mpf("1e4"), sign * mpmath.mpf("1e8")
                _check_limit(claimed, g(near), g(far))


@pytest.mark.parametrize(PARAMS, CASES)
def test_vanishing_gradient_matches_far_slopes(name, params, analysis):
    """vanishing[side] is True exactly when |f′(±1e8)| < 1e-6 (far enough for slopes that
    decay only like 1/|x|, as sinc's)."""
    derived = require(analysis(name, **params), "vanishing")
    if derived is None:
        return
    vanishing = derived.value
    f = reference(name, **params)
    with mpmath.workdps(40):
        for side, sign in (("-oo", -1), ("oo", 1)):
            slope = central_difference(f, sign * mpmath.mpf("1e8"))
            assert vanishing[side] == bool(abs(slope) < 1e-6), (side, slope)


@pytest.mark.parametrize(PARAMS, CASES)
def test_boundedness_matches_samples(name, params, analysis, grid):
    """bounded["below"/"above"] matches whether samples out to ±1e8 stay within ±1e3."""
    bounded = require(analysis(name, **params), "bounded").value
    f = reference(name, **params)
    with mpmath.workdps(30):
        values = [f(t) for t in [*grid, mpmath.mpf("-1e8"), mpmath.mpf("1e8")]]
    assert bounded["below"] == bool(min(values) > -1e3)
    assert bounded["above"] == bool(max(values) < 1e3)


# --------------------------------------------------------------------------------------
# (f) Values at 0 and symmetry.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(PARAMS, CASES)
def test_value_and_slope_at_zero(name, params, analysis):
    """f0 = f(0); df0 = f′(0), or None exactly when f is not differentiable at 0."""
    result = analysis(name, **params)
    f = reference(name, **params)
    f0, df0 = require(result, "f0").value, require(result, "df0").value
    with mpmath.workdps(40):
        assert abs(to_mpf(f0) - f(0)) <= mpmath.mpf("1e-35")
        if _is_kink(f, 0):
            assert df0 is None
        else:
            assert df0 is not None
            assert abs(to_mpf(df0) - derivative_at(f, 0, _breaks(name))) <= mpmath.mpf("1e-18")


@pytest.mark.parametrize(PARAMS, CASES)
def test_identity_near_origin(name, params, analysis):
    """identity_near_origin holds exactly when f(0) = 0 and f′(0) = 1 for the reference."""
    claimed = require(analysis(name, **params), "identity_near_origin").value
    f = reference(name, **params)
    with mpmath.workdps(40):
        slope_at_zero = derivative_at(f, 0, _breaks(name))
        expected = f(0) == 0 and not _is_kink(f, 0) and abs(slope_at_zero - 1) < 1e-18
    assert claimed is expected


@pytest.mark.parametrize(PARAMS, CASES)
@pytest.mark.parametrize("symmetry", ["odd", "even"])
def test_symmetry_verdicts(name, params, symmetry, analysis, grid):
    """A claimed odd/even holds on samples; a denied one fails at its witness (and on samples)."""
    verdict = require(analysis(name, **params), symmetry).value
    f = reference(name, **params)
    sign = 1 if symmetry == "odd" else -1

    def defect(t):
        return f(t) + sign * f(-t)

    with mpmath.workdps(40):
        points = [t for t in grid if abs(t) <= 40]
        if verdict.holds:
            for t in points:
                assert abs(defect(t)) <= mpmath.mpf("1e-35") * max(1, abs(f(t))), t
        else:
            assert verdict.holds is False and verdict.witness is not None
            assert abs(defect(to_mpf(verdict.witness))) > 1e-10
            assert any(abs(defect(t)) > 1e-10 for t in points)


# --------------------------------------------------------------------------------------
# (g) Gaussian mean.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(PARAMS, CASES)
def test_gaussian_mean_matches_quadrature(name, params, analysis):
    """E[f(Z)], Z ~ N(0, 1), equals mpmath quadrature of f·φ to 1e-15."""
    derived = require(analysis(name, **params), "gaussian_mean")
    f = reference(name, **params)
    nodes = sorted({mpmath.mpf(0), *_breaks(name)})  # split at every kink and jump
    with mpmath.workdps(30):
        expected = mpmath.quad(lambda t: f(t) * mpmath.npdf(t), [-mpmath.inf, *nodes, mpmath.inf])
        assert abs(to_mpf(derived.value) - expected) <= mpmath.mpf("1e-15")


# --------------------------------------------------------------------------------------
# (h) Nonlinearity.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(PARAMS, CASES)
def test_nonlinearity_witness_or_linearity(name, params, analysis):
    """Witnesses really break additivity/homogeneity for the reference; linear means f = c·x."""
    proof = require(analysis(name, **params), "nonlinearity").value
    f = reference(name, **params)
    rng = random.Random(20240607)
    with mpmath.workdps(40):
        if proof.linear:
            assert proof.additivity is None and proof.homogeneity is None
            slope = to_mpf(proof.slope)
            for _ in range(200):
                a, b = (mpmath.mpf(rng.uniform(-1e3, 1e3)) for _ in range(2))
                k = mpmath.mpf(rng.uniform(-10, 10))
                assert abs(f(a) - slope * a) <= mpmath.mpf("1e-30") * max(1, abs(a))
                assert abs(f(a + b) - f(a) - f(b)) <= mpmath.mpf("1e-30") * (abs(a) + abs(b) + 1)
                assert abs(f(k * a) - k * f(a)) <= mpmath.mpf("1e-30") * max(1, abs(k * a))
            return
        witnesses = [w for w in (proof.additivity, proof.homogeneity) if w is not None]
        assert witnesses
        for witness in witnesses:
            inputs = {key: to_mpf(value) for key, value in witness.inputs.items()}
            if witness.law == "additivity":
                a, b = inputs["a"], inputs["b"]
                lhs, rhs = f(a + b), f(a) + f(b)
            else:
                assert witness.law == "homogeneity"
                k, a = inputs["k"], inputs["a"]
                lhs, rhs = f(k * a), k * f(a)
            assert abs(lhs - rhs) > 1e-10, witness.statement
            assert abs(to_mpf(witness.lhs) - lhs) <= mpmath.mpf("1e-30"), witness.statement
            assert abs(to_mpf(witness.rhs) - rhs) <= mpmath.mpf("1e-30"), witness.statement


@pytest.mark.parametrize(PARAMS, CASES)
def test_positive_homogeneity(name, params, analysis, grid):
    """positively_homogeneous holds exactly when f(kx) = k·f(x) for sampled k > 0 and x."""
    claimed = require(analysis(name, **params), "nonlinearity").value.positively_homogeneous
    f = reference(name, **params)
    with mpmath.workdps(40):
        points = [t for t in grid if abs(t) <= 40]
        holds = all(
            abs(f(k * t) - k * f(t)) <= mpmath.mpf("1e-30") * max(1, abs(k * t))
            for k in (mpmath.mpf("0.5"), mpmath.mpf(2), mpmath.mpf(3), mpmath.mpf(10))
            for t in points
        )
    assert claimed is holds


# --------------------------------------------------------------------------------------
# (i) Kinks and continuity class.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(PARAMS, CASES)
def test_kinks_match_one_sided_difference_quotients(name, params, analysis):
    """Kinks are exactly the breakpoints where the one-sided difference quotients differ."""
    kinks = require(analysis(name, **params), "kinks").value
    f = reference(name, **params)
    expected = {}
    for b in _breaks(name):
        if _is_kink(f, b):
            expected[b] = (difference_quotient(f, b, -1), difference_quotient(f, b, 1))
    with mpmath.workdps(40):
        assert sorted(to_mpf(k.at) for k in kinks) == sorted(expected)
        for kink in kinks:
            for claimed, quotient in zip(
                (kink.left, kink.right), expected[to_mpf(kink.at)], strict=True
            ):
                value = to_mpf(claimed)
                if mpmath.isinf(value):
                    assert abs(quotient) > 1e20 and mpmath.sign(quotient) == mpmath.sign(value)
                else:
                    assert abs(value - quotient) <= 1e-15, (kink, quotient)


@pytest.mark.parametrize(PARAMS, CASES)
def test_continuity_class(name, params, analysis):
    """C^k: f…f^(k) continuous at every breakpoint and f^(k+1) jumps at one; C^∞: no breaks."""
    result = analysis(name, **params)
    k = require(result, "continuity").value.k
    f = reference(name, **params)
    breaks = _breaks(name)
    if k == sp.oo:
        assert require(result, "pieces").value.breakpoints == ()
        assert require(result, "kinks").value == []
        for probe in (0, 1, -1, "0.5", *breaks):
            for order in (0, 1, 2, 3):
                left = one_sided_limit_of_derivative(f, probe, order, -1)
                right = one_sided_limit_of_derivative(f, probe, order, 1)
                assert abs(left - right) <= 1e-8, (probe, order)
        return
    assert breaks, "a finite continuity class needs a breakpoint of the definition"
    if k == -1:
        assert any(_has_jump(f, b) for b in breaks)
        return
    assert isinstance(k, int) and k >= 0, k
    for b in breaks:
        assert not _has_jump(f, b)
        for order in range(1, k + 1):
            left = one_sided_limit_of_derivative(f, b, order, -1)
            right = one_sided_limit_of_derivative(f, b, order, 1)
            assert abs(left - right) <= 1e-8, (b, order)
    jumps = [
        abs(
            one_sided_limit_of_derivative(f, b, k + 1, -1)
            - one_sided_limit_of_derivative(f, b, k + 1, 1)
        )
        for b in breaks
    ]
    assert max(jumps) > 1e-3


# --------------------------------------------------------------------------------------
# A user definition with a downward jump: the same checks on a non-catalog function.
# --------------------------------------------------------------------------------------


def _drop(t):
    """x for x < 0, x − 1 from 0 on: increasing on each side, jumping down by 1 at 0."""
    t = mpmath.mpf(t)
    return t if t < 0 else t - 1


@pytest.fixture(scope="module")
def drop_analysis(symact_cache_dir):
    """The analysis of the user-defined downward jump."""
    x = symact.x
    return symact.define("drop", sp.Piecewise((x, x < 0), (x - 1, True))).analyze()


def test_user_jump_down_kind_and_kink(drop_analysis, grid):
    """A downward jump makes f non-monotonic, discontinuous, with left quotient → −∞ at 0."""
    assert require(drop_analysis, "monotonic").value.kind == "none"
    with mpmath.workdps(40):
        steps = _differences(_drop, grid)
    assert any(s > 0 for s in steps) and any(s < 0 for s in steps)
    assert require(drop_analysis, "continuity").value.k == -1
    assert _has_jump(_drop, 0)
    (kink,) = require(drop_analysis, "kinks").value
    assert kink.at == 0 and kink.left == -sp.oo
    assert difference_quotient(_drop, 0, -1) < -1e20
    assert abs(to_mpf(kink.right) - difference_quotient(_drop, 0, 1)) <= 1e-15


def test_user_jump_down_monotone_intervals(drop_analysis, grid):
    """Each reported monotone interval really is monotone in its direction across the jump."""
    intervals = require(drop_analysis, "monotonic").value.intervals
    with mpmath.workdps(40):
        points = sorted([*grid, mpmath.mpf("-1e-9")])
        for interval, direction in intervals:
            inside = [t for t in points if _strictly_inside(t, interval)]
            steps = _differences(_drop, inside)
            if direction == "increasing":
                assert all(s > 0 for s in steps), interval
            elif direction == "decreasing":
                assert all(s < 0 for s in steps), interval
            else:
                assert all(s == 0 for s in steps), interval


def test_user_square_gradient_is_unbounded(symact_cache_dir):
    """x² has f′ = 2x unbounded on both sides: its max |f′| and Lipschitz constant are ∞."""
    result = symact.define("square", symact.x**2).analyze()
    with mpmath.workdps(40):
        far = [central_difference(lambda t: t * t, s * mpmath.mpf("1e6")) for s in (-1, 1)]
    assert far[0] < -1e3 and far[1] > 1e3  # the reference slopes grow without bound
    top = require(result, "max_gradient").value
    assert top.value == sp.oo and top.attained is False
    assert require(result, "lipschitz").value == sp.oo
