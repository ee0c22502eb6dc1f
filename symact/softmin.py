r"""Softmin, softmax of the negated input: its properties derived for n = 2, 3, 4.

$$ m_i(z) = \frac{e^{-z_i}}{\sum_{j=1}^n e^{-z_j}} $$

Each claim is a SymPy computation, not an assertion:

* $m(z) = s(-z)$ -- the difference from softmax at $-z$ simplifies to 0;
* $\sum_i m_i = 1$ and $0 < m_i < 1$ -- as for softmax (the open simplex);
* $m(z + c\mathbf 1) = m(z)$ -- the difference simplifies to 0;
* $J = -(\operatorname{diag}(m) - m m^\top)$ -- the Jacobian, differentiated, minus that
  matrix simplifies to 0 (the chain rule through $z \mapsto -z$ flips softmax's sign).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .budget import DEFAULT_STEP_SECONDS
from .provenance import Derived
from .softmax import SIZES, softmax
from .vector_claims import (
    bounded,
    logits,
    open_simplex,
    per_size,
    proven,
    same_matrix,
    sums_to_one,
)


def softmin(z: list[sp.Expr]) -> sp.Matrix:
    """The softmin of the vector ``z`` as a column matrix, written out (not via softmax)."""
    total = sum(sp.exp(-zj) for zj in z)
    return sp.Matrix([sp.exp(-zi) / total for zi in z])


@dataclass(frozen=True)
class SoftminAnalysis:
    """What symact derives about softmin, per number of classes."""

    softmax_of_negated: dict[int, Derived[bool]]
    sums_to_one: dict[int, Derived[bool]]
    open_simplex: dict[int, Derived[bool]]
    shift_invariant: dict[int, Derived[bool]]
    jacobian: dict[int, Derived[sp.Matrix]]


def _softmax_of_negated(n: int) -> Derived[bool]:
    z = logits(n)
    difference = sp.simplify(softmin(z) - softmax([-zi for zi in z]))
    return proven(difference == sp.zeros(n, 1), f"softmin(z) = softmax(−z) for n = {n}")


def _shift_invariant(n: int) -> Derived[bool]:
    z, c = logits(n), sp.Symbol("c", real=True)
    difference = sp.simplify(softmin([zi + c for zi in z]) - softmin(z))
    return proven(difference == sp.zeros(n, 1), f"m(z + c·1) = m(z) for n = {n}")


def _jacobian(n: int) -> Derived[sp.Matrix]:
    z = logits(n)
    m = softmin(z)
    closed_form = -(sp.diag(*m) - m * m.T)
    statement = f"∂mᵢ/∂zⱼ = −mᵢ(δᵢⱼ − mⱼ), i.e. J = −(diag(m) − m mᵀ), for n = {n}"
    return same_matrix(m.jacobian(z), closed_form, statement)


def analyze_softmin(step_seconds: float = DEFAULT_STEP_SECONDS) -> SoftminAnalysis:
    """Derive every softmin property for `symact.softmax.SIZES` classes.

    Args:
        step_seconds: The CPU time each claim may take (`symact.vector_claims.bounded`);
            a claim that runs out is undetermined with the reason.
    """
    claim = bounded(step_seconds)
    return SoftminAnalysis(
        softmax_of_negated=per_size(claim, _softmax_of_negated, SIZES),
        sums_to_one=per_size(claim, lambda n: sums_to_one(softmin(logits(n)), n, "m"), SIZES),
        open_simplex=per_size(claim, lambda n: open_simplex(softmin(logits(n)), n, "m"), SIZES),
        shift_invariant=per_size(claim, _shift_invariant, SIZES),
        jacobian=per_size(claim, _jacobian, SIZES),
    )
