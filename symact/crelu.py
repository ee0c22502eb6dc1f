r"""The concatenated ReLU (Shang et al. 2016): ℝⁿ → ℝ²ⁿ.

$$ \operatorname{CReLU}(x) = [\operatorname{relu}(x), \operatorname{relu}(-x)] $$

It acts component by component, so each claim is an identity in one real variable,
built from the catalog's ReLU and proven piece by piece by the engine
(`symact.identities.prove`), then summed over the components:

* $x = \operatorname{relu}(x) - \operatorname{relu}(-x)$ -- no information is lost;
* $\operatorname{relu}(x)^2 + \operatorname{relu}(-x)^2 = x^2$, so
  $\lVert \operatorname{CReLU}(x) \rVert = \lVert x \rVert$;
* both halves are non-negative (SymPy's assumptions on ``Max(0, ·)``);
* $\operatorname{relu}(x)\,\operatorname{relu}(-x) = 0$ and
  $\operatorname{relu}(x) + \operatorname{relu}(-x) = |x| > 0$ for $x \ne 0$: exactly
  one of the pair is non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .budget import DEFAULT_STEP_SECONDS
from .provenance import Derived, exact, undetermined
from .symbols import x
from .vector_claims import bounded, proven, scalar_identity


def crelu(v: list[sp.Expr]) -> sp.Matrix:
    """CReLU of ``v``: the ReLUs of ``v`` followed by those of ``−v``, a column matrix."""
    from .activation import get

    relu = get("relu").function
    return sp.Matrix([relu.subs(x, vi) for vi in v] + [relu.subs(x, -vi) for vi in v])


def _relu(f: object, sign: int = 1) -> sp.Expr:
    return f("relu").subs(x, sign * x)  # type: ignore[operator]


@dataclass(frozen=True)
class CReLUAnalysis:
    """What symact derives about CReLU (per component; vectors follow by summing)."""

    reconstruction: Derived[bool]
    norm_preserved: Derived[bool]
    nonnegative: Derived[bool]
    one_active: Derived[bool]


def _nonnegative() -> Derived[bool]:
    v = sp.Symbol("v", real=True)
    halves = crelu([v])
    return proven(
        all(h.is_nonnegative for h in halves), "relu(x) ≥ 0 and relu(−x) ≥ 0 for every real x"
    )


def _one_active() -> Derived[bool]:
    product = scalar_identity(
        lambda f: _relu(f) * _relu(f, -1), lambda f: sp.Integer(0), "relu(x)·relu(−x) = 0"
    )
    total = scalar_identity(
        lambda f: _relu(f) + _relu(f, -1), lambda f: sp.Abs(x), "relu(x) + relu(−x) = |x|"
    )
    nonzero = sp.Symbol("x", real=True, nonzero=True)
    if product.known and total.known and sp.Abs(nonzero).is_positive:
        return exact(
            True,
            "exactly one of relu(x), relu(−x) is non-zero for x ≠ 0: their product is 0 and "
            "their sum is |x| > 0 (both proven piece by piece)",
        )
    return undetermined(product.reason if not product.known else total.reason or "")


def analyze_crelu(step_seconds: float = DEFAULT_STEP_SECONDS) -> CReLUAnalysis:
    """Derive every CReLU property.

    Args:
        step_seconds: The CPU time each claim may take (`symact.vector_claims.bounded`);
            a claim that runs out is undetermined with the reason.
    """
    claim = bounded(step_seconds)
    return CReLUAnalysis(
        reconstruction=claim(
            scalar_identity,
            lambda f: _relu(f) - _relu(f, -1),
            lambda f: x,
            "x = CReLU(x)₁ − CReLU(x)₂ = relu(x) − relu(−x)",
        ),
        norm_preserved=claim(
            scalar_identity,
            lambda f: _relu(f) ** 2 + _relu(f, -1) ** 2,
            lambda f: x**2,
            "relu(x)² + relu(−x)² = x², so ‖CReLU(x)‖ = ‖x‖",
        ),
        nonnegative=claim(_nonnegative),
        one_active=claim(_one_active),
    )
