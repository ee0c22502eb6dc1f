"""The records of the catalog (`symact.catalog`): what is known of an activation, as
frozen dataclasses. `Spec` is a scalar activation, `VectorSpec` a vector one; `Param`,
`FrameworkAPI`, `TorchGain` and `Reference` are their parts."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

KERAS, PYTORCH, JAX = "keras", "pytorch", "jax"
FRAMEWORKS = (KERAS, PYTORCH, JAX)


@dataclass(frozen=True)
class Param:
    """A parameter of an activation.

    Attributes:
        name: Its name in symact (and the SymPy symbol's name).
        default: The default value, an exact SymPy number.
        description: What it does, one line.
        framework_defaults: Default per framework API name where frameworks disagree,
            e.g. ``{"torch.nn.LeakyReLU": 1/100}``.
        constant: True for fixed constants (SELU's α, λ) that no framework exposes.
        learnable: True when trained with the network (PReLU's slope).
    """

    name: str
    default: sp.Expr
    description: str
    framework_defaults: dict[str, sp.Expr] = field(default_factory=dict)
    constant: bool = False
    learnable: bool = False

    @property
    def symbol(self) -> sp.Symbol:
        """The SymPy symbol standing for the parameter in the definition."""
        return sp.Symbol(self.name, real=True)


@dataclass(frozen=True)
class FrameworkAPI:
    """How a framework ships the activation: its API names and a note on its definition.

    Attributes:
        framework: ``"keras"``, ``"pytorch"`` or ``"jax"``.
        names: The dotted API names (module class and/or function).
        note: How the framework defines or parametrises it, one line.
        arguments: Keyword arguments that select this definition when the same API
            serves several (``approximate="tanh"`` for GELU's tanh form).
        keywords: The function's keyword for each symact parameter it takes, as
            ``(keyword, parameter)`` pairs (``("negative_slope", "alpha")`` for leaky
            ReLU); a learnable parameter is passed as a one-element tensor (PReLU's
            ``weight``).
    """

    framework: str
    names: tuple[str, ...]
    note: str = ""
    arguments: tuple[tuple[str, str | bool], ...] = ()
    keywords: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TorchGain:
    """PyTorch's `torch.nn.init.calculate_gain` entry for an activation.

    Attributes:
        nonlinearity: The string PyTorch takes.
        gain: The gain, exact; an expression in the activation's parameters where it
            depends on them (leaky ReLU's √(2/(1 + α²))).
        explanation: How PyTorch's value relates to the moment-based gains.
    """

    nonlinearity: str
    gain: sp.Expr
    explanation: str


@dataclass(frozen=True)
class Reference:
    """A paper (or the canonical source) for an activation."""

    citation: str
    url: str


@dataclass(frozen=True)
class Spec:
    """One activation function of the catalog.

    Attributes:
        name: Canonical snake_case name.
        title: Display name.
        expr: The definition, a SymPy expression in `symact.symbols.x` and the
            parameter symbols.
        family: ``"linear"``, ``"step"``, ``"sigmoid-like"``, ``"relu-like"``,
            ``"smooth relu-like"``, ``"shrinkage"``, ``"radial"``, ``"periodic"``,
            ``"exponential"`` or ``"vector"``.
        params: The parameters.
        aliases: Other spellings accepted by `symact.get`.
        frameworks: The framework APIs.
        references: Papers.
        window: The natural plot window.
        summary: One sentence.
        torch_gain: PyTorch's recommended initialisation gain, where it has one
            (read from ``torch/nn/init.py``, PyTorch 2.13).
        constants_derivation: The module of symact that derives its constant
            parameters (``"symact.selu"``: α and λ from the self-normalising fixed point); its
            page shows the derivation.
        depth_plot: Drawn on the vanishing-gradient page's plot of the gradient
            through depth (a few classic activations, so the plot stays readable).
    """

    name: str
    title: str
    expr: sp.Expr
    family: str
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    frameworks: tuple[FrameworkAPI, ...] = ()
    references: tuple[Reference, ...] = ()
    window: tuple[float, float] = (-5.0, 5.0)
    summary: str = ""
    torch_gain: TorchGain | None = None
    constants_derivation: str = ""
    depth_plot: bool = False


@dataclass(frozen=True)
class VectorSpec:
    """A vector activation (softmax and its kin): its formula is given for component i.

    Attributes:
        signature: Its domain and codomain, e.g. ``"ℝⁿ → ℝⁿ"`` or ``"ℝ²ⁿ → ℝⁿ"`` (GLU).
        range_set: The image, in words.
        elsewhere: API names outside Keras, PyTorch and JAX (``tf.nn.crelu``).
        analyser: The function deriving its claims, as ``"module:function"`` (resolved
            by `pkgutil.resolve_name`; it takes the per-claim time budget in seconds and
            returns a frozen dataclass of `symact.provenance.Derived` claims, see
            `symact.vectors`). A name, not the function: the analysers build on the
            catalog, so the catalog cannot import them.
    """

    name: str
    title: str
    formula_latex: str
    analyser: str
    family: str = "vector"
    aliases: tuple[str, ...] = ()
    frameworks: tuple[FrameworkAPI, ...] = ()
    references: tuple[Reference, ...] = ()
    summary: str = ""
    signature: str = "ℝⁿ → ℝⁿ"
    range_set: str = ""
    elsewhere: tuple[str, ...] = ()
