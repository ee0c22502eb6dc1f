"""Shared fixtures and independent mpmath reference implementations for the symact tests.

Nothing in this file asks symact for a number: the reference activations below are
written from their textbook definitions (the paper cited next to each), and every
helper evaluates them with mpmath at a precision chosen by the caller. The tests
compare symact's derived properties against these references.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

import symact

# --------------------------------------------------------------------------------------
# Literature constants, typed in by hand.
# --------------------------------------------------------------------------------------

# SELU's constants as printed in Klambauer, Unterthiner, Mayr, Hochreiter, "Self-Normalizing
# Neural Networks", NeurIPS 2017 (arXiv:1706.02515; the 31-digit values appear in the paper's
# reference code and in the PyTorch/TensorFlow documentation of SELU).
SELU_ALPHA_LITERATURE = "1.6732632423543772848170429916717"
SELU_LAMBDA_LITERATURE = "1.0507009873554804934193349852946"

# The cubic coefficient of GELU's tanh approximation, Hendrycks & Gimpel 2016, eq. (2).
GELU_TANH_CUBIC = "0.044715"


def selu_alpha_closed_form() -> mpmath.mpf:
    """α₀₁ of Klambauer et al. 2017, eq. (14), at the current mpmath precision."""
    erfc_half = mpmath.erfc(1 / mpmath.sqrt(2))
    return -mpmath.sqrt(2 / mpmath.pi) / (erfc_half * mpmath.exp(mpmath.mpf(1) / 2) - 1)


def selu_lambda_closed_form() -> mpmath.mpf:
    """λ₀₁ of Klambauer et al. 2017, eq. (14), at the current mpmath precision."""
    e, pi = mpmath.e, mpmath.pi
    erfc_half = mpmath.erfc(1 / mpmath.sqrt(2))
    numerator = (1 - erfc_half * mpmath.sqrt(e)) * mpmath.sqrt(2 * pi)
    inner = (
        2 * mpmath.erfc(mpmath.sqrt(2)) * e**2
        + pi * erfc_half**2 * e
        - 2 * (2 + pi) * erfc_half * mpmath.sqrt(e)
        + pi
        + 2
    )
    return numerator / mpmath.sqrt(inner)


# --------------------------------------------------------------------------------------
# Reference implementations (textbook definitions, evaluated with mpmath).
# --------------------------------------------------------------------------------------

# Default parameter values, from the papers / frameworks (as exact decimal strings):
# leaky ReLU slope 0.01 (Maas et al. 2013; torch.nn.LeakyReLU), PReLU init 0.25 (He et al.
# 2015), ELU α = 1 (Clevert et al. 2016), softplus β = 1, swish β = 1 (SiLU).
DEFAULTS: dict[str, dict[str, str]] = {
    "leaky_relu": {"alpha": "0.01"},
    "prelu": {"a": "0.25"},
    "softplus": {"beta": "1"},
    "elu": {"alpha": "1"},
    "swish": {"beta": "1"},
}

# Where the textbook definition switches formula: the only candidates for kinks, jumps
# and breaks in smoothness. Everything else is a composition of analytic functions.
BREAKPOINTS: dict[str, tuple[int, ...]] = {
    "binary_step": (0,),
    "relu": (0,),
    "leaky_relu": (0,),
    "prelu": (0,),
    "elu": (0,),
    "selu": (0,),
}


def _mpf(value: str | float | int) -> mpmath.mpf:
    """A parameter value at the current precision; floats are read as their decimal."""
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        fraction = Fraction(value)
        return mpmath.mpf(fraction.numerator) / fraction.denominator
    return mpmath.mpf(value)


def _sigmoid(u: mpmath.mpf) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-u))


def _identity(t, p):
    return t


def _binary_step(t, p):
    return mpmath.mpf(0) if t < 0 else mpmath.mpf(1)


def _sigmoid_act(t, p):
    return _sigmoid(t)


def _tanh(t, p):
    return mpmath.tanh(t)


def _relu(t, p):
    return t if t > 0 else mpmath.mpf(0)


def _leaky(t, p):
    return t if t >= 0 else _mpf(p["alpha"]) * t


def _prelu(t, p):
    return t if t >= 0 else _mpf(p["a"]) * t


def _softplus(t, p):
    beta = _mpf(p["beta"])
    return mpmath.log1p(mpmath.exp(beta * t)) / beta


def _elu(t, p):
    return t if t > 0 else _mpf(p["alpha"]) * mpmath.expm1(t)


def _selu(t, p):
    # λ·ELU_α(t) with the closed-form constants of Klambauer et al. eq. (14)
    # (checked against their printed digits in test_selu_constants_match_literature).
    alpha, lam = selu_alpha_closed_form(), selu_lambda_closed_form()
    return lam * (t if t > 0 else alpha * mpmath.expm1(t))


def _swish(t, p):
    return t * _sigmoid(_mpf(p["beta"]) * t)


def _gelu(t, p):
    return t * mpmath.ncdf(t)


def _gelu_tanh(t, p):
    # x/2·(1 + tanh u), written with 1 + tanh u = 2σ(2u) so that the left tail (where
    # 1 + tanh u underflows the working precision, e.g. 1e-2000 at x = −40) keeps its digits.
    c = mpmath.sqrt(2 / mpmath.pi)
    u = c * (t + _mpf(GELU_TANH_CUBIC) * t**3)
    return t * _sigmoid(2 * u)


# Activations outside the catalog, analysed through symact.define() with the same checks:
# HardTanh (Collobert 2004), ReLU6 (Krizhevsky 2010; Howard et al. 2017), softsign
# (Bergstra et al. 2009), |x| and x³ (a smooth strictly increasing function with f′(0) = 0).
def _hardtanh(t, p):
    return max(mpmath.mpf(-1), min(mpmath.mpf(1), t))


def _relu6(t, p):
    return min(max(mpmath.mpf(0), t), mpmath.mpf(6))


def _softsign(t, p):
    return t / (1 + abs(t))


def _abs(t, p):
    return abs(t)


def _cube(t, p):
    return t**3


# The activations the frameworks ship beyond the first set (PyTorch 2.13 torch.nn, Keras 3
# keras.activations, jax.nn) and Wikipedia's table, each written from its documented
# formula with mpmath, independently of symact's SymPy definitions.
DEFAULTS.update(
    {
        "hard_tanh": {"min_val": "-1", "max_val": "1"},
        "soboleva_tanh": {"a": "1", "b": "1", "c": "1", "d": "1"},
        "rrelu": {"lower": "0.125", "upper": "1/3"},  # torch.nn.RReLU's lower, upper
        "threshold": {"threshold": "1", "value": "0"},
        "hard_shrink": {"lambda": "0.5"},  # torch lambd=0.5, Keras threshold=0.5
        "soft_shrink": {"lambda": "0.5"},
        "celu": {"alpha": "1"},
        "squareplus": {"b": "4"},  # Barron 2021; jax.nn / Keras b=4
        "repsu": {"alpha": "0.25", "lambda": "0", "sigma": "1", "mu": "0", "beta": "1"},
    }
)
BREAKPOINTS.update(
    {
        "hard_sigmoid": (-3, 3),
        "hard_sigmoid_tf2": ("-2.5", "2.5"),
        "sparse_sigmoid": (-1, 1),
        "hard_tanh": (-1, 1),
        "softsign": (0,),
        "relu6": (0, 6),
        "rrelu": (0,),
        "threshold": (1,),
        "hard_shrink": ("-0.5", "0.5"),
        "soft_shrink": ("-0.5", "0.5"),
        "celu": (0,),
        "sparse_plus": (-1, 1),
        "hard_swish": (-3, 3),
        "elish": (0,),
        "repsu": (0,),
    }
)


def _relu6_ref(t):
    return min(max(mpmath.mpf(0), t), mpmath.mpf(6))


def _hard_sigmoid(t, p):
    # PyTorch: relu6(x + 3) / 6 (Howard et al. 2019).
    return _relu6_ref(t + 3) / 6


def _hard_sigmoid_tf2(t, p):
    # tf.keras 2: clip(0.2x + 0.5, 0, 1).
    return min(mpmath.mpf(1), max(mpmath.mpf(0), t / 5 + mpmath.mpf(1) / 2))


def _sparse_sigmoid(t, p):
    # Keras 3 / jax.nn: 0 for x ≤ −1, (x + 1)/2 on (−1, 1), 1 for x ≥ 1.
    if t <= -1:
        return mpmath.mpf(0)
    return (t + 1) / 2 if t < 1 else mpmath.mpf(1)


def _log_sigmoid(t, p):
    return -mpmath.log1p(mpmath.exp(-t))


def _hard_tanh_ref(t, p):
    low, high = _mpf(p["min_val"]), _mpf(p["max_val"])
    return low if t < low else (high if t > high else t)


def _soboleva(t, p):
    a, b, c, d = (_mpf(p[k]) for k in "abcd")
    return (mpmath.exp(a * t) - mpmath.exp(-b * t)) / (mpmath.exp(c * t) + mpmath.exp(-d * t))


def _rrelu(t, p):
    slope = (_mpf(p["lower"]) + _mpf(p["upper"])) / 2
    return t if t >= 0 else slope * t


def _threshold(t, p):
    return t if t > _mpf(p["threshold"]) else _mpf(p["value"])


def _hard_shrink(t, p):
    return t if abs(t) > _mpf(p["lambda"]) else mpmath.mpf(0)


def _soft_shrink(t, p):
    return mpmath.sign(t) * max(abs(t) - _mpf(p["lambda"]), mpmath.mpf(0))


def _tanh_shrink(t, p):
    return t - mpmath.tanh(t)


def _celu(t, p):
    # Barron 2017: max(0, x) + min(0, α(exp(x/α) − 1)).
    alpha = _mpf(p["alpha"])
    return max(mpmath.mpf(0), t) + min(mpmath.mpf(0), alpha * mpmath.expm1(t / alpha))


def _sparse_plus(t, p):
    if t <= -1:
        return mpmath.mpf(0)
    return (t + 1) ** 2 / 4 if t < 1 else t


def _squareplus(t, p):
    return (t + mpmath.sqrt(t * t + _mpf(p["b"]))) / 2


def _hard_swish(t, p):
    return t * _relu6_ref(t + 3) / 6


def _mish(t, p):
    return mish_reference(t)


def _elish(t, p):
    # Basirat & Roth 2018: (eˣ − 1)σ(x) for x < 0, x·σ(x) for x ≥ 0.
    return mpmath.expm1(t) * _sigmoid(t) if t < 0 else t * _sigmoid(t)


def _repsu(t, p):
    alpha, lam = _mpf(p["alpha"]), _mpf(p["lambda"])
    sigma, mu, beta = _mpf(p["sigma"]), _mpf(p["mu"]), _mpf(p["beta"])
    if t < lam:
        return mpmath.mpf(0)
    gate = 1 / (1 + mpmath.exp(-mpmath.sign(t - mu) * (abs(t - mu) / sigma) ** beta))
    g = (t - lam) * gate
    return alpha * (2 * (t - lam) - g) + (1 - alpha) * g


def _gaussian_bump(t, p):
    return mpmath.exp(-t * t)


def _sinusoid(t, p):
    return mpmath.sin(t)


def _sinc(t, p):
    return mpmath.sinc(t)


def _exponential(t, p):
    return mpmath.exp(t)


USER_DEFINED: dict[str, Callable[[sp.Symbol], sp.Expr]] = {
    "user_hardtanh": lambda v: sp.Max(-1, sp.Min(1, v)),
    "user_relu6": lambda v: sp.Min(sp.Max(0, v), 6),
    "user_softsign": lambda v: v / (1 + sp.Abs(v)),
    "user_abs": sp.Abs,
    "user_cube": lambda v: v**3,
}
BREAKPOINTS.update(
    {
        "user_hardtanh": (-1, 1),
        "user_relu6": (0, 6),
        "user_softsign": (0,),
        "user_abs": (0,),
    }
)


def activation(name: str, **params) -> symact.Activation:
    """The catalog activation ``name``, or the user definition of that name."""
    if name in USER_DEFINED:
        return symact.define(name, USER_DEFINED[name](symact.x))
    return symact.get(name, **params)


_IMPLEMENTATIONS: dict[str, Callable] = {
    "identity": _identity,
    "binary_step": _binary_step,
    "sigmoid": _sigmoid_act,
    "tanh": _tanh,
    "relu": _relu,
    "leaky_relu": _leaky,
    "prelu": _prelu,
    "softplus": _softplus,
    "elu": _elu,
    "selu": _selu,
    "swish": _swish,
    "gelu": _gelu,
    "gelu_tanh": _gelu_tanh,
    "user_hardtanh": _hardtanh,
    "user_relu6": _relu6,
    "user_softsign": _softsign,
    "user_abs": _abs,
    "user_cube": _cube,
    "hard_sigmoid": _hard_sigmoid,
    "hard_sigmoid_tf2": _hard_sigmoid_tf2,
    "sparse_sigmoid": _sparse_sigmoid,
    "log_sigmoid": _log_sigmoid,
    "hard_tanh": _hard_tanh_ref,
    "soboleva_tanh": _soboleva,
    "softsign": _softsign,
    "relu6": _relu6,
    "rrelu": _rrelu,
    "threshold": _threshold,
    "hard_shrink": _hard_shrink,
    "soft_shrink": _soft_shrink,
    "tanh_shrink": _tanh_shrink,
    "celu": _celu,
    "sparse_plus": _sparse_plus,
    "squareplus": _squareplus,
    "hard_swish": _hard_swish,
    "mish": _mish,
    "elish": _elish,
    "repsu": _repsu,
    "gaussian": _gaussian_bump,
    "sinusoid": _sinusoid,
    "sinc": _sinc,
    "exponential": _exponential,
}


def reference(name: str, **params: str | float | int) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """The textbook activation ``name`` as a function of an mpmath number.

    It evaluates at whatever mpmath precision is current when it is called.
    """
    implementation = _IMPLEMENTATIONS[name]
    merged = {**DEFAULTS.get(name, {}), **params}

    def f(t):
        return implementation(mpmath.mpf(t), merged)

    f.__name__ = f"reference_{name}"
    return f


def mish_reference(t) -> mpmath.mpf:
    """Mish, x·tanh(softplus(x)) (Misra 2019, arXiv:1908.08681)."""
    t = mpmath.mpf(t)
    return t * mpmath.tanh(mpmath.log1p(mpmath.exp(t)))


# --------------------------------------------------------------------------------------
# Numerical helpers (all independent of symact).
# --------------------------------------------------------------------------------------


def central_difference(f: Callable, t, h: str = "1e-12", order: int = 1):
    """The central finite difference of ``order`` 1 or 2 at ``t`` with step ``h``."""
    t, h = mpmath.mpf(t), mpmath.mpf(h)
    if order == 1:
        return (f(t + h) - f(t - h)) / (2 * h)
    if order == 2:
        return (f(t + h) - 2 * f(t) + f(t - h)) / (h * h)
    raise ValueError(order)


def derivative_at(f: Callable, t, breakpoints: Iterable = ()) -> mpmath.mpf:
    """f′(t): a central difference (h = 1e-12, 40 digits), or at a breakpoint the mean of the
    one-sided difference quotients (h = 1e-30, 80 digits), which a central difference
    straddling a C¹ junction (ELU) would only get to O(h)."""
    if any(t == b for b in breakpoints):
        left = difference_quotient(f, t, -1, h="1e-30", dps=80)
        right = difference_quotient(f, t, 1, h="1e-30", dps=80)
        return (left + right) / 2
    with mpmath.workdps(40):
        return central_difference(f, t)


def one_sided_limit_of_derivative(f: Callable, at, order: int, side: int, dps: int = 90):
    """lim f^(order)(t) as t → at from ``side`` (+1 or −1), by a stencil on that side only.

    The central stencil is centred at ``at + side·δ`` with every node on that side, so
    it sees one smooth branch; the result is within O(δ) of the one-sided limit.
    """
    with mpmath.workdps(dps):
        delta = mpmath.mpf("1e-12")
        h = delta / (4 * max(order, 1))
        centre = mpmath.mpf(at) + side * delta
        if order == 0:
            return f(centre)
        total = mpmath.mpf(0)
        for i in range(order + 1):
            total += (-1) ** i * math.comb(order, i) * f(centre + (mpmath.mpf(order) / 2 - i) * h)
        return total / h**order


def difference_quotient(f: Callable, at, side: int, h: str = "1e-25", dps: int = 60):
    """(f(at + side·h) − f(at)) / (side·h): the one-sided derivative's defining quotient."""
    with mpmath.workdps(dps):
        at, step = mpmath.mpf(at), side * mpmath.mpf(h)
        return (f(at + step) - f(at)) / step


