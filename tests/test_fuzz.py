"""Fuzzing the engine: random formulas, every reported property checked numerically.

Formulas come from `strategies.formulas` (the grammar of ``docs/grammar.md``, piecewise
forms and catalog calls included). Each accepted formula is analysed with small step
budgets and an overall deadline, and then:

* the engine raised nothing unexpected (`symact.analysis.StepFailed` is a bug);
* no step used more CPU time than its budget plus a small margin, nor the whole more
  than the overall budget plus that margin;
* every property reported ``exact`` or ``numeric`` holds on dense samples evaluated
  with mpmath from the *definition* (never from the engine's derived expressions):
  range, attained ends, monotonicity on every reported interval, sup |f′| against
  secant slopes, f′ against central differences, limits against values at |x| = 10¹²,
  f(0), f′(0), symmetry, kinks' one-sided derivatives, continuity at breakpoints, dead
  intervals, Gaussian moments against quadrature (E[f′(Z)] against Stein's identity
  E[Z f(Z)]), sup |f″| against second differences, convexity against chords, and the
  linearity proof against the function.

A check that finds a contradiction is a *failure*; a claim the samples could not witness
(a "none" monotonicity whose turn lies outside the samples) is only *unwitnessed*.

The suite runs a small bounded sample. A long session: ``SYMACT_FUZZ_LOG=fuzz.jsonl
SYMACT_FUZZ_EXAMPLES=100000 timeout 2400 python -m pytest tests/test_fuzz.py -k never_lies``
logs every case as one JSON line and never stops at a failure.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import mpmath
import pytest
import sympy as sp
from conftest import to_mpf
from hypothesis import HealthCheck, assume, given, settings
from strategies import formulas
from sympy.printing.pycode import MpmathPrinter

import symact
from symact import analysis as engine
from symact.budget import BudgetExceeded, time_budget

STEP_SECONDS = 1.0
"""Budget of each derivation step during fuzzing (CPU seconds)."""
TOTAL_SECONDS = 8.0
"""Overall deadline of one analysis during fuzzing (wall-clock seconds)."""
CPU_MARGIN = 0.5
"""How far past its budget a step may run: the alarm fires between Python bytecodes,
but one long SymPy/mpmath call in C, or cleanup after the interruption, adds time."""
EVALUATION_SECONDS = 20.0
"""Backstop for the reference evaluations of one check (a tower of exponentials)."""
DPS = 30

GRID = [mpmath.mpf(k) / 4 for k in range(-160, 161)]
FAR = [mpmath.mpf(s) * 10**p for s in (-1, 1) for p in (3, 6)]
NEAR_ZERO = [mpmath.mpf(s) * mpmath.mpf(10) ** -p for s in (-1, 1) for p in (3, 8)]
HUGE = [mpmath.mpf("1e12"), mpmath.mpf("3.3e12")]


@dataclass
class Report:
    """What the checks found about one analysis."""

    failures: list[str] = field(default_factory=list)
    unwitnessed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def fail(self, what: str) -> None:
        self.failures.append(what)


class _ExactIntegers(MpmathPrinter):
    """Integers printed as ``mpf(n)``: a branch made only of integers, such as 2/(|2| + 1),
    would otherwise be computed in Python floats (found by fuzzing: a false report of
    "increases after 0.999999999" from the rounding of 2/3)."""

    def _print_Integer(self, expr: sp.Integer) -> str:
        return f"mpf({expr.p})"

    def _print_ComplexInfinity(self, expr: sp.Expr) -> str:
        """zoo (a 0/0 left in a branch: sinc's f′ at binary_step's value 0) is undefined
        there: NaN, which the reference reports as ``None`` (found by fuzzing: the
        printer raised KeyError: 'ComplexInfinity' on sinc(binary_step(x)))."""
        return "mpf('nan')"


_MPMATH_PRINTER = _ExactIntegers(
    {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}
)


class Reference:
    """f evaluated with mpmath from the definition; ``None`` where it is undefined."""

    def __init__(self, expr: sp.Expr) -> None:
        self.expr = expr
        self.callable = sp.lambdify(symact.x, expr, "mpmath", printer=_MPMATH_PRINTER)
        self._memo: dict[tuple[mpmath.mpf, int], mpmath.mpf | None] = {}

    def __call__(self, t: mpmath.mpf) -> mpmath.mpf | None:
        """f(t) at the working precision (memoised per precision: the three Gaussian
        moments integrate over the same quadrature nodes)."""
        key = (mpmath.mpf(t), mpmath.mp.prec)
        if key not in self._memo:
            self._memo[key] = self._evaluate(t)
        return self._memo[key]

    def _evaluate(self, t: mpmath.mpf) -> mpmath.mpf | None:
        try:
            value = self.callable(mpmath.mpf(t))
        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
            return None
        try:
            value = +mpmath.mpmathify(value)  # constants such as mpmath.e become mpf
        except (TypeError, ValueError):
            return None
        if isinstance(value, mpmath.mpc) and value.imag == 0:
            value = value.real
        if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
            return None
        return value

    def slope(self, t: mpmath.mpf, h: str = "1e-12") -> mpmath.mpf | None:
        """f′(t) by a central difference (at 20 more digits)."""
        with mpmath.workdps(mpmath.mp.dps + 20):
            step = mpmath.mpf(h) * max(1, abs(t))
            a, b = self(t + step), self(t - step)
            return None if a is None or b is None else (a - b) / (2 * step)

    def curvature(self, t: mpmath.mpf, h: str = "1e-10") -> mpmath.mpf | None:
        """f″(t) by a second central difference (at 30 more digits)."""
        with mpmath.workdps(mpmath.mp.dps + 30):
            step = mpmath.mpf(h) * max(1, abs(t))
            a, b, c = self(t + step), self(t), self(t - step)
            return None if None in (a, b, c) else (a - 2 * b + c) / (step * step)

    def one_sided_slope_limit(self, at: mpmath.mpf, side: int) -> mpmath.mpf | None:
        """lim f′(t) as t → at from ``side``: a central difference centred just there."""
        with mpmath.workdps(mpmath.mp.dps + 40):
            centre = at + side * mpmath.mpf("1e-14")
            step = mpmath.mpf("1e-17")
            a, b = self(centre + step), self(centre - step)
            return None if a is None or b is None else (a - b) / (2 * step)


def _number(value: sp.Expr) -> mpmath.mpf | None:
    try:
        return to_mpf(value)
    except (AssertionError, TypeError, ValueError):
        return None


def _tolerance(derived: symact.Derived, magnitude: mpmath.mpf, relative: str = "1e-9") -> float:
    return (derived.bound or 0.0) + mpmath.mpf(relative) * (1 + abs(magnitude))


def _points(where: tuple) -> list[mpmath.mpf]:
    """Points at which an extremum is claimed: the points, or a point inside each set."""
    found = []
    for item in where:
        if isinstance(item, sp.Set):
            item = _inside(item)
        if item is not None:
            value = _number(item)
            if value is not None:
                found.append(value)
    return found


def _inside(region: sp.Set) -> sp.Expr | None:
    for part in region.args if isinstance(region, sp.Union) else (region,):
        if isinstance(part, sp.Interval):
            lo, hi = part.inf, part.sup
            if lo == -sp.oo and hi == sp.oo:
                return sp.Integer(0)
            if lo == -sp.oo:
                return hi - 1
            if hi == sp.oo:
                return lo + 1
            return (lo + hi) / 2
        if isinstance(part, sp.FiniteSet) and part.args:
            return part.args[0]
    return None


def _intervals(region: sp.Set) -> list[sp.Interval]:
    parts = region.args if isinstance(region, sp.Union) else (region,)
    return [p for p in parts if isinstance(p, sp.Interval)]


def _sample_interval(interval: sp.Interval, count: int = 12) -> list[mpmath.mpf]:
    """Points of ``interval`` (clipped to [−60, 60]), its closed finite ends included."""
    lo = max(_number(interval.inf), mpmath.mpf(-60))
    hi = min(_number(interval.sup), mpmath.mpf(60))
    if not hi > lo:
        return []
    inner = [lo + (hi - lo) * k / (count + 1) for k in range(1, count + 1)]
    ends = []
    if not interval.left_open and interval.inf != -sp.oo:
        ends.append(lo)
    if not interval.right_open and interval.sup != sp.oo:
        ends.append(hi)
    return sorted(inner + ends)


# --------------------------------------------------------------------------------------
# The checks, one per property.
# --------------------------------------------------------------------------------------


@dataclass
class Sample:
    """The definition evaluated on the dense grid and around the breakpoints."""

    f: Reference
    breakpoints: list[mpmath.mpf]
    points: list[mpmath.mpf]
    values: dict[mpmath.mpf, mpmath.mpf]

    @cached_property
    def scale(self) -> mpmath.mpf:
        """The largest |f| sampled (computed once: checks ask for it thousands of times)."""
        return max((abs(v) for v in self.values.values()), default=mpmath.mpf(1))

    def away(self, gap: str = "1e-6") -> list[mpmath.mpf]:
        return [
            p for p in self.points if all(abs(p - b) > mpmath.mpf(gap) for b in self.breakpoints)
        ]


def sample(f: Reference, a: engine.Analysis) -> Sample:
    breakpoints = []
    if a.pieces.known:
        breakpoints = [b for b in map(_number, a.pieces.value.breakpoints) if b is not None]
    around = [b + s * mpmath.mpf(10) ** -p for b in breakpoints for s in (-1, 1) for p in (3, 9)]
    points = sorted(set(GRID + FAR + NEAR_ZERO + breakpoints + around))
    values = {t: v for t in points if (v := f(t)) is not None}
    return Sample(f, breakpoints, points, values)


def check_range(a: engine.Analysis, s: Sample, report: Report) -> None:
    if not a.range.known:
        return
    image = a.range.value
    lower, upper = _number(image.lower.value), _number(image.upper.value)
    slack = mpmath.mpf("1e-25") * s.scale
    for t, v in s.values.items():
        if v < lower - _tolerance(a.range, v) - slack:
            report.fail(f"range: f({t}) = {mpmath.nstr(v, 12)} < lower end {image.lower.value}")
            break
        if v > upper + _tolerance(a.range, v) + slack:
            report.fail(f"range: f({t}) = {mpmath.nstr(v, 12)} > upper end {image.upper.value}")
            break
    for end, bound in ((image.lower, lower), (image.upper, upper)):
        if not end.closed:
            continue
        for where in _points(end.where):
            v = s.f(where)
            tol = _tolerance(a.range, bound, "1e-6" if end.status == "numeric" else "1e-9")
            if v is None or abs(v - bound) > tol:
                report.fail(f"range: end {end.value} claimed attained at {where}, f there is {v}")
    for end, bound, sign in ((image.lower, lower, -1), (image.upper, upper, 1)):
        if mpmath.isinf(bound):
            far = [s.f(t) for t in HUGE + [-h for h in HUGE]]
            extreme = max(sign * v for v in far + list(s.values.values()) if v is not None)
            if extreme < 20:
                report.unwitnessed.append(
                    f"range: unbounded end {end.value}, samples reach {extreme}"
                )


def check_monotonic(a: engine.Analysis, s: Sample, report: Report) -> None:
    if not a.monotonic.known:
        return
    monotone = a.monotonic.value
    ordered = sorted(s.values.items())
    steps = [(t1, v2 - v1) for (t1, v1), (_, v2) in itertools.pairwise(ordered)]
    tol = lambda v: mpmath.mpf("1e-20") * (1 + abs(v)) + mpmath.mpf("1e-25") * s.scale  # noqa: E731
    if monotone.kind in ("increasing", "nondecreasing"):
        bad = [t for t, d in steps if d < -tol(s.values[t])]
        if bad:
            report.fail(f"monotonic: {monotone.kind} but f decreases after x = {bad[0]}")
    elif monotone.kind in ("decreasing", "nonincreasing"):
        bad = [t for t, d in steps if d > tol(s.values[t])]
        if bad:
            report.fail(f"monotonic: {monotone.kind} but f increases after x = {bad[0]}")
    elif monotone.kind == "none":
        up = any(d > mpmath.mpf("1e-15") for _, d in steps)
        down = any(d < -mpmath.mpf("1e-15") for _, d in steps)
        if not (up and down):
            report.unwitnessed.append("monotonic: 'none' but the samples are monotone")
    for interval, direction in monotone.intervals:
        values = [s.f(t) for t in _sample_interval(interval)]
        values = [v for v in values if v is not None]
        for v1, v2 in itertools.pairwise(values):
            wrong = {
                "increasing": v2 < v1 - tol(v1),
                "decreasing": v2 > v1 + tol(v1),
                "constant": abs(v2 - v1) > mpmath.mpf("1e-15") * (1 + abs(v1)),
            }.get(direction, False)
            if wrong:
                report.fail(f"monotonic: f is not {direction} on {interval}")
                break


def check_gradient(a: engine.Analysis, s: Sample, report: Report) -> None:
    continuous = a.continuity.known and a.continuity.value.k != -1
    if a.max_gradient.known and continuous:
        extremum = a.max_gradient.value
        bound = _number(extremum.value)
        if not mpmath.isinf(bound):
            ordered = sorted(s.values.items())
            tol = _tolerance(a.max_gradient, bound, "1e-8")
            for (t1, v1), (t2, v2) in itertools.pairwise(ordered):
                slope = abs(v2 - v1) / (t2 - t1)
                if slope > bound + tol + mpmath.mpf("1e-25") * s.scale / (t2 - t1):
                    report.fail(
                        f"max_gradient: secant slope {mpmath.nstr(slope, 12)} on [{t1}, {t2}]"
                        f" exceeds sup|f′| = {extremum.value}"
                    )
                    break
            if extremum.attained:
                for where in _points(extremum.where):
                    sides = [s.f.one_sided_slope_limit(where, side) for side in (-1, 1)]
                    sides = [abs(v) for v in sides if v is not None]
                    tol = _tolerance(a.max_gradient, bound, "1e-6")
                    if sides and min(abs(v - bound) for v in sides) > tol:
                        report.fail(
                            f"max_gradient: {extremum.value} claimed attained at {where},"
                            f" |f′| there is {[mpmath.nstr(v, 12) for v in sides]}"
                        )
    if a.gradient_range.known:
        image = a.gradient_range.value
        lower, upper = _number(image.lower.value), _number(image.upper.value)
        for t in s.away():
            slope = s.f.slope(t)
            if slope is None:
                continue
            tol = _tolerance(a.gradient_range, slope, "1e-7")
            if not lower - tol <= slope <= upper + tol:
                report.fail(
                    f"gradient_range: f′({t}) ≈ {mpmath.nstr(slope, 12)} outside {image.set}"
                )
                break
    if a.derivative.known:
        engine_slope = Reference(a.derivative.value)
        curvature = Reference(a.second_derivative.value) if a.second_derivative.known else None
        for t in s.away("1e-4")[::3]:
            expected, got = s.f.slope(t), engine_slope(t)
            if expected is None or got is None:
                continue
            if curvature is not None and _oscillates_within_step(curvature(t), got, t):
                continue  # no central difference resolves sinc(eˣ) at x = 18.5 or 1000
            if abs(expected - got) > mpmath.mpf("1e-7") * (1 + abs(expected)):
                # a step a million times smaller before calling it a lie: sinc(x²/(1 +
                # e^{1.702x})) oscillates with period 3·10⁻⁶ at x = −10⁶, finer than the
                # 10⁻⁶ step (the fuzzer's one report of this kind)
                refined = s.f.slope(t, "1e-18")
                if refined is not None and abs(refined - got) <= mpmath.mpf("1e-7") * (
                    1 + abs(refined)
                ):
                    continue
                # and at 400 digits: 1 + erf(−28) cancels 345 digits, so at 50 both the
                # definition and the claimed f′ of GELU(x)/e^{−x²} at −39.75 were noise
                # (found by fuzzing; the engine's f′ is right)
                with mpmath.workdps(400):
                    precise, claimed = s.f.slope(t), engine_slope(t)
                    if None not in (precise, claimed) and abs(precise - claimed) <= mpmath.mpf(
                        "1e-7"
                    ) * (1 + abs(precise)):
                        continue
                report.fail(f"derivative: f′({t}) = {got}, finite difference {expected}")
                break


def _oscillates_within_step(curvature, slope, t, h: str = "1e-12") -> bool:
    """Whether a central difference's truncation error, about (h·|f″|)²/6 relative to
    f′ for an oscillation, can reach a tenth of the 1e-7 tolerance; f″ and f′ as the
    engine derives them (a gate only: the slope is compared with the definition's
    central difference)."""
    if curvature is None:
        return False
    step = mpmath.mpf(h) * max(1, abs(t))
    return (step * abs(curvature)) ** 2 / 6 > mpmath.mpf("1e-8") * (1 + abs(slope)) ** 2


def _limit_contradicted(claim: mpmath.mpf, observed: list[mpmath.mpf | None]) -> str | None:
    """Whether values at |x| = 10¹² contradict a claimed limit ("unwitnessed" if unsure)."""
    seen = [v for v in observed if v is not None]
    if not seen:
        return None
    if mpmath.isinf(claim):
        if all(v * mpmath.sign(claim) < 1 for v in seen):
            return "contradicted"
        if all(v * mpmath.sign(claim) < 20 for v in seen):
            return "unwitnessed"
        return None
    if all(abs(v - claim) > mpmath.mpf("1e-3") * (1 + abs(claim)) for v in seen):
        return "contradicted"
    return None


FARTHER = [mpmath.mpf(10) ** p for p in (30, 100, 1000)]
"""|x| at which a limit not met at `HUGE` is looked for again (slow, logarithmic
approach)."""


def _value(s: Sample, which: str, t: mpmath.mpf) -> mpmath.mpf | None:
    return s.f(t) if which == "f" else s.f.slope(t, "1e-9")


def _approach_verdict(claim: mpmath.mpf, values: list[mpmath.mpf | None]) -> str | None:
    """For ``values`` at growing |x|: None when the last is within 10⁻³ of ``claim``,
    "unwitnessed" when it is nearer than the first but not there yet, else
    "contradicted"."""
    if any(v is None for v in values):
        return None
    gaps = [abs(v - claim) for v in values]
    if gaps[-1] <= mpmath.mpf("1e-3") * (1 + abs(claim)):
        return None
    return "unwitnessed" if gaps[-1] < gaps[0] / 2 else "contradicted"


def _check_oscillation(
    bounds: sp.AccumBounds, observed: list[mpmath.mpf | None], where: str, report: Report
) -> None:
    """No limit, its limit points filling [lo, hi]: the values far out lie in there."""
    low, high = _number(bounds.min), _number(bounds.max)
    slack = mpmath.mpf("1e-6") * (1 + abs(low) + abs(high))
    outside = [v for v in observed if v is not None and not low - slack <= v <= high + slack]
    if outside:
        report.fail(f"limits: {where} oscillates in {bounds}, sampled {outside}")


def check_limits(a: engine.Analysis, s: Sample, report: Report) -> None:
    if not a.limits.known:
        return
    for which, side in itertools.product(("f", "df"), ("-oo", "oo")):
        sign = -1 if side == "-oo" else 1
        points = [sign * h for h in HUGE]
        observed = [_value(s, which, t) for t in points]
        if isinstance(a.limits.value[which][side], sp.AccumBounds):
            _check_oscillation(a.limits.value[which][side], observed, f"{which} at {side}", report)
            continue
        claim = _number(a.limits.value[which][side])
        verdict = _limit_contradicted(claim, observed)
        if verdict == "contradicted" and mpmath.isfinite(claim):
            # a slow approach (1/log x): contradicted only if going farther out does
            # not bring the values toward the claim
            farther = [_value(s, which, sign * h) for h in FARTHER]
            verdict = _approach_verdict(claim, observed[-1:] + farther)
            observed += farther
        seen = [mpmath.nstr(v, 8) for v in observed if v is not None]
        message = f"limits: {which} → {a.limits.value[which][side]} at {side}, sampled {seen}"
        if verdict == "contradicted":
            report.fail(message)
        elif verdict == "unwitnessed":
            report.unwitnessed.append(message)


def check_origin(a: engine.Analysis, s: Sample, report: Report) -> None:
    zero = mpmath.mpf(0)
    if a.f0.known:
        v, claim = s.f(zero), _number(a.f0.value)
        if v is None or abs(v - claim) > _tolerance(a.f0, claim):
            report.fail(f"f0: claimed {a.f0.value}, f(0) = {v}")
    if a.df0.known and a.df0.value is not None:
        claim = _number(a.df0.value)
        sides = [s.f.one_sided_slope_limit(zero, side) for side in (-1, 1)]
        if 0 not in s.breakpoints:
            sides = [s.f.slope(zero)]
        for v in sides:
            if v is not None and abs(v - claim) > _tolerance(a.df0, claim, "1e-6"):
                report.fail(f"df0: claimed {a.df0.value}, difference quotient {v}")
                break


def check_symmetry(a: engine.Analysis, s: Sample, report: Report) -> None:
    for name, sign in (("odd", -1), ("even", 1)):
        derived = getattr(a, name)
        if not derived.known:
            continue
        gaps = []
        for t in (p for p in s.points if p > 0):
            v, w = s.values.get(t), s.values.get(-t)
            if v is not None and w is not None:
                gaps.append((t, abs(w - sign * v), mpmath.mpf("1e-20") * (1 + abs(v))))
        if derived.value.holds:
            bad = [t for t, gap, tol in gaps if gap > tol]
            if bad:
                report.fail(
                    f"{name}: claimed, but f(−{bad[0]}) ≠ {'−' if sign < 0 else ''}f({bad[0]})"
                )
        elif not any(gap > 1e3 * tol for _, gap, tol in gaps):
            report.unwitnessed.append(f"{name}: claimed false, samples are {name}")


def check_breakpoints(a: engine.Analysis, s: Sample, report: Report) -> None:
    if a.kinks.known:
        for kink in a.kinks.value:
            at = _number(kink.at)
            for side, claim in ((-1, kink.left), (1, kink.right)):
                got, expected = s.f.one_sided_slope_limit(at, side), _number(claim)
                if got is None or expected is None:
                    continue
                if abs(got - expected) > mpmath.mpf("1e-6") * (1 + abs(expected)):
                    report.fail(f"kinks: at {kink.at} side {side}: claimed {claim}, found {got}")
    if not a.continuity.known:
        return
    k = a.continuity.value.k
    jumps = []
    for b in s.breakpoints:
        value = s.f(b)
        near = [s.f(b + side * mpmath.mpf("1e-20")) for side in (-1, 1)]
        if value is None or None in near:
            continue
        jumps.append(max(abs(v - value) for v in near) > mpmath.mpf("1e-12") * (1 + abs(value)))
    if k == -1 and not any(jumps):
        report.unwitnessed.append("continuity: C^-1 claimed, no jump found at the breakpoints")
    if k != -1 and any(jumps):
        report.fail(f"continuity: C^{k} claimed, but f jumps at a breakpoint")
    if k != -1 and k >= 1:
        if a.kinks.known and a.kinks.value:
            report.fail(f"continuity: C^{k} claimed with kinks {a.kinks.value}")
        for b in s.breakpoints:
            sides = [s.f.one_sided_slope_limit(b, side) for side in (-1, 1)]
            if None not in sides and abs(sides[0] - sides[1]) > mpmath.mpf("1e-5") * (
                1 + abs(sides[0])
            ):
                report.fail(f"continuity: C^{k} claimed, f′ jumps at {b}: {sides}")


def check_dead(a: engine.Analysis, s: Sample, report: Report) -> None:
    if not a.dead_set.known:
        return
    for interval in _intervals(a.dead_set.value):
        for t in _sample_interval(interval, 5):
            slope = s.f.slope(t)
            if slope is not None and abs(slope) > mpmath.mpf("1e-15") * (1 + s.scale):
                report.fail(f"dead_set: f′({t}) ≈ {mpmath.nstr(slope, 8)} inside {interval}")
                return


@lru_cache(maxsize=1 << 17)
def _density(t: mpmath.mpf, prec: int) -> mpmath.mpf:
    """φ(t) = e^{−t²/2}/√(2π) at precision ``prec`` (memoised: the quadrature nodes are the
    same for every formula with the same breakpoints)."""
    with mpmath.workprec(prec):
        return mpmath.exp(-t * t / 2) / mpmath.sqrt(2 * mpmath.pi)


def _gaussian(g: Callable, breaks: list[mpmath.mpf]) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    def integrand(t):
        v = g(t)
        return mpmath.mpf(0) if v is None else v * _density(t, mpmath.mp.prec)

    # 0 and ±4 as nodes: tanh-sinh on (−∞, 28.4] alone misses the bump of φ at 0 and
    # reports ~0 with a tiny error estimate (found: min(10π, x + 3))
    inner = {b for b in breaks if abs(b) < 50} | {mpmath.mpf(p) for p in (-4, 0, 4)}
    nodes = [-mpmath.inf, *sorted(inner), mpmath.inf]
    with mpmath.workdps(25):
        value, error = mpmath.quad(integrand, nodes, error=True)
    if not mpmath.isfinite(value) or error > mpmath.mpf("1e-12") * (1 + abs(value)):
        return None
    return value, error


def check_gaussian(a: engine.Analysis, s: Sample, report: Report) -> None:
    moments = {
        "gaussian_mean": s.f,
        "gaussian_second_moment": lambda t: None if (v := s.f(t)) is None else v * v,
    }
    if a.continuity.known and a.continuity.value.k != -1:
        # Stein's identity E[f′(Z)] = E[Z f(Z)] for absolutely continuous f.
        moments["gaussian_grad_mean"] = lambda t: None if (v := s.f(t)) is None else t * v
    for name, integrand in moments.items():
        derived = getattr(a, name)
        if not derived.known:
            continue
        claim = _number(derived.value)
        if claim is None or mpmath.isinf(claim):
            continue
        found = _gaussian(integrand, s.breakpoints)
        if found is None:
            report.skipped.append(f"{name}: quadrature did not converge")
            continue
        value, error = found
        if abs(value - claim) > _tolerance(derived, value, "1e-8") + 10 * error:
            report.fail(
                f"{name}: claimed {mpmath.nstr(claim, 15)}, quadrature {mpmath.nstr(value, 15)}"
            )


def check_linearity(a: engine.Analysis, s: Sample, report: Report) -> None:
    if not a.nonlinearity.known:
        return
    proof = a.nonlinearity.value
    if proof.linear:
        slope = _number(proof.slope)
        bad = [
            t
            for t, v in s.values.items()
            if abs(v - slope * t) > mpmath.mpf("1e-20") * (1 + abs(v))
        ]
        if bad:
            report.fail(
                f"nonlinearity: linear with slope {proof.slope} claimed, f({bad[0]}) differs"
            )
        return
    f = s.f
    for witness in (proof.additivity, proof.homogeneity):
        if witness is None:
            continue
        inputs = {k: _number(v) for k, v in witness.inputs.items()}
        if witness.law == "additivity":
            a_, b_ = inputs["a"], inputs["b"]
            lhs, rhs = f(a_ + b_), (None if None in (f(a_), f(b_)) else f(a_) + f(b_))
        else:
            k_, a_ = inputs["k"], inputs["a"]
            lhs, rhs = f(k_ * a_), (None if f(a_) is None else k_ * f(a_))
        if lhs is None or rhs is None:
            continue
        if abs(lhs - rhs) < mpmath.mpf("1e-25"):
            report.fail(f"nonlinearity: witness {witness.statement} but both sides agree")
        if abs(lhs - _number(witness.lhs)) > mpmath.mpf("1e-15") * (1 + abs(lhs)):
            report.fail(f"nonlinearity: witness lhs {witness.lhs} but f gives {lhs}")


def check_curvature(a: engine.Analysis, s: Sample, report: Report) -> None:
    """sup |f″| bounds the sampled |f″|; convexity holds on each reported interval
    (chords of neighbouring samples lie above the graph for convex, below for concave)."""
    if a.derivative_lipschitz.known:
        claim = _number(a.derivative_lipschitz.value)
        if claim is not None and mpmath.isfinite(claim):
            for t in s.away("1e-4")[::2]:
                curvature = s.f.curvature(t)
                tol = _tolerance(a.derivative_lipschitz, claim, "1e-6")
                if curvature is not None and abs(curvature) > claim + tol:
                    report.fail(
                        f"derivative_lipschitz: |f″({t})| ≈ {mpmath.nstr(abs(curvature), 12)}"
                        f" exceeds the claimed sup |f″| = {a.derivative_lipschitz.value}"
                    )
                    break
    if a.convexity.known:
        for interval, kind in a.convexity.value.intervals:
            sign = {"convex": 1, "concave": -1}.get(kind)
            if sign is None:
                continue
            points = _sample_interval(interval, 16)
            for left, mid, right in zip(points, points[1:], points[2:], strict=False):
                values = [s.f(t) for t in (left, mid, right)]
                if None in values:
                    continue
                weight = (mid - left) / (right - left)
                chord = values[0] + weight * (values[2] - values[0])
                scale = max(abs(v) for v in values)
                if sign * (chord - values[1]) < -mpmath.mpf("1e-20") * (1 + scale):
                    report.fail(f"convexity: f is not {kind} on {interval} (at {mid})")
                    break


def check_consistency(a: engine.Analysis, s: Sample, report: Report) -> None:
    """Properties derived from others agree with them."""
    if a.argmin.known and a.argmin.value is not None and a.range.known:
        lower = _number(a.range.value.lower.value)
        for where in _points((a.argmin.value,)):
            v = s.f(where)
            if v is None or abs(v - lower) > _tolerance(a.range, lower, "1e-6"):
                report.fail(f"argmin: f({where}) = {v}, range's lower end {lower}")
    if a.bounded.known and a.range.known:
        image = a.range.value
        expected = {"below": image.lower.value != -sp.oo, "above": image.upper.value != sp.oo}
        if a.bounded.value != expected:
            report.fail(f"bounded: {a.bounded.value} but range {image.set}")
    if a.lipschitz.known and a.max_gradient.known and a.continuity.known:
        expected = sp.oo if a.continuity.value.k == -1 else a.max_gradient.value.value
        if a.lipschitz.value != expected:
            report.fail(f"lipschitz: {a.lipschitz.value}, expected {expected}")


CHECKS = (
    check_range,
    check_monotonic,
    check_gradient,
    check_limits,
    check_origin,
    check_symmetry,
    check_breakpoints,
    check_dead,
    check_gaussian,
    check_linearity,
    check_curvature,
    check_consistency,
)


def check_all(a: engine.Analysis) -> Report:
    """Every check on one analysis; a check that cannot evaluate in time is skipped."""
    report = Report()
    with mpmath.workdps(DPS):
        f = Reference(a.function)
        try:
            with time_budget(EVALUATION_SECONDS):
                samples = sample(f, a)
        except BudgetExceeded:
            report.skipped.append("sampling the definition took too long")
            return report
        for check in CHECKS:
            try:
                with time_budget(EVALUATION_SECONDS):
                    check(a, samples, report)
            except BudgetExceeded:
                report.skipped.append(f"{check.__name__}: reference evaluation took too long")
            except Exception as error:  # the checker's own limits, reported, not hidden
                report.skipped.append(f"{check.__name__}: checker error {error!r}")
    return report


# --------------------------------------------------------------------------------------
# Running the engine under a stopwatch.
# --------------------------------------------------------------------------------------


@contextmanager
def step_cpu_times() -> Iterator[list[tuple[float | None, float, str]]]:
    """Record (budget, CPU seconds used, step name) of every budgeted step of the engine."""
    log: list[tuple[float | None, float, str]] = []
    original = engine.attempt

    def timed(step, seconds):
        name = str(sys._getframe(1).f_locals.get("name", "?"))  # analysis._Runner.run's
        start = time.process_time()
        try:
            return original(step, seconds)
        finally:
            log.append((seconds, time.process_time() - start, name))

    engine.attempt = timed
    try:
        yield log
    finally:
        engine.attempt = original


@dataclass
class Outcome:
    formula: str
    status: str  # "refused", "analysed", "raised"
    failures: list[str] = field(default_factory=list)
    unwitnessed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    cpu: float = 0.0
    wall: float = 0.0
    undetermined: int = 0


def run_case(formula: str) -> Outcome:
    """Parse, define, analyse under budgets, check; never raises for the engine's sake."""
    try:
        activation = symact.define("fuzzed", formula)
    except symact.InvalidDefinition:
        return Outcome(formula, "refused")
    except Exception as error:  # define must refuse with InvalidDefinition, nothing else
        return Outcome(formula, "raised", [f"define raised {type(error).__name__}: {error}"])
    # What earlier cases left on the heap is collected and frozen here, as in a fresh
    # process: a full collection scans the whole heap in one uninterruptible pause that
    # the alarm can only follow (measured in one process: 0.07 s after one case, 0.22 s
    # after 125), and it was charged to whichever step it fell in.
    gc.collect()
    gc.freeze()
    start_cpu, start_wall = time.process_time(), time.monotonic()
    with step_cpu_times() as steps:
        try:
            a = engine.analyze_uncached(activation, STEP_SECONDS, TOTAL_SECONDS)
        except Exception as error:  # anything escaping the engine is a bug
            return Outcome(formula, "raised", [f"engine raised {type(error).__name__}: {error}"])
    outcome = Outcome(formula, "analysed")
    outcome.cpu = time.process_time() - start_cpu
    outcome.wall = time.monotonic() - start_wall
    outcome.undetermined = sum(not d.known for d in a.properties().values())
    for seconds, used, name in steps:
        if seconds is not None and used > seconds + CPU_MARGIN:
            outcome.failures.append(f"budget: step {name} of {seconds:g} s used {used:.2f} s CPU")
    if outcome.cpu > TOTAL_SECONDS + CPU_MARGIN + 1.0:
        outcome.failures.append(f"budget: the analysis used {outcome.cpu:.2f} s CPU")
    report = check_all(a)
    outcome.failures += report.failures
    outcome.unwitnessed, outcome.skipped = report.unwitnessed, report.skipped
    return outcome


