"""The flat export tables (symact.flat): every format is read back by its own parser.

CSV by `csv`, Markdown by a GFM table parser (markdown-it-py with its ``table`` rule),
LaTeX by a structural reading of the ``tabular``; each must give back the rows and cells
that were written.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from markdown_it import MarkdownIt

from symact import get
from symact.analysis import analyze
from symact.flat import COLUMNS, _plain, flat_table, rows, to_csv, to_latex, to_markdown

CHEAP = ["identity", "binary_step", "relu", "leaky_relu", "hardtanh"]
"""Activations whose analysis takes about a second (and whose cells hold ( ) , _ |)."""


@pytest.fixture(scope="module")
def items():
    activations = [get(name) for name in CHEAP]
    return [(a, analyze(a)) for a in activations]


@pytest.fixture(scope="module")
def expected(items):
    """The plain text of every cell (header first), as `symact.flat` renders it."""
    header = [plain for plain, _, _ in COLUMNS]
    return [header, *[[_plain(cell, "?") for cell in row] for row in rows(items)]]


def _gfm_table(text: str) -> list[list[str]]:
    """The cells of the one GFM table in ``text``, each as its inline source text with
    code spans unwrapped (header row first)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert [t.type for t in tokens].count("table_open") == 1
    table: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            table.append([])
        elif token.type == "inline":
            table[-1].append("".join(child.content for child in token.children or []))
    return table


def test_markdown_is_one_gfm_table_whose_cells_round_trip(items, expected):
    """Every row has the header's cell count, and each cell reads back as written."""
    table = _gfm_table(to_markdown(items))
    assert len(table) == len(expected)
    assert all(len(row) == len(COLUMNS) for row in table)
    assert table == expected


def test_markdown_escapes_a_pipe_in_the_header():
    """The header ``sup|f'|`` holds two pipes, which must not split its cell."""
    assert "sup|f'|" in [plain for plain, _, _ in COLUMNS]
    header = to_markdown([]).splitlines()[0]
    assert r"sup\|f'\|" in header
    assert _gfm_table(to_markdown([])) == [[plain for plain, _, _ in COLUMNS]]


def test_csv_reads_back_as_the_same_rows_and_columns(items, expected):
    """RFC 4180: the header and one row per activation, undetermined cells empty."""
    table = list(csv.reader(io.StringIO(to_csv(items))))
    missing_as_empty = [expected[0]] + [[_plain(cell, "") for cell in row] for row in rows(items)]
    assert table == missing_as_empty


def _latex_cells(line: str) -> list[str]:
    r"""The cells of one ``a & b \\`` row: split at each ``&`` outside braces and outside
    an inner environment (the ``&`` of a ``cases`` belongs to it), never at ``\&``."""
    assert line.endswith(r" \\")
    cells, depth, start = [], 0, 0
    body = line[: -len(r" \\")]
    pattern = r"\\begin\{|\\end\{|\\[{}&]|[{}&]"
    for match in re.finditer(pattern, body):
        token = match.group()
        # \begin{ opens an environment and a brace, \end{ closes one and opens the other
        depth += {"{": 1, "}": -1, r"\begin{": 2}.get(token, 0)
        if token == "&" and depth == 0:
            cells.append(body[start : match.start()].strip())
            start = match.end()
    return [*cells, body[start:].strip()]


def _balanced(text: str) -> bool:
    """Unescaped braces balance and never close more than they opened."""
    depth = 0
    for match in re.finditer(r"(?<!\\)[{}]", text):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def test_latex_is_a_well_formed_tabular(items):
    """One row per activation with the column count, braces balanced, math closed, and
    the specials # $ % & _ { } escaped in text cells."""
    tex = to_latex(items)
    lines = tex.splitlines()
    assert lines[0] == r"\begin{tabular}{" + "l" * len(COLUMNS) + "}"
    assert lines[-1] == r"\end{tabular}" and _balanced(tex)
    body = [line for line in lines if line.endswith(r"\\")]
    assert len(body) == 1 + len(items)
    for line in body:
        cells = _latex_cells(line)
        assert len(cells) == len(COLUMNS)
        for cell in cells:
            assert _balanced(cell) and len(re.findall(r"(?<!\\)\$", cell)) % 2 == 0
            text = re.sub(r"(?<!\\)\$.*?(?<!\\)\$", "", cell)  # outside math
            assert not re.search(r"(?<!\\)[#%&_{}]", text), cell
    names = [_latex_cells(line)[0] for line in body[1:]]
    assert names == [a.name.replace("_", r"\_") for a, _ in items]


def test_flat_table_refuses_an_unknown_format(items):
    with pytest.raises(ValueError, match="unknown format"):
        flat_table(items, "html")
