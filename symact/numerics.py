r"""Vectorised NumPy evaluation of any activation and its derivatives, generated from SymPy.

`compile_numpy` turns a SymPy expression in $x$ into a callable on NumPy arrays:

1. ``Piecewise`` is folded to the top and split into branches; each branch is evaluated
   on its input clamped into the branch's own interval, so a discarded branch (ELU's
   $e^x$ for $x > 0$) never sees an input where it would overflow. Two pieces that
   both vanish where they meet are added instead of selected (ELU:
   $\alpha\,\operatorname{expm1}(\min(x, 0)) + \max(x, 0)$, `_summed_evaluator`), and
   two pieces finite off their own sides are blended arithmetically
   (`_blended_evaluator`, ELU′ = $[x > 0] + \alpha e^{\min(x, 0)}[x \le 0]$): NumPy's
   ``where`` is slow on an unpredictable mask.
2. Each branch is rewritten by `symact.rewrite.numeric_form` (softplus, expit, expm1,
   log1p, erfc, hypot, …) and lambdified with common subexpressions shared
   (``cse=True``), ``erf``/``erfc``/``expit`` from ``scipy.special``, small integer
   powers as products, constants rounded once from 40 digits. An expression that
   still cancels near 0 ($x - \tanh x$) is replaced there by its Taylor polynomial,
   which, like any branch chosen for under 1/8 of the inputs, is evaluated on those
   inputs only. Long inputs go through code of two or more operations block by block
   (`BLOCK`, `BLOCKED_OPERATIONS`), so that its temporaries stay in cache; the last
   operation writes each block's values straight into the result (`_writing_into`).
3. The limits at $\pm\infty$ come from `limit_at` (mpmath far beyond the float range,
   else ``sympy.limit`` under a time budget). At build time the generated code is
   probed at $\pm\infty$ and NaN; only if it gets them wrong does the callable pay for
   a guard (one pass over the input) that substitutes the limits and propagates NaN.
   Where an evaluation can break down at a finite input (an overflowed polynomial
   times an underflowed exponential, $\infty \cdot 0$), a NaN result is replaced by
   the limit toward that side, but only where the function is real and continuous
   (`_continuity_mask`): log(x² − 4) stays NaN at x = −1. The accuracy suite
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

import ast
import builtins
import functools
import inspect
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import numpy as np
import scipy.special
import sympy as sp
from sympy.calculus.util import continuous_domain
from sympy.codegen.cfunctions import log1p
from sympy.functions.elementary.trigonometric import TrigonometricFunction
from sympy.printing.numpy import SciPyPrinter

from .budget import BudgetExceeded, time_budget
from .huge import mpmath_function
from .pieces import normalize
from .rewrite import Expit, Softplus, number_and_rest, numeric_form
from .symbols import x

NUMERIC_LIMIT_SECONDS = 1.0
"""Time budget for the mpmath values far beyond the float range (`_numeric_limit`)."""
PROBE_SECONDS = 1.0
"""Time budget for one exact value at a point while compiling (a user's formula can make
it arbitrarily costly); out of time, the check it serves answers "no"."""

QUICK_LIMIT_SECONDS = 0.5
LIMIT_SECONDS = 3.0
"""Time budgets for the symbolic limits at ±∞ (see `limit_at`)."""

CONSTANT_DIGITS = 40
"""Digits to which irrational constants (π, √2, SELU's α) are evaluated before rounding."""


def _dirac(u: np.ndarray) -> np.ndarray:
    """δ(u), which SymPy's derivative of a kink holds, as 0: f′ at a kink is a convention
    (the same one the mpmath reference of `symact.accuracy` uses)."""
    return np.zeros_like(u)


def _power(base: np.ndarray, n: int) -> np.ndarray:
    """``base**n`` for n = 2, 3, 4 by multiplication (``pow`` is 30× slower), the base
    evaluated once."""
    square = base * base
    return square if n == 2 else square * base if n == 3 else square * square


def _sinc(u: np.ndarray) -> np.ndarray:
    """sin(u)/u with its limit 1 at 0 (``numpy.sinc`` takes πu and rounds the product)."""
    return np.where(u == 0, 1.0, np.sin(u) / u)


def _hypot_sum(u: np.ndarray, a: float, c: float, h: np.ndarray) -> np.ndarray:
    """$c\\,(u + h)$ with $h = \\operatorname{hypot}(u, a)$; for $u < 0$ as
    $c\\,a^2/(h - u)$ (see `symact.rewrite.HypotSum`). For $u \\ge 0$ that form is
    discarded: $h - u$ may round to 0 there, never overflow."""
    return np.where(u >= 0, c * u + c * h, c * (a * a) / (h - u))


def _sech_squared(u: np.ndarray, t: np.ndarray) -> np.ndarray:
    """1/cosh²(u) given t = tanh(u) (see `symact.rewrite.SechSquared`)."""
    return np.where(np.abs(t) < 0.5, 1 - t * t, 1 / np.cosh(u) ** 2)


def _lambert_w(u: np.ndarray) -> np.ndarray:
    """W₀(u), the principal branch, real: NaN below −1/e where it is complex (SciPy's
    ``lambertw`` returns complex numbers, whose cast to real would warn)."""
    w = scipy.special.lambertw(u)
    real = np.where(w.imag == 0, w.real, np.nan)
    dtype = np.asarray(u).dtype
    return real.astype(dtype) if dtype == np.float32 else real


def _hypot(u: np.ndarray, a: float) -> np.ndarray:
    """$\\sqrt{u^2 + a^2}$ for a constant $a > 0$: the plain formula (10× faster than
    ``numpy.hypot``), and ``numpy.hypot`` where $u^2$ overflows."""
    h = np.sqrt(u * u + a * a)
    if math.isfinite(np.add.reduce(h, axis=None)):  # h ≥ 0: one pass, no temporary
        return h
    return np.where(np.isfinite(h), h, np.hypot(u, a))


class _Printer(SciPyPrinter):
    """SciPy printer with ufunc ``Max``/``Min``, ``expit``, ``erfc``, a NaN-propagating Heaviside
    and small integer powers as products (``x**3`` through ``pow`` is 30× slower)."""

    def _nested(self, ufunc: str, args: tuple[sp.Expr, ...]) -> str:
        printed = [self._print(a) for a in args]
        result = printed[0]
        for item in printed[1:]:
            result = f"numpy.{ufunc}({result}, {item})"
        return result

    def _print_Max(self, expr: sp.Max) -> str:
        return self._clip(expr, sp.Min) or self._nested("maximum", expr.args)

    def _print_Min(self, expr: sp.Min) -> str:
        return self._clip(expr, sp.Max) or self._nested("minimum", expr.args)

    def _clip(self, expr: sp.Max | sp.Min, inner_type: type) -> str | None:
        """``Max(lo, Min(hi, e))`` or ``Min(hi, Max(lo, e))`` with numbers lo < hi as one
        ``numpy.clip`` (one pass instead of two; the same NaN and −0.0 results)."""
        outer = number_and_rest(expr)
        if outer is None or not isinstance(outer[1], inner_type):
            return None
        inner = number_and_rest(outer[1])
        if inner is None:
            return None
        lo, hi = (outer[0], inner[0]) if isinstance(expr, sp.Max) else (inner[0], outer[0])
        if not bool(lo < hi):
            return None
        return f"numpy.clip({self._print(inner[1])}, {self._print(lo)}, {self._print(hi)})"

    def _print_Expit(self, expr: Expit) -> str:
        return f"scipy.special.expit({self._print(expr.args[0])})"

    def _print_Erfc(self, expr: sp.Expr) -> str:
        return f"scipy.special.erfc({self._print(expr.args[0])})"

    def _print_Heaviside(self, expr: sp.Heaviside) -> str:
        u = self._print(expr.args[0])
        at_zero = expr.args[1] if len(expr.args) > 1 else sp.S.Half
        if at_zero == sp.S.Half:
            return f"(0.5*numpy.sign({u}) + 0.5)"
        return f"numpy.heaviside({u}, {self._print(at_zero)})"

    def _print_DiracDelta(self, expr: sp.DiracDelta) -> str:
        return f"_dirac({self._print(expr.args[0])})"

    def _print_LambertW(self, expr: sp.LambertW) -> str:
        if len(expr.args) > 1 and expr.args[1] != 0:
            return super()._print_LambertW(expr)
        return f"_lambert_w({self._print(expr.args[0])})"

    def _print_sinc(self, expr: sp.Expr) -> str:
        return f"_sinc({self._print(expr.args[0])})"

    def _print_HypotSum(self, expr: sp.Expr) -> str:
        u, a, c, h = (self._print(arg) for arg in expr.args)
        return f"_hypot_sum({u}, {a}, {c}, {h})"

    def _print_HeavisideWindow(self, expr: sp.Expr) -> str:
        u, v, c = (self._print(arg) for arg in expr.args)
        return f"({c}*(numpy.sign({u}) - numpy.sign({v})))"

    def _print_SechSquared(self, expr: sp.Expr) -> str:
        u, t = (self._print(arg) for arg in expr.args)
        return f"_sech_squared({u}, {t})"

    def _print_hypot(self, expr: sp.Expr) -> str:
        u, a = expr.args
        if u.is_number or not a.is_number:
            return f"numpy.hypot({self._print(u)}, {self._print(a)})"
        return f"_hypot({self._print(u)}, {self._print(a)})"

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, power = expr.as_base_exp()
        if power.is_Integer and 2 <= abs(power) <= 4:
            product = f"_power({self._print(base)}, {abs(int(power))})"
            if abs(power) == 2:  # NumPy squares a temporary in place (no 8 MB allocation)
                product = f"({self._print(base)})**2"
            return product if power > 0 else f"(1/{product})"
        return super()._print_Pow(expr, rational=rational)


_NAMESPACE = {
    "_dirac": _dirac,
    "_hypot": _hypot,
    "_hypot_sum": _hypot_sum,
    "_lambert_w": _lambert_w,
    "_power": _power,
    "_sech_squared": _sech_squared,
    "_sinc": _sinc,
    "numpy": np,
    "scipy": scipy,
}


def _expand_heads(expr: sp.Expr) -> sp.Expr:
    """Spell `Softplus` in primitives so that ``cse`` can share its argument."""
    return expr.replace(
        lambda node: isinstance(node, Softplus),
        lambda node: log1p(sp.exp(-sp.Abs(node.args[0]))) + sp.Max(node.args[0], 0),
    )


def _round_constants(expr: sp.Expr) -> sp.Expr:
    """Irrational numeric subexpressions as 40-digit Floats (rounded once when printed);
    one that is not real (atanh 2 = 0.549… − iπ/2) as NaN: the function is not real
    there."""
    return expr.replace(
        lambda node: node.is_number and not node.is_Rational and not isinstance(node, sp.Float),
        _rounded,
    )


def _rounded(constant: sp.Expr) -> sp.Expr:
    value = sp.N(constant, CONSTANT_DIGITS)
    if not value.is_real:
        return sp.nan
    return sp.Float(value, CONSTANT_DIGITS)


@functools.lru_cache(maxsize=2048)
def _lambdify(expr: sp.Expr) -> Callable[[np.ndarray], np.ndarray]:
    """``expr`` as generated NumPy code, with its `_writing_into` variant as ``.into``
    (cached: the two-piece tests and the evaluators lambdify the same pieces)."""
    printable = _round_constants(_expand_heads(expr))
    function = sp.lambdify(x, printable, modules=[_NAMESPACE], printer=_Printer, cse=True)
    function.into = _writing_into(function)  # type: ignore[attr-defined]
    return function


_OPERATOR_UFUNCS: dict[type, np.ufunc] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.true_divide,
    ast.Pow: np.power,
}


