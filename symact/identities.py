r"""Identities and approximations between activations, proven by the engine.

Each relation is data (`Relation`): two sides built from catalog activations *by name*
(so they follow the catalog's one definition of each), whether it is an exact identity
or an approximation, and the activations it concerns.

* An **exact** identity $L = R$ is proven by splitting $L - R$ into smooth pieces
  (`symact.pieces`) and simplifying every piece, and every breakpoint value, to 0
  (SymPy ``simplify``, after rewriting in terms of ``exp`` and expanding logarithms
  where plain simplification is not enough).
* An **approximation** $L \approx R$ gets the maximum of $|L - R|$ over ℝ and where it
  is attained, from the image of $L - R$ (`symact.image`: end limits and critical
  points, found in closed form or by certified root isolation with interval bounds).

A relation naming an activation that is not in the catalog is skipped, with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import mpmath
import sympy as sp

from . import cache
from .bounds import WINDOW, certified_max_abs, largest_magnitude, tail_bound
from .budget import attempt
from .catalog import CATALOG, sigmoid_of
from .image import Image, ImageUndetermined, image, to_mpf
from .intervals import CannotEnclose
from .pieces import NotPiecewiseSmooth, Pieces, Segment, decompose
from .provenance import Derived, exact, numeric, undetermined
from .symbols import x

PROOF_SECONDS = 20.0
"""Budget of one proof."""

Lookup = Callable[..., sp.Expr]
"""``f(name, **params)``: the catalog activation ``name`` as an expression in x."""


class MissingActivation(LookupError):
    """A relation names an activation the catalog does not have (yet)."""


@dataclass(frozen=True)
class Relation:
    """An identity or approximation between activations.

    Attributes:
        key: Short identifier.
        statement: The relation in words and symbols, e.g. ``"tanh(x) = 2σ(2x) − 1"``.
        kind: ``"exact"`` or ``"approx"``.
        concerns: The catalog names it is about (listed on each one's page).
        left, right: Builders of the two sides from a `Lookup`.
        variables: The free variables (x, or softmax's logits).
    """

    key: str
    statement: str
    kind: Literal["exact", "approx"]
    concerns: tuple[str, ...]
    left: Callable[[Lookup], sp.Expr]
    right: Callable[[Lookup], sp.Expr]
    variables: tuple[sp.Symbol, ...] = (x,)


@dataclass(frozen=True)
class MaxError:
    """sup |L − R| over ℝ, whether attained, and where (points or, for limits, ±∞)."""

    value: sp.Expr
    attained: bool
    where: tuple[sp.Expr | sp.Set, ...]


@dataclass(frozen=True)
class Proof:
    """A relation with the engine's verdict.

    ``result`` is ``Derived[bool]`` (True: the difference simplified to 0) for exact
    identities and ``Derived[MaxError]`` for approximations; ``skipped`` names a missing
    activation when the relation could not be built.
    """

    relation: Relation
    result: Derived
    left: sp.Expr | None = None
    right: sp.Expr | None = None
    skipped: str | None = field(default=None)

    def summary(self) -> str:
        """One line for the export: the statement and what was established."""
        r = self.relation
        if self.skipped:
            return f"{r.statement} — skipped: {self.skipped}"
        if not self.result.known:
            return f"{r.statement} — undetermined: {self.result.reason}"
        if r.kind == "exact":
            return f"{r.statement} — proven (difference simplifies to 0)"
        err = self.result.value
        where = ", ".join(sp.sstr(w) if isinstance(w, sp.Set) else _short(w) for w in err.where)
        bound = f" ± {self.result.bound:.1e}" if self.result.status == "numeric" else ""
        return f"{r.statement} — max |difference| = {_short(err.value)}{bound} at x = {where}"


def _short(value: sp.Expr) -> str:
    if value in (sp.oo, -sp.oo) or not value.is_number:
        return sp.sstr(value)
    return sp.sstr(sp.N(value, 8))


def catalog_lookup(name: str, **params: object) -> sp.Expr:
    """The catalog activation ``name`` (with ``params``) as an expression in x.

    Raises:
        MissingActivation: no catalog entry of that name.
    """
    from .activation import get

    if name not in {spec.name for spec in CATALOG}:
        raise MissingActivation(f"{name} is not in the catalog")
    return get(name, **params).function


def _at(expr: sp.Expr, argument: sp.Expr) -> sp.Expr:
    return expr.subs(x, argument)


def _two_class_softmax(_: Lookup) -> sp.Expr:
    from .softmax import inputs, softmax

    return softmax(inputs(2))[0]


def _sigmoid_of_difference(f: Lookup) -> sp.Expr:
    from .softmax import inputs

    z1, z2 = inputs(2)
    return _at(f("sigmoid"), z1 - z2)


RELATIONS: tuple[Relation, ...] = (
    Relation(
        "tanh_sigmoid",
        "tanh(x) = 2σ(2x) − 1",
        "exact",
        ("tanh", "sigmoid"),
        lambda f: f("tanh"),
        lambda f: 2 * _at(f("sigmoid"), 2 * x) - 1,
    ),
    Relation(
        "sigmoid_derivative",
        "σ′(x) = σ(x)(1 − σ(x))",
        "exact",
        ("sigmoid",),
        lambda f: sp.diff(f("sigmoid"), x),
        lambda f: f("sigmoid") * (1 - f("sigmoid")),
    ),
    Relation(
        "softplus_derivative",
        "softplus′(x) = σ(x)",
        "exact",
        ("softplus", "sigmoid"),
        lambda f: sp.diff(f("softplus", beta=1), x),
        lambda f: f("sigmoid"),
    ),
    Relation(
        "log_sigmoid_softplus",
        "log σ(x) = −softplus(−x)",
        "exact",
        ("sigmoid", "softplus"),
        lambda f: sp.log(f("sigmoid")),
        lambda f: -_at(f("softplus", beta=1), -x),
    ),
    Relation(
        "log_sigmoid_definition",
        "logsigmoid(x) = −softplus(−x)",
        "exact",
        ("log_sigmoid", "softplus"),
        lambda f: f("log_sigmoid"),
        lambda f: -_at(f("softplus", beta=1), -x),
    ),
    Relation(
        "silu_self_gated",
        "SiLU(x) = x·σ(x)",
        "exact",
        ("swish", "sigmoid"),
        lambda f: f("swish", beta=1),
        lambda f: x * f("sigmoid"),
    ),
    Relation(
        "gelu_tanh_vs_exact",
        "GELU tanh form ≈ exact GELU",
        "approx",
        ("gelu_tanh", "gelu"),
        lambda f: f("gelu_tanh"),
        lambda f: f("gelu"),
    ),
    Relation(
        "gelu_sigmoid_vs_exact",
        "x·σ(1.702x) ≈ GELU",
        "approx",
        ("gelu", "swish"),
        lambda f: x * sigmoid_of(sp.Rational(1702, 1000) * x),
        lambda f: f("gelu"),
    ),
    Relation(
        "hard_sigmoid_vs_sigmoid",
        "hard sigmoid ≈ sigmoid",
        "approx",
        ("hard_sigmoid", "sigmoid"),
        lambda f: f("hard_sigmoid"),
        lambda f: f("sigmoid"),
    ),
    Relation(
        "hard_tanh_vs_tanh",
        "hard tanh ≈ tanh",
        "approx",
        ("hard_tanh", "tanh"),
        lambda f: f("hard_tanh"),
        lambda f: f("tanh"),
    ),
    Relation(
        "hard_swish_vs_swish",
        "hard swish ≈ swish",
        "approx",
        ("hard_swish", "swish"),
        lambda f: f("hard_swish"),
        lambda f: f("swish", beta=1),
    ),
    Relation(
        "elu_celu",
        "ELU(x; α = 1) = CELU(x; α = 1)",
        "exact",
        ("elu", "celu"),
        lambda f: f("elu", alpha=1),
        lambda f: f("celu", alpha=1),
    ),
    Relation(
        "softmax_two_classes",
        "softmax(z₁, z₂)₁ = σ(z₁ − z₂)",
        "exact",
        ("softmax", "sigmoid"),
        _two_class_softmax,
        _sigmoid_of_difference,
        sp.symbols("z1:3", real=True),
    ),
    Relation(
        "relu_odd_part",
        "relu(x) − relu(−x) = x",
        "exact",
        ("relu", "identity"),
        lambda f: f("relu") - _at(f("relu"), -x),
        lambda f: f("identity"),
    ),
)
"""Every relation symact proves, in display order."""


_REWRITES: tuple[Callable[[sp.Expr], sp.Expr], ...] = (
    lambda g: g,
    lambda g: g.rewrite(sp.exp),
    lambda g: sp.expand_log(g.rewrite(sp.exp), force=True),
)


def is_zero(g: sp.Expr) -> bool:
    """True if SymPy simplifies ``g`` to 0 after one of a few rewrites (see module doc).

    ``force=True`` in ``expand_log`` is sound here: the arguments of the logarithms of
    the catalog's real activations are positive on ℝ (σ, 1 + eˣ).
    """
    return any(sp.simplify(rewrite(g)) == 0 for rewrite in _REWRITES)


def _prove_exact(difference: sp.Expr, variables: tuple[sp.Symbol, ...]) -> Derived[bool]:
    if variables != (x,):
        if is_zero(difference):
            return exact(True, "the difference simplifies to 0")
        return undetermined("SymPy could not simplify the difference to 0")
    pieces = decompose(difference)
    for segment in pieces.segments:
        if not is_zero(segment.expr):
            return undetermined(
                f"the difference {segment.expr} on ({segment.lo}, {segment.hi}) "
                "did not simplify to 0"
            )
    for point, value in zip(pieces.breakpoints, pieces.point_values, strict=True):
        if value is not None and not is_zero(value):
            return undetermined(f"the difference at x = {point} is {value}")
    return exact(True, "the difference simplifies to 0 on every piece and breakpoint")


def _largest_magnitude(img: Image) -> MaxError:
    """max |d| from the image of d, at every place it is attained (both ±p when d is even
    and its image runs from −m to m)."""
    return MaxError(*largest_magnitude(img.lower, img.upper))


def _clipped(pieces: Pieces) -> Pieces:
    """``pieces`` restricted to [−WINDOW, WINDOW] (breakpoints must lie inside)."""
    lo, hi = sp.Integer(-WINDOW), sp.Integer(WINDOW)
    segments = list(pieces.segments)
    segments[0] = Segment(lo, segments[0].hi, segments[0].expr)
    segments[-1] = Segment(segments[-1].lo, hi, segments[-1].expr)
    return Pieces(tuple(segments), pieces.breakpoints, pieces.point_values)


def _smooth_max(g: sp.Expr, tails: mpmath.mpf) -> Derived[MaxError]:
    value, bound, peaks = certified_max_abs(g, -WINDOW, WINDOW)
    if not tails < value:
        raise ImageUndetermined("the tails are not certified to stay below the maximum")
    note = (
        f"branch and bound with interval enclosures on [−{WINDOW}, {WINDOW}]; |difference| ≤ "
        f"{mpmath.nstr(tails, 3)} for {WINDOW} ≤ |x| ≤ 2^128"
    )
    where = tuple(sp.Float(peak, 12) for peak in peaks)
    return numeric(MaxError(sp.Float(value, 30), True, where), float(bound), note)


def _prove_approx(difference: sp.Expr) -> Derived[MaxError]:
    r"""max |d| for d = L − R: the image of d on [−W, W] (critical points exact or by
    certified isolation) and interval bounds of |d| on $W \le |x| \le 2^{128}$; the
    maximum is inside when the tails are certified to stay below it."""
    try:
        pieces = decompose(difference)
        if any(abs(float(b)) >= WINDOW for b in pieces.breakpoints):
            return undetermined(f"a breakpoint lies outside [−{WINDOW}, {WINDOW}]")
        tails = max(
            tail_bound(pieces.segments[0].expr, positive=False),
            tail_bound(pieces.segments[-1].expr, positive=True),
        )
        if pieces.is_single:
            return _smooth_max(pieces.segments[0].expr, tails)
        inside = image(_clipped(pieces))
    except (ImageUndetermined, NotPiecewiseSmooth, CannotEnclose) as error:
        return undetermined(str(error))
    worst = _largest_magnitude(inside)
    inside_bound = max(inside.lower.bound, inside.upper.bound)
    if not worst.attained or not tails + mpmath.mpf(inside_bound) < to_mpf(worst.value):
        return undetermined(
            f"the maximum on [−{WINDOW}, {WINDOW}] is not certified to dominate the tails "
            f"(tail bound {mpmath.nstr(tails, 5)})"
        )
    note = (
        f"; |difference| ≤ {mpmath.nstr(tails, 3)} for {WINDOW} ≤ |x| ≤ 2^128 (interval enclosures)"
    )
    if inside.status == "exact":
        return exact(worst, "closed-form critical points of the difference" + note)
    return numeric(
        worst, inside_bound, "certified root isolation of the difference's critical points" + note
    )


def prove(relation: Relation, lookup: Lookup = catalog_lookup) -> Proof:
    """Build both sides of ``relation`` from the catalog and prove it (under a budget)."""
    try:
        left, right = relation.left(lookup), relation.right(lookup)
    except MissingActivation as missing:
        return Proof(relation, undetermined(str(missing)), skipped=str(missing))
    difference = left - right
    if relation.kind == "exact":
        result, reason = attempt(
            lambda: _prove_exact(difference, relation.variables), PROOF_SECONDS
        )
    else:
        result, reason = attempt(lambda: _prove_approx(difference), PROOF_SECONDS)
    return Proof(relation, result if reason is None else undetermined(reason), left, right)


def _cache_key() -> str:
    """A digest of the engine and of every relation's two sides as the catalog builds them."""
    sides = []
    for relation in RELATIONS:
        try:
            sides.append(sp.srepr(relation.left(catalog_lookup) - relation.right(catalog_lookup)))
        except MissingActivation as missing:
            sides.append(str(missing))
    return cache.key("identities", cache.engine_fingerprint(), *sides)


_CACHE_KIND = cache.Kind("identities", Derived, MaxError)


@lru_cache(maxsize=1)
def proofs() -> tuple[Proof, ...]:
    """Every relation of `RELATIONS`, proven (once per process, and cached on disk with
    the analyses; results that hit a time budget are not cached)."""
    key = _cache_key()
    found = cache.load(key, _CACHE_KIND)
    if found is not None and len(found) == len(RELATIONS):
        return tuple(Proof(r, *rest) for r, rest in zip(RELATIONS, found, strict=True))
    result = tuple(prove(relation) for relation in RELATIONS)
    if not any("time budget" in (p.result.reason or "") for p in result):
        cache.store(key, _CACHE_KIND, [(p.result, p.left, p.right, p.skipped) for p in result])
    return result


def identities_for(name: str) -> list[Proof]:
    """The proven relations that concern the catalog activation ``name`` (skipped ones
    are left out)."""
    if not any(name in relation.concerns for relation in RELATIONS):
        return []  # a user's activation: no need to prove every relation first
    return [p for p in proofs() if name in p.relation.concerns and not p.skipped]


__all__ = [
    "RELATIONS",
    "MaxError",
    "MissingActivation",
    "Proof",
    "Relation",
    "identities_for",
    "is_zero",
    "proofs",
    "prove",
]
