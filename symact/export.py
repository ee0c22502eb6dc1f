"""The machine-readable export: every derived property of every activation as JSON.

This is a public interface, documented in ``docs/export-schema.md``; keys are only ever
added. A *value* is ``{"exact": str | None, "approx": float | None}`` where ``exact``
is SymPy-parsable text and ``approx`` a float (``None`` for ±∞, whose exact text is
``"oo"`` / ``"-oo"``). A *range end* is a value plus ``"closed": bool``.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from typing import Any

import sympy as sp

from .activation import Activation, VectorActivation
from .analysis import Analysis, analyze_all
from .identities import identities_for
from .provenance import Derived
from .statistics import torch_gain

SCHEMA_VERSION = 1


def value(expr: sp.Expr | sp.Set | None, exact: bool = True) -> dict[str, Any] | None:
    """An expression in the export's value form; ``exact=False`` keeps only ``approx``.

    A set (ReLU's minimum is attained on all of (-oo, 0]) has its text in ``exact`` and
    ``approx`` null.
    """
    if expr is None:
        return None
    if isinstance(expr, sp.Set):
        return {"exact": sp.sstr(expr), "approx": None}
    if expr in (sp.oo, -sp.oo):
        return {"exact": sp.sstr(expr), "approx": None}
    approx = float(sp.N(expr, 20)) if expr.is_number else None
    if approx is not None and not math.isfinite(approx):
        approx = None
    return {"exact": sp.sstr(expr) if exact else None, "approx": approx}


def _known(derived: Derived[Any]) -> bool:
    return derived.status != "undetermined"


def _value_of(derived: Derived[Any], expr: sp.Expr | None) -> dict[str, Any] | None:
    return value(expr, exact=derived.status == "exact")


def _range_end(derived: Derived[Any], end: Any) -> dict[str, Any]:
    return {**value(end.value, exact=end.status == "exact"), "closed": end.closed}


def _where(items: tuple[Any, ...]) -> list[str]:
    return [sp.sstr(item) for item in items]


def provenance(analysis: Analysis) -> dict[str, dict[str, Any]]:
    """Property name → ``{"status", "bound", "method", "reason"}``."""
    return {
        name: {
            "status": derived.status,
            "bound": derived.bound,
            "method": derived.method,
            "reason": derived.reason,
        }
        for name, derived in analysis.properties().items()
        if name != "pieces"
    }


def _image(derived: Derived[Any]) -> dict[str, Any] | None:
    if not _known(derived):
        return None
    image = derived.value
    return {
        "lower": _range_end(derived, image.lower),
        "upper": _range_end(derived, image.upper),
        "set": sp.sstr(image.set),
    }


def _limits(derived: Derived[Any]) -> dict[str, Any] | None:
    if not _known(derived):
        return None
    return {
        which: {side: value(v) for side, v in sides.items()}
        for which, sides in derived.value.items()
    }


def _proof(derived: Derived[Any]) -> dict[str, Any] | None:
    if not _known(derived):
        return None
    proof = derived.value

    def witness(w: Any) -> dict[str, Any] | None:
        if w is None:
            return None
        return {
            "law": w.law,
            "inputs": {k: sp.sstr(v) for k, v in w.inputs.items()},
            "lhs": value(w.lhs),
            "rhs": value(w.rhs),
            "statement": w.statement,
        }

    return {
        "linear": proof.linear,
        "slope": value(proof.slope),
        "additivity": witness(proof.additivity),
        "homogeneity": witness(proof.homogeneity),
        "positively_homogeneous": proof.positively_homogeneous,
        "explanation": proof.explanation,
    }


def _continuity(derived: Derived[Any]) -> int | str | None:
    if not _known(derived):
        return None
    k = derived.value.k
    return "inf" if k == sp.oo else int(k)


def entry(activation: Activation, analysis: Analysis) -> dict[str, Any]:
    """One activation in the export schema."""
    a = analysis
    spec = activation.spec
    known = _known
    return {
        "name": spec.name,
        "title": spec.title,
        "kind": "scalar",
        "aliases": list(spec.aliases),
        "family": spec.family,
        "params": {name: sp.sstr(v) for name, v in activation.param_values().items()},
        "framework_defaults": {
            p.name: {api: sp.sstr(v) for api, v in p.framework_defaults.items()}
            for p in spec.params
            if p.framework_defaults
        },
        "frameworks": _frameworks(activation),
        "references": [{"citation": r.citation, "url": r.url} for r in spec.references],
        "expr": sp.sstr(spec.expr),
        "latex": sp.latex(spec.expr),
        "function": sp.sstr(a.function),
        "derivative": sp.sstr(a.derivative.value) if known(a.derivative) else None,
        "second_derivative": (
            sp.sstr(a.second_derivative.value) if known(a.second_derivative) else None
        ),
        "range": _image(a.range),
        "argmin": _value_of(a.argmin, a.argmin.value) if known(a.argmin) else None,
        "f0": value(a.f0.value) if known(a.f0) else None,
        "df0": value(a.df0.value) if known(a.df0) else None,
        "gradient_range": _image(a.gradient_range),
        "max_gradient": (
            {
                **_value_of(a.max_gradient, a.max_gradient.value.value),
                "attained": a.max_gradient.value.attained,
                "where": _where(a.max_gradient.value.where),
            }
            if known(a.max_gradient)
            else None
        ),
        "lipschitz": _value_of(a.lipschitz, a.lipschitz.value) if known(a.lipschitz) else None,
        "limits": _limits(a.limits),
        "dead_gradient_set": sp.sstr(a.dead_set.value) if known(a.dead_set) else None,
        "vanishing_gradient": a.vanishing.value if known(a.vanishing) else None,
        "monotonic": a.monotonic.value.kind if known(a.monotonic) else None,
        "monotonic_intervals": (
            [[sp.sstr(i), d] for i, d in a.monotonic.value.intervals]
            if known(a.monotonic)
            else None
        ),
        "continuity": _continuity(a.continuity),
        "nondifferentiable_at": ([value(k.at) for k in a.kinks.value] if known(a.kinks) else None),
        "one_sided_derivatives": (
            [
                {"at": value(k.at), "left": value(k.left), "right": value(k.right)}
                for k in a.kinks.value
            ]
            if known(a.kinks)
            else None
        ),
        "odd": a.odd.value.holds if known(a.odd) else None,
        "even": a.even.value.holds if known(a.even) else None,
        "gaussian_mean": (
            _value_of(a.gaussian_mean, a.gaussian_mean.value) if known(a.gaussian_mean) else None
        ),
        "identity_near_origin": (
            a.identity_near_origin.value if known(a.identity_near_origin) else None
        ),
        "bounded": a.bounded.value if known(a.bounded) else None,
        "linear": a.nonlinearity.value.linear if known(a.nonlinearity) else None,
        "nonlinearity_proof": _proof(a.nonlinearity),
        "gaussian": {
            key: _derived_value(getattr(a, field)) for key, field in _GAUSSIAN_FIELDS.items()
        },
        "gain": _gain(activation, a),
        "identities": [proof.summary() for proof in identities_for(spec.name)],
        "taylor": _taylor(a.taylor),
        "convex": _convex(a.convexity),
        "inverse": sp.sstr(a.inverse.value)
        if known(a.inverse) and a.inverse.value is not None
        else None,
        "derivative_monotonic": (a.convexity.value.derivative.kind if known(a.convexity) else None),
        "derivative_lipschitz": _derived_value(a.derivative_lipschitz),
        "positively_homogeneous": (
            a.nonlinearity.value.positively_homogeneous if known(a.nonlinearity) else None
        ),
        "self_gating": (
            {
                "gated": a.self_gating.value.is_gated,
                "gate": sp.sstr(a.self_gating.value.gate)
                if a.self_gating.value.gate is not None
                else None,
            }
            if known(a.self_gating)
            else None
        ),
        "saturation": (
            {
                side: {"kind": s.kind, "rate": value(s.rate)}
                for side, s in a.saturation.value.items()
            }
            if known(a.saturation)
            else None
        ),
        "provenance": provenance(a),
    }


def _taylor(derived: Derived[Any]) -> dict[str, Any] | None:
    if not _known(derived):
        return None
    t = derived.value

    def text(expr: sp.Expr | None) -> str | None:
        return sp.sstr(expr) if expr is not None else None

    interval = t.identity_interval
    return {
        "order": 5,
        "series": text(t.series),
        "left": text(t.left),
        "right": text(t.right),
        "identity_interval": (
            {
                "lower": value(interval.start, exact=derived.status == "exact"),
                "upper": value(interval.end, exact=derived.status == "exact"),
                "tolerance": "1/100",
            }
            if interval is not None
            else None
        ),
    }


def _convex(derived: Derived[Any]) -> dict[str, Any] | None:
    if not _known(derived):
        return None
    c = derived.value
    return {"kind": c.kind, "intervals": [[sp.sstr(i), k] for i, k in c.intervals]}


_GAUSSIAN_FIELDS = {
    "mean": "gaussian_mean",
    "second_moment": "gaussian_second_moment",
    "variance": "gaussian_variance",
    "grad_mean": "gaussian_grad_mean",
    "grad_second_moment": "gaussian_grad_second_moment",
}


def _derived_value(derived: Derived[Any]) -> dict[str, Any] | None:
    return _value_of(derived, derived.value) if _known(derived) else None


def _gain(activation: Activation, a: Analysis) -> dict[str, Any]:
    torch = torch_gain(activation.name, activation.param_values())
    return {
        "forward": _derived_value(a.gain_forward),
        "backward": _derived_value(a.gain_backward),
        "torch": (
            {
                "nonlinearity": torch.nonlinearity,
                "gain": value(torch.gain),
                "explanation": torch.explanation,
            }
            if torch
            else None
        ),
    }


_FRAMEWORK_PREFIXES = {"keras": ("keras.", "tf."), "pytorch": ("torch.",), "jax": ("jax.",)}


def _frameworks(activation: Activation) -> dict[str, Any]:
    """Per framework: its API names, the note, and its parameter defaults (the framework's
    own where the catalog records one, else symact's default)."""
    spec = activation.spec
    result = {}
    for api in spec.frameworks:
        prefixes = _FRAMEWORK_PREFIXES.get(api.framework, (api.framework + ".",))
        defaults = {}
        for p in spec.params:
            own = [v for k, v in p.framework_defaults.items() if k.startswith(prefixes)]
            defaults[p.name] = sp.sstr(own[0] if own else p.default)
        result[api.framework] = {"names": list(api.names), "note": api.note, "defaults": defaults}
    return result


def _claim(derived: Derived[Any], kind: str) -> dict[str, Any]:
    """One claim: ``{kind: value, "status", "reason"}`` (kind ``holds``, ``matrix`` or
    ``value``; matrices and expressions as SymPy strings, null when undetermined)."""
    value = derived.value if derived.known else None
    if kind != "holds" and value is not None:
        value = sp.sstr(value)
    return {kind: value, "status": derived.status, "reason": derived.reason}


def _claim_kind(annotation: object) -> str:
    text = str(annotation)
    if "Matrix" in text:
        return "matrix"
    return "holds" if "bool" in text else "value"


def _claims(analysis: Any) -> dict[str, Any]:
    """Every field of a vector analysis: one claim, or ``{str(n): claim}`` per size."""
    result = {}
    for field in dataclasses.fields(analysis):
        kind, found = _claim_kind(field.type), getattr(analysis, field.name)
        if isinstance(found, dict):
            result[field.name] = {str(n): _claim(d, kind) for n, d in found.items()}
        else:
            result[field.name] = _claim(found, kind)
    return result


def vector_entry(activation: VectorActivation, analysis: Any) -> dict[str, Any]:
    """A vector activation in the export: what it shares with the others, then its derived
    claims (the fields of its analysis, `symact.vectors`), per size where per size."""
    spec = activation.spec
    frameworks = {
        api.framework: {"names": list(api.names), "note": api.note} for api in spec.frameworks
    }
    if spec.elsewhere:
        frameworks["tensorflow"] = {"names": list(spec.elsewhere), "note": ""}
    return {
        "name": spec.name,
        "title": spec.title,
        "kind": "vector",
        "aliases": list(spec.aliases),
        "family": spec.family,
        "params": {},
        "frameworks": frameworks,
        "references": [{"citation": r.citation, "url": r.url} for r in spec.references],
        "latex": spec.formula_latex,
        "signature": spec.signature,
        "range": {"set": spec.range_set},
        **_claims(analysis),
        "identities": [proof.summary() for proof in identities_for(spec.name)],
    }


def export(
    activations: list[Activation],
    processes: int | None = None,
    vectors: list[VectorActivation] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The whole export document: ``activations`` (scalar), then ``vectors`` (softmax, …).

    ``progress(name)`` is called as each scalar activation's analysis finishes, then as
    each entry is written (scalar and vector): ``2·len(activations) + len(vectors)``
    calls in all.
    """
    from . import __version__

    tick = progress or (lambda name: None)
    analyses = analyze_all(activations, processes=processes, progress=lambda a, _: tick(a.name))
    items = []
    for activation, analysis in zip(activations, analyses, strict=True):
        items.append(entry(activation, analysis))
        tick(activation.name)
    for vector in vectors or []:
        items.append(vector_entry(vector, vector.analyze()))
        tick(vector.name)
    return {
        "schema_version": SCHEMA_VERSION,
        "symact_version": __version__,
        "activations": items,
    }


def to_json(document: dict[str, Any]) -> str:
    """Deterministic JSON text (sorted keys, two-space indent)."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
