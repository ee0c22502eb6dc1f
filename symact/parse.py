r"""Read a formula typed by a user into a SymPy expression, without ever running it.

`parse` accepts the small grammar documented in ``docs/grammar.md``: numbers, ``x``,
named parameters, ``+ - * / ** ^``, a whitelist of functions, the catalog's activations
as functions, and conditions inside ``where``/``Piecewise``. The text is read by Python's
own parser (`ast.parse` in ``eval`` mode) and the tree is walked against that whitelist;
every SymPy object is built from the tree by symact, so nothing in the text is ever
evaluated as Python (``sympify``/``parse_expr`` would run it).

Every resource is bounded before it is spent: the length of the text, the nesting of
parentheses (checked before `ast.parse`), the size and depth of the tree, the digits of
every number, exponents, and the size of the constants SymPy would compute exactly.
A formula outside these bounds is refused with a `ParseError` naming the column and
the offending fragment.

Examples:
    >>> from symact.parse import parse
    >>> parse("x*sigmoid(1.702*x)")
    x/(1 + exp(-851*x/500))
"""

from __future__ import annotations

import ast
import difflib
import keyword
import math
import re
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sympy as sp

from .activation import Activation, InvalidDefinition, UnknownActivation, get
from .budget import BudgetExceeded, time_budget
from .catalog import CATALOG, Spec
from .symbols import x

MAX_LENGTH = 2000
"""Longest accepted formula, in characters."""
MAX_PARENTHESES = 50
"""Deepest accepted nesting of parentheses (checked on the text, before `ast.parse`)."""
MAX_DEPTH = 100
"""Deepest accepted syntax tree (each operator, call or operand is one level)."""
MAX_NODES = 1000
"""Largest accepted syntax tree, in nodes."""
MAX_NUMBER_DIGITS = 100
"""Most significant digits in one number literal."""
MAX_DIGITS = 400
r"""Exact numbers stay below $10^{400}$ in numerator and denominator, the power-of-ten
exponent of a literal included ($10^{\pm 400}$, beyond the double range $10^{\pm 308}$)."""
MAX_EXPONENT = 1000
"""Largest accepted absolute value of a constant exponent, ``x**1000``."""
MAX_ROOT_DIGITS = 100
"""Roots (non-integer powers) are taken only of numbers with at most this many digits."""
MAX_EXP_ARGUMENT = sp.Integer(921)
r"""Largest constant argument of exp-like functions: $e^{921} < 10^{400}$."""
BUILD_SECONDS = 0.15
"""Backstop for SymPy's own simplification while building the expression, in seconds of
CPU time as `symact.budget` counts them (enforced in the main thread only)."""

_TIMER_SLACK = 0.05
"""The profiling timer counts CPU time in scheduler ticks: it may fire this much early."""

_ALLOWED_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t+-*/^().,<>=!_&|~"
)
_CHARACTER_HINTS = {
    "\n": "line breaks are not allowed: write the formula on one line",
    "\r": "line breaks are not allowed: write the formula on one line",
    "'": "strings are not allowed",
    '"': "strings are not allowed",
    "[": "subscripts and lists are not allowed",
    "]": "subscripts and lists are not allowed",
    "{": "sets and dicts are not allowed",
    "}": "sets and dicts are not allowed",
    ";": "statements are not allowed",
    ":": "lambdas, slices and := are not allowed",
    "#": "comments are not allowed",
    "@": "decorators and @ are not allowed",
    "\\": "backslashes are not allowed",
    "%": "% is not an operator of the grammar",
}
_NUMBER = re.compile(r"(?P<int>\d*)(?:\.(?P<frac>\d*))?(?:[eE](?P<exp>[+-]?\d+))?")
_PARAMETER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "e": sp.E, "E": sp.E}


