"""The catalog as data, and the framework set's derived properties against the literature.

The first part checks the records themselves: every framework spelling resolves through
`symact.get`, every number in a definition is exact. The second part checks what the
engine derives for the activations of issue 5 against values from the papers or computed
here independently (mpmath root finding at 40 digits, values derived by hand); the
generic property-by-property checks on a dense grid run for every catalog entry in
``test_analysis_numeric.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import mpmath
import pytest
import sympy as sp
from conftest import mish_reference, reference, require, to_mpf

import symact
from symact.catalog import CATALOG, FRAMEWORKS, VECTOR_CATALOG

x = symact.x

# --------------------------------------------------------------------------------------
# The records.
# --------------------------------------------------------------------------------------

# Framework spellings (PyTorch classes and functions, Keras 3 and jax.nn functions).
SPELLINGS = {
    "Hardsigmoid": "hard_sigmoid",
    "hardsigmoid": "hard_sigmoid",
    "hard_sigmoid": "hard_sigmoid",
    "LogSigmoid": "log_sigmoid",
    "logsigmoid": "log_sigmoid",
    "log_sigmoid": "log_sigmoid",
    "soft_sign": "softsign",
    "softsign": "softsign",
    "Softsign": "softsign",
    "ReLU6": "relu6",
    "relu6": "relu6",
    "Hardtanh": "hard_tanh",
    "hardtanh": "hard_tanh",
    "hard_tanh": "hard_tanh",
    "Hardswish": "hard_swish",
    "hardswish": "hard_swish",
    "hard_swish": "hard_swish",
    "hard_silu": "hard_swish",
    "SiLU": "swish",
    "Mish": "mish",
    "CELU": "celu",
    "Hardshrink": "hard_shrink",
    "hardshrink": "hard_shrink",
    "hard_shrink": "hard_shrink",
    "Softshrink": "soft_shrink",
    "softshrink": "soft_shrink",
    "soft_shrink": "soft_shrink",
    "Tanhshrink": "tanh_shrink",
    "tanhshrink": "tanh_shrink",
    "tanh_shrink": "tanh_shrink",
    "Threshold": "threshold",
    "RReLU": "rrelu",
    "rrelu": "rrelu",
    "sparse_plus": "sparse_plus",
    "sparse_sigmoid": "sparse_sigmoid",
    "squareplus": "squareplus",
    "exponential": "exponential",
    "hard_sigmoid_tf2": "hard_sigmoid_tf2",
}


@pytest.mark.parametrize(("spelling", "canonical"), sorted(SPELLINGS.items()))
def test_framework_spellings_resolve(spelling, canonical):
    """Each framework's spelling of a name resolves through symact.get."""
    assert symact.get(spelling).name == canonical


def _api_names():
    for spec in CATALOG:
        for api in spec.frameworks:
            for dotted in api.names:
                yield spec, api, dotted


@pytest.mark.parametrize(
    ("spec", "dotted"),
    [(spec, dotted) for spec, _, dotted in _api_names()],
    ids=[dotted for _, _, dotted in _api_names()],
)
def test_every_framework_api_name_resolves(spec, dotted):
    """The last component of every listed API name resolves through symact.get to an
    activation shipped under that name (``gelu`` serves the exact and the tanh forms, and
    ``hard_sigmoid`` two definitions: either is a right answer)."""
    short = dotted.rsplit(".", 1)[-1]
    shipping = {
        other.name
        for other, _, name in _api_names()
        if name.rsplit(".", 1)[-1].lower() == short.lower()
    }
    assert spec.name in shipping
    assert symact.get(short).name in shipping, (dotted, shipping)


def test_frameworks_are_known():
    """Every framework API record names one of the three frameworks."""
    assert {api.framework for _, api, _ in _api_names()} <= set(FRAMEWORKS)


