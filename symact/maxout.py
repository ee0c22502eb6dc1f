r"""Maxout (Goodfellow et al. 2013): the maximum of k affine pieces, derived for k = 2, 3.

$$ h(x) = \max_{j = 1}^{k} \ell_j(x), \qquad \ell_j(x) = w_j x + b_j $$

(one input coordinate; with several, each piece is $w_j^\top x + b_j$ and the same steps
apply per coordinate). The maximum is rewritten as SymPy's ``Piecewise`` -- one branch
per piece, with the condition that it is the largest. Each claim is a computation:

* piecewise linear -- every branch of $h$ has second derivative 0 in $x$;
* convex -- $h$ lies above each piece ($\max_i z_i - z_j \ge 0$ simplifies on every
  region, writing the others as $z_i = z_r - d_i$, $d_i > 0$) and each piece is affine
  ($\ell_j(y) - \ell_j(x) - w_j (y - x)$ simplifies to 0), so at any $x$ the active
  piece is a supporting line: $h(y) \ge h(x) + w_j (y - x)$;
* the gradient in the pieces is one-hot a.e. -- on the region where $z_r$ is the
  strict maximum, $\partial h / \partial z_j = \delta_{rj}$;
* $\max(x, 0)$ is the catalog's ReLU and $\max(x, -x) = |x|$ -- proven by the engine
  (`symact.identities.prove`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .budget import DEFAULT_STEP_SECONDS
from .provenance import Derived
from .symbols import x
from .vector_claims import bounded, logits, per_size, proven, scalar_identity

SIZES = (2, 3)
"""The numbers of pieces k the properties are derived for."""


def maxout(pieces: list[sp.Expr]) -> sp.Expr:
    """The maximum of ``pieces`` as a ``Piecewise`` (the branch of the largest piece)."""
    return sp.Max(*pieces).rewrite(sp.Piecewise)


def affine_pieces(k: int) -> list[sp.Expr]:
    """ℓ_j(x) = w_j x + b_j with symbolic real slopes and intercepts."""
    return [w * x + b for w, b in zip(logits(k, "w"), logits(k, "b"), strict=True)]


def _on_region(r: int, z: list[sp.Symbol]) -> dict[sp.Symbol, sp.Expr]:
    """Substitution making ``z[r]`` the strict maximum: z_i = z_r − d_i, d_i > 0."""
    gaps = sp.symbols(f"d1:{len(z) + 1}", positive=True)
    return {zi: z[r] - gaps[i] for i, zi in enumerate(z) if i != r}


@dataclass(frozen=True)
class MaxoutAnalysis:
    """What symact derives about maxout, per number of pieces k."""

    piecewise_linear: dict[int, Derived[bool]]
    convex: dict[int, Derived[bool]]
    one_hot_gradient: dict[int, Derived[bool]]
    relu: Derived[bool]
    absolute_value: Derived[bool]


def _piecewise_linear(k: int) -> Derived[bool]:
    h = maxout(affine_pieces(k))
    branches = [expr for expr, _ in h.args]
    ok = all(sp.diff(expr, x, 2) == 0 for expr in branches)
    return proven(ok, f"every branch of max of {k} affine pieces has h″ = 0 (piecewise linear)")


def _convex(k: int) -> Derived[bool]:
    z = logits(k)
    h = maxout(z)
    above = all(
        sp.simplify((h - z[j]).subs(_on_region(r, z))).is_nonnegative
        for r in range(k)
        for j in range(k)
    )
    y = sp.Symbol("y", real=True)
    affine = all(
        sp.simplify(piece.subs(x, y) - piece - sp.diff(piece, x) * (y - x)) == 0
        for piece in affine_pieces(k)
    )
    return proven(
        above and affine,
        f"h ≥ every piece (all {k} regions) and pieces affine: the active piece supports h, "
        f"so h is convex, k = {k}",
    )


def _one_hot_gradient(k: int) -> Derived[bool]:
    z = logits(k)
    h = maxout(z)
    ok = all(
        sp.simplify(sp.diff(h, z[j]).subs(_on_region(r, z))) == (1 if j == r else 0)
        for r in range(k)
        for j in range(k)
    )
    return proven(ok, f"∂h/∂zⱼ = δᵣⱼ where z_r is the strict maximum (a.e.), k = {k}")


def analyze_maxout(step_seconds: float = DEFAULT_STEP_SECONDS) -> MaxoutAnalysis:
    """Derive every maxout property for `SIZES` pieces.

    Args:
        step_seconds: The CPU time each claim may take (`symact.vector_claims.bounded`);
            a claim that runs out is undetermined with the reason.
    """
    claim = bounded(step_seconds)
    return MaxoutAnalysis(
        piecewise_linear=per_size(claim, _piecewise_linear, SIZES),
        convex=per_size(claim, _convex, SIZES),
        one_hot_gradient=per_size(claim, _one_hot_gradient, SIZES),
        relu=claim(
            scalar_identity, lambda f: sp.Max(x, 0), lambda f: f("relu"), "maxout(x, 0) = relu(x)"
        ),
        absolute_value=claim(
            scalar_identity, lambda f: sp.Max(x, -x), lambda f: sp.Abs(x), "maxout(x, −x) = |x|"
        ),
    )
