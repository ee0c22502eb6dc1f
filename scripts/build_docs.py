"""Regenerate the reference site: derive, render pages and plots, build with MkDocs.

Usage: ``python scripts/build_docs.py [--serve] [--processes N]``. Builds ``site/``
atomically from the hand-written ``docs/`` and the generated pages and plots, which go
to a temporary folder, never into ``docs/`` (see `symact.site.generate`): a failure
leaves the previous site intact and names the activation and the stage that failed
(exit 1). A missing program (npm, MkDocs) is reported on one line before anything is
derived (exit 2). Builds of the same folder wait for each other.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from symact.cli import interrupted, serve
from symact.site import BuildError, build
from symact.site.generate import MissingTool

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="serve site/ on 127.0.0.1 after")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    try:
        site = build(ROOT, processes=args.processes, log=lambda line: print(line, flush=True))
    except MissingTool as error:
        print(f"build_docs: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return interrupted("build_docs")
    except BuildError as error:
        print(f"build failed, site/ left as it was: {error}", file=sys.stderr)
        return 1
    if args.serve:
        serve(site, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
