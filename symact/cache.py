"""A disk cache of derivations, keyed by a hash of what they were derived from.

The key (`key`, the one builder of every cache key of symact) hashes ``srepr`` of the
definition, the parameter values, the step budget, the symact version and a fingerprint
of the engine's source (`engine_fingerprint`: the modules the engine loads, found from
the import graph), so editing an activation, the engine or upgrading symact invalidates
what changed, and editing the export, the site or the numerics does not. The cache lives in
``$SYMACT_CACHE_DIR`` (default ``~/.cache/symact``); ``SYMACT_CACHE_DIR=off`` disables
it.

Each entry is one JSON file, ``<key>.json``, holding the format version, its full key,
its `Kind` and the value written by `symact.codec`: SymPy objects as ``srepr`` text read
back through an allow-list, and only the dataclasses its `Kind` names. Reading an entry
therefore never runs code, whoever wrote the file (older ``.pickle`` entries are never
opened). An entry whose key or kind is not the one asked for (a file copied over
another), or that cannot be read back (truncated, not JSON, an unknown class), is a
miss: the caller recomputes the value and replaces the entry, and one line on stderr
names the file. A cache folder that cannot be used (read-only, ``HOME`` unset, a file in
the way) is reported once per process, and symact then works without it.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import os
import tempfile
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sympy as sp

from .catalog import VECTOR_CATALOG
from .codec import Codec, Unsupported

if TYPE_CHECKING:
    from .activation import Activation

FORMAT = 1
"""The entry layout; entries of another format are misses (not damage)."""

log = logging.getLogger(__name__)


class Kind:
    """What a family of entries holds: a name stored in each entry and checked on load,
    and the dataclasses its values may contain (see `symact.codec.Codec`)."""

    def __init__(self, name: str, *classes: type) -> None:
        self.name = name
        self.codec = Codec(classes)


_UNUSABLE: dict[str, str] = {}
"""The cache folders this process found unusable, with the reason (each reported once)."""


def directory() -> Path | None:
    """The cache directory, or None when caching is off (or the folder is unusable)."""
    setting = os.environ.get("SYMACT_CACHE_DIR", "")
    if setting.lower() == "off":
        return None
    if not setting:
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            _give_up("~", f"HOME is {home!r}, not a home folder, and SYMACT_CACHE_DIR is unset")
            return None
        setting = os.path.join(home, ".cache", "symact")
    return None if setting in _UNUSABLE else Path(setting)


def _give_up(folder: Path | str, reason: str) -> None:
    """Work without the cache ``folder`` from now on, saying so once."""
    if str(folder) in _UNUSABLE:
        return
    _UNUSABLE[str(folder)] = reason
    log.warning(
        "symact: working without the derivation cache: %s "
        "(set SYMACT_CACHE_DIR to a writable folder, or to 'off')",
        reason,
    )


ENGINE_ROOTS = (
    "symact.analysis",
    "symact.vectors",
    "symact.identities",
    *dict.fromkeys(spec.analyser.partition(":")[0] for spec in VECTOR_CATALOG),
)
"""The modules whose results are cached with the engine's fingerprint: the scalar
analysis, the vector analyses (with the module of each analyser the catalog names, which
`symact.vectors` loads by name, unseen by the import graph) and the identity proofs."""


def key(*parts: str) -> str:
    """The cache key of a value computed from ``parts``: the SHA-256 of their text
    joined by ``|`` (every cache key of symact is built here)."""
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


_PACKAGE = __name__.split(".")[0]
"""This package's name (its ``__init__`` holds the version, which every key has)."""


def _module_path(module: str) -> Path:
    """The source file of a module of this package (``symact.x`` or ``symact.x.y``)."""
    package = Path(__file__).parent
    relative = Path(*module.split(".")[1:])
    candidate = package / relative.with_suffix(".py")
    return candidate if candidate.exists() else package / relative / "__init__.py"


