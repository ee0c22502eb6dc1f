"""Terminal views of the derived analyses, drawn with `rich` (tables, colour).

`catalog_table` is ``symact list``; `analysis_view` is ``symact show`` and
``symact derive``; `vector_view` is ``symact show`` of a vector activation. They show
the same derived values as the export, written as mathematics (`symact.mathtext`:
``{0} ∪ (1, ∞)``, ``−W(1/e) ≈ −0.278465``, never SymPy's ``Interval.open``), with
each property's provenance in colour: exact (green), numeric with its bound (yellow),
undetermined with the reason (red).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import fields
from typing import Any

import sympy as sp
from rich import box
from rich.console import Console, Group
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .activation import Activation, VectorActivation
from .analysis import Analysis, Extremum
from .derived import SHOWN, algebra, extent
from .image import Image
from .mathtext import MINUS, decimal_text, math_text, number_text, set_text
from .nonlinearity import Witness
from .provenance import Derived

_STATUS_STYLE = {"exact": "green", "numeric": "yellow", "undetermined": "red"}


@contextlib.contextmanager
def progress_bar(console: Console, total: int, what: str) -> Iterator[Callable[[str], None]]:
    """A transient progress bar of ``total`` steps on ``console`` if it is a terminal.

    Yields ``advance(name)``: one step done, ``name`` the last one finished. On anything
    that is not a terminal (a pipe, a file) it draws nothing, so piped output is only
    the command's own.
    """
    if not console.is_terminal or console.is_dumb_terminal:
        yield lambda name: None
        return
    columns = (
        TextColumn(f"{what} [bold]{{task.fields[last]}}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(what, total=total, last="")
        yield lambda name: progress.update(task, advance=1, last=name)


NOT_DERIVED = "—"
"""What a cell shows when the property is undetermined (the reason is in its provenance)."""


def _known(derived: Derived[Any]) -> bool:
    return derived.status != "undetermined"


def range_text(image: Image, short: bool = False) -> str:
    """The range: ``[−W(1/e) ≈ −0.278465, ∞)`` when it is an interval (its ends, with
    whether each is attained; ``short``: ``[−0.278465, ∞)``), else the set itself,
    ``{0} ∪ (1, ∞)``, which is not its hull ``[0, ∞)``."""
    if not isinstance(image.set, sp.Interval):
        return set_text(image.set)
    left = "[" if image.lower.closed else "("
    right = "]" if image.upper.closed else ")"
    end = _short_number if short else number_text
    return f"{left}{end(image.lower.value)}, {end(image.upper.value)}{right}"


def _short_number(value: sp.Expr) -> str:
    """A fraction or ±∞ as it is, any other number as its decimal value."""
    if value.is_Rational or value.is_infinite:
        return math_text(value)
    return decimal_text(sp.N(value, 30))


def places_text(places: tuple[sp.Expr | sp.Set, ...]) -> str:
    """Where an extremum is attained: one point ``√2 ≈ 1.41421``, else the union of the
    points and sets, ``{−2, 2}``, ``(−∞, 0) ∪ (0, ∞)`` (listed twice, shown once)."""
    return extent.places_text(places, WRITER)


def extremum_text(extremum: Extremum) -> str:
    """``1, attained on (0, ∞)`` or ``1, approached as x → ∞ (not attained)``."""
    return extent.extremum_text(extremum, WRITER)


def _sides(values: dict[str, Any], show: Any) -> str:
    return f"x → {MINUS}∞: {show(values['-oo'])};  x → +∞: {show(values['oo'])}"


def _yes_no(value: bool | None) -> str:
    return NOT_DERIVED if value is None else ("yes" if value else "no")


def continuity_text(k: sp.Expr | int) -> str:
    """``C^∞``, ``C^1``, ``C^0``, or ``discontinuous`` (the engine's k = −1)."""
    if k == sp.oo:
        return "C^∞"
    return "discontinuous" if k < 0 else f"C^{k}"


def witness_text(witness: Witness) -> str:
    """A counterexample to linearity: ``f(1 + (−1)) = 0 ≠ 1 = f(1) + f(−1)``."""
    return algebra.witness_text(witness, WRITER)


class TerminalWriter:
    """The `symact.registry.Writer` of the terminal: mathematics as plain text."""

    @staticmethod
    def math(value: sp.Basic) -> str:
        return set_text(value) if isinstance(value, sp.Set) else number_text(value)

    @staticmethod
    def shown(derived: Derived[Any], value: sp.Basic) -> str:
        return TerminalWriter.math(value)

    approx = shown

    @staticmethod
    def interval(image: Image) -> str:
        return range_text(image)

    @staticmethod
    def yes_no(value: bool | None) -> str:
        return _yes_no(value)

    @staticmethod
    def continuity(k: sp.Expr | int) -> str:
        return continuity_text(k)

    @staticmethod
    def formula(expr: sp.Expr) -> str:
        return math_text(expr)

    @staticmethod
    def aside(text: str | None) -> str:
        return ""


WRITER = TerminalWriter()


def provenance_text(derived: Derived[Any]) -> Text:
    """``exact`` / ``numeric ± 1e−30 (method)`` / ``undetermined: reason``, in colour."""
    style = _STATUS_STYLE.get(derived.status, "")
    if derived.status == "numeric":
        bound = f"{derived.bound:.0e}".replace("e-0", "e-").replace("-", MINUS)
        return Text(f"numeric ± {bound} ({derived.method})", style=style)
    if derived.status == "undetermined":
        return Text(f"undetermined: {derived.reason}", style=style)
    return Text(derived.status, style=style)


def _heading(title: str, name: str, family: str) -> Text:
    heading = Text(title, style="bold")
    if title != name:
        heading.append(f"  ({name})", style="dim")
    heading.append(f"   family: {family}", style="dim")
    return heading


def _property_table() -> Table:
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_lines=False)
    table.add_column("property", style="cyan", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_column("provenance", overflow="fold")
    return table


def analysis_view(activation: Activation, analysis: Analysis) -> Group:
    """``symact show`` / ``derive``: the definition, then every property with its provenance."""
    spec = activation.spec
    lines = [
        _heading(spec.title, spec.name, spec.family),
        Text(f"f(x) = {math_text(analysis.function)}"),
    ]
    params = activation.param_values()
    if params:
        values = ", ".join(f"{k} = {number_text(v)}" for k, v in params.items())
        lines.append(Text(f"parameters: {values}", style="dim"))
    table = _property_table()
    for prop in SHOWN:
        if not prop.stored:
            continue
        found = getattr(analysis, prop.name)
        for row in prop.rows:
            if not row.terminal:
                continue
            if _known(found) and row.applies is not None and not row.applies(analysis):
                continue
            text = row.cell(analysis, WRITER) if _known(found) else NOT_DERIVED
            table.add_row(Text(row.label), Text(text), provenance_text(found))
    return Group(*lines, table)


def claim_text(value: Any) -> str:
    """A vector claim's value: yes/no, a matrix ``[a, b; c, d]``, an expression."""
    if value is None or isinstance(value, bool):
        return _yes_no(value)
    return math_text(value)


def vector_view(activation: VectorActivation, analysis: Any) -> Group:
    """``symact show`` of a vector activation: its signature and range, then each derived
    claim (per input size n where it is per size) with its provenance."""
    spec = activation.spec
    lines = [
        _heading(spec.title, spec.name, spec.family),
        Text(f"{spec.name}: {spec.signature}; range: {spec.range_set}"),
    ]
    table = _property_table()
    for field in fields(analysis):
        found = getattr(analysis, field.name)
        label = field.name.replace("_", " ")
        claims = found.items() if isinstance(found, dict) else [(None, found)]
        for n, claim in claims:
            text = claim_text(claim.value) if _known(claim) else NOT_DERIVED
            row_label = label if n is None else f"{label} (n = {n})"
            table.add_row(Text(row_label), Text(text), provenance_text(claim))
    return Group(*lines, table)


def catalog_table(items: list[tuple[Activation, Analysis]]) -> Table:
    """``symact list``: name, family, range, monotonicity, continuity class."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for column in ("name", "family", "range", "monotonic", "continuity"):
        table.add_column(column, no_wrap=column == "name")
    for activation, a in items:
        table.add_row(
            Text(activation.name, style="bold"),
            Text(activation.spec.family),
            Text(range_text(a.range.value, short=True) if _known(a.range) else "undetermined"),
            Text(a.monotonic.value.kind if _known(a.monotonic) else "undetermined"),
            Text(continuity_text(a.continuity.value.k) if _known(a.continuity) else "undetermined"),
        )
    return table
