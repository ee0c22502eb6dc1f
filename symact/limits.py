r"""Limits at ±∞ of determinate forms, by the limit laws alone.

Most limits the engine needs are not hard: $x\,(1 + \tanh u)/2 \to \infty$ as
$x \to \infty$ because $x \to \infty$ and $1 + \tanh u \to 2$. SymPy's ``limit`` runs
the Gruntz algorithm on every one of them (half a second to a few seconds each for the
tanh/erf forms of the catalog). `determinate_limit` applies the limit laws bottom-up
and answers only when every step is determinate:

* sums: finite + finite, finite + (±∞), ∞ + ∞; **not** ∞ − ∞;
* products: finite · finite, nonzero · (±∞) with the sign of the product; **not** 0 · ∞;
* powers $b^n$ with a rational exponent: $b \to \pm\infty$ or $b \to b_0 \ne 0$
  (and $b_0 > 0$ for a fractional $n$); **not** $b \to 0$ with $n < 0$, nor $1^\infty$;
* a function continuous at a finite limit $u_0$ of its argument (exp, tanh, erf, atan,
  log for $u_0 > 0$, …): $f(u_0)$; and the known limits of monotone functions at
  ±∞ ($e^u \to 0$ as $u \to -\infty$, $\tanh u \to \pm 1$, $\log u \to \infty$, …).

A bounded oscillation is carried through the laws as the exact set of its limit points,
an ``AccumBounds``: $\sin u$ and $\cos u$ with $u \to \pm\infty$ (u continuous, so it
sweeps every value) have the limit points $[-1, 1]$; adding a finite limit or
multiplying by a nonzero one maps that set exactly; a bounded term beside one that
tends to ±∞ does not change the divergence ($x + \sin x \to \infty$); a bounded
factor times one that tends to 0 tends to 0 (squeeze: $\sin(x^2)/x \to 0$); and a sum
whose other terms are negligible against a divergent one diverges with it
($x^2 + x\sin x^2 = x^2(1 + \sin(x^2)/x) \to \infty$). Anything less certain (two
oscillations added, one times a divergence) is not settled. `oscillation` returns the
set of limit points of a g that provably has no limit; `determinate_limit` answers
only with limits.

An indeterminate form is then given to `symact.asymptotic`, which settles 0 · ∞ and
∞ − ∞ between powers, exponentials and saturating functions by their leading terms
($x\,e^{-x} \to 0$; GELU-tanh's f′ at −∞). Anything else (an oscillating function at
∞, a function not listed, a cancellation of leading terms) gives ``None``, and the
caller falls back to SymPy's Gruntz algorithm. Each answer is an application of the
limit laws or of an asymptotic theorem, so it needs no numerical cross-check.
"""

from __future__ import annotations

import sympy as sp

from .asymptotic import leading_limit
from .budget import BudgetExceeded, time_budget
from .stable import stable_form
from .symbols import x

_AT_INFINITY: dict[type, tuple[sp.Expr, sp.Expr]] = {
    sp.exp: (sp.S.Zero, sp.oo),
    sp.tanh: (-sp.S.One, sp.S.One),
    sp.erf: (-sp.S.One, sp.S.One),
    sp.erfc: (sp.Integer(2), sp.S.Zero),
    sp.atan: (-sp.pi / 2, sp.pi / 2),
    sp.sinh: (-sp.oo, sp.oo),
    sp.cosh: (sp.oo, sp.oo),
    sp.asinh: (-sp.oo, sp.oo),
}
"""(limit at −∞, limit at +∞) of functions that have both."""

_CONTINUOUS = (sp.exp, sp.tanh, sp.erf, sp.erfc, sp.atan, sp.sinh, sp.cosh, sp.asinh)
_CONTINUOUS += (sp.sin, sp.cos, sp.Abs)
"""Functions continuous on all of ℝ."""


def determinate_limit(g: sp.Expr, at: sp.Expr) -> sp.Expr | None:
    """lim g(x) as x → ``at`` (±∞) when the limit laws settle it, or else g's leading
    term on the scale of `symact.asymptotic` does; None otherwise (also when g has no
    limit: see `oscillation`)."""
    g = _towards_plus_infinity(g, at)
    settled = _limit(g)
    if isinstance(settled, sp.AccumBounds):
        return None
    return settled if settled is not None else leading_limit(stable_form(g))


