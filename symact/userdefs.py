r"""A researcher's own activations, declared in a small TOML file.

Each ``[[activation]]`` table declares one activation: its ``name`` and ``formula``
(read by `symact.parse`, never evaluated), and optionally its ``parameters`` with
default values, ``family``, ``title``, ``summary``, plot ``window`` and
``references``. `load` turns the file into `symact.activation.Activation` objects,
analysed and documented exactly like the catalog's (``symact docs build --extra``).
The format, with a complete example, is described on the site's page "Your own
activations" (``docs/user-activations.md``); in short:

```toml
[[activation]]
name = "penalized_tanh"
formula = "where(x > 0, tanh(x), a*tanh(x))"
parameters = { a = 0.25 }    # or { a = { default = 0.25, description = "…" } }
window = [-4, 4]
```

Parameter values may be finite numbers or formulas without ``x`` (``"1/3"``,
``"pi/4"``), read exactly like the formula. Every mistake (a missing or misspelt key, a
value of the wrong type, ``nan`` or ``inf``, a name the catalog already uses, a name
declared twice, a parameter the formula does not use) is an `InvalidDefinition` naming
the file, the activation and the problem.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import sympy as sp

from .activation import Activation, InvalidDefinition, UnknownActivation, define, get
from .catalog import Reference
from .parse import parse

KEYS = frozenset(
    {"name", "formula", "parameters", "family", "title", "summary", "window", "references"}
)
"""The keys an ``[[activation]]`` table may have (anything else is a typo, refused)."""

REFERENCE_KEYS = frozenset({"citation", "url"})
"""The keys of one ``references`` entry."""

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
_FAMILY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,39}")
"""A family is a short label (it becomes a menu heading and a file name)."""


def load(path: Path | str, taken: set[str] | frozenset[str] = frozenset()) -> list[Activation]:
    """The activations declared in the TOML file ``path``.

    Args:
        path: The file.
        taken: Further names a declaration may not reuse (the catalog's names and
            aliases are always refused).

    Raises:
        InvalidDefinition: unreadable TOML, a missing or unknown key, a value of the wrong
            type, a formula outside the grammar, a parameter that is not a finite number
            or that the formula does not use, a name of the catalog's or declared twice;
            the message names the file and the activation.
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
    others = sorted(set(document) - {"activation"})
    if others:
        raise InvalidDefinition(f"{path}: unknown key {others[0]!r} (only [[activation]] tables)")
    activations: list[Activation] = []
    used = {name.lower() for name in taken}
    for number, table in enumerate(tables, start=1):
        if not isinstance(table, dict):
            raise InvalidDefinition(f"{path}: activation #{number} is not a table")
        where = f"{path}: activation {table.get('name', f'#{number}')!r}"
        try:
            activation = from_table(table)
            _check_free(activation.name, used)
        except InvalidDefinition as error:
            raise InvalidDefinition(f"{where}: {error}") from None
        used.add(activation.name.lower())
        activations.append(activation)
    return activations


def _check_free(name: str, used: set[str]) -> None:
    """Refuse a name declared earlier in the file (or in ``used``), or one that
    `symact.get` resolves, any case, to a catalog activation (scalar or vector) or
    alias: its page and plots would replace the catalog's."""
    if name.lower() in used:
        raise InvalidDefinition("the name is already taken (declared twice)")
    try:
        found = get(name)
    except UnknownActivation:
        return
    raise InvalidDefinition(
        f"the name is already taken by the catalog activation {found.name!r}; choose another"
    )


def from_table(table: dict[str, Any]) -> Activation:
    """One ``[[activation]]`` table as an `Activation` (see the module's example)."""
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise InvalidDefinition(f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(KEYS))})")
    name, formula = _text(table, "name", required=True), _text(table, "formula", required=True)
    if not _NAME.fullmatch(name):
        raise InvalidDefinition(f"name {name!r} is not a plain identifier (letters, digits, _)")
    family = _text(table, "family") or "custom"
    if not _FAMILY.fullmatch(family):
        raise InvalidDefinition(
            f"family {family!r} must be a short label (letters, digits, space, -, _)"
        )
    defaults, descriptions = _parameters(table.get("parameters", {}))
    activation = define(
        name, formula, params=defaults, family=family, title=_line(table, "title") or name
    )
    unused = sorted(set(defaults) - {s.name for s in activation.spec.expr.free_symbols})
    if unused:
        raise InvalidDefinition(f"parameter {unused[0]!r} does not appear in the formula")
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


def _line(table: dict[str, Any], key: str) -> str | None:
    """`_text` that must fit on one line (a title: it goes into a page's front matter)."""
    value = _text(table, key)
    if value is not None and not value.isprintable():
        raise InvalidDefinition(f"{key!r} must be one line of printable text")
    return value


def _number(name: str, value: Any) -> sp.Expr:
    """A parameter value: a TOML number, or a formula without x read exactly."""
    if isinstance(value, bool):
        raise InvalidDefinition(f"parameter {name!r} must be a number, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidDefinition(f"parameter {name!r} must be a finite number, got {value}")
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
                if not isinstance(spec["description"], str):
                    raise InvalidDefinition(f"parameter {name!r}: the description must be text")
                descriptions[name] = spec["description"]
            spec = spec["default"]
        defaults[name] = _number(name, spec)
    return defaults, descriptions


def _window(value: Any) -> tuple[float, float]:
    valid = (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and all(math.isfinite(v) for v in value)
        and value[0] < value[1]
    )
    if not valid:
        raise InvalidDefinition(
            f"'window' must be [low, high], finite numbers with low < high, got {value!r}"
        )
    return (float(value[0]), float(value[1]))


def _references(items: Any) -> tuple[Reference, ...]:
    if not isinstance(items, list):
        raise InvalidDefinition("'references' must be a list of { citation, url } tables")
    references = []
    for item in items:
        citation = item.get("citation") if isinstance(item, dict) else None
        if not (isinstance(citation, str) and citation.strip()):
            raise InvalidDefinition("each reference needs a 'citation' string (and a 'url')")
        unknown = sorted(set(item) - REFERENCE_KEYS)
        if unknown:
            raise InvalidDefinition(
                f"reference: unknown key {unknown[0]!r} (allowed: citation, url)"
            )
        url = item.get("url", "")
        if not isinstance(url, str) or (url and not url.startswith(("https://", "http://"))):
            raise InvalidDefinition(f"reference url {url!r} is not an http(s) address")
        references.append(Reference(citation.strip(), url))
    return tuple(references)
