"""Wall-clock deadlines (symact.deadline) and the analysis's overall deadline."""

from __future__ import annotations

import contextlib
import signal
import time

import pytest

import symact
from symact.analysis import _Runner, analyze_uncached
from symact.deadline import alarm


class Inner(Exception):
    """The inner alarm's exception."""


class Outer(Exception):
    """The outer alarm's exception."""


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_alarm_interrupts_the_body():
    """A body that outlives its deadline is interrupted with the given exception."""
    with pytest.raises(Inner), alarm(time.monotonic() + 0.1, Inner):
        _spin(30)


def test_no_deadline_no_alarm():
    """``at=None`` arms no timer and installs no handler, and an outer alarm still fires
    through it with its own exception."""
    handler = signal.getsignal(signal.SIGALRM)
    with alarm(None, Inner):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is handler
    with (
        pytest.raises(Outer),
        alarm(time.monotonic() + 0.1, Outer, repeat=True),
        alarm(None, Inner),
    ):
        _spin(30)


def test_earlier_outer_deadline_wins_and_is_restored():
    """An outer alarm due first fires inside an inner one; one due later is re-armed
    when the inner alarm exits, and still fires."""
    now = time.monotonic()
    with pytest.raises(Outer), alarm(now + 0.1, Outer, repeat=True), alarm(now + 30, Inner):
        _spin(30)
    with pytest.raises(Outer), alarm(time.monotonic() + 0.3, Outer, repeat=True):
        with alarm(time.monotonic() + 30, Inner):
            _spin(0.05)
        _spin(30)


def test_analysis_overall_deadline_leaves_the_rest_undetermined():
    """With a tiny overall budget the analysis still returns; what it could not reach is
    undetermined, naming the time budget."""
    activation = symact.define("slow", "x*tanh(softplus(x)) + sin(x)/3")
    result = analyze_uncached(activation, step_seconds=10, total_seconds=0.3)
    reasons = [d.reason or "" for d in result.properties().values() if not d.known]
    assert reasons and all("time budget" in reason for reason in reasons)


def test_overall_deadline_repeats_past_a_swallowed_alarm():
    """A step that swallows the deadline's first alarm (as mpmath's bare ``except`` does)
    and then waits without using CPU (so its CPU budget never fires) is still stopped
    shortly after the overall deadline, and reported as out of time."""

    def swallowing_step():
        with contextlib.suppress(BaseException):  # as mpmath's bare ``except`` does
            time.sleep(30)
        time.sleep(30)

    runner = _Runner(10.0, total=0.3)
    start = time.monotonic()
    derived = runner.run("f0", swallowing_step)
    assert time.monotonic() - start < 2
    assert not derived.known
    assert derived.reason == "the time ran out (overall time budget of 0.3 s)"