@pytest.mark.parametrize("spec", CATALOG, ids=[s.name for s in CATALOG])
def test_definitions_use_exact_numbers(spec):
    """No float in a definition, a default or a framework default (0.2 must be 1/5)."""
    assert not spec.expr.atoms(sp.Float), spec.expr
    for param in spec.params:
        assert not sp.sympify(param.default).atoms(sp.Float), param
        for value in param.framework_defaults.values():
            assert not sp.sympify(value).atoms(sp.Float), param


def test_names_and_aliases_are_unique():
    """No two activations share a name or an alias (case-insensitive)."""
    seen: dict[str, str] = {}
    for spec in CATALOG:
        for key in {spec.name.lower(), *(a.lower() for a in spec.aliases)}:
            assert key not in seen, (key, spec.name, seen.get(key))
            seen[key] = spec.name


def test_two_hard_sigmoids_are_distinguished():
    """PyTorch/JAX/Keras 3's x/6 + 1/2 and tf.keras 2's 0.2x + 0.5 are separate entries."""
    new, old = symact.get("hard_sigmoid"), symact.get("hard_sigmoid_tf2")
    assert new.spec.title != old.spec.title
    assert new.function.subs(x, 2) == sp.Rational(5, 6)
    assert old.function.subs(x, 2) == sp.Rational(9, 10)
    assert any("tf.keras" in n for api in old.spec.frameworks for n in api.names)


def test_rrelu_is_the_evaluation_mode_expectation():
    """RReLU's slope is (lower + upper)/2 with torch's 1/8, 1/3, and the random training
    mode is said."""
    rrelu = symact.get("rrelu")
    assert rrelu.function.subs(x, -48) == -11
    assert "training" in rrelu.spec.summary and "random" in rrelu.spec.summary


def test_torch_defaults_of_hardtanh_and_shrinks():
    """hardtanh clips to [−1, 1]; the shrinks use λ = 1/2 (torch's lambd=0.5)."""
    assert symact.get("Hardtanh").function.subs(x, 5) == 1
    assert symact.get("Hardtanh").function.subs(x, -5) == -1
    assert symact.get("Softshrink").function.subs(x, 2) == sp.Rational(3, 2)
    assert symact.get("Hardshrink").function.subs(x, sp.Rational(1, 2)) == 0


# --------------------------------------------------------------------------------------
# Derived properties against the literature and independent computations.
# --------------------------------------------------------------------------------------


def _range(analysis, name, **params):
    return require(analysis(name, **params), "range").value


def _close(value, truth, bound=0.0, tol="1e-25"):
    with mpmath.workdps(50):
        return abs(to_mpf(value) - truth) <= mpmath.mpf(bound) + mpmath.mpf(tol)


def test_mish_minimum(analysis):
    """Mish's minimum ≈ −0.30884 at x ≈ −1.1924 (Misra 2019), certified, and equal to an
    independent root of mish′ found by mpmath."""
    image = _range(analysis, "mish")
    with mpmath.workdps(40):
        argmin = mpmath.findroot(lambda t: mpmath.diff(mish_reference, t), mpmath.mpf("-1.2"))
        minimum = mish_reference(argmin)
    assert image.lower.closed and image.lower.status == "numeric"
    assert _close(image.lower.value, minimum, image.lower.bound)
    assert abs(float(image.lower.value) + 0.30884) < 1e-5
    assert image.upper.value == sp.oo and not image.upper.closed


def test_squareplus_range_and_gradient(analysis):
    """Squareplus (b = 4): range (0, ∞), f(0) = √b/2 = 1, gradient in (0, 1), sup 1 not
    attained (Barron 2021)."""
    result = analysis("squareplus")
    image = require(result, "range").value
    assert (image.lower.value, image.lower.closed) == (0, False)
    assert (image.upper.value, image.upper.closed) == (sp.oo, False)
    assert require(result, "f0").value == 1
    gradient = require(result, "gradient_range").value
    assert gradient.set == sp.Interval.open(0, 1)
    assert require(result, "max_gradient").value.attained is False


