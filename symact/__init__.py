r"""symact: activation functions derived by a computer algebra system.

Every activation is defined once as a SymPy expression (`symact.catalog`); its
properties -- derivatives, range, limits, gradient bounds, monotonicity, continuity
class, zero-centering, Gaussian statistics, a proof of nonlinearity -- are derived
symbolically (`symact.analysis`), each with its provenance: exact, numeric with
an error bound, or undetermined with the reason.

Examples:
    >>> import symact
    >>> a = symact.get("sigmoid").analyze()
    >>> a.max_gradient.value.value, a.max_gradient.value.where
    (1/4, (0,))
"""

from .activation import (
    Activation,
    InvalidDefinition,
    UnknownActivation,
    VectorActivation,
    define,
    get,
    names,
    vector_names,
)
from .catalog import CATALOG, Param, Spec
from .numerics import NumpyFunction, compile_numpy
from .parse import ParseError, parse
from .provenance import Derived
from .symbols import x

__version__ = "0.1.0"

__all__ = [
    "CATALOG",
    "Activation",
    "Derived",
    "InvalidDefinition",
    "NumpyFunction",
    "Param",
    "ParseError",
    "Spec",
    "UnknownActivation",
    "VectorActivation",
    "__version__",
    "compile_numpy",
    "define",
    "get",
    "names",
    "parse",
    "vector_names",
    "x",
]
