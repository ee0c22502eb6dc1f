r"""Certified bounds of $\sup |g|$ by branch and bound, for when critical points are too hard.

The image of a function (`symact.image`) needs the critical points of g, i.e. the roots
of g′ — for f″ of swish or mish that is a transcendental equation SymPy's solvers chew
on for a long time. A supremum of $|g|$ needs less: a *lower* bound from one point
(an interval enclosure of g at a sampled peak) and an *upper* bound from enclosures on
boxes, bisected until the two meet within a relative tolerance. The true supremum then
lies in ``[value, value + bound]``.

* Inside a window, the upper bound of |g| on a box X is the centred form
  $|g(m)| + \max|g'(X)| \cdot \tfrac{|X|}{2}$ (overestimates by O(|X|²)).
* Beyond the window, `tail_bound` encloses g on boxes doubling in width out to
  $2^{128}$ (past float32's largest value, like the root search in `symact.roots`).
"""

from __future__ import annotations

import heapq
import itertools
import math

import mpmath
import sympy as sp
from mpmath import iv

from .image import ImageUndetermined
from .intervals import PRECISION_BITS, CannotEnclose, enclose
from .roots import FAR
from .stable import stable_form
from .symbols import x

WINDOW = 8
"""Branch and bound runs on [−WINDOW, WINDOW]; beyond, `tail_bound` bounds |g| (at 160
bits, ample while the saturating functions are at most 1 − 10⁻¹⁵ from their limits, as
at |x| = 8)."""

MAX_BOXES = 4000
"""Work limit of one branch and bound (boxes bisected in all)."""


def _form(g: sp.Expr) -> sp.Expr:
    return stable_form(sp.factor_terms(g))


def _exponential_forms(g: sp.Expr) -> list[sp.Expr]:
    """g written as one rational function of $e^{x}$ and as one of $e^{-x}$ (where
    SymPy can): on a far box one of them has no huge-over-huge quotient."""
    t = sp.Symbol("t", positive=True)
    forms = []
    for exponential, logarithm in ((sp.exp(x), sp.log(t)), (sp.exp(-x), -sp.log(t))):
        rational = sp.cancel(sp.together(g.rewrite(sp.exp).subs(x, logarithm)))
        forms.append(_form(rational.subs(t, exponential)))
    return forms


def tail_bound(
    g: sp.Expr, positive: bool, start: float = WINDOW, target: mpmath.mpf | None = None
) -> mpmath.mpf:
    r"""A certified upper bound of |g| on ``start`` ≤ |x| ≤ 2^128 (one side), by interval
    enclosures of g on the boxes [2^k·start, 2^(k+1)·start].

    Each box is enclosed with several equal forms of g (`symact.stable.stable_form`, and
    rational functions of $e^{\pm x}$), keeping the tightest: every enclosure is sound, so
    their intersection is too, and the form that fits one side need not fit the other.
    With a ``target``, a box stops at the first form that bounds it below the target
    (enough to show that the tails stay below a maximum found inside).
    """
    forms = [_form(g), *_exponential_forms(g)]
    worst = mpmath.mpf(0)
    lo = mpmath.mpf(start)
    with mpmath.mp.workprec(PRECISION_BITS):
        while lo < FAR:
            hi = 2 * lo
            box = iv.mpf([lo, hi]) if positive else iv.mpf([-hi, -lo])
            best = mpmath.inf
            for form in forms:
                best = min(best, _magnitude_or_inf(form, box))
                if target is not None and best < target:
                    break
            worst = max(worst, best)
            lo = hi
    return worst


def _magnitude_or_inf(form: sp.Expr, box: iv.mpf) -> mpmath.mpf:
    try:
        magnitude = _magnitude(enclose(form, box))
    except CannotEnclose:
        return mpmath.inf
    return mpmath.inf if mpmath.isnan(magnitude) else magnitude


def sampled_peak(g: sp.Expr, lo: float, hi: float, samples: int = 1601) -> mpmath.mpf:
    """The x of the largest |g| on a grid over [lo, hi], refined by a golden-section
    search. A guess: only the lower bound of `certified_max_abs` is taken from it."""
    with mpmath.workdps(30):
        h = sp.lambdify(x, _form(g).evalf(40), "mpmath")
        lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
        step = (hi - lo) / (samples - 1)
        grid = [lo + k * step for k in range(samples)]
        best = max(grid, key=lambda t: abs(h(t)))
        a, b = max(best - step, lo), min(best + step, hi)
        ratio = (mpmath.sqrt(5) - 1) / 2
        for _ in range(120):
            c, d = b - ratio * (b - a), a + ratio * (b - a)
            if abs(h(c)) > abs(h(d)):
                b = d
            else:
                a = c
        return (a + b) / 2


def _magnitude(enclosure: iv.mpf) -> mpmath.mpf:
    return max(abs(mpmath.mpf(enclosure.a)), abs(mpmath.mpf(enclosure.b)))


def certified_max_abs(
    g: sp.Expr, lo: float, hi: float, relative: float = 1e-9, max_boxes: int = MAX_BOXES
) -> tuple[mpmath.mpf, mpmath.mpf, mpmath.mpf]:
    r"""$\max_{[lo, hi]} |g|$ certified by branch and bound: ``(value, bound, where)``.

    The true maximum lies in ``[value, value + bound]``, with ``bound ≤ relative·value``;
    ``where`` is the sampled peak that gave ``value``. Raises `ImageUndetermined` when
    ``max_boxes`` bisections do not close the gap.
    """
    form, slope_form = _form(g), _form(sp.diff(g, x))
    peak = sampled_peak(g, lo, hi)
    with mpmath.mp.workprec(PRECISION_BITS):
        at_peak = enclose(form, iv.mpf([peak, peak]))
        lower = min(abs(mpmath.mpf(at_peak.a)), abs(mpmath.mpf(at_peak.b)))

        def upper_of(a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
            mid = (a + b) / 2
            centre = _magnitude(enclose(form, iv.mpf([mid, mid])))
            return centre + _magnitude(enclose(slope_form, iv.mpf([a, b]))) * (b - a) / 2

        a0, b0 = mpmath.mpf(lo), mpmath.mpf(hi)
        count = max(1, math.ceil(float(b0 - a0)))
        edges = [a0 + (b0 - a0) * k / count for k in range(count + 1)]
        heap = [(-upper_of(a, b), a, b) for a, b in itertools.pairwise(edges)]
        heapq.heapify(heap)
        boxes = len(heap)
        while True:
            top, a, b = heap[0]
            if -top - lower <= relative * lower:
                return lower, max(-top - lower, mpmath.mpf(0)), peak
            if boxes > max_boxes:
                raise ImageUndetermined("work limit reached bounding the maximum")
            heapq.heappop(heap)
            mid = (a + b) / 2
            for c, d in ((a, mid), (mid, b)):
                bound = upper_of(c, d)
                boxes += 1
                if bound > lower:
                    heapq.heappush(heap, (-bound, c, d))
