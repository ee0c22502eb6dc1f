"""The site's navigation, from the catalog: activations grouped by family.

``mkdocs.yml`` names `docs/hooks.py`, whose ``on_config`` sets ``nav`` to `navigation`,
so a new catalog entry appears in the menu without editing the configuration.
"""

from __future__ import annotations

from typing import Any

from ..activation import get, names
from .overview import FAMILY_ORDER

PAGES_BEFORE: list[Any] = [
    {"Home": "index.md"},
    {"Overview": "overview.md"},
]
CONCEPTS: list[Any] = [
    {"Why nonlinearity": "concepts/nonlinearity.md"},
    {"Vanishing gradients": "concepts/vanishing-gradients.md"},
    {"Choosing an activation": "concepts/choosing.md"},
]
REFERENCE: list[Any] = [
    {"Python API": "api.md"},
    {"JSON export schema": "export-schema.md"},
]


def _by_family() -> list[Any]:
    grouped: dict[str, list[Any]] = {}
    for name in names():
        spec = get(name).spec
        grouped.setdefault(spec.family, []).append({spec.title: f"activations/{name}.md"})
    rank = {family: i for i, family in enumerate(FAMILY_ORDER)}
    ordered = sorted(grouped.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))
    return [{family.capitalize(): pages} for family, pages in ordered]


def navigation(extra_reference: list[Any] | None = None) -> list[Any]:
    """The ``nav`` of ``mkdocs.yml``: home, overview, activations by family, concepts,
    reference."""
    return [
        *PAGES_BEFORE,
        {"Activations": _by_family()},
        {"Concepts": CONCEPTS},
        {"Reference": [*REFERENCE, *(extra_reference or [])]},
    ]
