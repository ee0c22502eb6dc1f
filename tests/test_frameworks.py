"""symact's definitions against the frameworks themselves (PyTorch 2.13, CPU, float64).

For every catalog activation PyTorch ships, its module is instantiated with PyTorch's
defaults (and the catalog's selecting arguments, e.g. ``approximate="tanh"``) and
evaluated in float64 on a grid that includes every breakpoint of the definition and
points a hair's breadth on either side; symact's definition, with the parameter values
PyTorch uses, is evaluated *exactly* (SymPy, 40 digits) at the same float inputs. They
must agree to float accuracy, except where a documented difference says otherwise.

At breakpoints the gradient PyTorch's autograd returns is a *convention*: it is compared
with the one-sided derivatives the engine derives, and the convention is recorded.

PyTorch is optional: the tests skip without it, but fail when ``CI=true`` (``.ci/run``
installs ``torch==2.13.0``).
"""

from __future__ import annotations

import importlib
import inspect
import os
from dataclasses import dataclass

import mpmath
import pytest
import sympy as sp
from conftest import require, to_mpf

import symact
from symact.catalog import CATALOG, PYTORCH, FrameworkAPI, Spec
from symact.pieces import decompose

try:
    import torch
except ImportError:  # the optional extra is absent
    torch = None

TORCH_VERSION = "2.13"
EPS = 2.0**-52
"""Unit roundoff of float64 (the spacing of doubles at 1)."""


@pytest.fixture(scope="module")
def torch_module():
    """PyTorch, or a skip (a failure under CI, which installs it)."""
    if torch is None:
        message = "PyTorch is not installed: pip install torch==2.13.0 (CPU)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must install it (.ci/run)", pytrace=False)
        pytest.skip(message)
    return torch


# --------------------------------------------------------------------------------------
# The cases, derived from the catalog: every PyTorch module the catalog names.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TorchCase:
    """One catalog activation as PyTorch ships it."""

    spec: Spec
    api: FrameworkAPI

    @property
    def module_name(self) -> str:
        return next(n for n in self.api.names if not n.startswith("torch.nn.functional."))

    @property
    def id(self) -> str:
        return self.spec.name

    def symact_values(self) -> dict[str, sp.Expr]:
        """symact's parameters with PyTorch's defaults (``framework_defaults``) applied."""
        return {
            p.name: p.framework_defaults.get(self.module_name, p.default) for p in self.spec.params
        }


def _torch_cases() -> list[TorchCase]:
    return [
        TorchCase(spec, api)
        for spec in CATALOG
        for api in spec.frameworks
        if api.framework == PYTORCH
    ]


CASES = _torch_cases()


def _resolve(dotted: str):
    """``torch.nn.functional.relu`` → the object, by importing the module and ``getattr``."""
    parts = dotted.split(".")
    obj = importlib.import_module(parts[0])
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


def _torch_function(case: TorchCase):
    """PyTorch's activation as a float64 tensor → tensor function, with its defaults.

    A module class is instantiated in evaluation mode (RReLU then uses the mean slope);
    required constructor arguments (Threshold's) take symact's values of the same name.
    """
    target = _resolve(case.module_name)
    arguments = dict(case.api.arguments)
    values = case.symact_values()
    if inspect.isclass(target):
        signature = inspect.signature(target.__init__)
        for name, parameter in signature.parameters.items():
            if parameter.default is inspect.Parameter.empty and name in values:
                arguments[name] = float(values[name])
        module = target(**arguments).double().eval()
        return module
    value_at_zero = arguments.pop("values", None)

    def call(t):
        if value_at_zero is not None:
            return target(t, torch.tensor(float(value_at_zero), dtype=torch.float64))
        return target(t, **arguments)

    return call


# --------------------------------------------------------------------------------------
# Where PyTorch knowingly departs from the mathematical definition.
# --------------------------------------------------------------------------------------

SOFTPLUS_THRESHOLD = 20
"""torch.nn.Softplus returns x itself where βx > threshold (default 20)."""


def _documented_error(name: str, t: float) -> float:
    """An allowance beyond float accuracy where PyTorch's definition differs on purpose.

    Softplus: for x > 20 PyTorch returns x instead of log(1 + eˣ); the difference is
    log(1 + e^{−x}) < e^{−20} ≈ 2.1e-9 (checked exactly in `test_softplus_threshold`).
    """
    if name == "softplus" and t > SOFTPLUS_THRESHOLD:
        return float(mpmath.log1p(mpmath.exp(-t)))
    return 0.0


