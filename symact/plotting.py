r"""Plots of an activation and its derivatives, drawn from the derived pieces.

:func:`plot_activation` draws $f$, $f'$ and $f''$ side by side on the activation's
natural window (:attr:`symact.catalog.Spec.window`). Each smooth segment of
:attr:`Analysis.pieces <symact.analysis.Analysis.pieces>` is sampled and drawn on its
own, so a jump is a real gap and never a vertical line; breakpoints where the drawn
function has a kink or a jump carry markers (filled: the value there; open: a one-sided
limit that is not the value). Horizontal asymptotes are dashed, the dead-gradient set
($f' \equiv 0$) and the vanishing-gradient tails ($|f'| < 10^{-2}$ towards an end
where $f' \to 0$) are shaded. :func:`overlay` draws several activations on one axes.

Values are computed with mpmath, point by point, so no overflow or invalid-value
warning can arise. The output is deterministic: the same input writes the same bytes
(fixed SVG hash salt, no dates, no software versions in the metadata). Colours are
chosen to read on both a white and a near-black page, on a transparent background.
"""

from __future__ import annotations

import math
import pathlib
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import matplotlib
import mpmath
import numpy as np
import sympy as sp
from matplotlib.figure import Figure

from .budget import BudgetExceeded, time_budget
from .calculus import derivative_pieces
from .huge import mpmath_function
from .pieces import Pieces, Segment
from .symbols import x

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .activation import Activation
    from .analysis import Analysis

SAMPLES = 600
"""Points sampled across the window per function (shared among its segments)."""

VANISHING_THRESHOLD = 1e-2
"""|f′| below this, towards an end where f′ → 0, is shaded as a vanishing-gradient tail."""

DEFAULT_WINDOW = (-5.0, 5.0)
POINT_SECONDS = 0.1
"""CPU budget for one plotted value (`_evaluator`); a value that takes longer is ``nan``."""
GIVE_UP_AFTER = 3
"""Values out of time after which an expression is no longer evaluated (all ``nan``)."""

# Theme-neutral palette: mid lightness, mid saturation; readable on #ffffff and #1e1e1e.
NEUTRAL = "#888888"
CURVE_COLOURS = ("#4a90d9", "#e07b39", "#3aa17e")  # f, f′, f″
OVERLAY_COLOURS = (
    "#4a90d9",
    "#e07b39",
    "#3aa17e",
    "#d0508a",
    "#9b7fd4",
    "#c9a227",
    "#3fa7b5",
    "#a97a5a",
)
DEAD_COLOUR = "#d65f5f"
VANISHING_COLOUR = "#a77fd6"
SHADE_ALPHA = 0.2

PANEL_TITLES = ("f(x)", "f′(x)", "f″(x)")

_RC = {
    "svg.hashsalt": "symact",
    "svg.fonttype": "none",
    "path.simplify": True,
    "font.size": 9,
    "text.color": NEUTRAL,
    "axes.labelcolor": NEUTRAL,
    "axes.edgecolor": NEUTRAL,
    "axes.titlecolor": NEUTRAL,
    "xtick.color": NEUTRAL,
    "ytick.color": NEUTRAL,
    "legend.labelcolor": NEUTRAL,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
}

_METADATA = {
    ".svg": {"Date": None, "Creator": None},
    ".png": {"Software": None},
}
_FORMATS = {".svg": "svg", ".png": "png"}
PNG_DPI = 150


@dataclass(frozen=True)
class SampledSegment:
    """One smooth segment clipped to the window, sampled.

    Attributes:
        lo: Left end of the sampled part (the segment's end or the window's).
        hi: Right end of the sampled part.
        x: Sample abscissae, increasing, from ``lo`` to ``hi`` inclusive.
        y: Values of the segment's expression; ``nan`` where it is not a finite real.
    """

    lo: float
    hi: float
    x: np.ndarray
    y: np.ndarray


@dataclass(frozen=True)
class _Marker:
    """A dot at a breakpoint: filled for the value there, open for a one-sided limit."""

    x: float
    y: float
    filled: bool


# --------------------------------------------------------------------------------------
# Numerics.
# --------------------------------------------------------------------------------------


