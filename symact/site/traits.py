"""Strengths and drawbacks, as rules over the derived properties (never free text).

Each rule reads one derived property and states its consequence for training:
vanishing gradients where f′ → 0 on a side, dying units where f′ = 0 on an interval,
a bias shift where E[f(Z)] ≠ 0, the continuity class, boundedness, the identity near
the origin, and the evaluation cost (transcendental functions or only comparisons and
products).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..analysis import Analysis
from ..symbols import x
from .markup import math, shown

PIECEWISE_PRIMITIVES = (sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign)


@dataclass(frozen=True)
class Trait:
    """A strength (``good``) or drawback, and the property it follows from."""

    good: bool
    text: str
    source: str


def _vanishing(a: Analysis) -> list[Trait]:
    if not a.vanishing.known:
        return []
    sides = [s for s, v in sorted(a.vanishing.value.items()) if v]
    if not sides:
        return [Trait(True, "No vanishing gradient at either end: f′ ↛ 0.", "limits")]
    where = " and ".join("x → −∞" if s == "-oo" else "x → +∞" for s in sides)
    return [Trait(False, f"Vanishing gradient: f′ → 0 as {where}.", "limits")]


def _dead(a: Analysis) -> list[Trait]:
    if a.dead_set.known and a.dead_set.value is not sp.S.EmptySet:
        return [Trait(False, f"Dying units: f′ = 0 on {math(a.dead_set.value)}.", "dead_set")]
    return []


def _centring(a: Analysis) -> list[Trait]:
    if not a.gaussian_mean.known:
        return []
    mean = a.gaussian_mean.value
    if abs(sp.N(mean, 20)) < 1e-15:
        return [Trait(True, "Zero-centred: E[f(Z)] = 0 for Z ~ N(0, 1).", "gaussian_mean")]
    text = f"Not zero-centred: E[f(Z)] = {shown(a.gaussian_mean, mean)} shifts the next layer."
    return [Trait(False, text, "gaussian_mean")]


def _smoothness(a: Analysis) -> list[Trait]:
    if not a.continuity.known:
        return []
    k = a.continuity.value.k
    if k == sp.oo:
        return [
            Trait(True, "Smooth (C^∞): derivatives of every order are continuous.", "continuity")
        ]
    if k == -1:
        return [Trait(False, "Discontinuous: no useful gradient through the jump.", "continuity")]
    return [Trait(False, f"Only C^{k}: {a.continuity.value.reason}.", "continuity")]


def _bounded(a: Analysis) -> list[Trait]:
    if a.bounded.known and a.bounded.value["above"] and a.bounded.value["below"]:
        return [Trait(True, "Bounded output: activations cannot blow up.", "bounded")]
    return []


def _identity(a: Analysis) -> list[Trait]:
    if a.identity_near_origin.known and a.identity_near_origin.value:
        text = "Identity near the origin: f(0) = 0 and f′(0) = 1."
        return [Trait(True, text, "identity_near_origin")]
    return []


def cost(f: sp.Expr) -> Trait:
    """The evaluation cost: which transcendental functions f needs, if any."""
    # only what is applied to the input: SELU's constants hold erfc, its evaluation does not
    applied = {
        type(g)
        for g in f.atoms(sp.Function)
        if not isinstance(g, PIECEWISE_PRIMITIVES) and g.has(x)
    }
    powers = f.atoms(sp.Pow)
    if any(isinstance(p, sp.Pow) and p.base == sp.E and p.has(x) for p in powers):
        applied.add(sp.exp)
    if applied:
        names = ", ".join(sorted(t.__name__ for t in applied))
        return Trait(False, f"Cost: transcendental ({names}) per element.", "definition")
    if f.has(*PIECEWISE_PRIMITIVES):
        return Trait(
            True,
            "Cost: piecewise, no transcendental function — comparisons, multiplies and adds.",
            "definition",
        )
    return Trait(True, "Cost: a polynomial — multiplies and adds.", "definition")


RULES = (_vanishing, _dead, _centring, _smoothness, _bounded, _identity)


def traits(a: Analysis) -> list[Trait]:
    """Strengths and drawbacks that follow from the derived properties of ``a``."""
    found = [trait for rule in RULES for trait in rule(a)]
    return [*found, cost(a.function)]
