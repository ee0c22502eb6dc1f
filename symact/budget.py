"""Time budgets for symbolic steps that may run forever.

SymPy is pure Python, so a signal timer can interrupt it anywhere. Budgets count the
process's CPU time (``ITIMER_PROF`` / ``SIGPROF``), not wall-clock time: a step gets the
same amount of computation whether the machine is idle or loaded, so a result does not
turn "undetermined" because other programs were running (symbolic work never waits on
I/O, so CPU time bounds it as well). Each budget also bounds the memory its body may
take (`symact.memory`). A budget is a context manager; nested budgets keep
the tighter deadline, and an exception escaping a budget after its deadline counts as the
budget running out (a library may have caught the signal's exception and raised another).
Outside the main thread
(where signals cannot be delivered) budgets are not enforced -- symact's own parallel
analysis uses processes, whose main threads do enforce them.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from .memory import DEFAULT_STEP_BYTES, memory_budget

T = TypeVar("T")

DEFAULT_STEP_SECONDS = 10.0
"""The budget of one derivation step unless configured otherwise."""


class BudgetExceeded(BaseException):
    """Raised inside a step whose time budget ran out.

    A `BaseException`, like `KeyboardInterrupt`: SymPy catches ``Exception`` in many
    places and carries on with a fallback, so an ``Exception`` raised by the alarm was
    swallowed there, again every 0.05 s, and a step overran its budget by a second or
    more (found by fuzzing). Code that expects it catches it by name.
    """


_deadlines: list[float] = []


@contextmanager
def signals_held(*signals: signal.Signals) -> Iterator[None]:
    """Hold back ``signals`` in the body (main thread): a budget's or an alarm's clean-up
    must not be cut short by the next alarm, or its state (the stack of deadlines, the
    handler to restore) is left half-restored. A held signal arrives when the body exits."""
    held = set(signals)
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def discard_pending(signum: signal.Signals) -> None:
    """Drop ``signum`` if it is pending while held: an alarm that came too late for the
    body it was meant to stop (call inside `signals_held`)."""
    signal.sigtimedwait({signum}, 0)


def _arm(deadline: float) -> None:
    remaining = max(deadline - time.process_time(), 1e-3)
    signal.setitimer(signal.ITIMER_PROF, remaining)


def _on_alarm(signum: int, frame: object) -> None:
    # Re-arm first: an exception raised inside a finalizer (__del__ during garbage
    # collection) is swallowed by Python, so keep firing until the budget's body exits.
    signal.setitimer(signal.ITIMER_PROF, 0.05)
    raise BudgetExceeded("time budget exceeded")


def _quiet_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """The alarm's exception swallowed inside a finalizer is expected (the alarm fires
    again 0.05 s later, see `_on_alarm`): not printed as "Exception ignored in …"."""
    if isinstance(unraisable.exc_value, BudgetExceeded):
        return
    sys.__unraisablehook__(unraisable)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise `BudgetExceeded` in the body if it runs longer than ``seconds``.

    ``None`` means no budget of its own (an enclosing budget still applies).
    """
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    deadline = time.process_time() + seconds
    if _deadlines:
        deadline = min(deadline, _deadlines[-1])
    previous = signal.signal(signal.SIGPROF, _on_alarm)
    previous_hook, sys.unraisablehook = sys.unraisablehook, _quiet_unraisable
    _deadlines.append(deadline)
    _arm(deadline)
    try:
        with memory_budget():
            yield
    except BudgetExceeded:
        raise
    except Exception as error:
        # Libraries catch everything in places (mpmath's comparisons turn any exception
        # in a conversion into NotImplemented, hence a TypeError): an error that escapes
        # after the deadline is the budget running out, whatever it became on the way.
        if time.process_time() >= deadline:
            raise BudgetExceeded(f"time budget exceeded ({type(error).__name__})") from error
        raise
    finally:
        with signals_held(signal.SIGPROF, signal.SIGALRM):
            signal.setitimer(signal.ITIMER_PROF, 0)
            discard_pending(signal.SIGPROF)
            _deadlines.pop()
            signal.signal(signal.SIGPROF, previous)
            sys.unraisablehook = previous_hook
            if _deadlines:
                _arm(_deadlines[-1])


def ran_out(seconds: float | None, which: str = "time budget") -> str:
    """Why a value is undetermined when its time ran out: a sentence for users, e.g.
    "the time ran out (time budget of 10 s)". Every such reason names the time budget,
    which is how results that depend on the machine's load are told apart (not cached)."""
    return f"the time ran out ({which} of {seconds:g} s)"


def attempt(step: Callable[[], T], seconds: float | None) -> tuple[T | None, str | None]:
    """Run ``step`` under a budget: ``(result, None)``, or ``(None, reason)`` on failure.

    Failures are a budget running out or SymPy giving up (``NotImplementedError``,
    ``ValueError`` and the like, and ``OverflowError`` or ``MemoryError`` where a number
    outgrew Python's integers: the fuzzer met them in the monotonicity of a repsu of a
    sinh, and in the Gaussian mean of tanh(cosh(0.044715x)), whose quadrature node at
    x ≈ 1e20 asks mpmath for 1 << 2⁶⁰); the reason is one line.
    """
    start = time.monotonic()
    try:
        with time_budget(seconds):
            return step(), None
    except BudgetExceeded:
        return None, ran_out(seconds)
    except (
        NotImplementedError,
        ValueError,
        TypeError,
        ZeroDivisionError,
        AttributeError,
        RecursionError,
        OverflowError,  # an exponent beyond Python's integers (1 << 2**63, from mpmath)
        MemoryError,  # likewise, as mpmath's 1 << (mag - 1) for tanh(cosh(x)) at x ~ 1e20
    ) as error:
        if seconds is not None and time.monotonic() - start >= seconds:
            # The alarm fired inside code that swallows every exception (mpmath's interval
            # comparisons: a bare ``except`` turns it into a TypeError): the budget ran out.
            return None, ran_out(seconds)
        if isinstance(error, MemoryError):
            return None, f"the step needed more than its {DEFAULT_STEP_BYTES >> 30} GiB of memory"
        return None, f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