def oscillation(g: sp.Expr, at: sp.Expr) -> sp.AccumBounds | None:
    """The limit points ``AccumBounds(lo, hi)``, lo < hi, of a g that has no limit as
    x → ``at`` (±∞) by the laws of the module doc (1 + cos x: [0, 2]); None when g has
    a limit or the laws cannot tell."""
    settled = _limit(_towards_plus_infinity(g, at))
    return settled if isinstance(settled, sp.AccumBounds) else None


def _towards_plus_infinity(g: sp.Expr, at: sp.Expr) -> sp.Expr:
    if at not in (sp.oo, -sp.oo):
        raise ValueError(f"the limits of symact.limits take x → ±∞, not {at}")
    return g if at == sp.oo else g.subs(x, -x)


def limit_at_infinity(g: sp.Expr, at: sp.Expr) -> sp.Expr:
    """lim g(x) as x → ``at`` (±∞): by the limit laws when they settle it, else SymPy's
    ``limit`` (which may return an unevaluated ``Limit`` or ``AccumBounds``)."""
    settled = determinate_limit(g, at)
    return settled if settled is not None else sp.limit(g, x, at)


def budgeted_limit(g: sp.Expr, at: sp.Expr, seconds: float) -> sp.Expr | sp.AccumBounds | None:
    """lim g(x) as x → ``at`` (±∞) found within ``seconds``: by the limit laws and the
    asymptotic scale (`determinate_limit`), else SymPy's ``limit`` (which may answer
    with an ``AccumBounds``, the limit points of an oscillation); None when neither
    finds it in time, or SymPy leaves it unevaluated or answers NaN or zoo.

    For callers outside the analysis steps' budget (a user's formula can make any
    limit arbitrarily costly): `symact.numerics_limits`."""
    try:
        with time_budget(seconds):
            value = determinate_limit(g, at)
            if value is None:
                value = sp.limit(g, x, at)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    unfound = value is sp.nan or value.has(sp.zoo, sp.Limit)  # Limit: left unevaluated
    return None if unfound else value


Limit = sp.Expr | sp.AccumBounds | None
"""A limit (±∞ or a finite real), the exact limit points of a bounded oscillation, or
None (not settled)."""

_OSCILLATING = (sp.sin, sp.cos)
"""Functions whose values at u → ±∞ fill [−1, 1] again and again."""


def _limit(e: sp.Expr) -> Limit:
    """lim e as x → +∞ (or its limit points, an ``AccumBounds``), or None."""
    if e == x:
        return sp.oo
    if not e.has(x):
        return e if e.is_extended_real and (e.is_finite or e.is_infinite) else None
    if isinstance(e, sp.Add):
        return _sum(e.args)
    if isinstance(e, sp.Mul):
        return _product([_limit(a) for a in e.args])
    if isinstance(e, sp.Pow):
        return _power(e.base, e.exp)
    if isinstance(e, (sp.Max, sp.Min)):
        limits = [_limit(a) for a in e.args]
        return None if any(_unsettled(v) for v in limits) else type(e)(*limits)
    if isinstance(e, sp.Function) and len(e.args) == 1:
        return _function(e.func, _limit(e.args[0]))
    return None


def _unsettled(value: Limit) -> bool:
    """None or an oscillation: not a limit that a law for limits can take."""
    return value is None or isinstance(value, sp.AccumBounds)


def _settled(value: sp.Expr) -> sp.Expr | None:
    """``value`` if it is ±∞ or a finite real number, else None (a sign SymPy could
    not decide, as in ∞·(1 − c) with c unknown)."""
    if value in (sp.oo, -sp.oo) or (value.is_extended_real and value.is_finite):
        return value
    return None


def _shifted(bounds: sp.AccumBounds, shift: sp.Expr, scale: sp.Expr) -> Limit:
    """The limit points ``scale·bounds + shift`` (exact for a finite real shift and a
    nonzero finite real scale), or None when their ends are not settled reals."""
    ends = [_settled(scale * end + shift) for end in (bounds.min, bounds.max)]
    if None in ends or ends[0] == ends[1]:
        return None
    return sp.AccumBounds(min(ends), max(ends))


