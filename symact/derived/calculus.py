"""Properties from differentiation: the pieces of f, f′ and f″, the kinks, the
continuity class, f(0), f′(0) and the Taylor expansion at 0."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .. import properties
from ..calculus import Kink, Smoothness, derivative_pieces, kinks, simplified, smoothness
from ..image import ImageUndetermined, two_sided_limit
from ..jsonform import known, text, value
from ..pieces import Pieces, Segment, as_piecewise, decompose
from ..provenance import Derived, exact, undetermined
from ..registry import Column, OverviewColumn, Property, Row, Trait, Writer
from ..symbols import x
from ..symmetry import value_at_zero

RANK = 0


def _smoothness_derived(pieces: Pieces) -> Derived[Smoothness]:
    result = smoothness(pieces)
    if result.exact:
        return exact(result, result.reason)
    return undetermined(f"C^{result.k} at least: {result.reason}")


def derivative_at_zero(d_pieces: Pieces) -> sp.Expr | None:
    """f′(0) from the pieces of f′: at a breakpoint the value recorded there, else the
    piece's value (or its limit at a removable singularity: sinc′), None if f′(0) has none."""
    for point, found in zip(d_pieces.breakpoints, d_pieces.point_values, strict=True):
        if point == 0:
            return found
    for segment in d_pieces.segments:
        if segment.interval.contains(0) == sp.true:
            found = sp.simplify(segment.expr.subs(x, 0))
            if not found.has(sp.nan, sp.zoo):
                return found
            # a removable singularity of the formula (sinc′ = cos x/x − sin x/x²)
            try:
                return two_sided_limit(segment.expr, sp.S.Zero)
            except ImageUndetermined:
                return None
    return None


def _continuity_export(a: Any) -> dict[str, Any]:
    if not known(a.continuity):
        return {"continuity": None}
    k = a.continuity.value.k
    return {"continuity": "inf" if k == sp.oo else int(k)}


def _continuity_column(a: Any, w: Writer) -> tuple[str, str]:
    if not a.continuity.known:
        return "?", ""
    k = a.continuity.value.k
    return w.continuity(k), "1000" if k == sp.oo else str(k)


def _smoothness_traits(a: Any, w: Writer) -> list[Trait]:
    if not a.continuity.known:
        return []
    k = a.continuity.value.k
    if k == sp.oo:
        text_ = "Smooth (C^∞): derivatives of every order are continuous."
        return [Trait(True, text_, "continuity")]
    if k == -1:
        return [Trait(False, "Discontinuous: no useful gradient through the jump.", "continuity")]
    return [Trait(False, f"Only C^{k}: {a.continuity.value.reason}.", "continuity")]


def _class_symbol(smooth: Smoothness) -> sp.Symbol:
    return sp.Symbol("C^oo" if smooth.k == sp.oo else f"C^{smooth.k}")


def _kinks_export(a: Any) -> dict[str, Any]:
    if not known(a.kinks):
        return {"nondifferentiable_at": None, "one_sided_derivatives": None}
    return {
        "nondifferentiable_at": [value(k.at) for k in a.kinks.value],
        "one_sided_derivatives": [
            {"at": value(k.at), "left": value(k.left), "right": value(k.right)}
            for k in a.kinks.value
        ],
    }


def _kinks_cell(a: Any, w: Writer) -> str:
    return "; ".join(
        f"x = {w.math(k.at)}: f′₋ = {w.math(k.left)}, f′₊ = {w.math(k.right)}"
        for k in a.kinks.value
    )


def _kink_points(found: list[Kink]) -> sp.Basic | str:
    points = [k.at for k in found]
    return sp.FiniteSet(*points) if points else "none"


def _value_export(key: str, name: str) -> Any:
    return lambda a: {key: value(getattr(a, name).value) if known(getattr(a, name)) else None}


def _df0_cell(a: Any, w: Writer) -> str:
    found = a.df0.value
    return "none: f is not differentiable at 0" if found is None else w.shown(a.df0, found)


def _taylor_export(a: Any) -> dict[str, Any]:
    derived = a.taylor
    if not known(derived):
        return {"taylor": None}
    t = derived.value

    def text_of(expr: sp.Expr | None) -> str | None:
        return sp.sstr(expr) if expr is not None else None

    interval = t.identity_interval
    is_exact = derived.status == "exact"
    return {
        "taylor": {
            "order": 5,
            "series": text_of(t.series),
            "left": text_of(t.left),
            "right": text_of(t.right),
            "identity_interval": (
                {
                    "lower": value(interval.start, exact=is_exact),
                    "upper": value(interval.end, exact=is_exact),
                    "tolerance": "1/100",
                }
                if interval is not None
                else None
            ),
        }
    }


