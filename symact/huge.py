r"""mpmath values of a user's formula that refuse to become astronomically costly.

mpmath computes $e^{t}$ for $|t| \approx 2^{m}$ with $m$ extra bits of working
precision: a shift producing an $m$-bit integer and $\ln 2$ to $m$ bits. For
$e^{e^{x^{20}}}$ at $x = 3$, $m \approx 5 \cdot 10^{9}$: 625 MB per number and a
computation of $\ln 2$ that never ends, in C calls no time budget can interrupt (at
$x = 4$ the shift alone asks for 200 GB). No float and no certified bound symact
computes needs such a value, so the exponential functions handed to `lambdify` here
raise `TooLarge` (an `ArithmeticError`, like an overflow) for an argument beyond
$2^{2^{17}}$ instead; every caller already treats an arithmetic error as "no value
here". The catalog's far-out limits read values at $x = \pm 10^{10000}$, about
$2^{33220}$, well inside the bound.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import sympy as sp

from .symbols import x

MAX_MAGNITUDE_BITS = 2**17
r"""Largest $\log_2 |t|$ of an argument $t$ of exp, sinh, cosh or expm1 (about
$t \le 10^{39456}$)."""


class TooLarge(ArithmeticError):
    """An exponential's argument beyond `MAX_MAGNITUDE_BITS`: its value would take more
    memory and time than any use of it is worth."""


def _bounded(name: str) -> Callable[[object], object]:
    function = getattr(mpmath, name)

    def guarded(argument: object) -> object:
        if mpmath.isfinite(argument) and mpmath.mag(argument) > MAX_MAGNITUDE_BITS:
            raise TooLarge(f"{name} of a number near 2^{mpmath.mag(argument)}")
        return function(argument)

    return guarded


NAMESPACE = {name: _bounded(name) for name in ("exp", "sinh", "cosh", "expm1")}
"""The exponential functions of mpmath, bounded; the first module `mpmath_function` uses."""


def mpmath_function(expr: sp.Expr) -> Callable[[mpmath.mpf], object]:
    """``expr`` (in ``x``) as an mpmath function whose exponentials raise `TooLarge`
    rather than compute a value beyond $e^{2^{2^{17}}}$ (see the module's docstring)."""
    return sp.lambdify(x, expr, modules=[NAMESPACE, "mpmath"])
