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

Every place where the maximum is attained is reported, not only the first found: an
even g (the difference of two approximations of an odd-symmetric activation) peaks at
±p with equal values. A place counts when |g| there is within the certified tolerance
of the maximum; `largest_magnitude` does the same for the two ends of an image, and
`distinct_places` lists places once each, left to right.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import mpmath
import sympy as sp
from mpmath import iv

from .image import COMPARE_DIGITS, End, ImageUndetermined, to_mpf
from .intervals import PRECISION_BITS, CannotEnclose, contains_zero, enclose
from .roots import FAR, Root, RootIsolationFailed, _Search
from .stable import enclosure_form
from .symbols import x

WINDOW = 8
"""Branch and bound runs on [−WINDOW, WINDOW]; beyond, `tail_bound` bounds |g| (at 160
bits, ample while the saturating functions are at most 1 − 10⁻¹⁵ from their limits, as
at |x| = 8)."""

NEWTON_WIDTH = mpmath.mpf(2) ** -4
"""Boxes at most this wide, where the centred form does not settle the bound, have
their critical point bracketed by Newton steps instead of being bisected on."""

MAX_BOXES = 4000
"""Work limit of one branch and bound (boxes bisected in all)."""


def _exponential_forms(g: sp.Expr) -> list[sp.Expr]:
    """g written as one rational function of $e^{x}$ and as one of $e^{-x}$ (where
    SymPy can): on a far box one of them has no huge-over-huge quotient."""
    t = sp.Symbol("t", positive=True)
    forms = []
    for exponential, logarithm in ((sp.exp(x), sp.log(t)), (sp.exp(-x), -sp.log(t))):
        rational = sp.cancel(sp.together(g.rewrite(sp.exp).subs(x, logarithm)))
        forms.append(enclosure_form(rational.subs(t, exponential)))
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
    forms = _LazyForms(g)
    worst = mpmath.mpf(0)
    with mpmath.mp.workprec(PRECISION_BITS):
        boxes = _doubling_boxes(mpmath.mpf(start))
        if target is not None:  # coarse first: one box of [8, 64] often settles it
            boxes = _coarse_boxes(boxes)
        boxes.reverse()
        while boxes:
            lo, hi, parts = boxes.pop()
            box = iv.mpf([lo, hi]) if positive else iv.mpf([-hi, -lo])
            best = mpmath.inf
            for form in forms:
                best = min(best, _magnitude_or_inf(form, box))
                if target is not None and best < target:
                    break
            if len(parts) > 1 and (target is None or best >= target):
                half = len(parts) // 2  # too loose: split into its doubling boxes
                boxes += [_span(parts[half:]), _span(parts[:half])]
                continue
            worst = max(worst, best)
    return worst


class _LazyForms:
    """g's stable form, then its rational forms in e^{±x} (symbolic work done only when
    the first form leaves a box unsettled)."""

    def __init__(self, g: sp.Expr) -> None:
        self.g, self.forms = g, [enclosure_form(g)]

    def __iter__(self) -> Iterator[sp.Expr]:
        yield self.forms[0]
        if len(self.forms) == 1:
            self.forms += _exponential_forms(self.g)
        yield from self.forms[1:]


Span = tuple[mpmath.mpf, mpmath.mpf, list[tuple[mpmath.mpf, mpmath.mpf]]]


def _doubling_boxes(start: mpmath.mpf) -> list[Span]:
    """[2^k·start, 2^(k+1)·start] out to `FAR`, each its own single part."""
    boxes, lo = [], start
    while lo < FAR:
        boxes.append((lo, 2 * lo, [(lo, 2 * lo)]))
        lo *= 2
    return boxes


def _span(parts: list[tuple[mpmath.mpf, mpmath.mpf]]) -> Span:
    return parts[0][0], parts[-1][1], parts


def _coarse_boxes(boxes: list[Span]) -> list[Span]:
    """The doubling boxes grouped 1, 2, 4, 8, … at a time (ends squaring, roughly)."""
    coarse, size, index = [], 1, 0
    while index < len(boxes):
        parts = [part for _, _, (part,) in boxes[index : index + size]]
        coarse.append(_span(parts))
        index, size = index + size, size * 2
    return coarse


def _magnitude_or_inf(form: sp.Expr, box: iv.mpf) -> mpmath.mpf:
    try:
        magnitude = _magnitude(enclose(form, box))
    except CannotEnclose:
        return mpmath.inf
    return mpmath.inf if mpmath.isnan(magnitude) else magnitude


def sampled_peak(g: sp.Expr, lo: float, hi: float, samples: int = 257) -> mpmath.mpf:
    """The x of the largest |g| on a grid over [lo, hi], refined by a golden-section
    search (or an end of [lo, hi], if larger). A guess: only the lower bound of
    `certified_max_abs` is taken from it."""
    return _peak_finder(g)(lo, hi, samples)


