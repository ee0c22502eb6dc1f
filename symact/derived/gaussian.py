"""Statistics under a standard normal input Z ~ N(0, 1): the moments of f(Z) and
f′(Z), and the initialisation gains they give (`symact.statistics`)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from .. import statistics
from ..jsonform import derived_value
from ..provenance import Derived, exact
from ..registry import Column, Inputs, OverviewColumn, Property, Row, Trait, Writer, float_key

RANK = 3


def _gaussian_mean(i: Inputs) -> Derived[sp.Expr]:
    """E[f(Z)] for Z ~ N(0, 1): 0 for an odd f (φ is even), else `statistics.expectation`."""
    odd = i["odd"]
    if odd.known and odd.value.holds:
        return exact(sp.S.Zero, "f is odd and φ is even")
    return statistics.expectation(i.value("pieces"))


def _member(group: str, key: str, name: str) -> Any:
    return lambda a: {group: {key: derived_value(getattr(a, name))}}


def _approx_row(label: str, name: str) -> Row:
    return Row(label, lambda a, w: w.approx(getattr(a, name), getattr(a, name).value))


def _shown_row(label: str, name: str) -> Row:
    return Row(label, lambda a, w: w.shown(getattr(a, name), getattr(a, name).value))


def _mean_column(a: Any, w: Writer) -> tuple[str, str]:
    if not a.gaussian_mean.known:
        return "undetermined", ""
    mean = a.gaussian_mean.value
    suffix = "" if a.gaussian_mean.status == "exact" else " (numeric)"
    return w.math(mean) + suffix, float_key(mean)


def _centring_traits(a: Any, w: Writer) -> list[Trait]:
    if not a.gaussian_mean.known:
        return []
    mean = a.gaussian_mean.value
    if abs(sp.N(mean, 20)) < 1e-15:
        return [Trait(True, "Zero-centred: E[f(Z)] = 0 for Z ~ N(0, 1).", "gaussian_mean")]
    text = f"Not zero-centred: E[f(Z)] = {w.shown(a.gaussian_mean, mean)} shifts the next layer."
    return [Trait(False, text, "gaussian_mean")]


PROPERTIES = (
    Property(
        "gaussian_mean",
        _gaussian_mean,
        rank=190,
        label="E[f(Z)], Z ~ N(0, 1)",
        explanation="The mean output for a standard normal input.",
        needs=("pieces",),
        uses=("odd",),
        part="moments",
        export=lambda a: {
            "gaussian_mean": derived_value(a.gaussian_mean),
            "gaussian": {"mean": derived_value(a.gaussian_mean)},
        },
        export_keys=("gaussian_mean", "gaussian"),
        rows=(_shown_row("E[f(Z)], Z ~ N(0, 1)", "gaussian_mean"),),
        columns=(Column("E[f(Z)]", r"$\mathbb{E}[f(Z)]$", lambda v: v),),
        overview=OverviewColumn("E[f(Z)]", _mean_column),
        traits=_centring_traits,
    ),
    Property(
        "gaussian_second_moment",
        lambda i: statistics.expectation(i.value("pieces"), True),
        rank=195,
        label="E[f(Z)²]",
        explanation="The second moment of the output for a standard normal input.",
        needs=("pieces",),
        part="moments",
        export=_member("gaussian", "second_moment", "gaussian_second_moment"),
        export_keys=("gaussian",),
    ),
    Property(
        "gaussian_variance",
        lambda i: statistics.variance(i["gaussian_mean"], i["gaussian_second_moment"]),
        rank=200,
        label="Var[f(Z)]",
        explanation="The variance of the output for a standard normal input.",
        needs=("gaussian_mean", "gaussian_second_moment"),
        part="moments",
        export=_member("gaussian", "variance", "gaussian_variance"),
        export_keys=("gaussian",),
        rows=(_approx_row("Var[f(Z)]", "gaussian_variance"),),
    ),
    Property(
        "gaussian_grad_mean",
        lambda i: statistics.expectation(i.value("derivative_pieces")),
        rank=210,
        label="E[f′(Z)]",
        explanation="The mean slope for a standard normal input.",
        needs=("derivative_pieces",),
        part="moments",
        export=_member("gaussian", "grad_mean", "gaussian_grad_mean"),
        export_keys=("gaussian",),
        rows=(_approx_row("E[f′(Z)]", "gaussian_grad_mean"),),
    ),
    Property(
        "gaussian_grad_second_moment",
        lambda i: statistics.expectation(i.value("derivative_pieces"), True),
        rank=215,
        label="E[f′(Z)²]",
        explanation="The second moment of the slope for a standard normal input.",
        needs=("derivative_pieces",),
        part="moments",
        export=_member("gaussian", "grad_second_moment", "gaussian_grad_second_moment"),
        export_keys=("gaussian",),
        rows=(_approx_row("E[f′(Z)²]", "gaussian_grad_second_moment"),),
    ),
    Property(
        "gain_forward",
        lambda i: statistics.inverse_sqrt(i["gaussian_second_moment"], "E[f(Z)²]"),
        rank=220,
        label="Forward gain 1/√E[f(Z)²]",
        explanation="The weight scale that keeps the second moment of the signal.",
        needs=("gaussian_second_moment",),
        part="moments",
        export=_member("gain", "forward", "gain_forward"),
        export_keys=("gain",),
        rows=(_approx_row("Forward gain 1/√E[f(Z)²]", "gain_forward"),),
    ),
    Property(
        "gain_backward",
        lambda i: statistics.inverse_sqrt(i["gaussian_grad_second_moment"], "E[f′(Z)²]"),
        rank=225,
        label="Backward gain 1/√E[f′(Z)²]",
        explanation="The weight scale that keeps the second moment of the gradient.",
        needs=("gaussian_grad_second_moment",),
        part="moments",
        export=_member("gain", "backward", "gain_backward"),
        export_keys=("gain",),
        rows=(_approx_row("Backward gain 1/√E[f′(Z)²]", "gain_backward"),),
    ),
)