def to_mpf(value) -> mpmath.mpf:
    """A SymPy number (possibly ±oo) as an mpmath number at the current precision."""
    value = sp.sympify(value)
    if value == sp.oo:
        return mpmath.inf
    if value == -sp.oo:
        return -mpmath.inf
    digits = mpmath.mp.dps + 10
    number = sp.N(value, digits)
    assert number.is_real, f"{value} is not real"
    return mpmath.mpf(sp.Float(number, digits)._mpf_)


def engine_callable(expr: sp.Expr) -> Callable:
    """The engine's SymPy expression in ``x`` as an mpmath function (to *evaluate* it)."""
    return sp.lambdify(symact.x, expr, "mpmath")


def close(a, b, tol) -> bool:
    """|a − b| ≤ tol, treating equal infinities as close."""
    if mpmath.isinf(a) or mpmath.isinf(b):
        return a == b
    return abs(a - b) <= tol


def dense_grid() -> list[mpmath.mpf]:
    """2000 evenly spaced points in [−40, 40], the simple points 0, ±1/2, ±1, and ±1e3, ±1e6."""
    with mpmath.workdps(40):
        points = [mpmath.mpf(-40) + mpmath.mpf(80) * i / 1999 for i in range(2000)]
        extra = ["0", "0.5", "-0.5", "1", "-1", "1e3", "-1e3", "1e6", "-1e6"]
        points += [mpmath.mpf(e) for e in extra]
    return sorted(points)