# --------------------------------------------------------------------------------------
# The tests.
# --------------------------------------------------------------------------------------

FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("SYMACT_FUZZ_EXAMPLES", "8")),
    deadline=None,
    derandomize="SYMACT_FUZZ_LOG" not in os.environ,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@FUZZ_SETTINGS
@given(formulas())
def test_engine_never_lies(formula):
    """A random formula: no unexpected exception, budgets kept, every claim holds."""
    outcome = run_case(formula)
    log = os.environ.get("SYMACT_FUZZ_LOG")
    if log:  # the long session: record and carry on
        with open(log, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(vars(outcome), ensure_ascii=False) + "\n")
        return
    assume(outcome.status != "refused")
    assert not outcome.failures, f"{formula}: {outcome.failures}"


@pytest.mark.parametrize(
    "formula",
    [
        "relu(x) - relu(-x)",
        "where(x > 1, x**2, exp(x))",
        "sign(x)*tanh(x)",
        "x + sin(x)",  # f′ = 1 + cos x oscillates in [0, 2]
    ],
)
def test_checks_accept_known_good_analyses(formula):
    """The checker itself: hand-picked formulas the engine handles pass every check."""
    outcome = run_case(formula)
    assert outcome.status == "analysed" and not outcome.failures, outcome.failures


