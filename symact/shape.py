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

from .image import critical_points, one_sided_limit, to_mpf
from .intervals import enclose
from .pieces import Pieces, inner_point
from .stable import stable_form
from .symbols import x

Direction = str  # "increasing", "decreasing" or "constant"


@dataclass(frozen=True)
class Monotone:
    """Monotonicity overall, and the maximal intervals of each direction."""

    kind: str
    intervals: tuple[tuple[sp.Interval, Direction], ...]


def limits_at_infinity(expr_left: sp.Expr, expr_right: sp.Expr) -> dict[str, sp.Expr]:
    """``{"-oo": lim_{x→−∞}, "oo": lim_{x→∞}}`` of the outermost segment expressions."""
    return {
        "-oo": one_sided_limit(expr_left, -sp.oo, "+"),
        "oo": one_sided_limit(expr_right, sp.oo, "-"),
    }


def _sign_at(expr: sp.Expr, point: sp.Expr) -> int:
    with mpmath.mp.workprec(200):
        value = enclose(stable_form(expr), iv.mpf([to_mpf(point), to_mpf(point)]))
    if value.a > 0:
        return 1
    if value.b < 0:
        return -1
    return 0


def _runs(pieces: Pieces) -> list[tuple[sp.Expr, sp.Expr, Direction]]:
    runs = []
    for segment in pieces.segments:
        crit = critical_points(segment.expr, segment.lo, segment.hi)
        if crit.constant:
            runs.append((segment.lo, segment.hi, "constant"))
            continue
        edges = [segment.lo, *(p.value for p in crit.points), segment.hi]
        slope = sp.diff(segment.expr, x)
        for lo, hi in itertools.pairwise(edges):
            sign = _sign_at(slope, inner_point(lo, hi))
            if sign == 0:
                raise ValueError(f"cannot decide the sign of f′ on ({lo}, {hi})")
            runs.append((lo, hi, "increasing" if sign > 0 else "decreasing"))
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


def monotonicity(pieces: Pieces) -> Monotone:
    """Classify f as increasing / nondecreasing / decreasing / nonincreasing / none."""
    runs = _runs(pieces)
    jumps = [_jump_direction(pieces, i) for i in range(len(pieces.breakpoints))]
    directions = {d for _, _, d in runs} | {j for j in jumps if j != "constant"}
    if directions <= {"increasing"}:
        kind = "increasing"
    elif directions <= {"increasing", "constant"}:
        kind = "nondecreasing" if "increasing" in directions else "constant"
    elif directions <= {"decreasing"}:
        kind = "decreasing"
    elif directions <= {"decreasing", "constant"}:
        kind = "nonincreasing"
    else:
        kind = "none"
    merged: list[tuple[sp.Expr, sp.Expr, Direction]] = []
    for lo, hi, direction in runs:
        if merged and merged[-1][2] == direction:
            merged[-1] = (merged[-1][0], hi, direction)
        else:
            merged.append((lo, hi, direction))
    intervals = tuple(
        (sp.Interval(lo, hi, lo == -sp.oo, hi == sp.oo), direction) for lo, hi, direction in merged
    )
    return Monotone(kind, intervals)


def dead_gradient_set(pieces: Pieces) -> sp.Set:
    """The union of open intervals on which f′ ≡ 0 (units there get no gradient)."""
    dead = [s.interval for s in pieces.segments if critical_points(s.expr, s.lo, s.hi).constant]
    return sp.Union(*dead) if dead else sp.S.EmptySet
