"""Markdown and TeX building blocks shared by the generated pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy as sp

from ..provenance import Derived


def tex(expr: Any) -> str:
    """LaTeX for a SymPy object (floats shown with 12 significant digits)."""
    if isinstance(expr, sp.Float):
        return sp.latex(sp.Float(expr, 12))
    return sp.latex(expr)


def math(expr: Any) -> str:
    """Inline math for Markdown."""
    return f"${tex(expr)}$"


def shown(derived: Derived[Any], expr: Any) -> str:
    """A value with its provenance: exact as is, numeric with ``± bound``."""
    if derived.status == "undetermined":
        return f"undetermined: {derived.reason}"
    if derived.status == "numeric":
        return f"{math(expr)} ± {derived.bound:.0e}"
    return math(expr)


def badge(derived: Derived[Any]) -> str:
    """The provenance column of a property table."""
    if derived.status == "exact":
        return "exact"
    if derived.status == "numeric":
        return f"numeric ({derived.method})"
    return f"undetermined ({derived.reason})"


def interval(image: Any) -> str:
    """An `symact.image.Image` as an interval with open or closed ends."""
    lower, upper = image.lower, image.upper
    if isinstance(image.set, sp.FiniteSet):
        return math(image.set)
    left = "[" if lower.closed else "("
    right = "]" if upper.closed else ")"
    return f"${left}{tex(lower.value)},\\ {tex(upper.value)}{right}$"


def continuity_label(k: int | sp.Expr) -> str:
    """``C^∞``, ``C^k`` or ``discontinuous`` for a smoothness order (−1: a jump)."""
    return "C^∞" if k == sp.oo else ("discontinuous" if k == -1 else f"C^{k}")


def table(rows: Iterable[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    """A Markdown table (pipes inside cells escaped)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def yes_no(value: bool) -> str:
    """``yes`` or ``no``."""
    return "yes" if value else "no"