def test_checks_catch_a_lie():
    """The checker can fail: a range, a monotonicity, sup |f″| and convexity deliberately
    falsified are caught."""
    from dataclasses import replace

    from symact.provenance import exact

    a = engine.analyze_uncached(symact.define("square", "x**2"), STEP_SECONDS, TOTAL_SECONDS)
    image = a.range.value
    lie = replace(image, lower=replace(image.lower, value=sp.Integer(1)))
    flat = replace(a.monotonic.value, kind="increasing")
    concave = replace(a.convexity.value, intervals=((sp.Interval(-sp.oo, sp.oo), "concave"),))
    report = check_all(
        a.replaced(
            range=exact(lie),
            monotonic=exact(flat),
            derivative_lipschitz=exact(sp.Integer(1)),  # sup |f″| is 2
            convexity=exact(concave),
        )
    )
    for name in ("range", "monotonic", "derivative_lipschitz", "convexity"):
        assert any(f.startswith(name) for f in report.failures), name


def test_found_sympy_wrong_limit_at_infinity():
    """Found by fuzzing as x − 3 − repsu(x): SymPy's limit of x/2 − x/(2(1 + e^{−x})) − 3
    at ∞ is 0; it is −3. The engine now cross-checks limits at ±∞ against far values."""
    a = engine.analyze_uncached(symact.define("t", "x - 3 - repsu(x)"))
    assert a.limits.value["f"]["oo"] == -3
    assert not check_all(a).failures


