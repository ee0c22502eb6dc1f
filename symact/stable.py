r"""Rewrites that avoid catastrophic cancellation, as rules on any expression tree.

The rules here act on sums where a constant cancels the leading behaviour of a
saturating function:

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
    constant, terms = total.as_coeff_add()
    if constant == 0:
        return total
    for index, term in enumerate(terms):
        coefficient, function = term.as_coeff_Mul()
        if abs(coefficient) != abs(constant):
            continue
        if _is_tanh_squared(function) and coefficient == -constant:
            rest = terms[:index] + terms[index + 1 :]
            return sp.Add(constant / sp.cosh(function.base.args[0]) ** 2, *rest)
        if not isinstance(function, sp.erf | sp.tanh):
            continue
        sign = 1 if coefficient == constant else -1
        rest = terms[:index] + terms[index + 1 :]
        return sp.Add(constant * _complement(function, sign), *rest)
    return total


def _log1p_of(node: sp.log) -> sp.Expr:
    """``log(1 + y)`` as ``log1p(y)``: exact where y is tiny (softplus's left tail)."""
    constant, rest = node.args[0].as_coeff_add()
    if constant != 1 or not rest:
        return node
    return log1p(sp.Add(*rest), evaluate=False)


def stable_form(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every ``c ± c·erf(u)`` and ``c ± c·tanh(u)`` fused (see module doc).

    The result holds unevaluated ``erfc`` nodes (SymPy would turn ``erfc(-u)`` back into
    ``2 - erfc(u)``): evaluate it, do not manipulate it further.
    """
    fused = expr.replace(lambda node: isinstance(node, sp.Add), _fuse_sum)
    return fused.replace(lambda node: isinstance(node, sp.log), _log1p_of)
