r"""Zero-centering: $f(0)$, odd and even symmetry, and identities $h \equiv 0$.

$f$ is odd iff $f(x) + f(-x) \equiv 0$ and even iff $f(x) - f(-x) \equiv 0$. Both are
decided by `identically_zero`: symbolic simplification of every segment to
zero proves an identity; a point where the difference is provably non-zero (evaluated
to 30 significant digits) disproves it and is returned as the witness.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .constants import plainly_nonzero
from .pieces import decompose
from .symbols import x

PROBES = (sp.Rational(1, 3), 1, sp.Rational(5, 2), 4, -sp.Rational(1, 3), -1, -sp.Rational(5, 2))


@dataclass(frozen=True)
class Verdict:
    """``holds`` is True, False, or None (undecided); ``witness`` disproves it."""

    holds: bool | None
    witness: sp.Expr | None = None
    reason: str = ""


def _nonzero_at(expr: sp.Expr, point: sp.Expr) -> bool:
    return plainly_nonzero(expr.subs(x, point))


def identically_zero(expr: sp.Expr) -> Verdict:
    """Decide whether ``expr`` (a function of x, possibly piecewise) vanishes on all of ℝ."""
    pieces = decompose(expr)
    for point, value in zip(pieces.breakpoints, pieces.point_values, strict=True):
        if _nonzero_at(value, point) or sp.simplify(value) != 0:
            return Verdict(False, point, f"it is {value} at x = {point}")
    undecided = []
    for segment in pieces.segments:
        # probes first: a value plainly nonzero disproves the identity without the
        # simplification (seconds for SELU's constants)
        inside = [p for p in PROBES if segment.interval.contains(p) == sp.true]
        inside.append(segment.sample_point())
        for point in inside:
            if _nonzero_at(segment.expr, point):
                value = sp.N(segment.expr.subs(x, point), 6)
                return Verdict(False, point, f"it is {value} at x = {point}")
        if sp.simplify(segment.expr) != 0:
            undecided.append(segment.interval)
    if undecided:
        return Verdict(None, reason=f"could not simplify to 0 on {sp.Union(*undecided)}")
    return Verdict(True, reason="every segment simplifies to 0")


def value_at_zero(f: sp.Expr) -> sp.Expr:
    """f(0), exactly."""
    return sp.simplify(f.subs(x, 0))


def is_odd(f: sp.Expr) -> Verdict:
    """Whether f(−x) = −f(x) for all x."""
    return identically_zero(f + f.subs(x, -x))


def is_even(f: sp.Expr) -> Verdict:
    """Whether f(−x) = f(x) for all x."""
    return identically_zero(f - f.subs(x, -x))
