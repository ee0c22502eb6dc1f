r"""How exact a numerical evaluation of an activation is: errors in ULP against a rigorous
reference.

The reference value $f(x)$ at each grid point comes from the catalog's SymPy expression,
independently of every NumPy code path: Max/Min/Abs/Heaviside/Piecewise are resolved
at the point, and the branch is evaluated in mpmath's interval arithmetic (with the
enclosures of `symact.intervals` for erf, tanh, …) at 192, 640, then 1280 bits until
the enclosure pins down 25 digits. An interval cannot silently lose a term: where
textbook formulas cancel ($e^x - 1$ at $x = -10^{-200}$, $\log(1 + e^{x})$ inside
mish′ at $x = -525$), the enclosure is wide and the precision goes up. An evaluation
passes at $x$ when

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

import contextlib
import functools
import math
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp
from mpmath import iv

from . import intervals
from .catalog import CATALOG, PYTORCH, FrameworkAPI
from .numerics import compile_numpy, limit_at
from .pieces import normalize
from .symbols import x

ULP_BOUND = 4
"""The allowed error, in ULP and in input-perturbation ULP (see module doc)."""

SCORED_FROM = {np.float64: 1e-300, np.float32: 1e-36}
"""Smallest |f(x)| scored per dtype."""

_CHEAP_LIMIT = 1e6
"""Beyond this |x| a transcendental expression is not escalated past 50/70 digits: mpmath's
exp of a huge argument is slow at high precision, and a cancellation there leaves less
than e^{−10⁶} of the terms, far below the scored range. Algebraic expressions (squareplus's
x + √(x² + b)) escalate at any |x|."""

_TRANSCENDENTAL = (sp.exp, sp.log, sp.erf, sp.erfc, sp.tanh, sp.sinh, sp.cosh, sp.sin, sp.cos)


Evaluator = Callable[[np.ndarray], np.ndarray]


def _as_float32_where_possible(values: np.ndarray) -> np.ndarray:
    """Values inside float32's range rounded to float32, so that one reference value
    serves both dtypes."""
    with np.errstate(over="ignore"):
        rounded = values.astype(np.float32).astype(np.float64)
    return np.where(np.isfinite(rounded) & ((rounded != 0) | (values == 0)), rounded, values)


def _log_spaced(dtype: type, count: int) -> np.ndarray:
    info = np.finfo(dtype)
    with np.errstate(over="ignore"):
        return np.logspace(math.log10(float(info.tiny)), math.log10(float(info.max)), count)


def _exp_edges(dtype: type) -> list[float]:
    info = np.finfo(dtype)
    overflow = math.log(float(info.max))
    underflow = math.log(2) - math.log(float(info.smallest_subnormal))
    return [overflow, underflow, overflow * (1 + 1e-6), underflow * (1 - 1e-6), float(info.max)]


def float_grid(dtype: type = np.float64, points: int = 1600) -> np.ndarray:
    """Finite inputs covering the whole float range of ``dtype``.

    Log-spaced magnitudes from the smallest normal to the largest of float64 and of
    float32 (``points // 2`` each) on both signs, the dense window [−40, 40] (``points``
    more), the thresholds where exp overflows and where it rounds to 0 (±709.78, ±745.13
    in float64; ±88.72, ±103.97 in float32) with their neighbours, the largest floats,
    ±0 and the smallest subnormals. Values are float32 wherever float32 can hold them,
    and the float32 grid is the part of the float64 grid that float32 represents, so the
    two share their reference values.
    """
    magnitudes = np.concatenate(
        [_log_spaced(np.float64, points // 2), _log_spaced(np.float32, points // 2)]
    )
    tiny = [float(np.finfo(t).smallest_subnormal) for t in (np.float64, np.float32)]
    dense = np.linspace(-40.0, 40.0, points + 1)
    shared = np.concatenate([magnitudes, dense, tiny, _exp_edges(np.float32)])
    shared = _as_float32_where_possible(shared[np.isfinite(shared)])
    edges = np.array(_exp_edges(np.float64))
    values = np.concatenate([shared, -shared, edges, -edges, [0.0, -0.0]])
    if np.dtype(dtype) == np.float32:
        with np.errstate(over="ignore"):
            values = values[values.astype(np.float32).astype(np.float64) == values]
    values = values.astype(dtype)
    order = np.lexsort((np.signbit(values), values))
    values = values[order]
    repeated = (np.diff(values) == 0) & (np.signbit(values[1:]) == np.signbit(values[:-1]))
    keep = np.concatenate([[True], ~repeated])
    return values[keep]


_CONSTANT_DIGITS = 400
"""Irrational constants (SELU's α, λ) are evaluated once to this many digits, beyond the
highest working precision, instead of at every point."""

_INTERVAL_BITS = (192, 640, 1280)
"""Working precisions of the interval evaluation (about 58, 193 and 385 digits)."""


def _prepared(expr: sp.Expr) -> sp.Expr:
    """δ (at kinks of f′) as 0 and irrational constants as 400-digit Floats."""
    expr = expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
    return expr.replace(
        lambda node: node.is_number and not node.is_Rational and not isinstance(node, sp.Float),
        lambda node: sp.Float(sp.N(node, _CONSTANT_DIGITS), _CONSTANT_DIGITS),
    )


def _interval_constant(mpf_tuple: tuple) -> iv.mpf:
    return iv.mpf(mpmath.mp.make_mpf(mpf_tuple))


_IV_NAMESPACE = {
    "mpf": lambda value: _interval_constant(value) if isinstance(value, tuple) else iv.mpf(value),
    "exp": iv.exp,
    "log": iv.log,
    "sqrt": iv.sqrt,
    "sin": iv.sin,
    "cos": iv.cos,
    "pi": iv.pi,
    "e": iv.e,
    # symact.intervals' enclosures of erf, erfc, tanh, cosh, sinh, log1p, sinc, …
    **{f.__name__: rule for f, rule in intervals._UNARY.items() if f not in (sp.exp, sp.log)},
}


@contextlib.contextmanager
def _interval_precision(bits: int) -> Iterator[None]:
    """mpmath's ``iv`` context and `symact.intervals`' rules at ``bits`` bits."""
    saved = intervals.PRECISION_BITS, iv.prec
    intervals.PRECISION_BITS, iv.prec = bits, bits
    try:
        yield
    finally:
        intervals.PRECISION_BITS, iv.prec = saved


@dataclass(frozen=True)
class IntervalFunction:
    """``expr`` as branches: mpmath conditions picking the branch at a point, and the
    branch's interval evaluation (mpmath's ``iv`` context, rules of `symact.intervals`)."""

    conditions: tuple[Callable | None, ...]
    branches: tuple[Callable, ...]

    def __call__(self, point: float, bits: int) -> iv.mpf:
        with mpmath.workdps(60):
            index = next(
                i for i, c in enumerate(self.conditions) if c is None or c(mpmath.mpf(point))
            )
        with _interval_precision(bits):
            value = self.branches[index](iv.mpf([point, point]))
            return value if isinstance(value, iv.mpf) else iv.mpf(value)


def interval_function(expr: sp.Expr) -> IntervalFunction:
    """``expr`` (Max, Min, Abs, Heaviside, Piecewise allowed) prepared for `reference_value`."""
    folded = normalize(_prepared(expr))
    pairs = folded.args if isinstance(folded, sp.Piecewise) else ((folded, sp.true),)
    conditions = tuple(None if c == sp.true else sp.lambdify(x, c, "mpmath") for _, c in pairs)
    branches = tuple(sp.lambdify(x, b, modules=[_IV_NAMESPACE, "mpmath"]) for b, _ in pairs)
    return IntervalFunction(conditions, branches)


def _settled(box: iv.mpf, digits: int, bits: int) -> mpmath.mpf | None:
    """The midpoint of ``box`` when it pins the value down to ``digits`` digits (or below
    10⁻³¹⁰, where nothing is scored), else None."""
    with mpmath.workprec(bits):
        return _midpoint(mpmath.mpf(box.a), mpmath.mpf(box.b), digits)


def _midpoint(lo: mpmath.mpf, hi: mpmath.mpf, digits: int) -> mpmath.mpf | None:
    if mpmath.isnan(lo) or mpmath.isnan(hi):
        return None
    if lo == hi:
        return lo
    if not (mpmath.isfinite(lo) and mpmath.isfinite(hi)):
        return None
    if max(abs(lo), abs(hi)) < mpmath.mpf(10) ** -310:
        return (lo + hi) / 2
    if lo * hi > 0 and hi - lo <= mpmath.mpf(10) ** -digits * min(abs(lo), abs(hi)):
        return (lo + hi) / 2
    return None


def reference_value(
    function: IntervalFunction, point: float, digits: int = 25, transcendental: bool = True
) -> mpmath.mpf | None:
    """``function`` at ``point`` to ``digits`` correct digits, from a rigorous interval
    enclosure at 192 bits, widened to 640 and 1280 bits until it is that narrow.

    Beyond |x| = 10⁶ a transcendental expression gets 192 bits only (see
    `_CHEAP_LIMIT`). ``None`` when the enclosure never gets narrow enough (an
    unresolved point, reported as such).
    """
    levels = _INTERVAL_BITS[:1] if transcendental and abs(point) > _CHEAP_LIMIT else _INTERVAL_BITS
    for bits in levels:
        try:
            value = _settled(function(point, bits), digits, bits)
        except (ZeroDivisionError, ValueError, TypeError, OverflowError, StopIteration):
            return None
        if value is not None:
            return value
    return None


@functools.lru_cache(maxsize=256)
def _known(expr: sp.Expr, digits: int) -> tuple[IntervalFunction, bool, dict]:
    """The interval function of ``expr`` and the reference values found so far."""
    return interval_function(expr), expr.has(*_TRANSCENDENTAL), {}


def references(
    expr: sp.Expr, points: Sequence[float], digits: int = 25
) -> tuple[mpmath.mpf | None, ...]:
    """`reference_value` of ``expr`` at every point, remembered per point (the float32
    grid is part of the float64 grid, and f′ is both a function and a slope)."""
    function, transcendental, known = _known(expr, digits)
    for point in points:
        if point not in known:
            known[point] = reference_value(function, point, digits, transcendental)
    return tuple(known[point] for point in points)


SLOPE_DIGITS = 3
"""Digits to which f′ is resolved for the condition term of the bound (its size matters,
not its last digits)."""


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
    slope = references(derivative, points, SLOPE_DIGITS)
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


def torch_api(spec: object) -> FrameworkAPI | None:
    """The catalog's PyTorch entry for ``spec`` that names a ``torch.nn.functional``
    function, if any."""
    for api in spec.frameworks:
        if api.framework == PYTORCH and any(n.startswith(_FUNCTIONAL) for n in api.names):
            return api
    return None


def torch_name(spec: object) -> str | None:
    """The ``torch.nn.functional`` function the catalog lists for ``spec``, if any."""
    api = torch_api(spec)
    if api is None:
        return None
    return next(n for n in api.names if n.startswith(_FUNCTIONAL))[len(_FUNCTIONAL) :]


_FUNCTIONAL = "torch.nn.functional."


def torch_keywords(activation: object, tensor: Callable[[float], object]) -> dict[str, object]:
    """The keyword arguments of the ``torch.nn.functional`` call that computes
    ``activation`` at its parameter values: each parameter under PyTorch's keyword
    (``tensor`` of it for a learnable one, PReLU's ``weight``), and the options that
    select the variant (GELU's ``approximate="tanh"``), all from the catalog."""
    api = torch_api(activation.spec)
    learnable = {p.name for p in activation.spec.params if p.learnable}
    values = {k: float(v) for k, v in activation.param_values().items()}
    keywords: dict[str, object] = {
        keyword: tensor(values[param]) if param in learnable else values[param]
        for keyword, param in api.keywords
    }
    keywords.update(api.arguments)
    return keywords


def torch_defaults(spec: object) -> dict[str, sp.Expr]:
    """Parameter values PyTorch uses by default, where its default differs from symact's."""
    values = {}
    for param in spec.params:
        for api, value in param.framework_defaults.items():
            if api.startswith("torch.") and value != param.default:
                values[param.name] = value
    return values


def torch_evaluators(activation: object) -> tuple[Evaluator, Evaluator] | None:
    """``(f, f′)`` through ``torch.nn.functional`` (CPU, float64; f′ by autograd) at
    ``activation``'s parameter values, or ``None`` when torch is absent or ships none."""
    try:
        import torch
        import torch.nn.functional as functional
    except ImportError:
        return None
    name = torch_name(activation.spec)
    if name is None:
        return None
    function = getattr(functional, name)
    keywords = torch_keywords(activation, lambda value: torch.tensor([value], dtype=torch.float64))

    def value(inputs: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            tensor = torch.from_numpy(np.ascontiguousarray(inputs, dtype=np.float64))
            return function(tensor, **keywords).numpy()

    def slope(inputs: np.ndarray) -> np.ndarray:
        tensor = torch.from_numpy(np.array(inputs, dtype=np.float64)).requires_grad_(True)
        function(tensor, **keywords).sum().backward()
        return tensor.grad.numpy()

    return value, slope


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


PAGE_GRID_POINTS = 96
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
    specs: Sequence = CATALOG,
) -> str:
    """The Markdown body of the site's "Numerical accuracy" page (deterministic).

    Args:
        handwritten: Optional hand-written NumPy/SciPy baselines ``{name: (f, f′)}``,
            e.g. ``HANDWRITTEN`` from ``scripts/bench_numerics.py``, for a comparison column.
        points: Grid size (see `float_grid`); the page uses a smaller grid than the
            benchmark so that it builds in seconds.
        specs: The activations (default: the whole catalog).
    """
    rows = accuracy_rows(specs, handwritten, points)
    columns = list(rows[0][2]) if rows else []
    grid_size = len(float_grid(np.float64, points))
    lines = [
        "Every activation and its derivative are evaluated by NumPy code that symact "
        "generates from the SymPy definition (`Activation.numpy(order)`), through stable "
        "rewrites (softplus, expit, expm1, log1p, erfc, hypot, 1/cosh² through a tanh at "
        "hand, windows of Heaviside steps as a difference of signs) and with Piecewise "
        "branches evaluated only on their own interval (a narrow branch only on the inputs "
        "it covers). Two pieces are added rather than selected where both vanish at the "
        "cut (ELU = α expm1(min(x, 0)) + max(x, 0)), and blended as g·[c] + h·[¬c] where "
        "each is finite off its own side (ELU′): NumPy's `where` is slow on a mask it "
        "cannot predict. Long inputs run through code of two or more operations block by "
        "block, so that its temporary arrays stay in cache, the last operation of each "
        "block writing straight into the result (`scripts/bench_blocks.py`).",
        "",
        f"Each cell: **max / median error in ULP** against a reference enclosed by interval "
        f"arithmetic to 25 digits from the same SymPy expression, then ✓ when every target "
        f"is met: "
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
