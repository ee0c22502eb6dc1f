r"""Limits at ±∞ of the expressions `symact.numerics` compiles (`limit_at`), as floats.

The symbolic limits are the engine's (`symact.limits.budgeted_limit`: the limit laws,
the asymptotic scale, then SymPy's ``limit``), under time budgets, since a user's
formula can make any of them arbitrarily costly. What this module adds is what
compiling needs beyond the engine, which takes limits only of the outermost pieces of
a decomposed function and only with a proof:

* the forms toward ±∞ of any expression, Piecewise nested anywhere and conditions that
  never settle (`_at_infinity`: binary_step(sin x) takes 0 and 1 arbitrarily far out);
* a limit read off mpmath values far beyond the float range (`_numeric_limit`), first,
  as the cheapest answer for the catalog's functions;
* a last resort for slow divergences SymPy leaves unevaluated, read off the numbers
  (`_logarithmic_divergence`: W(x) → ∞).
"""

from __future__ import annotations

import functools
import math

import mpmath
import sympy as sp
from sympy.functions.elementary.trigonometric import TrigonometricFunction

from .budget import BudgetExceeded, time_budget
from .huge import mpmath_function
from .limits import budgeted_limit
from .pieces import normalize
from .symbols import x

NUMERIC_LIMIT_SECONDS = 1.0
"""Time budget for the mpmath values far beyond the float range (`_numeric_limit`)."""

QUICK_LIMIT_SECONDS = 0.5
LIMIT_SECONDS = 3.0
"""Time budgets for the symbolic limits at ±∞ (see `limit_at`)."""


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
    bounds = budgeted_limit(difference, infinity, QUICK_LIMIT_SECONDS)
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
        value = budgeted_limit(form, infinity, QUICK_LIMIT_SECONDS)
    if value is None:
        value = budgeted_limit(form.rewrite(sp.exp), infinity, LIMIT_SECONDS)
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
