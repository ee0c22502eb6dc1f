r"""Render the catalog's derivations into Markdown pages for the MkDocs site.

Every number and formula on a page comes from `symact.analysis`; the strengths and
drawbacks are rules over derived properties (`traits`), not free text. The
script ``scripts/build_docs.py`` calls `write_pages`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sympy as sp

from .activation import Activation
from .analysis import Analysis
from .catalog import FRAMEWORKS, Spec
from .provenance import Derived

FRAMEWORK_TITLES = {"keras": "Keras", "pytorch": "PyTorch", "jax": "JAX"}


def tex(expr: Any) -> str:
    """LaTeX for a SymPy object (numbers with 12 significant digits when they are floats)."""
    if isinstance(expr, sp.Float):
        return sp.latex(sp.Float(expr, 12))
    return sp.latex(expr)


def math(expr: Any) -> str:
    """Inline math for Markdown."""
    return f"${tex(expr)}$"


def shown(derived: Derived[Any], expr: Any) -> str:
    """A value with its provenance: exact as is, numeric with ``± bound``."""
    if derived.status == "undetermined":
        return f"undetermined: {derived.reason}"
    if derived.status == "numeric":
        return f"{math(expr)} ± {derived.bound:.0e}"
    return math(expr)


def badge(derived: Derived[Any]) -> str:
    """The provenance column of the property table."""
    if derived.status == "exact":
        return "exact"
    if derived.status == "numeric":
        return f"numeric ({derived.method})"
    return f"undetermined ({derived.reason})"


def _interval(image: Any) -> str:
    lower, upper = image.lower, image.upper
    left = "[" if lower.closed else "("
    right = "]" if upper.closed else ")"
    if isinstance(image.set, sp.FiniteSet):
        return math(image.set)
    return f"${left}{tex(lower.value)},\\ {tex(upper.value)}{right}$"


@dataclass(frozen=True)
class Trait:
    """A strength or drawback, with the property it follows from."""

    good: bool
    text: str


def traits(a: Analysis) -> list[Trait]:
    """Strengths and drawbacks that follow from the derived properties."""
    found: list[Trait] = []
    if a.vanishing.known:
        sides = [s for s, v in a.vanishing.value.items() if v]
        if sides:
            where = " and ".join("x → −∞" if s == "-oo" else "x → +∞" for s in sides)
            found.append(Trait(False, f"Vanishing gradient: f′ → 0 as {where}."))
        else:
            found.append(Trait(True, "No vanishing gradient at either end: f′ ↛ 0."))
    if a.dead_set.known and a.dead_set.value is not sp.S.EmptySet:
        found.append(Trait(False, f"Dying units: f′ = 0 on {math(a.dead_set.value)}."))
    if a.gaussian_mean.known:
        mean = a.gaussian_mean.value
        if abs(sp.N(mean, 20)) < 1e-15:
            found.append(Trait(True, "Zero-centred: E[f(Z)] = 0 for Z ~ N(0, 1)."))
        else:
            found.append(
                Trait(False, f"Not zero-centred: E[f(Z)] = {shown(a.gaussian_mean, mean)}.")
            )
    if a.continuity.known:
        k = a.continuity.value.k
        if k == sp.oo:
            found.append(Trait(True, "Smooth (C^∞): gradients of every order are continuous."))
        elif k == -1:
            found.append(Trait(False, "Discontinuous: no useful gradient through the jump."))
        else:
            found.append(Trait(False, f"Only C^{k}: {a.continuity.value.reason}."))
    if a.bounded.known and a.bounded.value["above"] and a.bounded.value["below"]:
        found.append(Trait(True, "Bounded output: activations cannot blow up."))
    if a.identity_near_origin.known and a.identity_near_origin.value:
        found.append(Trait(True, "Identity near the origin: f(0) = 0 and f′(0) = 1."))
    cost = _cost(a.function)
    found.append(Trait(cost[0], cost[1]))
    return found


def _cost(f: sp.Expr) -> tuple[bool, str]:
    transcendental = f.atoms(sp.exp, sp.log, sp.tanh, sp.erf, sp.erfc)
    if transcendental:
        names = sorted({type(t).__name__ for t in transcendental})
        return False, f"Cost: transcendental ({', '.join(names)}) per element."
    return True, "Cost: piecewise linear or polynomial — a compare and a multiply."


def property_rows(a: Analysis) -> list[tuple[str, str, str]]:
    """``(property, value, provenance)`` rows for the property table."""
    rows = []
    if a.range.known:
        rows.append(("Range", _interval(a.range.value), badge(a.range)))
    if a.limits.known:
        limits = a.limits.value
        rows.append(
            (
                "Limits of f",
                f"{math(limits['f']['-oo'])} at −∞, {math(limits['f']['oo'])} at +∞",
                badge(a.limits),
            )
        )
        rows.append(
            (
                "Limits of f′",
                f"{math(limits['df']['-oo'])} at −∞, {math(limits['df']['oo'])} at +∞",
                badge(a.limits),
            )
        )
    if a.gradient_range.known:
        rows.append(("Range of f′", _interval(a.gradient_range.value), badge(a.gradient_range)))
    if a.max_gradient.known:
        top = a.max_gradient.value
        where = ", ".join(math(w) for w in top.where)
        attained = "attained at" if top.attained else "approached as x →"
        rows.append(
            (
                "max |f′|",
                f"{shown(a.max_gradient, top.value)}, {attained} {where}",
                badge(a.max_gradient),
            )
        )
    if a.monotonic.known:
        rows.append(("Monotonicity", a.monotonic.value.kind, badge(a.monotonic)))
    if a.continuity.known:
        k = a.continuity.value.k
        label = "C^∞" if k == sp.oo else ("discontinuous" if k == -1 else f"C^{k}")
        rows.append(("Continuity", label, badge(a.continuity)))
    if a.kinks.known and a.kinks.value:
        kinks = "; ".join(
            f"x = {math(k.at)}: f′₋ = {math(k.left)}, f′₊ = {math(k.right)}" for k in a.kinks.value
        )
        rows.append(("Not differentiable at", kinks, badge(a.kinks)))
    rows.append(("f(0)", shown(a.f0, a.f0.value), badge(a.f0)))
    if a.odd.known and a.even.known:
        symmetry = "odd" if a.odd.value.holds else ("even" if a.even.value.holds else "neither")
        rows.append(("Symmetry", symmetry, badge(a.odd)))
    rows.append(
        (
            "E[f(Z)], Z ~ N(0, 1)",
            shown(a.gaussian_mean, a.gaussian_mean.value),
            badge(a.gaussian_mean),
        )
    )
    if a.identity_near_origin.known:
        rows.append(
            (
                "Identity near 0",
                "yes" if a.identity_near_origin.value else "no",
                badge(a.identity_near_origin),
            )
        )
    if a.bounded.known:
        b = a.bounded.value
        rows.append(
            (
                "Bounded",
                f"below: {'yes' if b['below'] else 'no'}, above: {'yes' if b['above'] else 'no'}",
                badge(a.bounded),
            )
        )
    return rows


def _table(rows: Iterable[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def _proof(a: Analysis) -> list[str]:
    if not a.nonlinearity.known:
        return [f"Undetermined: {a.nonlinearity.reason}"]
    proof = a.nonlinearity.value
    if proof.linear:
        return [
            f"f is linear: on all of ℝ, $f(x) = {tex(proof.slope)}\\,x$. Hence",
            "",
            f"$$ f(a + b) = {tex(proof.slope)}(a + b) = f(a) + f(b), \\qquad "
            f"f(k a) = {tex(proof.slope)}\\,k a = k f(a). $$",
        ]
    lines = ["A single counterexample to either law proves f is not linear."]
    for witness in (proof.additivity, proof.homogeneity):
        if witness is None:
            continue
        inputs = ", ".join(f"{k} = {math(v)}" for k, v in witness.inputs.items())
        law = "f(a + b) = f(a) + f(b)" if witness.law == "additivity" else "f(k a) = k f(a)"
        lines += [
            "",
            f"**{witness.law.capitalize()}** ({law}) fails at {inputs}:",
            "",
            f"$$ {tex(witness.lhs)} \\neq {tex(witness.rhs)} $$",
        ]
    if proof.positively_homogeneous:
        lines += ["", "It is, however, positively homogeneous: $f(kx) = k f(x)$ for all $k > 0$."]
    return lines


def _usage(spec: Spec) -> list[str]:
    lines = []
    for api in spec.frameworks:
        title = FRAMEWORK_TITLES[api.framework]
        names = ", ".join(f"`{n}`" for n in api.names)
        note = f" — {api.note}" if api.note else ""
        lines.append(f"- **{title}**: {names}{note}")
    missing = [
        FRAMEWORK_TITLES[f] for f in FRAMEWORKS if f not in {a.framework for a in spec.frameworks}
    ]
    if missing:
        lines.append(f"- Not shipped by {', '.join(missing)}.")
    return lines


def activation_page(activation: Activation, a: Analysis, plot: str | None) -> str:
    """The Markdown page of one activation."""
    spec = activation.spec
    lines = [f"# {spec.title}", "", spec.summary, ""]
    lines += ["## Definition", "", f"$$ f(x) = {sp.latex(spec.expr)} $$", ""]
    if spec.params:
        rows = [
            (
                f"${sp.latex(p.symbol)}$",
                math(activation.param_values()[p.name]),
                p.description,
                ", ".join(f"`{api}`: {math(v)}" for api, v in p.framework_defaults.items()) or "—",
            )
            for p in spec.params
        ]
        lines += _table(rows, ("parameter", "value here", "meaning", "framework defaults"))
        lines.append("")
    if spec.aliases:
        lines += ["Also known as " + ", ".join(f"`{n}`" for n in spec.aliases) + ".", ""]
    if plot:
        lines += [
            f"![{spec.title}: f, f′ and f″ on [{spec.window[0]:g}, {spec.window[1]:g}]]({plot})",
            "",
        ]
    lines += ["## Properties", ""]
    lines += _table(property_rows(a), ("property", "value", "provenance"))
    lines += ["", "## Derivatives", ""]
    if a.derivative.known:
        lines += [f"$$ f'(x) = {sp.latex(a.derivative.value)} $$", ""]
    if a.second_derivative.known:
        lines += [f"$$ f''(x) = {sp.latex(a.second_derivative.value)} $$", ""]
    lines += ["## Nonlinearity", "", *_proof(a), ""]
    lines += ["## Strengths and drawbacks", ""]
    lines += [f"- {'✅' if t.good else '⚠️'} {t.text}" for t in traits(a)]
    lines += ["", "## In the frameworks", "", *_usage(spec), ""]
    if spec.references:
        lines += ["## References", ""]
        lines += [f"- {r.citation} <{r.url}>" for r in spec.references]
        lines.append("")
    return "\n".join(lines)


def overview_page(items: list[tuple[Activation, Analysis]]) -> str:
    """The table of every activation and its main properties."""
    rows = []
    for activation, a in items:
        spec = activation.spec
        rows.append(
            (
                f"[{spec.title}](activations/{spec.name}.md)",
                spec.family,
                _interval(a.range.value) if a.range.known else "undetermined",
                a.monotonic.value.kind if a.monotonic.known else "?",
                _continuity_label(a),
                shown(a.max_gradient, a.max_gradient.value.value) if a.max_gradient.known else "?",
                shown(a.gaussian_mean, a.gaussian_mean.value),
            )
        )
    header = ("activation", "family", "range", "monotonic", "continuity", "max |f′|", "E[f(Z)]")
    intro = [
        "# Overview",
        "",
        "Every property below is derived by symact; numeric values carry their bound.",
        "",
    ]
    return "\n".join([*intro, *_table(rows, header), ""])


def _continuity_label(a: Analysis) -> str:
    if not a.continuity.known:
        return "?"
    k = a.continuity.value.k
    return "C^∞" if k == sp.oo else ("discontinuous" if k == -1 else f"C^{k}")


def write_pages(
    items: list[tuple[Activation, Analysis]], docs: Path, plots: dict[str, str] | None = None
) -> list[Path]:
    """Write the overview and one page per activation under ``docs``; return the paths."""
    plots = plots or {}
    written = []
    folder = docs / "activations"
    folder.mkdir(parents=True, exist_ok=True)
    for activation, analysis in items:
        path = folder / f"{activation.name}.md"
        path.write_text(
            activation_page(activation, analysis, plots.get(activation.name)), encoding="utf-8"
        )
        written.append(path)
    overview = docs / "overview.md"
    overview.write_text(overview_page(items), encoding="utf-8")
    vanishing = docs / "concepts" / "vanishing-gradients.md"
    vanishing.write_text(vanishing_page(items), encoding="utf-8")
    written += [overview, vanishing]
    return written


def gradient_mean(a: Analysis) -> tuple[float, float]:
    """E[f′(Z)] for Z ~ N(0, 1) by quadrature over the segments of f′, and its error estimate."""
    import mpmath

    from .calculus import derivative_pieces
    from .symbols import x

    pieces = derivative_pieces(a.pieces.value)
    edges = [-mpmath.inf, *(mpmath.mpf(sp.N(b, 30)) for b in pieces.breakpoints), mpmath.inf]
    total, error = mpmath.mpf(0), mpmath.mpf(0)
    with mpmath.workdps(20):
        for segment, lo, hi in zip(pieces.segments, edges[:-1], edges[1:], strict=True):
            integrand = sp.lambdify(
                x, segment.expr * sp.exp(-(x**2) / 2) / sp.sqrt(2 * sp.pi), "mpmath"
            )
            value, estimate = mpmath.quad(integrand, [lo, hi], error=True)
            total += value
            error += estimate
    return float(total), float(error)


DEPTHS = (5, 20, 50)


def vanishing_page(items: list[tuple[Activation, Analysis]]) -> str:
    """The vanishing-gradient concept page, computed from the derived gradients."""
    rows = []
    for activation, a in items:
        if not a.max_gradient.known:
            continue
        top = float(sp.N(a.max_gradient.value.value, 15))
        mean, _ = gradient_mean(a)
        cells = [f"{top:.4g}", f"{mean:.4g}"]
        cells += [f"{top**d:.3g} / {mean**d:.3g}" for d in DEPTHS]
        rows.append((f"[{activation.spec.title}](../activations/{activation.name}.md)", *cells))
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
        "layer: $\\partial y / \\partial x = \\prod_{l=1}^{L} f'(z_l)\\, W_l$. Leaving the",
        "weights aside, $\\prod_l |f'(z_l)| \\le (\\max |f'|)^L$, and for independent",
        "pre-activations $z_l \\sim \\mathcal N(0, 1)$ the expected product is",
        "$\\mathbb E[f'(Z)]^L$. Both are computed below: the bound from the derived",
        "maximum gradient, the typical value by quadrature of $f'\\varphi$.",
        "",
        "The sigmoid's bound $(1/4)^L$ vanishes geometrically whatever the weights do",
        "unless they grow as $4^L$; tanh and ReLU keep a bound of 1, so their gradients can",
        "survive depth, and ReLU's typical factor is $1/2$ because half its inputs are dead.",
        "",
        *_table(rows, header),
        "",
    ]
    return "\n".join(lines)
