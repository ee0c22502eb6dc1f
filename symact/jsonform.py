"""The value forms of the JSON export (`docs/export-schema.md`).

A *value* is ``{"exact": str | None, "approx": float | None}`` where ``exact`` is
SymPy-parsable text and ``approx`` a float (``None`` for ±∞, whose exact text is
``"oo"`` / ``"-oo"``). A *range end* is a value plus ``"closed": bool``. The property
records (`symact.derived`) write their export keys with these.
"""

from __future__ import annotations

import math
from typing import Any

import sympy as sp

from .provenance import Derived


def value(expr: sp.Expr | sp.Set | None, exact: bool = True) -> dict[str, Any] | None:
    """An expression in the export's value form; ``exact=False`` keeps only ``approx``.

    A set (ReLU's minimum is attained on all of (-oo, 0]) has its text in ``exact`` and
    ``approx`` null.
    """
    if expr is None:
        return None
    if isinstance(expr, sp.Set):
        return {"exact": sp.sstr(expr), "approx": None}
    if expr in (sp.oo, -sp.oo):
        return {"exact": sp.sstr(expr), "approx": None}
    approx = float(sp.N(expr, 20)) if expr.is_number else None
    if approx is not None and not math.isfinite(approx):
        approx = None
    return {"exact": sp.sstr(expr) if exact else None, "approx": approx}


def known(derived: Derived[Any]) -> bool:
    """Determined (exact or numeric)."""
    return derived.status != "undetermined"


def value_of(derived: Derived[Any], expr: sp.Expr | None) -> dict[str, Any] | None:
    """``expr`` as a value, its exact text kept only when ``derived`` is exact."""
    return value(expr, exact=derived.status == "exact")


def derived_value(derived: Derived[Any]) -> dict[str, Any] | None:
    """The value of a determined property, else null."""
    return value_of(derived, derived.value) if known(derived) else None


def text(derived: Derived[Any]) -> str | None:
    """The SymPy text of a determined property's value, else null."""
    return sp.sstr(derived.value) if known(derived) else None


def range_end(derived: Derived[Any], end: Any) -> dict[str, Any]:
    """An end of an image (`symact.image.End`): a value plus ``closed``."""
    return {**value(end.value, exact=end.status == "exact"), "closed": end.closed}


def image(derived: Derived[Any]) -> dict[str, Any] | None:
    """An image (`symact.image.Image`): ``{"lower", "upper", "set"}``."""
    if not known(derived):
        return None
    found = derived.value
    return {
        "lower": range_end(derived, found.lower),
        "upper": range_end(derived, found.upper),
        "set": sp.sstr(found.set),
    }


def where(items: tuple[Any, ...]) -> list[str]:
    """Places (points or sets) as SymPy text."""
    return [sp.sstr(item) for item in items]


def runs(intervals: Any) -> list[list[str]]:
    """``[[interval, label], …]`` for monotonicity or convexity runs."""
    return [[sp.sstr(i), label] for i, label in intervals]
