"""The first set of scalar activations of the catalog (`symact.catalog`), one `Spec` each
(`_SCALAR`), with the parameter symbols and exact constants the definitions use; the
rest are in `symact.catalog_extended`."""

from __future__ import annotations

import sympy as sp

from .catalog_records import JAX, KERAS, PYTORCH, FrameworkAPI, Param, Reference, Spec, TorchGain
from .symbols import x


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
