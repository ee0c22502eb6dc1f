"""Taylor series, convexity, inverse, smoothness of f′, gating and saturation, checked
independently: mpmath's numerical Taylor coefficients and derivatives of the textbook
definitions (``conftest.py``), second differences on dense grids, round trips f(f⁻¹(y)),
and asymptotic ratios evaluated at large |x| with mpmath.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from conftest import reference

import symact
from symact import properties
from symact.analysis import analyze
from symact.calculus import derivative_pieces
from symact.pieces import as_piecewise, decompose
from symact.properties import y
from symact.provenance import Derived
from symact.shape import vanishing_gradient
from symact.symbols import x
from symact.symmetry import value_at_zero

SMOOTH_AT_ZERO = ["sigmoid", "tanh", "softplus", "swish", "gelu", "gelu_tanh"]


def _a(name: str):
    return analyze(symact.get(name))


@pytest.mark.parametrize("name", SMOOTH_AT_ZERO)
def test_taylor_coefficients_match_mpmath(name: str) -> None:
    """The order-5 Taylor polynomial at 0 matches mpmath.taylor of the textbook f."""
    series = _a(name).taylor.value.series
    f = reference(name)
    with mpmath.workdps(30):
        expected = mpmath.taylor(f, 0, 5)
    for k, coefficient in enumerate(expected):
        assert abs(float(sp.N(series.coeff(x, k), 30)) - float(coefficient)) < 1e-12


def test_taylor_one_sided_at_a_kink() -> None:
    """ReLU has no Taylor series at 0; its one-sided ones are 0 and x."""
    t = _a("relu").taylor.value
    assert t.series is None and t.left == 0 and t.right == x


def test_tanh_identity_interval() -> None:
    """tanh is within 1 % of x exactly on the claimed interval (ends checked with mpmath)."""
    interval = _a("tanh").taylor.value.identity_interval
    end = mpmath.mpf(str(sp.N(interval.end, 30)))
    with mpmath.workdps(30):
        assert abs((end - mpmath.tanh(end)) / end - mpmath.mpf(1) / 100) < 1e-15
        for t in mpmath.linspace(-end * 0.999, end * 0.999, 101):
            if t != 0:
                assert abs(mpmath.tanh(t) - t) <= abs(t) / 100
    assert sp.N(interval.start + interval.end, 20) == 0


def _identity_interval(name: str) -> tuple[mpmath.mpf, mpmath.mpf, float]:
    """The ends of ``name``'s identity interval (at 30 digits) and their certified bound."""
    derived = properties.taylor(decompose(symact.get(name).function))
    interval = derived.value.identity_interval
    assert interval is not None, name
    with mpmath.workdps(30):
        start, end = (_mpf(e) for e in (interval.start, interval.end))
    return start, end, derived.bound or 0.0


def _mpf(value: sp.Expr) -> mpmath.mpf:
    if value in (sp.oo, -sp.oo):
        return mpmath.inf if value == sp.oo else -mpmath.inf
    return mpmath.mpf(str(sp.N(value, 30)))


def _elu_left_end() -> mpmath.mpf:
    """For x < 0, ELU(x) − x = eˣ − 1 − x ≥ 0, so the band ends where eˣ − 1 − x = −x/100,
    i.e. eˣ = 1 + 99x/100: the negative root, by hand near −2/99 (from eˣ ≈ 1 + x + x²/2)."""
    with mpmath.workdps(40):
        return mpmath.findroot(lambda t: mpmath.exp(t) - 1 - mpmath.mpf(99) / 100 * t, -0.02)


@pytest.mark.parametrize("name", ["elu", "celu"])
def test_identity_interval_across_a_smooth_breakpoint(name: str) -> None:
    """ELU and CELU (α = 1) have f(0) = 0 and f′(0) = 1 from both sides, so the band
    |f(x) − x| ≤ |x|/100 is found across the breakpoint 0: [−0.020134…, ∞) (f = x for
    x > 0)."""
    start, end, bound = _identity_interval(name)
    assert end == mpmath.inf
    assert abs(start - _elu_left_end()) <= bound + 1e-20
    assert abs(_elu_left_end() + mpmath.mpf("0.020134")) < 1e-6


def test_softsign_identity_interval() -> None:
    """softsign x/(1 + |x|) − x = −x|x|/(1 + |x|): within |x|/100 iff |x|/(1 + |x|) ≤ 1/100,
    i.e. |x| ≤ 1/99 (by hand)."""
    start, end, bound = _identity_interval("softsign")
    with mpmath.workdps(30):
        assert abs(start + mpmath.mpf(1) / 99) <= bound + 1e-20
        assert abs(end - mpmath.mpf(1) / 99) <= bound + 1e-20


def test_hard_tanh_identity_interval_runs_past_the_kinks() -> None:
    """Hard tanh is x on [−1, 1] and 1 beyond: |1 − x| ≤ x/100 holds up to x = 100/99, so
    the band is [−100/99, 100/99], not [−1, 1] (by hand)."""
    start, end, bound = _identity_interval("hard_tanh")
    with mpmath.workdps(30):
        assert abs(start + mpmath.mpf(100) / 99) <= bound + 1e-20
        assert abs(end - mpmath.mpf(100) / 99) <= bound + 1e-20


