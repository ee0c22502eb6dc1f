r"""Closed forms of $\int_{lo}^{hi} t(x)\,\varphi(x)\,dx$ for the terms Gaussian moments meet.

$\varphi$ is the standard normal density. Each rule is derived here, not looked up, so
that the exact Gaussian statistics do not depend on how fast SymPy's general integrator
(Meijer G tables, about half a second cold) happens to run:

- $c\,x^k e^{qx^2 + rx}$, $q < 1/2$, over any interval: with $s = 1/\sqrt{1 - 2q}$ and
  $x = s u$, $e^{qx^2}\varphi(x) = \varphi(u)$, so the integral is
  $c\,s^{k+1}\int u^k e^{rsu}\varphi(u)\,du$ over $(lo/s, hi/s)$; then
  $e^{\rho u}\varphi(u) = e^{\rho^2/2}\varphi(u - \rho)$ reduces it to truncated moments
  $M_j(a, b) = \int_a^b u^j \varphi(u)\,du$ (`truncated_moment`).
- $c\,x^k \operatorname{erf}(ax + b)$ over the real line, by Stein's lemma
  $\mathbb E[Z h(Z)] = \mathbb E[h'(Z)]$ with $h = x^{k-1}\operatorname{erf}$:
  $\mathbb E[Z^k \operatorname{erf}] = \mathbb E[Z^{k-1}\operatorname{erf}'] +
  (k - 1)\,\mathbb E[Z^{k-2}\operatorname{erf}]$, where
  $\operatorname{erf}'(ax + b) = \tfrac{2a}{\sqrt\pi} e^{-(ax+b)^2}$ is a term of the first rule,
  and $\mathbb E[\operatorname{erf}(aZ + b)] = \operatorname{erf}(b / \sqrt{1 + 2a^2})$
  (as $\operatorname{erf}(y) = 2\Phi(\sqrt2\,y) - 1$ and
  $\mathbb E[\Phi(\alpha Z + \beta)] = \Phi(\beta/\sqrt{1 + \alpha^2})$).
- $c\cos(ax + b)$ and $c\sin(ax + b)$ over the real line: the characteristic function,
  $c\cos(b)\,e^{-a^2/2}$ and $c\sin(b)\,e^{-a^2/2}$.
- $c\sin(ax)/x$ over the real line: differentiating in $a$ gives
  $\mathbb E[\cos(aZ)] = e^{-a^2/2}$, so the integral is
  $c\sqrt{\pi/2}\,\operatorname{erf}(a/\sqrt2)$.

`gaussian_integral` returns None for any other term or interval.
"""

from __future__ import annotations

import sympy as sp

from .symbols import x

__all__ = ["gaussian_integral", "truncated_moment"]

FULL_LINE = (-sp.oo, sp.oo)

MAX_POWER = 40
"""The largest k in x^k taken: the work grows as k² (k = 300 takes over a second), and
a larger power is left to the caller's budgeted fallback."""


def _phi(u: sp.Expr) -> sp.Expr:
    return sp.S.Zero if u in FULL_LINE else sp.exp(-(u**2) / 2) / sp.sqrt(2 * sp.pi)


def _cdf(u: sp.Expr) -> sp.Expr:
    return (1 + sp.erf(u / sp.sqrt(2))) / 2


def truncated_moment(k: int, a: sp.Expr, b: sp.Expr) -> sp.Expr:
    r"""$M_k(a, b) = \int_a^b u^k \varphi(u)\,du$ by the recurrence
    $M_k = a^{k-1}\varphi(a) - b^{k-1}\varphi(b) + (k - 1) M_{k-2}$,
    $M_1 = \varphi(a) - \varphi(b)$, $M_0 = \Phi(b) - \Phi(a)$ (integration by parts,
    $\varphi' = -u\varphi$; the boundary terms vanish at ±∞)."""
    if k == 0:
        return _cdf(b) - _cdf(a)
    boundary = sp.S.Zero
    for end, sign in ((a, 1), (b, -1)):
        if end not in FULL_LINE:
            boundary += sign * end ** (k - 1) * _phi(end)
    return boundary + (k - 1) * truncated_moment(k - 2, a, b) if k > 1 else boundary


def _coefficients(argument: sp.Expr, degree: int) -> list[sp.Expr] | None:
    """The coefficients of ``argument`` as a polynomial in x, constant first, padded to
    ``degree`` + 1 entries; None if it is not a polynomial of at most that degree."""
    try:
        if not argument.is_polynomial(x):
            return None
        poly = sp.Poly(argument, x)
    except (sp.PolynomialError, ValueError):
        return None
    if poly.degree() > degree:
        return None
    coefficients = list(reversed(poly.all_coeffs()))
    return coefficients + [sp.S.Zero] * (degree + 1 - len(coefficients))


def _split(term: sp.Expr) -> tuple[sp.Expr, int, list[sp.Expr]]:
    """``term`` as ``(c, k, rest)``: c constant, x^k, and the other factors of x."""
    coefficient, k, rest = sp.S.One, 0, []
    for factor in sp.Mul.make_args(term):
        base, power = factor.as_base_exp()
        if not factor.has(x):
            coefficient *= factor
        elif base == x and power.is_Integer and power >= 0:
            k += int(power)
        else:
            rest.append(factor)
    return coefficient, k, rest