HARDSIGMOID_SLOPE_FLOAT32 = 0.1666666716337204
"""float32(1/6): the slope torch's hardsigmoid backward returns even for float64 inputs."""


def _documented_gradient_error(name: str) -> float:
    """hardsigmoid's gradient on (−3, 3) is float32(1/6), off from 1/6 by 5e-9 (checked
    in `test_hardsigmoid_gradient_is_float32`)."""
    if name == "hard_sigmoid":
        return abs(HARDSIGMOID_SLOPE_FLOAT32 - 1 / 6)
    return 0.0


# --------------------------------------------------------------------------------------
# The grid: simple points, the breakpoints of the definition and their float neighbours.
# --------------------------------------------------------------------------------------


def _grid(function: sp.Expr) -> list[float]:
    points = {k / 8 for k in range(-96, 97)}
    points |= {-100.0, -40.0, -25.0, 25.0, 40.0, 100.0, 1e-3, -1e-3, 1e-8, -1e-8}
    for b in decompose(function).breakpoints:
        centre = float(b)
        points |= {centre, centre - 2.0**-20, centre + 2.0**-20, centre - 1e-12, centre + 1e-12}
    return sorted(points)


def _exact(function: sp.Expr, t: float) -> mpmath.mpf:
    """The SymPy definition at the float ``t`` (read exactly), to 40 digits."""
    value = function.subs(symact.x, sp.Rational(t))
    with mpmath.workdps(40):
        return to_mpf(value)


# --------------------------------------------------------------------------------------
# Tests.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_torch_api_names_exist(case, torch_module):
    """Every PyTorch API name the catalog lists resolves in torch (getattr chain)."""
    assert torch_module.__version__.startswith(TORCH_VERSION), torch_module.__version__
    for name in case.api.names:
        assert callable(_resolve(name)), name


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_values_match_torch(case, torch_module):
    """PyTorch's float64 output equals symact's exact definition to float accuracy on a
    grid through every breakpoint (PyTorch's parameter defaults, documented departures
    allowed)."""
    function = symact.get(case.spec.name, **case.symact_values()).function
    grid = _grid(function)
    torch_f = _torch_function(case)
    with torch_module.no_grad():
        got = torch_f(torch_module.tensor(grid, dtype=torch_module.float64)).tolist()
    for t, value in zip(grid, got, strict=True):
        want = _exact(function, t)
        allowance = 8 * EPS * max(1.0, abs(t), abs(float(want))) + _documented_error(
            case.spec.name, t
        )
        assert abs(value - want) <= allowance, (case.spec.name, t, value, float(want))


def test_softplus_threshold(torch_module):
    """torch's softplus returns x past its threshold 20: off by log(1 + e^{−x}) there."""
    values = [20.5, 25.0, 30.0]
    with torch_module.no_grad():
        got = torch_module.nn.Softplus()(torch_module.tensor(values, dtype=torch_module.float64))
    for t, value in zip(values, got.tolist(), strict=True):
        assert value == t
        with mpmath.workdps(40):
            exact = mpmath.log1p(mpmath.exp(mpmath.mpf(t)))
            assert 0 < exact - t <= mpmath.exp(-20)


def _torch_gradient(case: TorchCase, t: float) -> float:
    torch_f = _torch_function(case)
    point = torch.tensor([t], dtype=torch.float64, requires_grad=True)
    torch_f(point).sum().backward()
    return float(point.grad[0])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_gradients_match_torch_away_from_breakpoints(case, torch_module, analysis):
    """PyTorch's autograd equals the engine's f′ (evaluated exactly) off the breakpoints."""
    if case.spec.name == "binary_step":
        pytest.skip("torch.heaviside has no derivative (autograd is not implemented)")
    values = case.symact_values()
    result = analysis(case.spec.name, **values)
    derivative = require(result, "derivative").value
    breaks = [float(b) for b in require(result, "pieces").value.breakpoints]
    points = [t for t in _grid(result.function) if all(abs(t - b) > 1e-6 for b in breaks)]
    for t in points:
        if case.spec.name == "softplus" and t > SOFTPLUS_THRESHOLD:
            continue  # torch's slope there is exactly 1 (x is returned); σ(x) < 1 by 2e-9
        want = _exact(derivative, t)
        got = _torch_gradient(case, t)
        allowance = 16 * EPS * max(1.0, abs(t), abs(float(want)))
        allowance += _documented_gradient_error(case.spec.name)
        assert abs(got - want) <= allowance, (t, got, want)


