r"""SymPy expressions printed as NumPy code (the code generation of `symact.numerics`).

`_lambdify` prints an expression with `_Printer`: ``Max``/``Min`` as ufuncs (a clamp as
one ``numpy.clip``), ``expit``/``erfc`` from ``scipy.special``, a NaN-propagating
Heaviside, small integer powers as products, and the helpers below for the heads of
`symact.rewrite` (hypot, sech², sinc, W). Common subexpressions are shared
(``cse=True``) and irrational constants rounded once from `CONSTANT_DIGITS` digits.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import scipy.special
import sympy as sp
from sympy.codegen.cfunctions import log1p
from sympy.printing.numpy import SciPyPrinter

from .numerics_blocks import _writing_into
from .rewrite import Expit, Softplus, number_and_rest
from .symbols import x

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
