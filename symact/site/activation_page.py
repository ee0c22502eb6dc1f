"""The page of one activation: definition, plot, derived properties, proofs, usage.

Every statement on the page is read off the `symact.analysis.Analysis` (or the
derivation of f′ in `symact.derivation`); the catalog contributes only names,
parameters, framework APIs and references.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy as sp

from ..activation import Activation
from ..analysis import Analysis
from ..catalog import FRAMEWORKS, Spec
from ..derivation import Steps
from ..pieces import as_piecewise
from ..symbols import x
from .markup import badge, continuity_label, interval, math, shown, table, tex, yes_no
from .traits import traits

STRENGTH = ':material-check-circle:{ .symact-strength title="strength" }'
DRAWBACK = ':material-alert:{ .symact-drawback title="drawback" }'
"""Inline SVG icons (Material's emoji extension): no emoji font needed in the browser."""

FRAMEWORK_TITLES = {"keras": "Keras", "pytorch": "PyTorch", "jax": "JAX"}


def _limits_cell(limits: dict[str, sp.Expr]) -> str:
    return f"{math(limits['-oo'])} at −∞, {math(limits['oo'])} at +∞"


def _max_gradient_cell(a: Analysis) -> str:
    top = a.max_gradient.value
    where = ", ".join(math(w) for w in top.where)
    attained = "attained at" if top.attained else "approached as x →"
    return f"{shown(a.max_gradient, top.value)}, {attained} {where}"


def _kinks_cell(a: Analysis) -> str:
    return "; ".join(
        f"x = {math(k.at)}: f′₋ = {math(k.left)}, f′₊ = {math(k.right)}" for k in a.kinks.value
    )


def _symmetry(a: Analysis) -> str:
    return "odd" if a.odd.value.holds else ("even" if a.even.value.holds else "neither")


def _bounded_cell(a: Analysis) -> str:
    b = a.bounded.value
    return f"below: {yes_no(b['below'])}, above: {yes_no(b['above'])}"


def _monotone_cell(a: Analysis) -> str:
    monotone = a.monotonic.value
    runs = [f"{direction} on {math(interval_)}" for interval_, direction in monotone.intervals]
    if len(runs) <= 1:
        return monotone.kind
    return f"{monotone.kind}: " + "; ".join(runs)


# (label, the Derived field it reads, how to show the value, when to show the row)
PROPERTY_ROWS: tuple[tuple[str, str, Any, Any], ...] = (
    ("Range", "range", lambda a: interval(a.range.value), None),
    ("Limits of f", "limits", lambda a: _limits_cell(a.limits.value["f"]), None),
    ("Limits of f′", "limits", lambda a: _limits_cell(a.limits.value["df"]), None),
    ("Range of f′", "gradient_range", lambda a: interval(a.gradient_range.value), None),
    ("max |f′| (Lipschitz constant)", "max_gradient", _max_gradient_cell, None),
    ("Dead gradient (f′ ≡ 0)", "dead_set", lambda a: math(a.dead_set.value), None),
    ("Monotonicity", "monotonic", _monotone_cell, None),
    (
        "Continuity",
        "continuity",
        lambda a: f"{continuity_label(a.continuity.value.k)}: {a.continuity.value.reason}",
        None,
    ),
    ("Not differentiable at", "kinks", _kinks_cell, lambda a: bool(a.kinks.value)),
    ("f(0)", "f0", lambda a: shown(a.f0, a.f0.value), None),
    ("Symmetry", "odd", _symmetry, lambda a: a.even.known),
    (
        "E[f(Z)], Z ~ N(0, 1)",
        "gaussian_mean",
        lambda a: shown(a.gaussian_mean, a.gaussian_mean.value),
        None,
    ),
    (
        "Identity near 0 (f(0) = 0, f′(0) = 1)",
        "identity_near_origin",
        lambda a: yes_no(a.identity_near_origin.value),
        None,
    ),
    ("Bounded", "bounded", _bounded_cell, None),
)


def property_rows(a: Analysis) -> list[tuple[str, str, str]]:
    """``(property, value, provenance)`` rows; an undetermined property says why."""
    rows = []
    for label, field, cell, applies in PROPERTY_ROWS:
        derived = getattr(a, field)
        if not derived.known:
            rows.append((label, "undetermined", badge(derived)))
            continue
        if applies is not None and not applies(a):
            continue
        rows.append((label, cell(a), badge(derived)))
    return rows


def _definition(activation: Activation, a: Analysis) -> list[str]:
    spec = activation.spec
    lines = ["## Definition", "", f"$$ f(x) = {tex(spec.expr)} $$", ""]
    if a.pieces.known and not a.pieces.value.is_single and not spec.expr.has(sp.Piecewise):
        cases = as_piecewise(a.pieces.value)
        lines += [
            "By cases (with the parameters' values here):",
            "",
            f"$$ f(x) = {tex(cases)} $$",
            "",
        ]
    if spec.params:
        values = activation.param_values()
        rows = [
            (
                math(p.symbol),
                math(values[p.name]),
                p.description + (" (learnable)" if p.learnable else ""),
                ", ".join(f"`{api}`: {math(v)}" for api, v in p.framework_defaults.items()) or "—",
            )
            for p in spec.params
        ]
        lines += table(rows, ("parameter", "value here", "meaning", "framework defaults"))
        lines.append("")
    if spec.aliases:
        lines += ["Also known as " + ", ".join(f"`{n}`" for n in spec.aliases) + ".", ""]
    return lines


def plot_alt_text(spec: Spec, a: Analysis) -> str:
    """What the plot shows, for readers who cannot see it."""
    parts = [f"{spec.title}: f, f′ and f″ on [{spec.window[0]:g}, {spec.window[1]:g}]"]
    if a.dead_set.known and a.dead_set.value is not sp.S.EmptySet:
        parts.append("dead-gradient set shaded")
    if a.vanishing.known and any(a.vanishing.value.values()):
        parts.append("vanishing-gradient tails shaded")
    if a.kinks.known and a.kinks.value:
        parts.append("kinks marked")
    return "; ".join(parts)


def _derivatives(a: Analysis, steps: Steps | None) -> list[str]:
    lines = ["## Derivatives", ""]
    if steps is not None and steps.rules is not None:
        lines += [
            "Differentiating the definition (chain, product and quotient rules):",
            "",
            f"$$ f'(x) = {tex(steps.rules)} $$",
            "",
        ]
        if sp.srepr(steps.rules) != sp.srepr(steps.simplified):
            lines += ["which simplifies to", "", f"$$ f'(x) = {tex(steps.simplified)} $$", ""]
    elif a.derivative.known:
        lines += [
            "Each piece differentiated on its own segment; at a breakpoint the one-sided",
            "derivatives are compared (see *Not differentiable at* above):",
            "",
            f"$$ f'(x) = {tex(a.derivative.value)} $$",
            "",
        ]
    else:
        lines += [f"f′ undetermined: {a.derivative.reason}", ""]
    for relation in steps.relations if steps else ():
        where = " for x away from the breakpoints" if relation.almost_everywhere else ""
        if relation.kind == "in terms of f":
            lead = "In terms of f itself"
        else:
            lead = f"As another activation, [{relation.other}]({relation.other}.md)"
        lines += [
            f"{lead}{where} — proven by simplifying the difference to 0:",
            "",
            f"$$ f'(x) = {relation.tex} $$",
            "",
        ]
    if a.second_derivative.known:
        lines += [
            "The second derivative:",
            "",
            f"$$ f''(x) = {tex(a.second_derivative.value)} $$",
            "",
        ]
    return lines


def _evaluation(f: sp.Expr, at: sp.Expr) -> str:
    """``f(at) = value`` for the proof, the value evaluated exactly."""
    return f"f({tex(at)}) = {tex(sp.simplify(f.subs(x, at)))}"


def proof_lines(a: Analysis) -> list[str]:
    """The nonlinearity proof written out from the engine's witnesses."""
    if not a.nonlinearity.known:
        return [f"Undetermined: {a.nonlinearity.reason}"]
    proof = a.nonlinearity.value
    if proof.linear:
        c = tex(proof.slope)
        return [
            f"On all of ℝ, $f(x) = {c}\\,x$. Hence for all real $a, b, k$:",
            "",
            f"$$ f(a + b) = {c}(a + b) = f(a) + f(b), \\qquad f(k a) = {c}\\,k a = k f(a), $$",
            "",
            "so f is linear: stacking it between linear layers adds nothing.",
        ]
    lines = ["One counterexample to either law proves that f is not linear."]
    f = a.function
    if proof.additivity is not None:
        w = proof.additivity
        p, q = w.inputs["a"], w.inputs["b"]
        lines += [
            "",
            f"**Additivity** $f(a + b) = f(a) + f(b)$ fails at $a = {tex(p)}$, $b = {tex(q)}$:",
            "",
            f"$$ {_evaluation(f, p + q)}, \\quad {_evaluation(f, p)}, \\quad "
            f"{_evaluation(f, q)}, $$",
            "",
            f"$$ f({tex(p)} + ({tex(q)})) = {tex(w.lhs)} \\neq {tex(w.rhs)} = "
            f"f({tex(p)}) + f({tex(q)}). $$",
        ]
    if proof.homogeneity is not None:
        w = proof.homogeneity
        k, p = w.inputs["k"], w.inputs["a"]
        lines += [
            "",
            f"**Homogeneity** $f(k a) = k f(a)$ fails at $k = {tex(k)}$, $a = {tex(p)}$:",
            "",
            f"$$ {_evaluation(f, k * p)}, \\quad {_evaluation(f, p)}, $$",
            "",
            f"$$ f({tex(k)} \\cdot {tex(p)}) = {tex(w.lhs)} \\neq {tex(w.rhs)} = "
            f"{tex(k)} \\cdot f({tex(p)}). $$",
        ]
    if proof.positively_homogeneous:
        lines += [
            "",
            "It keeps part of the structure: f is *positively homogeneous*, $f(kx) = k f(x)$",
            "for all $k > 0$ (each piece is a multiple of x and the only breakpoint is 0).",
        ]
    return lines


def _code(language: str, lines: Iterable[str]) -> list[str]:
    return [f"    ```{language}", *(f"    {line}" for line in lines), "    ```"]


def _snippet(name: str) -> str | None:
    """A line of code calling the API ``name`` on a tensor ``x`` with its defaults."""
    head, _, last = name.rpartition(".")
    if head == "keras.activations":
        return f'keras.layers.Dense(64, activation="{last}")'
    if head == "keras.layers":
        return f"keras.layers.{last}()"
    if head == "torch.nn" and last[:1].isupper():
        return f"torch.nn.{last}()(x)"
    if head in ("torch.nn.functional", "jax.nn", "keras.ops", "torch", "jax.numpy"):
        return None if last == "heaviside" else f"{name}(x)"
    return None


def usage_lines(spec: Spec) -> list[str]:
    """Content tabs with each framework's API names, a call with defaults, and notes."""
    lines: list[str] = []
    for api in spec.frameworks:
        title = FRAMEWORK_TITLES[api.framework]
        code = [s for s in (_snippet(n) for n in api.names) if s]
        if api.framework == "keras":
            code += [
                f'keras.layers.Activation("{n.rpartition(".")[2]}")'
                for n in api.names
                if n.startswith("keras.activations.")
            ]
        lines += [f'=== "{title}"', ""]
        lines += ["    " + ", ".join(f"`{n}`" for n in api.names), ""]
        if api.note:
            lines += [f"    {api.note}", ""]
        if code:
            lines += [*_code("python", code), ""]
    missing = [
        FRAMEWORK_TITLES[f] for f in FRAMEWORKS if f not in {a.framework for a in spec.frameworks}
    ]
    if missing:
        lines += [f"Not shipped by {', '.join(missing)}.", ""]
    return lines


def activation_page(
    activation: Activation,
    a: Analysis,
    plot: str | None,
    steps: Steps | None = None,
    extra_sections: Iterable[str] = (),
) -> str:
    """The Markdown page of one activation."""
    spec = activation.spec
    lines = [f"# {spec.title}", "", spec.summary, ""]
    lines += _definition(activation, a)
    if plot:
        lines += [f"![{plot_alt_text(spec, a)}]({plot}){{ .symact-plot }}", ""]
    lines += ["## Properties", ""]
    lines += table(property_rows(a), ("property", "value", "provenance"))
    lines.append("")
    lines += _derivatives(a, steps)
    lines += ["## Nonlinearity", "", *proof_lines(a), ""]
    lines += ["## Strengths and drawbacks", ""]
    lines += [f"- {STRENGTH if t.good else DRAWBACK} {t.text}" for t in traits(a)]
    lines += ["", "## In the frameworks", "", *usage_lines(spec)]
    lines += list(extra_sections)
    if spec.references:
        lines += ["## References", ""]
        lines += [f"- {r.citation} <{r.url}>" for r in spec.references]
        lines.append("")
    return "\n".join(lines)
