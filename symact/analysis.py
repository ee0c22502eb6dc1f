r"""The derivation engine: every property of a scalar activation, with provenance.

The properties are the records of `symact.derived` (`symact.registry.Property`);
`analyze_uncached` runs them in dependency order, each under its own time budget
(`symact.budget`); a step that fails or runs out is reported ``undetermined`` with the
reason, as is every step that needs it, and the others still complete. Results are
cached on disk by a hash of the definition, the parameter values and the symact version
(`symact.cache`), and `analyze_all` spreads the catalog over processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import sympy as sp

from . import cache, deadline, workers
from .activation import Activation
from .budget import DEFAULT_STEP_SECONDS, BudgetExceeded, attempt, ran_out
from .derived import PROPERTIES
from .derived.extent import Extremum, locus
from .provenance import Derived, undetermined
from .registry import PARTS, Inputs

__all__ = ["PARTS", "Analysis", "Extremum", "StepFailed", "analyze", "analyze_all", "locus"]


@dataclass
class Analysis:
    """Everything symact derives about one scalar activation.

    ``values`` holds each stored property of `symact.derived.PROPERTIES` by name, a
    `symact.provenance.Derived` value, also readable as an attribute (``a.range``);
    ``timings`` holds the seconds each step took.
    """

    name: str
    function: sp.Expr
    values: dict[str, Derived[Any]]
    timings: dict[str, float] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Derived[Any]:
        values = self.__dict__.get("values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(f"{type(self).__name__!r} has no property {name!r}")

    def properties(self) -> dict[str, Derived[Any]]:
        """Every derived property by name."""
        return dict(self.values)

    def replaced(self, **values: Derived[Any]) -> Analysis:
        """A copy with the named properties replaced (``a.replaced(range=exact(…))``),
        as `dataclasses.replace` did when each property was a field."""
        unknown = sorted(set(values) - set(self.values))
        if unknown:
            raise TypeError(f"{type(self).__name__} has no property {', '.join(unknown)}")
        return replace(self, values={**self.values, **values})


class StepFailed(RuntimeError):
    """A derivation step raised an unexpected exception (a bug to report, not SymPy
    giving up, which is reported as undetermined). Names the step and, once known, the
    activation."""

    def __init__(self, step: str, error: BaseException, activation: str | None = None) -> None:
        self.step, self.error, self.activation = step, error, activation
        where = f"{activation}: " if activation else ""
        super().__init__(f"{where}step {step!r} failed: {type(error).__name__}: {error}")

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process boundaries intact
        return (StepFailed, (self.step, self.error, self.activation))


MOMENT_STEPS = frozenset(p.name for p in PROPERTIES if p.part == "moments")
"""The steps of the ``"moments"`` part of an analysis: symmetry, Gaussian statistics and
the algebraic proofs, which need nothing of the ``"shape"`` part (images, limits,
monotonicity, …) but f, f′ and f(0). `analyze_all` runs the two parts of one activation
in different processes, so that the slowest activation does not set the wall time."""

SHARED_STEPS = frozenset(p.name for p in PROPERTIES if p.part == "both")
"""Steps both parts run (each needs them, and they are cheap)."""

STEP_SCALE = {p.name: p.scale for p in PROPERTIES if p.scale != 1.0}
"""Steps given a multiple of the step budget (`symact.registry.Property.scale`)."""


def _in_part(step: str, part: str | None) -> bool:
    if part is None or step in SHARED_STEPS:
        return True
    return (step in MOMENT_STEPS) == (part == "moments")


class _Runner:
    """Runs named steps under a budget and records their timings.

    With ``total`` seconds, the whole analysis also has a wall-clock deadline
    (`symact.deadline`): each step's CPU budget is capped by the time left, a step still
    running at the deadline is interrupted (and reported undetermined), and the steps
    after it are reported undetermined at once.
    """

    def __init__(self, seconds: float, total: float | None = None, part: str | None = None) -> None:
        self.seconds, self.total, self.part = seconds, total, part
        self.deadline = None if total is None else time.monotonic() + total
        self.timings: dict[str, float] = {}

    def budget(self, name: str = "") -> float | None:
        """This step's budget in seconds, or ``None`` when the overall one is spent."""
        seconds = self.seconds * STEP_SCALE.get(name, 1.0)
        if self.deadline is None:
            return seconds
        left = self.deadline - time.monotonic()
        return min(seconds, left) if left > 0 else None

    def _out_of_time(self) -> BudgetExceeded:
        return BudgetExceeded(self._out_of_time_reason())

    def _out_of_time_reason(self) -> str:
        return ran_out(self.total, "overall time budget")

    def _past_deadline(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def run(self, name: str, step: Callable[[], Derived[Any]], *needs: Derived[Any]) -> Derived:
        """``step()`` within its budget; undetermined with the reason when it fails, runs
        out of time, or needs an undetermined result. The overall deadline's alarm
        repeats until the step is left (mpmath's bare ``except`` can swallow one)."""
        if not _in_part(name, self.part):
            return undetermined(f"derived in the other part of the analysis than {self.part!r}")
        missing = [need for need in needs if not need.known]
        if missing:
            return undetermined(f"depends on an undetermined step: {missing[0].reason}")
        seconds = self.budget(name)
        if seconds is None:
            return undetermined(self._out_of_time_reason())
        start = time.perf_counter()
        try:
            with deadline.alarm(self.deadline, self._out_of_time, repeat=True):
                result, reason = attempt(step, seconds)
        except BudgetExceeded:  # the overall deadline, just outside the step
            return undetermined(self._out_of_time_reason())
        except Exception as error:  # a bug, not SymPy giving up: name the step
            raise StepFailed(name, error) from error
        self.timings[name] = time.perf_counter() - start
        if reason is not None:
            timed_out = reason == ran_out(seconds) and self._past_deadline()
            return undetermined(self._out_of_time_reason() if timed_out else reason)
        return result


def analyze_uncached(
    activation: Activation,
    step_seconds: float | None = None,
    total_seconds: float | None = None,
    part: str | None = None,
) -> Analysis:
    """Derive every property of ``activation`` (no cache): each step within
    ``step_seconds``, the whole within ``total_seconds`` of wall-clock time (see `_Runner`).

    With ``part`` (one of `PARTS`) only that part's steps run; `merge_parts` joins the
    two halves into the analysis a single run gives."""
    if part is not None and part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    runner = _Runner(step_seconds or DEFAULT_STEP_SECONDS, total_seconds, part)
    found: dict[str, Derived[Any]] = {}
    inputs = Inputs(activation.function, found)
    for prop in PROPERTIES:
        needs = (found[name] for name in prop.needs)
        found[prop.name] = runner.run(prop.name, lambda p=prop: p.derive(inputs), *needs)
    stored = {prop.name: found[prop.name] for prop in PROPERTIES if prop.stored}
    return Analysis(activation.name, activation.function, stored, runner.timings)


def merge_parts(shape: Analysis, moments: Analysis) -> Analysis:
    """The analysis whose moment steps (`MOMENT_STEPS`) come from ``moments`` and all
    others from ``shape``; timings of the shared steps are the shape part's."""
    values = {
        name: moments.values[name] if name in MOMENT_STEPS else derived
        for name, derived in shape.values.items()
    }
    timings = {**moments.timings, **shape.timings}
    return Analysis(shape.name, shape.function, values, timings)


CACHE_KIND = cache.Kind(
    "analysis",
    Analysis,
    Derived,
    *dict.fromkeys(cls for prop in PROPERTIES for cls in prop.value_classes),
)
"""The cache entries of analyses: an `Analysis` and the classes of its values (each
property record names its own, `symact.registry.Property.value_classes`)."""


def analyze(
    activation: Activation, step_seconds: float | None = None, total_seconds: float | None = None
) -> Analysis:
    """Derive every property of ``activation``, from the disk cache when possible.

    ``total_seconds`` bounds the whole analysis (`analyze_uncached`); a result cut short by
    it is not cached, so the cache key does not depend on it.
    """
    key = cache.key_for(activation, step_seconds)
    found = cache.load(key, CACHE_KIND)
    if found is not None:
        return found
    try:
        result = analyze_uncached(activation, step_seconds, total_seconds)
    except StepFailed as failure:
        raise StepFailed(failure.step, failure.error, activation.name) from failure.error
    if not _ran_out_of_time(result):
        cache.store(key, CACHE_KIND, result)
    return result


def _ran_out_of_time(result: Analysis) -> bool:
    """True if a step hit its budget: such results depend on machine load, not cached."""
    return any(
        d.status == "undetermined" and "time budget" in (d.reason or "")
        for d in result.properties().values()
    )


def _analyze_part(item: tuple[Activation, float | None, str | None]) -> Analysis:
    activation, seconds, part = item
    try:
        return analyze_uncached(activation, seconds, part=part)
    except StepFailed as failure:
        raise StepFailed(failure.step, failure.error, activation.name) from failure.error


def analyze_all(
    activations: Iterable[Activation],
    processes: int | None = None,
    step_seconds: float | None = None,
    progress: Callable[[Activation, Analysis], None] | None = None,
) -> list[Analysis]:
    """Analyse many activations (catalog or user-defined) on ``processes`` workers.

    Cached analyses are loaded here; each of the others runs as two tasks (its
    `PARTS`), so the slowest activation is spread over two workers, and is merged and
    cached when both are done. ``progress(activation, analysis)`` is called as each one
    finishes (in completion order); the result list is in the caller's order. An
    unexpected failure raises `StepFailed` naming the activation and the step; it, or an
    interrupt, stops every worker at once (`symact.workers`).
    """
    activations = list(activations)
    results: list[Analysis | None] = [None] * len(activations)
    if processes == 1 or len(activations) <= 1:
        for position, activation in enumerate(activations):
            results[position] = analyze(activation, step_seconds)
            if progress:
                progress(activation, results[position])
        return results  # type: ignore[return-value]
    keys = [cache.key_for(a, step_seconds) for a in activations]
    todo = []
    for position, (activation, key) in enumerate(zip(activations, keys, strict=True)):
        results[position] = cache.load(key, CACHE_KIND)
        if results[position] is None:
            todo.append(position)
        elif progress:
            progress(activation, results[position])
    # Longest first (longest-processing-time scheduling); the size of the definition is
    # the estimate, and a shape part counts as twice its moments part.
    size = {i: len(sp.srepr(activations[i].function)) for i in todo}
    tasks = sorted(
        ((i, part) for i in todo for part in PARTS),
        key=lambda t: -size[t[0]] * (2 if t[1] == "shape" else 1),
    )
    halves: dict[int, dict[str, Analysis]] = {i: {} for i in todo}
    jobs = [(activations[i], step_seconds, part) for i, part in tasks]
    with workers.pool(processes) as pool:
        for task, half in workers.unordered(pool, _analyze_part, jobs):
            position, part = tasks[task]
            halves[position][part] = half
            if len(halves[position]) < len(PARTS):
                continue
            merged = merge_parts(halves[position]["shape"], halves[position]["moments"])
            if not _ran_out_of_time(merged):
                cache.store(keys[position], CACHE_KIND, merged)
            results[position] = merged
            if progress:
                progress(activations[position], merged)
    return results  # type: ignore[return-value]
