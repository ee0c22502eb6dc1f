"""Cross-check of the generated NumPy code against torch.nn.functional (CPU, float64).

Every catalog activation whose PyTorch API lists a ``torch.nn.functional`` function is
compared, f directly and f′ through autograd, on [−30, 30] away from breakpoints (where
f′ is a convention: PyTorch's relu′(0) = 0, SymPy's Heaviside(0) = 1/2). Where PyTorch's
default parameter differs from symact's, symact is built with PyTorch's.

torch is optional: these tests skip when it is absent, and fail under CI (``CI=true``),
where ``.ci/run`` installs it.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from symact import accuracy
from symact.activation import Activation
from symact.catalog import CATALOG
from symact.pieces import decompose

TORCH_SPECS = [spec for spec in CATALOG if accuracy.torch_name(spec)]


def _need_torch() -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("torch is required under CI (.ci/run installs torch==2.13.0)")
        pytest.skip("torch not installed: pip install torch==2.13.0 to run the cross-check")


def _inputs(activation: Activation) -> np.ndarray:
    grid = np.linspace(-30.0, 30.0, 6001)
    breakpoints = [float(b) for b in decompose(activation.function).breakpoints]
    away = np.ones(grid.shape, dtype=bool)
    for point in breakpoints:
        away &= np.abs(grid - point) > 1e-6
    return grid[away]


def test_every_torch_activation_is_covered():
    """The catalog lists torch.nn.functional for at least the common activations."""
    names = {spec.name for spec in TORCH_SPECS}
    assert {"sigmoid", "tanh", "relu", "softplus", "elu", "selu", "swish", "gelu"} <= names


@pytest.mark.parametrize("spec", TORCH_SPECS, ids=lambda spec: spec.name)
def test_matches_torch(spec):
    """f and f′ agree with torch.nn.functional to 1e-9 relative (1e-7 for f′, whose
    autograd formulas PyTorch evaluates less carefully), 1e-12 absolute."""
    _need_torch()
    activation = Activation(spec).with_params(**accuracy.torch_defaults(spec))
    value, slope = accuracy.torch_evaluators(activation)
    inputs = _inputs(activation)
    np.testing.assert_allclose(activation.numpy()(inputs), value(inputs), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(activation.numpy(1)(inputs), slope(inputs), rtol=1e-7, atol=1e-12)
