"""The vector activations (symact.vectors and one module each): every derived claim checked
by an independent method -- NumPy references written from the papers, finite differences,
and PyTorch's own functions and autograd."""

import dataclasses
import json
from typing import get_type_hints

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import symact
from symact import cache, cli, vectors
from symact.budget import DEFAULT_STEP_SECONDS
from symact.catalog import VECTOR_CATALOG
from symact.crelu import crelu
from symact.export import vector_entry
from symact.glu import glu
from symact.log_softmax import log_softmax
from symact.maxout import maxout
from symact.provenance import Derived
from symact.site.overview import overview_page
from symact.softmin import softmin
from symact.sparsemax import regions, sparsemax
from symact.vector_claims import logits

NEW = ["log_softmax", "softmin", "sparsemax", "glu", "maxout", "crelu"]
SOFTMAX_KEYS = {
    "name",
    "title",
    "kind",
    "aliases",
    "family",
    "params",
    "frameworks",
    "references",
    "latex",
    "range",
    "sums_to_one",
    "open_simplex",
    "shift_invariant",
    "jacobian",
    "two_class_sigmoid",
    "identities",
}
"""The keys softmax's export entry had before the other vector activations came."""

finite = st.floats(-8, 8, allow_nan=False, allow_infinity=False)


def real_vectors(n: int):
    """Hypothesis: real vectors of length n as NumPy arrays."""
    return st.lists(finite, min_size=n, max_size=n).map(np.array)


@pytest.fixture(scope="module")
def analyses():
    """Every vector activation's analysis, computed once."""
    return {name: symact.get(name).analyze() for name in symact.vector_names()}


def numeric_jacobian(f, z0, h=1e-6):
    """Central differences of the vector function ``f`` at ``z0`` (columns: inputs)."""
    columns = []
    for j in range(len(z0)):
        step = np.zeros(len(z0))
        step[j] = h
        columns.append((np.asarray(f(z0 + step)) - np.asarray(f(z0 - step))) / (2 * h))
    return np.column_stack(columns)


def lambdified(matrix, symbols):
    """A NumPy callable of a SymPy matrix in ``symbols``, returning a float array."""
    f = sp.lambdify(symbols, matrix, "numpy")
    return lambda values: np.array(f(*values), dtype=float)


def numpy_softmax(z):
    """Softmax, written out with the max subtracted."""
    e = np.exp(z - z.max())
    return e / e.sum()


def reference_sparsemax(z):
    """Martins & Astudillo 2016, Algorithm 1: sort, find k(z), threshold τ."""
    ordered = np.sort(z)[::-1]
    cumulative = np.cumsum(ordered)
    k = np.arange(1, len(z) + 1)
    support = k[1 + k * ordered > cumulative].max()
    tau = (cumulative[support - 1] - 1) / support
    return np.maximum(z - tau, 0)


def relu(v):
    """ReLU in NumPy."""
    return np.maximum(v, 0)


# ---- the registry, the catalog, the API -------------------------------------------------


def test_each_catalog_record_names_its_analyser():
    """Each vector record names a function returning a dataclass of claims, in a module
    the engine's fingerprint covers (so editing it invalidates its cached analyses)."""
    assert set(NEW) <= set(symact.vector_names())
    for spec in VECTOR_CATALOG:
        returned = get_type_hints(vectors.analyser(spec))["return"]
        assert dataclasses.is_dataclass(returned), spec.name
        assert spec.analyser.partition(":")[0] in cache.engine_modules(), spec.name


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    """An empty cache folder of this test's own."""
    monkeypatch.setenv("SYMACT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_UNUSABLE", {})
    return tmp_path


def test_a_tiny_budget_leaves_claims_undetermined_and_uncached(cache_folder):
    """With 1 ms per claim, softmax's claims (each a simplification, far longer) run out
    and say so, the analysis still returns, and nothing cut short is cached."""
    sp.core.cache.clear_cache()  # no claim may finish from SymPy's memory of a prior run
    analysis = symact.get("softmax").analyze(step_seconds=1e-3)
    reasons = {claim.reason for claim in vectors.claims(analysis) if not claim.known}
    assert reasons == {"the time ran out (time budget of 0.001 s)"}
    assert list(cache_folder.iterdir()) == []


