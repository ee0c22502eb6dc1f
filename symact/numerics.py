r"""Vectorised NumPy evaluation of any activation and its derivatives, generated from SymPy.

`compile_numpy` turns a SymPy expression in $x$ into a callable on NumPy arrays:

1. ``Piecewise`` is folded to the top and split into branches; each branch is evaluated
   on its input clamped into the branch's own interval, so a discarded branch (ELU's
   $e^x$ for $x > 0$) never sees an input where it would overflow. Two pieces that
   both vanish where they meet are added instead of selected (ELU:
   $\alpha\,\operatorname{expm1}(\min(x, 0)) + \max(x, 0)$, `symact.numerics_pieces`), and
   two pieces finite off their own sides are blended arithmetically
   (ELU′ = $[x > 0] + \alpha e^{\min(x, 0)}[x \le 0]$): NumPy's
   ``where`` is slow on an unpredictable mask.
2. Each branch is rewritten by `symact.rewrite.numeric_form` (softplus, expit, expm1,
   log1p, erfc, hypot, …) and lambdified with common subexpressions shared
   (``cse=True``), ``erf``/``erfc``/``expit`` from ``scipy.special``, small integer
   powers as products, constants rounded once from 40 digits. An expression that
   still cancels near 0 ($x - \tanh x$) is replaced there by its Taylor polynomial,
   which, like any branch chosen for under 1/8 of the inputs, is evaluated on those
   inputs only. Long inputs go through code of two or more operations block by block
   (`BLOCK`, `BLOCKED_OPERATIONS`), so that its temporaries stay in cache; the last
   operation writes each block's values straight into the result
   (`symact.numerics_blocks`).
3. The limits at $\pm\infty$ come from `limit_at` (`symact.numerics_limits`: mpmath
   far beyond the float range, else the engine's limits under a time budget). At build
   time the generated code is probed at $\pm\infty$ and NaN; only if it gets them wrong
   does the callable pay for a guard (one pass over the input) that substitutes the
   limits and propagates NaN.
   Where an evaluation can break down at a finite input (an overflowed polynomial
   times an underflowed exponential, $\infty \cdot 0$), a NaN result is replaced by
   the limit toward that side, but only where the function is real and continuous
   (`symact.numerics_domain`): log(x² − 4) stays NaN at x = −1. The accuracy suite
   (`symact.accuracy`) checks the whole float range against interval-arithmetic
   references.

Evaluation runs under ``numpy.errstate(all="ignore")``: no RuntimeWarning is ever
emitted, and every value is checked for correctness instead.

Examples:
    >>> import numpy as np, symact
    >>> f = compile_numpy(symact.get("softplus").function)
    >>> f(np.array([-800.0, 0.0, 800.0, np.inf]))
    array([0.00000000e+00, 6.93147181e-01, 8.00000000e+02,            inf])
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import log1p

from .numerics_blocks import BLOCK, BLOCKED_OPERATIONS, array_operations
from .numerics_domain import _continuity_mask
from .numerics_limits import limit_at
from .numerics_pieces import _core
from .rewrite import numeric_form
from .symbols import x

__all__ = [
    "BLOCK",
    "BLOCKED_OPERATIONS",
    "NumpyFunction",
    "array_operations",
    "compile_numpy",
    "limit_at",
]


_RESTRICTED = (sp.log, log1p, sp.asin, sp.acos, sp.acosh, sp.atanh)


def _may_break_down(expr: sp.Expr) -> bool:
    """Whether a finite input can give NaN: a sum or product of two x-dependent terms
    (∞ − ∞, ∞·0, ∞/∞), a fractional power or a function with a restricted domain.
    Judged on the forms actually evaluated (`symact.rewrite.numeric_form`). Where the
    NaN is the function's own (log x at x = −1), the limit it is replaced by is NaN too:
    a limit toward a side where the function is not real is NaN (`_numeric_limit`)."""
    folded = sp.piecewise_fold(expr) if expr.has(sp.Piecewise) else expr
    branches = folded.args if isinstance(folded, sp.Piecewise) else ((folded, sp.true),)
    for branch, _ in branches:
        form = numeric_form(branch) if not branch.has(sp.Piecewise) else branch
        for node in sp.preorder_traversal(form):
            if isinstance(node, sp.Add | sp.Mul) and sum(a.has(x) for a in node.args) >= 2:
                return True
            if isinstance(node, sp.Pow) and node.base.has(x) and not node.exp.is_Integer:
                return True
            if isinstance(node, _RESTRICTED):
                return True
    return False


def _all_finite(values: np.ndarray) -> bool:
    """No ±∞ or NaN in ``values``: one summation (no temporary array), and the exact
    test only when the sum is not finite (an overflowing sum of finite values)."""
    return math.isfinite(np.add.reduce(values, axis=None)) or bool(np.isfinite(values).all())


@dataclass(frozen=True)
class NumpyFunction:
    """A generated, vectorised evaluation of a SymPy expression in ``x``.

    Call it on anything ``numpy.asarray`` accepts; the result has the requested dtype.

    Attributes:
        expr: The SymPy expression it evaluates.
        dtype: ``numpy.float64`` or ``numpy.float32``.
        limits: Its limits at −∞ and +∞ (NaN where none exists).
        guarded: True when the generated code mishandles ±∞ or NaN and a guard
            substitutes the limits (costs one pass over the input).
        repairs: True when a NaN at a finite input is replaced by the limit on that side.
        surfaces: True when the generated code gives NaN or ±∞ at ±∞ and at NaN: a
            finite sum of a guarded function's result then proves its input finite,
            and that one pass serves as both the guard and the repair check.
    """

    expr: sp.Expr
    dtype: type
    limits: tuple[float, float]
    guarded: bool
    repairs: bool
    core: Callable[[np.ndarray], np.ndarray]
    surfaces: bool = False
    blocked: bool = False
    """Whether inputs longer than `BLOCK` are evaluated block by block (see `BLOCK`)."""
    inside: Callable[[np.ndarray], np.ndarray] | None = None
    """Where ``expr`` is real and continuous (`_continuity_mask`): a NaN is repaired only
    there (log(x² − 4) at x = −1 stays NaN); None: wherever it occurs."""

    def __call__(self, values: object) -> np.ndarray:
        inputs = np.asarray(values, dtype=self.dtype)
        with np.errstate(all="ignore"):
            if self.guarded and self.surfaces:
                result = self._evaluate(inputs)
                if math.isfinite(np.add.reduce(result, axis=None)):
                    return result  # finite everywhere, so no input was ±∞ or NaN
            finite = not self.guarded or _all_finite(inputs)
            result = self._evaluate(inputs if finite else np.where(np.isfinite(inputs), inputs, 0))
            if self.repairs and math.isnan(np.add.reduce(result, axis=None)):
                result = self._repair(inputs, result)
            if not finite:
                result = self._special(inputs, result)
        return result

    def _evaluate(self, inputs: np.ndarray) -> np.ndarray:
        if self.blocked and inputs.size > BLOCK:
            return self._evaluate_blocks(inputs)
        result = np.asarray(self.core(inputs), dtype=self.dtype)
        if result.shape != inputs.shape:
            result = np.full(inputs.shape, result, dtype=self.dtype)
        return result

    def _evaluate_blocks(self, inputs: np.ndarray) -> np.ndarray:
        flat = inputs.reshape(-1)
        result = np.empty(flat.shape, dtype=self.dtype)
        into = getattr(self.core, "into", None)
        for start in range(0, flat.size, BLOCK):
            if into is not None:
                into(flat[start : start + BLOCK], result[start : start + BLOCK])
            else:
                result[start : start + BLOCK] = self.core(flat[start : start + BLOCK])
        return result.reshape(inputs.shape)

    def _repair(self, inputs: np.ndarray, result: np.ndarray) -> np.ndarray:
        lower, upper = self.limits
        broken = np.isnan(result) & ~np.isnan(inputs)
        if self.inside is not None:
            broken &= np.broadcast_to(self.inside(inputs), inputs.shape)
        repaired = np.where(broken, np.where(inputs > 0, upper, lower), result)
        return repaired.astype(self.dtype, copy=False)  # float64 limits must not widen it

    def _special(self, inputs: np.ndarray, result: np.ndarray) -> np.ndarray:
        lower, upper = self.limits
        result = np.where(inputs == math.inf, upper, np.where(inputs == -math.inf, lower, result))
        return np.where(np.isnan(inputs), np.nan, result).astype(self.dtype, copy=False)


def _fallback_limit(core: Callable, dtype: type, sign: int) -> float:
    """Where `limit_at` finds none: the value at the largest input of that sign, among
    ``max``, 1e300, 1e200, … 1e20, at which the evaluation gives a number (a heuristic:
    W(x) gives 703.2 at +max, not ∞)."""
    largest = float(np.finfo(dtype).max)
    magnitudes = [largest, *(10.0**k for k in (300, 200, 100, 50, 30, 20) if 10.0**k < largest)]
    with np.errstate(all="ignore"):
        inputs = np.array([sign * m for m in magnitudes], dtype=dtype)
        values = np.asarray(core(inputs) * np.ones(len(magnitudes)))
    finite = values[~np.isnan(values)]
    return float(finite[0]) if finite.size else math.nan


def _at_specials(function: NumpyFunction) -> np.ndarray:
    """The unguarded code's values at −∞, +∞ and NaN."""
    probe = np.array([-math.inf, math.inf, math.nan], dtype=function.dtype)
    with np.errstate(all="ignore"):
        return function._evaluate(probe)