def _quadratic_exponent(factors: list[sp.Expr]) -> tuple[sp.Expr, sp.Expr, sp.Expr] | None:
    """The exponent of a product of ``exp``s of polynomials of degree ≤ 2, as
    ``(constant, r, q)`` in ``constant + r x + q x²``; None for any other factor."""
    total = [sp.S.Zero] * 3
    for factor in factors:
        if isinstance(factor, sp.exp):
            argument = factor.args[0]
        elif (
            factor.is_Pow
            and isinstance(factor.base, sp.exp)
            and not factor.exp.has(x)
            and (factor.exp.is_integer or factor.base.args[0].is_real)
        ):
            argument = factor.exp * factor.base.args[0]  # √(e^u) = (e^u)^(1/2), u real
        else:
            return None
        coefficients = _coefficients(argument, 2)
        if coefficients is None:
            return None
        total = [t + c for t, c in zip(total, coefficients, strict=True)]
    return total[0], total[1], total[2]


def _exponential_integral(
    coefficient: sp.Expr, k: int, exponent: tuple[sp.Expr, sp.Expr, sp.Expr], lo, hi
) -> sp.Expr | None:
    r"""$\int_{lo}^{hi} c\,x^k e^{p + rx + qx^2}\varphi(x)\,dx$ (see the module docstring)."""
    constant, rate, q = exponent
    if q != 0 and not (1 - 2 * q).is_positive:
        return None  # e^{qx²}φ is not integrable (or SymPy cannot tell)
    scale = sp.S.One if q == 0 else 1 / sp.sqrt(1 - 2 * q)
    rho = rate * scale
    a, b = (end if end in FULL_LINE else end / scale - rho for end in (lo, hi))
    moments = sum(
        sp.binomial(k, j) * rho ** (k - j) * truncated_moment(j, a, b) for j in range(k + 1)
    )
    return coefficient * sp.exp(constant) * scale ** (k + 1) * sp.exp(rho**2 / 2) * moments


def _erf_integral(coefficient: sp.Expr, k: int, function: sp.Expr) -> sp.Expr | None:
    r"""$\int c\,x^k \operatorname{erf}(ax + b)\,\varphi(x)\,dx$ over the real line, by
    Stein's lemma (see the module docstring); erfc as $1 - \operatorname{erf}$."""
    coefficients = _coefficients(function.args[0], 1)
    if coefficients is None:
        return None
    b, a = coefficients
    if not (a.is_real and b.is_real):
        return None  # complex a: 1 + 2a² may vanish and the integral diverge
    if isinstance(function, sp.erfc):
        plain = _exponential_integral(coefficient, k, (0, 0, 0), *FULL_LINE)
        erf_part = _erf_integral(-coefficient, k, sp.erf(function.args[0]))
        return None if erf_part is None or plain is None else plain + erf_part

    def moment(j: int) -> sp.Expr | None:
        if j == 0:
            return sp.erf(b / sp.sqrt(1 + 2 * a**2))
        derivative = 2 * a / sp.sqrt(sp.pi)
        gaussian = (-(b**2), -2 * a * b, -(a**2))
        stein = _exponential_integral(derivative, j - 1, gaussian, *FULL_LINE)
        lower = moment(j - 2) if j > 1 else sp.S.Zero
        return None if stein is None or lower is None else stein + (j - 1) * lower

    total = moment(k)
    return None if total is None else coefficient * total


def _trigonometric_integral(coefficient: sp.Expr, k: int, function: sp.Expr) -> sp.Expr | None:
    r"""$\int c \cos(ax + b)\varphi$, $\int c \sin(ax + b)\varphi$ and
    $\int c \sin(ax)/x\,\varphi$ over the real line (see the module docstring)."""
    coefficients = _coefficients(function.args[0], 1)
    if coefficients is None:
        return None
    b, a = coefficients
    if k == 0:
        return coefficient * type(function)(b) * sp.exp(-(a**2) / 2)
    return None


def gaussian_integral(term: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> sp.Expr | None:
    r"""$\int_{lo}^{hi}$ ``term`` $\cdot\,\varphi(x)\,dx$ in closed form, or None when
    ``term`` is none of the forms in the module docstring (or the interval is not the
    real line where the form needs it).

    Examples:
        >>> gaussian_integral(x**2, -sp.oo, sp.oo)
        1
        >>> gaussian_integral(x * sp.erf(x / sp.sqrt(2)), -sp.oo, sp.oo)
        1/sqrt(pi)
    """
    coefficient, k, rest = _split(term)
    if k > MAX_POWER:
        return None
    exponent = _quadratic_exponent(rest)
    if exponent is not None:
        return _exponential_integral(coefficient, k, exponent, lo, hi)
    if (lo, hi) != FULL_LINE:
        return None
    if len(rest) == 2 and x**-1 in rest:
        return _sine_over_x(coefficient, k, rest)
    if len(rest) != 1:
        return None
    (function,) = rest
    if isinstance(function, sp.erf | sp.erfc):
        return _erf_integral(coefficient, k, function)
    if isinstance(function, sp.sin | sp.cos):
        return _trigonometric_integral(coefficient, k, function)
    return None


def _sine_over_x(coefficient: sp.Expr, k: int, rest: list[sp.Expr]) -> sp.Expr | None:
    r"""$\int c \sin(ax)/x\,\varphi = c\sqrt{\pi/2}\,\operatorname{erf}(a/\sqrt2)$ over the
    real line (``rest`` is x⁻¹ and one other factor)."""
    (sine,) = [f for f in rest if f != x**-1]
    if k != 0 or not isinstance(sine, sp.sin):
        return None
    coefficients = _coefficients(sine.args[0], 1)
    if coefficients is None or coefficients[0] != 0:
        return None  # sin(ax + b)/x with sin b ≠ 0 is not integrable at 0
    return coefficient * sp.sqrt(sp.pi / 2) * sp.erf(coefficients[1] / sp.sqrt(2))
