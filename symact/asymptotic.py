r"""Leading terms at +∞ on a scale of powers, logarithms and exponentials.

Most limits the engine takes at ±∞ are of one shape: a product or sum of powers of x,
exponentials of polynomials, and saturating functions (tanh, erf, erfc, …) of
polynomials. GELU-tanh's f′ at −∞, for one, is

$$ -\frac{c_1\,x\,(1 + c_2 x^2)}{\cosh^2 u} + \frac{1}{1 + e^{-2u}},
   \qquad u = -c_3\,(x + c_4 x^3), $$

an indeterminate form (0 · ∞) that SymPy's Gruntz algorithm takes a second or more to
settle, every time. Here every such expression is given its *leading term* as
x → +∞,

$$ g(x) = c \, x^{k} \, (\log x)^{m} \, e^{P(x)} \, \bigl(1 + o(1)\bigr), $$

with a nonzero constant c, rational k and m, and $P(x) = \sum_i a_i x^{r_i}$ a sum of
positive powers (a generalised polynomial with no constant term), by rules that are
theorems of asymptotic analysis:

* products and rational powers multiply term by term;
* a sum is led by its dominant term: the one with the largest P (compared by the sign
  of the top term of the difference), then k, then m; terms on the same scale add their
  coefficients, and a sum whose coefficients cancel is **not** settled;
* $e^{u}$ with $u = P + u_0 + o(1)$: $e^{u_0} e^{P}$; $\log g = P + k \log x + \dots$
  is led by the top term of P, else by $k \log x$, else by $\log c \ne 0$;
* $\operatorname{erfc} u \sim e^{-u^2}/(u\sqrt\pi)$ as $u \to \infty$; tanh, erf, atan
  tend to their constant limits; $\sinh u, \cosh u \sim \pm e^{\pm u}/2$; an odd
  function with $f'(0) \ne 0$ of an argument tending to 0 is led by $f'(0)\,u$.

Anything outside these rules (oscillation, a cancellation, Piecewise, floating-point
coefficients whose sums would round) gives ``None``, and the caller falls back to
SymPy. Each step is a theorem, so an answer needs no numerical cross-check; the tests
compare them with the functions' values at x = 10⁴⁰ all the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.codegen.cfunctions import log1p

from .symbols import x


@dataclass(frozen=True)
class Scale:
    """``coefficient · x^power · (log x)^log_power · exp(Σ a·x^r)`` (``exponent``: the
    (r, a) pairs, r > 0 and a ≠ 0, largest r first); ``coefficient`` 0 is the function
    that is exactly 0 for all large x."""

    coefficient: sp.Expr
    power: sp.Rational = sp.S.Zero
    log_power: sp.Rational = sp.S.Zero
    exponent: tuple[tuple[sp.Rational, sp.Expr], ...] = ()

    @property
    def is_zero(self) -> bool:
        return self.coefficient == 0


ZERO = Scale(sp.S.Zero)
ONE = Scale(sp.S.One)


def leading_limit(g: sp.Expr) -> sp.Expr | None:
    """lim g as x → +∞ from g's leading term, or None."""
    scale = leading_term(g)
    return None if scale is None else limit_of(scale)


def leading_term(g: sp.Expr) -> Scale | None:
    """g's leading term as x → +∞, or None where the rules do not settle it."""
    if g.has(sp.Float):
        return None  # sums of rounded coefficients could cancel, or fail to
    try:
        return _lead(g)
    except (TypeError, ValueError, ZeroDivisionError):
        return None


def limit_of(scale: Scale) -> sp.Expr | None:
    """The limit at +∞ of a function with this leading term."""
    if scale.is_zero:
        return sp.S.Zero
    growth = _growth_sign(scale)
    if growth is None:
        return None
    if growth < 0:
        return sp.S.Zero
    if growth == 0:
        return scale.coefficient
    sign = _sign(scale.coefficient)
    return None if sign is None else sign * sp.oo


def _growth_sign(scale: Scale) -> int | None:
    """+1 if the non-constant part tends to ∞, −1 if to 0, 0 if it is 1."""
    if scale.exponent:
        return _sign(scale.exponent[0][1])
    if scale.power != 0:
        return 1 if scale.power > 0 else -1
    if scale.log_power != 0:
        return 1 if scale.log_power > 0 else -1
    return 0


def _sign(value: sp.Expr) -> int | None:
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    return None


def _nonzero_constant(value: sp.Expr) -> Scale | None:
    if value.is_zero:
        return ZERO
    if value.is_extended_real and value.is_finite and value.is_zero is False:
        return Scale(value)
    return None


