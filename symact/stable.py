r"""Rewrites that avoid catastrophic cancellation, as rules on any expression tree.

The rules here act on sums where a term cancels the leading behaviour of a
saturating function (c below is any common factor: a constant, or the $e^{x^2/2}$ a
common denominator brings):

$$ c + c\,\operatorname{erf}(u) = c\,\operatorname{erfc}(-u), \qquad
   c - c\,\operatorname{erf}(u) = c\,\operatorname{erfc}(u), $$
$$ c + c\tanh(u) = \frac{2c}{1 + e^{-2u}}, \qquad c - c\tanh(u) = \frac{2c}{1 + e^{2u}},
   \qquad c - c\tanh^2(u) = \frac{c}{\cosh^2 u}, $$

and $\log(1 + y)$ becomes $\operatorname{log1p}(y)$, exact for tiny $y$ (the left tail
of softplus, $\log(1 + e^x)$ at $x \to -\infty$).

Both sides are equal as functions, so every symbolic result is unchanged; only
evaluation (interval enclosures, numerics) gains accuracy in the tails.
"""

from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import log1p


def _complement(function: sp.Expr, sign: int) -> sp.Expr:
    """``1 + sign * function`` without cancellation."""
    (u,) = function.args
    if isinstance(function, sp.erf):
        return sp.erfc(-sign * u, evaluate=False)
    return 2 / (1 + sp.exp(-2 * sign * u))


def _is_tanh_squared(node: sp.Expr) -> bool:
    return isinstance(node, sp.Pow) and node.exp == 2 and isinstance(node.base, sp.tanh)


def _fuse_sum(total: sp.Add) -> sp.Expr:
    """The first pair of terms r·F and ±r of ``total`` (F = erf(u), tanh(u) or tanh²(u),
    r any common factor: a constant, or e^{x²/2} from a common denominator) fused."""
    terms = list(total.args)
    for index, term in enumerate(terms):
        for function in sp.Mul.make_args(term):
            if not (isinstance(function, sp.erf | sp.tanh) or _is_tanh_squared(function)):
                continue
            rest = term / function
            for other, candidate in enumerate(terms):
                if other == index or candidate not in (rest, -rest):
                    continue
                sign = 1 if candidate == rest else -1
                if _is_tanh_squared(function):
                    if sign == 1:
                        continue  # r(1 + tanh²u) does not cancel
                    fused = -rest / sp.cosh(function.base.args[0]) ** 2
                else:
                    fused = sign * rest * _complement(function, sign)
                kept = [t for k, t in enumerate(terms) if k not in (index, other)]
                if not kept:
                    return fused
                return sp.Add(fused, _fuse_sum(sp.Add(*kept)) if len(kept) > 1 else kept[0])
    return total


def _log1p_of(node: sp.log) -> sp.Expr:
    """``log(1 + y)`` as ``log1p(y)``: exact where y is tiny (softplus's left tail)."""
    constant, rest = node.args[0].as_coeff_add()
    if constant != 1 or not rest:
        return node
    return log1p(sp.Add(*rest), evaluate=False)


def _logistic_base(factor: sp.Expr) -> tuple[sp.Expr, int] | None:
    """(u, k) when ``factor`` is $(1 + e^u)^{-k}$ with k a positive integer."""
    if not (isinstance(factor, sp.Pow) and factor.exp.is_Integer and factor.exp < 0):
        return None
    constant, rest = factor.base.as_coeff_add()
    if constant != 1 or len(rest) != 1 or not isinstance(rest[0], sp.exp):
        return None
    return rest[0].args[0], int(-factor.exp)


def _split_logistic(product: sp.Mul) -> sp.Expr:
    r"""$e^{nu} / (1 + e^u)^k$ (1 ≤ n ≤ k) as $(1 + e^{-u})^{-n} (1 + e^u)^{n - k}$.

    Equal, and free of the dependency that defeats interval arithmetic: on a box where
    u spans $[64, 256]$, numerator and denominator each span a factor $e^{192}$, so
    their quotient's enclosure does too, while each logistic factor is monotone in u
    (swish's f″ on its far tails)."""
    factors = list(sp.Mul.make_args(product))
    for position, factor in enumerate(factors):
        found = _logistic_base(factor)
        if found is None:
            continue
        u, k = found
        for other, numerator in enumerate(factors):
            if not isinstance(numerator, sp.exp):
                continue
            n = numerator.args[0] / u
            if not n.is_Integer or not 1 <= n <= k:
                continue
            n = int(n)
            split = sp.Pow(1 + sp.exp(-u), -n, evaluate=False)
            if k > n:
                split *= sp.Pow(1 + sp.exp(u), n - k, evaluate=False)
            kept = [f for i, f in enumerate(factors) if i not in (position, other)]
            return sp.Mul(*kept, split, evaluate=False) if kept else split
    return product


def stable_form(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every ``c ± c·erf(u)`` and ``c ± c·tanh(u)`` fused (see module doc).

    The result holds unevaluated ``erfc`` nodes (SymPy would turn ``erfc(-u)`` back into
    ``2 - erfc(u)``): evaluate it, do not manipulate it further.
    """
    fused = expr.replace(lambda node: isinstance(node, sp.Add), _fuse_sum)
    fused = fused.replace(lambda node: isinstance(node, sp.Mul), _split_logistic)
    return fused.replace(lambda node: isinstance(node, sp.log), _log1p_of)


def enclosure_form(expr: sp.Expr) -> sp.Expr:
    """The form of ``expr`` to enclose in interval arithmetic: common factors taken out
    (`sympy.factor_terms`), then `stable_form`.

    A common factor matters: GELU-tanh's f″ as a sum of three terms, each over cosh²,
    has an enclosure containing 0 on every far box, while (1 − tanh²)·(…) is certified
    root-free there.
    """
    return stable_form(sp.factor_terms(expr))
