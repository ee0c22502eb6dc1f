"""Worker processes that stop as soon as the user interrupts.

Ctrl-C in a terminal sends ``SIGINT`` to the whole process group. Workers of a
`concurrent.futures.ProcessPoolExecutor` then raise `KeyboardInterrupt` inside their
task, report it as that task's failure and take the next one, while the parent waits
for them: a site build took 11–33 s to stop, printing a traceback per process. Here
the workers ignore ``SIGINT``; the parent, where the interrupt lands, stops them at
once (`multiprocessing.pool.Pool.terminate`, ``SIGTERM``) and re-raises, and so does
any other failure or a caller that stops reading the results early.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from multiprocessing.pool import Pool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _ignore_interrupts() -> None:
    """Pool initializer: ``SIGINT`` is the parent's to handle (held back until now)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _indexed(function: Callable[[T], R], item: tuple[int, T]) -> tuple[int, R]:
    position, argument = item
    return position, function(argument)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold ``SIGINT`` back while workers are started: a worker forked before it ignores
    the signal would die of it with a traceback. A held interrupt arrives afterwards."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def pool(processes: int | None) -> Iterator[Pool]:
    """``processes`` workers (the CPU count when None) that ignore ``SIGINT``.

    When the body raises (an interrupt, a task's exception re-raised by `unordered`),
    the workers are terminated before the exception goes on: no task keeps running and
    no worker process is left behind. A body that ends normally waits for its tasks.
    """
    with _interrupts_held():
        workers = multiprocessing.Pool(processes, initializer=_ignore_interrupts)
    try:
        yield workers
    except BaseException:
        workers.terminate()
        raise
    else:
        workers.close()
    finally:
        workers.join()


def unordered(
    workers: Pool, function: Callable[[T], R], items: Sequence[T]
) -> Iterator[tuple[int, R]]:
    """``(i, function(items[i]))`` for every item as each finishes, handed out to the
    ``workers`` in the order of ``items``; an item's exception is raised here.
    ``function`` must be picklable (a module-level function)."""
    return workers.imap_unordered(partial(_indexed, function), enumerate(items))