def test_found_quadrature_missing_the_bump():
    """Found by fuzzing as min(πx/(0.1x), x + 3) = min(10π, x + 3): the checker's
    quadrature over (−∞, 10π − 3] alone returned ~0 (a checker false positive)."""
    a = engine.analyze_uncached(symact.define("u", "min(10*pi, x + 3)"))
    assert not check_all(a).failures


def test_found_convex_run_across_a_jump():
    """Found by fuzzing as where(x < 2, exp(x), -2x): convex on (−∞, 2] was claimed, but
    f drops from e² to −4 at 2; the runs of a discontinuous f stop at its breakpoints."""
    a = engine.analyze_uncached(symact.define("t", "where(x < 2, exp(x), -(2*x))"))
    assert (sp.Interval.open(-sp.oo, 2), "convex") in a.convexity.value.intervals
    assert not check_all(a).failures


def test_found_derivative_of_a_fast_oscillation():
    """Found by fuzzing as sinc(exp(x)): at x = 18.5 a central difference with step
    1e-12·|x| spans a noticeable part of a period (at x = 1000, e^{1000} of them); such
    points have no reference slope and are skipped."""
    a = engine.analyze_uncached(symact.define("t", "sinc(exp(x))"))
    assert not [f for f in check_all(a).failures if f.startswith("derivative")]


