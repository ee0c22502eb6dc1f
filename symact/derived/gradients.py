"""Properties of the gradient's health: where f′ is identically 0 (dying units), whether
f′ → 0 at ±∞ (vanishing gradients) and how fast (the saturation rate)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .. import properties
from ..jsonform import known, value
from ..provenance import exact
from ..registry import Inputs, OverviewColumn, Property, Row, Trait, Writer
from ..shape import dead_gradient_set, vanishing_gradient
from ..symbols import x

RANK = 1


def _vanishing_sides(a: Any) -> list[str]:
    return [s for s, v in sorted(a.vanishing.value.items()) if v]


def _vanishing_column(a: Any, w: Writer) -> tuple[str, str]:
    if not a.vanishing.known:
        return "?", ""
    sides = [s for s in ("-oo", "oo") if a.vanishing.value[s]]
    shown = {0: "no", 1: "−∞" if sides == ["-oo"] else "+∞", 2: "both sides"}[len(sides)]
    return shown, str(len(sides))


def _vanishing_cell(a: Any, w: Writer) -> str:
    found = a.vanishing.value
    return f"{w.yes_no(found['-oo'])} at −∞, {w.yes_no(found['oo'])} at +∞"


def _vanishing_traits(a: Any, w: Writer) -> list[Trait]:
    if not a.vanishing.known:
        return []
    sides = _vanishing_sides(a)
    if not sides:
        return [Trait(True, "No vanishing gradient at either end: f′ ↛ 0.", "limits")]
    places = " and ".join("x → −∞" if s == "-oo" else "x → +∞" for s in sides)
    return [Trait(False, f"Vanishing gradient: f′ → 0 as {places}.", "limits")]


def _dead_column(a: Any, w: Writer) -> tuple[str, str]:
    if not a.dead_set.known:
        return "?", ""
    if a.dead_set.value is sp.S.EmptySet:
        return "none", "0"
    return w.math(a.dead_set.value), "1"


def _dead_traits(a: Any, w: Writer) -> list[Trait]:
    if a.dead_set.known and a.dead_set.value is not sp.S.EmptySet:
        return [Trait(False, f"Dying units: f′ = 0 on {w.math(a.dead_set.value)}.", "dead_set")]
    return []


_RATE = sp.Symbol("c", positive=True), sp.Symbol("p", positive=True)


RATE_SHAPES = {
    "exponential": (sp.exp(-_RATE[0] * sp.Abs(x)), _RATE[0]),
    "polynomial": (sp.Abs(x) ** -_RATE[1], _RATE[1]),
}
"""How f′ → 0 for each saturation kind with a rate, and the rate's symbol."""


def _saturation_cell(a: Any, w: Writer) -> str:
    def side(rate: Any) -> str:
        if rate.rate is None or rate.kind not in RATE_SHAPES:
            return rate.kind
        shape, name = RATE_SHAPES[rate.kind]
        return f"{rate.kind}, like {w.formula(shape)} with {name} = {w.math(rate.rate)}"

    rates = a.saturation.value
    return f"{side(rates['-oo'])} at −∞; {side(rates['oo'])} at +∞"


def _df_limits(i: Inputs) -> Any:
    return i.value("limits")["df"] if i["limits"].known else None


def _saturation_export(a: Any) -> dict[str, Any]:
    if not known(a.saturation):
        return {"saturation": None}
    return {
        "saturation": {
            side: {"kind": s.kind, "rate": value(s.rate)} for side, s in a.saturation.value.items()
        }
    }


PROPERTIES = (
    Property(
        "dead_set",
        lambda i: exact(dead_gradient_set(i.value("derivative_pieces"))),
        rank=120,
        label="Dead gradient (f′ ≡ 0)",
        explanation="Where f′ is identically 0 on an interval (dying units).",
        needs=("derivative_pieces",),
        export=lambda a: {
            "dead_gradient_set": sp.sstr(a.dead_set.value) if known(a.dead_set) else None
        },
        export_keys=("dead_gradient_set",),
        concept="concepts/vanishing-gradients.md",
        rows=(Row("Dead gradient (f′ ≡ 0)", lambda a, w: w.math(a.dead_set.value)),),
        overview=OverviewColumn("dead f′", _dead_column),
        traits=_dead_traits,
    ),
    Property(
        "vanishing",
        lambda i: vanishing_gradient(i.value("derivative_pieces"), _df_limits(i)),
        rank=110,
        label="Vanishing gradient",
        explanation="Whether f′ → 0 as x → −∞ and as x → +∞.",
        needs=("derivative_pieces",),
        uses=("limits",),
        export=lambda a: {"vanishing_gradient": a.vanishing.value if known(a.vanishing) else None},
        export_keys=("vanishing_gradient",),
        concept="concepts/vanishing-gradients.md",
        rows=(Row("Vanishing gradient", _vanishing_cell),),
        overview=OverviewColumn("vanishing f′", _vanishing_column),
        traits=_vanishing_traits,
    ),
    Property(
        "saturation",
        lambda i: properties.saturation(i.value("derivative_pieces"), _df_limits(i)),
        rank=260,
        label="Saturation of f′",
        explanation="How f′ → 0 on each side: exponentially, polynomially, or not at all.",
        needs=("derivative_pieces",),
        uses=("limits",),
        # up to four Gruntz limits (GELU-tanh's log|f′|/x alone costs about 4 s of CPU)
        scale=2.0,
        export=_saturation_export,
        export_keys=("saturation",),
        concept="concepts/vanishing-gradients.md",
        rows=(Row("Saturation of f′", _saturation_cell, terminal=False),),
        value_classes=(properties.Saturation,),
    ),
)