def _value_near(value: sp.Expr) -> Scale | None:
    """The leading term of a function of x tending to the constant ``value``: that
    constant when it is nonzero; None at 0 (never `ZERO`, which means "exactly 0 for
    large x": log u with u → 1 is not 0, only o(1))."""
    if value.is_zero is not False or not (value.is_extended_real and value.is_finite):
        return None
    return Scale(value)


def _lead(e: sp.Expr) -> Scale | None:
    if e == x:
        return Scale(sp.S.One, sp.S.One)
    if not e.has(x):
        return _nonzero_constant(e)
    if isinstance(e, sp.Mul):
        return _product([_lead(a) for a in e.args])
    if isinstance(e, sp.Add):
        return _sum([_lead(a) for a in e.args])
    if isinstance(e, sp.Pow):
        return _power(e.base, e.exp)
    rule = _FUNCTIONS.get(type(e))
    if rule is not None and len(e.args) == 1:
        return rule(e.args[0])
    return None


def _product(factors: list[Scale | None]) -> Scale | None:
    if None in factors:
        return None
    if any(f.is_zero for f in factors):  # type: ignore[union-attr]
        return ZERO
    result = ONE
    for factor in factors:
        result = _times(result, factor)  # type: ignore[arg-type]
    return result


def _times(a: Scale, b: Scale) -> Scale:
    return Scale(
        a.coefficient * b.coefficient,
        a.power + b.power,
        a.log_power + b.log_power,
        _add_exponents(a.exponent, b.exponent),
    )


def _add_exponents(p, q, q_sign: int = 1):
    terms: dict[sp.Rational, sp.Expr] = {}
    for r, a in p:
        terms[r] = terms.get(r, sp.S.Zero) + a
    for r, a in q:
        terms[r] = terms.get(r, sp.S.Zero) + q_sign * a
    kept = []
    for r in sorted(terms, reverse=True):
        a = _settled_constant(terms[r])
        if a.is_zero is None:
            raise ValueError("cannot decide whether exponent terms cancel")
        if not a.is_zero:
            kept.append((r, a))
    return tuple(kept)


def _settled_constant(value: sp.Expr) -> sp.Expr:
    """``value`` with its zero-ness decided where expanding (then simplifying) can."""
    value = sp.expand(value)
    return value if value.is_zero is not None else sp.simplify(value)


def _compare(a: Scale, b: Scale) -> int:
    """Sign of log|a| − log|b| at +∞ (0: the same scale); ValueError if undecidable."""
    difference = _add_exponents(a.exponent, b.exponent, -1)
    if difference:
        sign = _sign(difference[0][1])
        if sign is None:
            raise ValueError("cannot order the exponentials")
        return sign
    for one, other in ((a.power, b.power), (a.log_power, b.log_power)):
        if one != other:
            return 1 if one > other else -1
    return 0


def _sum(terms: list[Scale | None]) -> Scale | None:
    if None in terms:
        return None
    present = [t for t in terms if not t.is_zero]  # type: ignore[union-attr]
    if not present:
        return ZERO
    top = present[0]
    tied = [top]
    for term in present[1:]:
        order = _compare(term, top)  # type: ignore[arg-type]
        if order > 0:
            top, tied = term, [term]
        elif order == 0:
            tied.append(term)
    coefficient = _settled_constant(sp.Add(*[t.coefficient for t in tied]))  # type: ignore[union-attr]
    if coefficient.is_zero is not False:
        return None  # the leading terms cancel (or may): a finer expansion is needed
    return Scale(coefficient, top.power, top.log_power, top.exponent)  # type: ignore[union-attr]


def _power(base: sp.Expr, exponent: sp.Expr) -> Scale | None:
    if exponent.has(x):
        if base.has(x) or not base.is_positive:
            return None
        return _exp(exponent * sp.log(base))
    if not (exponent.is_Rational or (exponent.is_number and exponent.is_real)):
        return None
    lead = _lead(base)
    if lead is None:
        return None
    if lead.is_zero:
        return ZERO if exponent.is_positive else None
    if not exponent.is_integer and not lead.coefficient.is_positive:
        return None
    return Scale(
        lead.coefficient**exponent,
        lead.power * exponent,
        lead.log_power * exponent,
        tuple((r, a * exponent) for r, a in lead.exponent),
    )


