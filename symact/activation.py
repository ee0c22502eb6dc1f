r"""The `Activation` object: one definition, parameter values, and what follows.

An activation is a catalog `symact.catalog.Spec` (or a user's own definition)
together with values for its parameters. Its derived properties come from
`symact.analysis.analyze`, computed once and cached.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import mpmath
import numpy as np
import sympy as sp

from .budget import BudgetExceeded, attempt, time_budget
from .catalog import CATALOG, VECTOR_CATALOG, Param, Spec, VectorSpec
from .huge import TooLarge, mpmath_function
from .symbols import x

if TYPE_CHECKING:
    from .analysis import Analysis
    from .numerics import NumpyFunction


class UnknownActivation(KeyError):
    """No activation of that name; the message lists close names."""

    def __str__(self) -> str:
        return str(self.args[0])


class InvalidDefinition(ValueError):
    """A definition or parameter value symact cannot analyse, with the reason."""


ParamValue = int | float | str | sp.Expr


def _exact_number(name: str, value: ParamValue) -> sp.Expr:
    """A parameter value as an exact SymPy number (0.2 becomes 1/5)."""
    if isinstance(value, bool) or not isinstance(value, int | float | sp.Expr):
        raise InvalidDefinition(
            f"parameter {name!r} must be a real number, got {type(value).__name__} {value!r}"
        )
    number = sp.nsimplify(value, rational=True) if isinstance(value, float) else sp.sympify(value)
    if not (number.is_number and number.is_real and number.is_finite):
        raise InvalidDefinition(f"parameter {name!r} must be a finite real number, got {value!r}")
    return number


@dataclass(frozen=True)
class Activation:
    """An activation function with concrete parameter values.

    Attributes:
        spec: The definition (catalog record or user's own).
        values: Parameter name → exact value; defaults unless overridden.

    Examples:
        >>> import symact
        >>> symact.get("leaky_relu", alpha=0.2).function
        Piecewise((x/5, x < 0), (x, True))
    """

    spec: Spec
    values: Mapping[str, sp.Expr] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The canonical name."""
        return self.spec.name

    @property
    def expr(self) -> sp.Expr:
        """The definition with parameters as symbols (for display)."""
        return self.spec.expr

    @cached_property
    def function(self) -> sp.Expr:
        """The definition with the parameter values substituted: a function of ``x`` only."""
        substitution = {p.symbol: self.values.get(p.name, p.default) for p in self.spec.params}
        return self.spec.expr.subs(substitution)

    def derivative(self, order: int = 1, symbolic: bool = False) -> sp.Expr:
        """The ``order``-th derivative, as SymPy differentiates the definition.

        At breakpoints of piecewise definitions SymPy's result is a convention; the
        engine's `Analysis.derivative` and `Analysis.kinks` give the breakpoint behaviour.

        Args:
            order: 1 for f′, 2 for f″, ...
            symbolic: keep parameters as symbols instead of substituting their values.
        """
        expr = self.expr if symbolic else self.function
        return sp.diff(expr, x, order)

    def numpy(
        self, order: int = 0, dtype: type = np.float64, **params: ParamValue
    ) -> NumpyFunction:
        """f (``order=0``), f′ or f″ as a vectorised NumPy callable, generated from the
        definition through stable rewrites (see `symact.numerics.compile_numpy`).

        Examples:
            >>> import numpy as np, symact
            >>> symact.get("softplus").numpy()(np.array([-800.0, 800.0]))
            array([  0., 800.])
        """
        from .numerics import compile_numpy

        activation = self.with_params(**params) if params else self
        expr = activation.function if order == 0 else activation.derivative(order)
        return compile_numpy(expr, dtype)

    def with_params(self, **values: ParamValue) -> Activation:
        """A copy with some parameters changed, e.g. ``act.with_params(alpha=0.2)``."""
        known = {p.name for p in self.spec.params}
        for name in values:
            if name not in known:
                raise InvalidDefinition(
                    f"{self.name} has no parameter {name!r}; its parameters: "
                    f"{', '.join(sorted(known)) or 'none'}"
                )
        merged = dict(self.values)
        merged.update({name: _exact_number(name, value) for name, value in values.items()})
        return replace(self, values=merged)

    def param_values(self) -> dict[str, sp.Expr]:
        """Every parameter with its value in this activation."""
        return {p.name: self.values.get(p.name, p.default) for p in self.spec.params}

    def analyze(self, step_seconds: float | None = None) -> Analysis:
        """The derived properties (see `symact.analysis.analyze`)."""
        from .analysis import analyze

        return analyze(self, step_seconds=step_seconds)


@dataclass(frozen=True)
class VectorActivation:
    """A vector activation (softmax, log-softmax, sparsemax, GLU, …): no parameters,
    analysed by the function its catalog record names (`symact.vectors`)."""

    spec: VectorSpec

    @property
    def name(self) -> str:
        """The canonical name."""
        return self.spec.name

    def analyze(self, step_seconds: float | None = None) -> Any:
        """The derived claims, a dataclass of `Derived` values (for softmax a
        `symact.softmax.SoftmaxAnalysis`), each within ``step_seconds`` of CPU time (see
        `symact.vectors.analyze_vector`)."""
        from .vectors import analyze_vector

        return analyze_vector(self.spec, step_seconds)


def _lookup_table() -> dict[str, Spec | VectorSpec]:
    table: dict[str, Spec | VectorSpec] = {}
    for spec in (*CATALOG, *VECTOR_CATALOG):
        for key in (spec.name, *spec.aliases):
            table[key.lower()] = spec
    return table


_BY_NAME = _lookup_table()


def names() -> list[str]:
    """The canonical names of every scalar catalog activation, in catalog order."""
    return [spec.name for spec in CATALOG]


def vector_names() -> list[str]:
    """The canonical names of the vector activations (softmax, log-softmax, …)."""
    return [spec.name for spec in VECTOR_CATALOG]


def get(name: str, **params: ParamValue) -> Activation | VectorActivation:
    """The catalog activation ``name`` (any alias, any case), with optional parameter values.

    Scalar activations come back as `Activation`, vector ones (softmax, GLU, …) as
    `VectorActivation`.

    Raises:
        UnknownActivation: no such name; the message suggests close ones.

    Examples:
        >>> get("SiLU").name
        'swish'
    """
    spec = _BY_NAME.get(name.lower()) if isinstance(name, str) else None
    if spec is None:
        close = difflib.get_close_matches(str(name).lower(), list(_BY_NAME), n=4, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownActivation(f"unknown activation {name!r}{hint} (see symact.names())")
    if isinstance(spec, VectorSpec):
        if params:
            raise InvalidDefinition(f"{spec.name} has no parameters")
        return VectorActivation(spec)
    return Activation(spec).with_params(**params)


SINGULARITY_SECONDS = 2.0
"""Budget for SymPy's search of real singularities (poles) of a definition."""
POINT_SECONDS = 0.5
"""Budget (CPU seconds, `symact.budget`) for the value of a definition at one sample
point: ``exp(exp(exp(exp(x))))`` at 3 has about $10^{10^{8}}$ digits before the point."""
SAMPLE_POINTS = tuple(sp.Rational(p) for p in ("-3", "-1", "-1/3", "0", "1/2", "1", "3"))
"""Where `define` checks that a definition is real and finite."""


def _check_finite_on_reals(function: sp.Expr, name: str) -> None:
    """Refuse poles on ℝ (tan, 1/x, max(x, 1/x)): every property assumes f finite on ℝ."""
    from sympy.calculus.singularities import singularities

    poles, _ = attempt(lambda: singularities(function, x, sp.S.Reals), SINGULARITY_SECONDS)
    if poles is not None and poles != sp.S.EmptySet:
        raise InvalidDefinition(
            f"{name} is not finite on all of ℝ: singularities {_places(poles)} (a removable "
            f"one, as sin(x)/x at 0, can be written with sinc)"
        )


def _places(points: sp.Set) -> str:
    """Where the singularities are, for a message: the points of a finite set, else
    "at infinitely many points" (SymPy's `ImageSet` names its integer by an internal
    dummy, ``Lambda(_n, …)``, which means nothing to the user)."""
    if isinstance(points, sp.FiniteSet):
        return "at x = " + ", ".join(sp.sstr(p) for p in sorted(points, key=sp.default_sort_key))
    return "at infinitely many points"


def _check_point(function: sp.Expr, point: sp.Rational, name: str) -> None:
    """Refuse a value at ``point`` that is not a finite real number.

    The value is computed to 30 digits within `POINT_SECONDS` (substituting the point
    included: SymPy evaluates as it builds). When that does not finish, or an exponential
    in it is beyond what mpmath can hold (`symact.huge`), SymPy's assumptions decide from
    the structure of the exact value (``exp`` of a finite real is finite and real), and a
    value that neither settles is refused as not computable.
    """
    try:
        with time_budget(POINT_SECONDS):
            _screen_magnitude(function, point)
            value = function.subs(x, point).evalf(30)
    except (BudgetExceeded, TooLarge, OverflowError, MemoryError):
        _check_point_by_assumptions(function, point, name)
        return
    except (ValueError, TypeError, ZeroDivisionError) as error:
        raise InvalidDefinition(f"{name} cannot be evaluated at x = {point}: {error}") from None
    if value.has(sp.nan, sp.zoo) or not value.is_finite:
        raise InvalidDefinition(f"{name} is not finite at x = {point}: got {sp.N(value, 6)}")
    if value.is_real is False or (value.is_number and abs(sp.im(value)) > 1e-25):
        raise InvalidDefinition(f"{name} is not real at x = {point}: got {sp.N(value, 6)}")


def _screen_magnitude(function: sp.Expr, point: sp.Rational) -> None:
    """Raise `symact.huge.TooLarge` when an exponential inside ``function`` at ``point``
    is beyond $e^{2^{2^{17}}}$, before SymPy's ``evalf`` asks mpmath for it (gigabytes
    and hours, in calls no budget interrupts); any other failure is left to ``evalf``."""
    try:
        with mpmath.workdps(15):
            mpmath_function(function)(mpmath.mpf(point.p) / point.q)
    except TooLarge:
        raise
    except Exception:  # evalf, next, reports or refuses it properly
        return


def _check_point_by_assumptions(function: sp.Expr, point: sp.Rational, name: str) -> None:
    """Accept the value at ``point`` if SymPy's assumptions prove it finite and real,
    within `POINT_SECONDS`; the value is built unevaluated, since evaluating it is what
    did not finish."""
    try:
        with time_budget(POINT_SECONDS):
            with sp.evaluate(False):
                exact_value = function.subs(x, point)
            settled = bool(exact_value.is_extended_real and exact_value.is_finite)
    except (BudgetExceeded, OverflowError, MemoryError):  # the assumptions call evalf too
        settled = False
    if not settled:
        raise InvalidDefinition(
            f"{name} cannot be evaluated at x = {point}: its value is too large or too costly "
            f"to compute (more than {POINT_SECONDS:g} s), so symact cannot check it is real"
        )


def _check_real(function: sp.Expr, name: str) -> None:
    _check_finite_on_reals(function, name)
    for point in SAMPLE_POINTS:
        _check_point(function, point, name)


def define(
    name: str,
    expr: sp.Expr | str,
    params: Mapping[str, ParamValue] | None = None,
    family: str = "custom",
    title: str | None = None,
) -> Activation:
    """Your own activation from a SymPy expression or a formula, analysed like the catalog's.

    Any symbol named ``x`` is the input; every other symbol must be a parameter with a
    default value in ``params``. A string is read by `symact.parse.parse` (never
    evaluated), e.g. ``define("mish", "x*tanh(softplus(x))")``.

    Raises:
        InvalidDefinition: not an expression, unknown symbols, or not real on ℝ; a
            `symact.parse.ParseError` (a subclass) for a formula outside the grammar.

    Examples:
        >>> import sympy as sp
        >>> t = sp.Symbol("x")
        >>> define("my_swish", t * sp.tanh(t)).function
        x*tanh(x)
    """
    if isinstance(expr, str):
        from .parse import parse

        expr = parse(expr, params)
    if not isinstance(expr, sp.Expr):
        raise InvalidDefinition(f"{name}: expected a SymPy expression, got {type(expr).__name__}")
    params = dict(params or {})
    by_name = {s.name: s for s in expr.free_symbols}
    if "x" not in by_name:
        raise InvalidDefinition(f"{name}: the expression does not depend on x")
    unknown = sorted(set(by_name) - {"x"} - set(params))
    if unknown:
        raise InvalidDefinition(
            f"{name}: symbols {', '.join(unknown)} are neither x nor parameters with a default; "
            "an activation is a function of one variable x"
        )
    spec_params = tuple(Param(p, _exact_number(p, v), "user parameter") for p, v in params.items())
    renamed = expr.subs(
        {s: (x if s.name == "x" else sp.Symbol(s.name, real=True)) for s in expr.free_symbols}
    )
    spec = Spec(name=name, title=title or name, expr=renamed, family=family, params=spec_params)
    activation = Activation(spec)
    _check_real(activation.function, name)
    return activation