def _to_float(value: object) -> float:
    """An mpmath (or Python) number as a float; ``nan`` unless it is a finite real."""
    try:
        if isinstance(value, mpmath.mpc):
            if abs(value.imag) > 1e-12 * max(1.0, abs(value.real)):
                return math.nan
            value = value.real
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return math.nan
    return result if math.isfinite(result) else math.nan


def _evaluator(expr: sp.Expr) -> Callable[[float], float]:
    """``expr`` (in ``x``) as a float function evaluated with mpmath; ``nan`` on failure.

    Each value gets `POINT_SECONDS` of CPU time: one that takes longer is far beyond the
    float range (a user's $e^{e^{x^{20}}}$ at 3 has about $10^{9}$ digits before the point,
    and mpmath would spend minutes, or all memory, on it), so ``nan`` like any other
    overflow (and so is an exponential beyond `symact.huge`'s bound, which mpmath could not
    even allocate). After `GIVE_UP_AFTER` such points the expression is not tried again.
    """
    function = mpmath_function(expr)
    timeouts = 0

    def evaluate(point: float) -> float:
        nonlocal timeouts
        if timeouts >= GIVE_UP_AFTER:
            return math.nan
        try:
            with mpmath.workdps(30), time_budget(POINT_SECONDS):
                return _to_float(function(mpmath.mpf(point)))
        except BudgetExceeded:
            timeouts += 1
            return math.nan
        except (ArithmeticError, MemoryError, ValueError, TypeError):
            return math.nan

    return evaluate


def _quietly(compute: Callable[[], object]) -> object:
    """Run ``compute`` with numpy floating-point warnings and RuntimeWarnings suppressed."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return compute()


def _sympy_float(value: sp.Expr | None) -> float:
    if value is None:
        return math.nan
    try:
        with time_budget(POINT_SECONDS):
            return _to_float(sp.N(value, 30))
    except (TypeError, ValueError, ArithmeticError, MemoryError, BudgetExceeded):
        return math.nan


def sample_segments(
    pieces: Pieces, window: tuple[float, float], points: int = SAMPLES
) -> list[SampledSegment]:
    """Sample each segment of ``pieces`` that meets ``window`` separately.

    The ``points`` samples are shared among the segments in proportion to their length
    in the window (at least two each), and each segment is sampled up to and including
    its clipped ends, where the segment's expression gives the one-sided limit. Points
    where the expression is not a finite real number are ``nan``.

    Args:
        pieces: The function as smooth segments (``Analysis.pieces.value`` or derived).
        window: ``(left, right)`` of the plot.
        points: Total number of samples across the window.

    Returns:
        One :class:`SampledSegment` per segment meeting the window, left to right.
    """
    left, right = (float(window[0]), float(window[1]))
    if not left < right:
        raise ValueError(f"empty plot window {window!r}")
    width = right - left
    sampled = []
    for segment in pieces.segments:
        lo = left if segment.lo == -sp.oo else max(left, float(segment.lo))
        hi = right if segment.hi == sp.oo else min(right, float(segment.hi))
        if not lo < hi:
            continue
        count = max(2, round(points * (hi - lo) / width))
        xs = np.linspace(lo, hi, count)
        evaluate = _evaluator(segment.expr)
        ys = np.array(_quietly(lambda e=evaluate, xs=xs: [e(float(t)) for t in xs]), dtype=float)
        sampled.append(SampledSegment(lo, hi, xs, ys))
    return sampled


def _single(expr: sp.Expr) -> Pieces:
    return Pieces((Segment(-sp.oo, sp.oo, expr),), (), ())


def _pieces_of(activation: Activation, analysis: Analysis | None) -> Pieces:
    """The analysis' pieces, or the whole definition as one segment if they are unknown."""
    if analysis is not None and analysis.pieces.known and analysis.pieces.value is not None:
        return analysis.pieces.value
    return _single(activation.function)


