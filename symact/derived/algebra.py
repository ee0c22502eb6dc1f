"""Algebraic properties: odd and even symmetry, the identity near the origin, the
nonlinearity proof and self-gating."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .. import properties
from ..jsonform import known, value
from ..nonlinearity import LinearityProof, Witness, prove
from ..provenance import Derived, exact, undetermined
from ..registry import Column, Property, Row, Trait, Writer
from ..symbols import x
from ..symmetry import Verdict, is_even, is_odd

RANK = 2


def _verdict(verdict: Verdict) -> Derived[Verdict]:
    if verdict.holds is None:
        return undetermined(verdict.reason)
    return exact(verdict, verdict.reason)


def _yes_no_column(pick: Any) -> Any:
    def cell(found: Any) -> str | None:
        holds = pick(found)
        return None if holds is None else ("yes" if holds else "no")

    return cell


def _witness(w: Any) -> dict[str, Any] | None:
    if w is None:
        return None
    return {
        "law": w.law,
        "inputs": {k: sp.sstr(v) for k, v in w.inputs.items()},
        "lhs": value(w.lhs),
        "rhs": value(w.rhs),
        "statement": w.statement,
    }


def _nonlinearity_export(a: Any) -> dict[str, Any]:
    if not known(a.nonlinearity):
        return {"linear": None, "nonlinearity_proof": None, "positively_homogeneous": None}
    proof = a.nonlinearity.value
    return {
        "linear": proof.linear,
        "nonlinearity_proof": {
            "linear": proof.linear,
            "slope": value(proof.slope),
            "additivity": _witness(proof.additivity),
            "homogeneity": _witness(proof.homogeneity),
            "positively_homogeneous": proof.positively_homogeneous,
            "explanation": proof.explanation,
        },
        "positively_homogeneous": proof.positively_homogeneous,
    }


def _argument(found: sp.Expr, w: Writer) -> str:
    """``found`` as an argument after an operator: a negative number in parentheses."""
    text = w.formula(sp.S(found))
    return f"({text})" if sp.S(found).is_negative else text


def witness_text(wit: Witness, w: Writer) -> str:
    """A counterexample to linearity: ``f(1 + (−1)) = 0 ≠ 1 = f(1) + f(−1)`` or
    ``f((−1)·1) = 0 ≠ −1 = (−1)·f(1)``."""
    lhs, rhs = w.formula(wit.lhs), w.formula(wit.rhs)
    if wit.law == "additivity":
        a, b = (wit.inputs[n] for n in ("a", "b"))
        left = f"f({w.formula(a)} + {_argument(b, w)})"
        return f"{left} = {lhs} ≠ {rhs} = f({w.formula(a)}) + f({w.formula(b)})"
    k, a = (_argument(wit.inputs[n], w) for n in ("k", "a"))
    return f"f({k}·{a}) = {lhs} ≠ {rhs} = {k}·f({w.formula(wit.inputs['a'])})"


def _linearity_cell(a: Any, w: Writer) -> str:
    proof = a.nonlinearity.value
    if proof.linear:
        return f"yes: f(x) = {w.formula(proof.slope * x)}"
    found = [witness_text(wit, w) for wit in (proof.additivity, proof.homogeneity) if wit]
    return "no: " + "; ".join(found) if found else "no"


def _identity_traits(a: Any, w: Writer) -> list[Trait]:
    if a.identity_near_origin.known and a.identity_near_origin.value:
        text = "Identity near the origin: f(0) = 0 and f′(0) = 1."
        return [Trait(True, text, "identity_near_origin")]
    return []


def _gating_cell(a: Any, w: Writer) -> str:
    gating = a.self_gating.value
    if not gating.is_gated:
        return f"no ({a.self_gating.reason})"
    return f"yes: f(x) = x·g(x) with g(x) = {w.formula(gating.gate)}"


def _gating_export(a: Any) -> dict[str, Any]:
    if not known(a.self_gating):
        return {"self_gating": None}
    gating = a.self_gating.value
    gate = sp.sstr(gating.gate) if gating.gate is not None else None
    return {"self_gating": {"gated": gating.is_gated, "gate": gate}}


def _identity(i: Any) -> Derived[bool]:
    f0, df0 = i.value("f0"), i.value("df0")
    return exact(bool(f0 == 0 and df0 is not None and df0 == 1))


PROPERTIES = (
    Property(
        "odd",
        lambda i: _verdict(is_odd(i.f)),
        rank=160,
        label="Odd",
        explanation="f(−x) = −f(x) for every x.",
        part="moments",
        export=lambda a: {"odd": a.odd.value.holds if known(a.odd) else None},
        export_keys=("odd",),
        rows=(Row("Odd", lambda a, w: w.yes_no(a.odd.value.holds)),),
        columns=(Column("odd", "odd", _yes_no_column(lambda v: v.holds)),),
        value_classes=(Verdict,),
    ),
    Property(
        "even",
        lambda i: _verdict(is_even(i.f)),
        rank=170,
        label="Even",
        explanation="f(−x) = f(x) for every x.",
        part="moments",
        export=lambda a: {"even": a.even.value.holds if known(a.even) else None},
        export_keys=("even",),
        rows=(Row("Even", lambda a, w: w.yes_no(a.even.value.holds)),),
        columns=(Column("even", "even", _yes_no_column(lambda v: v.holds)),),
    ),
    Property(
        "identity_near_origin",
        _identity,
        rank=180,
        label="Identity near 0 (f(0) = 0, f′(0) = 1)",
        explanation="f(0) = 0 and f′(0) = 1: f behaves as the identity near the origin.",
        needs=("f0", "df0"),
        export=lambda a: {
            "identity_near_origin": (
                a.identity_near_origin.value if known(a.identity_near_origin) else None
            )
        },
        export_keys=("identity_near_origin",),
        rows=(
            Row(
                "Identity near 0 (f(0) = 0, f′(0) = 1)",
                lambda a, w: w.yes_no(a.identity_near_origin.value),
            ),
        ),
        traits=_identity_traits,
    ),
    Property(
        "nonlinearity",
        lambda i: exact(prove(i.f)),
        rank=230,
        label="Linear",
        explanation="Whether f(x) = c·x; otherwise a counterexample to additivity or homogeneity.",
        part="moments",
        export=_nonlinearity_export,
        export_keys=("linear", "nonlinearity_proof", "positively_homogeneous"),
        concept="concepts/nonlinearity.md",
        rows=(Row("Linear", _linearity_cell, page=False),),
        columns=(Column("linear", "linear", _yes_no_column(lambda p: p.linear)),),
        value_classes=(LinearityProof, Witness),
    ),
    Property(
        "self_gating",
        lambda i: properties.self_gating(i.f, i.value("f0")),
        rank=270,
        label="Self-gating",
        explanation="f(x) = x·g(x) with a gate g → 0 at −∞ and → 1 at +∞.",
        needs=("f0",),
        part="moments",
        export=_gating_export,
        export_keys=("self_gating",),
        rows=(Row("Self-gating", _gating_cell, terminal=False),),
        value_classes=(properties.SelfGating,),
    ),
)
