"""The page of one activation: definition, plot, derived properties, proofs, usage.

Every statement on the page is read off the `symact.analysis.Analysis` (or the
derivation of f′ in `symact.derivation`); the catalog contributes only names,
parameters, framework APIs and references.
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp

from ..activation import Activation
from ..analysis import Analysis
from ..budget import BudgetExceeded, time_budget
from ..catalog import FRAMEWORKS, Spec
from ..derivation import Steps
from ..derived import SHOWN
from ..pieces import as_piecewise
from ..symbols import x
from .markup import CONSTANT_DIGITS, PageWriter, approx, badge, math, table, tex
from .traits import traits

STRENGTH = ':material-check-circle:{ .symact-strength title="strength" }'
DRAWBACK = ':material-alert:{ .symact-drawback title="drawback" }'
"""Inline SVG icons (Material's emoji extension): no emoji font needed in the browser."""

FRAMEWORK_TITLES = {"keras": "Keras", "pytorch": "PyTorch", "jax": "JAX"}

WRITER = PageWriter()


def property_rows(a: Analysis) -> list[tuple[str, str, str]]:
    """``(property, value, provenance)`` rows, one per row of each property record
    (`symact.derived`), the label linked to the record's concept page; an undetermined
    property says why."""
    rows = []
    for prop in SHOWN:
        if not prop.stored:
            continue
        derived = getattr(a, prop.name)
        for row in prop.rows:
            if not row.page:
                continue
            label = f"[{row.label}](../{prop.concept})" if prop.concept else row.label
            if not derived.known:
                rows.append((label, "undetermined", badge(derived)))
            elif row.applies is None or row.applies(a):
                rows.append((label, row.cell(a, WRITER), badge(derived)))
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


def _near_origin(a: Analysis) -> list[str]:
    if not a.taylor.known:
        return []
    taylor = a.taylor.value
    lines = ["## Near the origin", ""]
    order = sp.O(x**6)
    if taylor.series is not None:
        lines += ["The Taylor series at 0:", "", f"$$ f(x) = {tex(taylor.series + order)} $$", ""]
    elif taylor.left is not None and taylor.right is not None:
        lines += [
            "0 is a breakpoint; the one-sided expansions:",
            "",
            f"$$ f(x) = {tex(taylor.left + order)} \\quad (x < 0), \\qquad "
            f"f(x) = {tex(taylor.right + order)} \\quad (x > 0) $$",
            "",
        ]
    if taylor.identity_interval is not None:
        lines += [
            f"f is the identity within 1 % ($|f(x) - x| \\le |x|/100$) for "
            f"{math(taylor.identity_interval)} — the ends are roots of $f(x) - x = \\pm x/100$.",
            "",
        ]
    return lines


def initialization_lines(activation: Activation, a: Analysis) -> list[str]:
    """The variance- and gradient-preserving gains next to PyTorch's ``calculate_gain``."""
    from ..statistics import torch_gain

    lines = ["## Initialization", ""]
    lines += [
        "For Z ~ N(0, 1), scaling the weights by the forward gain $1/\\sqrt{E[f(Z)^2]}$ keeps "
        "the second moment of the signal through a layer, the backward gain "
        "$1/\\sqrt{E[f'(Z)^2]}$ that of the gradient:",
        "",
        f"- forward: {approx(a.gain_forward, a.gain_forward.value)}",
        f"- backward: {approx(a.gain_backward, a.gain_backward.value)}",
    ]
    torch = torch_gain(activation.name, activation.param_values())
    if torch is not None:
        lines.append(
            f"- PyTorch: `torch.nn.init.calculate_gain({torch.nonlinearity!r})` = "
            f"{math(torch.gain)} ≈ {sp.N(torch.gain, 6)}. {torch.explanation}"
        )
    lines.append("")
    return lines


def selu_constants_lines() -> list[str]:
    """SELU's α and λ derived from the self-normalising fixed point (`symact.selu`)."""
    from .. import selu

    derivation = selu.derivation()
    lines = ["## Where α and λ come from", ""]
    lines += [
        "Klambauer et al. chose α and λ so that a layer maps zero mean and unit variance to",
        "zero mean and unit variance. symact solves those equations symbolically:",
        "",
    ]
    for number, (text, expr) in enumerate(derivation.steps, start=1):
        lines += [f"{number}. {text}:", "", f"    $$ {tex(expr, exact=True)} $$", ""]
    lines += [
        f"Both agree with the published constants (α = {selu.LITERATURE_ALPHA}, "
        f"λ = {selu.LITERATURE_LAMBDA}) to {selu.DIGITS} digits, checked in the tests. "
        f"The Jacobian's eigenvalues are "
        + ", ".join(f"{e:.6g}" for e in derivation.eigenvalues)
        + f" and its spectral norm {derivation.spectral_norm:.6g}: the fixed point attracts.",
        "",
        f"Elsewhere on this page, values built from α₀₁ and λ₀₁ are shown to "
        f"{CONSTANT_DIGITS} digits; they are exact closed forms in the JSON export.",
        "",
    ]
    return lines


CONSTANTS_SECTIONS = {"symact.selu": selu_constants_lines}
"""The section that shows each derivation of constants (`Spec.constants_derivation`,
a module of symact) on the pages of the activations it serves."""


EVALUATION_SECONDS = 2.0
"""CPU budget for simplifying one value of f shown in the nonlinearity proof."""


def _evaluation(f: sp.Expr, at: sp.Expr) -> str:
    """``f(at) = value`` for the proof, the value evaluated exactly; left as written,
    f's formula at ``at``, if simplifying it takes longer than `EVALUATION_SECONDS` (a
    user's formula can make it arbitrarily costly)."""
    try:
        with time_budget(EVALUATION_SECONDS):
            return f"f({tex(at)}) = {tex(sp.simplify(f.subs(x, at)))}"
    except BudgetExceeded:  # SymPy evaluates e^c as it builds it: print it unevaluated
        with sp.evaluate(False):
            value = f.subs(x, at)
        return f"f({sp.latex(at)}) = {sp.latex(value, order='none')}"  # unordered: no evalf


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


def identity_sections(names: Iterable[str]) -> dict[str, list[str]]:
    """For each activation, an "Identities" section listing the relations proven about it
    (`symact.identities`), with the other activations linked."""
    from ..identities import identities_for

    present = set(names)
    sections: dict[str, list[str]] = {}
    for name in sorted(present):
        lines = []
        for proof in identities_for(name):
            peers = [p for p in proof.relation.concerns if p != name and p in present]
            links = ", ".join(f"[{p}]({p}.md)" for p in peers)
            also = f" (see also {links})" if links else ""
            lines.append(f"- {proof.summary()} — *{badge(proof.result)}*{also}")
        if lines:
            sections[name] = ["## Identities and approximations", "", *lines, ""]
    return sections


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
    lines += initialization_lines(activation, a)
    lines += _derivatives(a, steps)
    lines += _near_origin(a)
    if spec.constants_derivation:
        lines += CONSTANTS_SECTIONS[spec.constants_derivation]()
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