def test_softsign(analysis):
    """softsign: range (−1, 1), max gradient 1 at 0, C¹ (f″ = ∓2 at 0±)."""
    result = analysis("softsign")
    assert require(result, "range").value.set == sp.Interval.open(-1, 1)
    top = require(result, "max_gradient").value
    assert (top.value, top.attained, top.where) == (1, True, (0,))
    assert require(result, "continuity").value.k == 1


def test_log_sigmoid(analysis):
    """log σ: range (−∞, 0), f(0) = −log 2, gradient σ(−x) in (0, 1), sup 1 at −∞."""
    result = analysis("log_sigmoid")
    assert require(result, "range").value.set == sp.Interval.open(-sp.oo, 0)
    assert sp.simplify(require(result, "f0").value + sp.log(2)) == 0
    assert require(result, "gradient_range").value.set == sp.Interval.open(0, 1)
    top = require(result, "max_gradient").value
    assert (top.value, top.attained) == (1, False)


@pytest.mark.parametrize(
    ("name", "slope", "edge"),
    [("hard_sigmoid", sp.Rational(1, 6), 3), ("hard_sigmoid_tf2", sp.Rational(1, 5), 2.5)],
)
def test_hard_sigmoids(name, slope, edge, analysis):
    """Hard sigmoid: range [0, 1]; max gradient its slope (1/6 or 1/5), attained on the
    open ramp (−3, 3) or (−2.5, 2.5); kinks at the ramp's ends."""
    result = analysis(name)
    assert require(result, "range").value.set == sp.Interval(0, 1)
    top = require(result, "max_gradient").value
    edge = sp.nsimplify(edge)
    assert (top.value, top.attained, top.where) == (slope, True, (sp.Interval.open(-edge, edge),))
    assert [k.at for k in require(result, "kinks").value] == [-edge, edge]


def test_relu6(analysis):
    """ReLU6: range [0, 6], both ends attained; kinks at 0 and 6 (0 → 1, 1 → 0)."""
    result = analysis("relu6")
    image = require(result, "range").value
    assert image.set == sp.Interval(0, 6) and image.lower.closed and image.upper.closed
    kinks = [(k.at, k.left, k.right) for k in require(result, "kinks").value]
    assert kinks == [(0, 0, 1), (6, 1, 0)]


def test_sine_range(analysis):
    """sin: range [−1, 1], attained on the orbits π/2 + 2πℤ and 3π/2 + 2πℤ."""
    result = analysis("sinusoid")
    image = require(result, "range").value
    assert image.set == sp.Interval(-1, 1)
    assert image.lower.closed and image.upper.closed
    (low,) = image.lower.where
    assert low.contains(-sp.pi / 2) == sp.true and low.contains(sp.pi / 2) == sp.false
    assert require(result, "max_gradient").value.value == 1


def _sinc_minimum():
    """The first positive root of sinc′, tan x = x, and sinc there (mpmath, 40 digits)."""
    with mpmath.workdps(40):
        root = mpmath.findroot(lambda t: mpmath.tan(t) - t, mpmath.mpf("4.49"))
        return root, mpmath.sin(root) / root


def test_sinc_minimum(analysis):
    """sinc: global minimum ≈ −0.2172336282 at ±4.4934094579 (tan x = x, the first critical
    points off 0; the later minima are shallower, |sinc| ≤ 1/|x|) and maximum 1 at 0."""
    root, minimum = _sinc_minimum()
    assert abs(root - mpmath.mpf("4.4934094579")) < 1e-10
    assert abs(minimum + mpmath.mpf("0.2172336282")) < 1e-10
    image = require(analysis("sinc"), "range").value
    assert _close(image.lower.value, minimum, image.lower.bound)
    assert image.lower.closed
    assert image.upper.value == 1 and image.upper.closed
    where = sorted(float(to_mpf(w)) for w in image.lower.where)
    assert where == pytest.approx([-float(root), float(root)], abs=1e-12)


