"""Monotonicity and curvature: where f increases or decreases, its convexity, sup |f″|,
and the inverse of a strictly monotone f."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .. import properties
from ..image import Image, ImageUndetermined
from ..jsonform import derived_value, known, runs
from ..pieces import Pieces
from ..provenance import Derived, exact
from ..registry import Column, OverviewColumn, Property, Row, Writer
from ..shape import Monotone, monotonicity

RANK = 1


def _monotonicity(pieces: Pieces, gradient: Derived[Image]) -> Derived[Monotone]:
    """Monotonicity from the signs of f′ on each segment; when those cannot all be found
    (infinitely many critical points: sin), f is still *not* monotone if f′ takes both
    signs, which the range of f′ shows."""
    try:
        return exact(monotonicity(pieces))
    except ImageUndetermined as error:
        one_sign = _one_signed_analytic(pieces, gradient)
        if one_sign is not None:
            return one_sign
        if gradient.known and _takes_both_signs(gradient.value):
            low, high = gradient.value.lower.value, gradient.value.upper.value
            return exact(
                Monotone("none", ()),
                f"f′ takes both signs (inf f′ = {sp.N(low, 6)} < 0 < sup f′ = {sp.N(high, 6)}); "
                f"the intervals of each direction were not found: {error}",
            )
        raise


def _one_signed_analytic(pieces: Pieces, gradient: Derived[Image]) -> Derived[Monotone] | None:
    """f′ ≥ 0 on ℝ (or ≤ 0) for one analytic expression: f is strictly monotone, since the
    zeros of an analytic f′ that is not identically 0 are isolated (snake: 1 + sin 2x)."""
    if not (pieces.is_single and gradient.known):
        return None
    low = sp.N(gradient.value.lower.value, 30)
    high = sp.N(gradient.value.upper.value, 30)
    if low >= 0 and high > 0:
        direction = "increasing"
    elif high <= 0 and low < 0:
        direction = "decreasing"
    else:
        return None
    reason = (
        f"f′ has range [{sp.N(low, 6)}, {sp.N(high, 6)}], one sign, and is analytic and not "
        f"identically 0, so its zeros are isolated: f is strictly {direction}"
    )
    return exact(Monotone(direction, ((sp.Interval(-sp.oo, sp.oo), direction),)), reason)


def _takes_both_signs(img: Image) -> bool:
    return bool(sp.N(img.lower.value, 30) < 0 < sp.N(img.upper.value, 30))


def _runs_cell(kind: str, intervals: Any, w: Writer) -> str:
    """An overall verdict, followed by its maximal runs when there are several."""
    found = [f"{label} on {w.math(interval)}" for interval, label in intervals]
    if len(found) <= 1:
        return kind
    return f"{kind}: " + "; ".join(found)


def _inverse_cell(a: Any, w: Writer) -> str:
    inverse = a.inverse.value
    if inverse is None:
        return f"none ({a.inverse.reason})"
    return f"f⁻¹(y) = {w.formula(inverse)}"


def _convex_export(a: Any) -> dict[str, Any]:
    if not known(a.convexity):
        return {"convex": None, "derivative_monotonic": None}
    c = a.convexity.value
    return {
        "convex": {"kind": c.kind, "intervals": runs(c.intervals)},
        "derivative_monotonic": c.derivative.kind,
    }


def _monotonic_export(a: Any) -> dict[str, Any]:
    if not known(a.monotonic):
        return {"monotonic": None, "monotonic_intervals": None}
    return {
        "monotonic": a.monotonic.value.kind,
        "monotonic_intervals": runs(a.monotonic.value.intervals),
    }


PROPERTIES = (
    Property(
        "monotonic",
        lambda i: _monotonicity(i.value("pieces"), i["gradient_range"]),
        rank=130,
        label="Monotonicity",
        explanation="Whether f increases or decreases, and on which intervals.",
        needs=("pieces",),
        uses=("gradient_range",),
        export=_monotonic_export,
        export_keys=("monotonic", "monotonic_intervals"),
        rows=(
            Row(
                "Monotonicity",
                lambda a, w: _runs_cell(a.monotonic.value.kind, a.monotonic.value.intervals, w),
            ),
        ),
        columns=(Column("monotonic", "monotonic", lambda m: m.kind),),
        overview=OverviewColumn(
            "monotonic",
            lambda a, w: (a.monotonic.value.kind if a.monotonic.known else "?", ""),
        ),
        value_classes=(Monotone,),
    ),
    Property(
        "convexity",
        lambda i: properties.convexity(i.value("derivative_pieces"), i.value("continuity").k >= 0),
        rank=240,
        label="Convexity",
        explanation="Whether f is convex or concave, and on which intervals.",
        # the same critical points of f′ as its range (memoised): skip when they were not found
        needs=("derivative_pieces", "continuity", "gradient_range"),
        export=_convex_export,
        export_keys=("convex", "derivative_monotonic"),
        rows=(
            Row(
                "Convexity",
                lambda a, w: _runs_cell(a.convexity.value.kind, a.convexity.value.intervals, w),
            ),
        ),
        value_classes=(properties.Convexity,),
    ),
    Property(
        "derivative_lipschitz",
        lambda i: properties.derivative_lipschitz(
            i.value("second_derivative_pieces"),
            i.value("continuity").k >= 1,
            i["gradient_range"].status == "exact",
        ),
        rank=250,
        label="Lipschitz constant of f′ (sup |f″|)",
        explanation="sup |f″|, or ∞ when f′ jumps.",
        # f″ is harder than f′: not attempted when the image of f′ was not found
        needs=("second_derivative_pieces", "continuity", "gradient_range"),
        export=lambda a: {"derivative_lipschitz": derived_value(a.derivative_lipschitz)},
        export_keys=("derivative_lipschitz",),
        rows=(
            Row(
                "Lipschitz constant of f′ (sup |f″|)",
                lambda a, w: w.approx(a.derivative_lipschitz, a.derivative_lipschitz.value),
            ),
        ),
    ),
    Property(
        "inverse",
        lambda i: properties.inverse(i.value("pieces"), i.value("monotonic").kind),
        rank=280,
        label="Inverse",
        explanation="f⁻¹ on the range of f, when f is strictly monotone.",
        needs=("pieces", "monotonic"),
        export=lambda a: {
            "inverse": sp.sstr(a.inverse.value)
            if known(a.inverse) and a.inverse.value is not None
            else None
        },
        export_keys=("inverse",),
        rows=(Row("Inverse", _inverse_cell, terminal=False),),
    ),
)
