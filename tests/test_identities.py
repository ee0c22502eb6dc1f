"""Identities and approximations between activations, checked by dense mpmath sampling.

Exact identities: both sides agree to 40 digits at 200 points spread over [−20, 20]
(evaluated from the built expressions, and for the textbook ones from mpmath directly).
Approximations: the claimed maximum error is compared with the maximum of |L − R| over a
dense grid refined by golden-section search, computed here with mpmath.
"""

from __future__ import annotations

import dataclasses
import functools

import mpmath
import pytest
import sympy as sp

from symact.identities import RELATIONS, identities_for, proofs, prove
from symact.symbols import x

KEYS = sorted(relation.key for relation in RELATIONS)


@functools.cache
def _proofs() -> dict:
    """Every relation's proof by key, proven on first use (not at collection)."""
    return {p.relation.key: p for p in proofs()}


def _proof(key: str):
    """The proof of relation ``key``, which must not be skipped: every relation names
    activations of the catalog, so a renamed activation fails here instead of skipping."""
    proof = _proofs()[key]
    assert not proof.skipped, f"{key}: {proof.skipped}"
    return proof


def _mp(expr: sp.Expr):
    return sp.lambdify(x, expr, "mpmath")


@pytest.mark.parametrize("key", KEYS)
def test_every_relation_is_proven(key: str) -> None:
    """Each relation names catalog activations (none skipped) and is proven: an exact
    identity is true, an approximation has a determined maximum error."""
    proof = _proof(key)
    assert proof.result.known, f"{key}: {proof.result.reason}"
    if proof.relation.kind == "exact":
        assert proof.result.value is True


def test_a_relation_naming_a_missing_activation_is_skipped_with_a_note() -> None:
    """A relation whose activation is not in the catalog is skipped, and says why."""
    relation = dataclasses.replace(
        RELATIONS[0], key="renamed", left=lambda f: f("no_such_activation")
    )
    proof = prove(relation)
    assert proof.skipped and "not in the catalog" in proof.skipped
    assert not proof.result.known


@pytest.mark.parametrize("key", [r.key for r in RELATIONS if r.kind == "exact"])
def test_exact_identities_hold_on_samples(key: str) -> None:
    """Both sides of an exact identity agree at 200 sample points to 40 digits."""
    proof = _proof(key)
    variables = proof.relation.variables
    left = sp.lambdify(variables, proof.left, "mpmath")
    right = sp.lambdify(variables, proof.right, "mpmath")
    with mpmath.workdps(50):
        for k in range(200):
            point = [
                mpmath.mpf(-20) + mpmath.mpf(40) * ((k * 37 + 11 * j) % 200) / 199
                for j in range(len(variables))
            ]
            point = [p + mpmath.mpf(1) / 7 for p in point]
            assert abs(left(*point) - right(*point)) < mpmath.mpf(10) ** -40


def test_textbook_identities_independently() -> None:
    """tanh(x) = 2σ(2x) − 1 and log σ(x) = −softplus(−x) with mpmath's own functions."""
    with mpmath.workdps(40):
        for t in mpmath.linspace(-30, 30, 121):
            sig = lambda u: 1 / (1 + mpmath.exp(-u))  # noqa: E731
            assert abs(mpmath.tanh(t) - (2 * sig(2 * t) - 1)) < mpmath.mpf(10) ** -38
            assert abs(mpmath.log(sig(t)) + mpmath.log1p(mpmath.exp(-t))) < mpmath.mpf(10) ** -35


def _dense_max(f, lo: float = -10, hi: float = 10, n: int = 4001) -> tuple[mpmath.mpf, mpmath.mpf]:
    with mpmath.workdps(30):
        grid = mpmath.linspace(lo, hi, n)
        step = mpmath.mpf(hi - lo) / (n - 1)
        best = max(grid, key=lambda t: abs(f(t)))
        a, b = best - step, best + step
        r = (mpmath.sqrt(5) - 1) / 2
        for _ in range(100):
            c, d = b - r * (b - a), a + r * (b - a)
            if abs(f(c)) > abs(f(d)):
                b = d
            else:
                a = c
        where = (a + b) / 2
        return abs(f(where)), where


def _gelu(t):
    return t * mpmath.ncdf(t)