def test_an_analysis_is_cached_and_read_back(cache_folder, monkeypatch):
    """A complete analysis is stored under its key and read back without deriving."""
    crelu = symact.get("crelu")
    first = crelu.analyze()
    (entry,) = cache_folder.glob("*.json")
    assert entry.stem == vectors.key_for(crelu.spec, DEFAULT_STEP_SECONDS)
    monkeypatch.setattr(vectors, "analyser", lambda spec: pytest.fail("derived again"))
    assert crelu.analyze() == first


@pytest.mark.parametrize("name", NEW)
def test_every_claim_is_exact(analyses, name):
    """Every derived claim of the new activations is proven exactly, none undetermined."""
    claims = []
    for value in vars(analyses[name]).values():
        claims += list(value.values()) if isinstance(value, dict) else [value]
    assert claims and all(isinstance(c, Derived) for c in claims)
    assert all(c.status == "exact" for c in claims), [c.reason for c in claims if not c.known]
    assert all(c.value is not False for c in claims)


@pytest.mark.parametrize("alias", ["LogSoftmax", "Softmin", "Sparsemax", "GLU", "CReLU"])
def test_aliases_resolve_to_vector_activations(alias):
    """Framework spellings find the vector activation."""
    assert isinstance(symact.get(alias), symact.VectorActivation)


def test_maxout_has_no_framework_api():
    """Neither PyTorch nor the catalog claims a core maxout API."""
    torch = pytest.importorskip("torch")
    assert symact.get("maxout").spec.frameworks == ()
    assert not hasattr(torch.nn, "Maxout") and not hasattr(torch.nn.functional, "maxout")


@pytest.mark.parametrize("name", ["log_softmax", "softmin", "glu"])
def test_torch_names_exist(name):
    """Every PyTorch name recorded in the catalog exists in the installed PyTorch."""
    torch = pytest.importorskip("torch")
    (api,) = [a for a in symact.get(name).spec.frameworks if a.framework == "pytorch"]
    for dotted in api.names:
        target = torch
        for part in dotted.split(".")[1:]:
            target = getattr(target, part)


# ---- log-softmax ------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(real_vectors(3))
def test_log_softmax_values_are_negative_and_exponentiate_to_softmax(z):
    """ℓ(z) matches log of a NumPy softmax, is < 0, and exp(ℓ) sums to 1."""
    ell = lambdified(log_softmax(logits(3)), logits(3))(z).ravel()
    assert np.allclose(ell, np.log(numpy_softmax(z)), atol=1e-12)
    assert np.all(ell < 0)
    assert np.exp(ell).sum() == pytest.approx(1.0, abs=1e-12)
    shifted = lambdified(log_softmax(logits(3)), logits(3))(z + 2.5).ravel()
    assert np.allclose(shifted, ell, atol=1e-12)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_log_softmax_jacobian_matches_finite_differences(analyses, n):
    """J = I − 1·sᵀ agrees with central differences of a NumPy log-softmax."""
    z0 = np.random.default_rng(n).normal(size=n) * 2
    derived = lambdified(analyses["log_softmax"].jacobian[n].value, logits(n))(z0)
    numeric = numeric_jacobian(lambda z: np.log(numpy_softmax(z)), z0)
    assert np.allclose(derived, numeric, atol=1e-8)


# ---- softmin ----------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(real_vectors(4))
def test_softmin_is_softmax_of_the_negated_input(z):
    """softmin(z) = softmax(−z) numerically; inside (0, 1), summing to 1."""
    m = lambdified(softmin(logits(4)), logits(4))(z).ravel()
    assert np.allclose(m, numpy_softmax(-z), atol=1e-12)
    assert np.all((m > 0) & (m < 1)) and m.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_softmin_jacobian_matches_finite_differences(analyses, n):
    """J = −(diag(m) − m mᵀ) agrees with central differences of softmax(−z)."""
    z0 = np.random.default_rng(10 + n).normal(size=n)
    derived = lambdified(analyses["softmin"].jacobian[n].value, logits(n))(z0)
    numeric = numeric_jacobian(lambda z: numpy_softmax(-z), z0)
    assert np.allclose(derived, numeric, atol=1e-8)