def away_from(points: Iterable, avoid: Iterable, gap: float = 1e-3) -> list:
    """The points farther than ``gap`` from every point of ``avoid``."""
    avoid = list(avoid)
    return [p for p in points if all(abs(p - b) > gap for b in avoid)]


# --------------------------------------------------------------------------------------
# Which catalog activations (and parameter variants) the tests analyse.
# --------------------------------------------------------------------------------------

# Non-default parameter values also analysed by the numeric suite: the framework defaults
# that differ from symact's (Keras' leaky slope 0.2), an ELU whose α ≠ 1 creates a kink,
# and β ≠ 1 for the β-families.
VARIANTS: tuple[tuple[str, dict[str, float]], ...] = (
    ("leaky_relu", {"alpha": 0.2}),
    ("leaky_relu", {"alpha": 1}),  # degenerates to the identity
    ("leaky_relu", {"alpha": -1}),  # |x|: even, non-monotonic
    ("prelu", {"a": 0}),  # degenerates to ReLU
    ("elu", {"alpha": 0.5}),
    ("elu", {"alpha": 2}),  # sup f′ = 2 at 0⁻, not attained
    ("softplus", {"beta": 2}),
    ("softplus", {"beta": 0.5}),
    ("swish", {"beta": 2}),
    ("swish", {"beta": 0.5}),
)