def test_found_sinc_curvature_at_its_removable_singularity():
    """The image of sinc″ dropped x = 0 (0/0 in the formula, f″(0) = −1/3) and claimed
    sup |f″| ≈ 0.2487; found by the dense check added with `check_curvature`."""
    a = engine.analyze_uncached(symact.define("s", "sinc(x)"))
    assert a.derivative_lipschitz.known
    assert not check_all(a).failures


# --------------------------------------------------------------------------------------
# What the long fuzzing session found (minimal reproducers), kept as regressions.
# --------------------------------------------------------------------------------------


def test_found_tan_has_poles():
    """Found by fuzzing as Piecewise((tan(x), x < 0.5), (tan(x), True)): the engine used
    to claim range {0}; a definition with poles on ℝ is now refused."""
    with pytest.raises(symact.InvalidDefinition, match="singularities"):
        symact.define("fuzzed", "tan(x)")
    with pytest.raises(symact.InvalidDefinition, match="singularities"):
        symact.define("fuzzed", "where(x < 0.5, tan(x), tan(x))")


def test_found_define_refuses_pole_inside_max():
    """Found by fuzzing: max(x, 1/x) is not finite at 0; define must say so."""
    with pytest.raises(symact.InvalidDefinition):
        symact.define("fuzzed", "max(x, (1)/(x))")