# ---- sparsemax --------------------------------------------------------------------------


def _evaluate_sparsemax(z):
    symbols = logits(len(z))
    exact = sparsemax(symbols).subs(dict(zip(symbols, [sp.Rational(v) for v in z], strict=True)))
    return np.array([float(v) for v in exact])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-40, 40), min_size=3, max_size=3))
def test_sparsemax_regions_agree_with_algorithm_1(numerators):
    """The region-derived piecewise sparsemax equals the paper's sort-based algorithm, and
    it is the projection: (z − p)·(e_k − p) ≤ 0 for every vertex e_k of the simplex."""
    z = [sp.Rational(k, 8) for k in numerators]
    p = _evaluate_sparsemax(z)
    zf = np.array([float(v) for v in z])
    assert np.allclose(p, reference_sparsemax(zf), atol=1e-12)
    assert np.all(p >= 0) and p.sum() == pytest.approx(1.0)
    for vertex in np.eye(3):
        assert np.dot(zf - p, vertex - p) <= 1e-12


@pytest.mark.parametrize("t", [-3.0, -1.0, -0.5, 0.0, 0.25, 0.999, 1.0, 4.0])
def test_sparsemax_two_classes_is_a_clipped_line(analyses, t):
    """sparsemax(t, 0)₁: the derived clip form and the paper's algorithm agree, and so does
    Keras 3's hard_sigmoid(3t) = clip(t/2 + 1/2, 0, 1)."""
    a = analyses["sparsemax"]
    expected = reference_sparsemax(np.array([t, 0.0]))[0]
    t_symbol = next(iter(a.two_class_clip.value.free_symbols))
    assert float(a.two_class_clip.value.subs(t_symbol, t)) == pytest.approx(expected)
    assert min(max(3 * t / 6 + 0.5, 0), 1) == pytest.approx(expected)
    assert a.two_class_hard_sigmoid.value is True


@pytest.mark.parametrize("n", [2, 3])
def test_sparsemax_witness_has_an_exact_zero(analyses, n):
    """The witness output is what Algorithm 1 gives at that input, with a zero in it."""
    derived = analyses["sparsemax"].sparse_witness[n].value
    point = {2: [1.0, -1.0], 3: [0.5, 0.0, -1.0]}[n]
    expected = reference_sparsemax(np.array(point))
    assert np.allclose(np.array(derived, dtype=float).ravel(), expected)
    assert (expected == 0).any()


@pytest.mark.parametrize(
    "point", [(0.1, 0.0, -0.05), (0.6, 0.3, -2.0), (2.0, -1.0, 0.0), (0.2, 0.1)]
)
def test_sparsemax_region_jacobians_match_finite_differences(point):
    """On the region holding at a point, the differentiated piece equals central differences
    of Algorithm 1 (and diag(1_S) − 1_S 1_Sᵀ/|S|)."""
    z0 = np.array(point)
    z = logits(len(point))
    at = dict(zip(z, [sp.Float(v) for v in point], strict=True))
    (region,) = [r for r in regions(z) if bool(r.condition.subs(at))]
    derived = np.array(region.output.jacobian(z), dtype=float)
    assert np.allclose(derived, numeric_jacobian(reference_sparsemax, z0), atol=1e-7)
    s = np.isin(np.arange(len(point)), region.support).astype(float)
    assert np.allclose(derived, np.diag(s) - np.outer(s, s) / s.sum())


def test_sparsemax_full_support_jacobian(analyses):
    """The n = 3 matrix shown (S = all) matches finite differences at a full-support point."""
    derived = np.array(analyses["sparsemax"].jacobian[3].value, dtype=float)
    z0 = np.array([0.1, 0.0, -0.05])
    assert np.allclose(derived, numeric_jacobian(reference_sparsemax, z0), atol=1e-7)