def _handles_specials(function: NumpyFunction, got: np.ndarray) -> bool:
    """Whether the unguarded code's values ``got`` at −∞, +∞, NaN are the limits and NaN."""
    expected = np.array([*function.limits, math.nan], dtype=function.dtype)
    same = (got == expected) | (np.isnan(got) & np.isnan(expected))
    return bool(same.all())


@functools.lru_cache(maxsize=512)
@functools.lru_cache(maxsize=512)
def compile_numpy(expr: sp.Expr, dtype: type = np.float64) -> NumpyFunction:
    """The vectorised NumPy evaluation of ``expr`` (a SymPy expression in ``x``).

    Args:
        expr: A function of `symact.symbols.x` only (parameters substituted).
        dtype: ``numpy.float64`` or ``numpy.float32``; inputs are converted to it and
            every operation runs in it.

    Returns:
        A `NumpyFunction`; calling it never emits a RuntimeWarning.
    """
    dtype = np.dtype(dtype).type
    if dtype not in (np.float64, np.float32):
        raise ValueError(f"dtype must be float64 or float32, got {np.dtype(dtype).name}")
    if expr.has(sp.zoo):
        expr = expr.xreplace({sp.zoo: sp.nan})  # complex infinity is no real value
    core = _core(expr)
    limits = tuple(
        limit if (limit := limit_at(expr, sign)) is not None else _fallback_limit(core, dtype, sign)
        for sign in (-1, 1)
    )
    draft = NumpyFunction(expr, dtype, limits, False, _may_break_down(expr), core)
    at_specials = _at_specials(draft)
    guarded = not _handles_specials(draft, at_specials)
    # every special input non-finite in the result (softsign's ∞/∞): see `surfaces`
    surfaces = guarded and not np.isfinite(at_specials).any()
    blocked = array_operations(core) >= BLOCKED_OPERATIONS
    inside = _continuity_mask(expr) if draft.repairs else None
    return NumpyFunction(
        expr, dtype, limits, guarded, draft.repairs, core, surfaces, blocked, inside
    )
