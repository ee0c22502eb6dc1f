"""The reference site: symact's derivations rendered into an MkDocs Material site.

`build` regenerates everything (`symact.site.generate`); the page renderers live in
`activation_page`, `overview` and `concepts`; `navigation` gives MkDocs its menu from
the catalog.
"""

from .generate import BuildError, build
from .navigation import navigation

__all__ = ["BuildError", "build", "navigation"]