# Properties that may legitimately be undetermined: gelu_tanh's gradient range (and the
# properties derived from it) can exceed the engine's per-step time budget.
# The sine and sinc have infinitely many monotone pieces, which the engine does not list.
MAY_BE_UNDETERMINED: dict[str, frozenset[str]] = {
    "sinusoid": frozenset({"monotonic"}),
    # SymPy finds no limit of log|sinc′|/log x (cos x/x oscillates inside its 1/x envelope);
    # a centre (a, 0) needs sinc(a) = 0, and the zeros kπ are too many to try one by one
    "sinc": frozenset({"monotonic", "saturation", "symmetry_centre"}),
    # x − tanh x is strictly increasing, but y = x − tanh x has no closed-form solution
    "tanh_shrink": frozenset({"inverse"}),
}


def case_id(name: str, params: dict) -> str:
    """A readable test id such as ``elu[alpha=0.5]``."""
    if not params:
        return name
    return name + "[" + ",".join(f"{k}={v}" for k, v in sorted(params.items())) + "]"


def all_cases() -> list[tuple[str, dict]]:
    """Every catalog name with default parameters, the variants, then the user definitions."""
    catalog = [(name, {}) for name in symact.names()]
    return catalog + [(n, dict(p)) for n, p in VARIANTS] + [(n, {}) for n in USER_DEFINED]


