r"""The catalog of activation functions, as data.

Each activation is one `Spec` record: its SymPy definition in the real variable
$x$, parameters with their defaults (and each framework's default where they differ),
family, aliases, framework API names and references. The engine, the export, the CLI
and the tests all iterate over `CATALOG`; nothing keeps a second list. The records are
in `symact.catalog_records`, the entries in `symact.catalog_scalar` (the first set),
`symact.catalog_extended` (the rest) and `symact.catalog_vector`.

Framework facts were read from the sources of Keras 3.15, PyTorch 2.13 and JAX 0.10
(``keras/src/activations/activations.py``, ``torch.nn.modules.activation``,
``jax/_src/nn/functions.py``); ``tests/test_frameworks.py`` checks the PyTorch names,
defaults and values against PyTorch itself.
"""

from __future__ import annotations

from .catalog_extended import _FRAMEWORK_SET
from .catalog_records import (
    FRAMEWORKS,
    JAX,
    KERAS,
    PYTORCH,
    FrameworkAPI,
    Param,
    Reference,
    Spec,
    TorchGain,
    VectorSpec,
)
from .catalog_scalar import _SCALAR, GELU_TANH_CUBIC, SELU_ALPHA, SELU_LAMBDA, sigmoid_of
from .catalog_vector import _VECTOR

CATALOG: tuple[Spec, ...] = _SCALAR + _FRAMEWORK_SET
"""Every scalar activation of the catalog, in display order."""

VECTOR_CATALOG: tuple[VectorSpec, ...] = _VECTOR
"""The vector activations, each analysed by its module (see `symact.vectors`)."""

__all__ = [
    "CATALOG",
    "FRAMEWORKS",
    "GELU_TANH_CUBIC",
    "JAX",
    "KERAS",
    "PYTORCH",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "VECTOR_CATALOG",
    "FrameworkAPI",
    "Param",
    "Reference",
    "Spec",
    "TorchGain",
    "VectorSpec",
    "sigmoid_of",
]
