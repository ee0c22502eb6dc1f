r"""Critical points and images: where a function turns, and which values it takes.

For a segment $(a, b)$ on which $f = g$ is smooth, the image $g((a, b))$ is the
interval between the smallest and largest of

* the one-sided limits $\lim_{x \to a^+} g$ and $\lim_{x \to b^-} g$ (approached, not
  attained), and
* the values $g(c)$ at the critical points $g'(c) = 0$ in $(a, b)$ (attained).

Critical points come from ``solveset`` when it returns a finite set (complete by
construction), otherwise from ``solve`` (closed forms such as Lambert W) checked for
completeness by certified root isolation (`symact.roots`), otherwise from root
isolation alone -- then they are numeric with a certified bound. The image of a
piecewise function is the union of its segments' images and its breakpoint values.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy as sp
from mpmath import iv

from .budget import BudgetExceeded, time_budget
from .intervals import PRECISION_BITS, CannotEnclose, enclose
from .limits import determinate_limit
from .pieces import Pieces, Segment, inner_point
from .provenance import Status, weakest
from .roots import Root, RootIsolationFailed, isolate_roots
from .stable import stable_form
from .symbols import x

COMPARE_DIGITS = 40

SOLVE_SECONDS = 1.0
"""Time allowed to ``solveset`` and ``solve`` before root isolation takes over."""


class ImageUndetermined(ValueError):
    """The image could not be derived; the message says why."""


@dataclass(frozen=True)
class Point:
    """A point of ℝ known exactly (``bound == 0``) or numerically to within ``bound``."""

    value: sp.Expr
    status: Status = "exact"
    bound: float = 0.0

    def approx(self) -> float:
        """The point as a float."""
        return float(self.value)


@dataclass(frozen=True)
class CriticalPoints:
    """The zeros of g′ in a segment, and how completely they are known."""

    points: tuple[Point, ...]
    status: Status
    method: str
    constant: bool = False


@dataclass(frozen=True)
class Candidate:
    """A value of g taken at (``attained``) or approached towards ``where``."""

    value: sp.Expr
    attained: bool
    where: sp.Expr | sp.Set
    status: Status = "exact"
    bound: float = 0.0
    where_bound: float = 0.0
    """Certified error of ``where`` when it is a numeric root (``bound`` is the value's)."""

    def key(self) -> mpmath.mpf:
        if self.value == sp.oo:
            return mpmath.inf
        if self.value == -sp.oo:
            return -mpmath.inf
        return to_mpf(self.value)


@dataclass(frozen=True)
class End:
    """One end of an image: its value, whether it is attained, and where."""

    value: sp.Expr
    closed: bool
    where: tuple[sp.Expr | sp.Set, ...]
    status: Status
    bound: float = 0.0
    where_bound: float = 0.0
    """Certified error of the places in ``where`` (``bound`` is the value's)."""


@dataclass(frozen=True)
class Image:
    """The set of values a function takes on ℝ."""

    lower: End
    upper: End
    set: sp.Set
    status: Status

    @property
    def bounded_below(self) -> bool:
        return self.lower.value != -sp.oo

    @property
    def bounded_above(self) -> bool:
        return self.upper.value != sp.oo


_PROBES = (sp.Rational(-7, 3), sp.Rational(-1, 2), sp.Rational(1, 3), sp.Rational(5, 2))


def is_constant(g: sp.Expr, lo: sp.Expr = -sp.oo, hi: sp.Expr = sp.oo) -> bool:
    """Whether g is constant on (lo, hi).

    A derivative that is non-zero at a probe point settles "no" at once; ``simplify``
    (slow on large derivatives) is only asked to confirm a derivative that vanished at
    every probe.
    """
    if not g.has(x):
        return True
    slope = sp.diff(g, x)
    probes = [p for p in _PROBES if _in_open(p, lo, hi)] or [inner_point(lo, hi)]
    for probe in probes:
        value = sp.N(slope.subs(x, probe), 20)
        if value.is_number and value != 0:
            return False
    return sp.simplify(slope) == 0


def _in_open(point: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    value = sp.N(point, COMPARE_DIGITS)
    if not value.is_real:
        return False
    return bool((lo == -sp.oo or value > lo) and (hi == sp.oo or value < hi))


def _real_closed_forms(dg: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr] | None:
    """Zeros of dg in (lo, hi) from ``solveset`` (complete) or None if it gave up (ran
    out of time, or failed inside: ``KeyError: b_`` from its image-set handler on the
    derivative of sinc(2/(1 + |2x|)), found by fuzzing)."""
    try:
        with time_budget(SOLVE_SECONDS):
            solutions = sp.solveset(dg, x, sp.Interval.open(lo, hi))
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, KeyError):
        return None
    if isinstance(solutions, sp.FiniteSet):
        roots = sorted(solutions, key=lambda s: float(s))
    elif solutions is sp.S.EmptySet:
        roots = []
    else:
        return None
    return None if _sign_change_between(dg, [lo, *roots, hi]) else roots


SIGN_PROBES = 24
"""Points per gap at which `_sign_change_between` evaluates."""


def _probes(a: sp.Expr, b: sp.Expr) -> list[mpmath.mpf]:
    """Points inside (a, b): evenly spaced when it is finite, 2^k steps (k = −20 … 126)
    away from a finite end toward an infinite one, ±2^k on the whole line."""
    steps = [mpmath.mpf(2) ** k for k in range(-20, 127, 146 // SIGN_PROBES + 1)]
    if a == -sp.oo and b == sp.oo:
        return [-s for s in steps] + [mpmath.mpf(0)] + steps
    if a == -sp.oo:
        end = to_mpf(b)
        return [end - s for s in steps]
    if b == sp.oo:
        end = to_mpf(a)
        return [end + s for s in steps]
    start, stop = to_mpf(a), to_mpf(b)
    return [start + (stop - start) * k / (SIGN_PROBES + 1) for k in range(1, SIGN_PROBES + 1)]


def _sign_change_between(dg: sp.Expr, ends: list[sp.Expr]) -> bool:
    """Whether dg takes both signs (each clearly, at 30 digits) strictly between two
    consecutive points of ``ends``: then a zero is missing from a list ``solveset``
    called complete. SymPy 1.14 returns the empty set for the derivative of
    (e^{3x} − 1)/(1 + e^{−3x}) on (−∞, 0), which vanishes at log(√2 − 1)/3 (found by
    fuzzing: the range of elish(3x) came out as [0, ∞))."""
    try:
        function = sp.lambdify(x, dg, "mpmath")
    except (TypeError, ValueError, NameError, SyntaxError):
        return False
    with mpmath.workdps(30):
        for a, b in itertools.pairwise(ends):
            signs = set()
            for point in _probes(a, b):
                try:
                    value = function(point)
                except (TypeError, ValueError, ZeroDivisionError, OverflowError, NameError):
                    continue  # NameError: no mpmath form (DiracDelta), found by fuzzing
                clear = isinstance(value, mpmath.mpf) and mpmath.isfinite(value)
                if clear and abs(value) > mpmath.mpf(10) ** -20:
                    signs.add(value > 0)
            if len(signs) == 2:
                return True
    return False


def to_mpf(value: sp.Expr, bits: int = 200) -> mpmath.mpf:
    """A real SymPy number as an mpmath number, accurate to ``bits`` bits."""
    with mpmath.mp.workprec(bits):
        return mpmath.mpf(sp.N(value, int(bits * 0.30103) + 5)._to_mpmath(bits))


_TRIGONOMETRIC = (sp.sin, sp.cos, sp.tan, sp.sinh, sp.cosh, sp.tanh)


def trig_of_polynomial(expr: sp.Expr) -> bool:
    """Whether a (hyperbolic) trigonometric function in ``expr`` has a polynomial
    argument of degree ≥ 2 (GELU-tanh: tanh(c(x + 0.044715x³))). On GELU-tanh's f′ and
    f″, SymPy's ``trigsimp`` runs 3–5 s and returns a longer form, and ``solve`` runs
    out its 1 s budget without a solution; both are skipped for such expressions
    (``solveset``, which does find roots of tanh(x²) = ½, is still tried first)."""
    return any(
        node.args[0].is_polynomial(x) and sp.degree(node.args[0], x) >= 2
        for node in expr.atoms(*_TRIGONOMETRIC)
    )


def _closed_form_candidates(dg: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr]:
    """Closed-form zeros from ``solve`` (possibly incomplete, e.g. Lambert W forms)."""
    if trig_of_polynomial(dg):
        return []
    try:
        with time_budget(SOLVE_SECONDS):
            solutions = sp.solve(dg, x)
    except (NotImplementedError, ValueError, TypeError, BudgetExceeded):
        return []
    return [s for s in solutions if _in_open(s, lo, hi)]


@lru_cache(maxsize=512)
def critical_points(g: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> CriticalPoints:
    """The zeros of ``g′`` in the open interval ``(lo, hi)``.

    Raises:
        ImageUndetermined: neither closed forms nor certified isolation succeeded.
        BudgetExceeded: the enclosing time budget ran out.
    """
    if is_constant(g, lo, hi):
        return CriticalPoints((), "exact", "g is constant", constant=True)
    dg = sp.diff(g, x)
    exact_roots = _real_closed_forms(dg, lo, hi)
    if exact_roots is not None:
        return CriticalPoints(tuple(Point(r) for r in exact_roots), "exact", "solveset")
    try:
        isolated = isolate_roots(dg, lo, hi)
    except (RootIsolationFailed, CannotEnclose) as error:
        raise ImageUndetermined(f"critical points of {g} not found: {error}") from error
    points = []
    candidates = _closed_form_candidates(dg, lo, hi) if isolated.roots else []
    for root in isolated.roots:
        if root.exact is not None:
            points.append(Point(root.exact))
            continue
        match = [c for c in candidates if root.lo <= to_mpf(c) <= root.hi]
        points.append(Point(match[0]) if match else _numeric_point(root))
    return CriticalPoints(tuple(points), weakest(*(p.status for p in points)), isolated.method())


def _numeric_point(root: Root) -> Point:
    """An isolated root as a 45-digit Float, its bound the bracket's radius plus the
    rounding to 45 digits (relative: at |x| ≈ 10²² that rounding exceeds a radius of
    10⁻³⁰, found by a second reader)."""
    value = sp.Float(root.mid, 45)
    with mpmath.mp.workprec(PRECISION_BITS + 40):
        rounding = abs(to_mpf(value, PRECISION_BITS + 40) - root.mid)
    return Point(value, "numeric", float(root.radius + rounding) * (1 + 2**-50) + 1e-300)


def simplify_value(value: sp.Expr) -> sp.Expr:
    r"""``simplify``, after $e^{W(a) + c} \to e^c a / W(a)$ (which SymPy does not apply)."""

    def unwrap(power: sp.Expr) -> sp.Expr:
        rest, lambert = sp.S.Zero, None
        for term in sp.Add.make_args(power.args[0]):
            if isinstance(term, sp.LambertW) and lambert is None:
                lambert = term
            else:
                rest += term
        if lambert is None:
            return power
        return sp.exp(rest) * lambert.args[0] / lambert

    return sp.simplify(value.replace(lambda n: isinstance(n, sp.exp), unwrap))


def _value_at(g: sp.Expr, point: Point) -> tuple[sp.Expr, Status, float]:
    if point.status == "exact":
        value = simplify_value(g.subs(x, point.value))
        if value.has(sp.nan, sp.zoo):  # a removable singularity of the formula (sinc″ at 0)
            value = two_sided_limit(g, point.value)
        return value, "exact", 0.0
    with mpmath.mp.workprec(200):
        center, radius = to_mpf(point.value), mpmath.mpf(point.bound)
        box = iv.mpf([center - radius, center + radius])
    enclosure = enclose(stable_form(g), box)
    with mpmath.mp.workprec(200):
        lo, hi = (mpmath.mp.make_mpf(end) for end in enclosure._mpi_)
        return sp.Float((lo + hi) / 2, 35), "numeric", float((hi - lo) / 2)


def two_sided_limit(g: sp.Expr, at: sp.Expr) -> sp.Expr:
    """The value g extends to continuously at ``at``.

    Raises:
        ImageUndetermined: the one-sided limits differ or are infinite.
    """
    left, right = one_sided_limit(g, at, "-"), one_sided_limit(g, at, "+")
    if left != right or not left.is_finite:
        raise ImageUndetermined(
            f"{g} has no finite limit at {at}: {left} from the left, {right} from the right"
        )
    return left


FAR_OUT = (10**4, 10**8)
"""|x| at which a limit at ±∞ is compared with the function's values (see
`_limit_at_infinity`)."""


def _limit_at_infinity(g: sp.Expr, at: sp.Expr) -> sp.Expr:
    """SymPy's limit of g at ``at`` = ±∞, cross-checked against g's values far out.

    SymPy's Gruntz algorithm can be wrong: it gives 0 for x/2 − x/(2(1 + e^{−x})) − 3
    (the limit is −3; the fuzzer found it). When the values of g at |x| = 10⁴ and 10⁸
    (mpmath, 50 digits) are not near the limit, it is recomputed from g over one
    denominator: the same answer twice is accepted (g converges slowly, as 1/log x
    does), a different one only if the values agree with it.

    A determinate form is settled by the limit laws first (`symact.limits`), without
    Gruntz and without the cross-check.

    Raises:
        ImageUndetermined: the two computations disagree and the values side with neither.
    """
    settled = determinate_limit(g, at)
    if settled is not None:
        return settled
    # Gruntz is faster on the fused forms of 1 ± tanh, 1 − tanh², 1 ± erf: over the
    # catalog's indeterminate limits 6.6 s instead of 8.5, the same answers
    first = sp.limit(stable_form(g), x, at)
    if _near_far_values(g, at, first):
        return first
    second = sp.limit(sp.together(g), x, at)
    if second == first or _near_far_values(g, at, second):
        return second
    raise ImageUndetermined(
        f"SymPy's limits of {g} as x → {at} disagree ({first}, {second}) and its values far "
        "out are near neither"
    )


def _near_far_values(g: sp.Expr, at: sp.Expr, limit: sp.Expr) -> bool:
    """Whether g at x = ±10⁴, ±10⁸ is consistent with ``limit`` (True when g cannot be
    evaluated there, or ``limit`` is not a number: nothing to compare)."""
    if not (limit.is_number and limit.is_extended_real):
        return True
    sign = 1 if at == sp.oo else -1
    try:
        with mpmath.workdps(50):
            evaluate = sp.lambdify(x, g, "mpmath")
            values = [mpmath.mpmathify(evaluate(mpmath.mpf(sign * t))) for t in FAR_OUT]
            target = None if limit.is_infinite else mpmath.mpf(sp.N(limit, 50))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, NameError):
        return True
    if not all(isinstance(v, mpmath.mpf) and mpmath.isfinite(v) for v in values):
        return True
    if target is None:  # ±∞: the values have its sign and grow
        direction = 1 if limit == sp.oo else -1
        return values[-1] * direction > 0 and values[-1] * direction >= values[0] * direction
    gaps = [abs(v - target) for v in values]
    return gaps[-1] <= mpmath.mpf("1e-2") * (1 + abs(target)) or gaps[-1] < gaps[0]


@lru_cache(maxsize=1024)
def one_sided_limit(g: sp.Expr, at: sp.Expr, side: str) -> sp.Expr:
    """``lim g`` as ``x → at`` from ``side`` (``"+"`` or ``"-"``); ``±∞`` needs no side."""
    infinite = at in (sp.oo, -sp.oo)
    result = _limit_at_infinity(g, at) if infinite else sp.limit(g, x, at, side)
    if isinstance(result, sp.AccumBounds):
        raise ImageUndetermined(
            f"{g} has no limit as x → {at}: it oscillates, with limit points filling {result}"
        )
    if isinstance(result, sp.Limit) or result.has(sp.AccumBounds, sp.nan):
        raise ImageUndetermined(f"SymPy cannot find the limit of {g} as x → {at}{side}")
    return sp.simplify(result)


PERIOD_SECONDS = 1.0
"""Time allowed to SymPy's ``periodicity``."""


def period_of(segment: Segment) -> sp.Expr | None:
    """The period T > 0 of g when the segment is all of ℝ and SymPy finds one, else None.

    A function with a limit at +∞ (by `determinate_limit`) is constant or not periodic:
    g(x + kT) = g(x) for all k forces g(x) = lim g. That settles GELU-tanh, where
    SymPy's ``periodicity`` spends its whole second."""
    if segment.lo != -sp.oo or segment.hi != sp.oo or not segment.expr.has(x):
        return None
    if determinate_limit(segment.expr, sp.oo) is not None:
        return None
    try:
        with time_budget(PERIOD_SECONDS):
            period = sp.periodicity(segment.expr, x)
    except (BudgetExceeded, NotImplementedError):
        return None
    return period if period is not None and period.is_positive else None


def orbit(point: sp.Expr, period: sp.Expr) -> sp.Set:
    r"""The points $c + kT$, $k \in \mathbb Z$, where a T-periodic g repeats g(c)."""
    k = sp.Dummy("k", integer=True)
    return sp.ImageSet(sp.Lambda(k, point + k * period), sp.S.Integers)


def _periodic_candidates(g: sp.Expr, period: sp.Expr) -> list[Candidate]:
    r"""A T-periodic g takes on ℝ exactly the values it takes on $[0, T]$: its image is
    closed, bounded by $g(0) = g(T)$ and the critical values in $(0, T)$, each attained
    on a whole orbit $c + T\mathbb Z$."""
    found = [Candidate(simplify_value(g.subs(x, 0)), True, orbit(sp.S.Zero, period))]
    for point in critical_points(g, sp.S.Zero, period).points:
        found.append(_candidate_at(g, point, orbit(point.value, period)))
    return found


TAIL_WINDOW = 16
"""Half-width of the window searched for critical points when the tails hold infinitely
many (sinc): beyond it g is bounded by interval enclosures instead."""


def _tail_boxes(segment: Segment) -> list[iv.mpf]:
    """Boxes covering the segment beyond ``±TAIL_WINDOW``, doubling in width, the last
    one reaching ±∞."""
    boxes = []
    for sign, end in ((1, segment.hi), (-1, segment.lo)):
        if end not in (sp.oo, -sp.oo):
            continue
        edges = [mpmath.mpf(TAIL_WINDOW) * 2**k for k in range(0, 122, 8)] + [mpmath.inf]
        for left, right in itertools.pairwise(edges):
            boxes.append(iv.mpf([left, right]) if sign > 0 else iv.mpf([-right, -left]))
    return boxes


def _windowed_candidates(segment: Segment, failure: ImageUndetermined) -> list[Candidate]:
    r"""Candidates of a segment whose critical points cannot all be isolated (infinitely
    many in the tails, as for sinc): the critical values inside
    $(-W, W)$, $W$ = `TAIL_WINDOW`, and the end limits, provided the interval enclosure
    of g on every tail box lies strictly between the smallest and the largest of them, so
    that neither extreme can lie in the tails.

    Raises:
        ImageUndetermined: ``failure``, when a tail box is not bounded that way.
    """
    g = segment.expr
    lo = segment.lo if segment.lo != -sp.oo else sp.Integer(-TAIL_WINDOW)
    hi = segment.hi if segment.hi != sp.oo else sp.Integer(TAIL_WINDOW)
    if lo >= hi:
        raise failure
    found = [
        Candidate(one_sided_limit(g, segment.lo, "+"), False, segment.lo),
        Candidate(one_sided_limit(g, segment.hi, "-"), False, segment.hi),
    ]
    found += _critical_candidates(g, lo, hi)
    keys = [c.key() for c in found]
    least, most = min(keys), max(keys)
    form = stable_form(g)
    with mpmath.mp.workprec(200):
        for box in _tail_boxes(segment):
            values = enclose(form, box)
            if not (least < values.a and values.b < most):
                raise ImageUndetermined(
                    f"{failure}; and g is not bounded strictly inside its window values on "
                    f"the tail [{mpmath.nstr(box.a, 5)}, {mpmath.nstr(box.b, 5)}]"
                )
    return found


def _critical_candidates(g: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> list[Candidate]:
    return [_candidate_at(g, point) for point in critical_points(g, lo, hi).points]


def _candidate_at(g: sp.Expr, point: Point, where: sp.Expr | sp.Set | None = None) -> Candidate:
    """g's value at a critical point, attained at ``point`` (or on the set ``where``)."""
    value, status, bound = _value_at(g, point)
    status = weakest(status, point.status)
    place = point.value if where is None else where
    return Candidate(value, True, place, status, bound, point.bound)


def segment_candidates(segment: Segment) -> list[Candidate]:
    """The values that bound g on the segment: end limits and critical values (for a
    periodic g on all of ℝ, the values over one period)."""
    g = segment.expr
    if is_constant(g, segment.lo, segment.hi):
        return [Candidate(sp.simplify(g), True, segment.interval)]
    period = period_of(segment)
    if period is not None:
        return _periodic_candidates(g, period)
    try:
        crit = critical_points(g, segment.lo, segment.hi)
    except ImageUndetermined as failure:
        if segment.lo == -sp.oo or segment.hi == sp.oo:
            return _windowed_candidates(segment, failure)
        raise
    found = [
        Candidate(one_sided_limit(g, segment.lo, "+"), False, segment.lo),
        Candidate(one_sided_limit(g, segment.hi, "-"), False, segment.hi),
    ]
    return found + [_candidate_at(g, point) for point in crit.points]


def _extreme(candidates: list[Candidate], lowest: bool) -> End:
    keys = [c.key() for c in candidates]
    if any(mpmath.isnan(k) for k in keys):  # NaN compares false: it would be dropped silently
        where = [c.where for c, k in zip(candidates, keys, strict=True) if mpmath.isnan(k)]
        raise ImageUndetermined(f"the value at {where[0]} is not a number")
    best = min(keys) if lowest else max(keys)
    tied = []
    for candidate, key in zip(candidates, keys, strict=True):
        tolerance = mpmath.mpf(candidate.bound) + mpmath.mpf(10) ** (5 - COMPARE_DIGITS)
        if key == best or (mpmath.isfinite(best) and abs(key - best) <= tolerance):
            tied.append(candidate)
    attained = [c for c in tied if c.attained]
    chosen = attained or tied
    head = min(chosen, key=lambda c: c.bound)
    return End(
        value=head.value,
        closed=bool(attained),
        where=tuple(c.where for c in chosen),
        status=weakest(*(c.status for c in chosen)),
        bound=max(c.bound for c in chosen),
        where_bound=max(c.where_bound for c in chosen),
    )


def _as_set(lower: End, upper: End) -> sp.Set:
    if lower.value == upper.value:
        return sp.FiniteSet(lower.value)
    return sp.Interval(lower.value, upper.value, not lower.closed, not upper.closed)


def image(pieces: Pieces) -> Image:
    """The image of ℝ under the function described by ``pieces``.

    Breakpoints whose value is ``None`` (undefined there, e.g. f′ at a kink) are skipped.

    Raises:
        ImageUndetermined: a limit or the critical points could not be derived.
        BudgetExceeded: the enclosing time budget ran out.
    """
    parts: list[sp.Set] = []
    everything: list[Candidate] = []
    for segment in pieces.segments:
        candidates = segment_candidates(segment)
        parts.append(_as_set(_extreme(candidates, True), _extreme(candidates, False)))
        everything.extend(candidates)
    for point, value in zip(pieces.breakpoints, pieces.point_values, strict=True):
        if value is not None:
            everything.append(Candidate(value, True, point))
            parts.append(sp.FiniteSet(value))
    lower, upper = _extreme(everything, True), _extreme(everything, False)
    status = weakest(*(c.status for c in everything))
    return Image(lower, upper, sp.Union(*parts), status)


__all__ = [
    "BudgetExceeded",
    "Candidate",
    "CriticalPoints",
    "End",
    "Image",
    "ImageUndetermined",
    "Point",
    "critical_points",
    "image",
    "one_sided_limit",
]