def cases_with_marks(marks: dict[str, pytest.MarkDecorator] | None = None) -> list:
    """``all_cases()`` as pytest params, with a mark (e.g. an xfail) on some case ids."""
    marks = marks or {}
    params = []
    for name, values in all_cases():
        ident = case_id(name, values)
        mark = marks.get(ident)
        params.append(pytest.param(name, values, id=ident, marks=[mark] if mark else []))
    return params


def require(analysis, field: str):
    """The ``Derived`` field, asserting it is determined (or legitimately undetermined).

    Returns ``None`` after checking the reason when the field may be undetermined for
    this activation and is; the caller then has nothing more to check.
    """
    derived = getattr(analysis, field)
    if derived.status == "undetermined":
        allowed = field in MAY_BE_UNDETERMINED.get(analysis.name, frozenset())
        assert allowed, f"{analysis.name}.{field} is undetermined: {derived.reason}"
        assert derived.value is None
        assert isinstance(derived.reason, str) and derived.reason.strip()
        return None
    assert derived.status in ("exact", "numeric"), derived.status
    if derived.status == "numeric":
        assert derived.bound is not None and derived.bound <= 1e-20, derived.bound
    return derived


# --------------------------------------------------------------------------------------
# Fixtures.
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def symact_cache_dir(tmp_path_factory):
    """A private, empty SYMACT_CACHE_DIR for the whole session."""
    path = tmp_path_factory.mktemp("symact-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SYMACT_CACHE_DIR", str(path))
        yield path