def _expansion(u: sp.Expr) -> tuple[tuple[tuple[sp.Rational, sp.Expr], ...], sp.Expr] | None:
    """u = Σ a·x^r (r > 0) + u₀ + o(1): the (r, a) pairs and u₀, or None."""
    growing: dict[sp.Rational, sp.Expr] = {}
    constant = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(u)):
        coefficient, rest = term.as_independent(x, as_Add=False)
        if coefficient.is_extended_real is not True:
            return None  # e^{ix} oscillates; log of it is on a branch cut
        if rest == 1:
            constant += coefficient
            continue
        r = _monomial_power(rest)
        if r is not None and r > 0:
            growing[r] = growing.get(r, sp.S.Zero) + coefficient
            continue
        if r is not None or leading_limit(term) == 0:
            continue  # a negative power, or any other term tending to 0
        return None
    pairs = _add_exponents(tuple(growing.items()), ())
    return pairs, constant


def _monomial_power(e: sp.Expr) -> sp.Rational | None:
    if e == x:
        return sp.S.One
    if isinstance(e, sp.Pow) and e.base == x and e.exp.is_Rational:
        return e.exp
    return None


def _exp(u: sp.Expr) -> Scale | None:
    expanded = _expansion(u)
    if expanded is None:
        return None
    pairs, constant = expanded
    return Scale(sp.exp(constant), sp.S.Zero, sp.S.Zero, pairs)


def _log(u: sp.Expr) -> Scale | None:
    lead = _lead(u)
    if lead is None or lead.is_zero or not lead.coefficient.is_positive:
        return None
    if lead.exponent:
        r, a = lead.exponent[0]
        return Scale(a, r)
    if lead.power != 0:
        return Scale(lead.power, sp.S.Zero, sp.S.One)
    if lead.log_power != 0:
        return None  # log log x is not on the scale
    if lead.coefficient == 1:  # u → 1: log u ~ u − 1, over one denominator
        return _lead(sp.together(u - 1))
    return _value_near(sp.log(lead.coefficient))


def _log1p(y: sp.Expr) -> Scale | None:
    if leading_limit(y) == 0:
        return _lead(y)  # log(1 + y) ~ y
    return _log(1 + y)


def _argument_limit(u: sp.Expr) -> sp.Expr | None:
    return leading_limit(u)


def _saturating(function: type, at_minus: sp.Expr, at_plus: sp.Expr, slope: sp.Expr):
    """Rule for a function with limits ``at_minus``, ``at_plus`` and f(0) = 0,
    f′(0) = ``slope``."""

    def rule(u: sp.Expr) -> Scale | None:
        limit = _argument_limit(u)
        if limit is None:
            return None
        if limit.is_infinite:
            return Scale(at_plus if limit == sp.oo else at_minus)
        if limit == 0:
            lead = _lead(u)
            return None if lead is None else _times(Scale(slope), lead)
        return _value_near(function(limit))

    return rule


def _erfc(u: sp.Expr) -> Scale | None:
    limit = _argument_limit(u)
    if limit is None:
        return None
    if limit == -sp.oo:
        return Scale(sp.Integer(2))
    if limit == sp.oo:  # erfc u ~ exp(−u²) / (u √π)
        return _product([_exp(-(u**2)), _power(u, sp.S.NegativeOne), Scale(1 / sp.sqrt(sp.pi))])
    return _value_near(sp.erfc(limit))


def _exponential_pair(function: type, odd: bool):
    """sinh (odd) or cosh: ±e^{±u}/2 as u → ±∞."""

    def rule(u: sp.Expr) -> Scale | None:
        limit = _argument_limit(u)
        if limit is None:
            return None
        if limit.is_infinite:
            sign = 1 if limit == sp.oo else -1
            lead = _exp(sign * u)
            factor = sp.Rational(sign if odd else 1, 2)
            return None if lead is None else _times(Scale(factor), lead)
        if limit == 0 and odd:
            return _lead(u)
        return _value_near(function(limit))

    return rule


def _abs(u: sp.Expr) -> Scale | None:
    lead = _lead(u)
    if lead is None or lead.is_zero:
        return lead
    sign = _sign(lead.coefficient)
    if sign is None:
        return None
    return Scale(sign * lead.coefficient, lead.power, lead.log_power, lead.exponent)


_FUNCTIONS = {
    sp.exp: _exp,
    sp.log: _log,
    log1p: _log1p,
    sp.Abs: _abs,
    sp.erfc: _erfc,
    sp.tanh: _saturating(sp.tanh, -sp.S.One, sp.S.One, sp.S.One),
    sp.erf: _saturating(sp.erf, -sp.S.One, sp.S.One, 2 / sp.sqrt(sp.pi)),
    sp.atan: _saturating(sp.atan, -sp.pi / 2, sp.pi / 2, sp.S.One),
    sp.sinh: _exponential_pair(sp.sinh, odd=True),
    sp.cosh: _exponential_pair(sp.cosh, odd=False),
}
"""Rules for functions of one argument (others give None)."""


__all__ = ["Scale", "leading_limit", "leading_term", "limit_of"]
