"""The public API: names, look-up by alias and case, parameter validation, user definitions."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from conftest import mish_reference, to_mpf

import symact

x = symact.x

CANONICAL = [
    "identity",
    "binary_step",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "prelu",
    "softplus",
    "elu",
    "selu",
    "swish",
    "gelu",
    "gelu_tanh",
    # the framework set (issue 5)
    "hard_sigmoid",
    "hard_sigmoid_tf2",
    "sparse_sigmoid",
    "log_sigmoid",
    "hard_tanh",
    "soboleva_tanh",
    "softsign",
    "relu6",
    "rrelu",
    "threshold",
    "hard_shrink",
    "soft_shrink",
    "tanh_shrink",
    "celu",
    "sparse_plus",
    "squareplus",
    "hard_swish",
    "mish",
    "elish",
    "repsu",
    "gaussian",
    "sinusoid",
    "sinc",
    "exponential",
]

# Framework spellings (PyTorch / Keras / JAX class and function names) and common synonyms.
ALIASES = [
    ("SiLU", "swish"),
    ("silu", "swish"),
    ("Swish", "swish"),
    ("logistic", "sigmoid"),
    ("expit", "sigmoid"),
    ("Sigmoid", "sigmoid"),
    ("ReLU", "relu"),
    ("rectifier", "relu"),
    ("heaviside", "binary_step"),
    ("Heaviside", "binary_step"),
    ("step", "binary_step"),
    ("linear", "identity"),
    ("Identity", "identity"),
    ("LeakyReLU", "leaky_relu"),
    ("lrelu", "leaky_relu"),
    ("PReLU", "prelu"),
    ("parametric_relu", "prelu"),
    ("ELU", "elu"),
    ("SELU", "selu"),
    ("GELU", "gelu"),
    ("gelu_exact", "gelu"),
    ("gelu_approximate", "gelu_tanh"),
    ("approximate_gelu", "gelu_tanh"),
    ("Tanh", "tanh"),
    ("Softplus", "softplus"),
    ("SoftPlus", "softplus"),
]


def test_names_lists_the_catalog():
    """names() returns the canonical names in catalog order (the first set first), each
    resolvable by get()."""
    assert symact.names() == CANONICAL
    for name in CANONICAL:
        assert symact.get(name).name == name


@pytest.mark.parametrize(("alias", "canonical"), ALIASES)
def test_get_accepts_aliases(alias, canonical):
    """get() resolves framework spellings and synonyms to the canonical activation."""
    assert symact.get(alias).name == canonical


@pytest.mark.parametrize("name", CANONICAL)
def test_get_is_case_insensitive(name):
    """get() ignores case: upper, title and swapped case give the same activation."""
    for spelling in (name.upper(), name.title(), name.swapcase()):
        activation = symact.get(spelling)
        assert activation.name == name
        assert activation.function == symact.get(name).function


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("relux", "relu"), ("sigmod", "sigmoid"), ("gelu_tan", "gelu_tanh"), ("swishh", "swish")],
)
def test_unknown_name_suggests_close_names(typo, suggestion):
    """An unknown name raises UnknownActivation (a KeyError) whose message lists close names."""
    with pytest.raises(symact.UnknownActivation) as caught:
        symact.get(typo)
    assert isinstance(caught.value, KeyError)
    message = str(caught.value)
    assert typo in message
    assert suggestion in message


def test_unknown_name_without_close_match():
    """A name far from every activation still raises, pointing to symact.names()."""
    with pytest.raises(symact.UnknownActivation) as caught:
        symact.get("qwertyuiop")
    assert "qwertyuiop" in str(caught.value)
    assert "names()" in str(caught.value)


def test_bad_parameter_type_is_rejected():
    """A non-numeric parameter value raises InvalidDefinition naming the parameter and value."""
    with pytest.raises(symact.InvalidDefinition) as caught:
        symact.get("elu", alpha="abc")
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert "alpha" in message and "abc" in message


def test_unknown_parameter_is_rejected():
    """An unknown parameter raises InvalidDefinition naming it and the valid ones."""
    with pytest.raises(symact.InvalidDefinition) as caught:
        symact.get("elu", beta=1)
    message = str(caught.value)
    assert "beta" in message and "alpha" in message


@pytest.mark.parametrize("value", [True, float("inf"), float("nan"), sp.I, None, [1]])
def test_non_finite_or_non_real_parameters_are_rejected(value):
    """Booleans, infinities, NaN, complex numbers and non-numbers are not parameter values."""
    with pytest.raises(symact.InvalidDefinition) as caught:
        symact.get("elu", alpha=value)
    assert "alpha" in str(caught.value)


def test_float_parameters_are_exact():
    """get("leaky_relu", alpha=0.2) uses exactly 1/5, and does not change the default 1/100."""
    custom = symact.get("leaky_relu", alpha=0.2)
    assert custom.function.subs(x, -1) == sp.Rational(-1, 5)
    assert custom.param_values() == {"alpha": sp.Rational(1, 5)}
    assert symact.get("leaky_relu").function.subs(x, -1) == sp.Rational(-1, 100)


def test_define_with_two_variables_is_rejected():
    """define() of an expression in x and another free symbol raises InvalidDefinition naming it."""
    y = sp.Symbol("y")
    with pytest.raises(symact.InvalidDefinition) as caught:
        symact.define("two_vars", x * y)
    assert "y" in str(caught.value)


def test_define_with_a_parameter_default_is_accepted():
    """A second symbol is allowed when it is a parameter with a default value."""
    a = sp.Symbol("a")
    activation = symact.define("scaled_tanh", a * sp.tanh(x), params={"a": 2})
    assert activation.function.free_symbols == {x}
    assert sp.simplify(activation.function - 2 * sp.tanh(x)) == 0


@pytest.mark.parametrize(
    "expr",
    [sp.sqrt(x), sp.log(x), sp.sqrt(sp.Symbol("x")), sp.log(sp.Symbol("x")), sp.asin(x), 1 / x],
    ids=["sqrt", "log", "sqrt_plain_symbol", "log_plain_symbol", "asin", "reciprocal"],
)
def test_define_of_non_real_expression_is_rejected(expr):
    """define() of an expression that is not real and finite on ℝ raises InvalidDefinition."""
    with pytest.raises(symact.InvalidDefinition):
        symact.define("bad", expr)


def test_define_of_non_expression_or_constant_is_rejected():
    """define() needs a SymPy expression (or a formula, see test_parse.py) that depends on x."""
    with pytest.raises(symact.InvalidDefinition):
        symact.define("list", ["x**2"])
    with pytest.raises(symact.InvalidDefinition):
        symact.define("constant", sp.Integer(3))


def test_define_accepts_a_plain_symbol_named_x():
    """A user's own Symbol("x") (without real=True) is taken as the input variable."""
    t = sp.Symbol("x")
    activation = symact.define("square_plus", t**2 + t)
    assert activation.function.free_symbols == {x}
    assert activation.function.subs(x, 3) == 12


