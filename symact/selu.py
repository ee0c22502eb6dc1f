r"""SELU's constants derived: the self-normalising fixed point of Klambauer et al. (2017).

A layer maps inputs with mean $\mu$ and variance $\nu$, through weights with
$\omega = \sum_i w_i$ and $\tau = \sum_i w_i^2$, to pre-activations
$z \sim \mathcal N(\mu\omega, \nu\tau)$, and then to outputs with

$$ \tilde\mu(\mu, \nu) = \mathbb E[\operatorname{selu}(z)], \qquad
   \tilde\nu(\mu, \nu) = \mathbb E[\operatorname{selu}(z)^2] - \tilde\mu^2 $$

(Klambauer et al., eqs. 4–5). Requiring $(\mu, \nu) = (0, 1)$ to be a fixed point for
normalised weights ($\omega = 0$, $\tau = 1$) gives two equations in $\alpha$ and
$\lambda$: the mean equation fixes $\alpha$ (λ cancels), the second-moment equation then
fixes $\lambda$. Every integral is done symbolically (`symact.statistics`' truncated
Gaussian moments), so $\alpha_{01}$ and $\lambda_{01}$ come out in closed form in
$\operatorname{erfc}$ and $\sqrt e$. Stability: the Jacobian of
$(\mu, \nu) \mapsto (\tilde\mu, \tilde\nu)$ at $(0, 1)$ must have spectral radius < 1.

`derivation` returns the steps as ``(text, SymPy expression)`` pairs for the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from .gaussian_integrals import gaussian_integral
from .symbols import x

ALPHA, LAMBDA = sp.symbols("alpha lambda", positive=True)
MU, OMEGA = sp.symbols("mu omega", real=True)
NU, TAU = sp.symbols("nu tau", positive=True)

LITERATURE_ALPHA = "1.6732632423543772848170429916717"
LITERATURE_LAMBDA = "1.0507009873554804934193349852946"
"""The constants as published (Klambauer et al. 2017; PyTorch and JAX source)."""

DIGITS = 30


@dataclass(frozen=True)
class SeluDerivation:
    """The derivation and its results.

    Attributes:
        steps: ``(text, expression)`` pairs, in order.
        alpha, lam: α₀₁ and λ₀₁ in closed form.
        jacobian: ∂(μ̃, ν̃)/∂(μ, ν) at (0, 1) with ω = 0, τ = 1, numeric to 30 digits.
        eigenvalues: Its eigenvalues (floats).
        spectral_radius: max |eigenvalue|; < 1 means (0, 1) is stable and attracting.
        spectral_norm: The largest singular value (a contraction bound).
    """

    steps: tuple[tuple[str, sp.Expr], ...]
    alpha: sp.Expr
    lam: sp.Expr
    jacobian: sp.Matrix
    eigenvalues: tuple[float, ...]
    spectral_radius: float
    spectral_norm: float


def _selu(u: sp.Expr) -> sp.Piecewise:
    return LAMBDA * sp.Piecewise((u, u > 0), (ALPHA * (sp.exp(u) - 1), True))


def _expect(positive: sp.Expr, negative: sp.Expr, cut: sp.Expr) -> sp.Expr:
    """E[h(Z)] for Z ~ N(0, 1), with h = ``positive`` on (cut, ∞) and ``negative`` below."""
    total = sp.S.Zero
    for g, lo, hi in ((positive, cut, sp.oo), (negative, -sp.oo, cut)):
        for term in sp.Add.make_args(sp.expand(g)):
            part = gaussian_integral(term, lo, hi)
            if part is None:
                raise ValueError(f"not a polynomial–exponential term: {term}")
            total += part
    return total


def moment_map() -> tuple[sp.Expr, sp.Expr]:
    r"""$(\tilde\mu, \tilde\nu)$ as closed forms in $\mu, \nu, \omega, \tau, \alpha, \lambda$.

    With $z = \mu\omega + \sqrt{\nu\tau}\,Z$, selu(z) is the positive branch exactly when
    $Z > c = -\mu\omega / \sqrt{\nu\tau}$.
    """
    scale = sp.sqrt(NU * TAU)
    z = MU * OMEGA + scale * x
    cut = -MU * OMEGA / scale
    positive, negative = LAMBDA * z, LAMBDA * ALPHA * (sp.exp(z) - 1)
    mean = _expect(positive, negative, cut)
    second = _expect(positive**2, negative**2, cut)
    return mean, second - mean**2


def _n(expr: sp.Expr, digits: int = DIGITS + 10) -> sp.Expr:
    return sp.N(expr, digits)


@lru_cache(maxsize=1)
def derivation() -> SeluDerivation:
    """Solve the fixed-point equations and check stability (cached; about a second)."""
    normalised = {MU: 0, NU: 1, OMEGA: 0, TAU: 1}
    mean_map, variance_map = moment_map()
    mean_eq = sp.simplify(mean_map.subs(normalised))
    alpha = sp.simplify(sp.solve(sp.Eq(mean_eq, 0), ALPHA)[0])
    second_eq = sp.simplify((variance_map + mean_map**2).subs(normalised))
    lam_solutions = sp.solve(sp.Eq(second_eq.subs(ALPHA, alpha), 1), LAMBDA)
    lam = sp.simplify(next(s for s in lam_solutions if _n(s) > 0))
    constants = {ALPHA: alpha, LAMBDA: lam}
    jacobian_symbolic = sp.Matrix(
        [[sp.diff(m, v) for v in (MU, NU)] for m in (mean_map, variance_map)]
    )
    jacobian = jacobian_symbolic.subs(normalised).subs(constants).applyfunc(_n)
    eigenvalues = tuple(sorted(float(sp.re(e)) for e in jacobian.eigenvals(multiple=True)))
    gram = jacobian.T * jacobian
    spectral_norm = float(max(sp.sqrt(abs(e)) for e in gram.eigenvals(multiple=True)))
    steps = (
        ("SELU with free constants α and λ", _selu(x)),
        (
            "Pre-activation z = μω + √(ντ)·Z, Z ~ N(0, 1); output mean μ̃(μ, ν) = E[selu(z)]",
            mean_map,
        ),
        ("Output variance ν̃(μ, ν) = E[selu(z)²] − μ̃²", variance_map),
        (
            "Fixed point (μ, ν) = (0, 1) for ω = 0, τ = 1 — mean equation E[selu(Z)] = 0",
            sp.Eq(mean_eq, 0),
        ),
        ("λ cancels; solving for α gives α₀₁", sp.Eq(sp.Symbol("alpha_01"), alpha)),
        ("Second-moment equation E[selu(Z)²] = 1", sp.Eq(second_eq, 1)),
        ("Substituting α₀₁ and solving for λ > 0 gives λ₀₁", sp.Eq(sp.Symbol("lambda_01"), lam)),
        ("Numerically, α₀₁", _n(alpha, DIGITS)),
        ("Numerically, λ₀₁", _n(lam, DIGITS)),
        (
            "Jacobian of (μ, ν) ↦ (μ̃, ν̃) at (0, 1), ω = 0, τ = 1",
            jacobian.applyfunc(lambda v: sp.N(v, 12)),
        ),
        (
            "Its spectral radius (< 1: a stable, attracting fixed point)",
            sp.Float(max(abs(e) for e in eigenvalues), 12),
        ),
    )
    return SeluDerivation(
        steps=steps,
        alpha=alpha,
        lam=lam,
        jacobian=jacobian,
        eigenvalues=eigenvalues,
        spectral_radius=max(abs(e) for e in eigenvalues),
        spectral_norm=spectral_norm,
    )


__all__ = ["LITERATURE_ALPHA", "LITERATURE_LAMBDA", "SeluDerivation", "derivation", "moment_map"]
