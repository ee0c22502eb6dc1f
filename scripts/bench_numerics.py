"""Accuracy and throughput of symact's generated NumPy code, next to the usual alternatives.

For every scalar catalog activation and for f and f′, in one process:

* **symact**: ``Activation.numpy(order)`` (float64; float32 accuracy in its own column);
* **lambdify**: ``sympy.lambdify`` of the textbook expression, nothing else;
* **hand-written**: the careful NumPy/SciPy form (``HANDWRITTEN`` below: expit,
  log_expit, logaddexp, erfc, expm1 …, modelled on jax.nn) where one is standard;
* **torch**: ``torch.nn.functional`` on CPU in float64 (f′ by autograd), when installed.

Accuracy: max / median error in ULP against mpmath (see `symact.accuracy`) on a grid
spanning the whole float range, the count of scored points over the bound
``4 ulp + 4 ε |x f′|``, wrong ±∞/NaN outputs, wrong values at ±∞/NaN, RuntimeWarnings.
Throughput: median ns/element over repeated calls on 10⁶ inputs drawn from N(0, 4²),
with ratios to the hand-written form and to torch.

    python scripts/bench_numerics.py [--points 1600] [--size 1000000] [--only a,b]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import scipy.special as sc

from symact import accuracy
from symact.activation import Activation
from symact.catalog import CATALOG

Evaluator = Callable[[np.ndarray], np.ndarray]

_SQRT2 = math.sqrt(2.0)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_LAMBDA = 1.0507009873554804934193349852946
_GELU_CUBIC = 0.044715


def _elu(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


def _elu_slope(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, 1.0, np.exp(np.minimum(x, 0)))


def _swish_slope(x: np.ndarray) -> np.ndarray:
    s = sc.expit(x)
    return s + x * s * sc.expit(-x)


def _gelu_tanh(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1 + np.tanh(_SQRT_2_OVER_PI * (x + _GELU_CUBIC * x**3)))


def _gelu_tanh_slope(x: np.ndarray) -> np.ndarray:
    t = np.tanh(_SQRT_2_OVER_PI * (x + _GELU_CUBIC * x**3))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * _SQRT_2_OVER_PI * (1 + 3 * _GELU_CUBIC * x * x)


def _mish_slope(x: np.ndarray) -> np.ndarray:
    softplus = np.logaddexp(0, x)
    return np.tanh(softplus) + x * sc.expit(x) / np.cosh(softplus) ** 2


def _squareplus(x: np.ndarray) -> np.ndarray:
    root = np.sqrt(x * x + 4)
    return np.where(x >= 0, 0.5 * (x + root), 2 / (root - np.minimum(x, 0)))


def _squareplus_slope(x: np.ndarray) -> np.ndarray:
    root = np.sqrt(x * x + 4)
    return np.where(x >= 0, 0.5 + 0.5 * x / root, 2 / (root * (root - np.minimum(x, 0))))


def _ones_keeping_nan(x: np.ndarray) -> np.ndarray:
    """identity′ = 1, NaN at NaN (``np.ones_like`` gives 1 there)."""
    return np.where(np.isnan(x), x, 1.0)


def _tanh_shrink_series(terms: int = 18) -> np.ndarray:
    r"""Coefficients of $x - \tanh x = \sum_{n \ge 2} (-1)^n T_n x^{2n-1}/(2n-1)!$ for
    n = 2 … terms + 1, from the tangent numbers $T_n$ = 1, 2, 16, 272, … (exact integers,
    Brent and Zimmermann's recurrence). At |x| < ½ each term is about a tenth of the one
    before, so 18 terms reach below 2⁻⁵⁵ of the first."""
    size = terms + 1
    tangent = [0, 1] + [0] * (size - 1)
    for k in range(2, size + 1):
        tangent[k] = (k - 1) * tangent[k - 1]
    for k in range(2, size + 1):
        for j in range(k, size + 1):
            tangent[j] = (j - k) * tangent[j - 1] + (j - k + 2) * tangent[j]
    return np.array(
        [(-1) ** n * Fraction(tangent[n], math.factorial(2 * n - 1)) for n in range(2, size + 1)],
        dtype=float,
    )


_TANH_SHRINK_SERIES = _tanh_shrink_series()


def _tanh_shrink(x: np.ndarray) -> np.ndarray:
    """x − tanh x, with its Taylor series where the subtraction cancels (|x| < ½; at
    |x| < 1e-8 the plain difference is 0, the true value x³/3)."""
    result = x - np.tanh(x)
    small = np.flatnonzero(np.abs(x) < 0.5)
    s = x.take(small)
    with np.errstate(under="ignore"):  # s³ underflows below |x| ≈ 1e-103, as it should
        s2 = s * s
        series = np.full_like(s, _TANH_SHRINK_SERIES[-1])
        for coefficient in _TANH_SHRINK_SERIES[-2::-1]:
            series = series * s2 + coefficient
        np.put(result, small, s * s2 * series)
    return result


def _window(x: np.ndarray, lo: float, hi: float, inside: float) -> np.ndarray:
    return np.where((x > lo) & (x < hi), inside, 0.0)


HANDWRITTEN: dict[str, tuple[Evaluator, Evaluator]] = {
    "identity": (lambda x: x, _ones_keeping_nan),
    "sigmoid": (sc.expit, lambda x: sc.expit(x) * sc.expit(-x)),
    "tanh": (np.tanh, lambda x: 1.0 / np.cosh(x) ** 2),
    "relu": (lambda x: np.maximum(x, 0), lambda x: np.heaviside(x, 0.5)),
    "leaky_relu": (lambda x: np.where(x >= 0, x, 0.01 * x), lambda x: np.where(x >= 0, 1.0, 0.01)),
    "prelu": (lambda x: np.where(x >= 0, x, 0.25 * x), lambda x: np.where(x >= 0, 1.0, 0.25)),
    "softplus": (lambda x: np.logaddexp(0, x), sc.expit),
    "elu": (_elu, _elu_slope),
    "celu": (_elu, _elu_slope),
    "selu": (
        lambda x: _SELU_LAMBDA * np.where(x > 0, x, _SELU_ALPHA * np.expm1(np.minimum(x, 0))),
        lambda x: _SELU_LAMBDA * np.where(x > 0, 1.0, _SELU_ALPHA * np.exp(np.minimum(x, 0))),
    ),
    "swish": (lambda x: x * sc.expit(x), _swish_slope),
    "gelu": (
        lambda x: 0.5 * x * sc.erfc(-x / _SQRT2),
        lambda x: 0.5 * sc.erfc(-x / _SQRT2) + x * np.exp(-0.5 * x * x) * _INV_SQRT_2PI,
    ),
    "gelu_tanh": (_gelu_tanh, _gelu_tanh_slope),
    "hard_sigmoid": (lambda x: np.clip((x + 3) / 6, 0, 1), lambda x: _window(x, -3, 3, 1 / 6)),
    "log_sigmoid": (sc.log_expit, lambda x: sc.expit(-x)),
    "hard_tanh": (lambda x: np.clip(x, -1, 1), lambda x: _window(x, -1, 1, 1.0)),
    "softsign": (lambda x: x / (1 + np.abs(x)), lambda x: 1 / (1 + np.abs(x)) ** 2),
    "relu6": (lambda x: np.clip(x, 0, 6), lambda x: _window(x, 0, 6, 1.0)),
    "tanh_shrink": (_tanh_shrink, lambda x: np.tanh(x) ** 2),
    "squareplus": (_squareplus, _squareplus_slope),
    "hard_swish": (
        lambda x: x * np.clip(x + 3, 0, 6) / 6,
        lambda x: np.where(x < -3, 0.0, np.where(x > 3, 1.0, (2 * x + 3) / 6)),
    ),
    "mish": (lambda x: x * np.tanh(np.logaddexp(0, x)), _mish_slope),
    "gaussian": (lambda x: np.exp(-x * x), lambda x: -2 * x * np.exp(-x * x)),
    "sinusoid": (np.sin, np.cos),
    "exponential": (np.exp, np.exp),
}
"""The careful hand-written NumPy/SciPy forms: the only hand-written numerics in symact,
kept here as the comparison. JAX's jax.nn forms where it ships them, made as accurate as
NumPy/SciPy primitives allow (σ(x)σ(−x) rather than σ(1 − σ), 1/cosh² rather than 1 − tanh²,
the conjugate of squareplus for x < 0, a Taylor series where x − tanh x cancels, NaN kept
by identity′), so that "as fast as hand-written" compares like with like. The plainer
forms two of these replace (``NAIVE``) are scored and timed beside them, in a table of
their own."""

NAIVE: dict[tuple[str, int], Evaluator] = {
    ("identity", 1): np.ones_like,
    ("tanh_shrink", 0): lambda x: x - np.tanh(x),
}
"""Plain forms that miss a target (1 at NaN; x − tanh x is 0 for |x| < 1e-8), replaced in
`HANDWRITTEN` by careful ones; their own row shows what the care costs."""


def _nanoseconds(
    functions: dict[str, Evaluator | None], inputs: np.ndarray, repeats: int
) -> dict[str, float]:
    """Median wall time per element of each function over ``repeats`` rounds, the
    functions interleaved within a round (in rotating order) so that machine load and
    position in the round hit them alike."""
    present = {label: f for label, f in functions.items() if f is not None}
    for function in present.values():
        function(inputs)
    times: dict[str, list[float]] = {label: [] for label in present}
    order = list(present.items())
    for round_ in range(repeats if order else 0):
        shift = round_ % len(order)
        for label, function in order[shift:] + order[:shift]:
            start = time.perf_counter()
            function(inputs)
            times[label].append(time.perf_counter() - start)
    return {
        label: statistics.median(times[label]) / inputs.size * 1e9 if label in times else math.nan
        for label in functions
    }


def _score_cell(score: accuracy.Score | None) -> str:
    if score is None:
        return "—"
    if score.failed:
        return "crash"
    flags = []
    if score.bound_failures:
        flags.append(f"{score.bound_failures}>b")
    if score.wrong_nonfinite:
        flags.append(f"{score.wrong_nonfinite}nf")
    if score.special_failures:
        flags.append(f"{len(score.special_failures)}sp")
    if score.warnings:
        flags.append(f"{score.warnings}w")
    verdict = "ok" if not flags else ",".join(flags)
    return f"{_ulp(score.max_ulp)}/{_ulp(score.median_ulp)} {verdict}"


def _ulp(value: float) -> str:
    if math.isinf(value):
        return "inf"
    return f"{value:.2g}" if value < 1e4 else f"{value:.0e}"


def _runs(function: Evaluator) -> Evaluator | None:
    """``function`` if it evaluates an array at all (plain lambdify cannot print
    DiracDelta), else None."""
    try:
        with np.errstate(all="ignore"):
            function(np.linspace(-1.0, 1.0, 5))
    except Exception:
        return None
    return function


def _implementations(activation: Activation, order: int) -> dict[str, Evaluator | None]:
    expr, _ = accuracy.derivatives(activation.function, order)
    torch = accuracy.torch_evaluators(activation)
    hand = HANDWRITTEN.get(activation.name)
    return {
        "symact": activation.numpy(order),
        "lambdify": _runs(accuracy.lambdify_textbook(expr)),
        "hand": hand[order] if hand else None,
        "torch": torch[order] if torch else None,
    }


MEASURABLE_NS = 0.05
"""Below this many ns/element a call does no work per element (the identity returns its
input): a ratio of two such times is timer noise, and is left out of the summary."""


def _ratio(ours: float, theirs: float) -> float:
    if math.isnan(ours) or math.isnan(theirs) or max(ours, theirs) < MEASURABLE_NS:
        return math.nan
    return ours / theirs


def _backend_table(inputs: np.ndarray, repeats: int) -> list[str]:
    """Plain NumPy against numexpr on the kernels the generated code is made of."""
    try:
        import numexpr
    except ImportError:
        return ["numexpr not installed: backend comparison skipped"]
    kernels = {
        "exp(x)": (lambda x: np.exp(x), "exp(x)"),
        "tanh(x)": (lambda x: np.tanh(x), "tanh(x)"),
        "1/(1+exp(-x))": (lambda x: 1 / (1 + np.exp(-x)), "1/(1+exp(-x))"),
        "log1p(exp(-|x|))+max(x,0)": (
            lambda x: np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0),
            "log1p(exp(-abs(x)))+where(x>0,x,0)",
        ),
        "where(x>0,x,expm1(x))": (
            lambda x: np.where(x > 0, x, np.expm1(x)),
            "where(x>0,x,expm1(x))",
        ),
        "x*x*x": (lambda x: x * x * x, "x*x*x"),
    }
    lines = [
        f"backend: ns/element (numexpr {numexpr.__version__}, {numexpr.get_num_threads()} threads)",
        f"{'kernel':30s} {'numpy':>8s} {'numexpr':>8s}",
    ]
    for label, (numpy_form, text) in kernels.items():
        fused = lambda x, text=text: numexpr.evaluate(text, {"x": x})  # noqa: E731
        speed = _nanoseconds({"numpy": numpy_form, "numexpr": fused}, inputs, repeats)
        lines.append(f"{label:30s} {speed['numpy']:8.2f} {speed['numexpr']:8.2f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1600, help="grid size (see float_grid)")
    parser.add_argument("--size", type=int, default=10**6, help="inputs per timed call")
    parser.add_argument("--repeats", type=int, default=9, help="timed calls per median")
    parser.add_argument("--only", default="", help="comma-separated activation names")
    parser.add_argument(
        "--timing-only", action="store_true", help="skip the accuracy columns (fast rerun)"
    )
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}
    specs = [spec for spec in CATALOG if not only or spec.name in only]

    grid64 = accuracy.float_grid(np.float64, args.points)
    grid32 = accuracy.float_grid(np.float32, args.points)
    inputs = np.random.default_rng(0).normal(0.0, 4.0, args.size)
    print(
        f"grid: {grid64.size} float64 / {grid32.size} float32 points; "
        f"throughput on {args.size} inputs ~ N(0, 4²), median of {args.repeats} calls"
    )
    try:
        import torch

        print(f"torch {torch.__version__}, {torch.get_num_threads()} threads (NumPy: 1 thread)")
    except ImportError:
        print("torch not installed: no torch column")
    print("accuracy cells: max/median ULP, then ok or: N>b over the bound, N nf wrong ±inf/NaN,")
    print("N sp wrong at ±inf/NaN, N w RuntimeWarnings. — : no such implementation.\n")
    header = (
        f"{'activation':16s} {'':2s} {'symact f64':>18s} {'symact f32':>18s} "
        f"{'lambdify':>22s} {'hand-written':>18s} {'torch':>22s} | "
        f"{'ns symact':>9s} {'hand':>6s} {'torch':>6s} {'lambd':>6s} "
        f"{'/hand':>6s} {'/torch':>6s}"
    )
    print(header)
    print("-" * len(header))
    ratios_hand, ratios_torch, passes, total = [], [], 0, 0
    naive_rows: list[str] = []
    for spec in specs:
        activation = Activation(spec)
        for order in (0, 1):
            expr, slope = accuracy.derivatives(activation.function, order)
            implementations = _implementations(activation, order)
            scores = {
                label: accuracy.score(function, expr, slope, grid64)
                if function and not args.timing_only
                else None
                for label, function in implementations.items()
            }
            f32 = (
                None
                if args.timing_only
                else accuracy.score(
                    activation.numpy(order, np.float32), expr, slope, grid32, np.float32
                )
            )
            if f32 is not None:
                total += 2
                passes += scores["symact"].passes + f32.passes
            # torch's OpenMP threads spin after each call and slow whatever runs next on
            # 2 cores: the NumPy forms are interleaved among themselves, torch timed apart.
            numpy_forms = {k: f for k, f in implementations.items() if k != "torch"}
            naive = NAIVE.get((spec.name, order))
            if naive is not None:
                numpy_forms["naive"] = naive
            speed = _nanoseconds(numpy_forms, inputs, args.repeats)
            if naive is not None:
                naive_score = (
                    None if args.timing_only else accuracy.score(naive, expr, slope, grid64)
                )
                naive_rows.append(
                    f"{spec.name:16s} {'f' if order == 0 else 'f′':2s} "
                    f"{_score_cell(naive_score):>18s} {speed['naive']:9.2f} "
                    f"{speed['hand']:9.2f} {speed['symact']:9.2f} "
                    f"{_ratio(speed['symact'], speed['naive']):9.2f}"
                )
            speed.update(_nanoseconds({"torch": implementations["torch"]}, inputs, args.repeats))
            ratio_hand = _ratio(speed["symact"], speed["hand"])
            ratio_torch = _ratio(speed["symact"], speed["torch"])
            if not math.isnan(ratio_hand):
                ratios_hand.append(ratio_hand)
            if not math.isnan(ratio_torch):
                ratios_torch.append(ratio_torch)
            print(
                f"{spec.name if order == 0 else '':16s} {'f' if order == 0 else 'f′':2s} "
                f"{_score_cell(scores['symact']):>18s} {_score_cell(f32):>18s} "
                f"{_score_cell(scores['lambdify']):>22s} {_score_cell(scores['hand']):>18s} "
                f"{_score_cell(scores['torch']):>22s} | "
                f"{speed['symact']:9.2f} {speed['hand']:6.2f} {speed['torch']:6.2f} "
                f"{speed['lambdify']:6.2f} {ratio_hand:6.2f} {ratio_torch:6.2f}",
                flush=True,
            )
    print()
    print(f"symact meets every target in {passes} of {total} (activation, order, dtype) cases")
    if ratios_hand:
        print(
            f"time ratio to hand-written: median {statistics.median(ratios_hand):.2f}, "
            f"worst {max(ratios_hand):.2f} over {len(ratios_hand)} cases"
        )
    if ratios_torch:
        print(
            f"time ratio to torch CPU:    median {statistics.median(ratios_torch):.2f}, "
            f"worst {max(ratios_torch):.2f} over {len(ratios_torch)} cases"
        )
    if naive_rows:
        print("\nplain forms the careful hand-written ones replace (same run, interleaved):")
        print(
            f"{'activation':16s} {'':2s} {'plain f64':>18s} {'ns plain':>9s} "
            f"{'careful':>9s} {'symact':>9s} {'/plain':>9s}"
        )
        print("\n".join(naive_rows))
    print()
    print("\n".join(_backend_table(inputs, args.repeats)))


if __name__ == "__main__":
    main()
