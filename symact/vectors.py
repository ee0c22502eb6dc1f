"""The vector activations' analysers: catalog name → the function deriving its claims.

Each analysis lives in its own module (`symact.softmax`, `symact.log_softmax`,
`symact.softmin`, `symact.sparsemax`, `symact.glu`, `symact.maxout`, `symact.crelu`) and
returns a frozen dataclass whose fields are `symact.provenance.Derived` claims, one each
or one per size ``{n: Derived}``; the export (`symact.export.vector_entry`) and the site
(`symact.site.vector_page`) read those fields without knowing which activation it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .crelu import analyze_crelu
from .glu import analyze_glu
from .log_softmax import analyze_log_softmax
from .maxout import analyze_maxout
from .softmax import analyze_softmax
from .softmin import analyze_softmin
from .sparsemax import analyze_sparsemax

ANALYSERS: dict[str, Callable[[], Any]] = {
    "softmax": analyze_softmax,
    "log_softmax": analyze_log_softmax,
    "softmin": analyze_softmin,
    "sparsemax": analyze_sparsemax,
    "glu": analyze_glu,
    "maxout": analyze_maxout,
    "crelu": analyze_crelu,
}
"""Every vector activation of `symact.catalog.VECTOR_CATALOG`, by canonical name."""


def analyze_vector(name: str) -> Any:
    """The derived claims of the vector activation ``name`` (a canonical catalog name)."""
    return ANALYSERS[name]()
