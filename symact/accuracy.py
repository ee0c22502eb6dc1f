r"""How exact a numerical evaluation of an activation is: errors in ULP against mpmath.

The reference value $f(x)$ at each grid point is the catalog's SymPy expression
lambdified to mpmath and evaluated at increasing precision (50/70, 160/180, 330/350
digits) until two precisions agree to 25 digits: independent of every NumPy code path
and exact where the textbook formula cancels ($e^x - 1$ at $x = -10^{-200}$). An
evaluation passes at $x$ when

$$ |\tilde f(x) - f(x)| \le 4\,\mathrm{ulp}(f(x)) + 4\,\varepsilon\,|x f'(x)|, $$

i.e. it is within 4 ULP, or no worse than the exact value at an input perturbed by
4 ULP where $f$ is ill-conditioned (next to a zero of $f$, the GELU tail). For $f'$
the condition term uses $f''$. Points with $|f(x)| < 10^{-300}$ ($10^{-36}$ in float32)
are not scored. Special inputs are scored apart: $\pm\infty$ must give the limits,
NaN must give NaN, no finite input may give a wrong ±∞ or NaN, and no RuntimeWarning
may be emitted.

`accuracy_markdown` renders the site's "Numerical accuracy" page from these scores.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

from .catalog import CATALOG
from .numerics import compile_numpy, limit_at
from .symbols import x

ULP_BOUND = 4
"""The allowed error, in ULP and in input-perturbation ULP (see module doc)."""

SCORED_FROM = {np.float64: 1e-300, np.float32: 1e-36}
"""Smallest |f(x)| scored per dtype."""

_LADDER = ((50, 70), (160, 180), (330, 350))
_AGREEMENT = mpmath.mpf(10) ** -25
_CHEAP_LIMIT = 1e6
"""Beyond this |x| the 330-digit level is skipped: mpmath's exp of a huge argument is
slow there, and anything it could resolve is below 10⁻³⁰⁰ relative to e^{±x}."""


Evaluator = Callable[[np.ndarray], np.ndarray]


def float_grid(dtype: type = np.float64, points: int = 1600) -> np.ndarray:
    """Finite inputs covering the whole float range of ``dtype``.

    Log-spaced magnitudes from the smallest normal to the largest on both signs
    (``points`` of them), the dense window [−40, 40] (``points`` more), the overflow
    thresholds of exp (±709.78 and the underflow edge ±745 in float64; ±88.72, ±103.97
    in float32) with their neighbours, ±0 and the smallest subnormals.
    """
    info = np.finfo(dtype)
    top = math.log10(float(info.max))
    with np.errstate(over="ignore"):
        magnitudes = np.logspace(math.log10(float(info.tiny)), top, points // 2)
    dense = np.linspace(-40.0, 40.0, points + 1)
    overflow = math.log(float(info.max))
    underflow = -math.log(float(info.smallest_subnormal))
    edges = np.array([overflow, underflow, overflow * (1 + 1e-6), underflow * (1 - 1e-6)])
    specials = [0.0, -0.0, float(info.smallest_subnormal), -float(info.smallest_subnormal)]
    values = np.concatenate([magnitudes, -magnitudes, dense, edges, -edges, specials])
    values = values.astype(dtype)
    values = values[np.isfinite(values)]
    order = np.lexsort((np.signbit(values), values))
    return values[order][np.concatenate([[True], np.diff(values[order]) != 0])]


def _mpmath_function(expr: sp.Expr) -> Callable:
    return sp.lambdify(x, expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero), "mpmath")


def _evaluate(function: Callable, point: float, digits: int) -> mpmath.mpf | None:
    with mpmath.workdps(digits):
        try:
            value = function(mpmath.mpf(point))
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            return None
        value = mpmath.mpmathify(value)
        if isinstance(value, mpmath.mpc):
            if abs(value.imag) > _AGREEMENT * (1 + abs(value.real)):
                return None
            value = value.real
        return +value


def reference_value(function: Callable, point: float) -> mpmath.mpf | None:
    """``function`` (an mpmath lambdification) at ``point``, resolved to 25 digits.

    ``None`` when the precisions never agree (an unresolved point, reported as such).
    """
    for level, (low, high) in enumerate(_LADDER):
        if level == len(_LADDER) - 1 and abs(point) > _CHEAP_LIMIT:
            return mpmath.mpf(0) if coarse == fine == 0 else None
        coarse, fine = _evaluate(function, point, low), _evaluate(function, point, high)
        if coarse is None or fine is None:
            return None
        if not mpmath.isfinite(fine):
            both_nan = mpmath.isnan(coarse) and mpmath.isnan(fine)
            return fine if both_nan or coarse == fine else None
        if fine != 0 and abs(coarse - fine) <= _AGREEMENT * abs(fine):
            return fine
    return mpmath.mpf(0) if coarse == fine == 0 else None


@functools.lru_cache(maxsize=256)
def references(expr: sp.Expr, points: tuple[float, ...]) -> tuple[mpmath.mpf | None, ...]:
    """`reference_value` of ``expr`` at every point (cached: shared by all evaluations)."""
    function = _mpmath_function(expr)
    return tuple(reference_value(function, p) for p in points)


@functools.lru_cache(maxsize=256)
def magnitudes(expr: sp.Expr, points: tuple[float, ...]) -> tuple[mpmath.mpf | None, ...]:
    """``expr`` at every point, once at 50 digits: enough for the condition term of the
    bound, which needs the size of f′, not its last digits."""
    function = _mpmath_function(expr)
    return tuple(_evaluate(function, p, _LADDER[0][0]) for p in points)


def _to_float(value: mpmath.mpf | None, dtype: type) -> float:
    if value is None:
        return math.nan
    with np.errstate(over="ignore"):
        return float(dtype(float(value)))


def ulp(value: float, dtype: type) -> float:
    """The spacing of ``dtype`` at ``|value|`` (the largest finite spacing past the top)."""
    magnitude = min(abs(value), float(np.finfo(dtype).max))
    with np.errstate(over="ignore"):
        return float(np.spacing(dtype(magnitude)))


@dataclass(frozen=True)
class Score:
    """How one evaluation of f (or f′) did on a grid.

    Attributes:
        max_ulp, median_ulp: Error in ULP of the exact value over the scored points.
        bound_failures: Scored points breaking ``4 ulp + 4 ε |x f′(x)|``.
        scored: Number of scored points (|f(x)| at least `SCORED_FROM`).
        wrong_nonfinite: Finite inputs whose output is ±∞ or NaN where the exact value
            (rounded to the dtype) is not, or finite where it overflows.
        special_failures: Which of +∞, −∞, NaN gave the wrong value.
        warnings: RuntimeWarnings emitted over the whole grid and the special inputs.
        unresolved: Grid points where the reference did not settle (not scored).
        failed: Set when the evaluation raised instead of returning; the message.
    """

    max_ulp: float
    median_ulp: float
    bound_failures: int
    scored: int
    wrong_nonfinite: int
    special_failures: tuple[str, ...]
    warnings: int
    unresolved: int
    failed: str = ""

    @property
    def passes(self) -> bool:
        """Every target met: bound, no wrong ±∞/NaN, specials, no warnings."""
        return not (
            self.failed
            or self.bound_failures
            or self.wrong_nonfinite
            or self.special_failures
            or self.warnings
        )


def _run(evaluate: Evaluator, inputs: np.ndarray) -> tuple[np.ndarray, int]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="warn"):
            outputs = np.asarray(evaluate(inputs), dtype=np.float64)
    count = sum(issubclass(w.category, RuntimeWarning) for w in caught)
    return np.broadcast_to(outputs, inputs.shape), count


def _specials(evaluate: Evaluator, expr: sp.Expr, dtype: type) -> tuple[tuple[str, ...], int]:
    inputs = np.array([math.inf, -math.inf, math.nan], dtype=dtype)
    got, count = _run(evaluate, inputs)
    expected = [limit_at(expr, 1), limit_at(expr, -1), math.nan]
    failures = []
    for label, value, want in zip(("+inf", "-inf", "nan"), got, expected, strict=True):
        if want is None:
            continue
        want = _to_float(mpmath.mpf(want), dtype) if not math.isnan(want) else math.nan
        same = value == want or (math.isnan(value) and math.isnan(want))
        if not same:
            failures.append(f"{label}→{value:g} (want {want:g})")
    return tuple(failures), count


def score(
    evaluate: Evaluator,
    expr: sp.Expr,
    derivative: sp.Expr,
    grid: np.ndarray,
    dtype: type = np.float64,
) -> Score:
    """Score ``evaluate`` (a vectorised callable) as an evaluation of ``expr``.

    Args:
        evaluate: The implementation under test, called on a ``dtype`` array.
        expr: The exact function (SymPy, in ``x``).
        derivative: Its derivative, for the condition term of the bound.
        grid: Finite inputs (see `float_grid`), already of ``dtype``.
        dtype: ``numpy.float64`` or ``numpy.float32``.
    """
    points = tuple(float(p) for p in grid)
    exact = references(expr, points)
    slope = magnitudes(derivative, points)
    inputs = np.asarray(grid, dtype=dtype)
    try:
        got, count = _run(evaluate, inputs)
        special_failures, special_count = _specials(evaluate, expr, dtype)
    except Exception as error:  # an implementation that crashes scores as failed
        return Score(math.inf, math.inf, 0, 0, 0, (), 0, 0, f"{type(error).__name__}: {error}")
    eps = float(np.finfo(dtype).eps)
    errors, failures, wrong, unresolved = [], 0, 0, 0
    for point, value, want, want_slope in zip(points, got, exact, slope, strict=True):
        if want is None:
            unresolved += 1
            continue
        rounded = _to_float(want, dtype)
        if not math.isfinite(value) or not math.isfinite(rounded):
            wrong += not (value == rounded or (math.isnan(value) and math.isnan(rounded)))
            continue
        if abs(want) < SCORED_FROM[dtype]:
            continue
        error = abs(mpmath.mpf(value) - want)
        unit = ulp(rounded, dtype)
        errors.append(float(error / unit))
        condition = 0 if want_slope is None else abs(point * want_slope)
        failures += error > ULP_BOUND * unit + ULP_BOUND * eps * condition
    return Score(
        max_ulp=max(errors, default=0.0),
        median_ulp=float(np.median(errors)) if errors else 0.0,
        bound_failures=failures,
        scored=len(errors),
        wrong_nonfinite=wrong,
        special_failures=special_failures,
        warnings=count + special_count,
        unresolved=unresolved,
    )


def derivatives(expr: sp.Expr, order: int) -> tuple[sp.Expr, sp.Expr]:
    """f^(order) and f^(order+1) as SymPy differentiates ``expr``."""
    value = sp.diff(expr, x, order) if order else expr
    return value, sp.diff(value, x)


def lambdify_textbook(expr: sp.Expr) -> Evaluator:
    """The plain baseline: ``sympy.lambdify(x, expr, ["scipy", "numpy"])``, nothing else."""
    return sp.lambdify(x, expr, ["scipy", "numpy"])


def _fmt(value: float) -> str:
    if math.isinf(value):
        return "∞"
    return f"{value:.2g}" if value < 100 else f"{value:.1e}"


def _verdict(result: Score) -> str:
    if result.failed:
        return "crashes"
    problems = []
    if result.bound_failures:
        problems.append(f"{result.bound_failures} over bound")
    if result.wrong_nonfinite:
        problems.append(f"{result.wrong_nonfinite} wrong ±∞/NaN")
    if result.special_failures:
        problems.append(", ".join(result.special_failures))
    if result.warnings:
        problems.append(f"{result.warnings} warnings")
    return "✓" if not problems else "✗ " + "; ".join(problems)


def _cell(result: Score) -> str:
    return f"{_fmt(result.max_ulp)} / {_fmt(result.median_ulp)} {_verdict(result)}"


PAGE_GRID_POINTS = 160
"""Grid size of the site page (`float_grid` with this many log-spaced and dense points)."""


def accuracy_rows(
    specs: Sequence = CATALOG,
    handwritten: Mapping[str, Sequence[Evaluator]] | None = None,
    points: int = PAGE_GRID_POINTS,
) -> list[tuple[str, int, dict[str, Score]]]:
    """Scores of every activation's f and f′: symact float64 and float32, plain lambdify,
    and the hand-written baseline where one is given (``{name: (f, f′)}``)."""
    from .activation import Activation

    grids = {dtype: float_grid(dtype, points) for dtype in (np.float64, np.float32)}
    rows = []
    for spec in specs:
        function = Activation(spec).function
        for order in (0, 1):
            expr, slope = derivatives(function, order)
            scores = {
                f"symact {np.dtype(dtype).name}": score(
                    compile_numpy(expr, dtype), expr, slope, grid, dtype
                )
                for dtype, grid in grids.items()
            }
            scores["lambdify"] = score(lambdify_textbook(expr), expr, slope, grids[np.float64])
            if handwritten and spec.name in handwritten:
                baseline = handwritten[spec.name][order]
                scores["hand-written"] = score(baseline, expr, slope, grids[np.float64])
            rows.append((spec.name, order, scores))
    return rows


def accuracy_markdown(
    handwritten: Mapping[str, Sequence[Evaluator]] | None = None,
    points: int = PAGE_GRID_POINTS,
) -> str:
    """The Markdown body of the site's "Numerical accuracy" page (deterministic).

    Args:
        handwritten: Optional hand-written NumPy/SciPy baselines ``{name: (f, f′)}``,
            e.g. ``HANDWRITTEN`` from ``scripts/bench_numerics.py``, for a comparison column.
        points: Grid size (see `float_grid`); the page uses a smaller grid than the
            benchmark so that it builds in seconds.
    """
    rows = accuracy_rows(CATALOG, handwritten, points)
    columns = list(rows[0][2]) if rows else []
    grid_size = len(float_grid(np.float64, points))
    lines = [
        "Every activation and its derivative are evaluated by NumPy code that symact "
        "generates from the SymPy definition (`Activation.numpy(order)`), through stable "
        "rewrites (softplus, expit, expm1, log1p, erfc, hypot) and with Piecewise branches "
        "evaluated only on their own interval.",
        "",
        f"Each cell: **max / median error in ULP** against mpmath (25 correct digits, "
        f"evaluated from the same SymPy expression), then ✓ when every target is met: "
        f"error ≤ {ULP_BOUND} ulp(f) + {ULP_BOUND} ε |x f′(x)| (for f′, f″) at every grid "
        f"point with |f| ≥ 1e-300 (1e-36 in float32), correct limits at ±∞, NaN → NaN, no "
        f"wrong ±∞/NaN at finite inputs, no RuntimeWarning. 0.5 ULP is correctly rounded.",
        "",
        f"Grid: {grid_size} float64 points (a smaller grid than `scripts/bench_numerics.py`, "
        "which also measures throughput: timings change between runs, so they are not on "
        "this page): log-spaced magnitudes over the whole float range on both signs, dense "
        "[−40, 40], the exp overflow and underflow thresholds, ±0 and subnormals; float32 "
        "the same for its range. *lambdify* is `sympy.lambdify` of the textbook formula.",
        "",
        "| activation | | " + " | ".join(columns) + " |",
        "|---|---|" + "---|" * len(columns),
    ]
    for name, order, scores in rows:
        label = "f" if order == 0 else "f′"
        cells = " | ".join(_cell(scores[c]) if c in scores else "—" for c in columns)
        lines.append(f"| {name if order == 0 else ''} | {label} | {cells} |")
    return "\n".join(lines) + "\n"