@pytest.fixture(scope="module")
def mish(symact_cache_dir):
    """Mish, x·tanh(softplus(x)) (Misra 2019, arXiv:1908.08681), as a user definition."""
    return symact.define("mish", x * sp.tanh(sp.log(1 + sp.exp(x))))


def test_user_mish_matches_its_definition(mish):
    """The user-defined Mish evaluates like an independent mpmath Mish to 40 digits."""
    with mpmath.workdps(60):
        for k in range(-40, 41):
            point = sp.Rational(k, 4)
            got = to_mpf(mish.function.subs(x, point))
            want = mish_reference(mpmath.mpf(k) / 4)
            assert abs(got - want) <= mpmath.mpf("1e-40") * max(1, abs(want))


def test_user_mish_analyzes(mish):
    """A user-defined Mish analyses: f(0) = 0 and f′(0) = tanh(log 2) = 3/5."""
    result = mish.analyze()
    assert result.f0.status == "exact" and result.f0.value == 0
    assert result.df0.status == "exact"
    assert sp.simplify(result.df0.value - sp.Rational(3, 5)) == 0
    assert result.continuity.value.k == sp.oo


@pytest.mark.parametrize("name", ["relu", "elu", "sigmoid", "swish", "binary_step"])
def test_the_two_parts_of_an_analysis_merge_to_the_whole(name):
    """`analyze_all` runs the shape and the moment steps in different processes; joined,
    they are the analysis one run gives, property by property."""
    from symact.analysis import PARTS, analyze_uncached, merge_parts

    activation = symact.get(name)
    whole = analyze_uncached(activation)
    shape, moments = (analyze_uncached(activation, part=part) for part in PARTS)
    assert merge_parts(shape, moments).properties() == whole.properties()
    skipped = [d for d in shape.properties().values() if "other part" in (d.reason or "")]
    assert skipped, "the shape part skipped no step: the split did nothing"


def test_analyze_all_in_parts_matches_one_process(tmp_path, monkeypatch):
    from symact.analysis import analyze_all

    monkeypatch.setenv("SYMACT_CACHE_DIR", str(tmp_path))
    activations = [symact.get(n) for n in ("relu", "sigmoid", "elu")]
    spread = analyze_all(activations, processes=2)
    monkeypatch.setenv("SYMACT_CACHE_DIR", "off")
    alone = analyze_all(activations, processes=1)
    assert [a.properties() for a in spread] == [a.properties() for a in alone]
