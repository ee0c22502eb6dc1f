"""The overview: every activation in one sortable table, with thumbnails, and one
overlay plot per family.

The table is HTML rather than a Markdown table so each cell can carry a ``data-sort``
key (the numeric value behind a formula); the site's own copy of tablesort (npm) sorts
it when a header is clicked, and KaTeX renders the ``\\( … \\)`` math in the cells.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from ..activation import Activation
from ..analysis import Analysis
from ..derived import SHOWN
from ..registry import OverviewColumn
from .markup import HtmlWriter, family_title
from .traits import cost

Item = tuple[Activation, Analysis]

FAMILY_ORDER = ("linear", "step", "sigmoid-like", "relu-like", "smooth relu-like")
"""Families in menu order; others follow alphabetically, the vector activations last."""


def families(items: list[Item]) -> dict[str, list[Item]]:
    """Items grouped by family: the known families first, in a fixed order, then the rest
    alphabetically."""
    grouped: dict[str, list[Item]] = {}
    for item in items:
        grouped.setdefault(item[0].spec.family, []).append(item)
    rank = {family: i for i, family in enumerate(FAMILY_ORDER)}
    return dict(sorted(grouped.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def _cost(a: Analysis, w: HtmlWriter) -> tuple[str, str]:
    return ("transcendental" if not cost(a.function).good else "cheap"), ""


COLUMNS: tuple[OverviewColumn, ...] = (
    *(prop.overview for prop in SHOWN if prop.overview is not None),
    OverviewColumn("cost", _cost),
)
"""The derived columns: each property record's overview column, then the cost."""

WRITER = HtmlWriter()


def _cell(content: str, sort: str = "") -> str:
    key = f' data-sort="{html.escape(sort)}"' if sort else ""
    return f"<td{key}>{content}</td>"


def _header(title: str) -> str:
    unsortable = ' data-sort-method="none"' if title == "plot" else ""
    return f"<th{unsortable}>{html.escape(title)}</th>"


def overview_table(items: list[Item], thumbnails: dict[str, str]) -> list[str]:
    """The sortable HTML table of every activation.

    Raw HTML is not rewritten by MkDocs: links are relative to the built page
    ``overview/index.html``, hence ``../``; ``thumbnails`` must be given the same way.
    """
    head = ["plot", "activation", "family", *(column.header for column in COLUMNS)]
    lines = [
        '<div class="symact-overview"><table>',
        "<thead><tr>" + "".join(_header(h) for h in head) + "</tr></thead>",
        "<tbody>",
    ]
    for activation, a in items:
        spec = activation.spec
        thumb = thumbnails.get(spec.name)
        image = (
            f'<img src="{thumb}" alt="{html.escape(spec.title)}" width="96" height="64">'
            if thumb
            else ""
        )
        cells = [
            _cell(image),
            _cell(
                f'<a href="../activations/{spec.name}/">{html.escape(spec.title)}</a>', spec.title
            ),
            _cell(html.escape(spec.family)),
        ]
        cells += [_cell(*column.cell(a, WRITER)) for column in COLUMNS]
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table></div>"]
    return lines


def overview_page(
    items: list[Item],
    thumbnails: dict[str, str],
    family_plots: dict[str, str],
    vectors: Sequence[Any] = (),
) -> str:
    """The overview page: the table, then each family's overlay plot and members."""
    lines = [
        "# Overview",
        "",
        "Every cell below is derived by symact from the activation's definition; numeric",
        "values are marked and carry a certified bound on their page. Click a column",
        "header to sort.",
        "",
        *overview_table(items, thumbnails),
        "",
        "## Families",
        "",
    ]
    for family, members in families(items).items():
        lines += [f"### {family_title(family)}", ""]
        links = ", ".join(
            f"[{activation.spec.title}](activations/{activation.name}.md)"
            for activation, _ in members
        )
        lines += [links, ""]
        plot = family_plots.get(family)
        if plot:
            lines += [f"![The {family} activations overlaid]({plot}){{ .symact-plot }}", ""]
    if vectors:
        lines += ["### Vector activations", ""]
        lines += [
            ", ".join(f"[{v.spec.title}](activations/{v.name}.md)" for v in vectors),
            "",
            "They map ℝⁿ to ℝⁿ; their pages list what is derived for each number of classes.",
            "",
        ]
    return "\n".join(lines)
