"""The memory budget of a derivation step (`symact.memory`)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from symact.budget import attempt
from symact.memory import address_space, memory_budget

pytestmark = pytest.mark.skipif(address_space() is None, reason="needs /proc (Linux)")

MIB = 2**20


def _peak_rss_of(code: str) -> tuple[str, int]:
    """Run ``code`` in a fresh interpreter: (its output, its peak resident set in bytes)."""
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over execve, so a child
    # of a large pytest process would report the parent's size.
    script = textwrap.dedent(code) + textwrap.dedent(
        """
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                print(int(line.split()[1]) * 1024)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    *lines, peak = done.stdout.split()
    return " ".join(lines), int(peak)


def test_an_allocation_beyond_the_budget_fails_at_once():
    """512 MiB inside a 256 MiB budget raises MemoryError; after the budget it succeeds."""
    with pytest.raises(MemoryError), memory_budget(256 * MIB):
        bytearray(512 * MIB)
    assert len(bytearray(512 * MIB)) == 512 * MIB


def test_nested_budgets_keep_the_tighter_limit():
    """An inner budget larger than the outer one does not lift the outer limit."""
    with memory_budget(256 * MIB):
        with pytest.raises(MemoryError), memory_budget(4096 * MIB):
            bytearray(512 * MIB)
        with pytest.raises(MemoryError):
            bytearray(512 * MIB)


def test_a_step_that_asks_for_too_much_memory_is_undetermined_with_a_sentence():
    """attempt() turns the MemoryError into a reason a reader can read."""
    value, reason = attempt(lambda: bytearray(64 * 2**30), 5.0)
    assert value is None
    assert reason is not None and "memory" in reason and "Error" not in reason


def test_mpmath_tanh_of_a_huge_argument_stays_small():
    """mpmath's tanh at 2^(2^35) tests 3·(1 << (2^35 − 1)) > wp: a 4 GiB integer. Under a
    budget the allocation fails at once and the peak stays under 1 GiB (without it, the
    process writes the whole 4 GiB)."""
    output, peak = _peak_rss_of(
        """
        import mpmath
        from symact.memory import memory_budget
        try:
            with memory_budget(512 * 2**20):
                mpmath.tanh(mpmath.mpf(2) ** (2**35))
            print("finished")
        except MemoryError:
            print("MemoryError")
        """
    )
    assert output == "MemoryError"
    assert peak < 1024 * MIB, f"peak resident set {peak / MIB:.0f} MiB"
