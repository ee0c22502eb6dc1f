r"""Shape of f: limits at infinity, monotonicity, dead and vanishing gradients.

Monotonicity follows from the sign of $f'$ between consecutive critical points of each
segment (where $f'$ cannot change sign), together with the jumps at breakpoints:
$f$ is non-decreasing iff $f' \ge 0$ on every segment and
$f(b^-) \le f(b) \le f(b^+)$ at every breakpoint; strictly increasing when moreover
$f' \equiv 0$ on no interval.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import mpmath
import sympy as sp
from mpmath import iv

from .image import (
    ImageUndetermined,
    critical_points,
    is_constant,
    one_sided_limit,
    period_of,
    to_mpf,
)
from .intervals import enclose
from .limits import oscillation
from .pieces import Pieces, Segment, inner_point
from .provenance import Derived, exact, undetermined
from .stable import stable_form
from .symbols import x

Direction = str  # "increasing", "decreasing" or "constant"


@dataclass(frozen=True)
class Monotone:
    """Monotonicity overall, and the maximal intervals of each direction."""

    kind: str
    intervals: tuple[tuple[sp.Interval, Direction], ...]


def limits_at_infinity(expr_left: sp.Expr, expr_right: sp.Expr) -> dict[str, sp.Expr]:
    """``{"-oo": lim_{x→−∞}, "oo": lim_{x→∞}}`` of the outermost segment expressions.

    A side with no limit, where the limit laws prove it oscillates, is the exact set of
    its limit points, an ``AccumBounds``: the sinusoid's f′ = cos x has [−1, 1] at
    both ends, which is a settled answer (f′ does not vanish there), not a failure that
    would leave f's own limits undetermined too.
    """
    return {
        "-oo": _limit_or_oscillation(expr_left, -sp.oo, "+"),
        "oo": _limit_or_oscillation(expr_right, sp.oo, "-"),
    }


def limits_of_f_and_gradient(
    pieces: Pieces, d_pieces: Pieces
) -> Derived[dict[str, dict[str, sp.Expr | None]]]:
    """``{"f": …, "df": …}``, each `limits_at_infinity` of the outermost segments.

    f's limits do not wait for f′'s: x² + x·sin(x²) → ∞ at both ends while its
    f′ = 2x²cos(x²) + 2x + sin(x²) swings without bound and has no limit SymPy can name.
    A side of f′ whose limit is not found is None, and the reason says why; f's own
    limits must all be found (else `ImageUndetermined` is raised).
    """
    f = limits_at_infinity(pieces.segments[0].expr, pieces.segments[-1].expr)
    df: dict[str, sp.Expr | None] = {}
    missing = []
    for side, expr, at, approach in (
        ("-oo", d_pieces.segments[0].expr, -sp.oo, "+"),
        ("oo", d_pieces.segments[-1].expr, sp.oo, "-"),
    ):
        try:
            df[side] = _limit_or_oscillation(expr, at, approach)
        except ImageUndetermined as error:
            df[side] = None
            missing.append(f"f′ as x → {'−' if side == '-oo' else '+'}∞: {error}")
    reason = "; ".join(["limits of f′ not found", *missing]) if missing else None
    return exact({"f": f, "df": df}, reason)


def _limit_or_oscillation(expr: sp.Expr, at: sp.Expr, side: str) -> sp.Expr:
    points = oscillation(expr, at)
    return points if points is not None else one_sided_limit(expr, at, side)


def _sign_at(expr: sp.Expr, point: sp.Expr) -> int:
    with mpmath.mp.workprec(200):
        value = enclose(stable_form(expr), iv.mpf([to_mpf(point), to_mpf(point)]))
    if value.a > 0:
        return 1
    if value.b < 0:
        return -1
    return 0


@dataclass(frozen=True)
class _Run:
    """An interval on which f moves one way; its ends and whether they belong to it."""

    lo: sp.Expr
    hi: sp.Expr
    direction: Direction
    lo_closed: bool
    hi_closed: bool

    def interval(self) -> sp.Interval:
        return sp.Interval(self.lo, self.hi, not self.lo_closed, not self.hi_closed)


def _continuous_from(pieces: Pieces, index: int, side: str) -> bool:
    point = pieces.breakpoints[index]
    segment = pieces.segment_left_of(index) if side == "-" else pieces.segment_right_of(index)
    limit = one_sided_limit(segment.expr, point, side)
    return sp.simplify(limit - pieces.point_values[index]) == 0


def _runs(pieces: Pieces) -> list[_Run]:
    runs = []
    for number, segment in enumerate(pieces.segments):
        lo_closed = number > 0 and _continuous_from(pieces, number - 1, "+")
        hi_closed = number < len(pieces.breakpoints) and _continuous_from(pieces, number, "-")
        crit = critical_points(segment.expr, segment.lo, segment.hi)
        if crit.constant:
            runs.append(_Run(segment.lo, segment.hi, "constant", lo_closed, hi_closed))
            continue
        edges = [segment.lo, *(p.value for p in crit.points), segment.hi]
        slope = sp.diff(segment.expr, x)
        for k, (lo, hi) in enumerate(itertools.pairwise(edges)):
            sign = _sign_at(slope, inner_point(lo, hi))
            if sign == 0:
                raise ValueError(f"cannot decide the sign of f′ on ({lo}, {hi})")
            runs.append(
                _Run(
                    lo,
                    hi,
                    "increasing" if sign > 0 else "decreasing",
                    lo_closed if k == 0 else True,
                    hi_closed if k == len(edges) - 2 else True,
                )
            )
    return runs


def _jump_direction(pieces: Pieces, index: int) -> Direction:
    point = pieces.breakpoints[index]
    left = one_sided_limit(pieces.segment_left_of(index).expr, point, "-")
    right = one_sided_limit(pieces.segment_right_of(index).expr, point, "+")
    value = pieces.point_values[index]
    steps = [sp.sign(sp.simplify(value - left)), sp.sign(sp.simplify(right - value))]
    if all(s >= 0 for s in steps):
        return "increasing" if any(s > 0 for s in steps) else "constant"
    if all(s <= 0 for s in steps):
        return "decreasing"
    return "mixed"


def _kind(directions: set[Direction]) -> str:
    if directions <= {"increasing"}:
        return "increasing"
    if directions <= {"increasing", "constant"}:
        return "nondecreasing"
    if directions <= {"decreasing"}:
        return "decreasing"
    if directions <= {"decreasing", "constant"}:
        return "nonincreasing"
    return "none"


def monotonicity(pieces: Pieces) -> Monotone:
    """Classify f as increasing / nondecreasing / decreasing / nonincreasing / none.

    A constant function counts as nondecreasing. The intervals are maximal runs of one
    direction; runs are not merged across a jump, and a breakpoint belongs to a run only
    if f is continuous there from that run's side.
    """
    runs = _runs(pieces)
    jumps = dict(
        zip(
            pieces.breakpoints,
            (_jump_direction(pieces, i) for i in range(len(pieces.breakpoints))),
            strict=True,
        )
    )
    directions = {r.direction for r in runs} | {j for j in jumps.values() if j != "constant"}
    merged: list[_Run] = []
    for run in runs:
        previous = merged[-1] if merged else None
        continuous_join = previous is not None and jumps.get(run.lo, "constant") == "constant"
        if previous and continuous_join and previous.direction == run.direction:
            merged[-1] = _Run(previous.lo, run.hi, run.direction, previous.lo_closed, run.hi_closed)
        else:
            merged.append(run)
    return Monotone(_kind(directions), tuple((r.interval(), r.direction) for r in merged))


def dead_gradient_set(d_pieces: Pieces) -> sp.Set:
    """The set on which f′ ≡ 0 (units there get no gradient), from f′'s pieces.

    It is the union of the segments on which f′ vanishes identically, each closed at an
    end where f′ exists and is 0 (sparse_plus: f′(−1) = 0 from both sides, so
    (−∞, −1]) and open where f has a kink or a jump, f′ being undefined there (ReLU:
    (−∞, 0)).
    """
    dead = []
    breakpoints = len(d_pieces.breakpoints)
    for index, segment in enumerate(d_pieces.segments):
        if not (is_constant(segment.expr, segment.lo, segment.hi) and _is_zero(segment.expr)):
            continue
        lo_closed = index > 0 and _is_zero(d_pieces.point_values[index - 1])
        hi_closed = index < breakpoints and _is_zero(d_pieces.point_values[index])
        dead.append(sp.Interval(segment.lo, segment.hi, not lo_closed, not hi_closed))
    return sp.Union(*dead) if dead else sp.S.EmptySet


def vanishing_gradient(
    d_pieces: Pieces, df_limits: dict[str, sp.Expr] | None = None
) -> Derived[dict[str, bool]]:
    """Whether f′ → 0 at −∞ and at +∞ (``df_limits``: f′'s limits there, when known).

    Where f′ has no limit, it does not tend to 0 when its tail is periodic (`period_of`)
    and certified non-zero at one point x₀ of the tail: then $f'(x_0 + kT) = f'(x_0) \ne 0$
    for every k taking the tail outwards (sinusoid: cos is 1 at every 2πk). Otherwise the
    answer for that side is undetermined.
    """
    tails = {"-oo": d_pieces.segments[0], "oo": d_pieces.segments[-1]}
    verdicts, reasons = {}, []
    for side, tail in tails.items():
        end = sp.oo if side == "oo" else -sp.oo
        known = df_limits.get(side) if df_limits is not None else None
        if known is not None:  # a limit, or an oscillation (AccumBounds) that is not 0
            verdicts[side] = bool(known == 0)
            continue
        try:
            verdicts[side] = one_sided_limit(tail.expr, end, "-" if side == "oo" else "+") == 0
        except ImageUndetermined as error:
            witness = _recurring_slope(tail)
            verdicts[side] = None if witness is None else False
            reasons.append(witness or f"at {'+' if side == 'oo' else '−'}∞: {error}")
    reason = "; ".join(dict.fromkeys(reasons)) or None
    if all(verdict is None for verdict in verdicts.values()):
        return undetermined(reason or "f′'s limits were not found")
    return exact(verdicts, reason)


def _recurring_slope(tail: Segment) -> str | None:
    """Why f′ does not tend to 0 on a tail: a period T of the tail's formula and a point
    x₀ of the tail with f′(x₀) ≠ 0 (interval enclosure); None when neither is found."""
    period = period_of(Segment(-sp.oo, sp.oo, tail.expr))
    if period is None:
        return None
    start = inner_point(tail.lo, tail.hi)
    for eighth in range(8):
        point = start + eighth * period / 8
        if tail.lo < point < tail.hi and _sign_at(tail.expr, point) != 0:
            return (
                f"f′ = {tail.expr} has period T = {period} and f′({point}) ≠ 0 (interval "
                f"enclosure): f′({point} + kT) = f′({point}) all along the tail, out to "
                "infinity, so f′ does not tend to 0"
            )
    return None


def _is_zero(value: sp.Expr | None) -> bool:
    """Whether ``value`` is 0 (``None``, f′ undefined at a kink, is not)."""
    return value is not None and sp.simplify(value) == 0
