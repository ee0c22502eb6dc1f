r"""Moments of f and f′ under a Gaussian input, and the initialization gains they give.

For $Z \sim \mathcal N(0, 1)$ with density $\varphi$:

$$ \mathbb E[f(Z)],\quad \mathbb E[f(Z)^2],\quad \operatorname{Var} f(Z)
   = \mathbb E[f(Z)^2] - \mathbb E[f(Z)]^2,\quad \mathbb E[f'(Z)],\quad
   \mathbb E[f'(Z)^2]. $$

Each integral runs segment by segment over the smooth pieces of the integrand
(`symact.pieces`). A segment whose integrand is a polynomial in $x$, $e^{p(x)}$
($p$ of degree ≤ 2) and at most one $\operatorname{erf}$ of a linear argument per term
(or a sine, cosine, or $\sin(ax)/x$) is integrated term by term: in closed form by the
rules of `symact.gaussian_integrals`, and any term they do not cover by SymPy under a
time budget (irrational constants such as SELU's $\alpha, \lambda$ are abstracted to
symbols first, which keeps SymPy fast); a
single-piece integrand is first replaced by its even part (only that part survives
against the even $\varphi$), which turns $\mathbb E[\sigma'(Z)]$-like integrals into
constants. Otherwise the integral is computed by mpmath's tanh-sinh quadrature at
32 digits; the bound is the larger of the quadrature's own error estimate (from
successive refinement levels) and $10^{-30}$ — an estimate, not an interval certificate.

f′ is the derivative almost everywhere: a jump of f (the binary step) contributes no
Dirac mass, so $\mathbb E[f'(Z)]$ is the mean of the classical derivative.

The gains follow the variance-preserving argument of He et al. (2015): a layer with
pre-activations $\sim \mathcal N(0, 1)$ keeps the second moment of its outputs at 1
when its weights are scaled by

$$ g_{\text{fwd}} = 1 / \sqrt{\mathbb E[f(Z)^2]}, \qquad
   g_{\text{bwd}} = 1 / \sqrt{\mathbb E[f'(Z)^2]} $$

(forward signal, backward gradient). `TORCH_GAINS` holds PyTorch's
`torch.nn.init.calculate_gain` table for comparison, with why the two differ.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import mpmath
import sympy as sp
from sympy.simplify.fu import TR8

from .budget import BudgetExceeded, time_budget
from .catalog import CATALOG, TorchGain
from .constants import abstract_constants, simplify_abstracted
from .gaussian_integrals import gaussian_integral
from .pieces import Pieces, decompose
from .provenance import Derived, exact, numeric, undetermined, weakest
from .symbols import x

DENSITY = sp.exp(-(x**2) / 2) / sp.sqrt(2 * sp.pi)
"""The standard normal density φ."""

TERM_SECONDS = 1.0
"""Budget of SymPy's integration of one term."""

SIMPLIFY_SECONDS = 1.0
"""Budget of simplifying an even part or a total."""

QUAD_DIGITS = 32
"""Working precision of the quadrature fallback."""

MIN_BOUND = 1e-30
"""The smallest bound a quadrature result claims."""

TAIL_POINTS = (128, 10**3, 10**6)
"""|x| at which the integrand of an infinite segment must be negligible."""

TAIL_TOLERANCE = mpmath.mpf(10) ** -40
"""What "negligible" means there: |x · g(x) φ(x)| below this."""

QUAD_METHOD = "tanh-sinh quadrature at 32 digits (error estimate from refinement levels)"


def _is_sine_over_x(term: sp.Expr) -> bool:
    r"""``c·sin(a x)/x`` (sinc), whose integral against φ is $c\sqrt{\pi/2}\,
    \operatorname{erf}(a/\sqrt2)$ — SymPy finds it in well under a second."""
    factors = [f for f in sp.Mul.make_args(term) if f.has(x)]
    sines = [f for f in factors if isinstance(f, sp.sin) and f.args[0].is_polynomial(x)]
    return (
        len(factors) == 2
        and x**-1 in factors
        and len(sines) == 1
        and sp.degree(sines[0].args[0], x) == 1
    )


