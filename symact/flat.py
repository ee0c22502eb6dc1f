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

import sympy as sp

from . import registry
from .activation import Activation
from .analysis import Analysis
from .derived import SHOWN
from .registry import Property

FORMATS = ("csv", "markdown", "latex")
NUMERIC_DIGITS = 10


@dataclass(frozen=True)
class Cell:
    """One table cell: text, a SymPy object, or nothing (undetermined)."""

    value: sp.Basic | str | None
    numeric: bool = False


def _column(prop: Property, column: registry.Column) -> Column:
    """A property record's flat column: its value picked, empty when undetermined."""

    def cell(act: Activation, a: Analysis) -> Cell:
        derived = getattr(a, prop.name)
        if not derived.known:
            return Cell(None)
        return Cell(column.pick(derived.value), derived.status == "numeric")

    return column.header, column.latex, cell


Column = tuple[str, str, Callable[[Activation, Analysis], Cell]]

COLUMNS: tuple[Column, ...] = (
    ("name", "name", lambda act, a: Cell(act.name)),
    ("family", "family", lambda act, a: Cell(act.spec.family)),
    ("f(x)", "$f(x)$", lambda act, a: Cell(act.function)),
    *(_column(prop, column) for prop in SHOWN for column in prop.columns),
)
"""(CSV/Markdown header, LaTeX header, cell) for each column: the activation, then each
property record's columns (`symact.registry.Property.columns`)."""


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
