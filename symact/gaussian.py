r"""Statistics of f under a standard Gaussian input $Z \sim \mathcal N(0, 1)$.

$$ \mathbb E[f(Z)] = \int_{-\infty}^{\infty} f(x)\,\varphi(x)\,dx, \qquad
   \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}. $$

Because $\varphi$ is even, only the even part of $f$ contributes:
$\mathbb E[f(Z)] = \mathbb E\big[\tfrac12(f(Z) + f(-Z))\big]$; this often turns an
integral SymPy cannot do (the sigmoid's) into one it can (the constant ½). Segments
are integrated symbolically under a time budget; otherwise the integral is computed
with mpmath's tanh-sinh and Gauss-Legendre quadrature at 30 digits, and the bound is
the larger of the quadrature's error estimate and the two rules' disagreement (an
estimate, not a certificate).
"""

from __future__ import annotations

import mpmath
import sympy as sp

from .budget import BudgetExceeded, time_budget
from .pieces import decompose
from .provenance import Derived, exact, numeric
from .symbols import x

DENSITY = sp.exp(-(x**2) / 2) / sp.sqrt(2 * sp.pi)
"""The standard normal density φ."""

INTEGRATE_SECONDS = 2.0

SYMBOLIC_SECONDS = 5.0
"""Time allowed to the whole symbolic attempt (splitting, simplifying, integrating every
segment) before quadrature takes over, so that the step itself never runs out."""


def _symbolic(expr: sp.Expr) -> sp.Expr | None:
    pieces = decompose(expr)
    total = sp.S.Zero
    for segment in pieces.segments:
        g = sp.simplify(segment.expr)
        if g == 0:
            continue
        try:
            with time_budget(INTEGRATE_SECONDS):
                part = sp.integrate(g * DENSITY, (x, segment.lo, segment.hi))
        except (BudgetExceeded, NotImplementedError, ValueError):
            return None
        if part.has(sp.Integral) or not part.is_finite:
            return None
        total += part
    return sp.simplify(total)


def _numeric(expr: sp.Expr) -> tuple[sp.Expr, float]:
    pieces = decompose(expr)
    edges = [-mpmath.inf, *(mpmath.mpf(sp.N(b, 40)) for b in pieces.breakpoints), mpmath.inf]
    with mpmath.workdps(30):
        totals = {}
        error = mpmath.mpf(0)
        for method in ("tanh-sinh", "gauss-legendre"):
            total = mpmath.mpf(0)
            for segment, lo, hi in zip(pieces.segments, edges[:-1], edges[1:], strict=True):
                integrand = sp.lambdify(x, segment.expr * DENSITY, "mpmath")
                value, estimate = mpmath.quad(integrand, [lo, hi], method=method, error=True)
                total += value
                error = max(error, estimate)
            totals[method] = total
        spread = abs(totals["tanh-sinh"] - totals["gauss-legendre"])
        return sp.Float(totals["tanh-sinh"], 30), float(max(error, spread, mpmath.mpf(10) ** -28))


def gaussian_mean(f: sp.Expr) -> Derived[sp.Expr]:
    """E[f(Z)] for Z ~ N(0, 1): exact when SymPy integrates the even part, else numeric."""
    even_part = (f + f.subs(x, -x)) / 2
    try:
        with time_budget(SYMBOLIC_SECONDS):
            closed = _symbolic(even_part)
    except BudgetExceeded:
        closed = None
    if closed is not None:
        return exact(closed, "symbolic integration of the even part against φ")
    value, bound = _numeric(f)
    return numeric(value, bound, "quadrature (tanh-sinh vs Gauss-Legendre, 30 digits)")