def _is_gaussian_integrable(term: sp.Expr) -> bool:
    """Whether ``term``·φ is a form SymPy integrates quickly: a product of powers of x,
    ``exp`` of a polynomial of degree ≤ 2 and at most one ``erf``/``erfc`` of a linear
    argument, with constants; or ``c·sin(a x)/x``."""
    if _is_sine_over_x(term):
        return True
    erfs = 0
    for factor in sp.Mul.make_args(term):
        if not factor.has(x):
            continue
        base, power = factor.as_base_exp()
        if base == x and power.is_Integer and power >= 0:
            continue
        if isinstance(factor, sp.exp) or (isinstance(base, sp.exp) and not power.has(x)):
            argument = (factor if isinstance(factor, sp.exp) else base).args[0]
            if argument.is_polynomial(x) and sp.degree(argument, x) <= 2:
                continue
            return False
        if isinstance(base, sp.sin | sp.cos) and power.is_Integer and power > 0:
            if base.args[0].is_polynomial(x) and sp.degree(base.args[0], x) <= 1:
                continue
            return False
        if isinstance(factor, sp.erf | sp.erfc) and erfs == 0:
            argument = factor.args[0]
            if argument.is_polynomial(x) and sp.degree(argument, x) <= 1:
                erfs += 1
                continue
        return False
    return True


