"""Wall-clock deadlines: a whole analysis, or a whole command, within a time.

Step budgets (`symact.budget`) count CPU time, so that a result does not depend on how
loaded the machine is. A user waiting for ``symact derive`` counts wall-clock time; on
a loaded machine a step's CPU budget can take several times as long. `alarm` bounds
wall-clock time with ``SIGALRM`` / ``ITIMER_REAL`` (the step budgets use ``SIGPROF``,
so the two coexist). Alarms nest: an inner one keeps the earlier of the two times,
hands an outer alarm's signal on to the outer handler, and re-arms the outer alarm
when it exits. Like the step budgets, alarms work in the main thread only.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .budget import discard_pending, signals_held

REPEAT_SECONDS = 0.05
"""How soon a repeating alarm fires again (past code that swallows every exception)."""


@contextmanager
def alarm(
    at: float | None, error: Callable[[], BaseException], repeat: bool = False
) -> Iterator[None]:
    """Raise ``error()`` in the body once `time.monotonic` reaches ``at``.

    Args:
        at: The deadline on the `time.monotonic` clock; ``None`` for no deadline.
        error: Makes the exception to raise (a `symact.budget.BudgetExceeded` lets the
            step that was running report itself undetermined).
        repeat: Keep raising every `REPEAT_SECONDS` until the body exits (a hard stop),
            instead of once.
    """
    if at is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_handler = signal.getsignal(signal.SIGALRM)
    outer_delay = signal.getitimer(signal.ITIMER_REAL)[0]
    outer_at = time.monotonic() + outer_delay if outer_delay > 0 else None

    def on_alarm(signum: int, frame: object) -> None:
        if outer_at is not None and outer_at <= at and callable(outer_handler):
            outer_handler(signum, frame)  # the outer deadline came first
            return
        if repeat:
            signal.setitimer(signal.ITIMER_REAL, REPEAT_SECONDS)
        raise error()

    signal.signal(signal.SIGALRM, on_alarm)
    first = at if outer_at is None else min(at, outer_at)
    signal.setitimer(signal.ITIMER_REAL, max(first - time.monotonic(), 1e-3))
    try:
        yield
    finally:
        with signals_held(signal.SIGALRM):
            signal.setitimer(signal.ITIMER_REAL, 0)
            discard_pending(signal.SIGALRM)  # this alarm's, too late for the body
            signal.signal(signal.SIGALRM, outer_handler)
            if outer_at is not None:
                signal.setitimer(signal.ITIMER_REAL, max(outer_at - time.monotonic(), 1e-3))