class ParseError(InvalidDefinition):
    """A formula outside the grammar, with where and why.

    Attributes:
        reason: What is wrong, e.g. ``"attribute access is not allowed"``.
        column: 1-based column in the text where the offending part starts.
        fragment: The offending part of the text (shortened to 40 characters).
        text: The whole formula (to point at the column, as a command line may).
    """

    def __init__(self, reason: str, text: str, start: int = 0, end: int | None = None):
        start = min(max(start, 0), len(text))
        end = len(text) if end is None else min(max(end, start + 1), len(text))
        fragment = text[start:end]
        if len(fragment) > 40:
            fragment = fragment[:37] + "..."
        self.reason, self.text, self.column, self.fragment = reason, text, start + 1, fragment
        self._span = (start, end)
        super().__init__(f"column {self.column}: {reason}: {fragment!r}")

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str, int, int]]:
        """Picklable (a process pool sends exceptions back to its caller)."""
        return type(self), (self.reason, self.text, *self._span)


# --------------------------------------------------------------------------------------
# The function whitelist.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Function:
    """A whitelisted function: its SymPy construction and how many arguments it takes."""

    build: Callable[..., sp.Expr]
    arguments: tuple[int, int | None] = (1, 1)
    """The least and the most arguments (``None``: no upper limit)."""
    exp_like: bool = False
    """Grows like eˣ: a constant argument must stay within ±`MAX_EXP_ARGUMENT`."""


def _n_ary(head: type[sp.Expr]) -> _Function:
    return _Function(head, arguments=(1, None))


_FUNCTIONS: dict[str, _Function] = {
    "exp": _Function(sp.exp, exp_like=True),
    "log": _Function(sp.log, arguments=(1, 2)),
    "log1p": _Function(lambda u: sp.log(1 + u)),
    "expm1": _Function(lambda u: sp.exp(u) - 1, exp_like=True),
    "sqrt": _Function(sp.sqrt),
    "sin": _Function(sp.sin),
    "cos": _Function(sp.cos),
    "tan": _Function(sp.tan),
    "asin": _Function(sp.asin),
    "acos": _Function(sp.acos),
    "atan": _Function(sp.atan),
    "sinh": _Function(sp.sinh, exp_like=True),
    "cosh": _Function(sp.cosh, exp_like=True),
    "tanh": _Function(sp.tanh),
    "asinh": _Function(sp.asinh),
    "acosh": _Function(sp.acosh),
    "atanh": _Function(sp.atanh),
    "erf": _Function(sp.erf),
    "erfc": _Function(sp.erfc),
    "sign": _Function(sp.sign),
    "LambertW": _Function(sp.LambertW),
    "sinc": _Function(sp.sinc),
    "abs": _Function(sp.Abs),
    "Abs": _Function(sp.Abs),
    "max": _n_ary(sp.Max),
    "Max": _n_ary(sp.Max),
    "min": _n_ary(sp.Min),
    "Min": _n_ary(sp.Min),
}
"""Functions built directly from SymPy. Every other callable name is a catalog activation
(``sigmoid``, ``softplus``, ``heaviside``, ``relu``, ``SiLU`` …, any spelling `symact.get`
accepts), substituted with its definition and default parameters."""

_SPECIAL_FORMS = ("where", "Piecewise", "Eq", "Ne")
_COMPARISONS: dict[type[ast.cmpop], Callable[[sp.Expr, sp.Expr], sp.Basic]] = {
    ast.Lt: sp.Lt,
    ast.LtE: sp.Le,
    ast.Gt: sp.Gt,
    ast.GtE: sp.Ge,
    ast.Eq: sp.Eq,
    ast.NotEq: sp.Ne,
}
_ARITHMETIC: dict[type[ast.operator], Callable[[sp.Expr, sp.Expr], sp.Expr]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
_REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "subscripts are not allowed",
    ast.Lambda: "lambdas are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.IfExp: "conditional expressions are not allowed: write where(cond, a, b)",
    ast.NamedExpr: "assignment expressions (:=) are not allowed",
    ast.JoinedStr: "f-strings are not allowed",
    ast.Starred: "starred arguments are not allowed",
    ast.List: "lists are not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed",
    ast.YieldFrom: "yield is not allowed",
    ast.Slice: "slices are not allowed",
}


