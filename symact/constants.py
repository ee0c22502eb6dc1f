r"""Large closed-form constants, abstracted to symbols while SymPy works.

SELU's α and λ are exact closed forms (erfc(1/√2), e^{1/2}, √π, …). SymPy's
``simplify``, ``series`` and ``integrate`` spend most of their time rewriting those
constants, not the function: simplifying SELU's Taylor coefficients takes seconds
with them and milliseconds with positive symbols in their place. `abstract_constants`
swaps each large constant for a signed symbol (its sign from a 20-digit value) and
returns the substitution back; `simplify_abstracted` simplifies with the symbols in
place. The result equals the input, only the constants are left as they were written.
"""

from __future__ import annotations

import sympy as sp

from .symbols import x


def abstract_constants(
    expr: sp.Expr, whole: bool = True, min_ops: int = 5
) -> tuple[sp.Expr, dict[sp.Symbol, sp.Expr]]:
    """Replace irrational constant subexpressions (SELU's α, λ) by positive/negative
    symbols, so SymPy integrates symbols instead of large closed forms. With ``whole``
    false a constant ``expr`` is not replaced as a whole, only its parts of at least
    ``min_ops`` operations."""
    mapping: dict[sp.Expr, sp.Symbol] = {}

    def is_big_constant(node: sp.Basic) -> bool:
        return (
            isinstance(node, sp.Expr)
            and node.is_number
            and not node.is_Rational
            and node.count_ops() >= min_ops
            and node.is_real is not False
            and _known_nonzero_real(node)
        )

    def replace(node: sp.Expr) -> sp.Expr:
        if node not in mapping:
            positive = bool(sp.N(node, 20) > 0)
            symbol = sp.Dummy(f"c{len(mapping)}", positive=True)
            mapping[node] = symbol if positive else -symbol
        return mapping[node]

    def walk(node: sp.Basic, root: bool = False) -> sp.Basic:
        if is_big_constant(node) and not (root and not whole):
            return replace(node)
        if not node.args or (not node.has(x) and not (root and not whole)):
            return node
        return node.func(*(walk(arg) for arg in node.args))

    abstracted = walk(expr, root=True)
    # mapping[c] is s or -s with s > 0; invert it to s -> c or s -> -c
    return abstracted, {
        next(iter(sym.free_symbols)): (const if sym.is_positive else -const)
        for const, sym in mapping.items()
    }


def _known_nonzero_real(node: sp.Expr) -> bool:
    """SymPy knows ``node`` is a nonzero real, or its value plainly is one (a sum of
    SELU's constants, whose sign SymPy's assumptions cannot settle)."""
    if node.is_real is True and node.is_zero is False:
        return True
    return plainly_nonzero(node) and sp.N(node, 20).is_real is True


def simplify_abstracted(expr: sp.Expr) -> sp.Expr:
    """``simplify(expr)`` with its large constants held as symbols (see the module doc).

    A result of 0 proves ``expr`` = 0 (an identity in the symbols holds at their
    values); a nonzero result proves nothing, since the constants' relations to each
    other are hidden from SymPy."""
    # only really large parts (SELU's λ has ~20 operations): sinh 2 / cosh 2 must stay
    # visible for simplify to write tanh 2
    abstracted, constants = abstract_constants(expr, whole=False, min_ops=10)
    if not constants:
        return sp.simplify(expr)
    return sp.simplify(abstracted).subs(constants)


def plainly_nonzero(value: sp.Expr) -> bool:
    """Whether SymPy's adaptive evaluation at 30 and at 45 digits gives the same nonzero
    number (to 20 digits): then it is not 0, and no ``simplify`` is needed to tell.

    SymPy's evaluation is adaptive (it raises the working precision until the digits
    asked for are right), so two agreeing evaluations are the same standard of
    disproof the symmetry and nonlinearity witnesses use; a true 0 evaluates to 0 or to
    a precision-less ``0.e-n``, never to two agreeing nonzero numbers."""
    low, high = sp.N(value, 30), sp.N(value, 45)
    if not (low.is_Float and high.is_Float) or high == 0:
        return False
    return bool(abs(low - high) <= sp.Float("1e-20", 45) * abs(high))


__all__ = ["abstract_constants", "plainly_nonzero", "simplify_abstracted"]
