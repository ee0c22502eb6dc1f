r"""The gated linear unit (Dauphin et al. 2017): ℝ²ⁿ → ℝⁿ, derived for n = 1, 2, 3.

$$ \operatorname{GLU}(a, b) = a \odot \sigma(b) $$

(PyTorch splits its input along ``dim`` into the first half $a$ and the second half
$b$.) Each claim is a SymPy computation, not an assertion:

* $\partial\,\mathrm{GLU}/\partial a = \operatorname{diag}(\sigma(b))$ and
  $\partial\,\mathrm{GLU}/\partial b = \operatorname{diag}(a\,\sigma(b)(1 - \sigma(b)))$ --
  the Jacobian blocks, differentiated, minus these matrices simplify to 0;
* $\operatorname{GLU}(x, x) = x\,\sigma(x)$ is the catalog's swish with β = 1 (SiLU) --
  proven by the engine (`symact.identities.prove`);
* the image of each component is ℝ -- SymPy solves $a\,\sigma(0) = y$ for every real
  $y$ ($a = 2y$), so every value is attained.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .budget import DEFAULT_STEP_SECONDS
from .catalog import sigmoid_of
from .provenance import Derived, exact, undetermined
from .symbols import x
from .vector_claims import bounded, logits, per_size, same_matrix, scalar_identity

SIZES = (1, 2, 3)
"""The output sizes n (inputs of size 2n) the properties are derived for."""


def glu(a: list[sp.Expr], b: list[sp.Expr]) -> sp.Matrix:
    """GLU of the halves ``a`` (values) and ``b`` (gates) as a column matrix."""
    return sp.Matrix([ai * sigmoid_of(bi) for ai, bi in zip(a, b, strict=True)])


@dataclass(frozen=True)
class GLUAnalysis:
    """What symact derives about GLU, per output size n."""

    jacobian_values: dict[int, Derived[sp.Matrix]]
    jacobian_gates: dict[int, Derived[sp.Matrix]]
    silu_on_diagonal: Derived[bool]
    range_is_reals: Derived[bool]


def _jacobian_values(n: int) -> Derived[sp.Matrix]:
    a, b = logits(n, "a"), logits(n, "b")
    closed_form = sp.diag(*[sigmoid_of(bi) for bi in b])
    statement = f"∂GLU/∂a = diag(σ(b)), for n = {n}"
    return same_matrix(glu(a, b).jacobian(a), closed_form, statement)


def _jacobian_gates(n: int) -> Derived[sp.Matrix]:
    a, b = logits(n, "a"), logits(n, "b")
    closed_form = sp.diag(
        *[ai * sigmoid_of(bi) * (1 - sigmoid_of(bi)) for ai, bi in zip(a, b, strict=True)]
    )
    statement = f"∂GLU/∂b = diag(a σ(b)(1 − σ(b))), for n = {n}"
    return same_matrix(glu(a, b).jacobian(b), closed_form, statement)


def _silu_on_diagonal() -> Derived[bool]:
    return scalar_identity(
        lambda f: glu([x], [x])[0],
        lambda f: f("swish", beta=1),
        "GLU(x, x) = x σ(x) = swish(x; β = 1) = SiLU(x)",
    )


def _range_is_reals() -> Derived[bool]:
    a, y = sp.Symbol("a", real=True), sp.Symbol("y", real=True)
    solutions = sp.solve(glu([a], [sp.Integer(0)])[0] - y, a)
    if len(solutions) == 1 and solutions[0].is_real:
        return exact(
            True,
            f"image ℝ: GLU(a, 0) = a σ(0) = y is solved by a = {solutions[0]} for every real y",
        )
    return undetermined(f"SymPy found {solutions} for a σ(0) = y")


def analyze_glu(step_seconds: float = DEFAULT_STEP_SECONDS) -> GLUAnalysis:
    """Derive every GLU property for `SIZES`.

    Args:
        step_seconds: The CPU time each claim may take (`symact.vector_claims.bounded`);
            a claim that runs out is undetermined with the reason.
    """
    claim = bounded(step_seconds)
    return GLUAnalysis(
        jacobian_values=per_size(claim, _jacobian_values, SIZES),
        jacobian_gates=per_size(claim, _jacobian_gates, SIZES),
        silu_on_diagonal=claim(_silu_on_diagonal),
        range_is_reals=claim(_range_is_reals),
    )