def function_names() -> list[str]:
    """Every name callable in a formula: the whitelist, the special forms and the catalog.

    Catalog names are listed in their canonical spelling and aliases (any case is accepted).
    """
    catalog = [key for spec in CATALOG for key in (spec.name, *spec.aliases)]
    return sorted({*_FUNCTIONS, *_SPECIAL_FORMS, *catalog})


# --------------------------------------------------------------------------------------
# The text: checked before Python's parser sees it.
# --------------------------------------------------------------------------------------


def _check_text(text: str) -> None:
    """Length, characters and parenthesis depth, each refused at its column."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the formula is longer than {MAX_LENGTH} characters", text, MAX_LENGTH)
    if not text.strip():
        raise ParseError("the formula is empty", text)
    depth = 0
    for column, char in enumerate(text):
        if char not in _ALLOWED_CHARACTERS:
            hint = _CHARACTER_HINTS.get(char)
            if hint is None:
                kind = "non-ASCII character" if ord(char) > 127 else "character"
                hint = f"{kind} U+{ord(char):04X} is not part of the grammar"
            raise ParseError(hint, text, column, column + 1)
        if char == "(":
            depth += 1
            if depth > MAX_PARENTHESES:
                raise ParseError(
                    f"parentheses are nested more than {MAX_PARENTHESES} deep", text, column
                )
        elif char == ")":
            depth -= 1


def _to_python(text: str) -> tuple[str, list[int]]:
    """The text with ``^`` spelled ``**``, and for each of its characters the original column."""
    python, origin = [], []
    for column, char in enumerate(text):
        python.append("**" if char == "^" else char)
        origin.extend([column] * (2 if char == "^" else 1))
    origin.append(len(text))
    return "".join(python), origin


def _check_tree(tree: ast.AST, refuse: Callable[[str, ast.AST], ParseError]) -> None:
    """At most `MAX_NODES` nodes and `MAX_DEPTH` levels, walked without recursion."""
    stack, count = [(tree, 1)], 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise refuse(f"the formula has more than {MAX_NODES} syntax nodes", node)
        if depth > MAX_DEPTH:
            raise refuse(
                f"the formula is nested more than {MAX_DEPTH} levels deep "
                "(each operator of a chain such as x+x+x counts one level)",
                node,
            )
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


# --------------------------------------------------------------------------------------
# Bounds on what SymPy computes exactly.
# --------------------------------------------------------------------------------------


def _digits(value: sp.Rational) -> float:
    """Decimal digits of the larger of numerator and denominator."""
    return math.log10(max(abs(value.p), value.q, 1))


def _power_height(base: sp.Expr) -> float:
    """Digits of the exact numbers SymPy computes with when it raises ``base`` to a power.

    ``(2*x)**n`` becomes ``2**n * x**n`` and ``sqrt(8*x)`` becomes ``2*sqrt(2)*sqrt(x)``
    (a root of the coefficient, found by factoring); sums keep only their common
    factor, functions and symbols stay untouched.
    """
    if base.is_Rational:
        return _digits(base)
    if base.is_Mul:
        return sum(_power_height(factor) for factor in base.args)
    if base.is_Add:
        return max(_power_height(term) for term in base.args)
    if base.is_Pow and base.exp.is_Rational:
        return _power_height(base.base) * abs(float(base.exp))
    return 0.0


def _exceeds(expr: sp.Expr, bound: float | sp.Expr) -> bool:
    """Whether ``expr`` is a constant of absolute value above ``bound``."""
    if expr.is_Number:
        return bool(abs(expr) > bound)
    size = _constant_size(expr)
    return size is not None and bool(size > bound)


def _constant_size(expr: sp.Expr) -> sp.Float | None:
    """|expr| to 15 digits when it is a real constant; ``None`` when it depends on a symbol."""
    if expr.free_symbols:
        return None
    value = sp.Abs(expr.evalf(15))
    return value if value.is_Number else sp.oo


# --------------------------------------------------------------------------------------
# The tree, walked against the whitelist.
# --------------------------------------------------------------------------------------


class _Builder:
    """Builds SymPy objects from a checked syntax tree; refuses anything else."""

    def __init__(self, text: str, origin: list[int], params: dict[str, sp.Symbol]):
        self.text, self.origin, self.params = text, origin, params
        self.deadline = time.process_time() + BUILD_SECONDS
        self.checked: set[sp.Basic] = set()
        """Parts of the expression already checked against the bounds."""

    def spent_budget(self) -> bool:
        """Whether the build budget is spent (the CPU timer may fire a tick early)."""
        return time.process_time() >= self.deadline - _TIMER_SLACK

    def out_of_time(self) -> ParseError:
        return ParseError(f"building the expression takes longer than {BUILD_SECONDS} s", self.text)

    def refuse(self, reason: str, node: ast.AST) -> ParseError:
        start = getattr(node, "col_offset", 0)
        end = getattr(node, "end_col_offset", None) or start + 1
        first = self.origin[min(start, len(self.origin) - 1)]
        last = self.origin[min(end - 1, len(self.origin) - 1)] + 1
        return ParseError(reason, self.text, first, last)

    def sympy(self, node: ast.AST, make: Callable[[], sp.Basic]) -> sp.Basic:
        """``make()``, with SymPy's own failures reported as a `ParseError` at ``node``."""
        try:
            return make()
        except (ParseError, BudgetExceeded):
            raise
        except Exception as error:  # SymPy raises many kinds (even ValueError from sqrt)
            if self.spent_budget():
                # mpmath's bare ``except`` turns the budget's exception into a TypeError
                raise self.out_of_time() from None
            message = str(error).splitlines()[0][:80] if str(error) else ""
            reason = f"SymPy cannot build this ({type(error).__name__}: {message})"
            raise self.refuse(reason, node) from None

    # ---- values ----------------------------------------------------------------------

    def value(self, node: ast.AST) -> sp.Expr:
        """An arithmetic expression: a SymPy ``Expr``, checked to be finite and bounded."""
        if type(node) in _REFUSED_NODES:
            raise self.refuse(_REFUSED_NODES[type(node)], node)
        method = getattr(self, f"_value_{type(node).__name__}", None)
        if method is None:
            raise self.refuse(f"{type(node).__name__} is not part of the grammar", node)
        result = method(node)
        self._check_result(result, node)
        return result

    def _check_result(self, result: sp.Basic, node: ast.AST) -> None:
        """Refuse a value that is not a finite real expression within the numeric bounds.

        Each part of ``result`` is inspected once (parts of already checked children are
        skipped): numbers SymPy formed (``1e300*1e300``), exponents it combined
        (``(x**1000)**1000``) and exponentials it merged (``exp(900)*exp(900)``).
        """
        if not isinstance(result, sp.Expr):
            raise self.refuse("expected a number or an expression", node)
        stack = [result]
        while stack:
            part = stack.pop()
            if part in self.checked:
                continue
            self.checked.add(part)
            if part in (sp.nan, sp.zoo, sp.oo, sp.S.NegativeInfinity):
                raise self.refuse(f"this is not finite (it evaluates to {result})", node)
            if part.is_Rational and _digits(part) > MAX_DIGITS:
                raise self.refuse(f"a number here would exceed {MAX_DIGITS} digits", node)
            if part.is_Pow and _exceeds(part.exp, MAX_EXPONENT):
                raise self.refuse(f"an exponent here would exceed {MAX_EXPONENT}", node)
            if isinstance(part, sp.exp):
                self._check_exp_argument(part.args[0], node)
            stack.extend(part.args)
        if result.is_number and result.is_real is False:
            raise self.refuse(f"this is not a real number (it is {result})", node)

    def _value_Constant(self, node: ast.Constant) -> sp.Expr:
        constant = node.value
        if isinstance(constant, bool):
            raise self.refuse("True and False are only allowed as conditions", node)
        if isinstance(constant, complex):
            raise self.refuse("complex numbers are not allowed", node)
        if isinstance(constant, str | bytes):
            raise self.refuse("strings are not allowed", node)
        if not isinstance(constant, int | float):
            raise self.refuse(f"{constant!r} is not a number", node)
        return self._number(node)

    def _number(self, node: ast.Constant) -> sp.Rational:
        """A decimal literal as an exact rational: ``0.1`` is 1/10, ``1e-3`` is 1/1000."""
        start, end = self.origin[node.col_offset], self.origin[node.end_col_offset - 1] + 1
        literal = self.text[start:end]
        match = _NUMBER.fullmatch(literal)
        if match is None or not (match["int"] or match["frac"]):
            raise self.refuse("only decimal numbers such as 2, 0.5 or 1e-3 are allowed", node)
        digits = (match["int"] + (match["frac"] or "")).lstrip("0")
        if len(digits) > MAX_NUMBER_DIGITS:
            raise self.refuse(f"a number has more than {MAX_NUMBER_DIGITS} digits", node)
        power = int(match["exp"] or 0) - len(match["frac"] or "")
        if abs(power) > MAX_DIGITS:
            raise self.refuse(f"a number exceeds 10^±{MAX_DIGITS}", node)
        mantissa = int(digits or "0")
        if power >= 0:
            return sp.Integer(mantissa * 10**power)
        return sp.Rational(mantissa, 10**-power)

    def _value_Name(self, node: ast.Name) -> sp.Expr:
        name = node.id
        if "__" in name:
            raise self.refuse("dunder names are not allowed", node)
        if name == "x":
            return x
        if name in self.params:
            return self.params[name]
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in _FUNCTIONS or name in _SPECIAL_FORMS or self._catalog_function(name):
            raise self.refuse(f"{name} is a function: call it, e.g. {name}(x)", node)
        known = ["x", *self.params, *_CONSTANTS]
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        allowed = "x, pi, e" + "".join(f", {p}" for p in self.params)
        raise self.refuse(f"unknown name {name!r} (names: {allowed}){hint}", node)

    def _value_UnaryOp(self, node: ast.UnaryOp) -> sp.Expr:
        if isinstance(node.op, ast.USub):
            operand = self.value(node.operand)
            return self.sympy(node, lambda: -operand)
        if isinstance(node.op, ast.UAdd):
            return self.value(node.operand)
        raise self.refuse("'not' and '~' are only allowed in conditions", node)

    def _value_BinOp(self, node: ast.BinOp) -> sp.Expr:
        if isinstance(node.op, ast.Pow):
            return self._power(node)
        operation = _ARITHMETIC.get(type(node.op))
        if operation is None:
            if isinstance(node.op, ast.BitAnd | ast.BitOr):
                raise self.refuse("& and | combine conditions, e.g. (x > 0) & (x < 1)", node)
            raise self.refuse("only + - * / ** ^ are arithmetic operators", node)
        left, right = self.value(node.left), self.value(node.right)
        return self.sympy(node, lambda: operation(left, right))

    def _power(self, node: ast.BinOp) -> sp.Expr:
        """``a ** b``, refused before SymPy would compute a huge number or a costly root."""
        base, exponent = self.value(node.left), self.value(node.right)
        size = _constant_size(exponent)
        if size is not None:
            if size > MAX_EXPONENT:
                raise self.refuse(f"the exponent exceeds {MAX_EXPONENT}", node.right)
            if _power_height(base) * max(float(size), 1.0) > MAX_DIGITS:
                raise self.refuse(f"the power would exceed {MAX_DIGITS} digits", node)
            if not exponent.is_integer and _power_height(base) > MAX_ROOT_DIGITS:
                raise self.refuse(
                    f"roots are only taken of numbers with at most {MAX_ROOT_DIGITS} digits",
                    node,
                )
        return self.sympy(node, lambda: base**exponent)

    def _value_Call(self, node: ast.Call) -> sp.Expr:
        if not isinstance(node.func, ast.Name):
            raise self.refuse("only named functions can be called, e.g. exp(x)", node.func)
        name = node.func.id
        if "__" in name:
            raise self.refuse("dunder names are not allowed", node.func)
        if name == "where":
            return self._where(node)
        if name == "Piecewise":
            return self._piecewise(node)
        if name in ("Eq", "Ne"):
            raise self.refuse(f"{name}(...) is a condition: use it inside where(...)", node)
        if name in _FUNCTIONS:
            return self._whitelisted(node, _FUNCTIONS[name])
        spec = self._catalog_function(name)
        if spec is not None:
            return self._catalog_call(node, spec)
        close: dict[str, str] = {}
        for match in difflib.get_close_matches(name, function_names(), n=8, cutoff=0.6):
            close.setdefault(match.lower(), match)  # one spelling per catalog name
        hint = f"; did you mean {', '.join(list(close.values())[:3])}?" if close else ""
        raise self.refuse(f"unknown function {name!r}{hint}", node.func)

    def _positional(self, node: ast.Call, least: int, most: int | None = None) -> list[ast.expr]:
        """The positional arguments of a call taking ``least`` to ``most`` of them."""
        name = node.func.id  # type: ignore[attr-defined]
        if node.keywords:
            raise self.refuse(
                f"{name} takes no keyword arguments (only catalog parameters do, "
                "e.g. leaky_relu(x, alpha=0.2))",
                node.keywords[0],
            )
        count = len(node.args)
        if count < least or (most is not None and count > most):
            if most == least:
                expected = f"{least} argument{'s' if least != 1 else ''}"
            elif most is None:
                expected = f"at least {least} argument{'s' if least != 1 else ''}"
            else:
                expected = f"{least} to {most} arguments"
            raise self.refuse(f"{name} takes {expected}", node)
        return list(node.args)

    def _check_exp_argument(self, argument: sp.Expr, node: ast.AST) -> None:
        if _exceeds(argument, MAX_EXP_ARGUMENT):
            raise self.refuse(
                f"an exponential of a constant beyond ±{MAX_EXP_ARGUMENT} "
                f"would exceed 10^{MAX_DIGITS}",
                node,
            )

    def _whitelisted(self, node: ast.Call, function: _Function) -> sp.Expr:
        arguments = [self.value(arg) for arg in self._positional(node, *function.arguments)]
        if function.exp_like:
            self._check_exp_argument(arguments[0], node.args[0])
        if function.build is sp.sqrt and _power_height(arguments[0]) > MAX_ROOT_DIGITS:
            raise self.refuse(
                f"roots are only taken of numbers with at most {MAX_ROOT_DIGITS} digits",
                node,
            )
        return self.sympy(node, lambda: function.build(*arguments))

    def _catalog_function(self, name: str) -> Spec | None:
        """The scalar catalog activation called ``name`` (any spelling `symact.get` accepts)."""
        try:
            activation = get(name)
        except UnknownActivation:
            return None
        return activation.spec if isinstance(activation, Activation) else None

    def _catalog_call(self, node: ast.Call, spec: Spec) -> sp.Expr:
        """A catalog activation applied to an argument: its definition, defaults substituted.

        Keyword arguments set its parameters (``leaky_relu(x, alpha=0.2)``); a value may
        use numbers and the formula's parameters, not ``x``.
        """
        if len(node.args) != 1:
            raise self.refuse(f"{spec.name} takes one argument", node)
        argument = self.value(node.args[0])
        self._check_exp_argument(argument, node.args[0])
        values = {p.name: p.default for p in spec.params}
        for given in node.keywords:
            if given.arg is None:
                raise self.refuse("**keyword arguments are not allowed", given)
            if given.arg not in values:
                known = ", ".join(values) or "none"
                raise self.refuse(
                    f"{spec.name} has no parameter {given.arg!r} (its parameters: {known})",
                    given,
                )
            value = self.value(given.value)
            if value.has(x):
                raise self.refuse("a parameter value cannot depend on x", given.value)
            values[given.arg] = value
        substitution = {p.symbol: values[p.name] for p in spec.params}
        return self.sympy(
            node, lambda: self._apply(spec.expr.xreplace(substitution), argument, node)
        )

    def _apply(self, definition: sp.Expr, argument: sp.Expr, node: ast.AST) -> sp.Expr:
        r"""``definition`` with ``x`` replaced by ``argument``.

        A piecewise definition of a piecewise argument (folded by `sympy.piecewise_fold`)
        is distributed over the argument's branches,
        $f(\text{where}(c, a, b)) = \text{where}(c, f(a), f(b))$, so that no condition
        contains a piecewise (see `_check_piecewise_free`).
        """
        if not (definition.has(sp.Piecewise) and argument.has(sp.Piecewise)):
            return definition.xreplace({x: argument})
        argument = sp.piecewise_fold(argument)
        if not isinstance(argument, sp.Piecewise):
            raise self.refuse(
                "a piecewise activation cannot take an argument with a piecewise inside "
                "max/min/abs or a function, e.g. elu(exp(where(x > 0, x, 0)))",
                node,
            )
        branches = [(self._apply(definition, value, node), cond) for value, cond in argument.args]
        return sp.Piecewise(*branches)

    def _where(self, node: ast.Call) -> sp.Expr:
        condition_node, then_node, else_node = self._positional(node, 3, 3)
        condition = self.condition(condition_node)
        then, otherwise = self.value(then_node), self.value(else_node)
        return self.sympy(node, lambda: sp.Piecewise((then, condition), (otherwise, True)))

    def _piecewise(self, node: ast.Call) -> sp.Expr:
        pairs = []
        for branch in self._positional(node, 1):
            if not (isinstance(branch, ast.Tuple) and len(branch.elts) == 2):
                raise self.refuse("Piecewise takes pairs (value, condition)", branch)
            value_node, condition_node = branch.elts
            pairs.append((self.value(value_node), self.condition(condition_node)))
        return self.sympy(node, lambda: sp.Piecewise(*pairs))

    # ---- conditions ------------------------------------------------------------------

    def condition(self, node: ast.AST) -> sp.Basic:
        """A condition: comparisons joined by and/or/not (or SymPy's & | ~), True, False."""
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return sp.true if node.value else sp.false
        if isinstance(node, ast.Compare):
            operands = [self.value(node.left), *(self.value(c) for c in node.comparators)]
            self._check_piecewise_free(operands, node)
            relations = [
                _COMPARISONS[type(op)](a, b)
                for op, a, b in zip(node.ops, operands, operands[1:], strict=False)
                if type(op) in _COMPARISONS
            ]
            if len(relations) != len(node.ops):
                raise self.refuse("only < <= > >= == != compare numbers", node)
            return self.sympy(node, lambda: sp.And(*relations))
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(v) for v in node.values]
            head = sp.And if isinstance(node.op, ast.And) else sp.Or
            return self.sympy(node, lambda: head(*parts))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr):
            left, right = self.condition(node.left), self.condition(node.right)
            head = sp.And if isinstance(node.op, ast.BitAnd) else sp.Or
            return self.sympy(node, lambda: head(left, right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.Invert):
            inner = self.condition(node.operand)
            return self.sympy(node, lambda: sp.Not(inner))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("Eq", "Ne")
        ):
            a, b = (self.value(arg) for arg in self._positional(node, 2, 2))
            self._check_piecewise_free([a, b], node)
            head = sp.Eq if node.func.id == "Eq" else sp.Ne
            return self.sympy(node, lambda: head(a, b))
        if type(node) in _REFUSED_NODES:
            raise self.refuse(_REFUSED_NODES[type(node)], node)
        raise self.refuse("expected a condition such as x > 0", node)

    def _check_piecewise_free(self, operands: list[sp.Expr], node: ast.AST) -> None:
        """Conditions compare piecewise-free expressions: SymPy would rewrite a nested
        piecewise into an if-then-else by solving inequalities, at unbounded cost."""
        if any(operand.has(sp.Piecewise) for operand in operands):
            raise self.refuse(
                "a condition cannot contain where, Piecewise or a piecewise activation", node
            )

    def _value_Compare(self, node: ast.Compare) -> sp.Expr:
        raise self.refuse("a comparison is only allowed as a condition of where/Piecewise", node)

    def _value_BoolOp(self, node: ast.BoolOp) -> sp.Expr:
        raise self.refuse("and/or are only allowed in conditions of where/Piecewise", node)

    def _value_Tuple(self, node: ast.Tuple) -> sp.Expr:
        raise self.refuse(
            "tuples are only allowed as the (value, condition) pairs of Piecewise", node
        )


