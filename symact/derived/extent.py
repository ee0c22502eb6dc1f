"""Properties of the graph's extent and shape: limits at ±∞, the images of f and f′,
the minimum, sup |f′| and the Lipschitz constant, dead and vanishing gradients,
monotonicity, boundedness, convexity, sup |f″|, the inverse and the saturation rate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from .. import properties
from ..bounds import largest_magnitude
from ..image import End, Image, ImageUndetermined, image
from ..jsonform import derived_value, known, runs, value, value_of, where
from ..jsonform import image as image_json
from ..pieces import NotPiecewiseSmooth, Pieces
from ..provenance import Derived, exact, numeric, undetermined
from ..registry import Column, Inputs, OverviewColumn, Property, Row, Trait, Writer, float_key
from ..shape import (
    Monotone,
    dead_gradient_set,
    limits_at_infinity,
    limits_of_f_and_gradient,
    monotonicity,
    vanishing_gradient,
)
from ..symbols import x

RANK = 1


@dataclass(frozen=True)
class Extremum:
    """A supremum or infimum: its value, whether attained, and where (points or intervals)."""

    value: sp.Expr
    attained: bool
    where: tuple[sp.Expr | sp.Set, ...]


def _image_derived(image_value: Image, what: str) -> Derived[Image]:
    if image_value.status == "exact":
        return exact(image_value)
    bound = max(image_value.lower.bound, image_value.upper.bound)
    return numeric(image_value, bound, f"certified interval enclosure of {what}")


def checked_image(pieces: Pieces, what: str) -> Derived[Image]:
    """The image of ``pieces``, undetermined with the reason when it cannot be found."""
    try:
        return _image_derived(image(pieces), what)
    except (ImageUndetermined, NotPiecewiseSmooth) as error:
        return undetermined(str(error))


def same_provenance(source: Derived[Any], found: Any) -> Derived[Any]:
    """``found`` with the provenance of ``source`` it was read from."""
    if source.status == "numeric":
        return numeric(found, source.bound or 0.0, source.method or "numeric", source.reason)
    return exact(found, source.reason)


def locus(places: tuple[sp.Expr | sp.Set, ...]) -> sp.Expr | sp.Set:
    """The places as one point, or as one SymPy set when there are several."""
    union = sp.Union(*(w if isinstance(w, sp.Set) else sp.FiniteSet(w) for w in places))
    if isinstance(union, sp.FiniteSet) and len(union) == 1:
        return next(iter(union))
    return union


def _argmin(f_range: Derived[Image]) -> Derived[sp.Expr | sp.Set | None]:
    """Where f attains its minimum (None when it does not): exact where the minimum's
    places are, numeric with their own certified error when a place is an isolated
    root of f′ (not the error of the minimum's value, which is far smaller near a
    minimum: GELU's value is known to 1e-31 from a place known to 5e-31)."""
    lower = f_range.value.lower
    if not lower.closed:
        return same_provenance(f_range, None)
    found = locus(lower.where)
    if lower.status == "numeric":
        method = "certified root isolation of f′ (the places of the minimum)"
        return numeric(found, lower.where_bound, method, f_range.reason)
    return exact(found, f_range.reason)


def _range(pieces: Pieces, limits: Derived[Any], monotone: Derived[Monotone]) -> Derived[Image]:
    """The image of f; when its critical points cannot all be found (snake: x + sin²x), a
    strictly monotone analytic f still maps ℝ onto the open interval between its limits."""
    found = checked_image(pieces, "the range")
    if found.known or not (pieces.is_single and monotone.known):
        return found
    direction = monotone.value.kind
    if direction not in ("increasing", "decreasing"):
        return found
    if limits.known:
        at_infinity = limits.value["f"]
    else:  # the limits step also fails when f′ has none (snake: 1 + sin 2x)
        expr = pieces.segments[0].expr
        at_infinity = limits_at_infinity(expr, expr)
    ends = [at_infinity["-oo"], at_infinity["oo"]]
    places: list[tuple[sp.Expr, ...]] = [(-sp.oo,), (sp.oo,)]
    if direction == "decreasing":
        ends.reverse()
        places.reverse()
    low, high = (End(v, False, w, "exact") for v, w in zip(ends, places, strict=True))
    return exact(
        Image(low, high, sp.Interval.open(ends[0], ends[1]), "exact"),
        f"f is strictly {direction} and continuous: its range is the open interval between "
        f"its limits at ±∞ ({found.reason})",
    )


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


def _max_gradient(i: Inputs) -> Derived[Extremum]:
    """sup |f′| from the image of f′, at every place it is attained (`largest_magnitude`:
    both ends when they tie, as for sinc's odd f′ at ±2.0816; each place once)."""
    gradient = i["gradient_range"]
    top = Extremum(*largest_magnitude(gradient.value.lower, gradient.value.upper))
    return same_provenance(gradient, top)


def _lipschitz(i: Inputs) -> Derived[sp.Expr]:
    """L = sup |f′| for a continuous piecewise-smooth f, ∞ when f jumps."""
    top = i["max_gradient"]
    jumps = i.value("continuity").k == -1
    return same_provenance(top, sp.oo if jumps else top.value.value)


def _limit_text(found: sp.Expr | None, w: Writer) -> str:
    """A limit; an oscillation as the interval its limit points fill; None (f′'s limit
    not found) as such."""
    if found is None:
        return "not determined"
    if isinstance(found, sp.AccumBounds):
        return f"none (oscillates in {w.math(sp.Interval(found.min, found.max))})"
    return w.math(found)


def _limits_cell(which: str) -> Any:
    def cell(a: Any, w: Writer) -> str:
        sides = a.limits.value[which]
        return f"{_limit_text(sides['-oo'], w)} at −∞, {_limit_text(sides['oo'], w)} at +∞"

    return cell


def _limits_export(a: Any) -> dict[str, Any]:
    if not known(a.limits):
        return {"limits": None}
    return {
        "limits": {
            which: {side: value(v) for side, v in sides.items()}
            for which, sides in a.limits.value.items()
        }
    }


def _extremum_cell(a: Any, w: Writer) -> str:
    top = a.max_gradient.value
    places = ", ".join(w.math(p) for p in top.where)
    attained = "attained at" if top.attained else "approached as x →"
    return f"{w.shown(a.max_gradient, top.value)}, {attained} {places}"


def _max_gradient_export(a: Any) -> dict[str, Any]:
    if not known(a.max_gradient):
        return {"max_gradient": None}
    top = a.max_gradient.value
    return {
        "max_gradient": {
            **value_of(a.max_gradient, top.value),
            "attained": top.attained,
            "where": where(top.where),
        }
    }


def _numeric_column(name: str, pick: Any = lambda v: v) -> Any:
    def cell(a: Any, w: Writer) -> tuple[str, str]:
        derived = getattr(a, name)
        if not derived.known:
            return "undetermined", ""
        found = pick(derived.value)
        suffix = "" if derived.status == "exact" else " (numeric)"
        return w.math(found) + suffix, float_key(found)

    return cell


def _range_column(a: Any, w: Writer) -> tuple[str, str]:
    if not a.range.known:
        return "undetermined", ""
    return w.interval(a.range.value), float_key(a.range.value.lower.value)


def _runs_cell(kind: str, intervals: Any, w: Writer) -> str:
    """An overall verdict, followed by its maximal runs when there are several."""
    found = [f"{label} on {w.math(interval)}" for interval, label in intervals]
    if len(found) <= 1:
        return kind
    return f"{kind}: " + "; ".join(found)


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


def _bounded_traits(a: Any, w: Writer) -> list[Trait]:
    if a.bounded.known and a.bounded.value["above"] and a.bounded.value["below"]:
        return [Trait(True, "Bounded output: activations cannot blow up.", "bounded")]
    return []


def _inverse_cell(a: Any, w: Writer) -> str:
    inverse = a.inverse.value
    if inverse is None:
        return f"none ({a.inverse.reason})"
    return f"f⁻¹(y) = {w.formula(inverse)}"


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


def _convex_export(a: Any) -> dict[str, Any]:
    if not known(a.convexity):
        return {"convex": None, "derivative_monotonic": None}
    c = a.convexity.value
    return {
        "convex": {"kind": c.kind, "intervals": runs(c.intervals)},
        "derivative_monotonic": c.derivative.kind,
    }


def _saturation_export(a: Any) -> dict[str, Any]:
    if not known(a.saturation):
        return {"saturation": None}
    return {
        "saturation": {
            side: {"kind": s.kind, "rate": value(s.rate)} for side, s in a.saturation.value.items()
        }
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
        "limits",
        lambda i: limits_of_f_and_gradient(i.value("pieces"), i.value("derivative_pieces")),
        rank=100,
        label="Limits at ±∞",
        explanation="The limits of f and f′ as x → −∞ and x → +∞.",
        needs=("pieces", "derivative_pieces"),
        export=_limits_export,
        export_keys=("limits",),
        concept="concepts/vanishing-gradients.md",
        rows=(Row("Limits of f", _limits_cell("f")), Row("Limits of f′", _limits_cell("df"))),
        columns=(
            Column("lim x->-oo", r"$f(-\infty)$", lambda v: v["f"]["-oo"]),
            Column("lim x->+oo", r"$f(+\infty)$", lambda v: v["f"]["oo"]),
        ),
    ),
    Property(
        "gradient_range",
        lambda i: checked_image(i.value("derivative_pieces"), "f′"),
        rank=105,
        label="Range of f′",
        explanation="The image of f′ over the points where f is differentiable.",
        needs=("derivative_pieces",),
        export=lambda a: {"gradient_range": image_json(a.gradient_range)},
        export_keys=("gradient_range",),
        rows=(Row("Range of f′", lambda a, w: w.interval(a.gradient_range.value)),),
        value_classes=(Image, End),
    ),
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
        "range",
        lambda i: _range(i.value("pieces"), i["limits"], i["monotonic"]),
        rank=30,
        label="Range",
        explanation="The image of ℝ under f, with whether each end is attained.",
        needs=("pieces",),
        uses=("limits", "monotonic"),
        export=lambda a: {"range": image_json(a.range)},
        export_keys=("range",),
        rows=(Row("Range", lambda a, w: w.interval(a.range.value)),),
        columns=(Column("range", "range", lambda img: img.set),),
        overview=OverviewColumn("range", _range_column),
    ),
    Property(
        "argmin",
        lambda i: _argmin(i["range"]),
        rank=40,
        label="Minimum at",
        explanation="Where f attains its minimum, if it does.",
        needs=("range",),
        export=lambda a: {"argmin": derived_value(a.argmin)},
        export_keys=("argmin",),
        rows=(
            Row(
                "Minimum at",
                lambda a, w: (
                    "no minimum (not attained)"
                    if a.argmin.value is None
                    else w.math(a.argmin.value)
                ),
            ),
        ),
    ),
    Property(
        "max_gradient",
        _max_gradient,
        rank=80,
        label="sup |f′|",
        explanation="The largest slope magnitude over the points where f is differentiable.",
        needs=("gradient_range",),
        export=_max_gradient_export,
        export_keys=("max_gradient",),
        rows=(Row("sup |f′|", _extremum_cell),),
        columns=(Column("sup|f'|", r"$\sup|f'|$", lambda e: e.value),),
        overview=OverviewColumn("sup |f′|", _numeric_column("max_gradient", lambda e: e.value)),
        value_classes=(Extremum,),
    ),
    Property(
        "lipschitz",
        _lipschitz,
        rank=90,
        label="Lipschitz constant",
        explanation="The least L with |f(a) − f(b)| ≤ L|a − b|: sup |f′|, or ∞ if f jumps.",
        needs=("max_gradient", "continuity"),
        export=lambda a: {"lipschitz": derived_value(a.lipschitz)},
        export_keys=("lipschitz",),
        rows=(Row("Lipschitz constant", lambda a, w: w.shown(a.lipschitz, a.lipschitz.value)),),
    ),
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
        "bounded",
        lambda i: same_provenance(
            i["range"],
            {"below": i.value("range").bounded_below, "above": i.value("range").bounded_above},
        ),
        rank=50,
        label="Bounded",
        explanation="Whether f is bounded below and above.",
        needs=("range",),
        export=lambda a: {"bounded": a.bounded.value if known(a.bounded) else None},
        export_keys=("bounded",),
        rows=(
            Row(
                "Bounded",
                lambda a, w: (
                    f"below: {w.yes_no(a.bounded.value['below'])}, "
                    f"above: {w.yes_no(a.bounded.value['above'])}"
                ),
            ),
        ),
        traits=_bounded_traits,
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
