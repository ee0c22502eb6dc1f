"""Time symact's analysis: per activation and per property, cold and cached.

Prints the cold analysis of each activation in one process (seconds per activation and
its slowest steps), then the whole catalog cold across processes (measured first, in
fresh worker processes) and again from the disk cache. Run: ``python scripts/bench_analysis.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

import symact
from symact.analysis import analyze_all, analyze_uncached
from symact.catalog_scalar import _SCALAR


def _per_activation() -> None:
    print("| activation | total s | slowest steps (s) | undetermined |")
    print("|---|---:|---|---|")
    totals = []
    for name in symact.names():
        start = time.perf_counter()
        analysis = analyze_uncached(symact.get(name))
        total = time.perf_counter() - start
        totals.append(total)
        slow = sorted(analysis.timings.items(), key=lambda kv: -kv[1])[:3]
        steps = ", ".join(f"{k} {v:.2f}" for k, v in slow)
        missing = [k for k, v in analysis.properties().items() if v.status == "undetermined"]
        print(f"| {name} | {total:.2f} | {steps} | {', '.join(missing) or '—'} |")
    print(f"\nsum {sum(totals):.1f} s, median {statistics.median(totals):.2f} s per activation\n")


FIRST_SET = [spec.name for spec in _SCALAR]
"""The first set of issue 2 (identity … GELU-tanh), whose cold target is 10 s."""


def _catalog(processes: int, names: list[str] | None = None) -> float:
    activations = [symact.get(n) for n in names or symact.names()]
    start = time.perf_counter()
    analyze_all(activations, processes=processes)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count())
    args = parser.parse_args()
    # The catalog runs first: worker processes are forked from this one, and would
    # inherit the in-memory memo tables that the per-activation table fills.
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SYMACT_CACHE_DIR"] = folder
        first = _catalog(args.processes, FIRST_SET)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SYMACT_CACHE_DIR"] = folder
        cold = _catalog(args.processes)
        warm = _catalog(args.processes)
    os.environ["SYMACT_CACHE_DIR"] = "off"
    _per_activation()
    print("| analysis | seconds |")
    print("|---|---:|")
    workers = f"{args.processes} processes"
    print(f"| first set ({len(FIRST_SET)} activations) cold, {workers} | {first:.1f} |")
    print(f"| whole catalog ({len(symact.names())}) cold, {workers} | {cold:.1f} |")
    print(f"| cached (second run) | {warm:.2f} |")
    print(f"| ratio cold / cached | {cold / warm:.0f}× |")


if __name__ == "__main__":
    main()
