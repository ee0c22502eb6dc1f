"""Properties of the extent of f: its limits at ±∞, the images of f and f′, the
minimum, sup |f′|, the Lipschitz constant and boundedness."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..bounds import largest_magnitude
from ..image import End, Image, ImageUndetermined, image
from ..jsonform import derived_value, known, value, value_of, where
from ..jsonform import image as image_json
from ..pieces import NotPiecewiseSmooth, Pieces
from ..provenance import Derived, exact, numeric, undetermined
from ..registry import Column, Inputs, OverviewColumn, Property, Row, Trait, Writer, float_key
from ..shape import Monotone, limits_at_infinity, limits_of_f_and_gradient

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


def _places(places: tuple[sp.Expr | sp.Set, ...]) -> sp.Set:
    """The points and sets where an extremum is attained, as one set (each place once)."""
    points = [p for p in places if not isinstance(p, sp.Set)]
    return sp.Union(sp.FiniteSet(*points), *(p for p in places if isinstance(p, sp.Set)))


def _single_point(where: sp.Set) -> bool:
    return isinstance(where, sp.FiniteSet) and len(where) == 1


def places_text(places: tuple[sp.Expr | sp.Set, ...], w: Writer) -> str:
    """Where an extremum is attained: one point, else the union of the points and sets,
    ``{−2, 2}``, ``(−∞, 0) ∪ (0, ∞)`` (listed twice, shown once)."""
    where = _places(places)
    return w.math(next(iter(where))) if _single_point(where) else w.math(where)


def extremum_text(extremum: Extremum, w: Writer, value: str | None = None) -> str:
    """``1, attained on (0, ∞)`` or ``1, approached as x → ∞ (not attained)``; ``value``
    replaces the written value (with its provenance mark)."""
    shown = w.math(extremum.value) if value is None else value
    if extremum.attained:
        preposition = "at" if _single_point(_places(extremum.where)) else "on"
        return f"{shown}, attained {preposition} {places_text(extremum.where, w)}"
    towards = ", ".join(f"x → {w.formula(p)}" for p in extremum.where) or "—"
    return f"{shown}, approached as {towards} (not attained)"


def _extremum_cell(a: Any, w: Writer) -> str:
    top = a.max_gradient.value
    return extremum_text(top, w, w.shown(a.max_gradient, top.value))


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


def _bounded_traits(a: Any, w: Writer) -> list[Trait]:
    if a.bounded.known and a.bounded.value["above"] and a.bounded.value["below"]:
        return [Trait(True, "Bounded output: activations cannot blow up.", "bounded")]
    return []


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
)
