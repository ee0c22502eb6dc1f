r"""The catalog of activation functions, as data.

Each activation is one `Spec` record: its SymPy definition in the real variable
$x$, parameters with their defaults (and each framework's default where they differ),
family, aliases, framework API names and references. The engine, the export, the CLI
and the tests all iterate over `CATALOG`; nothing keeps a second list.

Framework facts were read from the sources of Keras 3.15, PyTorch 2.13 and JAX 0.10
(``keras/src/activations/activations.py``, ``torch.nn.modules.activation``,
``jax/_src/nn/functions.py``); ``tests/test_frameworks.py`` checks the PyTorch names,
defaults and values against PyTorch itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from .symbols import x

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


def _symbols(*names: str) -> tuple[sp.Symbol, ...]:
    return tuple(sp.Symbol(name, real=True) for name in names)


alpha, beta, lam, slope = _symbols("alpha", "beta", "lambda", "a")
min_val, max_val, lower, upper = _symbols("min_val", "max_val", "lower", "upper")
threshold, fill, square_b = _symbols("threshold", "value", "b")
smht_a, smht_b, smht_c, smht_d = _symbols("a", "b", "c", "d")
sigma_scale, mu_shift = _symbols("sigma", "mu")
_half = sp.Rational(1, 2)


def sigmoid_of(u: sp.Expr) -> sp.Expr:
    r"""The logistic sigmoid $\sigma(u) = 1 / (1 + e^{-u})$ as a plain SymPy expression."""
    return 1 / (1 + sp.exp(-u))


def _erfc_half() -> sp.Expr:
    return sp.erfc(1 / sp.sqrt(2))


SELU_ALPHA = -sp.sqrt(2 / sp.pi) / (_erfc_half() * sp.exp(_half) - 1)
r"""SELU's $\alpha_{01}$ in closed form (Klambauer et al. 2017, eq. 14):
$\alpha_{01} = -\sqrt{2/\pi}\,/\,(\operatorname{erfc}(1/\sqrt2)\,e^{1/2} - 1)
\approx 1.6732632423543772848$."""

SELU_LAMBDA = (
    (1 - _erfc_half() * sp.sqrt(sp.E))
    * sp.sqrt(2 * sp.pi)
    / sp.sqrt(
        2 * sp.erfc(sp.sqrt(2)) * sp.E**2
        + sp.pi * _erfc_half() ** 2 * sp.E
        - 2 * (2 + sp.pi) * _erfc_half() * sp.sqrt(sp.E)
        + sp.pi
        + 2
    )
)
r"""SELU's $\lambda_{01}$ in closed form (Klambauer et al. 2017, eq. 14),
$\approx 1.0507009873554804934$."""

GELU_TANH_CUBIC = sp.Rational(44715, 10**6)
"""The cubic coefficient 0.044715 of GELU's tanh approximation, exactly."""

_KLAMBAUER = Reference(
    "G. Klambauer, T. Unterthiner, A. Mayr, S. Hochreiter. Self-Normalizing Neural "
    "Networks. NeurIPS 2017.",
    "https://arxiv.org/abs/1706.02515",
)
_HENDRYCKS = Reference(
    "D. Hendrycks, K. Gimpel. Gaussian Error Linear Units (GELUs). arXiv:1606.08415, 2016.",
    "https://arxiv.org/abs/1606.08415",
)
_NAIR_HINTON = Reference(
    "V. Nair, G. E. Hinton. Rectified Linear Units Improve Restricted Boltzmann Machines. "
    "ICML 2010.",
    "https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf",
)
_CLEVERT = Reference(
    "D.-A. Clevert, T. Unterthiner, S. Hochreiter. Fast and Accurate Deep Network "
    "Learning by Exponential Linear Units (ELUs). ICLR 2016.",
    "https://arxiv.org/abs/1511.07289",
)


def _leaky(symbol: sp.Symbol) -> sp.Expr:
    return sp.Piecewise((symbol * x, x < 0), (x, True))


