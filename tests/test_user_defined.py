"""User-defined activations from the literature, checked against mpmath computations."""

import mpmath
import sympy as sp

import symact


def _mish_reference(t):
    return t * mpmath.tanh(mpmath.log1p(mpmath.exp(t)))


def test_mish_minimum_matches_mpmath(symact_cache_dir):
    """Mish's minimum (Misra 2019: ≈ −0.30884 at x ≈ −1.19243) agrees to 1e-25 with findroot."""
    t = sp.Symbol("x")
    analysis = symact.define("mish", t * sp.tanh(sp.log(1 + sp.exp(t)))).analyze()
    lower = analysis.range.value.lower
    with mpmath.workdps(50):
        where = mpmath.findroot(lambda s: mpmath.diff(_mish_reference, s), -1.19)
        assert abs(mpmath.mpf(str(lower.where[0])) - where) < mpmath.mpf(10) ** -25
        assert abs(mpmath.mpf(str(lower.value)) - _mish_reference(where)) < mpmath.mpf(10) ** -25
    assert lower.closed and lower.bound < 1e-25
    assert analysis.range.value.upper.value == sp.oo
    assert analysis.monotonic.value.kind == "none"
