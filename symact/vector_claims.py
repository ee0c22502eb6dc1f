r"""Shared steps of the vector-activation analyses: each turns a SymPy computation into a
`symact.provenance.Derived` claim.

* `bounded` -- runs one claim's derivation under a time budget, as the scalar analysis
  runs each property (`symact.budget.attempt`): a claim that runs out of time or that
  SymPy gives up on is undetermined with the reason, and the others still complete;
  `per_size` does so once per size;
* `proven` -- a boolean check that SymPy completed, as an exact claim or as undetermined;
* `same_matrix` -- a derived matrix (a Jacobian obtained by differentiating) shown equal
  to a closed form, $\operatorname{simplify}(J - C) = 0$;
* `sums_to_one`, `open_simplex` -- the probability-simplex claims of softmax and softmin;
* `scalar_identity` -- an identity $L(x) = R(x)$ in one real variable, proven by the
  engine's piecewise machinery (`symact.identities.prove`: every smooth piece and every
  breakpoint value of $L - R$ simplifies to 0), so ``Max``/``Abs``/``Piecewise`` sides
  (ReLU, clip, sparsemax's pieces) are handled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

import sympy as sp

from .budget import attempt
from .provenance import Derived, exact, undetermined


class Claim(Protocol):
    """``claim(step, *args)``: the claim ``step(*args)`` derives, within a budget."""

    def __call__(self, step: Callable[..., Derived[Any]], *args: Any) -> Derived[Any]: ...


def bounded(seconds: float) -> Claim:
    """A `Claim` runner giving each claim ``seconds`` of CPU time: ``step(*args)``, or
    undetermined with the reason ("the time ran out (time budget of … s)", or why SymPy
    gave up) when it fails."""

    def claim(step: Callable[..., Derived[Any]], *args: Any) -> Derived[Any]:
        result, reason = attempt(lambda: step(*args), seconds)
        if reason is not None or result is None:
            return undetermined(reason or f"{step.__name__} derived nothing")
        return result

    return claim


def per_size(
    claim: Claim, step: Callable[[int], Derived[Any]], sizes: Iterable[int]
) -> dict[int, Derived[Any]]:
    """``{n: step(n)}`` for each size n, each claim within its own budget."""
    return {n: claim(step, n) for n in sizes}


def proven(claim: bool, statement: str) -> Derived[bool]:
    """``statement`` as an exact claim if SymPy confirmed it (``claim``), else undetermined."""
    if claim:
        return exact(True, statement)
    return undetermined(f"SymPy could not confirm: {statement}")


def logits(n: int, name: str = "z") -> list[sp.Symbol]:
    """The real inputs ``z1 … zn`` (or another ``name``)."""
    return list(sp.symbols(f"{name}1:{n + 1}", real=True))


def same_matrix(derived: sp.Matrix, closed_form: sp.Matrix, statement: str) -> Derived[sp.Matrix]:
    """``closed_form`` as an exact value if ``derived − closed_form`` simplifies to 0."""
    if sp.simplify(derived - closed_form) == sp.zeros(*closed_form.shape):
        return exact(closed_form, statement)
    return undetermined(f"SymPy could not simplify the difference to 0: {statement}")


def sums_to_one(vector: sp.Matrix, n: int, label: str = "s") -> Derived[bool]:
    r"""$\sum_i v_i = 1$, by simplifying the sum minus 1 to 0."""
    return proven(sp.simplify(sum(vector) - 1) == 0, f"Σ {label}ᵢ = 1 for n = {n}")


def open_simplex(vector: sp.Matrix, n: int, label: str = "s") -> Derived[bool]:
    r"""$0 < v_i < 1$: $v_i$ and $1 - v_i$ (over a common denominator, the sum of the
    other terms over the total) are positive by SymPy's assumptions."""
    positive = all(vi.is_positive for vi in vector)
    below_one = all(
        sp.together(1 - vi).is_positive or sp.simplify(1 - vi).is_positive for vi in vector
    )
    return proven(positive and below_one, f"0 < {label}ᵢ < 1 for every i, n = {n}")


def scalar_identity(
    left: Callable[[Callable[..., sp.Expr]], sp.Expr],
    right: Callable[[Callable[..., sp.Expr]], sp.Expr],
    statement: str,
) -> Derived[bool]:
    """``left = right`` in the real variable x, sides built from the catalog by name (a
    ``lookup(name, **params)`` argument), proven piece by piece by `symact.identities`."""
    from .identities import Relation, prove

    relation = Relation("vector", statement, "exact", (), left, right)
    result = prove(relation).result
    if result.known and result.value is True:
        return exact(True, f"{statement} ({result.reason})")
    return undetermined(f"{statement}: {result.reason}")