# --------------------------------------------------------------------------------------
# The entry point.
# --------------------------------------------------------------------------------------


def _parameter_symbols(params: Iterable[str] | None) -> dict[str, sp.Symbol]:
    symbols = {}
    for name in params or ():
        if not (isinstance(name, str) and _PARAMETER_NAME.fullmatch(name)) or "__" in name:
            raise InvalidDefinition(f"parameter name {name!r} is not a plain identifier")
        if name == "x" or name in _CONSTANTS or name in _FUNCTIONS or name in _SPECIAL_FORMS:
            raise InvalidDefinition(f"parameter name {name!r} is reserved in formulas")
        if keyword.iskeyword(name):
            raise InvalidDefinition(f"parameter name {name!r} is reserved (a Python keyword)")
        symbols[name] = sp.Symbol(name, real=True)
    return symbols


def parse(text: str, params: Iterable[str] | None = None) -> sp.Expr:
    r"""The SymPy expression of a formula in the grammar of ``docs/grammar.md``.

    The variable is `symact.symbols.x`; each parameter name becomes a real symbol, as
    in the catalog (`symact.catalog.Param.symbol`). Decimals are exact: ``0.1`` is
    $\tfrac{1}{10}$. Catalog activations are functions with their default parameters:
    ``swish(x)`` is $x\,\sigma(x)$, ``leaky_relu(x, alpha=0.2)`` sets a parameter.

    Args:
        text: The formula, e.g. ``"x*tanh(softplus(x))"``.
        params: The names usable as parameters; a mapping of name → default (as
            `symact.define` takes) works, only its keys are read here.

    Returns:
        The expression, built by symact from the syntax tree (never evaluated as Python).

    Raises:
        ParseError: the text is outside the grammar or its resource bounds; the message
            names the column and the offending fragment. It is an `InvalidDefinition`.
        InvalidDefinition: a parameter name is not an identifier or is reserved.

    Examples:
        >>> parse("where(x > 0, x, alpha*expm1(x))", params={"alpha": 1})
        Piecewise((x, x > 0), (alpha*(exp(x) - 1), True))
    """
    if not isinstance(text, str):
        raise TypeError(f"parse expects a str, got {type(text).__name__}")
    symbols = _parameter_symbols(params)
    _check_text(text)
    python, origin = _to_python(text)
    builder = _Builder(text, origin, symbols)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "1and x": Python's warning becomes our refusal
            tree = ast.parse(python, mode="eval")
    except SyntaxError as error:
        start = min(max((error.offset or 1) - 1, 0), len(origin) - 1)
        end = min(max((error.end_offset or 0) - 1, start + 1), len(origin) - 1)
        reason = f"syntax error ({error.msg.split(';')[0]})"
        raise ParseError(reason, text, origin[start], origin[end]) from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as error:
        raise ParseError(f"unreadable formula ({type(error).__name__})", text) from None
    _check_tree(tree, builder.refuse)
    builder.deadline = time.process_time() + BUILD_SECONDS
    try:
        with time_budget(BUILD_SECONDS):
            return builder.value(tree.body)
    except ParseError:
        raise
    except BudgetExceeded:
        if not builder.spent_budget():
            raise  # an enclosing budget ran out, not ours
        raise builder.out_of_time() from None
    except Exception as error:  # a SymPy failure outside any single node's construction
        if builder.spent_budget():
            raise builder.out_of_time() from None
        raise ParseError(f"SymPy cannot build this ({type(error).__name__})", text) from None