# ---- GLU --------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3])
def test_glu_jacobian_blocks_match_finite_differences(analyses, n):
    """∂/∂a = diag σ(b), ∂/∂b = diag(a σ(b)(1 − σ(b))) against central differences."""
    rng = np.random.default_rng(20 + n)
    a0, b0 = rng.normal(size=n) * 2, rng.normal(size=n) * 2
    symbols = logits(n, "a") + logits(n, "b")
    g = analyses["glu"]
    derived = np.hstack(
        [
            lambdified(g.jacobian_values[n].value, symbols)([*a0, *b0]),
            lambdified(g.jacobian_gates[n].value, symbols)([*a0, *b0]),
        ]
    )

    def numpy_glu(v):
        return v[:n] / (1 + np.exp(-v[n:]))

    assert np.allclose(derived, numeric_jacobian(numpy_glu, np.concatenate([a0, b0])), atol=1e-8)


def test_glu_on_the_diagonal_is_silu_and_reaches_every_value():
    """GLU(x, x) = x/(1 + e^{−x}) numerically; GLU(2y, 0) = y."""
    xs = np.linspace(-20, 20, 81)
    f = sp.lambdify(logits(1, "a") + logits(1, "b"), glu(logits(1, "a"), logits(1, "b"))[0])
    assert np.allclose(f(xs, xs), xs / (1 + np.exp(-xs)), rtol=1e-13, atol=1e-300)
    assert np.allclose(f(2 * xs, 0 * xs), xs)


# ---- maxout -----------------------------------------------------------------------------


eighths = st.integers(-64, 64).map(lambda k: sp.Rational(k, 8))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(eighths, min_size=3, max_size=3),
    st.lists(eighths, min_size=3, max_size=3),
    finite,
    finite,
    st.floats(0, 1),
)
def test_maxout_is_convex_and_piecewise_linear(w, b, u, v, lam):
    """The derived Piecewise equals NumPy's max of the pieces, and satisfies Jensen."""
    x = sp.Symbol("x", real=True)
    pieces = [wi * x + bi for wi, bi in zip(w, b, strict=True)]
    h = sp.lambdify(x, maxout(pieces))
    slopes, intercepts = np.array(w, dtype=float), np.array(b, dtype=float)

    def reference(t):
        return np.max(slopes * t + intercepts)

    assert h(u) == pytest.approx(reference(u), abs=1e-9)
    mix = lam * u + (1 - lam) * v
    assert h(mix) <= lam * h(u) + (1 - lam) * h(v) + 1e-9


@pytest.mark.parametrize("z0", [(0.3, 1.7, -0.4), (2.0, -1.0, 1.5), (-3.0, -2.0, -1.0)])
def test_maxout_gradient_is_one_hot(z0):
    """Central differences of symact's maxout(z₁, z₂, z₃) are the one-hot of the argmax."""
    z = logits(3)
    h = sp.lambdify(z, maxout(z))
    expected = np.eye(3)[np.argmax(z0)]
    numeric = numeric_jacobian(lambda v: [h(*v)], np.array(z0))
    assert np.allclose(numeric, [expected], atol=1e-9)


def test_maxout_special_cases():
    """max(x, 0) is ReLU and max(x, −x) is |x|, in NumPy."""
    xs = np.linspace(-5, 5, 101)
    x = sp.Symbol("x", real=True)
    assert np.allclose(sp.lambdify(x, maxout([x, 0 * x]))(xs), relu(xs))
    assert np.allclose(sp.lambdify(x, maxout([x, -x]))(xs), np.abs(xs))


# ---- CReLU ------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(real_vectors(5))
def test_crelu_claims_numerically(v):
    """x = p − q, ‖[p, q]‖ = ‖x‖, p, q ≥ 0, and exactly one of pᵢ, qᵢ non-zero for xᵢ ≠ 0."""
    doubled = lambdified(crelu(logits(5)), logits(5))(v).ravel()
    p, q = doubled[:5], doubled[5:]
    assert np.array_equal(p, relu(v)) and np.array_equal(q, relu(-v))
    assert np.array_equal(p - q, v)
    assert np.linalg.norm(np.concatenate([p, q])) == pytest.approx(np.linalg.norm(v))
    assert np.all(p >= 0) and np.all(q >= 0)
    nonzero = v != 0
    assert np.all(((p > 0) ^ (q > 0))[nonzero])


