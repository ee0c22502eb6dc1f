r"""Proofs that an activation is nonlinear -- or that it is linear.

A function is linear iff it is additive, $f(a + b) = f(a) + f(b)$, and homogeneous,
$f(ka) = k f(a)$. One concrete pair $(a, b)$ with $f(a + b) \ne f(a) + f(b)$, or
$(k, a)$ with $f(ka) \ne k f(a)$, evaluated exactly, proves nonlinearity (ReLU:
$f(1 + (-1)) = 0 \ne 1 = f(1) + f(-1)$). A function that is one expression $c\,x$ on
all of ℝ is linear, and the proof is that identity.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .constants import plainly_nonzero, simplify_abstracted
from .pieces import decompose
from .symbols import x

_half = sp.Rational(1, 2)
ADDITIVITY_PAIRS = ((1, -1), (1, 1), (2, -1), (1, 2), (-1, -1), (_half, _half), (-2, 1))
HOMOGENEITY_PAIRS = ((2, 1), (-1, 1), (2, -1), (_half, 1), (3, 1))


@dataclass(frozen=True)
class Witness:
    """An instance of a linearity law and both sides of it, evaluated exactly."""

    law: str
    inputs: dict[str, sp.Expr]
    lhs: sp.Expr
    rhs: sp.Expr
    statement: str


@dataclass(frozen=True)
class LinearityProof:
    """Either ``linear`` with ``slope`` (f(x) = slope·x), or counterexamples."""

    linear: bool
    slope: sp.Expr | None
    additivity: Witness | None
    homogeneity: Witness | None
    positively_homogeneous: bool
    explanation: str


def _differs(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """Whether two exact numbers differ: at once when their difference is plainly
    nonzero (`plainly_nonzero`), otherwise by simplifying it first (SELU's constants
    make that simplification take most of a second)."""
    if plainly_nonzero(lhs - rhs):
        return True
    difference = sp.simplify(lhs - rhs)
    return difference != 0 and plainly_nonzero(difference)


def _value(f: sp.Expr, at: sp.Expr) -> sp.Expr:
    return simplify_abstracted(f.subs(x, at))


def additivity_witness(f: sp.Expr) -> Witness | None:
    """The first listed pair (a, b) with f(a + b) ≠ f(a) + f(b)."""
    for a, b in ADDITIVITY_PAIRS:
        lhs, rhs = _value(f, a + b), simplify_abstracted(_value(f, a) + _value(f, b))
        if _differs(lhs, rhs):
            statement = f"f({a} + ({b})) = {lhs} ≠ {rhs} = f({a}) + f({b})"
            return Witness("additivity", {"a": sp.S(a), "b": sp.S(b)}, lhs, rhs, statement)
    return None


def homogeneity_witness(f: sp.Expr) -> Witness | None:
    """The first listed (k, a) with f(k·a) ≠ k·f(a)."""
    for k, a in HOMOGENEITY_PAIRS:
        lhs, rhs = _value(f, k * a), simplify_abstracted(k * _value(f, a))
        if _differs(lhs, rhs):
            statement = f"f({k}·{a}) = {lhs} ≠ {rhs} = {k}·f({a})"
            return Witness("homogeneity", {"k": sp.S(k), "a": sp.S(a)}, lhs, rhs, statement)
    return None


def positively_homogeneous(f: sp.Expr) -> bool:
    """Whether f(kx) = k f(x) for all k > 0 (true of ReLU and leaky ReLU)."""
    k = sp.Symbol("k", positive=True)
    pieces = decompose(f)
    if any(b != 0 for b in pieces.breakpoints) or _value(f, 0) != 0:
        return False
    for segment in pieces.segments:
        gap = segment.expr.subs(x, k * x) - k * segment.expr
        if plainly_nonzero(gap.subs({k: 2, x: segment.sample_point()})):
            return False  # f(2x) ≠ 2 f(x) at a point (SELU's left branch)
        if sp.simplify(gap) != 0:
            return False
    return True


def prove(f: sp.Expr) -> LinearityProof:
    """Prove f linear (f(x) = c·x on ℝ) or exhibit counterexamples to linearity."""
    pieces = decompose(f)
    if pieces.is_single:
        g = pieces.segments[0].expr
        slope = sp.simplify(g.subs(x, 1))
        # f(2) ≠ 2 f(1) plainly: not c·x, and no simplify of the whole formula
        if not plainly_nonzero(g.subs(x, 2) - 2 * slope) and sp.simplify(g - slope * x) == 0:
            return LinearityProof(
                True,
                slope,
                None,
                None,
                True,
                f"f(x) = {slope}·x for every real x, so f(a + b) = {slope}(a + b) = f(a) + f(b)"
                f" and f(k a) = {slope} k a = k f(a): f is linear.",
            )
    additive, homogeneous = additivity_witness(f), homogeneity_witness(f)
    statements = [w.statement for w in (additive, homogeneous) if w is not None]
    if not statements:
        raise ValueError("no counterexample among the listed witnesses, and f is not c·x")
    return LinearityProof(
        False,
        None,
        additive,
        homogeneous,
        positively_homogeneous(f),
        "; ".join(statements) + ": f is not linear.",
    )