def _peak_finder(g: sp.Expr) -> Callable[..., mpmath.mpf]:
    """`sampled_peak` for one g on any number of intervals (g compiled once)."""
    with mpmath.workdps(30):
        h = sp.lambdify(x, enclosure_form(g).evalf(40), "mpmath")

    def peak(lo: float, hi: float, samples: int = 257) -> mpmath.mpf:
        with mpmath.workdps(30):
            lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
            step = (hi - lo) / (samples - 1)
            grid = [lo + k * step for k in range(samples)]
            best = max(grid, key=lambda t: abs(h(t)))
            a, b = max(best - step, lo), min(best + step, hi)
            ratio = (mpmath.sqrt(5) - 1) / 2
            for _ in range(60):
                c, d = b - ratio * (b - a), a + ratio * (b - a)
                if abs(h(c)) > abs(h(d)):
                    b = d
                else:
                    a = c
            return max((a + b) / 2, lo, hi, key=lambda t: abs(h(t)))  # an end may be the peak

    return peak


def _magnitude(enclosure: iv.mpf) -> mpmath.mpf:
    return max(abs(mpmath.mpf(enclosure.a)), abs(mpmath.mpf(enclosure.b)))


@dataclass
class _BoxBounds:
    """Upper bounds of |g| on boxes, and the best lower bound of sup |g| seen so far
    (each point enclosure is one: ``lower``, attained near ``where``)."""

    g: sp.Expr
    form: sp.Expr
    slope: sp.Expr
    lower: mpmath.mpf = field(default_factory=lambda: mpmath.mpf(0))
    where: mpmath.mpf | None = None
    _search: _Search | None = None
    _values: dict = field(default_factory=dict)

    @classmethod
    def of(cls, g: sp.Expr) -> _BoxBounds:
        return cls(g, enclosure_form(g), enclosure_form(sp.diff(g, x)))

    def _at(self, point: mpmath.mpf) -> mpmath.mpf:
        """|g(point)| bounded above (memoised: neighbouring boxes share their ends)."""
        if point not in self._values:
            value = enclose(self.form, iv.mpf([point, point]))
            self._values[point] = _magnitude(value)
            self._raise_lower(value, point)
        return self._values[point]

    def _raise_lower(self, value: iv.mpf, point: mpmath.mpf) -> None:
        a, b = mpmath.mpf(value.a), mpmath.mpf(value.b)
        floor = mpmath.mpf(0) if a <= 0 <= b else min(abs(a), abs(b))
        if floor > self.lower:
            self.lower, self.where = floor, point

    def upper(self, a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
        """An upper bound of |g| on [a, b]."""
        slope = enclose(self.slope, iv.mpf([a, b]))
        ends = max(self._at(a), self._at(b))
        if not contains_zero(slope):
            return ends  # g monotone on [a, b]
        mid = (a + b) / 2
        centred = self._at(mid) + _magnitude(slope) * (b - a) / 2
        if centred <= self.lower or b - a > NEWTON_WIDTH:
            return centred
        critical = self._critical_point(a, b)
        if critical is None:
            return centred
        value = enclose(self.form, iv.mpf([critical.lo, critical.hi]))
        self._raise_lower(value, critical.mid)
        return min(centred, max(ends, _magnitude(value)))

    def _critical_point(self, a: mpmath.mpf, b: mpmath.mpf) -> Root | None:
        """The one root of g′ in [a, b] when g″ keeps one sign there, bracketed."""
        if self._search is None:
            curvature = enclosure_form(sp.diff(self.g, x, 2))
            search = _Search(self.slope, curvature, mpmath.mpf(10) ** -30, 10**6)
            search.rational = self.slope  # an undecided sign means no bracket, not a retry
            self._search = search
        search = self._search
        try:
            if contains_zero(enclose(search.dh, iv.mpf([a, b]))):
                return None
            found = search.monotone_box(a, b)
        except (RootIsolationFailed, CannotEnclose):
            return None
        return found[0] if found else None


def certified_max_abs(
    g: sp.Expr, lo: float, hi: float, relative: float = 1e-9, max_boxes: int = MAX_BOXES
) -> tuple[mpmath.mpf, mpmath.mpf, tuple[mpmath.mpf, ...]]:
    r"""$\max_{[lo, hi]} |g|$ certified by branch and bound: ``(value, bound, where)``.

    The true maximum lies in ``[value, value + bound]``, with ``bound ≤ relative·value``;
    ``where`` lists, left to right, every place where |g| comes within the tolerance
    ``max(bound, relative·value)`` of ``value`` (`_attaining_points`). Raises
    `ImageUndetermined` when ``max_boxes`` bisections do not close the gap.

    The upper bound on a box X is the tightest that applies (`_BoxBounds`): where the
    enclosure of g′ on X excludes 0, g is monotone there and |g| peaks at an end; where
    that of g″ excludes 0, g′ has at most one root, which safeguarded Newton steps bracket
    to 10⁻³⁰ (`symact.roots`), and |g| on X is bounded by its ends and its enclosure on
    that bracket; elsewhere the centred form. Only boxes holding several critical points
    need bisecting down to the tolerance. A box is dropped only when its upper bound falls
    below a value |g| takes, so every maximiser stays in a box still in the search.
    """
    peak = sampled_peak(g, lo, hi)
    with mpmath.mp.workprec(PRECISION_BITS):
        bounds = _BoxBounds.of(g)
        bounds._raise_lower(enclose(bounds.form, iv.mpf([peak, peak])), peak)
        upper_of = bounds.upper
        a0, b0 = mpmath.mpf(lo), mpmath.mpf(hi)
        count = max(1, math.ceil(float(b0 - a0)))
        edges = [a0 + (b0 - a0) * k / count for k in range(count + 1)]
        heap = [(-upper_of(a, b), a, b) for a, b in itertools.pairwise(edges)]
        heapq.heapify(heap)
        boxes = len(heap)
        while True:
            lower = bounds.lower
            if not heap:  # rounding left no box at the lower bound itself
                return lower, mpmath.mpf(0), _attaining_points(bounds, peak, [], mpmath.mpf(0))
            top, a, b = heap[0]
            if -top - lower <= relative * lower:
                gap = max(-top - lower, mpmath.mpf(0))
                left = [(c, d) for bound, c, d in heap if -bound >= lower]
                tolerance = max(gap, relative * lower)
                where = _attaining_points(bounds, peak, left, tolerance)
                return lower, gap, where
            if boxes > max_boxes:
                raise ImageUndetermined("work limit reached bounding the maximum")
            heapq.heappop(heap)
            mid = (a + b) / 2
            for c, d in ((a, mid), (mid, b)):
                bound = upper_of(c, d)
                boxes += 1
                if bound >= bounds.lower:  # = keeps a maximiser at an end (x² on [−1, 1])
                    heapq.heappush(heap, (-bound, c, d))


def _attaining_points(
    bounds: _BoxBounds,
    peak: mpmath.mpf,
    boxes: list[tuple[mpmath.mpf, mpmath.mpf]],
    tolerance: mpmath.mpf,
) -> tuple[mpmath.mpf, ...]:
    """The place of the lower bound, and the peak of every other run of adjacent
    ``boxes`` where |g| (enclosed) reaches ``bounds.lower − tolerance``: every maximiser
    lies in one of the boxes, and each run holds one peak once the search has closed in."""
    best = peak if bounds.where is None else bounds.where
    found = [best]
    finder = _peak_finder(bounds.g)
    for lo, hi in _runs(boxes):
        if lo <= best <= hi:
            continue
        candidate = finder(lo, hi, 17)
        with mpmath.mp.workprec(PRECISION_BITS):
            reach = _magnitude(enclose(bounds.form, iv.mpf([candidate, candidate])))
        if reach >= bounds.lower - tolerance:
            found.append(candidate)
    return tuple(sorted(found))


def _runs(
    boxes: list[tuple[mpmath.mpf, mpmath.mpf]],
) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    """The boxes merged where they touch, left to right."""
    merged: list[tuple[mpmath.mpf, mpmath.mpf]] = []
    for a, b in sorted(boxes):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


Place = sp.Expr | sp.Set


def distinct_places(where: Iterable[Place]) -> tuple[Place, ...]:
    """The places in ``where`` once each, left to right: repeats merged (the same
    interval from both ends of an image, a point at the end of a listed interval), single
    points as expressions, the rest as sets."""
    union = sp.Union(*(w if isinstance(w, sp.Set) else sp.FiniteSet(w) for w in where))
    parts = union.args if isinstance(union, sp.Union) else (union,)
    places: list[Place] = []
    for part in parts:
        places.extend(part.args if isinstance(part, sp.FiniteSet) else (part,))
    return tuple(sorted(places, key=_leftmost))


def _leftmost(place: Place) -> float:
    """Where a place starts on the real line (+∞ when SymPy cannot tell: an ImageSet)."""
    try:
        start = place.inf if isinstance(place, sp.Set) else place
        return float(sp.N(start, 20))
    except (TypeError, ValueError, NotImplementedError):
        return math.inf


def largest_magnitude(lower: End, upper: End) -> tuple[sp.Expr, bool, tuple[Place, ...]]:
    r"""$\sup|g|$ from the two ends of g's image: ``(value, attained, where)``.

    The larger of $|\inf g|$ and $|\sup g|$; when the two agree within their certified
    bounds (an odd g, or an even difference of approximations: $\inf g = -\sup g$) the
    places of both count, the attained ones only when either is attained, as in the
    image itself (`symact.image`).
    """
    ends = (lower, upper)
    sizes = [_size(end) for end in ends]
    largest = max(sizes)
    tolerance = mpmath.mpf(lower.bound + upper.bound) + mpmath.mpf(10) ** (5 - COMPARE_DIGITS)
    tied = [
        end
        for end, size in zip(ends, sizes, strict=True)
        if size == largest or (mpmath.isfinite(largest) and abs(size - largest) <= tolerance)
    ]
    attained = [end for end in tied if end.closed]
    chosen = attained or tied
    head = min(chosen, key=lambda end: end.bound)
    where = distinct_places(place for end in chosen for place in end.where)
    return abs(head.value), bool(attained), where


def _size(end: End) -> mpmath.mpf:
    if end.value in (sp.oo, -sp.oo):
        return mpmath.inf
    with mpmath.workdps(COMPARE_DIGITS):
        return abs(to_mpf(end.value))
