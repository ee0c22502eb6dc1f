r"""A researcher's own activations, declared in a small TOML file.

Each ``[[activation]]`` table declares one activation: its ``name`` and ``formula``
(read by `symact.parse`, never evaluated), and optionally its ``parameters`` with
default values, ``family``, ``title``, ``summary``, plot ``window`` and
``references``. `load` turns the file into `symact.activation.Activation` objects,
analysed and documented exactly like the catalog's (``symact docs build --extra``).

```toml
[[activation]]
name = "penalized_tanh"
title = "Penalized tanh"
formula = "where(x > 0, tanh(x), a*tanh(x))"
family = "custom"
parameters = { a = 0.25 }            # or { a = { default = 0.25, description = "…" } }
window = [-4, 4]
references = [
  { citation = "Xu, Huang, Li 2016, Revise saturated activation functions",
    url = "https://arxiv.org/abs/1602.05980" },
]
```

Parameter values may be numbers or formulas without ``x`` (``"1/3"``, ``"pi/4"``),
read exactly like the formula.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import sympy as sp

from .activation import Activation, InvalidDefinition, define
from .catalog import Reference
from .parse import parse

KEYS = frozenset(
    {"name", "formula", "parameters", "family", "title", "summary", "window", "references"}
)
"""The keys an ``[[activation]]`` table may have (anything else is a typo, refused)."""

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")


def load(path: Path | str, taken: set[str] | frozenset[str] = frozenset()) -> list[Activation]:
    """The activations declared in the TOML file ``path``.

    Args:
        path: The file.
        taken: Names already in use (the catalog's), which a declaration may not reuse.

    Raises:
        InvalidDefinition: unreadable TOML, a missing or unknown key, a formula outside
            the grammar, a parameter that is not a number; the message names the file and
            the activation.
    """
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidDefinition(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidDefinition(f"{path}: not valid TOML: {error}") from None
    tables = document.get("activation")
    if not isinstance(tables, list) or not tables:
        raise InvalidDefinition(f"{path}: declares no [[activation]] table")
    activations: list[Activation] = []
    used = {name.lower() for name in taken}
    for number, table in enumerate(tables, start=1):
        where = f"{path}: activation {table.get('name', f'#{number}')!r}"
        try:
            activation = from_table(table)
        except InvalidDefinition as error:
            raise InvalidDefinition(f"{where}: {error}") from None
        if activation.name.lower() in used:
            raise InvalidDefinition(f"{where}: the name is already taken")
        used.add(activation.name.lower())
        activations.append(activation)
    return activations


def from_table(table: dict[str, Any]) -> Activation:
    """One ``[[activation]]`` table as an `Activation` (see the module's example)."""
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise InvalidDefinition(f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(KEYS))})")
    name, formula = _text(table, "name", required=True), _text(table, "formula", required=True)
    if not _NAME.fullmatch(name):
        raise InvalidDefinition(f"name {name!r} is not a plain identifier (letters, digits, _)")
    defaults, descriptions = _parameters(table.get("parameters", {}))
    activation = define(
        name,
        formula,
        params=defaults,
        family=_text(table, "family") or "custom",
        title=_text(table, "title") or name,
    )
    spec = activation.spec
    params = tuple(
        replace(p, description=descriptions[p.name]) if p.name in descriptions else p
        for p in spec.params
    )
    spec = replace(
        spec,
        params=params,
        summary=_text(table, "summary") or "",
        window=_window(table.get("window", spec.window)),
        references=_references(table.get("references", [])),
    )
    return replace(activation, spec=spec)


def _text(table: dict[str, Any], key: str, required: bool = False) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise InvalidDefinition(f"missing {key!r}")
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidDefinition(f"{key!r} must be a non-empty string")
    return value.strip()


def _number(name: str, value: Any) -> sp.Expr:
    """A parameter value: a TOML number, or a formula without x read exactly."""
    if isinstance(value, bool):
        raise InvalidDefinition(f"parameter {name!r} must be a number, got {value!r}")
    if isinstance(value, int | float):
        return sp.Rational(str(value)) if isinstance(value, float) else sp.Integer(value)
    if isinstance(value, str):
        number = parse(value)
        if number.free_symbols:
            raise InvalidDefinition(f"parameter {name!r}: {value!r} is not a constant")
        return number
    raise InvalidDefinition(f"parameter {name!r} must be a number, got {type(value).__name__}")


def _parameters(table: Any) -> tuple[dict[str, sp.Expr], dict[str, str]]:
    if not isinstance(table, dict):
        raise InvalidDefinition("'parameters' must be a table of name = default")
    defaults, descriptions = {}, {}
    for name, spec in table.items():
        if isinstance(spec, dict):
            extra = sorted(set(spec) - {"default", "description"})
            if extra or "default" not in spec:
                raise InvalidDefinition(
                    f'parameter {name!r}: expected {{ default = …, description = "…" }}'
                )
            if "description" in spec:
                descriptions[name] = str(spec["description"])
            spec = spec["default"]
        defaults[name] = _number(name, spec)
    return defaults, descriptions


def _window(value: Any) -> tuple[float, float]:
    valid = (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and value[0] < value[1]
    )
    if not valid:
        raise InvalidDefinition(f"'window' must be [low, high] with low < high, got {value!r}")
    return (float(value[0]), float(value[1]))


def _references(items: Any) -> tuple[Reference, ...]:
    if not isinstance(items, list):
        raise InvalidDefinition("'references' must be a list of { citation, url } tables")
    references = []
    for item in items:
        if not (isinstance(item, dict) and isinstance(item.get("citation"), str)):
            raise InvalidDefinition("each reference needs a 'citation' string (and a 'url')")
        url = item.get("url", "")
        if not isinstance(url, str) or (url and not url.startswith(("https://", "http://"))):
            raise InvalidDefinition(f"reference url {url!r} is not an http(s) address")
        references.append(Reference(item["citation"], url))
    return tuple(references)