def _symbolic_segment(g: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> sp.Expr | None:
    """∫ g φ over (lo, hi) term by term: the forms `gaussian_integral` knows in closed
    form, any other term that `_is_gaussian_integrable` admits by SymPy under a budget;
    None otherwise."""
    abstracted, constants = abstract_constants(g)
    abstracted = abstracted.rewrite(sp.cosh, sp.exp).rewrite(sp.sinh, sp.exp)
    # sinc(u) = sin(u)/u except at u = 0, a null set
    abstracted = abstracted.replace(sp.sinc, lambda u: sp.sin(u) / u)
    abstracted = abstracted.replace(
        lambda n: isinstance(n, sp.exp) and isinstance(n.args[0], sp.Add),
        lambda n: sp.Mul(*(sp.exp(t) for t in n.args[0].args)),
    )
    if abstracted.has(sp.sin, sp.cos):  # powers to multiple angles: cos²x = (1 + cos 2x)/2
        abstracted = TR8(abstracted)
    terms = sp.Add.make_args(sp.expand(abstracted))
    if not all(_is_gaussian_integrable(t) for t in terms):
        return None
    total = sp.S.Zero
    for term in terms:
        part = gaussian_integral(term, lo, hi)
        if part is not None:
            total += part
            continue
        try:
            with time_budget(TERM_SECONDS):
                part = sp.integrate(term * DENSITY, (x, lo, hi))
        except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
            return None
        if part.has(sp.Integral) or part.has(sp.nan, sp.zoo):
            return None
        total += part
    return total.subs(constants)


def _tidy(value: sp.Expr) -> sp.Expr:
    """``value`` simplified: a number that is rational once erf is written as 1 − erfc
    becomes that rational (SELU's E[f(Z)] = 0 and E[f(Z)²] = 1, its defining property);
    otherwise simplified with large constants held as symbols."""
    try:
        with time_budget(SIMPLIFY_SECONDS):
            if value.is_number:
                rational = sp.simplify(value.rewrite(sp.erfc))
                if rational.is_Rational:
                    return rational
            return simplify_abstracted(value)
    except BudgetExceeded:
        return value


def _even_part(g: sp.Expr) -> sp.Expr:
    """(g(x) + g(−x))/2, the part of g that φ does not integrate to 0: expanded when that
    leaves only terms `_is_gaussian_integrable` takes (GELU: x·erf(x/√2)), simplified
    when it is numerically a constant (σ(x) + σ(−x) = 1) or has sin/cos, else as it is
    (simplify would spend its whole budget on GELU-tanh's tanh of a cubic and find
    nothing to integrate)."""
    even = (g + g.subs(x, -x)) / 2
    if not even.has(sp.sin, sp.cos):  # trig powers integrate after simplify (cos²: cos 2x)
        expanded = sp.expand(even)
        if all(_is_gaussian_integrable(t) for t in sp.Add.make_args(expanded)):
            return expanded
        if not _numerically_constant(even):
            return even
    try:
        with time_budget(SIMPLIFY_SECONDS):
            return simplify_abstracted(even)
    except BudgetExceeded:
        return even


CONSTANT_PROBES = (sp.Rational(1, 3), sp.Rational(17, 10), sp.Rational(29, 10))


def _numerically_constant(g: sp.Expr) -> bool:
    """Whether g takes the same value (to 15 digits) at `CONSTANT_PROBES`."""
    values = [sp.N(g.subs(x, p), 20) for p in CONSTANT_PROBES]
    if not all(v.is_number and v.is_real for v in values):
        return True  # cannot tell: let simplify try
    return all(abs(v - values[0]) <= sp.Float("1e-15") * (1 + abs(values[0])) for v in values)


def _symbolic(pieces: Pieces, transform: callable) -> sp.Expr | None:
    if pieces.is_single:
        integrand = _even_part(transform(pieces.segments[0].expr))
        segments = decompose(integrand).segments if integrand.has(x) else ()
        if not segments:
            return _tidy(integrand)
        parts = [(s.lo, s.hi, s.expr) for s in segments]
    else:
        parts = [(s.lo, s.hi, transform(s.expr)) for s in pieces.segments]
    total = sp.S.Zero
    for lo, hi, g in parts:
        if g == 0:
            continue
        part = _symbolic_segment(g, lo, hi)
        if part is None:
            return None
        total += part
    result = _tidy(total)
    return result if result.is_finite is not False else None


def quadrature(g: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> tuple[mpmath.mpf, mpmath.mpf]:
    """∫ g φ over (lo, hi) by tanh-sinh quadrature at `QUAD_DIGITS`: (value, error estimate)."""
    with mpmath.workdps(QUAD_DIGITS):
        integrand = sp.lambdify(x, (g * DENSITY).evalf(QUAD_DIGITS + 15), "mpmath")
        ends = [mpmath.mpf(sp.N(e, QUAD_DIGITS + 10)) if e.is_finite else e for e in (lo, hi)]
        ends = [mpmath.inf if e == sp.oo else -mpmath.inf if e == -sp.oo else e for e in ends]
        inner = [mpmath.mpf(p) for p in (-4, 0, 4) if ends[0] < p < ends[1]]
        return mpmath.quad(integrand, [ends[0], *inner, ends[1]], error=True)


def heavy_tail(g: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> float | None:
    """A point of an infinite end of (lo, hi) where g φ has not decayed, or None.

    Quadrature samples an infinite range at a few nodes and cannot see an integrand
    that grows faster than φ decays (cosh(x³): the integral is infinite, the sum of
    the samples is merely huge). On each infinite side |x g(x) φ(x)| must be below
    `TAIL_TOLERANCE` at every |x| in `TAIL_POINTS`. A convergent integrand with only
    polynomial decay (1/(1 + x²) without φ) fails this too, and the moment is then
    left undetermined rather than guessed.
    """
    integrand = sp.lambdify(x, x * g * DENSITY, "mpmath")
    sides = [s for s, end in ((-1, lo), (1, hi)) if end.is_infinite]
    with mpmath.workdps(QUAD_DIGITS):
        for side, t in itertools.product(sides, TAIL_POINTS):
            try:
                size = abs(integrand(mpmath.mpf(side * t)))
            except (ValueError, ZeroDivisionError, OverflowError, TypeError, NameError):
                return float(side * t)
            if not (mpmath.isfinite(size) and size <= TAIL_TOLERANCE):
                return float(side * t)
    return None


def _numeric(pieces: Pieces, transform: callable) -> Derived[sp.Expr]:
    total, error = mpmath.mpf(0), mpmath.mpf(0)
    with mpmath.workdps(QUAD_DIGITS):
        for segment in pieces.segments:
            g = transform(segment.expr)
            if g == 0:
                continue
            far = heavy_tail(g, segment.lo, segment.hi)
            if far is not None:
                return undetermined(
                    f"the integrand g·φ has not decayed at x = {far:g}: the moment may be"
                    " infinite, and quadrature cannot bound its tail"
                )
            value, estimate = quadrature(g, segment.lo, segment.hi)
            total += value
            error += estimate
    if not mpmath.isfinite(total):
        return undetermined("the quadrature diverged: the moment may be infinite")
    return numeric(sp.Float(total, 30), float(max(error, MIN_BOUND)), QUAD_METHOD)


def _identity(expr: sp.Expr) -> sp.Expr:
    return expr


def _square(expr: sp.Expr) -> sp.Expr:
    return expr**2


def expectation(pieces: Pieces, square: bool = False) -> Derived[sp.Expr]:
    """E[g(Z)] (or E[g(Z)²] with ``square``) for the function g given by ``pieces``.

    Exact when SymPy integrates every segment (see the module doc), otherwise numeric.
    Breakpoint values do not matter (a null set).
    """
    transform = _square if square else _identity
    closed = _symbolic(pieces, transform)
    if closed is not None:
        return exact(closed, "symbolic integration against φ, segment by segment")
    return _numeric(pieces, transform)


def variance(mean: Derived[sp.Expr], second: Derived[sp.Expr]) -> Derived[sp.Expr]:
    """Var = E[f²] − E[f]², with the bounds of both parts propagated."""
    value = second.value - mean.value**2
    if weakest(mean.status, second.status) == "exact":
        return exact(_tidy(value), "E[f²] − E[f]²")
    m = abs(float(sp.N(mean.value)))
    bm, b2 = mean.bound or 0.0, second.bound or 0.0
    bound = b2 + 2 * m * bm + bm * bm
    return numeric(sp.Float(sp.N(value, 30), 30), bound, "E[f²] − E[f]² from the two integrals")


def inverse_sqrt(moment: Derived[sp.Expr], what: str) -> Derived[sp.Expr]:
    """1/√m with the provenance of m; ∞ when m = 0 (nothing to preserve)."""
    if moment.status == "exact":
        if moment.value == 0:
            return exact(sp.oo, f"{what} is 0")
        return exact(_tidy(1 / sp.sqrt(moment.value)), f"1/√{what}")
    m = float(sp.N(moment.value))
    b = moment.bound or 0.0
    if m - b <= 0:
        return undetermined(f"{what} is not separated from 0 by its bound")
    # |d(m^{-1/2})| ≤ ½ (m − b)^{-3/2} b on [m − b, m + b]
    bound = 0.5 * (m - b) ** -1.5 * b
    value = sp.Float(1 / sp.sqrt(sp.N(moment.value, 40)), 30)
    return numeric(value, max(bound, MIN_BOUND), f"1/√{what}; {moment.method}")


def torch_gain(name: str, params: dict[str, sp.Expr]) -> TorchGain | None:
    """PyTorch's recommended gain for the catalog activation ``name`` at the parameter
    values ``params`` (its defaults where one is not given), or None if it has none.

    The gains are catalog data (`symact.catalog.Spec.torch_gain`), read from
    ``torch/nn/init.py`` (PyTorch 2.13): linear and conv layers 1, sigmoid 1, tanh 5/3,
    relu √2, leaky_relu √(2/(1 + slope²)), selu 3/4.
    """
    spec = next((s for s in CATALOG if s.name == name), None)
    if spec is None or spec.torch_gain is None:
        return None
    values = {p.symbol: params.get(p.name, p.default) for p in spec.params}
    return replace(spec.torch_gain, gain=spec.torch_gain.gain.subs(values))


@dataclass(frozen=True)
class NormalMoments:
    """E[f(X)] and E[f(X)²] for X ~ N(μ, σ²), as functions of the symbols ``mu``, ``sigma``."""

    mean: Derived[sp.Expr]
    second_moment: Derived[sp.Expr]


MU = sp.Symbol("mu", real=True)
"""The mean μ of the Gaussian input."""
SIGMA = sp.Symbol("sigma", positive=True)
"""The standard deviation σ of the Gaussian input."""

GENERAL_SECONDS = 8.0


def normal_moments(f: sp.Expr, seconds: float = GENERAL_SECONDS) -> NormalMoments:
    r"""E[f(X)] and E[f(X)²] for $X \sim \mathcal N(\mu, \sigma^2)$ in closed form, where
    SymPy finds them within ``seconds`` (piecewise-polynomial and exponential pieces).

    $$ \mathbb E[g(X)] = \sum_i \int_{b_i}^{b_{i+1}} g_i(x)\,
       \frac{e^{-(x-\mu)^2 / (2\sigma^2)}}{\sigma\sqrt{2\pi}}\,dx $$
    """
    density = sp.exp(-((x - MU) ** 2) / (2 * SIGMA**2)) / (SIGMA * sp.sqrt(2 * sp.pi))
    pieces = decompose(f)

    def moment(transform: callable) -> Derived[sp.Expr]:
        total = sp.S.Zero
        try:
            with time_budget(seconds):
                for segment in pieces.segments:
                    g = transform(segment.expr)
                    terms = sp.Add.make_args(sp.expand(g))
                    if not all(_is_gaussian_integrable(t) for t in terms):
                        return undetermined(f"{g} is not a polynomial–exponential form")
                    part = sp.integrate(sp.expand(g * density), (x, segment.lo, segment.hi))
                    if part.has(sp.Integral):
                        return undetermined(f"SymPy could not integrate {g} against N(μ, σ²)")
                    total += part
                return exact(sp.simplify(total), "symbolic integration against N(μ, σ²)")
        except BudgetExceeded:
            return undetermined(f"time budget of {seconds:g} s exceeded")

    return NormalMoments(moment(_identity), moment(_square))
