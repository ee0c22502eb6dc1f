r"""The centre of symmetry: a point (a, b) about which the graph of f is point-symmetric,

$$ f(a + t) + f(a - t) = 2b \quad \text{for all real } t, $$

i.e. $t \mapsto f(a + t) - b$ is odd: σ about $(0, \tfrac12)$, tanh about $(0, 0)$,
the hard sigmoid about $(0, \tfrac12)$, $\sigma(x - 1) + 3$ about $(1, \tfrac72)$.

A candidate is proven by `symact.symmetry.identically_zero` on the residual
$f(a + x) + f(a - x) - 2b$ (every segment simplifies to 0) and refuted by a point where
the residual is provably non-zero. Candidates, in order: $(0, f(0))$; when f has finite
limits $L_\pm$ at $\pm\infty$, $b = (L_- + L_+)/2$ (let $t \to \infty$) with every real
solution of $f(a) = b$ (the case $t = 0$); when f is one smooth expression, every zero
of f″ (which is odd about a centre) with $b = f(a)$.

No centre exists when a necessary condition fails: the limits of f at ±∞ must sum to
2b (both finite, or infinite of opposite signs), and those of f′, which is even about a
centre, must agree (ReLU: 0 and 1); or when the candidates are all the points the
conditions allow and each is refuted. The value then says why, with a witness: a point
where the residual of the first candidate is non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..jsonform import known, value
from ..provenance import Derived, exact, undetermined
from ..registry import Inputs, Property, Row, Writer
from ..symbols import x
from ..symmetry import identically_zero, value_at_zero

RANK = 4

MAX_CANDIDATES = 8
"""Solutions of f(a) = b or f″(a) = 0 tried at most (more: the property is left open)."""


@dataclass(frozen=True)
class Centre:
    """The centre (a, b), or ``a`` and ``b`` None when f has none; ``witness`` is
    ``(a, b, t, residual)``: f(a + t) + f(a − t) − 2b ≠ 0 for a refuted candidate."""

    a: sp.Expr | None
    b: sp.Expr | None
    witness: tuple[sp.Expr, ...] | None = None

    @property
    def exists(self) -> bool:
        """Whether f is point-symmetric about some point."""
        return self.a is not None


def residual(f: sp.Expr, a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """f(a + x) + f(a − x) − 2b: identically 0 iff f is point-symmetric about (a, b)."""
    return f.subs(x, a + x) + f.subs(x, a - x) - 2 * b


def _ordinary(found: Any) -> bool:
    """A limit that is a number or ±∞ (not an oscillation, not missing)."""
    return isinstance(found, sp.Expr) and not isinstance(found, sp.AccumBounds)


def obstruction(limits: dict[str, dict[str, Any]]) -> str | None:
    """Why no centre can exist, from the limits of f and f′ at ±∞, or None."""
    low, high = limits["f"]["-oo"], limits["f"]["oo"]
    if _ordinary(low) and _ordinary(high):
        finite = (low.is_finite, high.is_finite)
        if finite in ((True, False), (False, True)):
            return f"f → {low} at −∞ and {high} at +∞: one finite, so they cannot sum to 2b"
        if finite == (False, False) and low == high:
            return f"f → {high} at both ends, so f(a + t) + f(a − t) cannot stay 2b"
    d_low, d_high = limits["df"]["-oo"], limits["df"]["oo"]
    comparable = all(_ordinary(d) and d.is_finite for d in (d_low, d_high))
    if comparable and sp.simplify(d_low - d_high) != 0:
        return (
            f"f′ → {d_low} at −∞ but {d_high} at +∞; about a centre f′ is even, "
            "so its limits would agree"
        )
    return None


def _solutions(expr: sp.Expr) -> list[sp.Expr] | None:
    """The real zeros of ``expr`` in x, or None when they are not a short finite list."""
    found = sp.solveset(expr, x, sp.Reals)
    if found is sp.S.EmptySet:  # not a FiniteSet to SymPy
        return []
    if isinstance(found, sp.FiniteSet) and len(found) <= MAX_CANDIDATES:
        return sorted(found, key=lambda r: float(sp.N(r)))
    return None


def _candidates(f: sp.Expr, limits: dict[str, dict[str, Any]]) -> tuple[list, bool]:
    """Candidate centres after (0, f(0)), and whether they are all a centre could be."""
    low, high = limits["f"]["-oo"], limits["f"]["oo"]
    if _ordinary(low) and _ordinary(high) and low.is_finite and high.is_finite:
        b = sp.nsimplify(sp.simplify((low + high) / 2))
        places = _solutions(f - b)
        return ([(a, b) for a in places], True) if places is not None else ([], False)
    if not f.has(sp.Piecewise, sp.Heaviside, sp.Max, sp.Min, sp.Abs, sp.sign):
        places = _solutions(sp.diff(f, x, 2))
        if places is not None:
            return [(a, sp.simplify(f.subs(x, a))) for a in places], False
    return [], False


def _witness(f: sp.Expr, a: sp.Expr, b: sp.Expr, t: sp.Expr) -> tuple[sp.Expr, ...]:
    return (a, b, t, sp.N(residual(f, a, b).subs(x, t), 15))


def symmetry_centre(i: Inputs) -> Derived[Centre]:
    """The centre of symmetry of f (`Centre`), from the candidates of the module docstring."""
    f, limits = i.f, i.value("limits")
    tried, witness = [], None
    f0 = value_at_zero(f)
    first = [(sp.S.Zero, f0)] if f0.is_finite else []
    more, exhaustive = _candidates(f, limits)
    for a, b in dict.fromkeys([*first, *more]):
        verdict = identically_zero(residual(f, a, b))
        if verdict.holds:
            return exact(
                Centre(a, b), f"f(a + t) + f(a − t) − 2b simplifies to 0 for (a, b) = ({a}, {b})"
            )
        if verdict.holds is False and witness is None:
            witness = _witness(f, a, b, verdict.witness)
        tried.append((a, b, verdict.holds))
    blocked = obstruction(limits)
    if blocked is not None:
        return exact(Centre(None, None, witness), blocked)
    refuted = all(holds is False for _, _, holds in tried)
    if exhaustive and refuted:
        because = "each is refuted" if more else "there is none"
        return exact(
            Centre(None, None, witness),
            f"a centre (a, b) has b = (L₋ + L₊)/2 (t → ∞) and f(a) = b (t = 0): {because}",
        )
    return undetermined(
        f"no centre among the candidates {[(a, b) for a, b, _ in tried]}, and none ruled out"
    )


def _export(a: Any) -> dict[str, Any]:
    if not known(a.symmetry_centre):
        return {"symmetry_centre": None}
    centre = a.symmetry_centre.value
    witness = centre.witness
    return {
        "symmetry_centre": {
            "exists": centre.exists,
            "a": value(centre.a),
            "b": value(centre.b),
            "witness": (
                None
                if witness is None
                else dict(
                    zip(("a", "b", "t", "residual"), (value(v) for v in witness), strict=True)
                )
            ),
        }
    }


def _cell(a: Any, w: Writer) -> str:
    centre = a.symmetry_centre.value
    if centre.exists:
        return f"({w.math(centre.a)}, {w.math(centre.b)})"
    return "none" + w.aside(a.symmetry_centre.reason)


PROPERTIES = (
    Property(
        "symmetry_centre",
        symmetry_centre,
        label="Centre of symmetry",
        explanation="A point (a, b) with f(a + t) + f(a − t) = 2b for all t, if there is one.",
        needs=("limits",),
        export=_export,
        export_keys=("symmetry_centre",),
        rows=(Row("Centre of symmetry", _cell),),
        value_classes=(Centre,),
    ),
)