def test_found_derivative_oscillating_finer_than_the_step():
    """sinc(x²/(1 + e^{1.702x})) at x = −10⁶: f′ ≈ −2·10⁻⁶ cos(10¹²) oscillates with
    period 3·10⁻⁶; the 10⁻⁶ central difference averaged it away and the check reported
    the engine's right f′ as a lie."""
    a = engine.analyze_uncached(
        symact.define("t", "sinc(((x)*(x))/(1 + abs(exponential(1.702*x))))"),
        STEP_SECONDS,
        TOTAL_SECONDS,
    )
    assert not [f for f in check_all(a).failures if f.startswith("derivative")]


def test_found_logarithmically_slow_limit():
    """f′ → 0 as 1/(2 log x): 0.017 at x = 10¹², which the limit check took for a lie."""
    a = engine.analyze_uncached(symact.define("t", "hard_shrink(x)/(1 + abs(log(1 + x**2)))"))
    assert a.limits.known and a.limits.value["df"]["oo"] == 0
    assert not check_all(a).failures


def test_found_reference_rounding_an_integer_branch():
    """Found by fuzzing: elu(2)/(1 + |Piecewise((2, x < 1), (2x, True))|). The reference
    computed the constant branch 2/(|2| + 1) in Python floats, and the checker saw f rise
    by 1e-17 on [0.999999999, 1), against the engine's exact "constant there"."""
    f = Reference(
        sp.Integer(2) / (1 + sp.Abs(sp.Piecewise((2, symact.x < 1), (2 * symact.x, True))))
    )
    with mpmath.workdps(50):
        assert f(mpmath.mpf("0.5")) == mpmath.mpf(2) / 3
    outcome = run_case("elu(2)/(1 + abs(where(x < 1, 2, 2*x)))")
    assert outcome.status == "analysed" and not outcome.failures, outcome.failures


