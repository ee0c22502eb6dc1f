"""Time budgets (symact.budget): slow steps become 'undetermined', never a hang."""

import contextlib
import time

import pytest

from symact.budget import BudgetExceeded, attempt, time_budget


def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def test_budget_interrupts_a_long_step():
    """A 5 s loop under a 0.2 s budget is interrupted within 0.5 s."""
    start = time.monotonic()
    with pytest.raises(BudgetExceeded), time_budget(0.2):
        _spin(5)
    assert time.monotonic() - start < 0.5


def test_attempt_reports_reason():
    """attempt() turns an exhausted budget into (None, reason)."""
    result, reason = attempt(lambda: _spin(5), 0.1)
    assert result is None
    assert "time budget" in reason


def test_attempt_passes_results_through():
    """A step within its budget returns its result and no reason."""
    assert attempt(lambda: _spin(0.01), 1.0) == ("done", None)


def test_nested_budget_keeps_the_tighter_deadline():
    """An inner budget longer than the outer one cannot extend the outer deadline."""
    start = time.monotonic()
    with pytest.raises(BudgetExceeded), time_budget(0.2), time_budget(10):
        _spin(5)
    assert time.monotonic() - start < 0.5


def test_alarm_swallowed_by_a_finalizer_is_not_reported_and_fires_again(monkeypatch) -> None:
    """An alarm landing in a __del__ is swallowed by Python; the budget fires again and
    the swallowed exception is not reported as "Exception ignored in" (the hook Python
    calls for it sees nothing)."""
    import gc
    import sys
    import time as clock

    from symact.budget import BudgetExceeded, time_budget

    reported = []
    monkeypatch.setattr(sys, "unraisablehook", lambda args: reported.append(args.exc_type))

    class Slow:
        def __del__(self) -> None:  # burns CPU inside a finalizer
            end = clock.process_time() + 0.3
            while clock.process_time() < end:
                pass

    start = clock.process_time()
    with pytest.raises(BudgetExceeded), time_budget(0.1):
        Slow()  # deleted at once: the alarm lands inside __del__
        gc.collect()
        while True:
            pass
    assert clock.process_time() - start < 1.0
    assert reported == []


def test_an_overflow_is_undetermined_not_a_crash() -> None:
    """Found by fuzzing (once, in a long run): an mpmath number whose exponent outgrew
    Python's integers raised OverflowError ("too many digits in integer") out of the
    monotonicity step, and the analysis failed. It is a step that could not be done."""
    from symact.budget import attempt

    def step() -> None:
        raise OverflowError("too many digits in integer")  # CPython's message for it

    result, reason = attempt(step, 1.0)
    assert result is None and reason.startswith("OverflowError")


def test_budget_is_not_swallowed_by_code_that_catches_exception():
    """Library code that catches ``Exception`` and carries on (SymPy does, in places)
    cannot keep a step running past its budget: 200 rounds of 10 ms, each swallowing
    whatever ``Exception`` it meets, are stopped within 0.5 s of CPU."""
    start = time.process_time()
    with pytest.raises(BudgetExceeded), time_budget(0.2):
        for _ in range(200):
            with contextlib.suppress(Exception):
                _spin(0.01)
    assert time.process_time() - start < 0.5


def test_overall_deadline_just_outside_a_step_is_undetermined(monkeypatch):
    """The analysis's wall-clock deadline can fire just outside a step's own budget
    (a BaseException since BudgetExceeded became one): the step is undetermined, the
    analysis does not crash."""
    from symact import analysis

    def out_of_time(step, seconds):
        raise BudgetExceeded("overall time budget of 5 s exceeded")

    monkeypatch.setattr(analysis, "attempt", out_of_time)
    derived = analysis._Runner(1.0, 5.0).run("f0", lambda: None)
    assert not derived.known and "overall time budget" in derived.reason


