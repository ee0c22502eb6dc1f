r"""SymPy objects as the plain-text mathematics a reader writes, for the terminal.

SymPy's own string form is a programming language: ``Interval.open(1, oo)``,
``Union({0}, …)``, ``EmptySet``, ``ImageSet(Lambda(_k, 2*_k*pi), Integers)``,
``-LambertW(exp(-1))``, 40-digit floats. `math_text` writes the same objects as
mathematics, in one line of Unicode:

| SymPy | here |
|---|---|
| ``Interval.Lopen(0, oo)``, ``Reals`` | ``(0, ∞)``, ``ℝ`` |
| ``Union(FiniteSet(0), Interval.open(1, oo))`` | ``{0} ∪ (1, ∞)`` |
| ``EmptySet`` | ``∅`` |
| ``ImageSet(Lambda(_k, 2*_k*pi + pi/2), Integers)`` | ``{2kπ + π/2 : k ∈ ℤ}`` |
| ``-LambertW(exp(-1))``, ``sqrt(2)/(2*sqrt(pi))`` | ``−W(1/e)``, ``√2/(2√π)`` |
| ``Float('-0.16997120747990366169386847098')`` | ``−0.169971`` |

Every minus sign is U+2212, products are ``·``, powers ``^``. `number_text` adds a
decimal approximation to a closed form that is not a plain fraction
(``−W(1/e) ≈ −0.278465``); `set_text` and `math_text` are the same function for sets.
"""

from __future__ import annotations

import mpmath
import sympy as sp
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

SIGNIFICANT_DIGITS = 6
"""Significant digits of every decimal shown (certified values keep theirs in the JSON)."""
MINUS = "\N{MINUS SIGN}"

_NAMED_SETS = {"Reals": "ℝ", "Integers": "ℤ", "Naturals": "ℕ", "Naturals0": "ℕ₀"}
_RELATIONS = {"<=": "≤", ">=": "≥", "!=": "≠", "==": "="}


def decimal_text(value: sp.Expr | float) -> str:
    """A real number to `SIGNIFICANT_DIGITS` significant digits: ``−0.278465``, ``1e−30``."""
    number = mpmath.mpf(sp.Float(value, 30) if isinstance(value, sp.Basic) else value)
    text = mpmath.nstr(number, SIGNIFICANT_DIGITS, min_fixed=-5, max_fixed=7)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa.removesuffix('.0')}e{int(exponent)}"
    return text.replace("-", MINUS)