# ---- PyTorch ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["log_softmax", "softmin"])
@pytest.mark.parametrize("n", [2, 3, 4])
def test_torch_values_and_autograd_jacobians(analyses, name, n):
    """torch.nn.functional.log_softmax / softmin: values and autograd Jacobians equal symact's
    formula and derived Jacobian (float64)."""
    torch = pytest.importorskip("torch")
    function = getattr(torch.nn.functional, name)
    formula = {"log_softmax": log_softmax, "softmin": softmin}[name]
    z0 = np.random.default_rng(30 + n).normal(size=n) * 3
    tensor = torch.tensor(z0, dtype=torch.float64)
    values = function(tensor, dim=0).numpy()
    assert np.allclose(values, lambdified(formula(logits(n)), logits(n))(z0).ravel(), atol=1e-14)
    autograd = torch.autograd.functional.jacobian(lambda t: function(t, dim=0), tensor).numpy()
    derived = lambdified(analyses[name].jacobian[n].value, logits(n))(z0)
    assert np.allclose(autograd, derived, atol=1e-13)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_torch_glu_values_and_jacobian(analyses, n):
    """torch.nn.functional.glu splits [a, b] along dim; its autograd Jacobian is
    [∂/∂a | ∂/∂b] as derived, and GLU(x, x) is torch's silu."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(40 + n)
    ab = rng.normal(size=2 * n) * 3
    tensor = torch.tensor(ab, dtype=torch.float64)
    symbols = logits(n, "a") + logits(n, "b")
    expected = lambdified(glu(logits(n, "a"), logits(n, "b")), symbols)(ab).ravel()
    assert np.allclose(torch.nn.functional.glu(tensor, dim=0).numpy(), expected, atol=1e-14)
    autograd = torch.autograd.functional.jacobian(
        lambda t: torch.nn.functional.glu(t, dim=0), tensor
    ).numpy()
    g = analyses["glu"]
    derived = np.hstack(
        [
            lambdified(g.jacobian_values[n].value, symbols)(ab),
            lambdified(g.jacobian_gates[n].value, symbols)(ab),
        ]
    )
    assert np.allclose(autograd, derived, atol=1e-13)
    x = torch.linspace(-10, 10, 41, dtype=torch.float64)
    diagonal = torch.nn.functional.glu(torch.stack([x, x]), dim=0)
    assert torch.allclose(diagonal, torch.nn.functional.silu(x))


# ---- export, CLI, site ------------------------------------------------------------------


def test_softmax_export_keeps_every_key(analyses):
    """The softmax entry keeps all its earlier keys and their shapes (public interface)."""
    record = vector_entry(symact.get("softmax"), analyses["softmax"])
    assert set(record) >= SOFTMAX_KEYS
    assert set(record["jacobian"]) == {"2", "3", "4"}
    assert set(record["jacobian"]["2"]) == {"matrix", "status", "reason"}
    assert set(record["sums_to_one"]["3"]) == {"holds", "status", "reason"}
    assert record["two_class_sigmoid"]["holds"] is True
    assert record["range"]["set"].startswith("the open probability simplex")


@pytest.mark.parametrize("name", NEW)
def test_export_entry_has_every_claim(analyses, name):
    """Every analysis field appears in the export with its status and a JSON-able value."""
    record = vector_entry(symact.get(name), analyses[name])
    json.dumps(record)
    for field, value in vars(analyses[name]).items():
        claims = record[field].values() if isinstance(value, dict) else [record[field]]
        assert all(c["status"] == "exact" for c in claims), field
    assert record["kind"] == "vector" and record["signature"]


def test_cli_show_log_softmax(capsys):
    """`symact show log_softmax --json` prints its JSON entry, like `show softmax --json`."""
    assert cli.main(["show", "log_softmax", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["name"] == "log_softmax"
    assert record["jacobian"]["2"]["status"] == "exact"


def test_overview_lists_every_vector_activation():
    """The overview's vector section links every vector activation's page."""
    vectors = [symact.get(n) for n in symact.vector_names()]
    page = overview_page([], {}, {}, vectors)
    for name in symact.vector_names():
        assert f"(activations/{name}.md)" in page