def _derivatives(pieces: Pieces, orders: int) -> list[Pieces]:
    """``[pieces, pieces′, pieces″, ...]`` up to ``orders`` derivatives."""
    chain = [pieces]
    for _ in range(orders):
        try:
            chain.append(derivative_pieces(chain[-1]))
        except Exception:  # a one-sided limit SymPy cannot take: plot without point values
            previous = chain[-1]
            segments = tuple(Segment(s.lo, s.hi, sp.diff(s.expr, x)) for s in previous.segments)
            unknown = (None,) * len(previous.breakpoints)
            chain.append(Pieces(segments, previous.breakpoints, unknown))
    return chain


def _window(activation: Activation) -> tuple[float, float]:
    window = getattr(activation.spec, "window", None) or DEFAULT_WINDOW
    return float(window[0]), float(window[1])


# --------------------------------------------------------------------------------------
# Annotations: markers, asymptotes, shaded regions.
# --------------------------------------------------------------------------------------


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _markers(
    pieces: Pieces, window: tuple[float, float], kinked: Iterable[sp.Expr]
) -> list[_Marker]:
    """Markers at breakpoints in the window where the function jumps, is undefined, or
    is in ``kinked``: the value filled, differing one-sided limits open."""
    kinked = list(kinked)
    found: list[_Marker] = []
    for index, point in enumerate(pieces.breakpoints):
        at = _sympy_float(point)
        if not (window[0] <= at <= window[1]):
            continue
        left = _quietly(lambda i=index, a=at: _evaluator(pieces.segment_left_of(i).expr)(a))
        right = _quietly(lambda i=index, a=at: _evaluator(pieces.segment_right_of(i).expr)(a))
        value = _sympy_float(pieces.point_values[index])
        jumps = not (_close(left, value) and _close(right, value))
        if not (jumps or any(point == k for k in kinked)):
            continue
        if not math.isnan(value):
            found.append(_Marker(at, value, True))
        opens: list[float] = []
        for limit in (left, right):
            if math.isnan(limit) or _close(limit, value):
                continue
            if not any(_close(limit, seen) for seen in opens):
                opens.append(limit)
        found.extend(_Marker(at, limit, False) for limit in opens)
    return found


def _kink_points(chain: list[Pieces], order: int, analysis: Analysis | None) -> list[sp.Expr]:
    """Breakpoints where the ``order``-th derivative is not differentiable."""
    if order == 0 and analysis is not None and analysis.kinks.known:
        return [kink.at for kink in analysis.kinks.value]
    if order + 1 >= len(chain):
        return []
    following = chain[order + 1]
    return [
        b for b, v in zip(following.breakpoints, following.point_values, strict=True) if v is None
    ]


def _intervals(region: sp.Set | None, window: tuple[float, float]) -> list[tuple[float, float]]:
    """The intervals of a SymPy set (a union of intervals) clipped to the window."""
    if region is None or region is sp.S.EmptySet:
        return []
    parts = region.args if isinstance(region, sp.Union) else (region,)
    spans = []
    for part in parts:
        if not isinstance(part, sp.Interval):
            continue
        lo = window[0] if part.start == -sp.oo else max(window[0], _sympy_float(part.start))
        hi = window[1] if part.end == sp.oo else min(window[1], _sympy_float(part.end))
        if lo < hi:
            spans.append((lo, hi))
    return sorted(spans)


def _inside(t: float, spans: Sequence[tuple[float, float]]) -> bool:
    return any(lo <= t <= hi for lo, hi in spans)


def _vanishing_tails(
    derivative: list[SampledSegment],
    dead: Sequence[tuple[float, float]],
    sides: dict[str, bool] | None,
) -> list[tuple[float, float]]:
    """The runs of samples at either end of the window where 0 < |f′| < threshold outside the
    dead set, for the ends where f′ → 0 (both ends when that is unknown)."""
    if not derivative:
        return []
    xs = np.concatenate([s.x for s in derivative])
    ys = np.concatenate([s.y for s in derivative])
    small = [
        bool(abs(y) < VANISHING_THRESHOLD) and not _inside(float(t), dead)
        for t, y in zip(xs, ys, strict=True)
    ]
    tails = []
    if sides is None or sides.get("-oo", False):
        end = 0
        while end < len(small) and small[end]:
            end += 1
        if end >= 2:
            tails.append((float(xs[0]), float(xs[end - 1])))
    if sides is None or sides.get("oo", False):
        start = len(small)
        while start > 0 and small[start - 1]:
            start -= 1
        if len(small) - start >= 2:
            tails.append((float(xs[start]), float(xs[-1])))
    return tails