def test_found_cancellation_beyond_the_working_precision():
    """Found by fuzzing: GELU(x)/e^{−x²}/(…) at x = −39.75, where 1 + erf(x/√2) cancels
    345 digits. At 50 digits the definition's finite difference was 0 and the claimed f′
    −1.28e344; at 400 digits both are +1.2818e344. The checker now re-checks there
    before reporting; the engine's derivative was right. And tanh(cosh(0.044715x)):
    mpmath's quadrature node near 1e20 raised MemoryError, which the engine now reports
    as an undetermined step instead of failing."""
    outcome = run_case("((gelu(x))/(gaussian(x)))/(1 + abs((-(x))/(1 + abs(1.702*x))))")
    assert not any(f.startswith("derivative") for f in outcome.failures), outcome.failures
    outcome = run_case("tanh(cosh(0.044715*x))")
    assert outcome.status == "analysed", outcome.failures


def test_found_solveset_failing_inside():
    """Found by fuzzing: SymPy's solveset raised ``KeyError: b_`` (its image-set
    handler) on f″ of sinc(2/(1 + |2x|)), and the gradient step failed; the closed-form
    attempt now counts as giving up, and root isolation takes over."""
    outcome = run_case("sinc((2)/(1 + abs(-2*x)))")
    assert outcome.status == "analysed" and not outcome.failures, outcome.failures