_SCALAR: tuple[Spec, ...] = (
    Spec(
        name="identity",
        title="Identity",
        expr=x,
        family="linear",
        torch_gain=TorchGain(
            "linear",
            sp.Integer(1),
            "E[Z²] = E[1] = 1: both moment-based gains are 1, as PyTorch's.",
        ),
        aliases=("linear", "Identity"),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.linear", "keras.layers.Identity")),
            FrameworkAPI(PYTORCH, ("torch.nn.Identity",)),
            FrameworkAPI(JAX, ("jax.nn.identity",), "recent JAX releases only"),
        ),
        summary="The linear activation: a network of linear layers stays linear.",
    ),
    Spec(
        name="binary_step",
        title="Binary step",
        expr=sp.Piecewise((0, x < 0), (1, True)),
        family="step",
        aliases=("step", "heaviside", "Heaviside"),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.ops.heaviside",), "heaviside(x, value_at_0)"),
            FrameworkAPI(
                PYTORCH,
                ("torch.heaviside",),
                "heaviside(x, values): value at 0 given",
                (("values", "1"),),
            ),
            FrameworkAPI(JAX, ("jax.numpy.heaviside",), "heaviside(x, value_at_0)"),
        ),
        references=(
            Reference(
                "F. Rosenblatt. The perceptron: a probabilistic model for information storage "
                "and organization in the brain. Psychological Review 65(6), 1958.",
                "https://doi.org/10.1037/h0042519",
            ),
        ),
        summary="The perceptron's threshold unit: 0 below zero, 1 from zero on.",
    ),
    Spec(
        name="sigmoid",
        title="Sigmoid (logistic)",
        expr=sigmoid_of(x),
        family="sigmoid-like",
        depth_plot=True,
        torch_gain=TorchGain(
            "sigmoid",
            sp.Integer(1),
            "PyTorch keeps 1 by convention; the moment-based gains are ≈ 1.85 forward "
            "(E[σ(Z)²] ≈ 0.293) and ≈ 4.72 backward (E[σ′(Z)²] ≈ 0.0448): sigmoid layers shrink "
            "both signal and gradient.",
        ),
        aliases=("logistic", "Sigmoid", "expit"),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.sigmoid",)),
            FrameworkAPI(PYTORCH, ("torch.nn.Sigmoid", "torch.nn.functional.sigmoid")),
            FrameworkAPI(JAX, ("jax.nn.sigmoid",)),
        ),
        window=(-8.0, 8.0),
        summary="The logistic function, squashing ℝ onto (0, 1).",
    ),
    Spec(
        name="tanh",
        title="Hyperbolic tangent",
        expr=sp.tanh(x),
        family="sigmoid-like",
        depth_plot=True,
        torch_gain=TorchGain(
            "tanh",
            sp.Rational(5, 3),
            "5/3 is a heuristic (chosen so tanh layers neither saturate nor shrink for "
            "moderate inputs); the forward moment-based gain is 1/√E[tanh(Z)²] ≈ 1.5925, the "
            "backward one 1/√E[sech⁴(Z)] ≈ 1.4674. 5/3 lies above both.",
        ),
        aliases=("Tanh",),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.tanh",)),
            FrameworkAPI(PYTORCH, ("torch.nn.Tanh", "torch.nn.functional.tanh")),
            FrameworkAPI(JAX, ("jax.nn.tanh",), "re-export of jax.numpy.tanh"),
        ),
        summary="The zero-centred sigmoid: tanh(x) = 2σ(2x) − 1.",
    ),
    Spec(
        name="relu",
        title="ReLU",
        expr=sp.Max(0, x),
        family="relu-like",
        depth_plot=True,
        torch_gain=TorchGain(
            "relu",
            sp.sqrt(2),
            "He et al.: E[relu(Z)²] = 1/2 and E[relu′(Z)²] = 1/2, so both gains are √2, "
            "exactly PyTorch's.",
        ),
        aliases=("ReLU", "rectifier"),
        frameworks=(
            FrameworkAPI(
                KERAS,
                ("keras.activations.relu", "keras.layers.ReLU"),
                "generalised: negative_slope=0, max_value=None, threshold=0",
            ),
            FrameworkAPI(
                PYTORCH, ("torch.nn.ReLU", "torch.nn.functional.relu"), "gradient at 0 is 0"
            ),
            FrameworkAPI(JAX, ("jax.nn.relu",), "gradient at 0 is 0"),
        ),
        references=(_NAIR_HINTON,),
        summary="The rectified linear unit max(0, x).",
    ),
    Spec(
        name="leaky_relu",
        title="Leaky ReLU",
        expr=_leaky(alpha),
        family="relu-like",
        torch_gain=TorchGain(
            "leaky_relu",
            sp.sqrt(2 / (1 + alpha**2)),
            "E[f(Z)²] = E[f′(Z)²] = (1 + a²)/2 for slope a: both gains are √(2/(1 + a²)), "
            "PyTorch's formula.",
        ),
        params=(
            Param(
                "alpha",
                sp.Rational(1, 100),
                "slope for x < 0",
                {
                    "torch.nn.LeakyReLU": sp.Rational(1, 100),
                    "jax.nn.leaky_relu": sp.Rational(1, 100),
                    "keras.activations.leaky_relu": sp.Rational(1, 5),
                    "tf.nn.leaky_relu": sp.Rational(1, 5),
                    "keras.layers.LeakyReLU": sp.Rational(3, 10),
                },
            ),
        ),
        aliases=("LeakyReLU", "leakyrelu", "lrelu"),
        frameworks=(
            FrameworkAPI(
                KERAS,
                ("keras.activations.leaky_relu", "keras.layers.LeakyReLU"),
                "negative_slope: 0.2 in the function, 0.3 in the layer",
            ),
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.LeakyReLU", "torch.nn.functional.leaky_relu"),
                "negative_slope=0.01",
                keywords=(("negative_slope", "alpha"),),
            ),
            FrameworkAPI(JAX, ("jax.nn.leaky_relu",), "negative_slope=0.01"),
        ),
        references=(
            Reference(
                "A. L. Maas, A. Y. Hannun, A. Y. Ng. Rectifier Nonlinearities Improve Neural "
                "Network Acoustic Models. ICML Workshop on Deep Learning, 2013.",
                "https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf",
            ),
        ),
        summary="ReLU with a small slope α for negative inputs, so no unit dies.",
    ),
    Spec(
        name="prelu",
        title="PReLU",
        expr=_leaky(slope),
        family="relu-like",
        params=(
            Param(
                "a",
                sp.Rational(1, 4),
                "learnable slope for x < 0 (its initial value)",
                {"torch.nn.PReLU": sp.Rational(1, 4), "keras.layers.PReLU": sp.Integer(0)},
                learnable=True,
            ),
        ),
        aliases=("PReLU", "parametric_relu"),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.layers.PReLU",), "alpha_initializer='zeros'"),
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.PReLU", "torch.nn.functional.prelu"),
                "init=0.25",
                keywords=(("weight", "a"),),
            ),
        ),
        references=(
            Reference(
                "K. He, X. Zhang, S. Ren, J. Sun. Delving Deep into Rectifiers: Surpassing "
                "Human-Level Performance on ImageNet Classification. ICCV 2015.",
                "https://arxiv.org/abs/1502.01852",
            ),
        ),
        summary="Leaky ReLU whose negative slope is learned with the network.",
    ),
    Spec(
        name="softplus",
        title="Softplus",
        expr=sp.log(1 + sp.exp(beta * x)) / beta,
        family="smooth relu-like",
        params=(
            Param(
                "beta",
                sp.Integer(1),
                "sharpness; β → ∞ gives ReLU",
                {"torch.nn.Softplus": sp.Integer(1)},
            ),
        ),
        aliases=("Softplus", "SoftPlus"),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.softplus",), "no parameters"),
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.Softplus", "torch.nn.functional.softplus"),
                "beta=1, threshold=20: returns x where beta·x > 20",
                keywords=(("beta", "beta"),),
            ),
            FrameworkAPI(JAX, ("jax.nn.softplus",), "logaddexp(x, 0)"),
        ),
        references=(
            Reference(
                "C. Dugas, Y. Bengio, F. Bélisle, C. Nadeau, R. Garcia. Incorporating "
                "Second-Order Functional Knowledge for Better Option Pricing. NIPS 2000.",
                "https://papers.nips.cc/paper/1920-incorporating-second-order-functional-"
                "knowledge-for-better-option-pricing",
            ),
        ),
        summary="A smooth ReLU, log(1 + eˣ), whose derivative is the sigmoid.",
    ),
    Spec(
        name="elu",
        title="ELU",
        expr=sp.Piecewise((x, x > 0), (alpha * (sp.exp(x) - 1), True)),
        family="smooth relu-like",
        depth_plot=True,
        params=(Param("alpha", sp.Integer(1), "negative saturation value −α"),),
        aliases=("ELU",),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.elu", "keras.layers.ELU"), "alpha=1.0"),
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.ELU", "torch.nn.functional.elu"),
                "alpha=1.0",
                keywords=(("alpha", "alpha"),),
            ),
            FrameworkAPI(JAX, ("jax.nn.elu",), "alpha=1.0"),
        ),
        references=(_CLEVERT,),
        summary="Identity for x > 0, α(eˣ − 1) below: negative outputs push mean activations "
        "toward zero.",
    ),
    Spec(
        name="selu",
        title="SELU",
        expr=lam * sp.Piecewise((x, x > 0), (alpha * (sp.exp(x) - 1), True)),
        family="smooth relu-like",
        constants_derivation="symact.selu",
        torch_gain=TorchGain(
            "selu",
            sp.Rational(3, 4),
            "SELU's constants make E[selu(Z)²] = 1, so the forward gain is 1 (PyTorch's docs "
            "advise nonlinearity='linear' for self-normalising networks); 3/4 deliberately "
            "gives up that normalisation for more stable gradients in rectangular layers.",
        ),
        params=(
            Param("alpha", SELU_ALPHA, "α₀₁ of the self-normalising fixed point", constant=True),
            Param("lambda", SELU_LAMBDA, "λ₀₁, the scale", constant=True),
        ),
        aliases=("SELU",),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.selu",)),
            FrameworkAPI(PYTORCH, ("torch.nn.SELU", "torch.nn.functional.selu")),
            FrameworkAPI(JAX, ("jax.nn.selu",)),
        ),
        references=(_KLAMBAUER,),
        summary="Scaled ELU whose constants make zero mean and unit variance a fixed point.",
    ),
    Spec(
        name="swish",
        title="Swish / SiLU",
        expr=x * sigmoid_of(beta * x),
        family="smooth relu-like",
        params=(
            Param(
                "beta",
                sp.Integer(1),
                "gate sharpness; β = 1 is SiLU, β → ∞ ReLU",
                {"tf.nn.silu": sp.Integer(1)},
            ),
        ),
        aliases=("silu", "SiLU", "Swish"),
        frameworks=(
            FrameworkAPI(
                KERAS, ("keras.activations.silu", "keras.activations.swish"), "β fixed to 1"
            ),
            FrameworkAPI(PYTORCH, ("torch.nn.SiLU", "torch.nn.functional.silu"), "β fixed to 1"),
            FrameworkAPI(JAX, ("jax.nn.silu", "jax.nn.swish"), "β fixed to 1"),
        ),
        references=(
            Reference(
                "P. Ramachandran, B. Zoph, Q. V. Le. Searching for Activation Functions. "
                "arXiv:1710.05941, 2017.",
                "https://arxiv.org/abs/1710.05941",
            ),
            Reference(
                "S. Elfwing, E. Uchibe, K. Doya. Sigmoid-Weighted Linear Units for Neural "
                "Network Function Approximation in Reinforcement Learning. Neural Networks "
                "107, 2018.",
                "https://arxiv.org/abs/1702.03118",
            ),
        ),
        window=(-6.0, 4.0),
        summary="The self-gated x·σ(βx); non-monotonic, with a minimum of −W(1/e)/β.",
    ),
    Spec(
        name="gelu",
        title="GELU (exact)",
        expr=x / 2 * (1 + sp.erf(x / sp.sqrt(2))),
        family="smooth relu-like",
        depth_plot=True,
        aliases=("GELU", "gelu_exact"),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.gelu",), "approximate=False (exact default)"),
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.GELU", "torch.nn.functional.gelu"),
                "approximate='none' (exact default)",
            ),
            FrameworkAPI(
                JAX,
                ("jax.nn.gelu",),
                "approximate=False; the default is the tanh form",
                (("approximate", False),),
            ),
        ),
        references=(_HENDRYCKS,),
        window=(-5.0, 4.0),
        summary="x·Φ(x), the input weighted by the standard normal CDF.",
    ),
    Spec(
        name="gelu_tanh",
        title="GELU (tanh approximation)",
        expr=x / 2 * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (x + GELU_TANH_CUBIC * x**3))),
        family="smooth relu-like",
        aliases=("gelu_approximate", "approximate_gelu"),
        frameworks=(
            FrameworkAPI(
                KERAS,
                ("keras.activations.gelu", "keras.ops.gelu"),
                "approximate=True; keras.ops.gelu's default",
                (("approximate", True),),
            ),
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.GELU", "torch.nn.functional.gelu"),
                "approximate='tanh'",
                (("approximate", "tanh"),),
            ),
            FrameworkAPI(JAX, ("jax.nn.gelu",), "approximate=True (JAX's default)"),
        ),
        references=(_HENDRYCKS,),
        window=(-5.0, 4.0),
        summary="GELU with Φ replaced by a tanh fit with cubic coefficient 0.044715.",
    ),
)


