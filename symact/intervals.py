r"""Interval enclosures of SymPy expressions, for certified numerics.

`enclose` evaluates an expression in $x$ over an interval $X$ with mpmath's
interval arithmetic and returns an interval guaranteed to contain $\{f(x) : x \in X\}$.
Functions mpmath's interval context lacks are enclosed through their monotonicity:
for increasing $g$, $g([a, b]) \subseteq [g(a) - \varepsilon, g(b) + \varepsilon]$
with both ends computed at a higher working precision and $\varepsilon$ a few units
of the last place.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import mpmath
import sympy as sp
from mpmath import iv, mp
from sympy.codegen.cfunctions import log1p

from .symbols import x

PRECISION_BITS = 160
"""Working precision of enclosures (about 48 decimal digits)."""


class CannotEnclose(ValueError):
    """The expression contains something `enclose` has no interval rule for."""


def _widen(lo: mpmath.mpf, hi: mpmath.mpf) -> iv.mpf:
    """``[lo, hi]`` pushed out by a few units in the last place, at full precision.

    The arithmetic runs at the working precision (mpmath's ambient precision may be
    53 bits), and ``iv.mpf`` rounds the ends outward.
    """
    with mp.workprec(PRECISION_BITS + 32):
        slack = mpmath.mpf(2) ** (8 - PRECISION_BITS)
        lo = lo - abs(lo) * slack if mpmath.isfinite(lo) else lo
        hi = hi + abs(hi) * slack if mpmath.isfinite(hi) else hi
        return iv.mpf([lo, hi])


def _monotone(function: Callable, increasing: bool = True) -> Callable[[iv.mpf], iv.mpf]:
    def apply(box: iv.mpf) -> iv.mpf:
        with mp.workprec(PRECISION_BITS + 32):
            a, b = (mp.make_mpf(end) for end in box._mpi_)
            ends = (function(a), function(b))
            lo, hi = ends if increasing else ends[::-1]
            return _widen(lo, hi)

    return apply


def _even_from(increasing_on_positive: Callable) -> Callable[[iv.mpf], iv.mpf]:
    """Enclose an even function increasing on [0, ∞) (cosh) via |X|."""

    def apply(box: iv.mpf) -> iv.mpf:
        return _monotone(increasing_on_positive)(_abs(box))

    return apply


def _abs(box: iv.mpf) -> iv.mpf:
    a, b = box.a, box.b
    if a >= 0:
        return box
    if b <= 0:
        return -box
    return iv.mpf([0, max(-a, b)])


def _erfc(value: mpmath.mpf) -> mpmath.mpf:
    """erfc, with its asymptotic form where mpmath's series check overflows.

    For $z > 2^{80}$, $\\operatorname{erfc} z = \frac{e^{-z^2}}{z\\sqrt\\pi}(1 - \theta/(2z^2))$
    with $0 < \theta < 1$: a relative error below $2^{-161}$, inside the enclosure slack.
    """
    if value > mpmath.mpf(2) ** 80:
        return mpmath.exp(-value * value) / (value * mpmath.sqrt(mpmath.pi))
    if value < -(mpmath.mpf(2) ** 80):
        return mpmath.mpf(2)
    return mpmath.erfc(value)


def _erf(value: mpmath.mpf) -> mpmath.mpf:
    if abs(value) > mpmath.mpf(2) ** 80:
        return mpmath.sign(value) * (1 - _erfc(abs(value)))
    return mpmath.erf(value)


SINC_MINIMUM = mpmath.mpf("-0.2172336283")
"""A lower bound of sinc on ℝ (its minimum is −0.21723362821122… at ±4.4934…)."""


def _sinc(box: iv.mpf) -> iv.mpf:
    r"""sinc(X): $\sin X / X$ when $0 \notin X$; otherwise, with $r = \max |X|$,
    $1 - r^2/6 \le \operatorname{sinc} x \le 1$ (from $x - x^3/6 \le \sin x \le x$ for
    $x \ge 0$), intersected with $[\min \operatorname{sinc}, 1]$."""
    if not contains_zero(box):
        return iv.sin(box) / box
    radius = mp.make_mpf(_abs(box)._mpi_[1])
    with mp.workprec(PRECISION_BITS + 32):
        lower = max(1 - radius * radius / 6 * (1 + mpmath.mpf(2) ** -PRECISION_BITS), SINC_MINIMUM)
    return iv.mpf([lower, 1])


def _lambertw(value: mpmath.mpf) -> mpmath.mpf:
    return mpmath.re(mpmath.lambertw(value))


HUGE_ARGUMENT = mpmath.mpf(2) ** (2**12)
"""Arguments beyond ±this (about 10¹²³³) are treated as ±∞ by the rules of `_TAMED`
(see `_tamed`). e^X and e^{−X²} at this size still take a millisecond and print (their
decimal exponents have at most 2,466 digits; Python refuses to print integers over
4,300, which would turn an error message into a crash)."""


def _tamed(rule: Callable[[iv.mpf], iv.mpf]) -> Callable[[iv.mpf], iv.mpf]:
    """``rule`` on the box widened where it reaches beyond ±`HUGE_ARGUMENT`: an end
    beyond it on its own side moves out to ±∞, one beyond it on the far side moves in
    to ±`HUGE_ARGUMENT` (the box [e^{e^{10}}, ∞] becomes [2^{2^{12}}, ∞]).

    A larger box gives a valid (wider) enclosure, and mpmath evaluates its functions
    at ±∞ at once, whereas e^X for X near e^{10⁴} (exp of exp, found by fuzzing)
    builds integers with thousands of digits, or runs out of memory, in one C call no
    time budget can interrupt. Below it, nothing changes: the cut must not blur
    enclosures such as 1/cosh²(10⁶²) > 0 that branch and bound relies on.
    """

    def apply(box: iv.mpf) -> iv.mpf:
        a, b = (mp.make_mpf(end) for end in box._mpi_)
        if max(abs(a), abs(b)) > HUGE_ARGUMENT:
            lo = -mpmath.inf if a < -HUGE_ARGUMENT else min(a, HUGE_ARGUMENT)
            hi = mpmath.inf if b > HUGE_ARGUMENT else max(b, -HUGE_ARGUMENT)
            box = iv.mpf([lo, hi])
        return rule(box)

    return apply


_TAMED = (sp.exp, sp.sin, sp.cos, sp.erfc, sp.tanh, sp.sinh, sp.cosh, sp.sinc)
"""The functions whose mpmath evaluation at a huge argument is slow or exhausts memory
(tanh at 2^(2^40) raises MemoryError); log, atan, erf, asinh, LambertW take
microseconds there and keep their exact arguments."""

_UNARY: dict[type, Callable[[iv.mpf], iv.mpf]] = {
    sp.exp: iv.exp,
    sp.log: iv.log,
    sp.sin: iv.sin,
    sp.cos: iv.cos,
    sp.erf: _monotone(_erf),
    sp.erfc: _monotone(_erfc, increasing=False),
    sp.tanh: _monotone(mpmath.tanh),
    sp.sinh: _monotone(mpmath.sinh),
    sp.cosh: _even_from(mpmath.cosh),
    sp.atan: _monotone(mpmath.atan),
    sp.asinh: _monotone(mpmath.asinh),
    sp.LambertW: _monotone(_lambertw),
    sp.Abs: _abs,
    sp.sinc: _sinc,
    log1p: _monotone(mpmath.log1p),
}
_UNARY.update({func: _tamed(_UNARY[func]) for func in _TAMED})


def constant(value: sp.Expr) -> iv.mpf:
    """A tight interval around a real constant expression (memoised: enclosures on many
    boxes evaluate the same constants over and over)."""
    return _constant(value, iv.prec, mp.prec)


@lru_cache(maxsize=4096)
def _constant(value: sp.Expr, iv_prec: int, mp_prec: int) -> iv.mpf:
    digits = int(PRECISION_BITS * 0.30103) + 10
    number = sp.N(value, digits)
    if not number.is_real or not number.is_number:
        raise CannotEnclose(f"{value} is not a real number")
    if number in (sp.oo, -sp.oo):
        inf = mpmath.inf if number == sp.oo else -mpmath.inf
        return iv.mpf([inf, inf])
    with mp.workprec(PRECISION_BITS + 32):
        mid = mpmath.mpf(number._to_mpmath(PRECISION_BITS + 32))
        return _widen(mid, mid)


def enclose(expr: sp.Expr, box: iv.mpf, bits: int = PRECISION_BITS) -> iv.mpf:
    """An interval containing ``expr`` evaluated at every point of ``box``.

    ``bits`` is the working precision: more bits give tighter enclosures.

    Raises:
        CannotEnclose: ``expr`` contains a function without an interval rule.
    """
    global PRECISION_BITS
    evaluate = compiled(expr)
    saved, PRECISION_BITS = PRECISION_BITS, bits
    iv.prec = bits
    try:
        result = evaluate(box)
    except OverflowError:
        # an exponent beyond what mpmath can shift (exp of sinh of a large box): the
        # whole line is still an enclosure
        return iv.mpf([-mpmath.inf, mpmath.inf])
    finally:
        PRECISION_BITS = saved
        iv.prec = saved
    if mpmath.isnan(result.a) or mpmath.isnan(result.b):
        return iv.mpf([-mpmath.inf, mpmath.inf])
    return result


Enclosure = Callable[[iv.mpf], iv.mpf]
"""An interval extension: a box of x in, an interval containing every value out."""


@lru_cache(maxsize=2048)
def compiled(expr: sp.Expr) -> Enclosure:
    """The interval extension of ``expr`` as a tree of closures, built once per
    expression: branch and bound encloses the same expression on thousands of boxes, and
    walking the SymPy tree each time (``has``, type dispatch, comparisons) cost about
    as much as the interval arithmetic itself.

    Raises:
        CannotEnclose: ``expr`` contains a function without an interval rule.
    """
    if expr == x:
        return _identity
    if not expr.has(x):
        return _constant_node(expr)
    if isinstance(expr, sp.Add | sp.Mul):
        return _fold(expr)
    if isinstance(expr, sp.Pow):
        return _power(*expr.args)
    rule = _UNARY.get(type(expr))
    if rule is None or len(expr.args) != 1:
        raise CannotEnclose(f"no interval rule for {type(expr).__name__}")
    inner = compiled(expr.args[0])
    return lambda box: rule(inner(box))


def _identity(box: iv.mpf) -> iv.mpf:
    return box


def _constant_node(value: sp.Expr) -> Enclosure:
    return lambda box: constant(value)


def _fold(expr: sp.Add | sp.Mul) -> Enclosure:
    """A sum or product, combined left to right as interval arithmetic."""
    first, *rest = (compiled(arg) for arg in expr.args)
    adding = isinstance(expr, sp.Add)

    def combine(box: iv.mpf) -> iv.mpf:
        total = first(box)
        for part in rest:
            total = total + part(box) if adding else total * part(box)
        return total

    return combine


def _power(base: sp.Expr, exponent: sp.Expr) -> Enclosure:
    if exponent.has(x):
        power, exp = compiled(exponent * sp.log(base)), _UNARY[sp.exp]
        return lambda box: exp(power(box))
    inner = compiled(base)
    if exponent.is_Integer:
        n = int(exponent)
        if n >= 0:
            return lambda box: inner(box) ** n
        return lambda box: _reciprocal_power(inner(box), -n)
    if exponent == sp.Rational(1, 2):
        return lambda box: iv.sqrt(inner(box))

    def real_power(box: iv.mpf) -> iv.mpf:
        value = inner(box)
        if value.a <= 0:
            raise CannotEnclose(f"non-integer power of a possibly non-positive base {base}")
        return _UNARY[sp.exp](constant(exponent) * iv.log(value))

    return real_power


def _reciprocal_power(value: iv.mpf, n: int) -> iv.mpf:
    """``value ** -n``: all of ℝ when ``value`` contains 0."""
    if value.a <= 0 <= value.b:
        return iv.mpf([-mpmath.inf, mpmath.inf])
    return 1 / (value**n)


def contains_zero(box: iv.mpf) -> bool:
    """True when ``0`` lies in ``box``."""
    return box.a <= 0 <= box.b
