"""The "Framework differences" page: every activation's name and defaults in Keras,
PyTorch and JAX, with the disagreements found in the catalog, not typed in.

Two kinds of disagreement are read off the catalog:

* a parameter whose ``framework_defaults`` hold more than one value (leaky ReLU's slope:
  0.01, 0.2 or 0.3 depending on the API);
* one API name that serves several catalog activations (``jax.nn.gelu`` is the exact
  GELU with ``approximate=False`` and the tanh form by default).
"""

from __future__ import annotations

from collections import defaultdict

from ..catalog import CATALOG, FRAMEWORKS, FrameworkAPI, Spec
from .markup import math, table

TITLES = {"keras": "Keras", "pytorch": "PyTorch", "jax": "JAX"}


def _link(spec: Spec) -> str:
    return f"[{spec.title}](activations/{spec.name}.md)"


def _arguments(api: FrameworkAPI) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in api.arguments)


def _api_cell(spec: Spec, framework: str) -> str:
    apis = [api for api in spec.frameworks if api.framework == framework]
    if not apis:
        return "—"
    parts = []
    for api in apis:
        names = "<br>".join(f"`{name}`" for name in api.names)
        note = f"<br><small>{api.note}</small>" if api.note else ""
        parts.append(names + note)
    return "<br>".join(parts)


def default_disagreements(specs: tuple[Spec, ...] = CATALOG) -> list[tuple[str, ...]]:
    """Rows ``(activation, parameter, API → default, …)`` for parameters whose default
    differs between framework APIs."""
    rows = []
    for spec in specs:
        for param in spec.params:
            values = param.framework_defaults
            if len(set(values.values())) < 2:
                continue
            by_value: dict[str, list[str]] = defaultdict(list)
            for api, value in sorted(values.items()):
                by_value[math(value)].append(f"`{api}`")
            cells = "<br>".join(f"{v}: {', '.join(apis)}" for v, apis in sorted(by_value.items()))
            rows.append((_link(spec), f"`{param.name}` ({param.description})", cells))
    return rows


def shared_names(specs: tuple[Spec, ...] = CATALOG) -> list[tuple[str, ...]]:
    """Rows ``(API name, activation [arguments], …)`` for API names that stand for more
    than one catalog activation (chosen by keyword arguments)."""
    users: dict[str, list[str]] = defaultdict(list)
    for spec in specs:
        for api in spec.frameworks:
            for name in api.names:
                arguments = _arguments(api)
                users[name].append(_link(spec) + (f" with `{arguments}`" if arguments else ""))
    return [
        (f"`{name}`", "<br>".join(sorted(set(found))))
        for name, found in sorted(users.items())
        if len(set(found)) > 1
    ]


def coverage_rows(specs: tuple[Spec, ...] = CATALOG) -> list[tuple[str, ...]]:
    """One row per activation: its API names and notes in each framework."""
    return [
        (_link(spec), *(_api_cell(spec, framework) for framework in FRAMEWORKS))
        for spec in sorted(specs, key=lambda s: s.name)
        if spec.family != "vector" or spec.frameworks
    ]


def frameworks_page(specs: tuple[Spec, ...] = CATALOG) -> str:
    """The Markdown of the page."""
    shipped = {
        fw: sum(any(a.framework == fw for a in s.frameworks) for s in specs) for fw in FRAMEWORKS
    }
    counts = ", ".join(f"{TITLES[fw]} {n}" for fw, n in shipped.items())
    lines = [
        "# Framework differences",
        "",
        "The same activation is not always the same function, nor has the same defaults, "
        "in Keras 3, PyTorch 2.13 and JAX 0.10. This page is generated from symact's "
        "catalog, where each activation is defined once and each framework's API names and "
        "defaults are recorded; `tests/test_frameworks.py` evaluates PyTorch's functions "
        "(values and gradients, kinks included) against symact's definitions under "
        "PyTorch's defaults.",
        "",
        f"Activations shipped, of {len(specs)} in the catalog: {counts}.",
        "",
        "## Defaults that disagree",
        "",
    ]
    disagreements = default_disagreements(specs)
    lines += table(disagreements, ("activation", "parameter", "default: APIs"))
    lines += [
        "",
        "## One name, several functions",
        "",
        "These API names compute different catalog activations depending on a keyword "
        "argument; the bare call gives the one listed without arguments or as the default.",
        "",
    ]
    lines += table(shared_names(specs), ("API", "activations"))
    lines += ["", "## Every activation in every framework", ""]
    lines += table(coverage_rows(specs), ("activation", *(TITLES[fw] for fw in FRAMEWORKS)))
    lines.append("")
    return "\n".join(lines)