def _clip(low: sp.Expr, high: sp.Expr, u: sp.Expr) -> sp.Expr:
    """``u`` clipped to ``[low, high]``: ``max(low, min(high, u))``."""
    return sp.Max(low, sp.Min(high, u))


def _relu6_of(u: sp.Expr) -> sp.Expr:
    r"""$\min(\max(0, u), 6)$, PyTorch's and JAX's ``relu6``."""
    return sp.Min(sp.Max(0, u), 6)


_HOWARD = Reference(
    "A. Howard, M. Sandler, G. Chu, L.-C. Chen, B. Chen, M. Tan, W. Wang, Y. Zhu, R. Pang, "
    "V. Vasudevan, Q. V. Le, H. Adam. Searching for MobileNetV3. ICCV 2019.",
    "https://arxiv.org/abs/1905.02244",
)
_BLONDEL = Reference(
    "M. Blondel, A. F. T. Martins, V. Niculae. Learning with Fenchel-Young Losses. "
    "JMLR 21(35), 2020.",
    "https://arxiv.org/abs/1901.02324",
)
_WIKIPEDIA = Reference(
    "Wikipedia, Activation function: table of activation functions.",
    "https://en.wikipedia.org/wiki/Activation_function#Table_of_activation_functions",
)
_TORCH_DOCS = (
    "https://docs.pytorch.org/docs/2.13/nn.html#non-linear-activations-weighted-sum-nonlinearity"
)
_SHRINK_LAMBDA = Param("lambda", _half, "threshold λ: inputs with |x| ≤ λ map to 0")