def _gelu_tanh(t):
    return (
        t / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (t + mpmath.mpf("0.044715") * t**3)))
    )


def _sigmoid(t):
    return 1 / (1 + mpmath.exp(-t))


INDEPENDENT = {
    "gelu_tanh_vs_exact": lambda t: _gelu_tanh(t) - _gelu(t),
    "gelu_sigmoid_vs_exact": lambda t: t * _sigmoid(mpmath.mpf("1.702") * t) - _gelu(t),
    "hard_sigmoid_vs_sigmoid": lambda t: max(0, min(1, t / 6 + mpmath.mpf(1) / 2)) - _sigmoid(t),
    "hard_tanh_vs_tanh": lambda t: max(-1, min(1, t)) - mpmath.tanh(t),
    "hard_swish_vs_swish": lambda t: t * max(0, min(6, t + 3)) / 6 - t * _sigmoid(t),
}


@pytest.mark.parametrize("key", sorted(INDEPENDENT))
def test_approximation_error_matches_dense_sampling(key: str) -> None:
    """The certified maximum error agrees with a dense, refined mpmath search."""
    proof = _proof(key)
    expected, where = _dense_max(INDEPENDENT[key])
    claimed = proof.result.value
    value = mpmath.mpf(str(sp.N(claimed.value, 30)))
    assert abs(value - expected) < max(proof.result.bound or 0, 1e-20) + 1e-15
    spots = [abs(mpmath.mpf(str(sp.N(w, 20)))) for w in claimed.where if not isinstance(w, sp.Set)]
    assert any(abs(s - abs(where)) < 1e-6 for s in spots)


def _every_maximiser(f, lo: float = -10, hi: float = 10, n: int = 4001) -> list[mpmath.mpf]:
    """Every x where |f| reaches its maximum on [lo, hi]: each local maximum of |f| on a
    grid refined by a golden-section search, kept when within 1e-18 of the largest."""
    with mpmath.workdps(30):
        grid = mpmath.linspace(lo, hi, n)
        step = mpmath.mpf(hi - lo) / (n - 1)
        sizes = [abs(f(t)) for t in grid]
        peaks = []
        for k in range(1, n - 1):
            if sizes[k - 1] < sizes[k] >= sizes[k + 1]:
                a, b = grid[k] - step, grid[k] + step
                r = (mpmath.sqrt(5) - 1) / 2
                for _ in range(100):
                    c, d = b - r * (b - a), a + r * (b - a)
                    if abs(f(c)) > abs(f(d)):
                        b = d
                    else:
                        a = c
                peaks.append(((a + b) / 2, abs(f((a + b) / 2))))
        top = max(size for _, size in peaks)
        return [t for t, size in peaks if top - size < mpmath.mpf("1e-18")]


@pytest.mark.parametrize("key", sorted(INDEPENDENT))
def test_approximation_error_lists_every_maximiser(key: str) -> None:
    """Every x where |L − R| is largest is listed, once, left to right: both ±p for the
    even differences (hard sigmoid vs σ at ±1.3170, hard tanh vs tanh at ±1, the two
    GELU approximations at ±2.6989 and ±2.2704, hard swish vs swish at ±3)."""
    proof = _proof(key)
    expected = _every_maximiser(INDEPENDENT[key])
    claimed = [mpmath.mpf(str(sp.N(w, 20))) for w in proof.result.value.where]
    assert len(claimed) == len(expected), (claimed, expected)
    assert claimed == sorted(claimed)
    assert all(abs(c - e) < 1e-6 for c, e in zip(claimed, expected, strict=True))


def test_gelu_tanh_error_size() -> None:
    """GELU's tanh form is within 4.8e-4 of the exact GELU, and no closer than 4.7e-4."""
    value = float(_proof("gelu_tanh_vs_exact").result.value.value)
    assert 4.7e-4 < value < 4.8e-4


def test_identities_for_lists_both_sides() -> None:
    """A relation appears on the pages of every activation it concerns."""
    assert "tanh_sigmoid" in [p.relation.key for p in identities_for("tanh")]
    assert "tanh_sigmoid" in [p.relation.key for p in identities_for("sigmoid")]
    assert identities_for("no_such_activation") == []
