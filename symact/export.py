"""The machine-readable export: every derived property of every activation as JSON.

This is a public interface, documented in ``docs/export-schema.md``; keys are only ever
added. Each derived property writes its own keys (`symact.registry.Property.export`,
in the value forms of `symact.jsonform`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import sympy as sp

from .activation import Activation, VectorActivation
from .analysis import Analysis, analyze_all
from .derived import BY_NAME, PROPERTIES
from .identities import identities_for
from .jsonform import value
from .provenance import Derived
from .statistics import torch_gain

SCHEMA_VERSION = 1


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
        if BY_NAME[name].in_provenance
    }


def entry(activation: Activation, analysis: Analysis) -> dict[str, Any]:
    """One activation in the export schema: what the catalog says of it, then the keys
    of every derived property (`symact.derived`), then its provenance."""
    spec = activation.spec
    document = {
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
        "function": sp.sstr(analysis.function),
        "identities": [proof.summary() for proof in identities_for(spec.name)],
        "gain": {"torch": _torch_gain(activation)},
    }
    for prop in PROPERTIES:
        if prop.export is not None:
            _merge(document, prop.export(analysis))
    document["provenance"] = provenance(analysis)
    return document


CATALOG_KEYS = (
    "name",
    "title",
    "kind",
    "aliases",
    "family",
    "params",
    "framework_defaults",
    "frameworks",
    "references",
    "expr",
    "latex",
    "function",
    "identities",
    "gain",
    "provenance",
)
"""The keys of a scalar entry that are not a derived property's (``gain`` holds both:
PyTorch's gain next to the derived ones)."""


def _merge(document: dict[str, Any], keys: dict[str, Any]) -> None:
    """Add a property's keys; an object shared by several (``gaussian``) gains members."""
    for key, found in keys.items():
        if isinstance(found, dict) and isinstance(document.get(key), dict):
            document[key].update(found)
        else:
            document[key] = found


def _torch_gain(activation: Activation) -> dict[str, Any] | None:
    torch = torch_gain(activation.name, activation.param_values())
    if torch is None:
        return None
    return {
        "nonlinearity": torch.nonlinearity,
        "gain": value(torch.gain),
        "explanation": torch.explanation,
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