def test_hardsigmoid_gradient_is_float32(torch_module):
    """torch 2.13's hardsigmoid backward uses the float32 constant 1/6 in float64 too:
    the gradient on (−3, 3) is float32(1/6) = 0.16666667163…, not 1/6."""
    case = next(c for c in CASES if c.spec.name == "hard_sigmoid")
    for t in (-2.5, 0.0, 1.0):
        assert _torch_gradient(case, t) == HARDSIGMOID_SLOPE_FLOAT32
    assert abs(HARDSIGMOID_SLOPE_FLOAT32 - 1 / 6) > 4e-9


def _convention(case: TorchCase, result) -> list[tuple[float, float, str]]:
    """At each breakpoint: PyTorch's gradient and which one-sided derivative it equals."""
    kinks = {float(k.at): k for k in require(result, "kinks").value}
    found = []
    for b in require(result, "pieces").value.breakpoints:
        at = float(b)
        got = _torch_gradient(case, at)
        if at not in kinks:
            found.append((at, got, "differentiable"))
            continue
        kink = kinks[at]
        sides = {"left": kink.left, "right": kink.right}
        side = next(
            (s for s, v in sides.items() if v.is_finite and abs(float(v) - got) <= 1e-15), "neither"
        )
        found.append((at, got, side))
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_gradient_convention_at_breakpoints(case, torch_module, analysis):
    """At a kink PyTorch's gradient is one of the engine's finite one-sided derivatives;
    where f is differentiable at a breakpoint it is f′ there."""
    if case.spec.name == "binary_step":
        pytest.skip("torch.heaviside has no derivative (autograd is not implemented)")
    result = analysis(case.spec.name, **case.symact_values())
    derivative = require(result, "derivative").value
    for at, got, side in _convention(case, result):
        assert side != "neither", (case.spec.name, at, got)
        if side == "differentiable":
            want = _exact(derivative, at)
            assert abs(got - want) <= 16 * EPS * max(1.0, abs(float(want))), (at, got, want)


# PyTorch's documented conventions at kinks, from its backward formulas
# (tools/autograd/derivatives.yaml): relu's gradient mask is x > 0, hardtanh's
# min_val < x < max_val, leaky_relu's x > 0, threshold's x > threshold.
TORCH_CONVENTIONS = {
    ("relu", 0.0): 0.0,
    ("leaky_relu", 0.0): 0.01,
    ("hard_tanh", -1.0): 0.0,
    ("hard_tanh", 1.0): 0.0,
    ("relu6", 0.0): 0.0,
    ("relu6", 6.0): 0.0,
    ("threshold", 1.0): 0.0,
}


@pytest.mark.parametrize(("name", "at"), list(TORCH_CONVENTIONS), ids=str)
def test_known_torch_conventions(name, at, torch_module):
    """∇relu(0) = 0 in PyTorch, and its other documented kink conventions."""
    case = next(c for c in CASES if c.spec.name == name)
    assert _torch_gradient(case, at) == pytest.approx(TORCH_CONVENTIONS[(name, at)], abs=1e-15)


def test_every_torch_activation_is_cataloged(torch_module):
    """Every scalar activation module of torch.nn.modules.activation is in the catalog."""
    vector_or_other = {"Softmax", "Softmin", "Softmax2d", "LogSoftmax", "GLU"}
    vector_or_other |= {"MultiheadAttention"}
    listed = {n for c in CASES for n in c.api.names}
    from torch.nn.modules import activation

    for name in activation.__all__:
        if name in vector_or_other:
            continue
        assert f"torch.nn.{name}" in listed, name


def convention_table() -> str:
    """A Markdown table of PyTorch's gradient at every breakpoint (for the report)."""
    from conftest import activation as get_activation

    lines = ["| activation | x | torch gradient | equals |", "|---|---:|---:|---|"]
    for case in CASES:
        if case.spec.name == "binary_step":
            continue
        result = get_activation(case.spec.name, **case.symact_values()).analyze()
        for at, got, side in _convention(case, result):
            lines.append(f"| {case.spec.name} | {at:g} | {got:g} | {side} |")
    return "\n".join(lines)