_FRAMEWORK_SET: tuple[Spec, ...] = (
    # ---- sigmoid-like ------------------------------------------------------------------
    Spec(
        name="hard_sigmoid",
        title="Hard sigmoid (x/6 + 1/2)",
        expr=_clip(0, 1, x / 6 + _half),
        family="sigmoid-like",
        aliases=("Hardsigmoid", "hardsigmoid", "HardSigmoid"),
        frameworks=(
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.Hardsigmoid", "torch.nn.functional.hardsigmoid"),
                "relu6(x + 3) / 6",
            ),
            FrameworkAPI(
                KERAS, ("keras.activations.hard_sigmoid",), "Keras 3: x/6 + 1/2 clipped to [0, 1]"
            ),
            FrameworkAPI(JAX, ("jax.nn.hard_sigmoid",), "relu6(x + 3) / 6"),
        ),
        references=(_HOWARD,),
        summary="The piecewise-linear sigmoid relu6(x + 3)/6 of MobileNetV3: 0 below −3, 1 "
        "above 3, slope 1/6 between (PyTorch, JAX, Keras 3).",
    ),
    Spec(
        name="hard_sigmoid_tf2",
        title="Hard sigmoid (0.2x + 0.5, tf.keras 2)",
        expr=_clip(0, 1, x / 5 + _half),
        family="sigmoid-like",
        aliases=("hard_sigmoid_keras2", "hard_sigmoid_tf", "tf_hard_sigmoid"),
        frameworks=(
            FrameworkAPI(
                KERAS,
                ("tf.keras.activations.hard_sigmoid",),
                "tf.keras 2 / TensorFlow ≤ 2.15 only: 0.2x + 0.5 clipped to [0, 1]; "
                "Keras 3 redefined hard_sigmoid as x/6 + 1/2",
            ),
        ),
        references=(
            Reference(
                "TensorFlow 2.15 API: tf.keras.activations.hard_sigmoid.",
                "https://www.tensorflow.org/versions/r2.15/api_docs/python/tf/keras/"
                "activations/hard_sigmoid",
            ),
        ),
        summary="The older hard sigmoid of tf.keras 2 (from Theano): 0.2x + 0.5 clipped at "
        "±2.5, steeper than Keras 3's x/6 + 1/2 of the same name.",
    ),
    Spec(
        name="sparse_sigmoid",
        title="Sparse sigmoid",
        expr=_clip(0, 1, (x + 1) / 2),
        family="sigmoid-like",
        aliases=("SparseSigmoid",),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.sparse_sigmoid",)),
            FrameworkAPI(JAX, ("jax.nn.sparse_sigmoid",)),
        ),
        references=(_BLONDEL,),
        summary="(x + 1)/2 clipped to [0, 1]: the derivative of sparse plus, the 2-class "
        "sparsemax.",
    ),
    Spec(
        name="log_sigmoid",
        title="Log-sigmoid",
        expr=-sp.log(1 + sp.exp(-x)),
        family="sigmoid-like",
        aliases=("LogSigmoid", "logsigmoid"),
        frameworks=(
            FrameworkAPI(PYTORCH, ("torch.nn.LogSigmoid", "torch.nn.functional.logsigmoid")),
            FrameworkAPI(KERAS, ("keras.activations.log_sigmoid",), "−softplus(−x)"),
            FrameworkAPI(JAX, ("jax.nn.log_sigmoid",), "−softplus(−x)"),
        ),
        references=(Reference("PyTorch 2.13 documentation: torch.nn.LogSigmoid.", _TORCH_DOCS),),
        window=(-6.0, 4.0),
        summary="log σ(x) = −softplus(−x): the log-probability of a logistic unit.",
    ),
    Spec(
        name="hard_tanh",
        title="Hard tanh",
        expr=_clip(min_val, max_val, x),
        family="sigmoid-like",
        params=(
            Param("min_val", sp.Integer(-1), "lower clip value"),
            Param("max_val", sp.Integer(1), "upper clip value"),
        ),
        aliases=("Hardtanh", "hardtanh", "HardTanh"),
        frameworks=(
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.Hardtanh", "torch.nn.functional.hardtanh"),
                "min_val=-1.0, max_val=1.0",
                keywords=(("min_val", "min_val"), ("max_val", "max_val")),
            ),
            FrameworkAPI(KERAS, ("keras.activations.hard_tanh",), "clip to [−1, 1], no parameters"),
            FrameworkAPI(JAX, ("jax.nn.hard_tanh",), "clip to [−1, 1], no parameters"),
        ),
        references=(
            Reference(
                "R. Collobert. Large Scale Machine Learning. PhD thesis, Université Paris VI, "
                "2004.",
                "https://ronan.collobert.com/pub/2004_phdthesis_lip6.pdf",
            ),
        ),
        window=(-3.0, 3.0),
        summary="The identity clipped to [min_val, max_val] = [−1, 1]: tanh made piecewise linear.",
    ),
    Spec(
        name="soboleva_tanh",
        title="Soboleva modified tanh",
        expr=(sp.exp(smht_a * x) - sp.exp(-smht_b * x))
        / (sp.exp(smht_c * x) + sp.exp(-smht_d * x)),
        family="sigmoid-like",
        params=(
            Param("a", sp.Integer(1), "growth rate of the numerator's e^{ax}"),
            Param("b", sp.Integer(1), "decay rate of the numerator's e^{−bx}"),
            Param("c", sp.Integer(1), "right-tail control of the denominator"),
            Param("d", sp.Integer(1), "left-tail control of the denominator"),
        ),
        aliases=("smht", "soboleva", "soboleva_modified_tanh"),
        references=(
            Reference(
                "Wikipedia, Soboleva modified hyperbolic tangent (after E. V. Soboleva).",
                "https://en.wikipedia.org/wiki/Soboleva_modified_hyperbolic_tangent",
            ),
        ),
        window=(-4.0, 4.0),
        summary="(e^{ax} − e^{−bx})/(e^{cx} + e^{−dx}); bounded when a ≤ c and b ≤ d. No "
        "canonical parameters exist: symact's default a = b = c = d = 1 is exactly tanh.",
    ),
    Spec(
        name="softsign",
        title="Softsign",
        expr=x / (1 + sp.Abs(x)),
        family="sigmoid-like",
        aliases=("soft_sign", "Softsign", "SoftSign"),
        frameworks=(
            FrameworkAPI(PYTORCH, ("torch.nn.Softsign", "torch.nn.functional.softsign")),
            FrameworkAPI(KERAS, ("keras.activations.softsign",)),
            FrameworkAPI(JAX, ("jax.nn.soft_sign",)),
        ),
        references=(
            Reference(
                "X. Glorot, Y. Bengio. Understanding the difficulty of training deep "
                "feedforward neural networks. AISTATS 2010.",
                "https://proceedings.mlr.press/v9/glorot10a.html",
            ),
        ),
        window=(-8.0, 8.0),
        summary="x/(1 + |x|): a sigmoid-shaped squashing onto (−1, 1) with polynomial, not "
        "exponential, tails.",
    ),
    # ---- ReLU-like ---------------------------------------------------------------------
    Spec(
        name="relu6",
        title="ReLU6",
        expr=_relu6_of(x),
        family="relu-like",
        aliases=("ReLU6",),
        frameworks=(
            FrameworkAPI(PYTORCH, ("torch.nn.ReLU6", "torch.nn.functional.relu6")),
            FrameworkAPI(KERAS, ("keras.activations.relu6",)),
            FrameworkAPI(JAX, ("jax.nn.relu6",)),
        ),
        references=(
            Reference(
                "A. Krizhevsky. Convolutional Deep Belief Networks on CIFAR-10. Technical "
                "report, University of Toronto, 2010.",
                "https://www.cs.toronto.edu/~kriz/conv-cifar10-aug2010.pdf",
            ),
        ),
        window=(-3.0, 9.0),
        summary="ReLU capped at 6, min(max(0, x), 6), for low-precision arithmetic.",
    ),
    Spec(
        name="rrelu",
        title="RReLU (evaluation mode)",
        expr=sp.Piecewise(((lower + upper) / 2 * x, x < 0), (x, True)),
        family="relu-like",
        params=(
            Param("lower", sp.Rational(1, 8), "lower end of the random slope's range"),
            Param("upper", sp.Rational(1, 3), "upper end of the random slope's range"),
        ),
        aliases=("RReLU", "randomized_relu", "randomised_relu"),
        frameworks=(
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.RReLU", "torch.nn.functional.rrelu"),
                "lower=1/8, upper=1/3; training: slope ~ U(lower, upper) per element, "
                "evaluation: slope (lower + upper)/2 (F.rrelu defaults to training=False)",
                keywords=(("lower", "lower"), ("upper", "upper")),
            ),
        ),
        references=(
            Reference(
                "B. Xu, N. Wang, T. Chen, M. Li. Empirical Evaluation of Rectified Activations "
                "in Convolutional Network. arXiv:1505.00853, 2015.",
                "https://arxiv.org/abs/1505.00853",
            ),
        ),
        summary="Leaky ReLU whose negative slope is drawn uniformly from [lower, upper] in "
        "training; defined here as the evaluation-mode function, slope (lower + upper)/2 "
        "= 11/48, the expectation of the random slope.",
    ),
    Spec(
        name="threshold",
        title="Threshold",
        expr=sp.Piecewise((x, x > threshold), (fill, True)),
        family="relu-like",
        params=(
            Param("threshold", sp.Integer(1), "inputs above it pass through"),
            Param("value", sp.Integer(0), "the output at and below the threshold"),
        ),
        aliases=("Threshold",),
        frameworks=(
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.Threshold", "torch.nn.functional.threshold"),
                "threshold and value are required (no defaults); x if x > threshold",
                keywords=(("threshold", "threshold"), ("value", "value")),
            ),
            FrameworkAPI(
                KERAS,
                ("keras.activations.threshold",),
                "threshold(x, threshold, default_value), both required",
            ),
        ),
        references=(Reference("PyTorch 2.13 documentation: torch.nn.Threshold.", _TORCH_DOCS),),
        window=(-2.0, 4.0),
        summary="x above the threshold, a constant value at and below it; neither framework "
        "has defaults, symact's (threshold 1, value 0) make the jump visible.",
    ),
    Spec(
        name="hard_shrink",
        title="Hard shrink",
        expr=sp.Piecewise((x, x > lam), (x, x < -lam), (0, True)),
        family="shrinkage",
        params=(_SHRINK_LAMBDA,),
        aliases=("Hardshrink", "hardshrink", "HardShrink"),
        frameworks=(
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.Hardshrink", "torch.nn.functional.hardshrink"),
                "lambd=0.5",
                keywords=(("lambd", "lambda"),),
            ),
            FrameworkAPI(KERAS, ("keras.activations.hard_shrink",), "threshold=0.5"),
        ),
        references=(
            Reference(
                "D. L. Donoho, I. M. Johnstone. Ideal spatial adaptation by wavelet shrinkage. "
                "Biometrika 81(3), 1994.",
                "https://doi.org/10.1093/biomet/81.3.425",
            ),
        ),
        window=(-2.0, 2.0),
        summary="Hard thresholding: x where |x| > λ, else 0 (λ = 0.5); jumps at ±λ.",
    ),
    Spec(
        name="soft_shrink",
        title="Soft shrink",
        expr=sp.Piecewise((x - lam, x > lam), (x + lam, x < -lam), (0, True)),
        family="shrinkage",
        params=(_SHRINK_LAMBDA,),
        aliases=("Softshrink", "softshrink", "SoftShrink"),
        frameworks=(
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.Softshrink", "torch.nn.functional.softshrink"),
                "lambd=0.5",
                keywords=(("lambd", "lambda"),),
            ),
            FrameworkAPI(KERAS, ("keras.activations.soft_shrink",), "threshold=0.5"),
        ),
        references=(
            Reference(
                "D. L. Donoho. De-noising by soft-thresholding. IEEE Transactions on "
                "Information Theory 41(3), 1995.",
                "https://doi.org/10.1109/18.382009",
            ),
        ),
        window=(-2.0, 2.0),
        summary="Soft thresholding: moves x towards 0 by λ = 0.5, and maps [−λ, λ] to 0.",
    ),
    Spec(
        name="tanh_shrink",
        title="Tanh shrink",
        expr=x - sp.tanh(x),
        family="shrinkage",
        aliases=("Tanhshrink", "tanhshrink", "TanhShrink"),
        frameworks=(
            FrameworkAPI(PYTORCH, ("torch.nn.Tanhshrink", "torch.nn.functional.tanhshrink")),
            FrameworkAPI(KERAS, ("keras.activations.tanh_shrink",)),
        ),
        references=(Reference("PyTorch 2.13 documentation: torch.nn.Tanhshrink.", _TORCH_DOCS),),
        summary="x − tanh(x): flat (cubic) near 0, x ∓ 1 in the tails.",
    ),
    # ---- smooth ReLU-like --------------------------------------------------------------
    Spec(
        name="celu",
        title="CELU",
        expr=sp.Piecewise((x, x > 0), (alpha * (sp.exp(x / alpha) - 1), True)),
        family="smooth relu-like",
        params=(Param("alpha", sp.Integer(1), "negative saturation value −α (α > 0)"),),
        aliases=("CELU",),
        frameworks=(
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.CELU", "torch.nn.functional.celu"),
                "alpha=1.0",
                keywords=(("alpha", "alpha"),),
            ),
            FrameworkAPI(KERAS, ("keras.activations.celu",), "alpha=1.0"),
            FrameworkAPI(JAX, ("jax.nn.celu",), "alpha=1.0"),
        ),
        references=(
            Reference(
                "J. T. Barron. Continuously Differentiable Exponential Linear Units. "
                "arXiv:1704.07483, 2017.",
                "https://arxiv.org/abs/1704.07483",
            ),
        ),
        summary="ELU rescaled, α(e^{x/α} − 1) below 0, so that it is C¹ for every α "
        "(equal to ELU at α = 1).",
    ),
    Spec(
        name="sparse_plus",
        title="Sparse plus",
        expr=sp.Piecewise((0, x <= -1), ((x + 1) ** 2 / 4, x < 1), (x, True)),
        family="smooth relu-like",
        aliases=("SparsePlus",),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.sparse_plus",)),
            FrameworkAPI(JAX, ("jax.nn.sparse_plus",)),
        ),
        references=(_BLONDEL,),
        window=(-3.0, 3.0),
        summary="0, then (x + 1)²/4 on (−1, 1), then x: a C¹ softplus with exact zeros.",
    ),
    Spec(
        name="squareplus",
        title="Squareplus",
        expr=(x + sp.sqrt(x**2 + square_b)) / 2,
        family="smooth relu-like",
        params=(Param("b", sp.Integer(4), "curvature near 0 (b > 0); b → 0 gives ReLU"),),
        aliases=("SquarePlus",),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.squareplus",), "b=4"),
            FrameworkAPI(JAX, ("jax.nn.squareplus",), "b=4"),
        ),
        references=(
            Reference(
                "J. T. Barron. Squareplus: A Softplus-Like Algebraic Rectifier. "
                "arXiv:2112.11687, 2021.",
                "https://arxiv.org/abs/2112.11687",
            ),
        ),
        window=(-6.0, 6.0),
        summary="(x + √(x² + b))/2: softplus's shape from square roots only.",
    ),
    Spec(
        name="hard_swish",
        title="Hard swish / hard SiLU",
        expr=x * _relu6_of(x + 3) / 6,
        family="smooth relu-like",
        aliases=("hard_silu", "Hardswish", "hardswish", "HardSwish", "HardSiLU"),
        frameworks=(
            FrameworkAPI(
                PYTORCH, ("torch.nn.Hardswish", "torch.nn.functional.hardswish"), "x·relu6(x + 3)/6"
            ),
            FrameworkAPI(KERAS, ("keras.activations.hard_silu", "keras.activations.hard_swish")),
            FrameworkAPI(JAX, ("jax.nn.hard_silu", "jax.nn.hard_swish")),
        ),
        references=(_HOWARD,),
        window=(-5.0, 4.0),
        summary="x · hard_sigmoid(x) = x·relu6(x + 3)/6: swish made piecewise quadratic.",
    ),
    Spec(
        name="mish",
        title="Mish",
        expr=x * sp.tanh(sp.log(1 + sp.exp(x))),
        family="smooth relu-like",
        aliases=("Mish",),
        frameworks=(
            FrameworkAPI(PYTORCH, ("torch.nn.Mish", "torch.nn.functional.mish")),
            FrameworkAPI(KERAS, ("keras.activations.mish",)),
            FrameworkAPI(JAX, ("jax.nn.mish",)),
        ),
        references=(
            Reference(
                "D. Misra. Mish: A Self Regularized Non-Monotonic Activation Function. "
                "BMVC 2020 (arXiv:1908.08681).",
                "https://arxiv.org/abs/1908.08681",
            ),
        ),
        window=(-6.0, 4.0),
        summary="x·tanh(softplus(x)): self-gated like swish, with a minimum ≈ −0.3088.",
    ),
    Spec(
        name="elish",
        title="ELiSH",
        expr=sp.Piecewise(((sp.exp(x) - 1) * sigmoid_of(x), x < 0), (x * sigmoid_of(x), True)),
        family="smooth relu-like",
        aliases=("ELiSH", "Elish"),
        references=(
            Reference(
                "M. Basirat, P. M. Roth. The Quest for the Golden Activation Function. "
                "arXiv:1808.00783, 2018.",
                "https://arxiv.org/abs/1808.00783",
            ),
        ),
        window=(-6.0, 4.0),
        summary="Exponential linear sigmoid squashing: (eˣ − 1)σ(x) below 0, x·σ(x) above.",
    ),
    Spec(
        name="repsu",
        title="Rectified parametric sigmoid unit",
        expr=2 * alpha * sp.Max(0, x - lam)
        + (1 - 2 * alpha)
        * sp.Piecewise(
            (
                (x - lam)
                / (
                    1
                    + sp.exp(-sp.sign(x - mu_shift) * (sp.Abs(x - mu_shift) / sigma_scale) ** beta)
                ),
                x >= lam,
            ),
            (0, True),
        ),
        family="relu-like",
        params=(
            Param("alpha", sp.Rational(1, 4), "mix of the rectified line and the gated part"),
            Param("lambda", sp.Integer(0), "threshold: f = 0 for x < λ"),
            Param("sigma", sp.Integer(1), "scale of the sigmoid gate (σ > 0)"),
            Param("mu", sp.Integer(0), "centre of the sigmoid gate"),
            Param("beta", sp.Integer(1), "power of the gate's argument (β > 0)"),
        ),
        aliases=("RePSU", "rectified_parametric_sigmoid"),
        references=(
            Reference(
                "Parametric Rectified Power Sigmoid Units: Learning Nonlinear Neural Transfer "
                "Analytical Forms. arXiv:2101.09948, 2021.",
                "https://arxiv.org/abs/2101.09948",
            ),
            _WIKIPEDIA,
        ),
        window=(-3.0, 3.0),
        summary="α(2(x − λ)₊ − g(x)) + (1 − α)g(x), g(x) = (x − λ)₊ / (1 + e^{−sgn(x−μ)"
        "(|x−μ|/σ)^β}). The rectified term is written (x − λ)₊ (not x·1{x ≥ λ}) so that f is "
        "continuous for every λ; the two agree at symact's default λ = 0.",
    ),
    # ---- other shapes ------------------------------------------------------------------
    Spec(
        name="gaussian",
        title="Gaussian",
        expr=sp.exp(-(x**2)),
        family="radial",
        aliases=("gauss", "Gaussian"),
        references=(_WIKIPEDIA,),
        window=(-3.0, 3.0),
        summary="The bell curve e^{−x²}: a radial-basis unit, even and bounded.",
    ),
    Spec(
        name="sinusoid",
        title="Sinusoid",
        expr=sp.sin(x),
        family="periodic",
        aliases=("sin", "sine", "siren"),
        references=(
            Reference(
                "V. Sitzmann, J. N. P. Martel, A. W. Bergman, D. B. Lindell, G. Wetzstein. "
                "Implicit Neural Representations with Periodic Activation Functions. "
                "NeurIPS 2020.",
                "https://arxiv.org/abs/2006.09661",
            ),
        ),
        window=(-7.0, 7.0),
        summary="sin(x): periodic, with infinitely many extrema.",
    ),
    Spec(
        name="sinc",
        title="Sinc",
        expr=sp.sinc(x),
        family="periodic",
        aliases=("Sinc",),
        references=(_WIKIPEDIA,),
        window=(-15.0, 15.0),
        summary="sin(x)/x, 1 at 0: decaying oscillations with a global minimum ≈ −0.2172.",
    ),
    Spec(
        name="exponential",
        title="Exponential",
        expr=sp.exp(x),
        family="exponential",
        aliases=("exp",),
        frameworks=(FrameworkAPI(KERAS, ("keras.activations.exponential",)),),
        references=(_WIKIPEDIA,),
        window=(-4.0, 2.0),
        summary="eˣ: positive, unbounded, its own derivative.",
    ),
)
"""The activations the frameworks ship beyond the first set, and Wikipedia's others."""


