r"""Log-softmax: its properties derived for n = 2, 3, 4 classes.

$$ \ell_i(z) = z_i - \log \sum_{j=1}^n e^{z_j} $$

Each claim is a SymPy computation, not an assertion:

* $\ell_i < 0$ -- $e^{-\ell_i}$ simplifies to $1 + \sum_{j \ne i} e^{z_j - z_i}$, so
  $-\ell_i = \log(1 + \sum_{j \ne i} e^{z_j - z_i})$, positive by SymPy's assumptions
  (the output lies in the open orthant $(-\infty, 0)^n$);
* $e^{\ell(z)} = s(z)$, the softmax -- the difference simplifies to 0;
* $\ell(z) = \log s(z)$ -- $\log s_i$ expands (its arguments are positive) to $\ell_i$;
* $\ell(z + c\mathbf 1) = \ell(z)$ -- the difference simplifies to 0;
* $\partial \ell_i / \partial z_j = \delta_{ij} - s_j$, i.e. $J = I - \mathbf 1 s^\top$ --
  the Jacobian of $\ell$, differentiated, minus that matrix simplifies to 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .budget import DEFAULT_STEP_SECONDS
from .provenance import Derived
from .softmax import SIZES, softmax
from .vector_claims import bounded, logits, per_size, proven, same_matrix


def log_softmax(z: list[sp.Expr]) -> sp.Matrix:
    """The log-softmax of the vector ``z`` as a column matrix."""
    log_total = sp.log(sum(sp.exp(zj) for zj in z))
    return sp.Matrix([zi - log_total for zi in z])


@dataclass(frozen=True)
class LogSoftmaxAnalysis:
    """What symact derives about log-softmax, per number of classes."""

    negative: dict[int, Derived[bool]]
    exp_is_softmax: dict[int, Derived[bool]]
    log_of_softmax: dict[int, Derived[bool]]
    shift_invariant: dict[int, Derived[bool]]
    jacobian: dict[int, Derived[sp.Matrix]]


def _negative(n: int) -> Derived[bool]:
    z = logits(n)
    ell = log_softmax(z)
    ok = True
    for i, zi in enumerate(z):
        inside = 1 + sum(sp.exp(zj - zi) for j, zj in enumerate(z) if j != i)
        rewritten = sp.expand(sp.powsimp(sp.expand(sp.exp(-ell[i]))))
        ok = ok and sp.simplify(rewritten - inside) == 0 and sp.log(inside).is_positive is True
    return proven(ok, f"ℓᵢ < 0: e^(−ℓᵢ) = 1 + Σ_(j≠i) e^(zⱼ − zᵢ) > 1, for n = {n}")


def _exp_is_softmax(n: int) -> Derived[bool]:
    z = logits(n)
    difference = sp.simplify(log_softmax(z).applyfunc(sp.exp) - softmax(z))
    return proven(difference == sp.zeros(n, 1), f"exp(ℓ(z)) = softmax(z) for n = {n}")


def _log_of_softmax(n: int) -> Derived[bool]:
    z = logits(n)
    logs = softmax(z).applyfunc(lambda si: sp.expand_log(sp.log(si)))
    difference = sp.simplify(logs - log_softmax(z))
    return proven(difference == sp.zeros(n, 1), f"ℓ(z) = log softmax(z) for n = {n}")


def _shift_invariant(n: int) -> Derived[bool]:
    z, c = logits(n), sp.Symbol("c", real=True)
    difference = sp.simplify(log_softmax([zi + c for zi in z]) - log_softmax(z))
    return proven(difference == sp.zeros(n, 1), f"ℓ(z + c·1) = ℓ(z) for n = {n}")


def _jacobian(n: int) -> Derived[sp.Matrix]:
    z = logits(n)
    closed_form = sp.eye(n) - sp.ones(n, 1) * softmax(z).T
    statement = f"∂ℓᵢ/∂zⱼ = δᵢⱼ − sⱼ, i.e. J = I − 1·sᵀ, for n = {n}"
    return same_matrix(log_softmax(z).jacobian(z), closed_form, statement)


def analyze_log_softmax(step_seconds: float = DEFAULT_STEP_SECONDS) -> LogSoftmaxAnalysis:
    """Derive every log-softmax property for `symact.softmax.SIZES` classes.

    Args:
        step_seconds: The CPU time each claim may take (`symact.vector_claims.bounded`);
            a claim that runs out is undetermined with the reason.
    """
    claim = bounded(step_seconds)
    return LogSoftmaxAnalysis(
        negative=per_size(claim, _negative, SIZES),
        exp_is_softmax=per_size(claim, _exp_is_softmax, SIZES),
        log_of_softmax=per_size(claim, _log_of_softmax, SIZES),
        shift_invariant=per_size(claim, _shift_invariant, SIZES),
        jacobian=per_size(claim, _jacobian, SIZES),
    )
