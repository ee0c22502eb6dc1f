r"""Flat tables of the main properties: CSV, Markdown and LaTeX.

``symact export --format csv|markdown|latex`` writes one row per activation and one
column per property of `COLUMNS`. Cells are SymPy objects rendered per format:
`sympy.sstr` text for CSV and Markdown, `sympy.latex` in ``$…$`` for LaTeX.
Numeric values (certified enclosures) are rounded to `NUMERIC_DIGITS` significant
digits; undetermined values are empty in CSV and ``?`` elsewhere. The JSON export
(`symact.export`) keeps every property, its exact text and its provenance.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from .activation import Activation
from .analysis import Analysis
from .provenance import Derived

FORMATS = ("csv", "markdown", "latex")
NUMERIC_DIGITS = 10


@dataclass(frozen=True)
class Cell:
    """One table cell: text, a SymPy object, or nothing (undetermined)."""

    value: sp.Basic | str | None
    numeric: bool = False


def _derived(derived: Derived[Any], pick: Callable[[Any], Any] = lambda v: v) -> Cell:
    if not derived.known:
        return Cell(None)
    return Cell(pick(derived.value), derived.status == "numeric")


def _yes_no(derived: Derived[Any], pick: Callable[[Any], bool | None]) -> Cell:
    if not derived.known or pick(derived.value) is None:
        return Cell(None)
    return Cell("yes" if pick(derived.value) else "no")


def _continuity(a: Analysis) -> Cell:
    if not a.continuity.known:
        return Cell(None)
    k = a.continuity.value.k
    return Cell(sp.Symbol("C^oo") if k == sp.oo else sp.Symbol(f"C^{k}"))


def _kinks(a: Analysis) -> Cell:
    if not a.kinks.known:
        return Cell(None)
    points = [k.at for k in a.kinks.value]
    return Cell(sp.FiniteSet(*points) if points else "none")


Column = tuple[str, str, Callable[[Activation, Analysis], Cell]]

COLUMNS: tuple[Column, ...] = (
    ("name", "name", lambda act, a: Cell(act.name)),
    ("family", "family", lambda act, a: Cell(act.spec.family)),
    ("f(x)", "$f(x)$", lambda act, a: Cell(act.function)),
    ("range", "range", lambda act, a: _derived(a.range, lambda image: image.set)),
    ("f(0)", "$f(0)$", lambda act, a: _derived(a.f0)),
    ("f'(0)", "$f'(0)$", lambda act, a: _derived(a.df0)),
    ("sup|f'|", r"$\sup|f'|$", lambda act, a: _derived(a.max_gradient, lambda e: e.value)),
    ("lim x->-oo", r"$f(-\infty)$", lambda act, a: _derived(a.limits, lambda v: v["f"]["-oo"])),
    ("lim x->+oo", r"$f(+\infty)$", lambda act, a: _derived(a.limits, lambda v: v["f"]["oo"])),
    ("monotonic", "monotonic", lambda act, a: _derived(a.monotonic, lambda m: m.kind)),
    ("continuity", "continuity", lambda act, a: _continuity(a)),
    ("kinks", "kinks", lambda act, a: _kinks(a)),
    ("odd", "odd", lambda act, a: _yes_no(a.odd, lambda v: v.holds)),
    ("even", "even", lambda act, a: _yes_no(a.even, lambda v: v.holds)),
    ("E[f(Z)]", r"$\mathbb{E}[f(Z)]$", lambda act, a: _derived(a.gaussian_mean)),
    ("linear", "linear", lambda act, a: _yes_no(a.nonlinearity, lambda p: p.linear)),
)
"""(CSV/Markdown header, LaTeX header, cell) for each column."""


def _rounded(value: sp.Basic) -> sp.Basic:
    return value.xreplace({f: sp.Float(f, NUMERIC_DIGITS) for f in value.atoms(sp.Float)})


def _plain(cell: Cell, missing: str) -> str:
    if cell.value is None:
        return missing
    if isinstance(cell.value, str):
        return cell.value
    value = _rounded(cell.value)
    if cell.numeric and value.is_number and not value.atoms(sp.Float):
        value = sp.N(value, NUMERIC_DIGITS)
    return sp.sstr(value)


_LATEX_SPECIALS = {c: "\\" + c for c in "&%$#_{}"}


def _latex(cell: Cell) -> str:
    if cell.value is None:
        return "?"
    if isinstance(cell.value, str):
        return "".join(_LATEX_SPECIALS.get(c, c) for c in cell.value)
    value = _rounded(cell.value)
    if cell.numeric and value.is_number and not value.atoms(sp.Float):
        value = sp.N(value, NUMERIC_DIGITS)
    if isinstance(value, sp.Symbol) and value.name.startswith("C^"):
        k = value.name[2:]
        return "$C^{" + (r"\infty" if k == "oo" else k) + "}$"
    return f"${sp.latex(value)}$"


def rows(items: Sequence[tuple[Activation, Analysis]]) -> list[list[Cell]]:
    """The cells of every activation, in `COLUMNS` order."""
    return [[cell(act, a) for _, _, cell in COLUMNS] for act, a in items]


def to_csv(items: Sequence[tuple[Activation, Analysis]]) -> str:
    """RFC 4180 CSV with a header row; undetermined cells are empty."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([header for header, _, _ in COLUMNS])
    writer.writerows([[_plain(c, "") for c in row] for row in rows(items)])
    return stream.getvalue()


def _markdown_text(text: str) -> str:
    """``text`` as the content of a GFM table cell: a ``|`` (in a header such as
    ``sup|f'|`` or in a code span alike) would end the cell, so it is escaped."""
    return text.replace("|", "\\|")


def to_markdown(items: Sequence[tuple[Activation, Analysis]]) -> str:
    """A pipe table; formulas in backticks, undetermined cells ``?``."""

    def cell(c: Cell) -> str:
        text = _markdown_text(_plain(c, "?"))
        return f"`{text}`" if isinstance(c.value, sp.Basic) else text

    lines = [
        "| " + " | ".join(_markdown_text(header) for header, _, _ in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows(items)]
    return "\n".join(lines) + "\n"


def to_latex(items: Sequence[tuple[Activation, Analysis]]) -> str:
    """A ``tabular`` (no packages beyond amsmath for piecewise ``cases``)."""
    lines = [
        r"\begin{tabular}{" + "l" * len(COLUMNS) + "}",
        r"\hline",
        " & ".join(latex for _, latex, _ in COLUMNS) + r" \\",
        r"\hline",
    ]
    lines += [" & ".join(_latex(c) for c in row) + r" \\" for row in rows(items)]
    lines += [r"\hline", r"\end{tabular}"]
    return "\n".join(lines) + "\n"


def flat_table(items: Sequence[tuple[Activation, Analysis]], fmt: str) -> str:
    """The table in ``fmt``, one of `FORMATS`."""
    writers = {"csv": to_csv, "markdown": to_markdown, "latex": to_latex}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return writers[fmt](items)
