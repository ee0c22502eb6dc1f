"""Hypothesis strategies: random formulas in the grammar of ``docs/grammar.md``.

`formulas` draws the text a user would type: numbers, ``x``, ``+ - * / **``, the
whitelisted functions, the catalog's activations called as functions, ``max``/``min``/
``abs``, ``where(cond, a, b)`` and ``Piecewise``. Functions are mostly ones that are
real on all of ℝ, so that most draws are accepted by `symact.define`; the rest (a pole
at a point `define` does not probe, a square root of a negative value) test its refusals
and the engine's honesty on singular input.
"""

from __future__ import annotations

from hypothesis import strategies as st

import symact

CONSTANTS = ("1", "2", "3", "0.5", "1.702", "0.1", "pi", "e", "0.044715")
THRESHOLDS = ("0", "1", "-1", "0.5", "-2", "2", "3")

# u ↦ text: functions real (and finite) on all of ℝ ...
TOTAL_FUNCTIONS = (
    "exp({})",
    "tanh({})",
    "sin({})",
    "cos({})",
    "atan({})",
    "erf({})",
    "erfc({})",
    "asinh({})",
    "sinc({})",
    "abs({})",
    "sign({})",
    "expm1({})",
    "sinh({})",
    "cosh({})",
    "log1p(abs({}))",
    "log(1 + ({})**2)",
    "sqrt(1 + ({})**2)",
    "LambertW(abs({}))",
    "({})**2",
    "({})**3",
)
# ... and a few that are not (refused by define, or analysed with a singularity).
PARTIAL_FUNCTIONS = ("log({})", "sqrt({})", "1/({})", "atanh({})", "tan({})")
CATALOG_CALLS = tuple(f"{name}({{}})" for name in symact.names())


def _wrap(template: str, inner: str) -> str:
    return template.format(inner)


def leaves() -> st.SearchStrategy[str]:
    """``x`` (most often), a constant, or a constant multiple of ``x``."""
    constants = st.sampled_from(CONSTANTS)
    return st.one_of(
        st.just("x"),
        st.just("x"),
        constants,
        constants.map(lambda c: f"{c}*x"),
        constants.map(lambda c: f"-{c}*x"),
    )


def conditions() -> st.SearchStrategy[str]:
    """A piecewise-free condition on x: ``x > c``, ``x**2 <= c``, a conjunction."""
    thresholds = st.sampled_from(THRESHOLDS)
    compare = st.sampled_from(("<", "<=", ">", ">="))
    simple = st.builds(lambda op, c: f"x {op} {c}", compare, thresholds)
    square = st.builds(lambda c: f"x**2 < {c}", st.sampled_from(("1", "4", "0.25")))
    both = st.builds(lambda a, b: f"({a}) & ({b})", simple, simple)
    return st.one_of(simple, simple, square, both)


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    function = st.sampled_from(TOTAL_FUNCTIONS + TOTAL_FUNCTIONS + PARTIAL_FUNCTIONS)
    catalog = st.sampled_from(CATALOG_CALLS)
    binary = st.sampled_from(("({}) + ({})", "({}) - ({})", "({})*({})", "({})/({})"))
    return st.one_of(
        st.builds(_wrap, function, children),
        st.builds(_wrap, catalog, children),
        st.builds(lambda op, a, b: op.format(a, b), binary, children, children),
        st.builds(lambda a: f"-({a})", children),
        st.builds(lambda a, b: f"({a})/(1 + abs({b}))", children, children),
        st.builds(
            lambda head, a, b: f"{head}({a}, {b})",
            st.sampled_from(("max", "min")),
            children,
            children,
        ),
        st.builds(lambda c, a, b: f"where({c}, {a}, {b})", conditions(), children, children),
        st.builds(
            lambda a, b, t: f"Piecewise(({a}, x < {t}), ({b}, True))",
            children,
            children,
            st.sampled_from(THRESHOLDS),
        ),
    )


def formulas(max_leaves: int = 6) -> st.SearchStrategy[str]:
    """A random formula in x with at most ``max_leaves`` leaves."""
    return st.recursive(leaves(), _extend, max_leaves=max_leaves)