class _MathPrinter(StrPrinter):
    """`StrPrinter` with the notation of a blackboard (see the module doc)."""

    def _print_Pi(self, expr: sp.Expr) -> str:
        return "π"

    def _print_Exp1(self, expr: sp.Expr) -> str:
        return "e"

    def _print_Infinity(self, expr: sp.Expr) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: sp.Expr) -> str:
        return "-∞"

    def _print_ComplexInfinity(self, expr: sp.Expr) -> str:
        return "complex ∞"

    def _print_NaN(self, expr: sp.Expr) -> str:
        return "undefined"

    def _print_Float(self, expr: sp.Float) -> str:
        return decimal_text(expr)

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return expr.name.lstrip("_") or expr.name

    def _print_Dummy(self, expr: sp.Dummy) -> str:
        return self._print_Symbol(expr)

    def _atom(self, expr: sp.Expr) -> str:
        """``expr`` bare when it is a number or a symbol, else in parentheses."""
        text = self._print(expr)
        simple = expr.is_Atom and not (expr.is_number and expr.is_negative)
        return text if simple and "/" not in text else f"({text})"

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, exponent = expr.as_base_exp()
        if exponent == sp.S.Half:
            return "√" + self._atom(base)
        if exponent == -sp.S.Half:
            return "1/√" + self._atom(base)
        if exponent.is_negative and exponent != -1 and exponent.is_Rational:
            return "1/" + self._print(sp.Pow(base, -exponent, evaluate=False))
        if exponent == -1:
            return "1/" + self.parenthesize(base, PRECEDENCE["Mul"] + 1)
        return self.parenthesize(base, PRECEDENCE["Pow"] + 1) + "^" + self._atom(exponent)

    def _print_Mul(self, expr: sp.Mul) -> str:
        """A factor e^(−c) with a number c goes to the denominator: ``2/(e·√π)``."""
        factors = [
            sp.Pow(sp.exp(-f.args[0]), -1, evaluate=False)
            if isinstance(f, sp.exp) and f.args[0].is_number and f.args[0].is_negative
            else f
            for f in expr.args
        ]
        return super()._print_Mul(sp.Mul(*factors, evaluate=False))

    def _print_exp(self, expr: sp.Expr) -> str:
        (argument,) = expr.args
        if argument == -1:
            return "1/e"
        return "e^" + self._atom(argument)

    def _print_LambertW(self, expr: sp.Expr) -> str:
        branch = "" if len(expr.args) == 1 or expr.args[1] == 0 else f"_{expr.args[1]}"
        return f"W{branch}({self._print(expr.args[0])})"

    def _print_Abs(self, expr: sp.Expr) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_sign(self, expr: sp.Expr) -> str:
        return f"sgn({self._print(expr.args[0])})"

    def _print_floor(self, expr: sp.Expr) -> str:
        return f"⌊{self._print(expr.args[0])}⌋"

    def _print_ceiling(self, expr: sp.Expr) -> str:
        return f"⌈{self._print(expr.args[0])}⌉"

    def _print_Heaviside(self, expr: sp.Expr) -> str:
        return f"H({self._print(expr.args[0])})"

    def _print_MinMaxBase(self, expr: sp.Expr) -> str:
        name = "max" if isinstance(expr, sp.Max) else "min"
        return f"{name}({', '.join(self._print(a) for a in expr.args)})"

    def _print_Max(self, expr: sp.Expr) -> str:
        return self._print_MinMaxBase(expr)

    def _print_Min(self, expr: sp.Expr) -> str:
        return self._print_MinMaxBase(expr)

    def _print_Relational(self, expr: sp.Expr) -> str:
        relation = _RELATIONS.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {relation} {self._print(expr.rhs)}"

    def _print_And(self, expr: sp.Expr) -> str:
        return " and ".join(self._operand(a) for a in expr.args)

    def _print_Or(self, expr: sp.Expr) -> str:
        return " or ".join(self._operand(a) for a in expr.args)

    def _operand(self, condition: sp.Basic) -> str:
        text = self._print(condition)
        return f"({text})" if isinstance(condition, (sp.And, sp.Or)) else text

    def _print_Piecewise(self, expr: sp.Piecewise) -> str:
        cases = [
            f"{self._print(value)} otherwise"
            if condition == sp.true
            else f"{self._print(value)} if {self._condition(condition)}"
            for value, condition in expr.args
        ]
        return "{" + "; ".join(cases) + "}"

    def _condition(self, condition: sp.Basic) -> str:
        """A case's condition: one inequality as it is (``x > 0``), a compound one in one
        variable as the set it describes (``x ∈ (−1/2, 1/2)``, ``x ∈ ℝ ∖ {0}``), which
        SymPy's unsimplified And/Or of inequalities would not show."""
        if isinstance(condition, sp.core.relational.Relational):
            return self._print(condition)
        (variable,) = condition.free_symbols or (None,)
        if variable is None:
            return self._print(condition)
        try:
            where = condition.as_set()
        except NotImplementedError:
            return self._print(condition)
        return f"{self._print(variable)} ∈ {self._print(where)}"

    # ---- sets ---------------------------------------------------------------------

    def _print_Interval(self, s: sp.Interval) -> str:
        left = "(" if s.left_open else "["
        right = ")" if s.right_open else "]"
        return f"{left}{self._print(s.start)}, {self._print(s.end)}{right}"

    def _print_FiniteSet(self, s: sp.FiniteSet) -> str:
        return "{" + ", ".join(self._print(e) for e in s.args) + "}"

    def _print_EmptySet(self, s: sp.Set) -> str:
        return "∅"

    def _print_Union(self, s: sp.Union) -> str:
        return " ∪ ".join(self._print(a) for a in s.args)

    def _print_Intersection(self, s: sp.Set) -> str:
        return " ∩ ".join(self._in_operation(a) for a in s.args)

    def _print_Complement(self, s: sp.Complement) -> str:
        return " ∖ ".join(self._in_operation(a) for a in s.args)

    def _in_operation(self, s: sp.Set) -> str:
        text = self._print(s)
        return f"({text})" if isinstance(s, (sp.Union, sp.Intersection)) else text

    def _print_ImageSet(self, s: sp.ImageSet) -> str:
        variables = ", ".join(self._print(v) for v in s.lamda.variables)
        bases = ", ".join(self._print(b) for b in s.base_sets)
        return f"{{{self._print(s.lamda.expr)} : {variables} ∈ {bases}}}"

    def _print_ConditionSet(self, s: sp.ConditionSet) -> str:
        return f"{{{self._print(s.sym)} ∈ {self._print(s.base_set)} : {self._print(s.condition)}}}"

    def _print_AccumulationBounds(self, bounds: sp.AccumBounds) -> str:
        return f"oscillating in [{self._print(bounds.min)}, {self._print(bounds.max)}]"

    def _print_MatrixBase(self, matrix: sp.MatrixBase) -> str:
        rows = ("; ".join(", ".join(self._print(e) for e in row) for row in matrix.tolist()),)
        return "[" + rows[0] + "]"


def _named_set_printer(symbol: str):  # type: ignore[no-untyped-def]
    return lambda self, s: symbol


for _name, _symbol in _NAMED_SETS.items():
    setattr(_MathPrinter, f"_print_{_name}", _named_set_printer(_symbol))

_PRINTER = _MathPrinter()


def math_text(obj: sp.Basic | int | float) -> str:
    """``obj`` (an expression, a set, a relation) as one line of mathematics."""
    text = _PRINTER.doprint(sp.sympify(obj) if isinstance(obj, (int, float)) else obj)
    return text.replace("**", "^").replace("*", "·").replace("-", MINUS)


set_text = math_text


def number_text(value: sp.Expr) -> str:
    """A number: a fraction or ±∞ as it is, a decimal (a numeric value) as ``≈ …``, a
    closed form with its decimal value: ``−W(1/e) ≈ −0.278465``, ``√2 ≈ 1.41421``."""
    if value.is_Rational or value.is_infinite or not value.is_number:
        return math_text(value)
    if value.atoms(sp.Float) and not value.free_symbols:
        return "≈ " + decimal_text(value)
    approximation = sp.N(value, 30)
    if not (approximation.is_real and approximation.is_finite):
        return math_text(value)
    return f"{math_text(value)} ≈ {decimal_text(approximation)}"


__all__ = ["MINUS", "SIGNIFICANT_DIGITS", "decimal_text", "math_text", "number_text", "set_text"]
