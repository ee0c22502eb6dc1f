r"""The derivation engine: every property of a scalar activation, with provenance.

`analyze` runs each derivation step under its own time budget
(`symact.budget`); a step that fails or runs out is reported ``undetermined``
with the reason and the others still complete. Results are cached on disk by a hash
of the definition, the parameter values and the symact version
(`symact.cache`), and `analyze_all` spreads the catalog over processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import sympy as sp

from . import cache, deadline, properties, statistics, workers
from .activation import Activation
from .bounds import largest_magnitude
from .budget import DEFAULT_STEP_SECONDS, BudgetExceeded, attempt, ran_out
from .calculus import Kink, Smoothness, derivative_pieces, kinks, simplified, smoothness
from .image import End, Image, ImageUndetermined, image, two_sided_limit
from .nonlinearity import LinearityProof, Witness, prove
from .pieces import NotPiecewiseSmooth, Pieces, Segment, as_piecewise, decompose
from .provenance import Derived, exact, numeric, undetermined
from .shape import (
    Monotone,
    dead_gradient_set,
    limits_at_infinity,
    limits_of_f_and_gradient,
    monotonicity,
    vanishing_gradient,
)
from .symbols import x
from .symmetry import Verdict, is_even, is_odd, value_at_zero


@dataclass(frozen=True)
class Extremum:
    """A supremum or infimum: its value, whether attained, and where (points or intervals)."""

    value: sp.Expr
    attained: bool
    where: tuple[sp.Expr | sp.Set, ...]


@dataclass
class Analysis:
    """Everything symact derives about one scalar activation.

    Each field is a `symact.provenance.Derived` value; ``timings`` holds the
    seconds each step took.
    """

    name: str
    function: sp.Expr
    derivative: Derived[sp.Expr]
    second_derivative: Derived[sp.Expr]
    pieces: Derived[Pieces]
    kinks: Derived[list[Kink]]
    range: Derived[Image]
    argmin: Derived[sp.Expr | None]
    limits: Derived[dict[str, dict[str, sp.Expr]]]
    gradient_range: Derived[Image]
    max_gradient: Derived[Extremum]
    lipschitz: Derived[sp.Expr]
    dead_set: Derived[sp.Set]
    vanishing: Derived[dict[str, bool]]
    monotonic: Derived[Monotone]
    continuity: Derived[Smoothness]
    f0: Derived[sp.Expr]
    df0: Derived[sp.Expr | None]
    odd: Derived[Verdict]
    even: Derived[Verdict]
    gaussian_mean: Derived[sp.Expr]
    identity_near_origin: Derived[bool]
    bounded: Derived[dict[str, bool]]
    nonlinearity: Derived[LinearityProof]
    gaussian_second_moment: Derived[sp.Expr]
    gaussian_variance: Derived[sp.Expr]
    gaussian_grad_mean: Derived[sp.Expr]
    gaussian_grad_second_moment: Derived[sp.Expr]
    gain_forward: Derived[sp.Expr]
    gain_backward: Derived[sp.Expr]
    taylor: Derived[properties.Taylor]
    convexity: Derived[properties.Convexity]
    derivative_lipschitz: Derived[sp.Expr]
    inverse: Derived[sp.Expr | None]
    self_gating: Derived[properties.SelfGating]
    saturation: Derived[dict[str, properties.Saturation]]
    timings: dict[str, float] = field(default_factory=dict)

    def properties(self) -> dict[str, Derived[Any]]:
        """Every derived property by name."""
        return {name: value for name, value in vars(self).items() if isinstance(value, Derived)}


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


MOMENT_STEPS = frozenset(
    {
        "odd",
        "even",
        "gaussian_mean",
        "nonlinearity",
        "gaussian_second_moment",
        "gaussian_variance",
        "gaussian_grad_mean",
        "gaussian_grad_second_moment",
        "gain_forward",
        "gain_backward",
        "taylor",
        "self_gating",
    }
)
"""The steps of the ``"moments"`` part of an analysis: symmetry, Gaussian statistics and
the algebraic proofs, which need nothing of the ``"shape"`` part (images, limits,
monotonicity, …) but f, f′ and f(0). `analyze_all` runs the two parts of one activation
in different processes, so that the slowest activation does not set the wall time."""

SHARED_STEPS = frozenset({"pieces", "derivative_pieces", "f0", "df0"})
"""Steps both parts run (each needs them, and they are cheap)."""

PARTS = ("shape", "moments")


def _in_part(step: str, part: str | None) -> bool:
    if part is None or step in SHARED_STEPS:
        return True
    return (step in MOMENT_STEPS) == (part == "moments")


STEP_SCALE = {"saturation": 2.0}
"""Steps given a multiple of the step budget: the saturation rate takes up to four
Gruntz limits (GELU-tanh's log|f′|/x alone costs about 4 s of CPU)."""


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


def _image_derived(image_value: Image, what: str) -> Derived[Image]:
    if image_value.status == "exact":
        return exact(image_value)
    bound = max(image_value.lower.bound, image_value.upper.bound)
    return numeric(image_value, bound, f"certified interval enclosure of {what}")


def _checked_image(pieces: Pieces, what: str) -> Derived[Image]:
    try:
        return _image_derived(image(pieces), what)
    except (ImageUndetermined, NotPiecewiseSmooth) as error:
        return undetermined(str(error))


def _extremum_of_abs(gradient: Image) -> Extremum:
    """sup |f′| from the image of f′, at every place it is attained (`largest_magnitude`:
    both ends when they tie, as for sinc's odd f′ at ±2.0816; each place once)."""
    return Extremum(*largest_magnitude(gradient.lower, gradient.upper))


def _argmin(f_range: Derived[Image]) -> Derived[sp.Expr | sp.Set | None]:
    """Where f attains its minimum (None when it does not): exact where the minimum's
    places are, numeric with their own certified error when a place is an isolated
    root of f′ (not the error of the minimum's value, which is far smaller near a
    minimum: GELU's value is known to 1e-31 from a place known to 5e-31)."""
    lower = f_range.value.lower
    if not lower.closed:
        return _same_provenance(f_range, None)
    where = locus(lower.where)
    if lower.status == "numeric":
        method = "certified root isolation of f′ (the places of the minimum)"
        return numeric(where, lower.where_bound, method, f_range.reason)
    return exact(where, f_range.reason)


def _same_provenance(source: Derived[Any], value: Any) -> Derived[Any]:
    if source.status == "numeric":
        return numeric(value, source.bound or 0.0, source.method or "numeric", source.reason)
    return exact(value, source.reason)


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
    run = runner.run
    f = activation.function
    pieces = run("pieces", lambda: exact(decompose(f)))
    d_pieces = run("derivative_pieces", lambda: exact(derivative_pieces(pieces.value)), pieces)
    dd_pieces = run(
        "second_derivative_pieces", lambda: exact(derivative_pieces(d_pieces.value)), d_pieces
    )
    derivative = run(
        "derivative", lambda: exact(as_piecewise(simplified(d_pieces.value))), d_pieces
    )
    second = run(
        "second_derivative", lambda: exact(as_piecewise(simplified(dd_pieces.value))), dd_pieces
    )
    kink_list = run("kinks", lambda: exact(kinks(pieces.value)), pieces)
    limits = run(
        "limits", lambda: limits_of_f_and_gradient(pieces.value, d_pieces.value), pieces, d_pieces
    )
    gradient = run("gradient_range", lambda: _checked_image(d_pieces.value, "f′"), d_pieces)
    monotone = run("monotonic", lambda: _monotonicity(pieces.value, gradient), pieces)
    f_range = run("range", lambda: _range(pieces.value, limits, monotone), pieces)
    argmin = run("argmin", lambda: _argmin(f_range), f_range)
    max_gradient = run(
        "max_gradient",
        lambda: _same_provenance(gradient, _extremum_of_abs(gradient.value)),
        gradient,
    )
    continuity = run("continuity", lambda: _smoothness_derived(pieces.value), pieces)
    lipschitz = run(
        "lipschitz",
        lambda: _same_provenance(
            max_gradient, sp.oo if continuity.value.k == -1 else max_gradient.value.value
        ),
        max_gradient,
        continuity,
    )
    dead = run("dead_set", lambda: exact(dead_gradient_set(d_pieces.value)), d_pieces)
    vanishing = run(
        "vanishing",
        lambda: vanishing_gradient(d_pieces.value, limits.value["df"] if limits.known else None),
        d_pieces,
    )
    f0 = run("f0", lambda: exact(value_at_zero(f)))
    df0 = run("df0", lambda: exact(_derivative_at_zero(d_pieces.value)), d_pieces)
    odd = run("odd", lambda: _verdict(is_odd(f)))
    even = run("even", lambda: _verdict(is_even(f)))
    mean = run("gaussian_mean", lambda: _gaussian_mean(pieces.value, odd), pieces)
    identity = run(
        "identity_near_origin",
        lambda: exact(bool(f0.value == 0 and df0.value is not None and df0.value == 1)),
        f0,
        df0,
    )
    bounded = run(
        "bounded",
        lambda: _same_provenance(
            f_range,
            {"below": f_range.value.bounded_below, "above": f_range.value.bounded_above},
        ),
        f_range,
    )
    proof = run("nonlinearity", lambda: exact(prove(f)))
    second_moment = run(
        "gaussian_second_moment", lambda: statistics.expectation(pieces.value, True), pieces
    )
    variance = run(
        "gaussian_variance", lambda: statistics.variance(mean, second_moment), mean, second_moment
    )
    grad_mean = run("gaussian_grad_mean", lambda: statistics.expectation(d_pieces.value), d_pieces)
    grad_second = run(
        "gaussian_grad_second_moment",
        lambda: statistics.expectation(d_pieces.value, True),
        d_pieces,
    )
    gain_forward = run(
        "gain_forward", lambda: statistics.inverse_sqrt(second_moment, "E[f(Z)²]"), second_moment
    )
    gain_backward = run(
        "gain_backward", lambda: statistics.inverse_sqrt(grad_second, "E[f′(Z)²]"), grad_second
    )
    taylor = run("taylor", lambda: properties.taylor(pieces.value), pieces)
    convex = run(
        "convexity",
        lambda: properties.convexity(d_pieces.value, continuity.value.k >= 0),
        d_pieces,
        continuity,
        gradient,  # the same critical points of f′ (memoised); skip when they were not found
    )
    d_lipschitz = run(
        "derivative_lipschitz",
        lambda: properties.derivative_lipschitz(
            dd_pieces.value, continuity.value.k >= 1, gradient.status == "exact"
        ),
        dd_pieces,
        continuity,
        gradient,  # f″ is harder than f′: not attempted when the image of f′ was not found
    )
    inverse = run(
        "inverse", lambda: properties.inverse(pieces.value, monotone.value.kind), pieces, monotone
    )
    gating = run("self_gating", lambda: properties.self_gating(f, f0.value), f0)
    saturation = run(
        "saturation",
        lambda: properties.saturation(d_pieces.value, limits.value["df"] if limits.known else None),
        d_pieces,
    )
    return Analysis(
        name=activation.name,
        function=f,
        derivative=derivative,
        second_derivative=second,
        pieces=pieces,
        kinks=kink_list,
        range=f_range,
        argmin=argmin,
        limits=limits,
        gradient_range=gradient,
        max_gradient=max_gradient,
        lipschitz=lipschitz,
        dead_set=dead,
        vanishing=vanishing,
        monotonic=monotone,
        continuity=continuity,
        f0=f0,
        df0=df0,
        odd=odd,
        even=even,
        gaussian_mean=mean,
        identity_near_origin=identity,
        bounded=bounded,
        nonlinearity=proof,
        gaussian_second_moment=second_moment,
        gaussian_variance=variance,
        gaussian_grad_mean=grad_mean,
        gaussian_grad_second_moment=grad_second,
        gain_forward=gain_forward,
        gain_backward=gain_backward,
        taylor=taylor,
        convexity=convex,
        derivative_lipschitz=d_lipschitz,
        inverse=inverse,
        self_gating=gating,
        saturation=saturation,
        timings=runner.timings,
    )


def merge_parts(shape: Analysis, moments: Analysis) -> Analysis:
    """The analysis whose moment steps (`MOMENT_STEPS`) come from ``moments`` and all
    others from ``shape``; timings of the shared steps are the shape part's."""
    taken = {name: getattr(moments, name) for name in MOMENT_STEPS}
    timings = {**moments.timings, **shape.timings}
    return replace(shape, **taken, timings=timings)


def locus(where: tuple[sp.Expr | sp.Set, ...]) -> sp.Expr | sp.Set:
    """The places in ``where`` as one point, or as one SymPy set when there are several."""
    places = sp.Union(*(w if isinstance(w, sp.Set) else sp.FiniteSet(w) for w in where))
    if isinstance(places, sp.FiniteSet) and len(places) == 1:
        return next(iter(places))
    return places


def _range(pieces: Pieces, limits: Derived[Any], monotone: Derived[Monotone]) -> Derived[Image]:
    """The image of f; when its critical points cannot all be found (snake: x + sin²x), a
    strictly monotone analytic f still maps ℝ onto the open interval between its limits."""
    found = _checked_image(pieces, "the range")
    if found.known or not (pieces.is_single and monotone.known):
        return found
    direction = monotone.value.kind
    if direction not in ("increasing", "decreasing"):
        return found
    if limits.known:
        at_infinity = limits.value["f"]
    else:  # the limits step also fails when f′ has none (snake: 1 + sin 2x)
        expr = pieces.segments[0].expr
        at_infinity = limits_at_infinity(expr, expr)
    ends = [at_infinity["-oo"], at_infinity["oo"]]
    places: list[tuple[sp.Expr, ...]] = [(-sp.oo,), (sp.oo,)]
    if direction == "decreasing":
        ends.reverse()
        places.reverse()
    low, high = (End(v, False, w, "exact") for v, w in zip(ends, places, strict=True))
    return exact(
        Image(low, high, sp.Interval.open(ends[0], ends[1]), "exact"),
        f"f is strictly {direction} and continuous: its range is the open interval between "
        f"its limits at ±∞ ({found.reason})",
    )


def _monotonicity(pieces: Pieces, gradient: Derived[Image]) -> Derived[Monotone]:
    """Monotonicity from the signs of f′ on each segment; when those cannot all be found
    (infinitely many critical points: sin), f is still *not* monotone if f′ takes both
    signs, which the range of f′ shows."""
    try:
        return exact(monotonicity(pieces))
    except ImageUndetermined as error:
        one_sign = _one_signed_analytic(pieces, gradient)
        if one_sign is not None:
            return one_sign
        if gradient.known and _takes_both_signs(gradient.value):
            low, high = gradient.value.lower.value, gradient.value.upper.value
            return exact(
                Monotone("none", ()),
                f"f′ takes both signs (inf f′ = {sp.N(low, 6)} < 0 < sup f′ = {sp.N(high, 6)}); "
                f"the intervals of each direction were not found: {error}",
            )
        raise


def _one_signed_analytic(pieces: Pieces, gradient: Derived[Image]) -> Derived[Monotone] | None:
    """f′ ≥ 0 on ℝ (or ≤ 0) for one analytic expression: f is strictly monotone, since the
    zeros of an analytic f′ that is not identically 0 are isolated (snake: 1 + sin 2x)."""
    if not (pieces.is_single and gradient.known):
        return None
    low = sp.N(gradient.value.lower.value, 30)
    high = sp.N(gradient.value.upper.value, 30)
    if low >= 0 and high > 0:
        direction = "increasing"
    elif high <= 0 and low < 0:
        direction = "decreasing"
    else:
        return None
    reason = (
        f"f′ has range [{sp.N(low, 6)}, {sp.N(high, 6)}], one sign, and is analytic and not "
        f"identically 0, so its zeros are isolated: f is strictly {direction}"
    )
    return exact(Monotone(direction, ((sp.Interval(-sp.oo, sp.oo), direction),)), reason)


def _takes_both_signs(img: Image) -> bool:
    return bool(sp.N(img.lower.value, 30) < 0 < sp.N(img.upper.value, 30))


def _smoothness_derived(pieces: Pieces) -> Derived[Smoothness]:
    result = smoothness(pieces)
    if result.exact:
        return exact(result, result.reason)
    return undetermined(f"C^{result.k} at least: {result.reason}")


def _derivative_at_zero(d_pieces: Pieces) -> sp.Expr | None:
    for point, value in zip(d_pieces.breakpoints, d_pieces.point_values, strict=True):
        if point == 0:
            return value
    for segment in d_pieces.segments:
        if segment.interval.contains(0) == sp.true:
            value = sp.simplify(segment.expr.subs(x, 0))
            if not value.has(sp.nan, sp.zoo):
                return value
            # a removable singularity of the formula (sinc′ = cos x/x − sin x/x²)
            try:
                return two_sided_limit(segment.expr, sp.S.Zero)
            except ImageUndetermined:
                return None
    return None


def _gaussian_mean(pieces: Pieces, odd: Derived[Verdict]) -> Derived[sp.Expr]:
    """E[f(Z)] for Z ~ N(0, 1): 0 for an odd f (φ is even), else `statistics.expectation`."""
    if odd.known and odd.value.holds:
        return exact(sp.S.Zero, "f is odd and φ is even")
    return statistics.expectation(pieces)


def _verdict(verdict: Verdict) -> Derived[Verdict]:
    if verdict.holds is None:
        return undetermined(verdict.reason)
    return exact(verdict, verdict.reason)


CACHE_KIND = cache.Kind(
    "analysis",
    Analysis,
    Derived,
    Pieces,
    Segment,
    Kink,
    Smoothness,
    Image,
    End,
    Extremum,
    Monotone,
    Verdict,
    LinearityProof,
    Witness,
    properties.Taylor,
    properties.Convexity,
    properties.SelfGating,
    properties.Saturation,
)
"""The cache entries of analyses: an `Analysis` and the classes of its values."""


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