def _asymptotes(
    analysis: Analysis | None, pieces: Pieces, window: tuple[float, float]
) -> list[tuple[float, float, float]]:
    """Dashed asymptotes ``(level, from, to)``: each finite limit of f at ±∞ over the half
    of the window on its side (the whole window when both limits agree). A side whose
    outermost segment is constant is skipped: f *is* the line there, nothing to show."""
    if analysis is None or not analysis.limits.known:
        return []
    limits = analysis.limits.value.get("f", {})
    middle = (window[0] + window[1]) / 2
    outer = {"-oo": pieces.segments[0].expr, "oo": pieces.segments[-1].expr}
    halves = {"-oo": (window[0], middle), "oo": (middle, window[1])}
    found: list[tuple[float, float, float]] = []
    for side in ("-oo", "oo"):
        value = limits.get(side)
        if value is None or not (value.is_number and value.is_finite):
            continue
        if not outer[side].has(x):
            continue
        level = _sympy_float(value)
        if math.isnan(level):
            continue
        if found and _close(found[0][0], level):
            found[0] = (level, window[0], window[1])
            continue
        found.append((level, *halves[side]))
    return found


# --------------------------------------------------------------------------------------
# Drawing.
# --------------------------------------------------------------------------------------


def _style(axes: Axes, title: str | None) -> None:
    """Grey frame, light grid, transparent face; only the left and bottom spines."""
    axes.set_facecolor("none")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(NEUTRAL)
        axes.spines[side].set_alpha(0.8)
    axes.tick_params(colors=NEUTRAL, labelsize=8, length=3)
    axes.grid(True, color=NEUTRAL, alpha=0.18, linewidth=0.6)
    axes.axhline(0, color=NEUTRAL, alpha=0.45, linewidth=0.7, zorder=0.5)
    axes.axvline(0, color=NEUTRAL, alpha=0.45, linewidth=0.7, zorder=0.5)
    if title:
        axes.set_title(title, color=NEUTRAL, fontsize=10)


def _draw_segments(
    axes: Axes, segments: list[SampledSegment], colour: str, label: str | None = None
) -> None:
    for number, segment in enumerate(segments):
        axes.plot(
            segment.x,
            segment.y,
            color=colour,
            linewidth=1.8,
            solid_capstyle="round",
            zorder=3,
            label=label if number == 0 else None,
        )


def _draw_markers(axes: Axes, markers: list[_Marker], colour: str) -> None:
    for marker in markers:
        axes.plot(
            [marker.x],
            [marker.y],
            linestyle="none",
            marker="o",
            markersize=5,
            markeredgewidth=1.4,
            markeredgecolor=colour,
            markerfacecolor=colour if marker.filled else "none",
            zorder=4,
        )


def _fit_ylim(axes: Axes, segments: list[SampledSegment], extra: Sequence[float]) -> None:
    """Set the y-range for a constant function (±1 around it, not matplotlib's ±0.05), or
    clip it to the bulk of the samples when a few values blow up (poles); otherwise leave
    matplotlib's autoscaling alone."""
    values = np.concatenate([s.y for s in segments]) if segments else np.array([])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return
    everything = np.concatenate([values, np.asarray(extra, dtype=float)])
    if float(everything.max() - everything.min()) <= 1e-12 * max(1.0, abs(everything.max())):
        centre = float(everything.max())
        axes.set_ylim(centre - 1, centre + 1)
        return
    low, high = np.percentile(values, [2, 98])
    span = max(float(high - low), 1e-9)
    if values.max() > high + 3 * span or values.min() < low - 3 * span:
        lo = min([float(low) - 0.5 * span, *extra])
        hi = max([float(high) + 0.5 * span, *extra])
        axes.set_ylim(lo, hi)


def _shade(
    axes: Axes, spans: Sequence[tuple[float, float]], colour: str, label: str | None
) -> None:
    for number, (lo, hi) in enumerate(spans):
        axes.axvspan(
            lo,
            hi,
            color=colour,
            alpha=SHADE_ALPHA,
            linewidth=0,
            zorder=0,
            label=label if number == 0 else None,
        )