@dataclass(frozen=True)
class VectorSpec:
    """A vector activation (softmax and its kin): its formula is given for component i.

    Attributes:
        signature: Its domain and codomain, e.g. ``"ℝⁿ → ℝⁿ"`` or ``"ℝ²ⁿ → ℝⁿ"`` (GLU).
        range_set: The image, in words.
        elsewhere: API names outside Keras, PyTorch and JAX (``tf.nn.crelu``).
    """

    name: str
    title: str
    formula_latex: str
    family: str = "vector"
    aliases: tuple[str, ...] = ()
    frameworks: tuple[FrameworkAPI, ...] = ()
    references: tuple[Reference, ...] = ()
    summary: str = ""
    signature: str = "ℝⁿ → ℝⁿ"
    range_set: str = ""
    elsewhere: tuple[str, ...] = ()


CATALOG: tuple[Spec, ...] = _SCALAR + _FRAMEWORK_SET
"""Every scalar activation of the catalog, in display order."""

VECTOR_CATALOG: tuple[VectorSpec, ...] = (
    VectorSpec(
        name="softmax",
        title="Softmax",
        formula_latex=r"s_i(z) = \frac{e^{z_i}}{\sum_{j=1}^{n} e^{z_j}}",
        aliases=("Softmax", "softargmax"),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.softmax", "keras.layers.Softmax"), "axis=-1"),
            FrameworkAPI(
                PYTORCH, ("torch.nn.Softmax", "torch.nn.functional.softmax"), "dim must be given"
            ),
            FrameworkAPI(JAX, ("jax.nn.softmax",), "axis=-1"),
        ),
        references=(
            Reference(
                "J. S. Bridle. Probabilistic Interpretation of Feedforward Classification "
                "Network Outputs, with Relationships to Statistical Pattern Recognition. "
                "Neurocomputing, NATO ASI Series F68, 1990.",
                "https://doi.org/10.1007/978-3-642-76153-9_28",
            ),
        ),
        summary="Turns a vector of logits into a probability vector.",
        range_set="the open probability simplex {s ∈ ℝⁿ : sᵢ > 0, Σᵢ sᵢ = 1}",
    ),
    VectorSpec(
        name="log_softmax",
        title="Log-softmax",
        formula_latex=r"\ell_i(z) = z_i - \log \sum_{j=1}^{n} e^{z_j}",
        aliases=("LogSoftmax", "logsoftmax"),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.log_softmax",), "axis=-1"),
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.LogSoftmax", "torch.nn.functional.log_softmax"),
                "dim must be given",
            ),
            FrameworkAPI(JAX, ("jax.nn.log_softmax",), "axis=-1"),
        ),
        summary="The logarithm of softmax, computed stably: log-probabilities, all negative.",
        range_set="{l ∈ ℝⁿ : lᵢ < 0, Σᵢ exp(lᵢ) = 1} (the log of the open simplex)",
    ),
    VectorSpec(
        name="softmin",
        title="Softmin",
        formula_latex=r"m_i(z) = \frac{e^{-z_i}}{\sum_{j=1}^{n} e^{-z_j}}",
        aliases=("Softmin",),
        frameworks=(
            FrameworkAPI(
                PYTORCH, ("torch.nn.Softmin", "torch.nn.functional.softmin"), "dim must be given"
            ),
        ),
        summary="Softmax of the negated input: the smallest entry gets the largest weight.",
        range_set="the open probability simplex {m ∈ ℝⁿ : mᵢ > 0, Σᵢ mᵢ = 1}",
    ),
    VectorSpec(
        name="sparsemax",
        title="Sparsemax",
        formula_latex=(
            r"p_i(z) = \max(z_i - \tau(z), 0), \quad "
            r"\textstyle\sum_i \max(z_i - \tau(z), 0) = 1"
        ),
        aliases=("Sparsemax",),
        frameworks=(FrameworkAPI(KERAS, ("keras.activations.sparsemax",), "axis=-1"),),
        references=(
            Reference(
                "A. F. T. Martins, R. F. Astudillo. From Softmax to Sparsemax: A Sparse Model "
                "of Attention and Multi-Label Classification. ICML 2016.",
                "https://arxiv.org/abs/1602.02068",
            ),
        ),
        summary="The Euclidean projection of the logits onto the simplex: exact zeros.",
        range_set="the closed probability simplex {p ∈ ℝⁿ : pᵢ ≥ 0, Σᵢ pᵢ = 1}",
    ),
    VectorSpec(
        name="glu",
        title="GLU",
        formula_latex=r"\operatorname{GLU}(a, b)_i = a_i \, \sigma(b_i)",
        aliases=("GLU", "gated_linear_unit"),
        frameworks=(
            FrameworkAPI(KERAS, ("keras.activations.glu",), "axis=-1: first half times σ(second)"),
            FrameworkAPI(
                PYTORCH,
                ("torch.nn.GLU", "torch.nn.functional.glu"),
                "dim=-1: first half times σ(second half)",
            ),
            FrameworkAPI(JAX, ("jax.nn.glu",), "axis=-1: first half times σ(second half)"),
        ),
        references=(
            Reference(
                "Y. N. Dauphin, A. Fan, M. Auli, D. Grangier. Language Modeling with Gated "
                "Convolutional Networks. ICML 2017.",
                "https://arxiv.org/abs/1612.08083",
            ),
        ),
        summary="The first half of the input, gated by the sigmoid of the second half.",
        signature="ℝ²ⁿ → ℝⁿ",
        range_set="ℝⁿ (every component takes every real value)",
    ),
    VectorSpec(
        name="maxout",
        title="Maxout",
        formula_latex=r"h(x) = \max_{j=1}^{k} \left(w_j^\top x + b_j\right)",
        aliases=("Maxout",),
        references=(
            Reference(
                "I. J. Goodfellow, D. Warde-Farley, M. Mirza, A. Courville, Y. Bengio. "
                "Maxout Networks. ICML 2013.",
                "https://arxiv.org/abs/1302.4389",
            ),
        ),
        summary="The largest of k affine pieces: a learned convex piecewise-linear unit.",
        signature="ℝᵏ → ℝ (k affine pieces of the input)",
        range_set="ℝ (a convex piecewise-linear function of the input)",
    ),
    VectorSpec(
        name="crelu",
        title="CReLU",
        formula_latex=(
            r"\operatorname{CReLU}(x) = [\operatorname{relu}(x), \operatorname{relu}(-x)]"
        ),
        aliases=("CReLU", "concatenated_relu"),
        references=(
            Reference(
                "W. Shang, K. Sohn, D. Almeida, H. Lee. Understanding and Improving "
                "Convolutional Neural Networks via Concatenated Rectified Linear Units. "
                "ICML 2016.",
                "https://arxiv.org/abs/1603.05201",
            ),
        ),
        summary="ReLU of the input and of its negation, concatenated: doubles the width.",
        signature="ℝⁿ → ℝ²ⁿ",
        range_set="{(p, q) ∈ [0, ∞)ⁿ × [0, ∞)ⁿ : pᵢ qᵢ = 0}",
        elsewhere=("tf.nn.crelu",),
    ),
)
"""The vector activations, each analysed by its module (see `symact.vectors`)."""