def test_elish_minimum(analysis):
    """ELiSH: minimum 2√2 − 3 at x = log(√2 − 1) (y = eˣ solves y² + 2y − 1 = 0, by hand)."""
    result = analysis("elish")
    image = require(result, "range").value
    assert sp.simplify(image.lower.value - (2 * sp.sqrt(2) - 3)) == 0
    assert sp.simplify(require(result, "argmin").value - sp.log(sp.sqrt(2) - 1)) == 0
    assert require(result, "continuity").value.k == 1


def test_hard_swish_minimum_and_gradient(analysis):
    """Hard swish: minimum −3/8 at −3/2 (x(x + 3)/6, by hand); f′ ∈ (−1/2, 3/2), the sup
    3/2 approached at the kink x = 3."""
    result = analysis("hard_swish")
    assert require(result, "range").value.lower.value == sp.Rational(-3, 8)
    assert require(result, "argmin").value == sp.Rational(-3, 2)
    assert require(result, "gradient_range").value.set == sp.Interval.open(
        sp.Rational(-1, 2), sp.Rational(3, 2)
    )
    top = require(result, "max_gradient").value
    assert (top.value, top.attained, top.where) == (sp.Rational(3, 2), False, (3,))


def test_gaussian_bump(analysis):
    """e^{−x²}: range (0, 1]; max |f′| = √(2/e) at ∓1/√2; E[f(Z)] = 1/√3; even."""
    result = analysis("gaussian")
    assert require(result, "range").value.set == sp.Interval.Lopen(0, 1)
    top = require(result, "max_gradient").value
    assert sp.simplify(top.value - sp.sqrt(2 / sp.E)) == 0
    assert sp.simplify(require(result, "gaussian_mean").value - 1 / sp.sqrt(3)) == 0


def test_tanh_shrink_gradient(analysis):
    """x − tanh x: f′ = tanh² x ∈ [0, 1), 0 only at the origin."""
    result = analysis("tanh_shrink")
    assert require(result, "gradient_range").value.set == sp.Interval.Ropen(0, 1)
    assert require(result, "df0").value == 0


def test_rrelu_kink(analysis):
    """RReLU (evaluation): one-sided slopes 11/48 and 1 at 0."""
    (kink,) = require(analysis("rrelu"), "kinks").value
    assert (kink.at, kink.left, kink.right) == (0, sp.Rational(11, 48), 1)


def test_threshold_range_and_jump(analysis):
    """Threshold (1, 0): range {0} ∪ (1, ∞), discontinuous, dead below the threshold."""
    result = analysis("threshold")
    image = require(result, "range").value
    assert image.set == sp.Union(sp.FiniteSet(0), sp.Interval.open(1, sp.oo))
    assert require(result, "continuity").value.k == -1
    assert require(result, "dead_set").value == sp.Interval.open(-sp.oo, 1)


@pytest.mark.parametrize(("name", "k"), [("soft_shrink", 0), ("hard_shrink", -1)])
def test_shrinks(name, k, analysis):
    """Soft and hard shrink are dead on (−λ, λ) = (−1/2, 1/2); C⁰ and discontinuous."""
    result = analysis(name)
    assert require(result, "dead_set").value == sp.Interval.open(
        sp.Rational(-1, 2), sp.Rational(1, 2)
    )
    assert require(result, "continuity").value.k == k


def test_celu_alpha_one_is_elu_and_c1_for_every_alpha(analysis):
    """CELU(α = 1) = ELU(α = 1); CELU stays C¹ at α = 2, where ELU is only C⁰ (Barron 2017)."""
    assert sp.simplify(symact.get("celu").function - symact.get("elu").function) == 0
    assert require(analysis("celu", alpha=2), "continuity").value.k == 1
    assert require(analysis("elu", alpha=2), "continuity").value.k == 0


