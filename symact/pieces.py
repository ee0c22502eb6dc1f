r"""Split a real function into smooth pieces.

Activation functions are often piecewise (ReLU, ELU, the binary step) or written with
``Max``/``Abs``/``Heaviside``, on which SymPy's ``function_range``, ``limit`` and friends
fail. `decompose` normalises any such expression into

$$ f(x) = \begin{cases} g_0(x) & x \in (-\infty, b_1) \\ f(b_1) & x = b_1 \\
g_1(x) & x \in (b_1, b_2) \\ \dots \\ g_n(x) & x \in (b_n, \infty) \end{cases} $$

with finitely many *breakpoints* $b_1 < \dots < b_n$ and, on each open *segment*, a
single expression $g_i$ free of piecewise constructs. Each property is then derived
segment by segment and combined at the breakpoints.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from .constants import plainly_nonzero
from .symbols import x

_PIECEWISE_HEADS = (sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign)


class NotPiecewiseSmooth(ValueError):
    """The expression cannot be split into finitely many smooth pieces."""


@dataclass(frozen=True)
class Segment:
    """An open interval ``(lo, hi)`` on which the function is the single expression ``expr``."""

    lo: sp.Expr
    hi: sp.Expr
    expr: sp.Expr

    @property
    def interval(self) -> sp.Interval:
        """The segment as a SymPy open interval."""
        return sp.Interval.open(self.lo, self.hi)

    def sample_point(self) -> sp.Expr:
        """A simple point strictly inside the segment."""
        return inner_point(self.lo, self.hi)


@dataclass(frozen=True)
class Pieces:
    """A function as smooth segments between breakpoints, and its values at the breakpoints."""

    segments: tuple[Segment, ...]
    breakpoints: tuple[sp.Expr, ...]
    point_values: tuple[sp.Expr | None, ...]
    """Values at the breakpoints; ``None`` where undefined (f′ at a kink)."""

    def segment_left_of(self, index: int) -> Segment:
        """The segment ending at breakpoint ``index``."""
        return self.segments[index]

    def segment_right_of(self, index: int) -> Segment:
        """The segment starting at breakpoint ``index``."""
        return self.segments[index + 1]

    @property
    def is_single(self) -> bool:
        """True when the function is one expression on all of ℝ."""
        return not self.breakpoints


def inner_point(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """A simple point strictly inside the open interval ``(lo, hi)``."""
    if lo == -sp.oo and hi == sp.oo:
        return sp.Integer(0)
    if lo == -sp.oo:
        return sp.floor(hi) - 1
    if hi == sp.oo:
        return sp.ceiling(lo) + 1
    return (lo + hi) / 2


def normalize(expr: sp.Expr) -> sp.Expr:
    """Rewrite ``Max``, ``Min``, ``Abs``, ``Heaviside`` and ``sign`` as one folded ``Piecewise``."""
    replaced = expr.replace(
        lambda node: isinstance(node, _PIECEWISE_HEADS) and node.has(x),
        lambda node: node.rewrite(sp.Piecewise),
    )
    return sp.piecewise_fold(replaced)


def _condition_boundaries(expr: sp.Expr) -> set[sp.Expr]:
    points: set[sp.Expr] = set()
    for piecewise in expr.atoms(sp.Piecewise):
        for _, condition in piecewise.args:
            if condition in (sp.true, sp.false):
                continue
            if condition.free_symbols - {x}:
                raise NotPiecewiseSmooth(f"the condition {condition} involves other symbols")
            boundary = condition.as_set().boundary.intersect(sp.S.Reals)
            if boundary is sp.S.EmptySet:
                continue
            if not isinstance(boundary, sp.FiniteSet):
                raise NotPiecewiseSmooth(
                    f"the condition {condition} does not split ℝ at finitely many points"
                )
            points.update(boundary)
    return points


def _branch_at(expr: sp.Expr, point: sp.Expr) -> sp.Expr:
    """The piecewise-free expression that ``expr`` takes on a segment containing ``point``."""

    def choose(piecewise: sp.Piecewise) -> sp.Expr:
        for branch, condition in piecewise.args:
            holds = condition.subs(x, point)
            if holds == sp.true:
                return branch
            if holds != sp.false:
                raise NotPiecewiseSmooth(f"cannot decide {condition} at x = {point}")
        raise NotPiecewiseSmooth(f"{piecewise} is undefined at x = {point}")

    while expr.has(sp.Piecewise):
        expr = expr.replace(
            lambda node: isinstance(node, sp.Piecewise) and not node.args[0][0].has(sp.Piecewise),
            choose,
        )
    return expr


def decompose(expr: sp.Expr) -> Pieces:
    """Split ``expr`` (a function of ``x``) into segments and breakpoints.

    Segments on which the branch expressions coincide are merged, so
    ``relu(x) - relu(-x)`` becomes the single segment ``x``.

    Raises:
        NotPiecewiseSmooth: a condition is not a finite union of intervals in ``x``.
    """
    folded = normalize(expr)
    breaks = sorted(_condition_boundaries(folded), key=lambda b: float(b))
    bounds = [-sp.oo, *breaks, sp.oo]
    segments = [
        Segment(lo, hi, _branch_at(folded, inner_point(lo, hi)))
        for lo, hi in itertools.pairwise(bounds)
    ]
    values = [sp.simplify(folded.subs(x, b)) for b in breaks]
    return _merge(segments, breaks, values)


def _merge(segments: list[Segment], breaks: list, values: list) -> Pieces:
    """Drop breakpoints where both neighbours are the same expression and the value fits."""
    kept_segments = [segments[0]]
    kept_breaks: list[sp.Expr] = []
    kept_values: list[sp.Expr] = []
    for point, value, right in zip(breaks, values, segments[1:], strict=True):
        left = kept_segments[-1]
        same = not _apart(left.expr - right.expr, right.sample_point())
        same = same and sp.simplify(left.expr - right.expr) == 0
        if same and sp.simplify(left.expr.subs(x, point) - value) == 0:
            kept_segments[-1] = Segment(left.lo, right.hi, left.expr)
            continue
        kept_segments.append(right)
        kept_breaks.append(point)
        kept_values.append(value)
    return Pieces(tuple(kept_segments), tuple(kept_breaks), tuple(kept_values))


def _apart(difference: sp.Expr, point: sp.Expr) -> bool:
    """Whether ``difference`` is plainly nonzero at ``point`` (`plainly_nonzero`): two
    branch formulas that differ there are different functions, and no ``simplify`` is
    needed to tell (SELU's λα(eˣ − 1) and λx: a second saved)."""
    return plainly_nonzero(difference.subs(x, point))


def as_piecewise(pieces: Pieces) -> sp.Expr:
    """Rebuild one SymPy expression (a ``Piecewise`` if needed) from ``pieces``.

    Where a breakpoint's value is ``None`` (f′ at a kink) the result is left undefined
    there: SymPy evaluates it to ``nan``.
    """
    if pieces.is_single:
        return pieces.segments[0].expr
    args = []
    for index, point in enumerate(pieces.breakpoints):
        value = pieces.point_values[index]
        if value is not None:
            args.append((value, sp.Eq(x, point)))
    for segment in pieces.segments:
        condition = sp.And(
            sp.true if segment.lo == -sp.oo else x > segment.lo,
            sp.true if segment.hi == sp.oo else x < segment.hi,
        )
        args.append((segment.expr, condition))
    return _tidy_piecewise(args)


def _tidy_piecewise(args: list[tuple[sp.Expr, sp.Basic]]) -> sp.Expr:
    """``Piecewise(*args)`` with each point value folded into an adjacent segment with the
    same expression (``x <= b`` instead of ``x < b`` and ``Eq(x, b)``) where that is exact."""
    points = {cond.rhs: expr for expr, cond in args if isinstance(cond, sp.Eq)}
    folded = []
    for expr, cond in args:
        if isinstance(cond, sp.Eq):
            continue
        for bound in list(points):
            if _ends_at(cond, bound) and sp.simplify(expr.subs(x, bound) - points[bound]) == 0:
                cond = sp.Or(cond, sp.Eq(x, bound)).as_set().as_relational(x)
                del points[bound]
        folded.append((expr, cond))
    exact_points = [(value, sp.Eq(x, bound)) for bound, value in points.items()]
    return sp.Piecewise(*exact_points, *folded)


def _ends_at(condition: sp.Basic, bound: sp.Expr) -> bool:
    return bound in condition.as_set().boundary
