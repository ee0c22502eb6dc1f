"""Markdown and TeX building blocks shared by the generated pages."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import sympy as sp

from ..provenance import LONG_CONSTANT_OPS, Derived

CONSTANT_DIGITS = 15


def _long_constant(expr: sp.Expr) -> bool:
    return bool(expr.is_number) and sp.count_ops(expr) > LONG_CONSTANT_OPS


def _decimal(expr: sp.Expr) -> sp.Expr:
    value = sp.N(expr, CONSTANT_DIGITS, chop=True)  # chop: an exact 0 prints as 0
    return sp.Float(value, CONSTANT_DIGITS) if value.is_real and value != 0 else value


def compact(expr: Any) -> Any:
    """``expr`` with every long constant subexpression, or constant factor or term of a
    product or sum, replaced by its decimal value."""
    if isinstance(expr, sp.Float):
        return sp.Float(expr, 12)  # certified endpoints carry 30+ digits; the page shows 12
    if not isinstance(expr, sp.Basic) or isinstance(expr, (sp.Symbol, sp.Number)):
        return expr
    if isinstance(expr, sp.Expr) and _long_constant(expr):
        return _decimal(expr)
    if isinstance(expr, (sp.Add, sp.Mul)) and expr.free_symbols:
        constant, rest = expr.as_independent(*expr.free_symbols, as_Add=isinstance(expr, sp.Add))
        if _long_constant(constant):
            return expr.func(_decimal(constant), compact(rest))
    if not expr.args:
        return expr
    return expr.func(*(compact(arg) for arg in expr.args))


def tex(expr: Any, exact: bool = False) -> str:
    """LaTeX for a SymPy object: floats with 12 significant digits, long constants by
    their value (`compact`) unless ``exact``."""
    if isinstance(expr, sp.Float):
        return sp.latex(sp.Float(expr, 12))
    return sp.latex(expr if exact else compact(expr))


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


def family_title(family: str) -> str:
    """A family's heading: ``"smooth relu-like"`` → ``"Smooth ReLU-like"``."""
    title = family.replace("relu", "ReLU")
    return title[:1].upper() + title[1:]


def yes_no(value: bool) -> str:
    """``yes`` or ``no``."""
    return "yes" if value else "no"


def approx(derived: Derived[Any], expr: Any) -> str:
    """`shown` plus a decimal value for an exact irrational number."""
    text = shown(derived, expr)
    long = sp.count_ops(expr) > LONG_CONSTANT_OPS  # shown as a decimal already
    if (
        derived.status == "exact"
        and expr.is_number
        and expr.is_finite
        and not expr.is_Rational
        and not long
    ):
        text += f" ≈ {sp.N(expr, 8)}"
    return text


class PageWriter:
    """The `symact.registry.Writer` of the Markdown pages: inline ``$…$`` math."""

    math = staticmethod(math)
    shown = staticmethod(shown)
    approx = staticmethod(approx)
    interval = staticmethod(interval)
    continuity = staticmethod(continuity_label)

    @staticmethod
    def yes_no(value: bool | None) -> str:
        return "not determined" if value is None else yes_no(value)

    @staticmethod
    def formula(expr: sp.Expr) -> str:
        return math(expr)

    @staticmethod
    def aside(text: str | None) -> str:
        return f": {text}" if text else ""


class HtmlWriter(PageWriter):
    """The writer of the overview's HTML cells: KaTeX's ``\\( … \\)`` math, escaped."""

    @staticmethod
    def math(expr: Any) -> str:
        return html.escape(f"\\({tex(expr)}\\)")

    @staticmethod
    def interval(image: Any) -> str:
        return html.escape(f"\\({interval(image).strip('$')}\\)")
