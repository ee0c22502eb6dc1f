"""Block-by-block against whole-array evaluation of the generated NumPy code.

For every catalog activation, f and f′, float64, 10⁶ inputs ~ N(0, 4²): the time per
element of the same generated code evaluated on the whole array and in blocks of
`symact.numerics.BLOCK` elements, interleaved in one process (median of 15 rounds), with
the code's array operations and which of the two `compile_numpy` picks. This is the
evidence behind `symact.numerics.BLOCKED_OPERATIONS`.
Run: ``python scripts/bench_blocks.py``.
"""

from __future__ import annotations

import statistics
from dataclasses import replace

import numpy as np
from bench_numerics import _nanoseconds

import symact
from symact.numerics import BLOCKED_OPERATIONS, array_operations


def main() -> None:
    inputs = np.random.default_rng(0).normal(0, 4, 10**6)
    print(f"blocked when at least {BLOCKED_OPERATIONS} array operations\n")
    print("| activation | order | operations | whole ns | blocked ns | blocked/whole | picked |")
    print("|---|---|---:|---:|---:|---:|---|")
    ratios: dict[bool, list[float]] = {True: [], False: []}
    for name in symact.names():
        for order in (0, 1):
            function = symact.get(name).numpy(order)
            operations = array_operations(function.core)
            if operations == 0:
                continue
            variants = {
                "whole": replace(function, blocked=False),
                "blocked": replace(function, blocked=True),
            }
            with np.errstate(all="ignore"):
                ns = _nanoseconds(variants, inputs, 15)  # type: ignore[arg-type]
            ratio = ns["blocked"] / ns["whole"]
            ratios[function.blocked].append(ratio)
            picked = "blocked" if function.blocked else "whole"
            print(
                f"| {name} | {order} | {operations} | {ns['whole']:.2f} | {ns['blocked']:.2f}"
                f" | {ratio:.2f} | {picked} |"
            )
    for blocked, values in ratios.items():
        if values:
            label = "picked blocked" if blocked else "picked whole"
            print(
                f"\n{label}: median blocked/whole {statistics.median(values):.2f} "
                f"over {len(values)} cases"
            )


if __name__ == "__main__":
    main()