def _save(figure: Figure, path: pathlib.Path) -> None:
    """Write ``figure`` as SVG or PNG according to the suffix, reproducibly."""
    path = pathlib.Path(path)
    suffix = path.suffix.lower()
    kwargs = {"format": _FORMATS[suffix], "metadata": _METADATA[suffix]}
    if suffix == ".png":
        kwargs["dpi"] = PNG_DPI
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, transparent=True, **kwargs)


def _check_suffix(path: pathlib.Path) -> None:
    suffix = pathlib.Path(path).suffix.lower()
    if suffix not in _FORMATS:
        raise ValueError(
            f"cannot write a plot to {str(path)!r}: unknown suffix {suffix or '(none)'!r}; "
            f"use one of {', '.join(sorted(_FORMATS))}"
        )


def plot_activation(
    activation: Activation,
    analysis: Analysis | None,
    path: pathlib.Path,
    *,
    derivatives: bool = True,
) -> None:
    """Plot f (and f′, f″) of an activation to an SVG or PNG file.

    The panels cover the activation's natural window (``activation.spec.window``).
    Every smooth segment is drawn separately, so jumps stay gaps; kinks and jumps get
    markers (filled: the value; open: a one-sided limit that differs). Finite limits of
    f at ±∞ are dashed horizontal asymptotes; the dead-gradient set and the vanishing-
    gradient tails (|f′| < 10⁻² towards an end where f′ → 0) are shaded on every panel.

    Args:
        activation: The activation (catalog or :func:`symact.define`).
        analysis: Its :class:`~symact.analysis.Analysis`; with ``None`` (or undetermined
            fields) the plot falls back to the definition and leaves out what is unknown.
        path: Where to write; ``.svg`` or ``.png``.
        derivatives: Also draw f′ and f″ (three panels); otherwise f alone.

    Raises:
        ValueError: The suffix of ``path`` is neither ``.svg`` nor ``.png``.
    """
    _check_suffix(path)
    window = _window(activation)
    orders = 2 if derivatives else 0
    chain = _derivatives(_pieces_of(activation, analysis), orders + 1)
    sampled = [sample_segments(chain[k], window) for k in range(orders + 1)]
    gradient = sampled[1] if derivatives else sample_segments(chain[1], window)

    dead_value = analysis.dead_set.value if analysis and analysis.dead_set.known else None
    dead = _intervals(dead_value, window)
    sides = analysis.vanishing.value if analysis and analysis.vanishing.known else None
    vanishing = _vanishing_tails(gradient, dead, sides)
    asymptotes = _asymptotes(analysis, chain[0], window)

    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(9, 3) if derivatives else (4, 3), layout="constrained")
        grid = figure.subplots(1, orders + 1, squeeze=False)[0]
        for order, axes in enumerate(grid):
            _style(axes, PANEL_TITLES[order])
            first = order == 0
            _shade(axes, dead, DEAD_COLOUR, "dead gradient (f′ ≡ 0)" if first else None)
            _shade(
                axes,
                vanishing,
                VANISHING_COLOUR,
                "vanishing gradient (|f′| < 10⁻²)" if first else None,
            )
            if first:
                for number, (level, start, stop) in enumerate(asymptotes):
                    axes.plot(
                        [start, stop],
                        [level, level],
                        color=NEUTRAL,
                        linestyle=(0, (4, 3)),
                        linewidth=1.1,
                        zorder=2,
                        label="asymptote" if number == 0 else None,
                    )
            colour = CURVE_COLOURS[order]
            _draw_segments(axes, sampled[order], colour)
            kinked = _kink_points(chain, order, analysis)
            _draw_markers(
                axes, _quietly(lambda o=order, k=kinked: _markers(chain[o], window, k)), colour
            )
            _fit_ylim(axes, sampled[order], [a[0] for a in asymptotes] if first else [])
            axes.set_xlim(*window)
        handles, labels = grid[0].get_legend_handles_labels()
        if handles:
            figure.legend(
                handles,
                labels,
                loc="outside lower center",
                ncol=len(handles),
                frameon=False,
                fontsize=8,
                labelcolor=NEUTRAL,
            )
        _save(figure, path)


