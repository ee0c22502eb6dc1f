"""The site's navigation: activations grouped by family, from the generated pages.

Each generated activation page starts with front matter naming its family and its
position in the build (`front_matter`); ``mkdocs.yml`` names ``docs/hooks.py``, whose
``on_config`` sets ``nav`` to `navigation` of the pages present. A new catalog entry,
or a user's own activation, appears in the menu without editing the configuration,
and a partial build never points the menu at a page it did not write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..activation import Activation, VectorActivation
from .markup import family_title
from .overview import FAMILY_ORDER

HOME: list[Any] = [
    {"Home": "index.md"},
    {"Overview": "overview.md"},
    {"Framework differences": "frameworks.md"},
]
CONCEPTS: list[Any] = [
    {"Why nonlinearity": "concepts/nonlinearity.md"},
    {"Vanishing gradients": "concepts/vanishing-gradients.md"},
    {"Choosing an activation": "concepts/choosing.md"},
]
REFERENCE: list[Any] = [
    {"Python API": "api.md"},
    {"JSON export schema": "export-schema.md"},
    {"Formula grammar": "grammar.md"},
    {"Your own activations": "user-activations.md"},
    {"Numerical accuracy": "numerics.md"},
]


def front_matter(activation: Activation | VectorActivation, order: int) -> str:
    """The YAML front matter of a generated activation page."""
    spec = activation.spec
    return f"---\ntitle: {spec.title!r}\nfamily: {spec.family}\norder: {order}\n---\n\n"


def _read_front_matter(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != "---":
        return {}
    fields = {}
    for line in lines[1:]:
        if line == "---":
            break
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip().strip("'\"")
    return fields


def activations_by_family(docs: Path) -> list[Any]:
    """``[{family: [{title: path}, …]}, …]`` for the generated pages under ``docs``."""
    grouped: dict[str, list[tuple[int, str, str]]] = {}
    for path in sorted((docs / "activations").glob("*.md")):
        fields = _read_front_matter(path)
        family = fields.get("family", "other")
        entry = (int(fields.get("order", 0)), fields.get("title", path.stem), path.name)
        grouped.setdefault(family, []).append(entry)
    rank = {family: i for i, family in enumerate(FAMILY_ORDER)}
    rank["vector"] = len(rank) + 1

    def position(family: str) -> tuple[int, str]:
        return (rank.get(family, len(FAMILY_ORDER)), family)

    ordered = sorted(grouped.items(), key=lambda kv: position(kv[0]))
    return [
        {family_title(family): [{title: f"activations/{name}"} for _, title, name in sorted(pages)]}
        for family, pages in ordered
    ]


def navigation(docs: Path) -> list[Any]:
    """The ``nav`` of ``mkdocs.yml``: home, overview, activations by family, concepts,
    reference (pages that are not there are left out)."""

    def present(entries: list[Any]) -> list[Any]:
        return [e for e in entries if (docs / next(iter(e.values()))).exists()]

    sections = [
        *present(HOME),
        {"Activations": activations_by_family(docs)},
        {"Concepts": present(CONCEPTS)},
        {"Reference": present(REFERENCE)},
    ]
    return [s for s in sections if not isinstance(s, dict) or next(iter(s.values())) != []]