@pytest.mark.parametrize("formula", ["exp(exp(exp(exp(x))))", "exp(exp(x**20))"])
def test_define_of_a_tower_of_exponentials_returns_in_seconds(formula):
    """Such a value at x = 3 has more than 10^8 digits before the point (e^{e^{e^{e^3}}}:
    e^{e^3} ≈ 5.3e8, so the outer exponent alone exceeds 10^{10^8}); checking it is real
    and finite is decided from its structure, not computed for ever."""
    import symact

    start = time.process_time()
    activation = symact.define("tower", formula)
    assert time.process_time() - start < 5
    assert activation.function.has(symact.symbols.x)


TOWER = "exp(exp(x**20))"
"""At x = 3 the inner exponential is e^{3^20} ≈ 10^{1.5e9}: mpmath's value of the outer one
needs a 5e9-bit integer and ln 2 to 5e9 bits (it ran for minutes, or raised MemoryError)."""


def test_numpy_of_a_tower_gives_its_values_and_overflows_to_inf():
    """``numpy()`` compiles (its limits far out read nothing instead of raising
    OverflowError) and agrees with mpmath; beyond the float range the value is inf."""
    import mpmath
    import numpy as np

    import symact

    f = symact.define("tower", TOWER).numpy()
    points = [0.0, 0.5, -1.0, 1.05]
    got = f(np.array([*points, 2.0, -2.0]))
    want = [float(mpmath.exp(mpmath.exp(mpmath.mpf(t) ** 20))) for t in points]
    assert np.allclose(got[:4], want, rtol=1e-12)
    assert np.all(np.isposinf(got[4:]))


def test_plot_and_relation_search_of_a_tower_return_in_seconds(tmp_path):
    """Plotting f, f′, f″ and searching f′ = p(f) or another activation finish within a
    few CPU seconds (points out of reach are gaps; no relation holds: f′ = 20x¹⁹ e^{x²⁰} f
    is no polynomial in f), where each used to run for minutes or raise MemoryError."""
    import sympy as sp

    import symact
    from symact.derivation import derivative_steps
    from symact.plotting import plot_activation

    activation = symact.define("tower", TOWER)
    start = time.process_time()
    plot_activation(activation, None, tmp_path / "tower.svg", derivatives=True)
    assert (tmp_path / "tower.svg").stat().st_size > 0
    assert time.process_time() - start < 10
    f = activation.function
    sigmoid = symact.get("sigmoid").function
    start = time.process_time()
    steps = derivative_steps(f, sp.diff(f, symact.symbols.x), [("sigmoid", sigmoid)])
    assert steps.relations == ()
    assert time.process_time() - start < 5


def test_relation_search_still_finds_the_logistic_equation():
    """σ′ = σ(1 − σ) and softplus′ = σ, both classical, are still found and proven."""
    import sympy as sp

    import symact
    from symact.derivation import as_other_activation, in_terms_of_f

    x = symact.symbols.x
    sigma = symact.get("sigmoid").function
    relation = in_terms_of_f(sigma, sp.diff(sigma, x))
    assert relation is not None and sp.simplify(relation.rhs - sigma * (1 - sigma)) == 0
    softplus_slope = sp.diff(symact.get("softplus").function, x)
    found = as_other_activation(softplus_slope, [("sigmoid", sigma), ("tanh", sp.tanh(x))])
    assert [r.other for r in found] == ["sigmoid"]


def test_proof_value_of_a_tower_is_shown_as_written_when_out_of_time():
    """The nonlinearity proof on a page shows f(3) for σ(e^{e^{x³⁰}}); SymPy evaluates
    e^c while building or printing it (for minutes), so past its budget the value is
    shown as written, in well under the old minutes."""
    import sympy as sp

    from symact.site.activation_page import EVALUATION_SECONDS, _evaluation
    from symact.symbols import x

    f = 1 / (1 + sp.exp(-sp.exp(sp.exp(x**30))))
    start = time.process_time()
    shown = _evaluation(f, sp.Integer(3))
    assert time.process_time() - start < EVALUATION_SECONDS + 2
    assert shown.startswith("f(3) = ") and "3^{30}" in shown
    assert _evaluation(sp.exp(x) + sp.sin(x), sp.Integer(0)) == "f(0) = 1"
