"""A disk cache of analyses, keyed by a hash of the definition.

The key hashes ``srepr`` of the definition, the parameter values, the step budget, the
symact version and a fingerprint of symact's source files, so editing an activation,
the engine or upgrading symact invalidates exactly what changed. The cache lives in
``$SYMACT_CACHE_DIR`` (default ``~/.cache/symact``); ``SYMACT_CACHE_DIR=off`` disables
it. Entries are pickles that symact itself wrote: the cache directory must not be
writable by others.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sympy as sp

if TYPE_CHECKING:
    from .activation import Activation


def directory() -> Path | None:
    """The cache directory, or None when caching is off."""
    setting = os.environ.get("SYMACT_CACHE_DIR", "")
    if setting.lower() == "off":
        return None
    return Path(setting) if setting else Path.home() / ".cache" / "symact"


NOT_ENGINE = frozenset(
    {
        "__main__.py",
        "accuracy.py",
        "cache.py",
        "catalog.py",
        "cli.py",
        "derivation.py",
        "export.py",
        "flat.py",
        "numerics.py",
        "parse.py",
        "plotting.py",
        "rewrite.py",
        "selu.py",
        "terminal.py",
        "userdefs.py",
    }
)
"""Modules that cannot change an analysis: presentation, numerics, input parsing, and
the catalog (each definition is hashed on its own). Every other module of the package
is part of the engine's fingerprint, so a new engine module is covered automatically."""


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A hash of the engine's source files, so an edited engine never reads stale results."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.name in NOT_ENGINE:
            continue
        digest.update(path.name.encode())
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


def load(key: str) -> Any | None:
    """The cached object for ``key``, or None."""
    folder = directory()
    path = folder / f"{key}.pickle" if folder else None
    if path is None or not path.exists():
        return None
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None


def store(key: str, value: Any) -> None:
    """Write ``value`` for ``key`` atomically (ignored when caching is off or fails)."""
    folder = directory()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as stream:
            pickle.dump(value, stream)
        os.replace(stream.name, folder / f"{key}.pickle")
    except (OSError, pickle.PicklingError):
        return
