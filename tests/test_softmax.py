"""Softmax (symact.softmax): derived claims, checked against numbers."""

import mpmath
import numpy as np
import pytest
import sympy as sp

import symact
from symact.softmax import SIZES, inputs, softmax


@pytest.fixture(scope="module")
def analysis():
    """The softmax analysis, computed once."""
    return symact.get("softmax").analyze()


def test_every_claim_is_exact(analysis):
    """All claims are proven exactly for n = 2, 3, 4 and the two-class reduction."""
    for claims in (
        analysis.sums_to_one,
        analysis.open_simplex,
        analysis.shift_invariant,
        analysis.jacobian,
    ):
        assert set(claims) == set(SIZES)
        assert all(d.status == "exact" for d in claims.values())
    assert analysis.two_class_sigmoid.value is True


@pytest.mark.parametrize("n", SIZES)
def test_jacobian_matches_finite_differences(analysis, n):
    """The derived Jacobian agrees with central differences of a NumPy softmax."""
    rng = np.random.default_rng(n)
    z0 = rng.normal(size=n) * 3
    symbols = inputs(n)
    jacobian = sp.lambdify(symbols, analysis.jacobian[n].value, "numpy")(*z0)

    def numpy_softmax(z):
        e = np.exp(z - z.max())
        return e / e.sum()

    h = 1e-6
    numeric = np.column_stack(
        [
            (numpy_softmax(z0 + h * np.eye(n)[j]) - numpy_softmax(z0 - h * np.eye(n)[j])) / (2 * h)
            for j in range(n)
        ]
    )
    assert np.allclose(jacobian, numeric, atol=1e-8)


def test_softmax_values_sum_to_one_and_lie_in_simplex():
    """Sampled softmax outputs (at 100 digits) are in (0, 1) and sum to 1, even for ±50."""
    z = inputs(3)
    f = sp.lambdify(z, softmax(z), "mpmath")
    with mpmath.workdps(100):
        for point in [(0, 0, 0), (50, -50, 0), (1.5, -2.0, 3.25)]:
            values = list(f(*(mpmath.mpf(p) for p in point)))
            assert all(0 < v < 1 for v in values)
            assert abs(sum(values) - 1) < mpmath.mpf(10) ** -90


def test_get_softmax_rejects_parameters():
    """Softmax has no parameters; passing one is a clear error."""
    with pytest.raises(symact.InvalidDefinition, match="no parameters"):
        symact.get("softmax", alpha=1)
