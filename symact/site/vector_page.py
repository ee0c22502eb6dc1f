"""The page of a vector activation (softmax and its kin).

A vector activation's analysis is a dataclass whose fields are derived claims — one
`symact.provenance.Derived` each, or one per number of classes ``{n: Derived}``. Each
claim's justification (``reason``) states what was proven; the page lists the claims with
their provenance, and shows matrix values (the Jacobian) as formulas. Nothing here knows
which vector activation it renders.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sympy as sp

from ..provenance import Derived
from .activation_page import usage_lines
from .markup import badge, table, tex


def _title(field: str) -> str:
    return field.replace("_", " ").capitalize()


def _value_cell(derived: Derived[Any]) -> str:
    if not derived.known:
        return "undetermined"
    value = derived.value
    if isinstance(value, bool):
        return "proven" if value else "disproven"
    if isinstance(value, sp.MatrixBase):
        return "see below"
    return f"${tex(value)}$"


def claim_rows(analysis: Any) -> list[tuple[str, str, str, str]]:
    """``(claim, n, statement, provenance)`` for every derived field of ``analysis``."""
    rows = []
    for field in dataclasses.fields(analysis):
        value = getattr(analysis, field.name)
        per_n = value if isinstance(value, dict) else {"all": value}
        for n, derived in sorted(per_n.items(), key=lambda kv: str(kv[0])):
            if not isinstance(derived, Derived):
                continue
            statement = derived.reason or _value_cell(derived)
            rows.append((_title(field.name), str(n), statement, badge(derived)))
    return rows


def _matrices(analysis: Any) -> list[str]:
    lines = []
    for field in dataclasses.fields(analysis):
        value = getattr(analysis, field.name)
        per_n = value if isinstance(value, dict) else {None: value}
        # The smallest n only: larger matrices repeat the pattern and overflow the page.
        for n, derived in sorted(per_n.items(), key=lambda kv: str(kv[0]))[:1]:
            if isinstance(derived, Derived) and isinstance(derived.value, sp.MatrixBase):
                label = _title(field.name) + (f" for n = {n}" if n is not None else "")
                lines += [f"**{label}**", "", f"$$ {tex(derived.value)} $$", ""]
    return lines


def vector_page(activation: Any, analysis: Any) -> str:
    """The Markdown page of a vector activation."""
    spec = activation.spec
    lines = [f"# {spec.title}", "", spec.summary, ""]
    lines += ["## Definition", "", f"$$ {spec.formula_latex} $$", ""]
    lines += [f"It maps {spec.signature}; its image: {spec.range_set}.", ""]
    if spec.aliases:
        lines += ["Also known as " + ", ".join(f"`{n}`" for n in spec.aliases) + ".", ""]
    lines += [
        "## Derived properties",
        "",
        "Each claim is a SymPy computation, for each listed size n (classes, pieces or "
        "output size) or once for all sizes.",
        "",
        *table(claim_rows(analysis), ("claim", "n", "statement", "provenance")),
        "",
    ]
    matrices = _matrices(analysis)
    if matrices:
        lines += ["## Matrices", "", *matrices]
    lines += ["## In the frameworks", "", *usage_lines(spec)]
    if spec.elsewhere:
        lines += ["Elsewhere: " + ", ".join(f"`{name}`" for name in spec.elsewhere) + ".", ""]
    if spec.references:
        lines += ["## References", ""]
        lines += [f"- {r.citation} <{r.url}>" for r in spec.references]
        lines.append("")
    return "\n".join(lines)
