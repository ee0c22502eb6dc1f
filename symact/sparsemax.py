r"""Sparsemax (Martins & Astudillo 2016): the Euclidean projection onto the simplex,
derived region by region for n = 2, 3.

$$ \operatorname{sparsemax}_i(z) = \max(z_i - \tau(z), 0), \qquad
   \sum_i \max(z_i - \tau, 0) = 1 \text{ defines } \tau(z). $$

The derivation enumerates the possible supports $S \subseteq \{1, \dots, n\}$: where
exactly the components in $S$ exceed the threshold, the defining equation is linear,
$\sum_{i \in S} (z_i - \tau) = 1$, and SymPy solves it:
$\tau_S = (\sum_{i \in S} z_i - 1)/|S|$. The region of $S$ is where
$z_i > \tau_S \iff i \in S$; there $p_i = z_i - \tau_S$ on $S$ and 0 elsewhere. Then:

* for $z = (t, 0)$ the regions are $t \ge 1$, $t \le -1$ and $|t| < 1$, and the derived
  piecewise $p_1$ equals $\operatorname{clip}((t + 1)/2, 0, 1)$, which is Keras 3's
  ``hard_sigmoid`` at $3t$ -- proven piece by piece by the engine
  (`symact.identities.prove`), as softmax's two-class case is the sigmoid;
* $\sum_i p_i = 1$ simplifies on every region; $p_i \ge 0$ (the region's inequalities
  make the support components positive, the others are 0), so the output lies in the
  *closed* simplex -- and a concrete input reaches its boundary: a component exactly 0;
* $p(z + c\mathbf 1) = p(z)$: every $z_i - \tau_S$ (pieces and region inequalities) is
  unchanged, the difference simplifies to 0;
* on region $S$, differentiating the piece gives
  $J = \operatorname{diag}(\mathbb 1_S) - \mathbb 1_S \mathbb 1_S^\top / |S|$.

Reference: A. F. T. Martins, R. F. Astudillo, *From Softmax to Sparsemax*, ICML 2016,
arXiv:1602.02068 (Algorithm 1 and Proposition 2).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from .budget import DEFAULT_STEP_SECONDS
from .provenance import Derived, exact, undetermined
from .symbols import x
from .vector_claims import bounded, logits, per_size, proven, scalar_identity

SIZES = (2, 3)
"""The numbers of classes the properties are derived for (2ⁿ − 1 regions each)."""

WITNESSES: dict[int, tuple[sp.Rational, ...]] = {
    2: (sp.Integer(1), sp.Integer(-1)),
    3: (sp.Rational(1, 2), sp.Integer(0), sp.Integer(-1)),
}
"""Inputs at which sparsemax is evaluated exactly to exhibit a zero component."""


@dataclass(frozen=True)
class Region:
    """Where exactly the components in ``support`` exceed the threshold ``tau``."""

    support: tuple[int, ...]
    tau: sp.Expr
    output: sp.Matrix
    condition: sp.Basic


def _threshold(z: list[sp.Expr], support: tuple[int, ...]) -> sp.Expr:
    tau = sp.Symbol("tau", real=True)
    (solution,) = sp.solve(sum(z[i] - tau for i in support) - 1, tau)
    return solution


def regions(z: list[sp.Expr]) -> list[Region]:
    """The support regions of sparsemax at the symbolic input ``z``, τ solved per support."""
    found = []
    n = len(z)
    for size in range(1, n + 1):
        for support in itertools.combinations(range(n), size):
            tau = _threshold(z, support)
            output = sp.Matrix([z[i] - tau if i in support else 0 for i in range(n)])
            condition = sp.And(*[(z[i] > tau) if i in support else (z[i] <= tau) for i in range(n)])
            found.append(Region(support, tau, output, condition))
    return found


def sparsemax(z: list[sp.Expr]) -> sp.Matrix:
    """Sparsemax of ``z`` as a column of ``Piecewise`` over the support regions."""
    pieces = regions(z)
    return sp.Matrix(
        [sp.Piecewise(*[(r.output[i], r.condition) for r in pieces]) for i in range(len(z))]
    )


@dataclass(frozen=True)
class SparsemaxAnalysis:
    """What symact derives about sparsemax, per number of classes."""

    two_class_clip: Derived[sp.Expr]
    two_class_hard_sigmoid: Derived[bool]
    sums_to_one: dict[int, Derived[bool]]
    closed_simplex: dict[int, Derived[bool]]
    sparse_witness: dict[int, Derived[sp.Matrix]]
    shift_invariant: dict[int, Derived[bool]]
    jacobian: dict[int, Derived[sp.Matrix]]


def _two_class_first() -> sp.Expr:
    return sparsemax([x, sp.Integer(0)])[0]


def _two_class_clip() -> Derived[sp.Expr]:
    clip = sp.Min(sp.Max((x + 1) / 2, 0), 1)
    found = scalar_identity(
        lambda f: _two_class_first(), lambda f: clip, "sparsemax(x, 0)₁ = clip((x + 1)/2, 0, 1)"
    )
    return exact(clip, found.reason) if found.known else found


def _two_class_hard_sigmoid() -> Derived[bool]:
    return scalar_identity(
        lambda f: _two_class_first(),
        lambda f: f("hard_sigmoid").subs(x, 3 * x),
        "sparsemax(x, 0)₁ = hard_sigmoid(3x) (Keras 3: relu6(3x + 3)/6)",
    )


def _sums_to_one(n: int) -> Derived[bool]:
    ok = all(sp.simplify(sum(r.output) - 1) == 0 for r in regions(logits(n)))
    return proven(ok, f"Σ pᵢ = 1 on each of the {2**n - 1} support regions, n = {n}")


def _closed_simplex(n: int) -> Derived[bool]:
    z = logits(n)
    ok = True
    for r in regions(z):
        positive = [sp.simplify(r.output[i] - (z[i] - r.tau)) == 0 for i in r.support]
        zeros = [r.output[i] == 0 for i in range(n) if i not in r.support]
        ok = ok and all(positive) and all(zeros) and sp.simplify(sum(r.output) - 1) == 0
    return proven(
        ok,
        f"0 ≤ pᵢ ≤ 1, Σ pᵢ = 1 (closed simplex): on each region pᵢ = zᵢ − τ_S > 0 for i ∈ S "
        f"(the region's inequality), pᵢ = 0 otherwise, n = {n}",
    )


def _sparse_witness(n: int) -> Derived[sp.Matrix]:
    point = WITNESSES[n]
    z = logits(n)
    at = dict(zip(z, point, strict=True))
    holding = [r for r in regions(z) if bool(r.condition.subs(at))]
    if len(holding) != 1:
        return undetermined(f"{len(holding)} regions hold at z = {point}")
    value = holding[0].output.subs(at)
    if 0 not in value:
        return undetermined(f"sparsemax{point} = {tuple(value)} has no zero component")
    zero_at = ", ".join(str(i + 1) for i in range(n) if value[i] == 0)
    statement = (
        f"sparsemax{tuple(point)} = {tuple(value)}: component {zero_at} exactly 0 "
        f"(exactly one region holds there), n = {n}"
    )
    return exact(value, statement)


def _shift_invariant(n: int) -> Derived[bool]:
    z, c = logits(n), sp.Symbol("c", real=True)
    shifted = regions([zi + c for zi in z])
    ok = all(
        sp.simplify(s.output - r.output) == sp.zeros(n, 1)
        and all(sp.simplify((zi + c - s.tau) - (zi - r.tau)) == 0 for zi in z)
        for s, r in zip(shifted, regions(z), strict=True)
    )
    return proven(ok, f"p(z + c·1) = p(z): each zᵢ − τ_S is unchanged, n = {n}")


def _jacobian(n: int) -> Derived[sp.Matrix]:
    z = logits(n)
    ok = True
    for r in regions(z):
        indicator = sp.Matrix([1 if i in r.support else 0 for i in range(n)])
        closed_form = sp.diag(*indicator) - indicator * indicator.T / len(r.support)
        ok = ok and sp.simplify(r.output.jacobian(z) - closed_form) == sp.zeros(n, n)
    full = sp.eye(n) - sp.ones(n, n) / n
    statement = (
        f"J = diag(1_S) − 1_S 1_Sᵀ/|S| on each support region S (the piece differentiated); "
        f"shown for S = all, n = {n}"
    )
    return exact(full, statement) if ok else undetermined(f"SymPy could not confirm: {statement}")


def analyze_sparsemax(step_seconds: float = DEFAULT_STEP_SECONDS) -> SparsemaxAnalysis:
    """Derive every sparsemax property for `SIZES` classes.

    Args:
        step_seconds: The CPU time each claim may take (`symact.vector_claims.bounded`);
            a claim that runs out is undetermined with the reason.
    """
    claim = bounded(step_seconds)
    return SparsemaxAnalysis(
        two_class_clip=claim(_two_class_clip),
        two_class_hard_sigmoid=claim(_two_class_hard_sigmoid),
        sums_to_one=per_size(claim, _sums_to_one, SIZES),
        closed_simplex=per_size(claim, _closed_simplex, SIZES),
        sparse_witness=per_size(claim, _sparse_witness, SIZES),
        shift_invariant=per_size(claim, _shift_invariant, SIZES),
        jacobian=per_size(claim, _jacobian, SIZES),
    )
