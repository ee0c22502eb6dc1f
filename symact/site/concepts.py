r"""Concept pages computed from the catalog: why nonlinearity, vanishing gradients,
choosing an activation.

Each page's claims are computed here — the collapse of stacked linear layers by SymPy,
gradient products through depth by quadrature of $f'\varphi$, the recommendations by
filtering derived properties — so they change when the catalog or the engine does.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from ..activation import Activation
from ..analysis import Analysis
from .markup import table, tex
from .traits import cost

Item = tuple[Activation, Analysis]

DEPTHS = (5, 20, 50)


def _link(activation: Activation, prefix: str = "../") -> str:
    return f"[{activation.spec.title}]({prefix}activations/{activation.name}.md)"


# --------------------------------------------------------------------------------------
# Why nonlinearity.
# --------------------------------------------------------------------------------------


def linear_collapse() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """Two linear layers with symbolic 2×2 weights, composed: ``(stacked, W, b)`` with
    ``stacked == W x + b`` proven by expansion (the returned difference is zero)."""
    w1 = sp.Matrix(2, 2, sp.symbols("a_{11} a_{12} a_{21} a_{22}", real=True))
    w2 = sp.Matrix(2, 2, sp.symbols("c_{11} c_{12} c_{21} c_{22}", real=True))
    b1 = sp.Matrix(sp.symbols("b_1 b_2", real=True))
    b2 = sp.Matrix(sp.symbols("d_1 d_2", real=True))
    inputs = sp.Matrix(sp.symbols("x_1 x_2", real=True))
    stacked = (w2 * (w1 * inputs + b1) + b2).expand()
    weight, bias = w2 * w1, w2 * b1 + b2
    difference = (stacked - (weight * inputs + bias)).expand()
    if difference != sp.zeros(2, 1):
        raise AssertionError("stacked linear layers did not collapse")  # cannot happen
    return stacked, weight, bias


def nonlinearity_page(items: list[Item]) -> str:
    """Why nonlinearity: the collapse, computed, and every activation's proof."""
    _, weight, bias = linear_collapse()
    rows = []
    for activation, a in items:
        if not a.nonlinearity.known:
            rows.append((_link(activation), "undetermined", a.nonlinearity.reason or ""))
            continue
        proof = a.nonlinearity.value
        if proof.linear:
            rows.append((_link(activation), "**linear**", f"$f(x) = {tex(proof.slope)}\\,x$"))
            continue
        witness = proof.additivity or proof.homogeneity
        if witness.law == "additivity":
            p, q = witness.inputs["a"], witness.inputs["b"]
            law = (
                f"$f({tex(p)} + ({tex(q)})) = {tex(witness.lhs)} \\neq {tex(witness.rhs)}"
                f" = f({tex(p)}) + f({tex(q)})$"
            )
        else:
            k, p = witness.inputs["k"], witness.inputs["a"]
            law = (
                f"$f({tex(k)}\\cdot{tex(p)}) = {tex(witness.lhs)} \\neq {tex(witness.rhs)}"
                f" = {tex(k)} f({tex(p)})$"
            )
        extra = " (positively homogeneous)" if proof.positively_homogeneous else ""
        rows.append((_link(activation), "nonlinear" + extra, law))
    lines = [
        "# Why nonlinearity",
        "",
        "A layer computes $x \\mapsto W x + b$. SymPy composes two layers with symbolic",
        "$2 \\times 2$ weights $A = (a_{ij})$, $C = (c_{ij})$ and biases $b$, $d$, expands",
        "$C(Ax + b) + d$ and checks that it equals $W x + b'$ with",
        "",
        f"$$ W = C A = {tex(weight)}, \\qquad b' = C b + d = {tex(bias)}. $$",
        "",
        "So a stack of linear layers is one linear layer: depth adds nothing. An activation",
        "$f$ between the layers breaks the collapse exactly when $f$ is not linear — when it",
        "fails additivity $f(a + b) = f(a) + f(b)$ or homogeneity $f(k a) = k f(a)$ at some",
        "point. One exactly evaluated counterexample is a proof; symact finds one for every",
        "activation below (or proves linearity), and each page writes its proof out.",
        "",
        *table(rows, ("activation", "verdict", "witness")),
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Vanishing gradients.
# --------------------------------------------------------------------------------------


def vanishing_rows(
    items: list[tuple[Activation, Analysis, float | None]],
) -> list[tuple[Activation, float, float]]:
    """``(activation, max |f′|, E[f′(Z)])`` where both are known and finite."""
    rows = []
    for activation, a, mean in items:
        if mean is None or not a.max_gradient.known or a.max_gradient.value.value == sp.oo:
            continue
        rows.append((activation, float(sp.N(a.max_gradient.value.value, 15)), mean))
    return rows


def vanishing_page(
    items: list[tuple[Activation, Analysis, float | None]], plot: str | None = None
) -> str:
    """The vanishing-gradient page: gradient products through depth, computed from each
    activation's derived max |f′| and E[f′(Z)] (`Analysis.gaussian_grad_mean`)."""
    rows = [
        (
            _link(activation),
            f"{top:.4g}",
            f"{mean:.4g}",
            *(f"{top**d:.3g} / {mean**d:.3g}" for d in DEPTHS),
        )
        for activation, top, mean in vanishing_rows(items)
    ]
    header = (
        "activation",
        "max \\|f′\\|",
        "E[f′(Z)]",
        *(f"depth {d}: bound / typical" for d in DEPTHS),
    )
    lines = [
        "# Vanishing gradients",
        "",
        "Backpropagation through $L$ layers multiplies the activation's derivative once per",
        "layer: $\\partial y / \\partial x = \\prod_{l=1}^{L} W_l^\\top"
        " \\operatorname{diag} f'(z_l)$.",
        "Leaving the weights aside, $\\prod_l |f'(z_l)| \\le (\\max |f'|)^L$, and for",
        "independent pre-activations $z_l \\sim \\mathcal N(0, 1)$ the expected product is",
        "$\\mathbb E[f'(Z)]^L$. Both are computed below for every activation: the bound from",
        "the derived maximum gradient, the typical value from the derived",
        "$\\mathbb E[f'(Z)] = \\int f'(z)\\,\\varphi(z)\\,dz$ (exact where SymPy integrates).",
        "",
        "A factor below 1 shrinks geometrically: the sigmoid's bound $(1/4)^L$ can only be",
        "undone by weights growing like $4^L$. Activations with $\\max|f'| \\ge 1$ leave the",
        "gradient's size to the weights (and initialization); a typical factor of $1/2$",
        "(ReLU) reflects that half of the inputs are dead.",
        "",
    ]
    if plot:
        lines += [f"![E[f′(Z)] to the power L against depth L]({plot}){{ .symact-plot }}", ""]
    lines += [*table(rows, header), ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Choosing an activation.
# --------------------------------------------------------------------------------------


def _zero_centred(a: Analysis) -> bool:
    return a.gaussian_mean.known and abs(float(sp.N(a.gaussian_mean.value, 20))) < 1e-12


def _no_dead(a: Analysis) -> bool:
    return a.dead_set.known and a.dead_set.value is sp.S.EmptySet


def _no_vanishing(a: Analysis) -> bool:
    return a.vanishing.known and all(v is False for v in a.vanishing.value.values())


def _smooth(a: Analysis) -> bool:
    return a.continuity.known and a.continuity.value.k == sp.oo


def _probability(a: Analysis) -> bool:
    if not a.range.known:
        return False
    image = a.range.value
    return bool(sp.N(image.lower.value) >= 0 and sp.N(image.upper.value) <= 1)


def _bounded(a: Analysis) -> bool:
    return a.bounded.known and a.bounded.value["above"] and a.bounded.value["below"]


def _nonlinear_and_cheap(a: Analysis) -> bool:
    return cost(a.function).good and a.nonlinearity.known and not a.nonlinearity.value.linear


def _identity_near_zero(a: Analysis) -> bool:
    return bool(a.identity_near_origin.known and a.identity_near_origin.value)


# (need, why it matters, the property test)
NEEDS: tuple[tuple[str, str, Callable[[Analysis], bool]], ...] = (
    (
        "Outputs in [0, 1] (gates, probabilities)",
        "the derived range lies in [0, 1]",
        _probability,
    ),
    ("Bounded outputs", "bounded above and below", _bounded),
    (
        "Gradients that do not vanish at either end",
        "f′ ↛ 0 as x → ±∞",
        _no_vanishing,
    ),
    ("No dying units", "f′ ≡ 0 on no interval", _no_dead),
    ("Zero-centred outputs", "E[f(Z)] = 0 for Z ~ N(0, 1)", _zero_centred),
    (
        "Smoothness (second-order optimisers, physics-informed networks, Hessians)",
        "C^∞",
        _smooth,
    ),
    ("Cheapest to evaluate", "no transcendental function, yet nonlinear", _nonlinear_and_cheap),
    (
        "Behaves like the identity at initialization",
        "f(0) = 0 and f′(0) = 1",
        _identity_near_zero,
    ),
)


def choosing_page(items: list[Item]) -> str:
    """Choosing an activation: for each need, the activations whose derived properties
    meet it, and a matrix of every activation against every need."""
    lines = [
        "# Choosing an activation",
        "",
        "There is no best activation, only trade-offs — and each trade-off is a derived",
        "property. Below, each need lists the activations whose properties meet it; the",
        "lists are computed from the analyses, so they follow the catalog.",
        "",
    ]
    for need, criterion, test in NEEDS:
        members = [_link(activation) for activation, a in items if test(a)]
        lines += [f"## {need}", "", f"*Criterion: {criterion}.*", ""]
        lines += [", ".join(members) if members else "None in the catalog.", ""]
    header = ("activation", *(str(i + 1) for i in range(len(NEEDS))))
    rows = [
        (_link(activation), *("✓" if test(a) else "·" for _, _, test in NEEDS))
        for activation, a in items
    ]
    legend = "; ".join(
        f"{i + 1}: {need.split(' (')[0].lower()}" for i, (need, _, _) in enumerate(NEEDS)
    )
    lines += ["## All needs at a glance", "", f"Columns — {legend}.", "", *table(rows, header), ""]
    lines += [
        "Common defaults follow from these: ReLU-likes in deep feed-forward networks (cheap,",
        "no vanishing on the right), sigmoid for gates and binary outputs (range in [0, 1]),",
        "tanh in recurrent cells (bounded, zero-centred), smooth ReLU-likes (GELU, swish)",
        "where smoothness helps optimisation.",
        "",
    ]
    return "\n".join(lines)