def test_sparse_plus_derivative_is_sparse_sigmoid(analysis):
    """sparse_plus′ = sparse_sigmoid away from ±1 (Blondel et al. 2020), by evaluation."""
    derivative = require(analysis("sparse_plus"), "derivative").value
    sigmoid = reference("sparse_sigmoid")
    for k in range(-20, 21):
        t = sp.Rational(k, 7)
        if abs(t) == 1:
            continue
        with mpmath.workdps(50):
            assert _close(derivative.subs(x, t), sigmoid(mpmath.mpf(k) / 7))


def test_repsu_max_gradient(analysis):
    """RePSU at its defaults is x/2 + x·σ(x)/2 for x ≥ 0: sup f′ = (1 + max SiLU′)/2,
    SiLU′ being largest where SiLU″ = σ′(x)(2 + x(1 − 2σ(x))) = 0 (by hand)."""
    top = require(analysis("repsu"), "max_gradient")
    with mpmath.workdps(40):

        def sig(t):
            return 1 / (1 + mpmath.exp(-t))

        point = mpmath.findroot(lambda t: 2 + t * (1 - 2 * sig(t)), mpmath.mpf("2.4"))
        silu_slope = sig(point) + point * sig(point) * (1 - sig(point))
        assert _close(top.value.value, (1 + silu_slope) / 2, top.bound)


def test_exponential(analysis):
    """eˣ: range (0, ∞), gradient unbounded, E[e^Z] = √e."""
    result = analysis("exponential")
    assert require(result, "range").value.set == sp.Interval.open(0, sp.oo)
    assert require(result, "max_gradient").value.value == sp.oo
    mean = require(result, "gaussian_mean")
    with mpmath.workdps(50):
        assert _close(mean.value, mpmath.sqrt(mpmath.e), mean.bound or 0, "1e-20")


def test_soboleva_default_is_tanh(analysis):
    """Soboleva's modified tanh with a = b = c = d = 1 is tanh: range (−1, 1), f′(0) = 1."""
    f = symact.get("soboleva_tanh").function
    assert sp.simplify((f - sp.tanh(x)).rewrite(sp.exp)) == 0
    result = analysis("soboleva_tanh")
    assert require(result, "range").value.set == sp.Interval.open(-1, 1)
    assert require(result, "max_gradient").value.value == 1


def _activation_names_in(node: ast.AST, names: set[str]) -> list[str]:
    """The catalog names that ``node`` compares a value with, or that are all the keys
    of a dict literal or all the items of a tuple, list or set literal of two or more."""
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        operands += [
            e for o in operands if isinstance(o, ast.Tuple | ast.List | ast.Set) for e in o.elts
        ]
        return [o.value for o in operands if isinstance(o, ast.Constant) and o.value in names]
    items = node.keys if isinstance(node, ast.Dict) else []
    items = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else items
    values = [i.value if isinstance(i, ast.Constant) else None for i in items]
    every = len(values) >= (1 if isinstance(node, ast.Dict) else 2) and all(
        isinstance(v, str) and v in names for v in values
    )
    return values if every else []


SECOND_LISTS_ALLOWED = {
    "identities.py": "each relation names the activations it relates, read from the catalog",
}
"""Modules whose activation names are not a second list, and why."""


def test_no_module_keeps_a_second_list_of_activations():
    """Outside the catalog, no module compares with, keys by or lists activation names:
    what differs between activations is a field of their catalog record."""
    names = {spec.name for spec in CATALOG + VECTOR_CATALOG}
    package = Path(symact.__file__).parent
    found = {}
    for path in sorted(package.rglob("*.py")):
        if path.stem.split("_")[0] == "catalog" or path.name in SECOND_LISTS_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if hits := _activation_names_in(node, names):
                found.setdefault(str(path.relative_to(package)), []).extend(hits)
    assert found == {}
