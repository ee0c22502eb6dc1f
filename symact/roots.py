r"""Certified isolation of the real roots of a smooth function.

`isolate_roots` finds every root of $h$ in an open interval $(a, b)$ by
branch-and-bound over interval enclosures (`symact.intervals`):

* a box where the enclosure of $h$ excludes $0$ holds no root;
* a box where the enclosure of $h'$ excludes $0$ holds at most one root, and exactly
  one iff $h$ changes sign between its ends; bisection then shrinks it to the
  requested width, so each root is known to within a certified bound;
* any other box is bisected, up to a limit on the work.

Boxes tile a finite window $[-L, L]$; beyond it (when the interval is unbounded) the
absence of roots is checked by interval enclosures on geometrically growing boxes
out to $|x| = 2^{128}$, where the search ends; where cancellation defeats the enclosures there, the
sign is checked at sample points instead and the result says so (`RootSet`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import mpmath
import sympy as sp
from mpmath import iv

from .budget import BudgetExceeded, time_budget
from .constants import plainly_nonzero
from .intervals import PRECISION_BITS, CannotEnclose, contains_zero, enclose
from .stable import enclosure_form, stable_form
from .symbols import x

WINDOW = 16
"""Half-width of the window tiled by unit boxes."""

FAR = 2**128
"""The search covers ``|x| <= FAR`` (past float32's largest value, ``3.4e38``)."""


class RootIsolationFailed(ValueError):
    """Roots could not be isolated within the work limit."""


@dataclass(frozen=True)
class Root:
    """A root of ``h``: exactly ``exact`` when known, else somewhere in ``[lo, hi]``."""

    lo: mpmath.mpf
    hi: mpmath.mpf
    exact: sp.Expr | None = None

    @property
    def mid(self) -> mpmath.mpf:
        """The midpoint of the enclosure, computed at the enclosure's precision."""
        with mpmath.mp.workprec(PRECISION_BITS + 40):
            return (self.lo + self.hi) / 2

    @property
    def radius(self) -> float:
        """Half the width of the enclosure: the certified error of `mid`."""
        with mpmath.mp.workprec(PRECISION_BITS + 40):
            return float((self.hi - self.lo) / 2)


NEWTON_STEPS = 30
"""Newton steps tried on a monotone box before bisection takes over."""


TILE_BOXES = 4000
"""Enclosures one tile may use before h is retried over one denominator."""

RATIONAL_SECONDS = 2.0
"""Time allowed to bring h and h′ over one denominator (``cancel(together(·))``)."""


def over_one_denominator(h: sp.Expr) -> sp.Expr:
    r"""h as one fraction with common factors cancelled: ``cancel(together(h))``.

    Equal to h wherever h is defined. A sum of ratios of exponentials such as
    $2(e^x - e^{-x})^2/(e^x + e^{-x})^2 - 2$ cancels to $\pm 1$ in each term as
    $x \to \pm\infty$, which interval arithmetic cannot resolve; over one denominator
    the cancellation has been done symbolically.
    """
    return sp.cancel(sp.together(h))


@dataclass
class _Search:
    h: sp.Expr
    dh: sp.Expr
    tolerance: mpmath.mpf
    max_boxes: int
    boxes: int = 0
    rational: sp.Expr | None = None
    raw: sp.Expr | None = None
    tile_start: int = 0

    @classmethod
    def of(cls, h: sp.Expr, tolerance: mpmath.mpf, max_boxes: int) -> _Search:
        """A search for the roots of ``h``: the `enclosure_form` of h and h′ is enclosed
        (GELU-tanh's f″: 2.0 s → 0.12 s with the common factor taken out)."""
        return cls(
            enclosure_form(h),
            enclosure_form(sp.diff(h, x)),
            tolerance,
            max_boxes,
            raw=h,
        )

    def enclose(self, expr: sp.Expr, lo: mpmath.mpf, hi: mpmath.mpf) -> iv.mpf:
        self.boxes += 1
        if self.boxes > self.max_boxes or self.boxes - self.tile_start > TILE_BOXES:
            raise RootIsolationFailed("work limit reached while isolating roots")
        return enclose(expr, iv.mpf([lo, hi]))

    def tile(self, lo: mpmath.mpf, hi: mpmath.mpf, max_depth: int = 60) -> list[Root]:
        """The roots in one tile, with at most `TILE_BOXES` enclosures."""
        self.tile_start = self.boxes
        return self.box(lo, hi, 0, max_depth)

    def rational_search(self) -> _Search | None:
        """The same search for h over one denominator, or None if that takes too long."""
        try:
            with time_budget(RATIONAL_SECONDS):
                h = over_one_denominator(self.raw)
                dh = over_one_denominator(sp.diff(h, x))
        except BudgetExceeded:
            return None
        return _Search(stable_form(h), stable_form(dh), self.tolerance, self.max_boxes, raw=h)

    def exact_zero_at(self, point: mpmath.mpf) -> sp.Expr | None:
        candidate = sp.nsimplify(sp.Float(point, 40), rational=True)
        at = self.h.subs(x, candidate)
        if plainly_nonzero(at):  # no simplify (0.2 s a point for GELU's far tiles)
            return None
        return candidate if sp.simplify(at) == 0 else None

    def sign_at(self, point: mpmath.mpf) -> int:
        """The sign of h at ``point`` (0: undecided), raising the precision up to 640 bits.

        Where cancellation defeats every precision (a ratio of exponentials at
        $x = -2^{100}$ differs from its limit in the $10^{10^{29}}$-th digit), the sign is
        read from h brought over one denominator (`rational_form`), which has no
        cancelling terms at a point.
        """
        forms = (self.rational_form(), self.h) if self.rational is not None else (self.h,)
        for form in forms:
            sign = self._sign_of(form, point)
            if sign != 0:
                return sign
        if self.rational is None:
            return self._sign_of(self.rational_form(), point)
        return 0

    def _sign_of(self, form: sp.Expr, point: mpmath.mpf) -> int:
        bits = PRECISION_BITS
        while bits <= 640:
            self.boxes += 1
            value = enclose(form, iv.mpf([point, point]), bits)
            if value.a > 0:
                return 1
            if value.b < 0:
                return -1
            bits *= 2
        return 0

    def rational_form(self) -> sp.Expr:
        """h over one denominator (`over_one_denominator`), in its stable form."""
        if self.rational is None:
            self.rational = stable_form(over_one_denominator(self.raw))
        return self.rational

    def box(
        self, lo: mpmath.mpf, hi: mpmath.mpf, depth: int = 0, max_depth: int = 60
    ) -> list[Root]:
        if not contains_zero(self.enclose(self.h, lo, hi)):
            return []
        if not contains_zero(self.enclose(self.dh, lo, hi)):
            return self.monotone_box(lo, hi)
        if depth > max_depth or hi - lo < self.tolerance:
            raise RootIsolationFailed(
                f"cannot separate roots near x = {mpmath.nstr((lo + hi) / 2, 8)}"
                " (a multiple root, or a root at a box edge)"
            )
        mid = (lo + hi) / 2
        return self.box(lo, mid, depth + 1, max_depth) + self.box(mid, hi, depth + 1, max_depth)

    def sampled_box(self, lo: mpmath.mpf, hi: mpmath.mpf, expected: int) -> bool:
        """True if ``h`` has the sign ``expected`` at every one of 17 points spread over
        ``[lo, hi]`` where its sign is decidable at 640 bits (and at one at least)."""
        steps = 16
        ratio = (hi / lo) ** (mpmath.mpf(1) / steps) if lo * hi > 0 else None
        points = [
            lo * ratio**k if ratio is not None else lo + (hi - lo) * k / steps
            for k in range(steps + 1)
        ]
        signs = [self.sign_at(point) for point in points]
        return all(sign in (0, expected) for sign in signs) and expected in signs

    def monotone_box(self, lo: mpmath.mpf, hi: mpmath.mpf) -> list[Root]:
        left, right = self.sign_at(lo), self.sign_at(hi)
        for end, sign in ((lo, left), (hi, right)):
            if sign == 0:
                exact = self.exact_zero_at(end)
                if exact is None:
                    raise RootIsolationFailed(
                        f"cannot decide the sign of h at x = {mpmath.nstr(end, 8)}"
                    )
                return [Root(end, end, exact)]
        if left == right:
            return []
        lo, hi = self.newton(lo, hi, left)
        while hi - lo > self.tolerance:
            mid = (lo + hi) / 2
            sign = self.sign_at(mid) if lo < mid < hi else 0
            if sign == 0:
                break
            lo, hi = (mid, hi) if sign == left else (lo, mid)
        return [Root(lo, hi)]

    def newton(self, lo: mpmath.mpf, hi: mpmath.mpf, left: int) -> tuple[mpmath.mpf, mpmath.mpf]:
        r"""Shrink ``[lo, hi]`` (h monotone, sign ``left`` at lo and ``-left`` at hi)
        around its root by safeguarded Newton steps.

        Newton's iterates are only guesses; what is certified is the bracket. An
        iterate replaces the end of its sign only when its point enclosure excludes 0
        (a certified sign, not the sign of the enclosure's midpoint: a second reader
        found brackets missing the root when h's enclosure straddled 0), and once a step
        is below the tolerance the bracket $[p - t/2, p + t/2]$ around the iterate is
        confirmed by the certified signs at its two ends. About ten enclosures replace
        the hundred bisections from a unit box to $10^{-30}$. Returns the bracket
        reached (possibly wider than the tolerance: bisection finishes the work).
        """
        point = (lo + hi) / 2
        for _ in range(NEWTON_STEPS):
            if hi - lo <= self.tolerance:
                break
            enclosure = self._point_enclosure(self.h, point)
            slope = self._midpoint(self.dh, point)
            if enclosure is None or slope is None or slope == 0:
                break
            low, high = enclosure
            if not (low > 0 or high < 0):  # at the root to this precision
                return self._confirmed(point, lo, hi, left) or (lo, hi)
            sign = 1 if low > 0 else -1
            lo, hi = (point, hi) if sign == left else (lo, point)
            step = (low + high) / 2 / slope
            if abs(step) < self.tolerance / 4:
                return self._confirmed(point - step, lo, hi, left) or (lo, hi)
            point -= step
            if not lo < point < hi:
                point = (lo + hi) / 2
        return lo, hi

    def _confirmed(
        self, centre: mpmath.mpf, lo: mpmath.mpf, hi: mpmath.mpf, left: int
    ) -> tuple[mpmath.mpf, mpmath.mpf] | None:
        """[centre ∓ t/2] within [lo, hi] when the certified signs at its ends show the
        root inside it, else None."""
        half = self.tolerance / 2
        a, b = max(centre - half, lo), min(centre + half, hi)
        if a < b and self.sign_at(a) == left and self.sign_at(b) == -left:
            return a, b
        return None

    def _point_enclosure(
        self, form: sp.Expr, point: mpmath.mpf
    ) -> tuple[mpmath.mpf, mpmath.mpf] | None:
        """The ends of the enclosure of ``form`` at ``point`` (None when not finite)."""
        self.boxes += 1
        a, b = (mpmath.mp.make_mpf(end) for end in enclose(form, iv.mpf([point, point]))._mpi_)
        if not (mpmath.isfinite(a) and mpmath.isfinite(b)):
            return None
        return a, b

    def _midpoint(self, form: sp.Expr, point: mpmath.mpf) -> mpmath.mpf | None:
        """The value of ``form`` at ``point`` (the midpoint of a point enclosure)."""
        enclosure = self._point_enclosure(form, point)
        return None if enclosure is None else (enclosure[0] + enclosure[1]) / 2


def _tiles(a: sp.Expr, b: sp.Expr) -> list[tuple[mpmath.mpf, mpmath.mpf, bool]]:
    """Boxes covering ``[a, b]`` clipped to ``±FAR``: unit boxes inside the window, boxes
    whose ends square beyond; the flag says whether a box lies in the window."""
    edges = {mpmath.mpf(k) for k in range(-WINDOW, WINDOW + 1)}
    for octaves in (1, 2, 4, 8, 16, 32, 64, 128):
        scale = mpmath.mpf(2) ** octaves * WINDOW
        if scale <= FAR:
            edges.update((scale, -scale))
    lo = mpmath.mpf(-FAR) if a == -sp.oo else mpmath.mpf(sp.N(a, 50))
    hi = mpmath.mpf(FAR) if b == sp.oo else mpmath.mpf(sp.N(b, 50))
    inner = sorted(e for e in edges if lo < e < hi)
    points = [lo, *inner, hi]
    return [
        (left, right, left >= -WINDOW and right <= WINDOW)
        for left, right in itertools.pairwise(points)
    ]


@dataclass(frozen=True)
class RootSet:
    """The roots found, and how completely their absence elsewhere is established.

    ``sampled`` lists the far boxes where interval arithmetic could not exclude a root
    and the absence of sign changes was checked only at sample points.
    """

    roots: tuple[Root, ...]
    sampled: tuple[tuple[float, float], ...]

    @property
    def certified(self) -> bool:
        """True when every part of the interval was covered by interval arithmetic."""
        return not self.sampled

    def method(self) -> str:
        """How the root set was established, for provenance."""
        if self.certified:
            return "interval arithmetic (certified root isolation on |x| <= 2^128)"
        return (
            "interval arithmetic on [-16, 16]; beyond, the sign of h checked at"
            " 17 log-spaced points per tail box out to |x| = 2^128"
        )


MAX_VANISHING_ORDER = 8
"""Highest derivative examined at a point where h's expression is undefined."""

SINGULAR_SECONDS = 1.0
"""Time allowed to find the points where h's expression is undefined."""


def _singular_points(h: sp.Expr, a: sp.Expr, b: sp.Expr) -> list[sp.Expr]:
    """The points of $[a, b]$ where a denominator of h vanishes (finitely many, or none
    found in time: then the search runs as before and fails there if it must)."""
    _, denominator = sp.fraction(sp.together(h))
    if not denominator.has(x):
        return []
    try:
        with time_budget(SINGULAR_SECONDS):
            zeros = sp.solveset(denominator, x, sp.Interval(a, b).intersect(sp.S.Reals))
    except BudgetExceeded:
        return []
    if not isinstance(zeros, sp.FiniteSet) or not all(z.is_real for z in zeros):
        return []
    return sorted(zeros, key=lambda z: float(z))


def _vanishing_order(expr: sp.Expr, point: sp.Expr) -> tuple[int, sp.Expr]:
    """The smallest k with expr^(k)(point) ≠ 0, and that derivative as an expression."""
    derivative = expr
    for order in range(MAX_VANISHING_ORDER + 1):
        value = sp.simplify(derivative.subs(x, point))
        if value.has(sp.nan, sp.zoo) or not value.is_finite:
            break
        if value != 0:
            return order, derivative
        derivative = sp.diff(derivative, x)
    raise RootIsolationFailed(f"cannot find the order of vanishing at x = {point}")


@dataclass(frozen=True)
class _Removable:
    r"""A point s where h's expression $N/D$ is undefined, and a neighbourhood
    $0 < |x - s| \le \delta$ on which h has no root.

    If $N^{(j)}(s) = 0$ for $j < k$ and $N^{(k)}$ has one sign on $[s, s + \delta]$, then
    $N$ has that sign on $(s, s + \delta]$ (and the sign times $(-1)^k$ on
    $[s - \delta, s)$), by Taylor's theorem with the Lagrange remainder; likewise $D$. At
    s itself h extends continuously iff $k_N \ge k_D$, with the value 0 iff $k_N > k_D$:
    then s is a root (sinc′ at 0).
    """

    point: sp.Expr
    delta: mpmath.mpf
    is_root: bool


def _removable(h: sp.Expr, point: sp.Expr, sides: tuple[int, ...]) -> _Removable:
    numerator, denominator = sp.fraction(sp.together(h))
    orders = {}
    for name, part in (("N", numerator), ("D", denominator)):
        orders[name] = _vanishing_order(part, point)
    if orders["N"][0] < orders["D"][0]:
        raise RootIsolationFailed(f"h has a pole at x = {point}")
    centre = mpmath.mpf(sp.N(point, 60))
    forms = [stable_form(orders[name][1]) for name in ("N", "D")]
    for exponent in range(1, 41, 2):
        delta = mpmath.mpf(2) ** -exponent
        ends = [
            (centre, centre + delta) if side > 0 else (centre - delta, centre) for side in sides
        ]
        boxes = [iv.mpf([left, right]) for left, right in ends]
        if all(not contains_zero(enclose(form, box)) for form in forms for box in boxes):
            return _Removable(point, delta, orders["N"][0] > orders["D"][0])
    raise RootIsolationFailed(f"cannot bound h near its undefined point x = {point}")


def _without(
    tiles: list[tuple[mpmath.mpf, mpmath.mpf, bool]], lo: mpmath.mpf, hi: mpmath.mpf
) -> list[tuple[mpmath.mpf, mpmath.mpf, bool]]:
    """The tiles minus the open interval (lo, hi)."""
    kept = []
    for left, right, in_window in tiles:
        if right <= lo or left >= hi:
            kept.append((left, right, in_window))
            continue
        if left < lo:
            kept.append((left, lo, in_window))
        if right > hi:
            kept.append((hi, right, in_window))
    return kept


@dataclass
class _Fallback:
    """Tiles searched with h as given, then (where that fails) over one denominator."""

    search: _Search
    rational: _Search | None = None
    tried: bool = False

    def tile(self, lo: mpmath.mpf, hi: mpmath.mpf, max_depth: int = 60) -> list[Root]:
        try:
            return self.search.tile(lo, hi, max_depth)
        except RootIsolationFailed:
            if not self.tried:
                self.rational, self.tried = self.search.rational_search(), True
            if self.rational is None:
                raise
            return self.rational.tile(lo, hi, max_depth)


def isolate_roots(
    h: sp.Expr, a: sp.Expr, b: sp.Expr, digits: int = 30, max_boxes: int = 20_000
) -> RootSet:
    """Every root of ``h`` in the open interval ``(a, b)``, each certified to ``10**-digits``.

    Raises:
        RootIsolationFailed: roots could not be separated or the work limit was hit.
        CannotEnclose: ``h`` contains a function without an interval rule.
    """
    with mpmath.mp.workprec(PRECISION_BITS):
        search = _Search.of(h, mpmath.mpf(10) ** -digits, max_boxes)
        searches = _Fallback(search)
        roots: list[Root] = []
        sampled: list[tuple[float, float]] = []
        tail_sign = {True: None, False: None}
        tiles = _tiles(a, b)
        for point in _singular_points(h, a, b):
            sides = tuple(side for side, end in ((-1, a), (1, b)) if point != end)
            carved = _removable(h, point, sides)
            centre = mpmath.mpf(sp.N(point, 60))
            tiles = _without(tiles, centre - carved.delta, centre + carved.delta)
            if carved.is_root and point not in (a, b):
                roots.append(Root(centre, centre, point))
        for lo, hi, in_window in tiles:
            if in_window:
                roots.extend(searches.tile(lo, hi))
                continue
            try:
                roots.extend(searches.tile(lo, hi, max_depth=4))
            except RootIsolationFailed:
                positive = lo > 0
                if tail_sign[positive] is None:
                    tail_sign[positive] = search.sign_at(
                        mpmath.mpf(WINDOW if positive else -WINDOW)
                    )
                if tail_sign[positive] == 0 or not search.sampled_box(lo, hi, tail_sign[positive]):
                    raise RootIsolationFailed(
                        f"roots of h on [{mpmath.nstr(lo, 5)}, {mpmath.nstr(hi, 5)}] can be "
                        "neither isolated nor excluded (h changes sign there: infinitely "
                        "many roots, as for an oscillating h?)"
                    ) from None
                sampled.append((float(lo), float(hi)))
        finite_ends = [mpmath.mpf(sp.N(e, 50)) for e in (a, b) if e.is_finite]
    unique: dict[str, Root] = {}
    for root in roots:
        if any(root.lo == root.hi == end for end in finite_ends):
            continue
        unique.setdefault(mpmath.nstr(root.mid, 20), root)
    return RootSet(tuple(sorted(unique.values(), key=lambda r: r.mid)), tuple(sampled))


__all__ = ["CannotEnclose", "Root", "RootIsolationFailed", "RootSet", "isolate_roots"]
