r"""Evaluators of piecewise expressions for `symact.numerics`, and the Taylor patch.

A ``Piecewise`` is split into branches, each evaluated on its input clamped into its
own interval (`_piecewise_evaluator`); two pieces that vanish where they meet are added
(`_summed_evaluator`), two pieces finite off their own sides blended arithmetically
(`_blended_evaluator`), a constant clipped (`_constant_evaluator`). An expression that
cancels near 0 ($x - \tanh x$) is replaced there by its Taylor polynomial
(`_taylor_patch`). `_core` picks among them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

from .budget import BudgetExceeded, time_budget
from .numerics_blocks import array_operations
from .numerics_codegen import _lambdify, _rounded
from .rewrite import numeric_form
from .symbols import x

PROBE_SECONDS = 1.0
"""Time budget for one exact value at a point while compiling (a user's formula can make
it arbitrarily costly); out of time, the check it serves answers "no"."""


def _is_affine(expr: sp.Expr) -> bool:
    """True for ``a·x + b``: it cannot overflow in a way that matters, so needs no clamp."""
    return expr.is_polynomial(x) and sp.degree(expr, x) <= 1


@dataclass(frozen=True)
class _Branch:
    """One branch of a Piecewise: its mask, its value, and the interval its input is
    clamped into (``None``: evaluated on the raw input)."""

    mask: Callable[[np.ndarray], np.ndarray] | None
    value: Callable[[np.ndarray], np.ndarray]
    clamp: tuple[float, float] | None
    cheap: bool = False
    """At most one operation and no clamp (leaky ReLU's αx): merged by ``where`` at
    once, without counting the inputs that choose it (a pass that costs as much)."""

    def evaluate(self, values: np.ndarray) -> np.ndarray:
        if self.clamp is None:
            return self.value(values)
        lo, hi = self.clamp
        clamped = values if lo == -math.inf else np.maximum(values, lo)
        return self.value(clamped if hi == math.inf else np.minimum(clamped, hi))


def _clamp_interval(region: sp.Set, branch: sp.Expr) -> tuple[float, float] | None:
    if _is_affine(branch) or not isinstance(region, sp.Interval):
        return None
    return float(region.start), float(region.end)


def _region(condition: sp.Basic) -> sp.Set | None:
    """The set where ``condition`` holds, or None where SymPy cannot say (sin x > 0:
    "as_set is not implemented for relationals with periodic solutions")."""
    if condition == sp.true:
        return sp.S.Reals
    try:
        return condition.as_set()
    except NotImplementedError:
        return None


def _branches(piecewise: sp.Piecewise) -> list[_Branch]:
    """The branches in order; a branch whose region (or an earlier one's) is unknown
    is not clamped."""
    branches = []
    covered: sp.Set | None = sp.S.EmptySet
    for expr, condition in piecewise.args:
        region = _region(condition)
        mask = None if condition == sp.true else _lambdify(condition)
        known = region is not None and covered is not None
        clamp = _clamp_interval(sp.Complement(region, covered), expr) if known else None
        covered = sp.Union(covered, region) if known else None
        value = _lambdify(numeric_form(expr))
        cheap = clamp is None and array_operations(value) <= 1
        branches.append(_Branch(mask, value, clamp, cheap))
    return branches


SPARSE_FRACTION = 8
"""A branch chosen for fewer than 1/this of the inputs is evaluated on those inputs
only (gathered and scattered back); otherwise on all of them, merged by ``where``."""


def _piecewise_evaluator(piecewise: sp.Piecewise) -> Callable[[np.ndarray], np.ndarray]:
    branches = _branches(piecewise)

    def evaluate(values: np.ndarray) -> np.ndarray:
        result = branches[-1].evaluate(values)
        for branch in reversed(branches[:-1]):
            if branch.mask is None:
                return branch.evaluate(values)
            chosen = np.broadcast_to(branch.mask(values), values.shape)
            if branch.cheap:
                result = np.where(chosen, branch.evaluate(values), result)
                continue
            count = np.count_nonzero(chosen)
            if count == 0:
                continue
            if count * SPARSE_FRACTION < chosen.size:
                # a narrow branch (the Taylor polynomial of x − tanh x near 0); the
                # other branches' result may be an integer constant (threshold's 0)
                # (by index: boolean indexing costs 3–4 ns per element of the whole
                # array on an unpredictable mask, finding the indices about 1)
                where = np.flatnonzero(chosen)
                narrow = branch.evaluate(values.reshape(-1).take(where))
                dtype = np.result_type(result, narrow)
                # C order, so that the flat view below is a view (not a copy) for any
                # input layout (Fortran-ordered, transposed)
                result = np.array(np.broadcast_to(result, values.shape), dtype=dtype, order="C")
                result.reshape(-1)[where] = narrow
            else:
                result = np.where(chosen, branch.evaluate(values), result)
        return result

    evaluate.operations = sum(  # type: ignore[attr-defined]
        array_operations(branch.value)
        + (0 if branch.mask is None else array_operations(branch.mask) + 2)
        + (0 if branch.clamp is None else 2)
        for branch in branches
    )
    return evaluate


SERIES_ORDER = 44
"""Order of the Taylor polynomial that replaces an expression cancelling near 0."""

SERIES_SECONDS = 3.0
"""Time budget for that series."""


def _cancels_near_zero(expr: sp.Expr, evaluate: Callable[[np.ndarray], np.ndarray]) -> bool:
    """Whether the float evaluation loses more than 12 bits at x = ±2⁻¹² (x − tanh x,
    cos x/x − sin x/x²), judged against mpmath at 50 digits."""
    probe = 2.0**-12
    try:
        with mpmath.workdps(50), time_budget(PROBE_SECONDS):
            exact = [sp.lambdify(x, expr, "mpmath")(mpmath.mpf(p)) for p in (probe, -probe)]
    except (TypeError, ValueError, ArithmeticError, MemoryError, NameError, BudgetExceeded):
        return False
    with np.errstate(all="ignore"):
        got = np.broadcast_to(evaluate(np.array([probe, -probe])), (2,))
    if any(mpmath.im(want) != 0 for want in exact):
        return False  # not real near 0 (acosh): nothing to patch
    for value, want in zip(got, exact, strict=True):
        if want != 0 and not abs(mpmath.mpf(float(value)) - want) <= 2.0**-40 * abs(want):
            return True
    return False


def _taylor_patch(expr: sp.Expr) -> sp.Expr | None:
    r"""``Piecewise((p(x), |x| < δ), (expr, True))`` with $p$ the Taylor polynomial of
    order `SERIES_ORDER` at 0 in Horner form and δ the largest power of 2 at which its
    last term is below $2^{-55}$ of its first; ``None`` when SymPy gives no such series."""
    try:
        with time_budget(SERIES_SECONDS):
            polynomial = sp.series(expr, x, 0, SERIES_ORDER).removeO()
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    if polynomial == 0 or not polynomial.is_polynomial(x) or polynomial.has(sp.I):
        return None
    terms = sp.Poly(polynomial, x).terms()
    (high,), high_coefficient = terms[0]
    (low,), low_coefficient = terms[-1]
    if high == low:
        return None
    ratio = float(abs(low_coefficient / high_coefficient)) * 2.0**-55
    delta = 2.0 ** math.floor(math.log2(ratio) / (high - low))
    return sp.Piecewise((sp.horner(polynomial), sp.Abs(x) < delta), (expr, True))


def _cut(condition: sp.Basic) -> tuple[sp.Expr, bool] | None:
    """``(c, below)`` for a condition x < c, x ≤ c (below) or x > c, x ≥ c (not below)
    with a finite real number c; None for any other condition."""
    if not isinstance(
        condition, sp.StrictLessThan | sp.LessThan | sp.StrictGreaterThan | sp.GreaterThan
    ):
        return None
    if condition.lhs == x and condition.rhs.is_number:
        c, below = condition.rhs, isinstance(condition, sp.StrictLessThan | sp.LessThan)
    elif condition.rhs == x and condition.lhs.is_number:
        c, below = condition.lhs, isinstance(condition, sp.StrictGreaterThan | sp.GreaterThan)
    else:
        return None
    return (c, below) if c.is_real and c.is_finite else None


def _vanishes_at(piece: sp.Expr, c: sp.Expr) -> bool:
    """Whether ``piece`` is exactly 0 at x = c (False where SymPy cannot evaluate it:
    Max(0, 0/0))."""
    if piece.has(sp.Piecewise):
        return False
    try:
        with time_budget(PROBE_SECONDS):
            return sp.simplify(piece.subs(x, c)) == 0
    except (ValueError, TypeError, ZeroDivisionError, BudgetExceeded):
        return False


def _vanishing_cut(piecewise: sp.Piecewise) -> tuple[sp.Expr, sp.Expr, float] | None:
    r"""``(g, h, c)`` when ``piecewise`` is g on x < c and h on x > c (either holding
    x = c) with $g(c) = h(c) = 0$ exactly, and also in floating point; None otherwise."""
    if len(piecewise.args) != 2 or piecewise.args[1].cond != sp.true:
        return None
    (first, condition), (second, _) = piecewise.args
    cut = _cut(condition)
    pieces = (first, second)
    if cut is None or not all(_vanishes_at(p, cut[0]) for p in pieces):
        return None
    c = float(cut[0])
    with np.errstate(all="ignore"):
        at_cut = [
            _lambdify(numeric_form(p))(np.array([c], dtype=dtype))
            for p in pieces
            for dtype in (np.float64, np.float32)
        ]
    if any(np.any(np.asarray(value) != 0) for value in at_cut):
        return None  # 0 in exact arithmetic, not in floating point (in either precision)
    lower, upper = pieces if cut[1] else pieces[::-1]
    return lower, upper, c


def _summed_evaluator(
    lower: sp.Expr, upper: sp.Expr, c: float
) -> Callable[[np.ndarray], np.ndarray]:
    r"""Two pieces that both vanish where they meet, as a sum with no select:
    $g(x)\,[x < c] + h(x)\,[x \ge c] = g(\min(x, c)) + h(\max(x, c))$ (ELU:
    $\alpha\,\operatorname{expm1}(\min(x, 0)) + \max(x, 0)$; leaky ReLU:
    $\alpha\min(x, 0) + \max(x, 0)$). Each piece is the code it has in a select and
    sees only inputs from its own side; one term of the sum is an exact 0, so the values
    are those of the select, and NaN passes through both
    clamps. NumPy's ``where`` on an unpredictable mask costs about 5 ns per element
    here; a ``minimum``, a ``maximum`` and an addition together about 2.5."""
    below, above = _lambdify(numeric_form(lower)), _lambdify(numeric_form(upper))

    # Clamping to −0.0 keeps a zero's sign: NumPy's minimum/maximum return their second
    # argument on a tie, and −0 + −0 is −0 (leaky ReLU(−0) = −0, as in PyTorch).
    edge = -0.0 if c == 0 else c

    def evaluate(values: np.ndarray) -> np.ndarray:
        return below(np.minimum(edge, values)) + above(np.maximum(edge, values))

    def into(values: np.ndarray, out: np.ndarray) -> None:
        np.add(below(np.minimum(edge, values)), above(np.maximum(edge, values)), out=out)

    evaluate.into = into  # type: ignore[attr-defined]
    evaluate.operations = array_operations(below) + array_operations(above) + 3  # type: ignore[attr-defined]
    return evaluate


def _finite_off_its_region(branch: _Branch, expr: sp.Expr) -> bool:
    """Whether ``branch`` gives a finite value at every finite input outside its region,
    in float64 and in float32: it is evaluated there at the ends of its clamp, or on the
    raw input if affine (and so finite where it is finite at ±the largest float)."""
    if branch.clamp is None and not _is_affine(expr):
        return False
    for dtype in (np.float64, np.float32):
        with np.errstate(all="ignore"):
            if branch.clamp is None:
                largest = np.finfo(dtype).max
                points = np.array([-largest, largest], dtype=dtype)
            else:
                ends = np.array([e for e in branch.clamp if math.isfinite(e)], dtype=dtype)
                points = ends[np.isfinite(ends)]  # an end beyond float32 is never reached
            values = np.asarray(branch.evaluate(points)).astype(dtype)  # as blended
        if not np.all(np.isfinite(values)):
            return False
    return True


def _blendable(piecewise: sp.Piecewise) -> list[_Branch] | None:
    """The two branches of a two-piece function when each is finite wherever it is not
    chosen (ELU′: 1, and αe^x on x ≤ 0 clamped there); else None."""
    if len(piecewise.args) != 2 or piecewise.args[1].cond != sp.true:
        return None
    branches = _branches(piecewise)
    exprs = [e for e, _ in piecewise.args]
    if all(_finite_off_its_region(b, e) for b, e in zip(branches, exprs, strict=True)):
        return branches
    return None


def _blended_evaluator(branches: list[_Branch]) -> Callable[[np.ndarray], np.ndarray]:
    r"""g where the first condition holds, else h, as $g\,[c] + h\,[\lnot c]$: each
    product with a false indicator is an exact 0 (`_blendable` makes sure the value it
    multiplies is finite), so the result is the select's (a zero's sign aside). Two
    multiplications and an addition cost about 3 ns per element here, ``where`` on an
    unpredictable mask 5–8."""
    first, second = branches

    def evaluate(values: np.ndarray) -> np.ndarray:
        chosen = np.broadcast_to(first.mask(values), values.shape)
        result = np.multiply(chosen, first.evaluate(values), dtype=values.dtype)
        result += np.multiply(~chosen, second.evaluate(values), dtype=values.dtype)
        return result

    def into(values: np.ndarray, out: np.ndarray) -> None:
        chosen = np.broadcast_to(first.mask(values), values.shape)
        np.multiply(chosen, first.evaluate(values), out=out, dtype=values.dtype)
        out += np.multiply(~chosen, second.evaluate(values), dtype=values.dtype)

    evaluate.into = into  # type: ignore[attr-defined]

    evaluate.operations = (
        4
        + sum(  # type: ignore[attr-defined]
            array_operations(b.value) + (0 if b.clamp is None else 2) for b in branches
        )
        + array_operations(first.mask)
    )
    return evaluate


def _constant_evaluator(c: float) -> Callable[[np.ndarray], np.ndarray]:
    """A constant c as ``clip(x, c, c)``: one pass that gives c at every number and at
    ±∞ (its limits) and NaN at NaN, where filling with c and guarding NaN takes two.
    For c = 0 it is max(0, x) then min(·, 0), two passes: ``clip`` keeps the sign of a
    zero input (−0), and ``maximum`` returns its first argument on a tie."""

    def into(values: np.ndarray, out: np.ndarray) -> None:
        if out.dtype.type(c) == 0:  # (1e-50 is 0 in float32)
            np.minimum(np.maximum(0.0, values, out=out), 0.0, out=out)
        else:
            np.clip(values, c, c, out=out)

    def evaluate(values: np.ndarray) -> np.ndarray:
        out = np.empty_like(values)
        into(values, out)
        return out

    evaluate.into = into  # type: ignore[attr-defined]
    evaluate.operations = 1  # type: ignore[attr-defined]
    return evaluate


def _core(expr: sp.Expr) -> Callable[[np.ndarray], np.ndarray]:
    """The generated evaluator for finite inputs (see module doc, steps 1–2)."""
    folded = sp.piecewise_fold(expr) if expr.has(sp.Piecewise) else expr
    if isinstance(folded, sp.Piecewise) and not any(e.has(sp.Piecewise) for e, _ in folded.args):
        if (cut := _vanishing_cut(folded)) is not None:
            return _summed_evaluator(*cut)
        if (branches := _blendable(folded)) is not None:
            return _blended_evaluator(branches)
        return _piecewise_evaluator(folded)
    if folded.has(sp.Piecewise):
        return _lambdify(folded)
    if not folded.has(x):
        infinite = folded in (sp.oo, sp.S.NegativeInfinity)
        return _constant_evaluator(float(folded) if infinite else float(_rounded(folded)))
    evaluate = _lambdify(numeric_form(folded))
    if _cancels_near_zero(folded, evaluate) and (patched := _taylor_patch(folded)) is not None:
        return _piecewise_evaluator(patched)
    return evaluate
