r"""Where an expression is real and continuous, as a vectorised test (`_continuity_mask`):
`symact.numerics` repairs a NaN with the limit only there."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import sympy as sp
from sympy.calculus.util import continuous_domain
from sympy.codegen.cfunctions import log1p
from sympy.functions.elementary.trigonometric import TrigonometricFunction

from .budget import BudgetExceeded, time_budget
from .numerics_codegen import _NAMESPACE, _lambdify, _Printer, _round_constants
from .rewrite import numeric_form
from .symbols import x

DOMAIN_SECONDS = 1.0
"""Time budget for the set on which an expression is real and continuous."""


@functools.lru_cache(maxsize=512)
def _continuity_mask(expr: sp.Expr) -> Callable[[np.ndarray], np.ndarray] | None:
    """The inputs at which ``expr`` is real and continuous, as a vectorised test; None
    when that is all of ℝ or nothing better than "everywhere" is known.

    A NaN there is a breakdown of the floating-point evaluation (x²eˣ at −1e200 is
    ∞·0), and is replaced by the limit toward that side. Outside it the NaN is the
    function's own: log(x² − 4) at x = −1, sin(x)/x at 0. The set is SymPy's
    ``continuous_domain`` (`_domain_mask`); where SymPy finds none (LambertW,
    Piecewise, a cubic inequality), the arguments of the functions with a restricted
    domain are tested numerically (`_argument_mask`)."""
    symbolic = _domain_mask(expr)
    if symbolic is not None:
        return None if symbolic is _EVERYWHERE else symbolic
    return _argument_mask(expr)


_EVERYWHERE = object()
"""`_domain_mask`'s answer when the function is real and continuous on all of ℝ."""


def _domain_mask(expr: sp.Expr) -> Callable[[np.ndarray], np.ndarray] | object | None:
    """SymPy's ``continuous_domain`` of ``expr`` as a vectorised test, `_EVERYWHERE`,
    or None when it is not found within `DOMAIN_SECONDS` or cannot be printed."""
    try:
        with time_budget(DOMAIN_SECONDS):
            domain = continuous_domain(expr, x, sp.S.Reals)
            if domain == sp.S.Reals:
                return _EVERYWHERE
            condition = domain.as_relational(x)
            if expr.has(TrigonometricFunction) and not (
                domain.inf == -sp.oo and domain.sup == sp.oo
            ):
                return None  # one period of a periodic domain (√cos x: [0, π/2] ∪ [3π/2, 2π))
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    if condition == sp.false:  # real nowhere: every NaN is the function's own
        return lambda values: np.zeros(np.shape(values), dtype=bool)
    if condition == sp.true or condition.free_symbols != {x}:
        return None
    try:
        # roots (CRootOf) and other constants as numbers, as in the generated code
        mask = sp.lambdify(x, _round_constants(condition), modules=[_NAMESPACE], printer=_Printer)
        with np.errstate(all="ignore"):
            mask(np.array([0.0, 1.0]))
    except Exception:  # anything unprintable: no mask, as without one
        return None
    return mask


def _real_below(node: sp.Expr) -> tuple[sp.Expr, float, bool] | None:
    """``(u, b, two_sided)`` when ``node`` is not real for u < b (or |u| > b when
    two-sided): log, log1p, √ and other fractional powers, acosh, asin, acos, atanh,
    LambertW; None for any other node."""
    if isinstance(node, sp.Pow) and node.base.has(x) and not node.exp.is_Integer:
        return node.base, 0.0, False
    if isinstance(node, sp.log):
        return node.args[0], 0.0, False
    if isinstance(node, log1p):
        return node.args[0], -1.0, False
    if isinstance(node, sp.acosh):
        return node.args[0], 1.0, False
    if isinstance(node, sp.LambertW) and (len(node.args) == 1 or node.args[1] == 0):
        return node.args[0], -math.exp(-1.0), False
    if isinstance(node, sp.asin | sp.acos | sp.atanh):
        return node.args[0], 1.0, True
    return None


def _argument_mask(expr: sp.Expr) -> Callable[[np.ndarray], np.ndarray] | None:
    """Where no argument of a function with a restricted domain is outside it, tested
    on the arguments' generated code; None if ``expr`` has no such function. A NaN
    argument counts as inside (it is a breakdown of its own, and is repaired). Each
    branch of a Piecewise is tested where it is chosen only; None for a Piecewise
    left inside another expression."""
    folded = sp.piecewise_fold(expr) if expr.has(sp.Piecewise) else expr
    if not isinstance(folded, sp.Piecewise):
        return None if folded.has(sp.Piecewise) else _branch_argument_mask(folded)
    if any(e.has(sp.Piecewise) for e, _ in folded.args):
        return None
    masks = [_branch_argument_mask(e) for e, _ in folded.args]
    if all(m is None for m in masks):
        return None
    conditions = [_lambdify(c) if c != sp.true else None for _, c in folded.args]

    def inside(values: np.ndarray) -> np.ndarray:
        shape = np.shape(values)
        result = np.ones(shape, dtype=bool)
        undecided = np.ones(shape, dtype=bool)
        for mask, condition in zip(masks, conditions, strict=True):
            chosen = undecided.copy()
            if condition is not None:
                chosen &= np.broadcast_to(condition(values), shape)
            if mask is not None:
                result[chosen] = np.broadcast_to(mask(values), shape)[chosen]
            undecided &= ~chosen
        return result

    return inside


def _branch_argument_mask(expr: sp.Expr) -> Callable[[np.ndarray], np.ndarray] | None:
    tests = []
    for node in sp.preorder_traversal(expr):
        found = _real_below(node) if isinstance(node, sp.Expr) else None
        if found is not None and found[0].has(x):
            argument, bound, two_sided = found
            tests.append((_lambdify(numeric_form(argument)), bound, two_sided))
    if not tests:
        return None

    def inside(values: np.ndarray) -> np.ndarray:
        result = np.ones(np.shape(values), dtype=bool)
        for argument, bound, two_sided in tests:
            u = np.broadcast_to(argument(values), np.shape(values))
            result &= ~(np.abs(u) > bound) if two_sided else ~(u < bound)
        return result

    return inside