def _callee(node: ast.expr, namespace: dict[str, object]) -> object:
    """What the name or dotted name ``node`` refers to in ``namespace`` (None if it is
    anything else): a lookup, never an evaluation."""
    if isinstance(node, ast.Name):
        return namespace[node.id] if node.id in namespace else getattr(builtins, node.id, None)
    if isinstance(node, ast.Attribute):
        owner = _callee(node.value, namespace)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _is_two(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == 2 and not isinstance(node.value, bool)


def _ufunc_of(
    node: ast.expr, namespace: dict[str, object]
) -> tuple[np.ufunc, list[ast.expr]] | None:
    """The single-output ufunc computed last by the expression ``node`` and its
    operands, if ``node`` is an arithmetic operation or a plain call of one."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and _is_two(node.right):
        return np.square, [node.left]  # what ``**2`` runs (np.power(a, 2) is slower)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATOR_UFUNCS:
        return _OPERATOR_UFUNCS[type(node.op)], [node.left, node.right]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return np.negative, [node.operand]
    if isinstance(node, ast.Call) and not node.keywords:
        function = _callee(node.func, namespace)
        function = np.absolute if function is abs else function
        if (
            isinstance(function, np.ufunc)
            and function.nout == 1
            and function.nin == len(node.args)
            and not any(isinstance(a, ast.Starred) for a in node.args)
        ):
            return function, list(node.args)
    return None


def _writing_into(function: Callable) -> Callable[[np.ndarray, np.ndarray], object] | None:
    """The generated ``function`` rewritten to write its value into a given array:
    its last operation, if a ufunc, gets ``out=`` (no temporary for the result, no copy
    of it); else the value is assigned. Block-by-block evaluation (`BLOCK`) writes each
    block's result straight into the output this way. None if the source is not there.
    What is compiled is the code ``lambdify`` printed from a SymPy expression (never
    user text), with that one call changed."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return None
    definition = tree.body[0]
    if not isinstance(definition, ast.FunctionDef) or not isinstance(
        definition.body[-1], ast.Return
    ):
        return None
    namespace = function.__globals__
    value = definition.body[-1].value
    target = ast.Name(id="__out", ctx=ast.Load())
    last = _ufunc_of(value, namespace) if value is not None else None
    if last is not None:
        operands = last[1]
        call = ast.Call(
            func=ast.Name(id="__ufunc", ctx=ast.Load()),
            args=operands,
            keywords=[ast.keyword(arg="out", value=target)],
        )
        definition.body[-1] = ast.Expr(value=call)
    else:
        store = ast.Subscript(
            value=ast.Name(id="__out", ctx=ast.Load()),
            slice=ast.Constant(value=Ellipsis),
            ctx=ast.Store(),
        )
        definition.body[-1] = ast.Assign(targets=[store], value=value)
    definition.args.args.append(ast.arg(arg="__out"))
    definition.name = "_into"
    ast.fix_missing_locations(tree)
    scope = dict(namespace)
    scope["__ufunc"] = last[0] if last is not None else None
    exec(compile(tree, f"<symact into {function.__name__}>", "exec"), scope)
    return scope["_into"]


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


MAX_FORMS = 8
"""At most this many forms toward ±∞ (`_at_infinity`) are tried."""


UNKNOWN = "unknown"
"""`_decided`'s answer when it cannot tell whether a condition settles toward ±∞."""


def _decided(condition: sp.Basic, infinity: sp.Expr) -> sp.Basic | str | None:
    """``condition`` toward ``infinity``: ``true`` or ``false`` when it settles, None when
    it keeps changing (sin x < 0), `UNKNOWN` when that cannot be told. A comparison is
    judged by the sign lhs − rhs keeps (x² > 4x: x² − 4x → ∞, where substituting gives
    ∞ > ∞, false); SymPy's substitution decides only where that sign is not known."""
    if condition in (sp.true, sp.false):
        return condition
    comparison = sp.StrictLessThan | sp.LessThan | sp.StrictGreaterThan | sp.GreaterThan
    if isinstance(condition, comparison):
        side = _side_toward(condition.lhs - condition.rhs, infinity)
        if side == 0:
            return None
        if side is not None:
            greater = isinstance(condition, sp.StrictGreaterThan | sp.GreaterThan)
            return sp.true if (side > 0) == greater else sp.false
        if limit_at(condition.lhs - condition.rhs, 1 if infinity == sp.oo else -1) == 0:
            return UNKNOWN  # 1/x > 0: substituting would compare 0 with 0
    try:
        value = condition.subs(x, infinity)
    except (TypeError, ValueError):  # a NaN comparison: ∞ − ∞ in the condition
        return UNKNOWN
    return value if value in (sp.true, sp.false) else UNKNOWN


def _side_toward(difference: sp.Expr, infinity: sp.Expr) -> int | None:
    """The sign ``difference`` keeps toward ``infinity`` (1 or −1), 0 when it takes both
    signs arbitrarily far out, None when that is not known (a limit of 0 says nothing
    about the sign)."""
    limit = limit_at(difference, 1 if infinity == sp.oo else -1)
    if limit is not None and not math.isnan(limit):
        return None if limit == 0 else (1 if limit > 0 else -1)
    bounds = _symbolic_limit(difference, infinity, QUICK_LIMIT_SECONDS)
    if isinstance(bounds, sp.AccumBounds):  # x·cos²x − 1 toward −∞: in [−∞, −1]
        if bounds.max < 0:
            return -1
        if bounds.min > 0:
            return 1
        return 0 if bounds.min < 0 < bounds.max else None
    return None


def _branches_toward(piecewise: sp.Piecewise, infinity: sp.Expr) -> list[sp.Expr] | None:
    """The branches of ``piecewise`` that can hold arbitrarily far toward ``infinity``:
    the first whose condition holds there, after every undecided one before it (NaN
    when no condition holds); None when a condition's fate is `UNKNOWN`."""
    candidates = []
    for branch, condition in piecewise.args:
        decided = _decided(condition, infinity)
        if decided is UNKNOWN:
            return None
        if decided == sp.true:
            return [*candidates, branch]
        if decided is None:
            candidates.append(branch)
    return [*candidates, sp.nan]


def _at_infinity(expr: sp.Expr, infinity: sp.Expr) -> list[sp.Expr] | None:
    """The forms ``expr`` takes toward ``infinity``: every Piecewise replaced by a branch
    that holds there; one form per branch an undecided condition can still choose
    (binary_step(sin x): 0 and 1). None for more than `MAX_FORMS` forms."""
    forms, done = [expr], []
    while forms:
        form = forms.pop()
        innermost = [
            node
            for node in sp.preorder_traversal(form)
            if isinstance(node, sp.Piecewise) and not any(a.has(sp.Piecewise) for a in node.args)
        ]
        if not innermost:
            done.append(form)
            continue
        node = innermost[0]
        branches = _branches_toward(node, infinity)
        if branches is None:
            return None
        forms.extend(form.xreplace({node: b}) for b in branches)
        if len(forms) + len(done) > MAX_FORMS:
            return None
    return done


def _symbolic_limit(expr: sp.Expr, infinity: sp.Expr, seconds: float) -> sp.Expr | None:
    try:
        with time_budget(seconds):
            value = sp.limit(expr, x, infinity)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    unfound = value is sp.nan or value.has(sp.zoo, sp.Limit)  # Limit: left unevaluated
    return None if unfound else value


FAR_OUT = (100, 1000, 10000)
"""Decimal exponents of the points beyond the float range at which limits are read."""


_FAR_OUT_FAILURES = (
    TypeError,
    ValueError,
    ArithmeticError,  # OverflowError: exp(exp(x**20)) at 10¹⁰⁰ has too many digits for an int
    MemoryError,
    NameError,
    AttributeError,
    BudgetExceeded,
)
"""What reading values beyond the float range may raise: no value there, no limit read."""


def _far_out_values(expr: sp.Expr, sign: int) -> list:
    """``expr`` in mpmath at x = ±10ᵏ for k in `FAR_OUT`, at the working precision,
    within `NUMERIC_LIMIT_SECONDS` (raises `BudgetExceeded` past it, and whatever the
    evaluation raises)."""
    function = mpmath_function(expr)  # exponentials bounded in memory: symact.huge
    with time_budget(NUMERIC_LIMIT_SECONDS):
        return [function(sign * mpmath.mpf(10) ** k) for k in FAR_OUT]


def _numeric_limit(expr: sp.Expr, sign: int) -> sp.Expr | None:
    """The limit read off mpmath values at ±10¹⁰⁰, ±10¹⁰⁰⁰, ±10¹⁰⁰⁰⁰ (60 digits): the
    last if the last two agree to 40 digits, ±∞ if they grow past 10¹⁰⁰⁰, NaN if a
    value is not real, else ``None``."""
    try:
        with mpmath.workdps(60):
            values = _far_out_values(expr, sign)
            if any(mpmath.im(v) != 0 for v in values):
                return sp.nan  # not real out there (log x toward −∞): no real limit
            middle, last = values[1], values[2]
            if abs(last - middle) <= mpmath.mpf(10) ** -40 * (1 + abs(last)):
                return sp.Float(last, 30)
            growing = abs(values[0]) < abs(middle) < abs(last) > mpmath.mpf(10) ** 1000
            if growing and not expr.has(TrigonometricFunction):
                return sp.oo * mpmath.sign(last)
            # with a periodic factor: growing and changing sign has no limit (x² sin x);
            # growing with one sign at three points may be chance (x tan x), for SymPy
            if growing and len({mpmath.sign(v) for v in values}) > 1:
                return sp.nan
    # BudgetExceeded: x**x at −10¹⁰⁰ is an integer power with a 10¹⁰⁰-bit result
    except _FAR_OUT_FAILURES:
        return None
    return None


def _logarithmic_divergence(expr: sp.Expr, sign: int) -> sp.Expr | None:
    """±∞ when the values at x = ±10¹⁰⁰, ±10¹⁰⁰⁰, ±10¹⁰⁰⁰⁰ have one sign and grow
    tenfold in the limit, as log x does (230, 2303, 23026) and W(x) (225, 2294, 23015:
    ratios 10.2, 10.03), not away from it or across it (W/(1 + W/10⁶) → 10⁶: 10.19,
    9.83); else None. The last resort of `limit_at`, after SymPy's ``limit`` (which leaves
    W(x) → ∞ unevaluated): a divergence read off the numbers, not proved."""
    try:
        with mpmath.workdps(30):
            values = _far_out_values(expr, sign)
            if any(mpmath.im(v) != 0 for v in values):
                return None
            first, middle, last = (mpmath.re(v) for v in values)
            if not (first * middle > 0 and middle * last > 0):
                return None
            early, late = middle / first, last / middle
            # tending to tenfold from one side, not away from it or across it
            settling = (late - 10) * (early - 10) > 0 and abs(late - 10) < abs(early - 10)
            if 9 <= late <= 11 and (settling or late == early == 10):
                return sp.oo * mpmath.sign(last)
    except _FAR_OUT_FAILURES:
        return None
    return None


@functools.lru_cache(maxsize=1024)
def limit_at(expr: sp.Expr, sign: int) -> float | None:
    """$\\lim_{x \\to \\pm\\infty}$ ``expr`` as a float (NaN when it oscillates), or ``None``.

    ``Max``/``Min``/``Abs``/``Heaviside`` are first written as Piecewise and the branch
    holding toward ±∞ kept. The limit is read off 60-digit mpmath values far beyond the
    float range (x = ±10¹⁰⁰⁰, ±10¹⁰⁰⁰⁰) where they agree to 40 digits or grow past
    10¹⁰⁰⁰; where they do not (oscillation, slow convergence such as 1/log x), SymPy's
    ``limit`` decides, with `QUICK_LIMIT_SECONDS` as given and `LIMIT_SECONDS` on the
    form rewritten in exponentials (how it finds tanh-of-a-polynomial limits). The tests
    check the numeric answer against SymPy's for the catalog.
    """
    infinity = sp.oo if sign > 0 else -sp.oo
    forms = _at_infinity(normalize(expr), infinity)
    if forms is None:
        return None
    limits = [_limit_of_form(form, sign) for form in forms]
    if None in limits:
        return None
    if len(set(limits)) > 1 or any(math.isnan(v) for v in limits):
        return math.nan  # forms chosen arbitrarily far out tend to different values
    return limits[0]


def _limit_of_form(form: sp.Expr, sign: int) -> float | None:
    infinity = sp.oo if sign > 0 else -sp.oo
    if form.has(sp.nan, sp.zoo):
        return math.nan
    value = _numeric_limit(form, sign)
    if value is sp.nan:
        return math.nan
    if value is None:
        value = _symbolic_limit(form, infinity, QUICK_LIMIT_SECONDS)
    if value is None:
        value = _symbolic_limit(form.rewrite(sp.exp), infinity, LIMIT_SECONDS)
    if value is None:
        value = _logarithmic_divergence(form, sign)
    if value is None:
        return None
    if isinstance(value, sp.AccumBounds):
        return math.nan
    if value in (sp.oo, -sp.oo):
        return math.inf if value == sp.oo else -math.inf
    try:
        return float(value)
    except TypeError:
        return None


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


BLOCK = 1 << 16
"""Elements per block when a long input is evaluated block by block.

Generated code with several array operations makes a temporary array per operation; on
10⁶ inputs each is 8 MB, freshly allocated and streamed through memory. Block by block,
the temporaries (512 KiB) stay in cache and their memory is reused, and the last
operation writes straight into the result (`_writing_into`), so blocks cost no copy.
(16 K to 64 K elements measured alike here; 8 K was slower.)
"""

BLOCKED_OPERATIONS = 2
"""Code with at least this many array operations is evaluated block by block.

``python scripts/bench_blocks.py`` (10⁶ inputs, same process, interleaved, 2026-11-30):
over the 59 cases so picked, blocks took a median 0.70 of the whole-array time (0.51
for hard swish′, 0.58 for the Gaussian, 0.63 for softsign; worst 1.07 for ReLU′ and
tanh shrink′, whose whole-array square reuses its operand's memory); over the 14
single-operation cases left whole, blocks would have taken a median 1.05 (1.39 for
ReLU6's clip)."""


def array_operations(core: Callable[[np.ndarray], np.ndarray]) -> int:
    """How many array operations the generated code performs: calls and arithmetic
    whose operands are not all literals (a piecewise evaluator counts those of its
    branches and masks, and two for each merge)."""
    counted = getattr(core, "operations", None)
    if counted is not None:
        return counted
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(core)))
    except (OSError, TypeError, SyntaxError):
        return 2
    literal = (ast.Constant, ast.UnaryOp)
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            count += _HELPER_OPERATIONS.get(name, 1)
        elif isinstance(node, ast.BinOp):
            count += not (isinstance(node.left, literal) and isinstance(node.right, literal))
    return count


_HELPER_OPERATIONS = {
    "_hypot": 4,
    "_hypot_sum": 6,
    "_lambert_w": 4,
    "_sech_squared": 7,
    "_sinc": 3,
}
"""Array operations inside the helpers the generated code calls (each counts as one
call otherwise)."""


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