def test_found_solveset_missing_a_root():
    """Found by fuzzing as elish(3x): SymPy's solveset gives the empty set for f′ on
    (−∞, 0), whose zero is log(√2 − 1)/3, so the range came out as [0, ∞) and f
    "decreasing" on (−∞, 0). A list of zeros is now rejected when f′ takes both signs
    between two of them. Expected: f = (t − 1)t/(t + 1) at t = e^{3x} = √2 − 1, i.e.
    2√2 − 3 (derived by hand)."""
    from symact.image import _real_closed_forms
    from symact.symbols import x

    g = (sp.exp(3 * x) - 1) / (1 + sp.exp(-3 * x))
    assert _real_closed_forms(sp.diff(g, x), -sp.oo, 0) is None
    a = engine.analyze_uncached(symact.define("t", "elish(3*x)"))
    lower = a.range.value.lower
    assert abs(float(lower.value) - float(2 * sp.sqrt(2) - 3)) <= 1e-15
    where = float(sp.log(sp.sqrt(2) - 1) / 3)
    assert abs(float(a.argmin.value) - where) <= 1e-15
    assert not check_all(a).failures


def test_found_dirac_delta_in_the_sign_probe():
    """Found by fuzzing (session 9): the probe for a zero missing from solveset's list
    evaluates f′ in mpmath, which has no DiracDelta; the NameError failed the gradient
    step. Such a point is now skipped, as one that cannot be evaluated."""
    outcome = run_case("(1.702)/(1 + abs(Piecewise((1*x, x < 1), ((x)/(1 + abs(-e*x)), True))))")
    assert outcome.status == "analysed" and not outcome.failures, outcome.failures


def test_found_complex_infinity_in_a_branch():
    """Found by fuzzing as sinc(binary_step(x)): a derivative holding zoo (0/0 at the
    step's value 0) made the checker's mpmath printer raise KeyError: 'ComplexInfinity';
    zoo is now NaN there, an undefined reference value."""
    outcome = run_case("sinc(binary_step(x))")
    assert outcome.status == "analysed" and not outcome.failures, outcome.failures
