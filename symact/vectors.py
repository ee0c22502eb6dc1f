"""The vector activations' analyses: each catalog record names its analyser.

A `symact.catalog_records.VectorSpec` names the function deriving its claims
(``analyser``, e.g. ``"symact.softmax:analyze_softmax"``); each lives in its own module
and returns a frozen dataclass whose fields are `symact.provenance.Derived` claims, one
each or one per size ``{n: Derived}``. Every claim is derived under its own time budget
(`symact.vector_claims.bounded`), as every property of a scalar analysis is, and whole
analyses are cached on disk (`symact.cache`) unless a claim ran out of time. The export
(`symact.export.vector_entry`) and the site (`symact.site.vector_page`) read the fields
without knowing which activation it is.
"""

from __future__ import annotations

import dataclasses
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any, get_type_hints

from . import cache
from .budget import DEFAULT_STEP_SECONDS
from .catalog import VECTOR_CATALOG
from .catalog_records import VectorSpec
from .provenance import Derived


def analyser(spec: VectorSpec) -> Callable[[float], Any]:
    """The function ``spec.analyser`` names: ``analyse(step_seconds)`` → its claims."""
    return pkgutil.resolve_name(spec.analyser)


CACHE_KIND = cache.Kind(
    "vector",
    Derived,
    *(get_type_hints(analyser(spec))["return"] for spec in VECTOR_CATALOG),
)
"""The cache entries of vector analyses: the dataclasses the catalog's analysers return,
holding `Derived` claims."""


def key_for(spec: VectorSpec, step_seconds: float) -> str:
    """The cache key of the analysis of ``spec`` with ``step_seconds`` per claim: its
    definition (name, formula, analyser; a vector activation has no parameters), the
    budget, the symact version and the engine's fingerprint (which covers the
    analysers' modules, `symact.cache.ENGINE_ROOTS`)."""
    definition = (spec.name, spec.formula_latex, spec.analyser)
    return cache.derivation_key("vector", *definition, repr(step_seconds))


def claims(analysis: Any) -> Iterator[Derived[Any]]:
    """Every claim of a vector analysis (its fields, and each size's of a per-size one)."""
    for field in dataclasses.fields(analysis):
        value = getattr(analysis, field.name)
        yield from value.values() if isinstance(value, dict) else (value,)


def ran_out_of_time(analysis: Any) -> bool:
    """True if a claim hit its time budget: such a result depends on the machine's load
    and is not cached (as for scalar analyses, `symact.analysis.analyze`)."""
    return any(
        claim.status == "undetermined" and "time budget" in (claim.reason or "")
        for claim in claims(analysis)
    )


def analyze_vector(spec: VectorSpec, step_seconds: float | None = None) -> Any:
    """The derived claims of the vector activation ``spec``, each within ``step_seconds``
    of CPU time (`DEFAULT_STEP_SECONDS` when None), from the disk cache when possible."""
    seconds = step_seconds or DEFAULT_STEP_SECONDS
    key = key_for(spec, seconds)
    found = cache.load(key, CACHE_KIND)
    if found is not None:
        return found
    result = analyser(spec)(seconds)
    if not ran_out_of_time(result):
        cache.store(key, CACHE_KIND, result)
    return result