CONVEXITY = {
    "softplus": "strictly convex",
    "relu": "convex",
    "log_sigmoid": "strictly concave",
    "identity": "linear",
    "sigmoid": "none",
    "binary_step": "none",
}


@pytest.mark.parametrize("name", sorted(CONVEXITY))
def test_convexity_kind(name: str) -> None:
    """Textbook convexity: softplus convex, ReLU convex, log σ concave, σ neither."""
    assert _a(name).convexity.value.kind == CONVEXITY[name]


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "gelu", "softplus", "elu", "softsign"])
def test_convexity_intervals_by_second_differences(name: str) -> None:
    """On each claimed interval the second differences of f have the claimed sign."""
    f = reference(name)
    h = mpmath.mpf("1e-3")
    for interval, kind in _a(name).convexity.value.intervals:
        lo = max(float(sp.N(interval.start)), -12.0)
        hi = min(float(sp.N(interval.end)), 12.0)
        with mpmath.workdps(40):
            for t in mpmath.linspace(lo + 0.01, hi - 0.01, 60):
                second = f(t + h) - 2 * f(t) + f(t - h)
                if kind == "convex":
                    assert second >= -(mpmath.mpf(10) ** -30)
                elif kind == "concave":
                    assert second <= mpmath.mpf(10) ** -30
                else:
                    assert abs(second) < mpmath.mpf(10) ** -30


@pytest.mark.parametrize("name", symact.names())
def test_inverse_round_trip(name: str) -> None:
    """Where an inverse is claimed, f(f⁻¹(y)) = y at points of the range."""
    a = _a(name)
    if not a.inverse.known or a.inverse.value is None:
        assert (
            a.monotonic.value is None
            or a.monotonic.value.kind
            not in (
                "increasing",
                "decreasing",
            )
            or not a.inverse.known
        )
        return
    f = sp.lambdify(x, a.function, "mpmath")
    g = sp.lambdify(y, a.inverse.value, "mpmath")
    with mpmath.workdps(30):
        for t in mpmath.linspace(-4, 4, 33):
            target = f(t)
            assert abs(f(g(target)) - target) < mpmath.mpf(10) ** -20


with mpmath.workdps(40):  # not mpmath's ambient precision at import, which other modules set
    LIPSCHITZ_OF_DERIVATIVE = {
        "sigmoid": 1 / (6 * mpmath.sqrt(3)),  # max σ″ = √3/18
        "tanh": 4 / (3 * mpmath.sqrt(3)),  # max |tanh″| = 4√3/9
        "softplus": mpmath.mpf(1) / 4,
        "gelu": mpmath.sqrt(2 / mpmath.pi),  # f″(0) = 2φ(0)
        # sinc = 1 − x²/6 + x⁴/120 − …: |f″(0)| = 1/3, where the formula of f″ is 0/0
        "sinc": mpmath.mpf(1) / 3,
    }


@pytest.mark.parametrize("name", sorted(LIPSCHITZ_OF_DERIVATIVE))
def test_derivative_lipschitz(name: str) -> None:
    """sup |f″| agrees with the literature value and with dense sampling of mpmath.diff."""
    derived = _a(name).derivative_lipschitz
    with mpmath.workdps(40):
        claimed = mpmath.mpf(str(sp.N(derived.value, 30)))
        assert abs(claimed - LIPSCHITZ_OF_DERIVATIVE[name]) < 1e-20
    f = reference(name)
    with mpmath.workdps(20):
        sampled = max(abs(mpmath.diff(f, t, 2)) for t in mpmath.linspace(-6, 6, 241))
    assert sampled <= claimed + 1e-12


def test_kinked_derivative_is_not_lipschitz() -> None:
    """ReLU′ jumps at 0: no Lipschitz constant."""
    assert _a("relu").derivative_lipschitz.value == sp.oo


@pytest.mark.parametrize(
    ("name", "gated"),
    [("swish", True), ("gelu", True), ("mish", True), ("tanh", False), ("sigmoid", False)],
)
def test_self_gating(name: str, gated: bool) -> None:
    """x·σ(x), x·Φ(x), x·tanh(softplus x) are self-gated; x·gate = f at samples."""
    a = _a(name)
    assert a.self_gating.value.is_gated is gated
    if gated:
        gate = sp.lambdify(x, a.self_gating.value.gate, "mpmath")
        f = sp.lambdify(x, a.function, "mpmath")
        with mpmath.workdps(30):
            for t in (-3.5, -1, 0.5, 2):
                assert abs(t * gate(t) - f(t)) < 1e-25


