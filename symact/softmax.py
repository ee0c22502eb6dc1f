r"""Softmax, the vector activation: its properties derived for n = 2, 3, 4 classes.

$$ s_i(z) = \frac{e^{z_i}}{\sum_{j=1}^n e^{z_j}} $$

Each claim is a SymPy computation, not an assertion:

* $\sum_i s_i = 1$ -- the sum simplifies to 1;
* $0 < s_i < 1$ -- $s_i$ and $1 - s_i = \sum_{j \ne i} e^{z_j} / \sum_j e^{z_j}$ are
  positive by SymPy's assumptions on real $z$ (so $s$ lies in the open simplex);
* $s(z + c\mathbf 1) = s(z)$ -- the difference simplifies to 0;
* $\partial s_i / \partial z_j = s_i(\delta_{ij} - s_j)$, i.e.
  $J = \operatorname{diag}(s) - s s^\top$ -- the difference of the two matrices
  simplifies to the zero matrix;
* for $n = 2$, $s_1(z_1, z_2) = \sigma(z_1 - z_2)$ -- the difference simplifies to 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .budget import DEFAULT_STEP_SECONDS
from .catalog import sigmoid_of
from .provenance import Derived
from .vector_claims import (
    bounded,
    logits,
    open_simplex,
    per_size,
    proven,
    same_matrix,
    sums_to_one,
)

SIZES = (2, 3, 4)
"""The numbers of classes the properties are derived for."""


def inputs(n: int) -> list[sp.Symbol]:
    """The real logits z₁ … zₙ."""
    return logits(n)


def softmax(z: list[sp.Expr]) -> sp.Matrix:
    """The softmax of the vector ``z`` as a column matrix."""
    total = sum(sp.exp(zj) for zj in z)
    return sp.Matrix([sp.exp(zi) / total for zi in z])


@dataclass(frozen=True)
class SoftmaxAnalysis:
    """What symact derives about softmax, per number of classes."""

    sums_to_one: dict[int, Derived[bool]]
    open_simplex: dict[int, Derived[bool]]
    shift_invariant: dict[int, Derived[bool]]
    jacobian: dict[int, Derived[sp.Matrix]]
    two_class_sigmoid: Derived[bool]


def _shift_invariant(n: int) -> Derived[bool]:
    z, c = inputs(n), sp.Symbol("c", real=True)
    shifted = softmax([zi + c for zi in z])
    difference = sp.simplify(shifted - softmax(z))
    return proven(difference == sp.zeros(n, 1), f"s(z + c·1) = s(z) for n = {n}")


def _jacobian(n: int) -> Derived[sp.Matrix]:
    z = inputs(n)
    s = softmax(z)
    statement = f"∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ), i.e. J = diag(s) − s sᵀ, for n = {n}"
    return same_matrix(s.jacobian(z), sp.diag(*s) - s * s.T, statement)


def _two_class() -> Derived[bool]:
    z1, z2 = inputs(2)
    first = softmax([z1, z2])[0]
    return proven(sp.simplify(first - sigmoid_of(z1 - z2)) == 0, "softmax(z₁, z₂)₁ = σ(z₁ − z₂)")


def analyze_softmax(step_seconds: float = DEFAULT_STEP_SECONDS) -> SoftmaxAnalysis:
    """Derive every softmax property for `SIZES` classes.

    Args:
        step_seconds: The CPU time each claim may take (`symact.vector_claims.bounded`);
            a claim that runs out is undetermined with the reason.
    """
    claim = bounded(step_seconds)
    return SoftmaxAnalysis(
        sums_to_one=per_size(claim, lambda n: sums_to_one(softmax(inputs(n)), n), SIZES),
        open_simplex=per_size(claim, lambda n: open_simplex(softmax(inputs(n)), n), SIZES),
        shift_invariant=per_size(claim, _shift_invariant, SIZES),
        jacobian=per_size(claim, _jacobian, SIZES),
        two_class_sigmoid=claim(_two_class),
    )
