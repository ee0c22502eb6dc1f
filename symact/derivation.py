r"""How f′ is obtained, step by step, and what it equals.

For a smooth activation the derivative is first what the differentiation rules give
(`sympy.diff`), then simplified. Two rewritings make it instructive, and both are
*found*, then *proven*, not typed in:

- **in terms of f itself**: a polynomial $p$ of degree ≤ 2 with $f' = p(f)$ —
  the logistic equation $\sigma' = \sigma(1 - \sigma)$, $\tanh' = 1 - \tanh^2$,
  $\exp' = \exp$. Candidate coefficients come from solving $f'(x_i) = p(f(x_i))$ at
  three points in high precision and recognising them as rationals; the identity is
  then proven by simplifying $f' - p(f)$ to 0, and checked at further points.
- **as another activation**: $f' = g$ for a catalog activation $g$ (softplus′ = σ,
  ReLU′ = the binary step away from 0), screened numerically at sample points and
  proven segment by segment by simplification.

Every search runs under a time budget; a relation that cannot be proven in time is
left out, never shown unproven.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import mpmath
import sympy as sp

from .budget import BudgetExceeded, time_budget
from .huge import mpmath_function
from .pieces import NotPiecewiseSmooth, decompose
from .symbols import x

PROOF_SECONDS = 2.0
"""Budget for each symbolic proof (simplification of a difference to zero)."""
VALUES_SECONDS = 0.5
"""Budget for the values of one expression at the fit or check points (`_values`)."""

_FIT_POINTS = (sp.Rational(-7, 10), sp.Rational(3, 10), sp.Rational(13, 10))
_CHECK_POINTS = (
    sp.Rational(-29, 10),
    sp.Rational(-13, 10),
    sp.Rational(-1, 3),
    sp.Rational(1, 7),
    sp.Rational(11, 10),
    sp.Rational(27, 10),
)
_y = sp.Symbol("y", real=True)


@dataclass(frozen=True)
class Relation:
    r"""A proven equality ``f′ = rhs`` and how it reads.

    Attributes:
        rhs: The right-hand side, a SymPy expression in ``x``.
        tex: The right-hand side in the notation of the page (e.g. ``f(x)(1 - f(x))``
            or ``\operatorname{sigmoid}(x)``).
        kind: ``"in terms of f"`` or ``"another activation"``.
        other: The other activation's name, for ``"another activation"``.
        almost_everywhere: True when the equality holds except at breakpoints.
    """

    rhs: sp.Expr
    tex: str
    kind: str
    other: str | None = None
    almost_everywhere: bool = False


@dataclass(frozen=True)
class Steps:
    """The derivation of f′ for a page.

    Attributes:
        rules: ``f′`` as the differentiation rules produce it, or None when f is
            piecewise (then each piece is differentiated on its own).
        simplified: The simplified ``f′``.
        relations: Proven rewritings of ``f′``.
    """

    rules: sp.Expr | None
    simplified: sp.Expr
    relations: tuple[Relation, ...]


def _proven_zero(difference: sp.Expr) -> bool:
    """True if ``difference`` simplifies to 0 on every smooth piece within the budget."""
    try:
        with time_budget(PROOF_SECONDS):
            pieces = decompose(difference)
            return all(
                sp.simplify(s.expr.rewrite(sp.exp)) == 0 or sp.simplify(s.expr) == 0
                for s in pieces.segments
            )
    except (BudgetExceeded, NotPiecewiseSmooth, NotImplementedError, ValueError, TypeError):
        return False


def _values(expr: sp.Expr, points: Sequence[sp.Rational]) -> list[mpmath.mpf | None]:
    """``expr`` at each point to 40 digits, within `VALUES_SECONDS` in all; None where it
    is undefined, and at every point left when the budget runs out (a user's
    $e^{e^{x^{20}}}$ at 2.9 has about $10^{9}$ digits before the point)."""
    function = mpmath_function(expr)  # exponentials bounded: symact.huge
    values: list[mpmath.mpf | None] = []
    try:
        with time_budget(VALUES_SECONDS), mpmath.workdps(40):
            for point in points:
                values.append(_value(function, point))
    except BudgetExceeded:
        pass
    return values + [None] * (len(points) - len(values))


def _value(function: Callable[[mpmath.mpf], object], point: sp.Rational) -> mpmath.mpf | None:
    try:
        value = function(mpmath.mpf(point.p) / point.q)
        return value if isinstance(value, mpmath.mpf) else mpmath.mpf(value)
    except (ArithmeticError, MemoryError, ValueError, TypeError):
        return None


def _agree(left: list[mpmath.mpf | None], right: list[mpmath.mpf | None]) -> bool:
    """Whether two lists of values agree to 30 digits everywhere (all defined)."""
    with mpmath.workdps(40):
        return all(
            a is not None and b is not None and abs(a - b) <= mpmath.mpf(10) ** -30 * (1 + abs(a))
            for a, b in zip(left, right, strict=True)
        )


def in_terms_of_f(f: sp.Expr, derivative: sp.Expr) -> Relation | None:
    """A polynomial ``p`` of degree 1 or 2 with ``f′ = p(f)``, proven, or None."""
    values, slopes = _values(f, _FIT_POINTS), _values(derivative, _FIT_POINTS)
    if any(v is None for v in values + slopes):
        return None
    with mpmath.workdps(40):
        try:
            matrix = mpmath.matrix([[1, v, v**2] for v in values])
            coefficients = mpmath.lu_solve(matrix, mpmath.matrix(slopes))
        except ZeroDivisionError:
            return None
    rationals = [
        sp.nsimplify(sp.Float(c, 40), rational=True, tolerance=1e-25) for c in coefficients
    ]
    if any(r.q > 1000 for r in rationals) or rationals[1] == rationals[2] == 0:
        return None
    polynomial = sum(c * _y**k for k, c in enumerate(rationals))
    candidate = polynomial.subs(_y, f)
    if not _agree(_values(derivative, _CHECK_POINTS), _values(candidate, _CHECK_POINTS)):
        return None
    if not _proven_zero(derivative - candidate):
        return None
    return Relation(candidate, _polynomial_tex(rationals), "in terms of f")


def _polynomial_tex(coefficients: list[sp.Rational]) -> str:
    """``c0 + c1 f + c2 f²`` as TeX, factored as ``f(x)(c1 + c2 f(x))`` when c0 = 0."""
    c0, c1, c2 = coefficients
    f = sp.Symbol("f(x)")
    if c0 == 0 and c2 != 0:
        inner = sp.latex(sp.Add(c1, c2 * f, evaluate=True), order="rev-lex")
        return f"f(x)\\left({inner}\\right)"
    return sp.latex(c0 + c1 * f + c2 * f**2, order="rev-lex")


def as_other_activation(
    derivative: sp.Expr, others: Iterable[tuple[str, sp.Expr]]
) -> list[Relation]:
    """Each ``(name, g)`` with ``f′ = g`` (everywhere, or away from breakpoints), proven."""
    found: list[Relation] = []
    slopes = _values(derivative, _CHECK_POINTS)
    if None in slopes:
        return found  # no g agrees with f′ where f′ has no value
    for name, g in others:
        if not _agree(slopes, _values(g, _CHECK_POINTS)):
            continue
        if not _proven_zero(derivative - g):
            continue
        pieces = decompose(derivative - g)
        almost = bool(pieces.breakpoints)
        escaped = name.replace("_", "\\_")
        tex = f"\\operatorname{{{escaped}}}(x)"
        found.append(Relation(g, tex, "another activation", name, almost))
    return found


def derivative_steps(
    f: sp.Expr, simplified: sp.Expr, others: Iterable[tuple[str, sp.Expr]] = ()
) -> Steps:
    """The derivation of ``f′`` from ``f``: the rules' output, the simplified form, and
    the proven rewritings (in terms of f; as one of ``others``, ``(name, g)`` pairs)."""
    pieces = decompose(f)
    rules = sp.diff(pieces.segments[0].expr, x) if pieces.is_single else None
    relations: list[Relation] = []
    if pieces.is_single:
        found = in_terms_of_f(f, rules)
        if found is not None:
            relations.append(found)
    relations += as_other_activation(simplified, others)
    return Steps(rules, simplified, tuple(relations))