def overlay(
    activations_with_analyses: Sequence[tuple[Activation, Analysis | None]],
    path: pathlib.Path,
    title: str,
) -> None:
    """Draw several activations' f on one axes, e.g. to compare a family.

    The window is the union of the activations' natural windows. Each activation is
    drawn segment by segment in its own colour (jumps stay gaps), labelled with its
    title in a legend to the right.

    Args:
        activations_with_analyses: ``(activation, analysis)`` pairs, drawn in order; an
            analysis may be ``None`` (the definition is then drawn as one expression).
        path: Where to write; ``.svg`` or ``.png``.
        title: The axes title.

    Raises:
        ValueError: Nothing to draw, or the suffix is neither ``.svg`` nor ``.png``.
    """
    _check_suffix(path)
    pairs = list(activations_with_analyses)
    if not pairs:
        raise ValueError("overlay needs at least one activation")
    windows = [_window(activation) for activation, _ in pairs]
    window = (min(w[0] for w in windows), max(w[1] for w in windows))
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(6.5, 3.6), layout="constrained")
        axes = figure.subplots()
        _style(axes, title)
        for number, (activation, analysis) in enumerate(pairs):
            colour = OVERLAY_COLOURS[number % len(OVERLAY_COLOURS)]
            segments = sample_segments(_pieces_of(activation, analysis), window)
            label = getattr(activation.spec, "title", None) or activation.name
            _draw_segments(axes, segments, colour, label)
        axes.set_xlim(*window)
        figure.legend(loc="outside right upper", frameon=False, fontsize=8, labelcolor=NEUTRAL)
        _save(figure, path)


def thumbnail(activation: Activation, analysis: Analysis | None, path: pathlib.Path) -> None:
    """A small plot of f alone (no ticks, no labels) for tables of activations."""
    _check_suffix(path)
    window = _window(activation)
    segments = sample_segments(_pieces_of(activation, analysis), window, points=160)
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(1.2, 0.8))
        axes = figure.add_axes((0.02, 0.04, 0.96, 0.92))
        axes.set_axis_off()
        axes.axhline(0, color=NEUTRAL, alpha=0.5, linewidth=0.6)
        axes.axvline(0, color=NEUTRAL, alpha=0.5, linewidth=0.6)
        _draw_segments(axes, segments, CURVE_COLOURS[0])
        _fit_ylim(axes, segments, [])
        axes.set_xlim(*window)
        _save(figure, path)


DEPTH_LINESTYLES = ("-", (0, (5, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2)), (0, (3, 3)))
"""Line styles cycled in the depth plot, so coinciding series stay distinguishable."""


def depth_plot(series: Sequence[tuple[str, float]], path: pathlib.Path, depth: int = 50) -> None:
    r"""$m^L$ against depth $L = 1 … $ ``depth`` on a log scale, one line per
    ``(label, m)``: how a per-layer gradient factor $m$ compounds through depth."""
    _check_suffix(path)
    layers = np.arange(1, depth + 1)
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(6.5, 3.4), layout="constrained")
        axes = figure.subplots()
        _style(axes, "expected gradient factor through depth, E[f′(Z)]^L")
        axes.lines[0].remove()  # the y = 0 line has no place on a log scale
        axes.lines[0].remove()
        for number, (label, factor) in enumerate(series):
            colour = OVERLAY_COLOURS[number % len(OVERLAY_COLOURS)]
            axes.plot(
                layers,
                factor**layers,
                color=colour,
                linewidth=1.6,
                # dashes keep equal factors visible (ReLU's and GELU's are both 1/2)
                linestyle=DEPTH_LINESTYLES[number % len(DEPTH_LINESTYLES)],
                label=f"{label}: {factor:.4g}",
                zorder=3 + len(series) - number,  # earlier series drawn on top
            )
        axes.set_yscale("log")
        axes.set_xlabel("depth L")
        axes.set_xlim(1, depth)
        figure.legend(loc="outside right upper", frameon=False, fontsize=8, labelcolor=NEUTRAL)
        _save(figure, path)
