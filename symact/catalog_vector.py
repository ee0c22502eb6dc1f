"""The vector activations of the catalog (`symact.catalog`), one `VectorSpec` each."""

from __future__ import annotations

from .catalog_records import JAX, KERAS, PYTORCH, FrameworkAPI, Reference, VectorSpec

_VECTOR: tuple[VectorSpec, ...] = (
    VectorSpec(
        name="softmax",
        analyser="symact.softmax:analyze_softmax",
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
        analyser="symact.log_softmax:analyze_log_softmax",
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
        analyser="symact.softmin:analyze_softmin",
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
        analyser="symact.sparsemax:analyze_sparsemax",
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
        analyser="symact.glu:analyze_glu",
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
        analyser="symact.maxout:analyze_maxout",
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
        analyser="symact.crelu:analyze_crelu",
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
"""The vector activations (see `symact.catalog.VECTOR_CATALOG`)."""