def _timed_out(result) -> bool:
    """Whether a property that must be determined ran out of its time budget."""
    allowed = MAY_BE_UNDETERMINED.get(result.name, frozenset())
    return any(
        derived.status == "undetermined" and "time budget" in (derived.reason or "")
        for field, derived in result.properties().items()
        if field not in allowed
    )


@pytest.fixture(scope="session")
def analysis(symact_cache_dir):
    """``analysis(name, **params)``: the activation's Analysis, computed once per session."""

    @functools.cache
    def cached(name: str, frozen: tuple) -> object:
        # Analyse at mpmath's default precision, as a user would, whatever a test may have
        # set around it.
        with mpmath.workprec(53):
            result = activation(name, **dict(frozen)).analyze()
            if _timed_out(result):
                # A step budget is wall-clock time: on a loaded machine a step that normally
                # fits may run out. Retry once, bypassing the (now poisoned) disk cache.
                with pytest.MonkeyPatch.context() as patch:
                    patch.setenv("SYMACT_CACHE_DIR", "off")
                    result = activation(name, **dict(frozen)).analyze()
            return result

    def get(name: str, **params):
        return cached(name, tuple(sorted(params.items())))

    return get


@pytest.fixture(scope="session")
def grid():
    """The dense sample grid (see :func:`dense_grid`)."""
    return dense_grid()
