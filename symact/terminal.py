"""Terminal views of the export's records, drawn with `rich` (tables, colour).

`catalog_table` is ``symact list``; `analysis_view` is ``symact show`` and
``symact derive``. Both read the JSON entries of `symact.export.entry`, so the terminal
shows exactly what the export says, with each property's provenance in colour: exact
(green), numeric with its bound (yellow), undetermined with the reason (red).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

Record = dict[str, Any]

_STATUS_STYLE = {"exact": "green", "numeric": "yellow", "undetermined": "red"}


def value_text(value: dict[str, Any] | None) -> str:
    """An export value ``{exact, approx}`` as text: ``1/4``, ``-W(1/e) ≈ -0.278``, ``≈ 1.1``."""
    if value is None:
        return "—"
    exact, approx = value.get("exact"), value.get("approx")
    if exact in ("oo", "-oo"):
        return "∞" if exact == "oo" else "−∞"
    if exact is None:
        return "—" if approx is None else f"≈ {approx:.12g}"
    if approx is None or exact == f"{approx:g}" or exact in (str(int(approx)), f"{approx!r}"):
        return exact
    return f"{exact} ≈ {approx:.10g}"


def _end(end: dict[str, Any], short: bool) -> str:
    text = value_text(end)
    if short and len(text) > 24:
        text = f"{end['approx']:.6g}" if end.get("approx") is not None else text[:23] + "…"
    return text


def interval_text(image: Record | None, short: bool = False) -> str:
    """A range from the export as ``[lo, hi)``, brackets by whether each end is attained."""
    if image is None:
        return "undetermined"
    lower, upper = image["lower"], image["upper"]
    left = "[" if lower["closed"] else "("
    right = "]" if upper["closed"] else ")"
    return f"{left}{_end(lower, short)}, {_end(upper, short)}{right}"


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


def catalog_table(records: list[Record]) -> Table:
    """``symact list``: name, family, range, monotonicity, continuity class."""
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for column in ("name", "family", "range", "monotonic", "continuity"):
        table.add_column(column, no_wrap=column == "name")
    for record in records:
        continuity = record["continuity"]
        table.add_row(
            Text(record["name"], style="bold"),
            Text(record["family"]),
            Text(interval_text(record["range"], short=True)),
            Text(record["monotonic"] or "undetermined"),
            Text("undetermined" if continuity is None else f"C^{continuity}".replace("inf", "∞")),
        )
    return table


def provenance_text(provenance: Record | None) -> Text:
    """``exact`` / ``numeric ± 1e-30 (method)`` / ``undetermined: reason``, in colour."""
    if provenance is None:
        return Text("")
    status = provenance["status"]
    style = _STATUS_STYLE.get(status, "")
    if status == "numeric":
        return Text(f"numeric ± {provenance['bound']:.1e} ({provenance['method']})", style=style)
    if status == "undetermined":
        return Text(f"undetermined: {provenance['reason']}", style=style)
    return Text(status, style=style)


def _where(items: list[str]) -> str:
    return ", ".join(items) if items else "—"


def _extremum(record: Record) -> str:
    gradient = record["max_gradient"]
    if gradient is None:
        return "—"
    text = value_text(gradient)
    if gradient["attained"]:
        return f"{text}, attained at {_where(gradient['where'])}"
    return f"{text}, approached towards {_where(gradient['where'])} (not attained)"


def _limits(record: Record, which: str) -> str:
    limits = record["limits"]
    if limits is None:
        return "—"
    sides = limits[which]
    return f"x → −∞: {value_text(sides['-oo'])};  x → +∞: {value_text(sides['oo'])}"


def _range(record: Record) -> str:
    image = record["range"]
    if image is None:
        return "—"
    return f"{interval_text(image)}  =  {image['set']}"


def _kinks(record: Record) -> str:
    kinks = record["one_sided_derivatives"]
    if kinks is None:
        return "—"
    if not kinks:
        return "none (differentiable everywhere)"
    return "; ".join(
        f"at {value_text(k['at'])}: f′ = {value_text(k['left'])} (left), "
        f"{value_text(k['right'])} (right)"
        for k in kinks
    )


def _monotonic(record: Record) -> str:
    if record["monotonic"] is None:
        return "—"
    runs = ", ".join(
        f"{direction} on {interval}" for interval, direction in record["monotonic_intervals"]
    )
    return f"{record['monotonic']}  ({runs})" if runs else record["monotonic"]


def _vanishing(record: Record) -> str:
    sides = record["vanishing_gradient"]
    if sides is None:
        return "—"
    return f"x → −∞: {_yes_no(sides['-oo'])};  x → +∞: {_yes_no(sides['oo'])}"


def _or(record: Record, key: str, provenance: str, absent: str) -> str:
    """The value, or what its absence means when the engine determined that it is absent."""
    if record[key] is None and record["provenance"][provenance]["status"] != "undetermined":
        return absent
    return value_text(record[key])


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else ("yes" if value else "no")


def _bounded(record: Record) -> str:
    bounded = record["bounded"]
    if bounded is None:
        return "—"
    return f"below: {_yes_no(bounded['below'])}, above: {_yes_no(bounded['above'])}"


def _continuity(record: Record) -> str:
    k = record["continuity"]
    return "—" if k is None else ("C^∞" if k == "inf" else f"C^{k}")


def _linear(record: Record) -> str:
    proof = record["nonlinearity_proof"]
    return "—" if proof is None else proof["explanation"]


_ROWS: tuple[tuple[str, str, Any], ...] = (
    ("f′(x)", "derivative", lambda r: r["derivative"] or "—"),
    ("f″(x)", "second_derivative", lambda r: r["second_derivative"] or "—"),
    ("range", "range", _range),
    ("minimum at", "argmin", lambda r: _or(r, "argmin", "argmin", "no minimum (not attained)")),
    ("bounded", "bounded", _bounded),
    ("f(0)", "f0", lambda r: value_text(r["f0"])),
    ("f′(0)", "df0", lambda r: _or(r, "df0", "df0", "none: f is not differentiable at 0")),
    ("sup |f′|", "max_gradient", _extremum),
    ("Lipschitz constant", "lipschitz", lambda r: value_text(r["lipschitz"])),
    ("limits of f", "limits", lambda r: _limits(r, "f")),
    ("limits of f′", "limits", lambda r: _limits(r, "df")),
    ("vanishing gradient", "vanishing", lambda r: _vanishing(r)),
    ("dead-gradient set", "dead_set", lambda r: r["dead_gradient_set"] or "—"),
    ("monotonic", "monotonic", _monotonic),
    ("continuity", "continuity", _continuity),
    ("kinks", "kinks", _kinks),
    ("odd", "odd", lambda r: _yes_no(r["odd"])),
    ("even", "even", lambda r: _yes_no(r["even"])),
    ("identity near 0", "identity_near_origin", lambda r: _yes_no(r["identity_near_origin"])),
    ("E[f(Z)], Z ~ N(0,1)", "gaussian_mean", lambda r: value_text(r["gaussian"]["mean"])),
    ("Var f(Z)", "gaussian_variance", lambda r: value_text(r["gaussian"]["variance"])),
    ("E[f′(Z)]", "gaussian_grad_mean", lambda r: value_text(r["gaussian"]["grad_mean"])),
    ("gain (forward)", "gain_forward", lambda r: value_text(r["gain"]["forward"])),
    ("linear", "nonlinearity", _linear),
)


def analysis_view(record: Record) -> Group:
    """``symact show`` / ``derive``: the definition, then every property with its provenance."""
    title = Text(record["title"], style="bold")
    if record["title"] != record["name"]:
        title.append(f"  ({record['name']})", style="dim")
    title.append(f"   family: {record['family']}", style="dim")
    lines = [title, Text(f"f(x) = {record['function']}")]
    if record["params"]:
        params = ", ".join(f"{k} = {v}" for k, v in record["params"].items())
        lines.append(Text(f"parameters: {params}", style="dim"))
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_lines=False)
    table.add_column("property", style="cyan", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_column("provenance", overflow="fold")
    provenance = record["provenance"]
    for label, key, show in _ROWS:
        table.add_row(Text(label), Text(show(record)), provenance_text(provenance.get(key)))
    return Group(*lines, table)