def _imported_modules(module: str) -> set[str]:
    """The modules of this package that ``module`` imports when it is loaded: its
    module-level ``import`` statements (an ``if TYPE_CHECKING:`` block and an import
    inside a function do not run at load time), resolved against its package."""
    path = _module_path(module)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.parse(path.read_bytes()).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            stem = ".".join([*base, *([node.module] if node.module else [])])
            found.add(stem)
            found.update(f"{stem}.{alias.name}" for alias in node.names)
    if path.name == "__init__.py" and module != _PACKAGE:
        # A subpackage counts with all its modules: it may load them by discovery
        # (`symact.derived` finds its property modules with pkgutil).
        found.update(f"{module}.{child.stem}" for child in path.parent.glob("*.py"))
        found.discard(f"{module}.__init__")
    inside = [m for m in found if m.startswith(f"{_PACKAGE}.")]  # not the package itself
    return {m for m in inside if _module_path(m).exists()}


def engine_modules() -> tuple[str, ...]:
    """Every module `ENGINE_ROOTS` load, transitively (the roots included), sorted."""
    seen: set[str] = set()
    todo = list(ENGINE_ROOTS)
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(_imported_modules(module) - seen)
    return tuple(sorted(seen))


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A hash of the source of `engine_modules`, so an edited engine never reads stale
    results. Found from the import graph, so a new engine module is covered as soon as
    the engine imports it, and presentation (export, site, CLI) and numerics, which the
    engine does not import, are not."""
    return source_fingerprint(*engine_modules())


def source_fingerprint(*modules: str) -> str:
    """A hash of the source files of ``modules`` (dotted names of this package)."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(module.encode())
        digest.update(_module_path(module).read_bytes())
    return digest.hexdigest()


def derivation_key(*parts: str) -> str:
    """The key of a derivation from ``parts``, after the symact version and
    `engine_fingerprint`, so an upgraded or edited engine never reads stale results."""
    from . import __version__  # the package's own attribute: symact imports this module

    return key(__version__, engine_fingerprint(), *parts)


def key_for(activation: Activation, step_seconds: float | None) -> str:
    """A hex digest identifying the analysis of ``activation``."""
    values = sorted((k, sp.srepr(v)) for k, v in activation.param_values().items())
    return derivation_key(
        activation.name, sp.srepr(activation.spec.expr), repr(values), repr(step_seconds)
    )


def load(key: str, kind: Kind) -> Any | None:
    """The cached value of ``kind`` for ``key``, or None (a miss).

    A damaged entry, or one written for another key or kind, is a miss, reported on one
    line; the caller's `store` then replaces it."""
    folder = directory()
    if folder is None:
        return None
    path = folder / f"{key}.json"
    try:
        entry = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as error:
        _give_up(folder, f"cannot read {path}: {error.strerror or error}")
        return None
    except (ValueError, RecursionError) as error:  # not JSON, or not UTF-8
        return _damaged(path, f"not a JSON entry ({type(error).__name__})")
    if not (isinstance(entry, dict) and isinstance(entry.get("format"), int)):
        return _damaged(path, "not a cache entry")
    if entry["format"] != FORMAT:
        return None
    if entry.get("key") != key or entry.get("kind") != kind.name or "value" not in entry:
        return _damaged(path, "written for another derivation")
    try:
        return kind.codec.decode(entry["value"])
    except Exception as error:  # whatever is in the file, reading it is only ever a miss
        return _damaged(path, str(error) or type(error).__name__)


def _damaged(path: Path, reason: str) -> None:
    reason = " ".join(reason.split())[:200]  # one line, whatever the error said
    log.warning("symact: ignoring the cache entry %s: %s; recomputing it", path, reason)


def store(key: str, kind: Kind, value: Any) -> None:
    """Write ``value`` as the entry of ``kind`` for ``key``, atomically (nothing when
    caching is off; the first failure to write turns the cache off for this process)."""
    folder = directory()
    if folder is None:
        return
    try:
        entry = {"format": FORMAT, "kind": kind.name, "key": key, "value": kind.codec.encode(value)}
    except (Unsupported, RecursionError) as error:
        log.warning("symact: not caching %s %s: %s", kind.name, key[:12], error)
        return
    text = json.dumps(entry, separators=(",", ":"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "w") as stream:
                stream.write(text)
            os.replace(temporary, folder / f"{key}.json")
        finally:
            with suppress(OSError):
                os.unlink(temporary)  # left only when writing or renaming failed
    except OSError as error:
        _give_up(folder, f"cannot write to {folder}: {error.strerror or error}")
