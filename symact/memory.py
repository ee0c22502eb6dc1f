"""Memory budgets for derivation steps, the counterpart of `symact.budget`'s time budgets.

A step can exhaust memory without running long: mpmath evaluates tanh, cosh and sinh at
an argument of magnitude 2ᵐ by testing ``3·(1 << (m − 1)) > wp``, and exp by shifting the
mantissa by m bits, so a Gaussian quadrature node of tanh(cosh(0.044715x)) near x ≈ 10¹²
asks Python for an integer of 2³⁵ bits: 4 GiB, written in full before the comparison
fails. The fuzzer's case of it peaked at 17 GB of resident memory.

Within a budget the process's address space (``RLIMIT_AS``) may grow by at most
`DEFAULT_STEP_BYTES` beyond what it had at the start, so such an allocation fails at once
with ``MemoryError``, which `symact.budget.attempt` reports as the step being
undetermined. Nested budgets keep the tighter limit; leaving a budget restores the limit
it found. Where ``RLIMIT_AS`` is not available or not enforced (Windows, macOS), budgets
are not enforced.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

DEFAULT_STEP_BYTES = 2 * 2**30
"""How far one step may grow the address space: 2 GiB, ten times what the catalog's most
demanding step needs (measured with ``/usr/bin/time -v`` on the test suite)."""


def address_space() -> int | None:
    """The process's current virtual memory size in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            pages = int(stream.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def memory_budget(extra_bytes: int | None = DEFAULT_STEP_BYTES) -> Iterator[None]:
    """Let the body grow the address space by at most ``extra_bytes``.

    An allocation beyond that raises ``MemoryError`` in the body. ``None`` sets no limit
    of its own (an enclosing budget still applies).
    """
    used = address_space()
    if extra_bytes is None or resource is None or used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + extra_bytes
    for bound in (soft, hard):
        if bound != resource.RLIM_INFINITY:
            limit = min(limit, bound)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