PROPERTIES = (
    Property(
        "pieces",
        lambda i: exact(decompose(i.f)),
        label="Pieces of f",
        explanation="f as smooth pieces on the intervals between its breakpoints.",
        part="both",
        in_provenance=False,
        value_classes=(Pieces, Segment),
    ),
    Property(
        "derivative_pieces",
        lambda i: exact(derivative_pieces(i.value("pieces"))),
        label="Pieces of f′",
        explanation="f′ piece by piece, with its one-sided values at the breakpoints.",
        needs=("pieces",),
        part="both",
        stored=False,
    ),
    Property(
        "second_derivative_pieces",
        lambda i: exact(derivative_pieces(i.value("derivative_pieces"))),
        label="Pieces of f″",
        explanation="f″ piece by piece.",
        needs=("derivative_pieces",),
        stored=False,
    ),
    Property(
        "derivative",
        lambda i: exact(as_piecewise(simplified(i.value("derivative_pieces")))),
        rank=10,
        label="f′(x)",
        explanation="The derivative, undefined at the kinks.",
        needs=("derivative_pieces",),
        export=lambda a: {"derivative": text(a.derivative)},
        export_keys=("derivative",),
        rows=(Row("f′(x)", lambda a, w: w.formula(a.derivative.value), page=False),),
    ),
    Property(
        "second_derivative",
        lambda i: exact(as_piecewise(simplified(i.value("second_derivative_pieces")))),
        rank=20,
        label="f″(x)",
        explanation="The second derivative, undefined where f′ has a kink.",
        needs=("second_derivative_pieces",),
        export=lambda a: {"second_derivative": text(a.second_derivative)},
        export_keys=("second_derivative",),
        rows=(Row("f″(x)", lambda a, w: w.formula(a.second_derivative.value), page=False),),
    ),
    Property(
        "kinks",
        lambda i: exact(kinks(i.value("pieces"))),
        rank=150,
        label="Not differentiable at",
        explanation="The points where f′ jumps, with its one-sided values.",
        needs=("pieces",),
        export=_kinks_export,
        export_keys=(
            "nondifferentiable_at",
            "one_sided_derivatives",
        ),
        rows=(Row("Not differentiable at", _kinks_cell, lambda a: bool(a.kinks.value)),),
        columns=(Column("kinks", "kinks", _kink_points),),
        value_classes=(Kink,),
    ),
    Property(
        "continuity",
        lambda i: _smoothness_derived(i.value("pieces")),
        rank=140,
        label="Continuity",
        explanation="The largest k for which f is C^k (−1: discontinuous).",
        needs=("pieces",),
        export=_continuity_export,
        export_keys=("continuity",),
        rows=(
            Row(
                "Continuity",
                lambda a, w: w.continuity(a.continuity.value.k) + w.aside(a.continuity.reason),
            ),
        ),
        columns=(Column("continuity", "continuity", _class_symbol),),
        overview=OverviewColumn("continuity", _continuity_column),
        traits=_smoothness_traits,
        value_classes=(Smoothness,),
    ),
    Property(
        "f0",
        lambda i: exact(value_at_zero(i.f)),
        rank=60,
        label="f(0)",
        explanation="The value at the origin.",
        part="both",
        export=_value_export("f0", "f0"),
        export_keys=("f0",),
        rows=(Row("f(0)", lambda a, w: w.shown(a.f0, a.f0.value)),),
        columns=(Column("f(0)", "$f(0)$", lambda v: v),),
    ),
    Property(
        "df0",
        lambda i: exact(derivative_at_zero(i.value("derivative_pieces"))),
        rank=70,
        label="f′(0)",
        explanation="The derivative at the origin (none when f has a kink there).",
        needs=("derivative_pieces",),
        part="both",
        export=_value_export("df0", "df0"),
        export_keys=("df0",),
        rows=(Row("f′(0)", _df0_cell),),
        columns=(Column("f'(0)", "$f'(0)$", lambda v: v),),
    ),
    Property(
        "taylor",
        lambda i: properties.taylor(i.value("pieces")),
        rank=290,
        label="Taylor expansion at 0",
        explanation="The Taylor polynomial of f at 0 to x⁵ (one-sided at a breakpoint).",
        needs=("pieces",),
        part="moments",
        export=_taylor_export,
        export_keys=("taylor",),
        value_classes=(properties.Taylor,),
    ),
)
