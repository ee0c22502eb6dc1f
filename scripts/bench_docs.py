"""Benchmark the site build: cold, unchanged rebuild, and rebuild after one activation changed.

Usage: ``python scripts/bench_docs.py [--processes N] [--changed NAME]``.

Builds a scratch copy of the project (``docs/``, ``mkdocs.yml``, the npm files) three
times with a fresh derivation cache:

1. **cold**: nothing cached;
2. **unchanged**: the same activations again (everything from the cache);
3. **one changed**: one activation's definition changed (``--changed``, by default
   leaky ReLU with Keras' slope 1/5 instead of PyTorch's 1/100): only it is re-derived
   and re-plotted.

Prints a table of wall-clock seconds and the ratio to the cold build, and how many
activations each build re-derived.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import sympy as sp

import symact
from symact.site import build

ROOT = Path(__file__).resolve().parent.parent


def scratch_project(folder: Path) -> Path:
    """A copy of what the build reads, with ``node_modules`` linked, not copied."""
    shutil.copytree(ROOT / "docs", folder / "docs")
    for name in ("mkdocs.yml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, folder / name)
    if (ROOT / "node_modules").exists():
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def changed(activations: list[symact.Activation], name: str) -> list[symact.Activation]:
    """The list with ``name``'s first parameter set to 1/5 (or its definition doubled)."""
    result = []
    for activation in activations:
        if activation.name == name:
            params = activation.spec.params
            if params:
                activation = activation.with_params(**{params[0].name: sp.Rational(1, 5)})
            else:
                activation = symact.define(name, 2 * activation.function)
        result.append(activation)
    return result


def timed_build(project: Path, activations: list, processes: int) -> tuple[float, int]:
    """Seconds for one build, and how many activations it re-derived (not cached)."""
    lines: list[str] = []
    start = time.perf_counter()
    build(project, activations, processes=processes, log=lines.append)
    seconds = time.perf_counter() - start
    derived = sum(1 for line in lines if line.startswith("[") and "analysis" in line)
    return seconds, derived


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--changed", default="leaky_relu")
    args = parser.parse_args()
    activations = [symact.get(name) for name in symact.names()]
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SYMACT_CACHE_DIR"] = str(Path(folder) / "cache")
        project = scratch_project(Path(folder) / "project")
        runs = {
            "cold (empty cache)": activations,
            "unchanged rebuild": activations,
            f"one changed ({args.changed})": changed(activations, args.changed),
        }
        results = {label: timed_build(project, a, args.processes) for label, a in runs.items()}
    cold = results["cold (empty cache)"][0]
    print(f"site build, {len(activations)} activations, {args.processes} processes")
    print(f"{'build':<28} {'seconds':>9} {'vs cold':>8} {'re-derived':>11}")
    for label, (seconds, derived) in results.items():
        print(f"{label:<28} {seconds:9.1f} {seconds / cold:8.2f} {derived:>11}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
