"""The record of one derived property, and what reads it.

Every property symact derives about a scalar activation is declared once, as a
`Property`: how it is derived and from which other properties, its part of the analysis
and its time budget, how the JSON export writes it, its one human label, a one-line
explanation and the concept page it links to, and how a table row, a flat-table column,
an overview column and the strengths and drawbacks show it. The records live in the
modules of `symact.derived` (one concept per module); the analysis runner
(`symact.analysis`), the export, the terminal view, the flat tables and the site loop
over them, so no other module knows a property's name.

A cell is written once against a `Writer`, which each surface implements: the terminal
writes ``−W(1/e) ≈ −0.278465``, the site ``$-W(e^{-1})$``, the overview KaTeX in HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import sympy as sp

from .provenance import Derived

PARTS = ("shape", "moments")
"""The two halves `symact.analysis.analyze_all` runs in different processes; a property
of part ``"both"`` is cheap and needed by both, so each half derives it."""


class Writer(Protocol):
    """How one surface (terminal, page, overview) writes the mathematics in a cell."""

    def math(self, value: sp.Basic) -> str:
        """A number, expression or set."""

    def shown(self, derived: Derived[Any], value: sp.Basic) -> str:
        """A value with its provenance mark (a numeric value says so)."""

    def approx(self, derived: Derived[Any], value: sp.Basic) -> str:
        """`shown`, plus a decimal value for an exact irrational number."""

    def interval(self, image: Any) -> str:
        """An image (`symact.image.Image`): its interval with open/closed ends, or its set."""

    def yes_no(self, value: bool | None) -> str:
        """yes / no / not determined."""

    def continuity(self, k: sp.Expr | int) -> str:
        """The class C^k (k = −1: discontinuous)."""

    def formula(self, expr: sp.Expr) -> str:
        """A formula in x, such as f′(x)."""

    def aside(self, text: str | None) -> str:
        """An explanation after a value (``": text"``), or nothing where the surface
        keeps cells short (the terminal: the engine writes its reasons in SymPy's text)."""


Cell = Callable[[Any, Writer], str]
"""``cell(analysis, writer)``: the text of a row from the analysis (read only when the
row's property is determined)."""


@dataclass(frozen=True)
class Row:
    """One row of the property table (terminal and page): its label and its cell.

    ``applies(analysis)`` hides a row that says nothing (no kinks); ``page`` and
    ``terminal`` say where it appears (f′(x) has its own section on the page).
    """

    label: str
    cell: Cell
    applies: Callable[[Any], bool] | None = None
    page: bool = True
    terminal: bool = True


@dataclass(frozen=True)
class Column:
    """A column of the flat tables (`symact.flat`): its header in CSV/Markdown and in
    LaTeX, and its value (a SymPy object or text) from the property's value."""

    header: str
    latex: str
    pick: Callable[[Any], sp.Basic | str | None]


@dataclass(frozen=True)
class OverviewColumn:
    """A column of the overview: its header and ``(html, sort key)`` from the analysis."""

    header: str
    cell: Callable[[Any, Writer], tuple[str, str]]


@dataclass(frozen=True)
class Trait:
    """A strength (``good``) or drawback, and the property it follows from."""

    good: bool
    text: str
    source: str


class Inputs:
    """What a derivation reads: f, and the properties derived before it by name."""

    def __init__(self, function: sp.Expr, found: Mapping[str, Derived[Any]]) -> None:
        self.f, self._found = function, found

    def __getitem__(self, name: str) -> Derived[Any]:
        return self._found[name]

    def value(self, name: str) -> Any:
        """The value of a determined property (a need is determined when read)."""
        return self._found[name].value


Export = Callable[[Any], dict[str, Any]]
"""``export(analysis)``: the property's keys of the JSON export and their values
(`symact.jsonform`); a key shared by several properties (``gaussian``) is an object
each adds its members to."""


@dataclass(frozen=True)
class Property:
    """One derived property of a scalar activation.

    Attributes:
        name: The attribute of `symact.analysis.Analysis` and the key of its provenance.
        derive: ``derive(inputs) -> Derived``: the property from f and its ``needs`` and
            ``uses`` (`Inputs`).
        needs: Properties that must be determined first; when one is not, this one is
            undetermined, and says so.
        uses: Properties read when determined (a fallback or a shortcut), not required.
        part: ``"shape"``, ``"moments"`` or ``"both"`` (`PARTS`).
        scale: Multiple of the per-step time budget this derivation gets.
        stored: Kept in the analysis (the derivative's pieces are only intermediate).
        in_provenance: Listed in the export's ``provenance``.
        export: The JSON export's keys for it (None: none).
        export_keys: The top-level export keys it writes (documented in
            ``docs/export-schema.md``, checked by a test).
        label: Its one human label; every surface shows it under this name.
        explanation: One line on what it is.
        concept: The concept page (site path) it links to, if any.
        rows: Its rows in the property tables.
        columns: Its columns in the flat tables.
        overview: Its column of the overview, if any.
        traits: ``traits(analysis, writer)``: the strengths and drawbacks it implies.
        value_classes: Dataclasses its value holds, for the cache's codec.
        rank: Where its rows and columns come in every table (ties: declaration order).
    """

    name: str
    derive: Callable[[Inputs], Derived[Any]]
    label: str
    explanation: str
    needs: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    part: str = "shape"
    scale: float = 1.0
    stored: bool = True
    in_provenance: bool = True
    export: Export | None = None
    export_keys: tuple[str, ...] = ()
    concept: str | None = None
    rows: tuple[Row, ...] = ()
    columns: tuple[Column, ...] = ()
    overview: OverviewColumn | None = None
    traits: Callable[[Any, Writer], list[Trait]] | None = None
    value_classes: tuple[type, ...] = ()
    rank: int = 1000

    def __post_init__(self) -> None:
        if self.part not in (*PARTS, "both"):
            raise ValueError(f"{self.name}: part must be one of {PARTS} or 'both'")


def in_order(properties: list[Property]) -> tuple[Property, ...]:
    """The properties in an order where each comes after what it needs and uses
    (declaration order otherwise: Kahn's algorithm, taking the earliest ready one).

    Raises ValueError on a name declared twice, an unknown dependency or a cycle.
    """
    by_name: dict[str, Property] = {}
    for prop in properties:
        if prop.name in by_name:
            raise ValueError(f"property {prop.name!r} is declared twice")
        by_name[prop.name] = prop
    for prop in properties:
        unknown = [n for n in (*prop.needs, *prop.uses) if n not in by_name]
        if unknown:
            raise ValueError(f"{prop.name} depends on unknown properties {unknown}")
    ordered: list[Property] = []
    placed: set[str] = set()
    pending = list(properties)
    while pending:
        ready = next(
            (p for p in pending if placed.issuperset((*p.needs, *p.uses))),
            None,
        )
        if ready is None:
            raise ValueError(f"a dependency cycle among {[p.name for p in pending]}")
        ordered.append(ready)
        placed.add(ready.name)
        pending.remove(ready)
    return tuple(ordered)


def float_key(expr: sp.Basic) -> str:
    """A sort key for a table cell: the value as a float, or empty when it has none."""
    try:
        value = float(sp.N(expr, 20))
    except (TypeError, ValueError):
        return ""
    return repr(value) if value == value else ""
