"""A disk cache of derivations, keyed by a hash of what they were derived from.

The key hashes ``srepr`` of the definition, the parameter values, the step budget, the
symact version and a fingerprint of symact's source files, so editing an activation,
the engine or upgrading symact invalidates exactly what changed. The cache lives in
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


NOT_ENGINE = frozenset(
    {
        "__main__.py",
        "accuracy.py",
        "cache.py",
        "catalog.py",
        "cli.py",
        "codec.py",
        "derivation.py",
        "export.py",
        "flat.py",
        "mathtext.py",
        "numerics.py",
        "parse.py",
        "plotting.py",
        "rewrite.py",
        "selu.py",
        "terminal.py",
        "userdefs.py",
    }
)
"""Modules that cannot change an analysis: presentation, numerics, input parsing, the
cache itself, and the catalog (each definition is hashed on its own). Every other
module of the package is part of the engine's fingerprint, so a new engine module is
covered automatically."""


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A hash of the engine's source files, so an edited engine never reads stale results."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("derived/*.py")]):
        if path.name in NOT_ENGINE:
            continue
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key_for(activation: Activation, step_seconds: float | None) -> str:
    """A hex digest identifying the analysis of ``activation``."""
    from . import __version__

    values = sorted((k, sp.srepr(v)) for k, v in activation.param_values().items())
    text = "|".join(
        [
            __version__,
            engine_fingerprint(),
            activation.name,
            sp.srepr(activation.spec.expr),
            repr(values),
            repr(step_seconds),
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


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
