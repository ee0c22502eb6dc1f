"""Strengths and drawbacks, as rules over the derived properties (never free text).

Each property record may state the consequences of its value for training
(`symact.registry.Property.traits`: vanishing gradients where f′ → 0 on a side, dying
units where f′ = 0 on an interval, a bias shift where E[f(Z)] ≠ 0, the continuity class,
boundedness, the identity near the origin); the evaluation cost (transcendental
functions or only comparisons and products) is read off the definition here.
"""

from __future__ import annotations

import sympy as sp

from ..analysis import Analysis
from ..derived import SHOWN
from ..registry import Trait
from ..symbols import x
from .markup import PageWriter

__all__ = ["Trait", "cost", "traits"]

WRITER = PageWriter()

PIECEWISE_PRIMITIVES = (sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign)


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


def traits(a: Analysis) -> list[Trait]:
    """Strengths and drawbacks that follow from the derived properties of ``a`` (each
    property record's `symact.registry.Property.traits`), then the evaluation cost."""
    found = [trait for prop in SHOWN if prop.traits for trait in prop.traits(a, WRITER)]
    return [*found, cost(a.function)]