def test_identity_interval_stops_at_a_jump_out_of_the_band() -> None:
    """x on (−∞, 1/2), then x + 1: at 1/2 the value 3/2 is far outside |f − x| ≤ x/100
    (by hand), so the band is (−∞, 1/2), open at the jump."""
    f = sp.Piecewise((x, x < sp.Rational(1, 2)), (x + 1, True))
    interval = properties.taylor(decompose(f)).value.identity_interval
    assert interval == sp.Interval.Ropen(-sp.oo, sp.Rational(1, 2))


def _gating(name: str) -> Derived:
    f = symact.get(name).function
    return properties.self_gating(f, value_at_zero(f))


@pytest.mark.parametrize("name", ["elu", "celu"])
def test_gate_at_zero_is_its_limit(name: str) -> None:
    """ELU's gate (eˣ − 1)/x for x < 0 and 1 for x > 0 is 0/0 at 0, where its limit is 1
    from both sides (eˣ − 1 = x + O(x²)): the gate is 1 there, not NaN."""
    gate = _gating(name).value.gate
    assert gate.subs(x, 0) == 1
    for t in ("-1e-10", "1e-10", "-0.5"):
        with mpmath.workdps(30):
            expected = mpmath.expm1(mpmath.mpf(t)) / mpmath.mpf(t) if t[0] == "-" else 1
            value = sp.N(gate.subs(x, sp.Float(t, 30)), 30)
            assert abs(mpmath.mpf(str(value)) - expected) < 1e-15


@pytest.mark.parametrize(("name", "left", "right"), [("repsu", "0", "3/4"), ("relu", "0", "1")])
def test_gate_jump_at_zero_is_stated_not_invented(name: str, left: str, right: str) -> None:
    """RePSU's gate is 0 for x < 0 and (eˣ + 1/2)/(eˣ + 1) → 3/2 / 2 = 3/4 as x → 0⁺ (by
    hand); ReLU's jumps from 0 to 1. x·g(x) fixes no g(0): the gate is left undefined at 0
    (no made-up 1/4 or 0) and the one-sided limits are stated."""
    derived = _gating(name)
    gate = derived.value.gate
    assert gate.subs(x, 0) is sp.nan
    assert gate.subs(x, sp.Rational(-1, 10**9)) == 0
    assert f"limit {left} from the left, {right} from the right" in derived.reason


def test_gate_with_a_removable_singularity_inside_a_piece() -> None:
    """A gate whose one formula is 0/0 at 0 (sin x / x) gets its limit 1 there."""
    gate, note = properties._gate_at_zero(decompose(sp.sin(x) / x))
    assert as_piecewise(gate).subs(x, 0) == 1 and "limit" in note


SATURATION = [
    ("sigmoid", "oo", "exponential", 1),
    ("tanh", "-oo", "exponential", 2),
    ("softsign", "oo", "polynomial", 2),
    ("gelu", "-oo", "superexponential", None),
    ("relu", "-oo", "zero", None),
    ("softplus", "oo", "none", None),
]


@pytest.mark.parametrize(("name", "side", "kind", "rate"), SATURATION)
def test_saturation_rate(name: str, side: str, kind: str, rate: int | None) -> None:
    """The decay class of f′, and the rate checked by log|f′(x)|/|x| or /log|x| at |x| = 100."""
    s = _a(name).saturation.value[side]
    assert s.kind == kind
    if rate is not None:
        assert s.rate == rate
        f = reference(name)
        with mpmath.workdps(120):
            t = mpmath.mpf(100) * (1 if side == "oo" else -1)
            slope = abs(mpmath.diff(f, t))
            measured = -mpmath.log(slope) / (
                abs(t) if kind == "exponential" else mpmath.log(abs(t))
            )
        assert abs(measured - rate) < 0.05


def _vanishing(f: sp.Expr) -> Derived:
    return vanishing_gradient(derivative_pieces(decompose(f)))


def test_sinusoid_gradient_does_not_vanish() -> None:
    """sin′ = cos has no limit at ±∞, but |cos(2πk)| = 1 for every integer k (by hand;
    checked far out with mpmath): f′ does not tend to 0 on either side, a settled fact
    (it was undetermined, while the saturation said "none")."""
    with mpmath.workdps(40):
        assert all(mpmath.cos(2 * mpmath.pi * k) == 1 for k in (-(10**6), 10**6))
    derived = _vanishing(symact.get("sinusoid").function)
    assert derived.status == "exact"
    assert derived.value == {"-oo": False, "oo": False}


def test_oscillating_gradient_on_one_tail() -> None:
    """cos x for x < 1, then x: f′ = −sin x on the left tail (−sin(−π/2 − 2πk) = 1 for
    every k ≥ 0, by hand) does not vanish; f′ = 1 on the right does not either."""
    f = sp.Piecewise((sp.cos(x), x < 1), (x, True))
    assert _vanishing(f).value == {"-oo": False, "oo": False}


def test_gradient_decaying_while_oscillating_vanishes() -> None:
    """sinc′ = cos x/x − sin x/x² → 0 (|sinc′| ≤ 1/|x| + 1/x²): it vanishes on both sides."""
    assert _vanishing(sp.sin(x) / x).value == {"-oo": True, "oo": True}
