"""The scalar activations the frameworks ship beyond the first set, and Wikipedia's
others (`_FRAMEWORK_SET`), one `Spec` each (see `symact.catalog`)."""

from __future__ import annotations

import sympy as sp

from .catalog_records import JAX, KERAS, PYTORCH, FrameworkAPI, Param, Reference, Spec
from .catalog_scalar import (
    alpha,
    beta,
    fill,
    lam,
    lower,
    max_val,
    min_val,
    mu_shift,
    sigma_scale,
    sigmoid_of,
    smht_a,
    smht_b,
    smht_c,
    smht_d,
    square_b,
    threshold,
    upper,
)
from .symbols import x

_half = sp.Rational(1, 2)


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
