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
    term on the scale of `symact.asymptotic` does; None otherwise."""
    if at not in (sp.oo, -sp.oo):
        raise ValueError(f"determinate_limit takes x → ±∞, not {at}")
    g = g if at == sp.oo else g.subs(x, -x)
    settled = _limit(g)
    return settled if settled is not None else leading_limit(stable_form(g))


def limit_at_infinity(g: sp.Expr, at: sp.Expr) -> sp.Expr:
    """lim g(x) as x → ``at`` (±∞): by the limit laws when they settle it, else SymPy's
    ``limit`` (which may return an unevaluated ``Limit`` or ``AccumBounds``)."""
    settled = determinate_limit(g, at)
    return settled if settled is not None else sp.limit(g, x, at)


def _limit(e: sp.Expr) -> sp.Expr | None:
    """lim e as x → +∞, or None."""
    if e == x:
        return sp.oo
    if not e.has(x):
        return e if e.is_extended_real and (e.is_finite or e.is_infinite) else None
    if isinstance(e, sp.Add):
        return _sum([_limit(a) for a in e.args])
    if isinstance(e, sp.Mul):
        return _product([_limit(a) for a in e.args])
    if isinstance(e, sp.Pow):
        return _power(e.base, e.exp)
    if isinstance(e, (sp.Max, sp.Min)):
        limits = [_limit(a) for a in e.args]
        return None if None in limits else type(e)(*limits)
    if isinstance(e, sp.Function) and len(e.args) == 1:
        return _function(e.func, _limit(e.args[0]))
    return None


def _settled(value: sp.Expr) -> sp.Expr | None:
    """``value`` if it is ±∞ or a finite real number, else None (a sign SymPy could
    not decide, as in ∞·(1 − c) with c unknown)."""
    if value in (sp.oo, -sp.oo) or (value.is_extended_real and value.is_finite):
        return value
    return None


def _sum(limits: list[sp.Expr | None]) -> sp.Expr | None:
    if None in limits or (sp.oo in limits and -sp.oo in limits):
        return None
    return _settled(sp.Add(*limits))


def _product(limits: list[sp.Expr | None]) -> sp.Expr | None:
    if None in limits:
        return None
    infinite = any(v.is_infinite for v in limits)
    if infinite and any(v.is_zero is not False for v in limits):
        return None
    return _settled(sp.Mul(*limits))


def _power(base: sp.Expr, exponent: sp.Expr) -> sp.Expr | None:
    if not (exponent.is_Rational and exponent != 0):
        return None
    b = _limit(base)
    if b is None or (b == 0 and exponent.is_negative):
        return None
    if not exponent.is_integer and (b.is_extended_negative or (b == 0 and not base.is_nonnegative)):
        return None  # a fractional power of a negative (or unsigned) base: not real
    if b.is_infinite:
        if exponent.is_negative:
            return sp.S.Zero
        return sp.oo if b == sp.oo or exponent.p % 2 == 0 else -sp.oo
    return _settled(b**exponent)


def _function(func: type, u: sp.Expr | None) -> sp.Expr | None:
    if u is None:
        return None
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


__all__ = ["determinate_limit", "limit_at_infinity"]