def _sum(terms: tuple[sp.Expr, ...]) -> Limit:
    """A sum: the limit laws; one oscillation beside finite limits (shifted), or beside
    a divergence (which it cannot stop); else a divergent term that the others are
    negligible against (`_dominated`)."""
    limits = [_limit(t) for t in terms]
    infinite = {v for v in limits if v in (sp.oo, -sp.oo)}
    if None in limits:
        return _dominated(terms, limits)
    if len(infinite) > 1:
        return None
    if infinite:
        return infinite.pop()  # a bounded oscillation beside it does not stop it
    oscillations = [v for v in limits if isinstance(v, sp.AccumBounds)]
    finite = sp.Add(*(v for v in limits if not isinstance(v, sp.AccumBounds)))
    if len(oscillations) > 1:
        return None  # sin x + cos x: the set of limit points is not the sum's
    if oscillations:
        return _shifted(oscillations[0], finite, sp.S.One)
    return _settled(finite)


def _dominated(terms: tuple[sp.Expr, ...], limits: list[Limit]) -> Limit:
    """Σ tᵢ = D·(1 + Σ_{i≠D} tᵢ/D) → ±∞ when a term D → ±∞ and every other tᵢ/D → 0
    or oscillates within bounds that keep 1 + Σ tᵢ/D away from 0 from below."""
    divergent = [i for i, v in enumerate(limits) if v in (sp.oo, -sp.oo)]
    if len(divergent) != 1:
        return None
    lead = terms[divergent[0]]
    rest = _sum(tuple(t / lead for i, t in enumerate(terms) if i != divergent[0]))
    if rest is None:
        return None
    lower = rest.min if isinstance(rest, sp.AccumBounds) else rest
    if not (lower.is_finite and (1 + lower).is_positive):
        return None
    return limits[divergent[0]]


def _product(limits: list[Limit]) -> Limit:
    """A product: the limit laws; an oscillation times factors that tend to 0 tends to 0
    (it is bounded), times finite nonzero limits it is scaled; else not settled."""
    if None in limits:
        return None
    oscillations = [v for v in limits if isinstance(v, sp.AccumBounds)]
    limits = [v for v in limits if not isinstance(v, sp.AccumBounds)]
    infinite = any(v.is_infinite for v in limits)
    if infinite and (oscillations or any(v.is_zero is not False for v in limits)):
        return None
    product = _settled(sp.Mul(*limits))
    if not oscillations or product is None:
        return product
    if product == 0:
        return sp.S.Zero  # bounded times → 0
    return _shifted(oscillations[0], sp.S.Zero, product) if len(oscillations) == 1 else None


def _power(base: sp.Expr, exponent: sp.Expr) -> sp.Expr | None:
    if not (exponent.is_Rational and exponent != 0):
        return None
    b = _limit(base)
    if _unsettled(b) or (b == 0 and exponent.is_negative):
        return None
    if not exponent.is_integer and (b.is_extended_negative or (b == 0 and not base.is_nonnegative)):
        return None  # a fractional power of a negative (or unsigned) base: not real
    if b.is_infinite:
        if exponent.is_negative:
            return sp.S.Zero
        return sp.oo if b == sp.oo or exponent.p % 2 == 0 else -sp.oo
    return _settled(b**exponent)


def _function(func: type, u: Limit) -> Limit:
    if _unsettled(u):
        return None
    if u.is_infinite and func in _OSCILLATING:
        return sp.AccumBounds(-1, 1)
    if u.is_infinite:
        ends = _AT_INFINITY.get(func)
        if func is sp.log and u == sp.oo:
            return sp.oo
        if func is sp.Abs:
            return sp.oo
        return None if ends is None else ends[u == sp.oo]
    if func in _CONTINUOUS or (func is sp.log and u.is_positive):
        return _settled(func(u))
    return None


__all__ = ["budgeted_limit", "determinate_limit", "limit_at_infinity", "oscillation"]
