r"""Derivatives of piecewise functions, their kinks, and the continuity class.

On each open segment $f = g_i$ is smooth and $f' = g_i'$. At a breakpoint $b$ the
one-sided derivatives are

$$ f'_-(b) = \lim_{h \to 0^-} \frac{f(b + h) - f(b)}{h}, \qquad
   f'_+(b) = \lim_{h \to 0^+} \frac{f(b + h) - f(b)}{h}, $$

equal to $\lim_{x \to b^\mp} g'(x)$ when $f$ is continuous from that side (mean value
theorem) and $\pm\infty$ across a jump. $f$ is $C^k$ at $b$ when the one-sided limits
of $f, f', \dots, f^{(k)}$ all agree there.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .budget import BudgetExceeded, time_budget
from .constants import plainly_nonzero
from .image import one_sided_limit, trig_of_polynomial
from .pieces import Pieces, Segment
from .provenance import brief
from .symbols import x

MAX_ORDER = 6
"""Highest derivative order compared at breakpoints."""


@dataclass(frozen=True)
class Kink:
    """A breakpoint where f is not differentiable, with both one-sided derivatives."""

    at: sp.Expr
    left: sp.Expr
    right: sp.Expr


@dataclass(frozen=True)
class Smoothness:
    """The continuity class C^k, and why.

    ``k`` is ``-1`` for a discontinuous function, ``sp.oo`` for C^∞; ``exact`` is False
    when derivatives agreed up to `MAX_ORDER` and higher orders were not compared.
    """

    k: int | sp.Expr
    reason: str
    exact: bool = True


def _sides(pieces: Pieces, index: int, order: int) -> tuple[sp.Expr, sp.Expr]:
    """Limits of f^(order) at breakpoint ``index`` from the left and from the right."""
    point = pieces.breakpoints[index]
    left = sp.diff(pieces.segment_left_of(index).expr, x, order)
    right = sp.diff(pieces.segment_right_of(index).expr, x, order)
    return one_sided_limit(left, point, "-"), one_sided_limit(right, point, "+")


def _equal(a: sp.Expr, b: sp.Expr) -> bool:
    if a.is_infinite or b.is_infinite:
        return a == b
    if plainly_nonzero(a - b):
        return False
    return sp.simplify(a - b) == 0


def _jump_slope(jump: sp.Expr, side: int) -> sp.Expr:
    """The limit of jump / h as h → 0 from ``side`` (−1 or +1): an infinite slope."""
    return sp.oo * sp.sign(jump) * side


def one_sided_derivatives(pieces: Pieces, index: int) -> tuple[sp.Expr, sp.Expr]:
    """``(f'_-(b), f'_+(b))`` at breakpoint ``index`` (see module doc)."""
    value = pieces.point_values[index]
    from_left, from_right = _sides(pieces, index, 0)
    slopes_left, slopes_right = _sides(pieces, index, 1)
    left = slopes_left if _equal(from_left, value) else _jump_slope(value - from_left, 1)
    right = slopes_right if _equal(from_right, value) else _jump_slope(from_right - value, 1)
    return sp.simplify(left), sp.simplify(right)


def kinks(pieces: Pieces) -> list[Kink]:
    """Breakpoints where the one-sided derivatives differ or are infinite."""
    found = []
    for index, point in enumerate(pieces.breakpoints):
        left, right = one_sided_derivatives(pieces, index)
        if not _equal(left, right) or left.is_infinite:
            found.append(Kink(point, left, right))
    return found


def derivative_pieces(pieces: Pieces) -> Pieces:
    r"""f′ as pieces: segment derivatives; at breakpoints f′(b), or ``None`` at a kink.

    Segment derivatives are left as ``diff`` returns them, not simplified: simplified
    forms such as $(x + e^x + 1) / (4\cosh^2(x/2))$ divide growing terms and make
    interval enclosures useless, whereas ``diff``'s sums of bounded terms stay tight.
    Use `simplified` for display.
    """
    segments = tuple(Segment(s.lo, s.hi, sp.diff(s.expr, x)) for s in pieces.segments)
    values = []
    for index in range(len(pieces.breakpoints)):
        if pieces.point_values[index] is None:
            values.append(None)
            continue
        left, right = one_sided_derivatives(pieces, index)
        values.append(left if _equal(left, right) and left.is_finite else None)
    return Pieces(segments, pieces.breakpoints, tuple(values))


def smoothness(pieces: Pieces) -> Smoothness:
    """The continuity class of f: the largest k with f^(j) continuous for all j ≤ k."""
    if pieces.is_single:
        return Smoothness(sp.oo, "one smooth expression on all of ℝ")
    worst: Smoothness | None = None
    for index, point in enumerate(pieces.breakpoints):
        left, right = _sides(pieces, index, 0)
        value = pieces.point_values[index]
        if not (_equal(left, value) and _equal(right, value)):
            return Smoothness(
                -1,
                f"f jumps at x = {point}: left limit {brief(left)}, value {brief(value)}, "
                f"right limit {brief(right)}",
            )
        for order in range(1, MAX_ORDER + 1):
            left, right = _sides(pieces, index, order)
            if not _equal(left, right):
                candidate = Smoothness(
                    order - 1,
                    f"f{_primes(order)} jumps at x = {point}: "
                    f"left limit {brief(left)}, right limit {brief(right)}",
                )
                break
        else:
            candidate = Smoothness(
                MAX_ORDER,
                f"derivatives up to order {MAX_ORDER} agree at x = {point}; higher not compared",
                exact=False,
            )
        if worst is None or candidate.k < worst.k:
            worst = candidate
    return worst


def _primes(order: int) -> str:
    return "′" * order if order <= 3 else f"^({order})"


SIMPLIFY_SECONDS = 1.0


def _tidy(expr: sp.Expr) -> sp.Expr:
    if trig_of_polynomial(expr):  # trigsimp would run past any budget
        return sp.factor_terms(expr)
    try:
        with time_budget(SIMPLIFY_SECONDS):
            return sp.simplify(expr)
    except BudgetExceeded:
        return expr


def simplified(pieces: Pieces) -> Pieces:
    """``pieces`` with every segment expression simplified (for display).

    ``simplify`` gets `SIMPLIFY_SECONDS` per segment; past that the segment is
    shown as differentiated.
    """
    segments = tuple(Segment(s.lo, s.hi, _tidy(s.expr)) for s in pieces.segments)
    return Pieces(segments, pieces.breakpoints, pieces.point_values)
