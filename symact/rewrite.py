r"""Numerically stable rewrites for floating-point evaluation, as rules on any expression tree.

Each rule replaces a subexpression by an equal one whose floating-point evaluation does
not overflow or cancel; none mentions an activation by name. With
$\sigma(u) = 1 / (1 + e^{-u})$ (`Expit`, SciPy's ``expit``) and
$\operatorname{softplus}(u) = \log(1 + e^u)$ (`Softplus`):

$$ (1 + e^{u})^{-n} = \sigma(-u)^n, \qquad
   e^{ku}\,\sigma(-u)^n = \sigma(u)^k\,\sigma(-u)^{n-k} \quad (1 \le k \le n), $$
$$ \log(1 + e^u) = \operatorname{softplus}(u)
   = \operatorname{log1p}(e^{-|u|}) + \max(u, 0), \qquad
   \log \sigma(u) = -\operatorname{softplus}(-u), $$
$$ c\,e^{u} - c = c\,\operatorname{expm1}(u), \qquad \log(1 + y) = \operatorname{log1p}(y),
   \qquad \sqrt{u^2 + c} = \operatorname{hypot}(u, \sqrt{c}), $$
$$ a x + b = a\,(x + b/a) \quad \text{(exact near the root } x = -b/a\text{)}, \qquad
   c\,(u + \operatorname{hypot}(u, a)) = \frac{c\,a^2}{\operatorname{hypot}(u, a) - u}
   \ (u < 0), $$
$$ c\,e^{a} \mp c\,e^{b} = 2c\,\{\sinh, \cosh\}\big(\tfrac{a - b}{2}\big)\,
   e^{(a + b)/2}, \qquad \frac{\sinh^n u}{\cosh^n u} = \tanh^n u, \qquad
   u \operatorname{sign}(u) = |u|, $$
$$ H\big(d + k\max(c, u)\big) = H(d + k u) \text{ or a constant, as } k c + d
   \text{ and } k \text{ have signs (the same for } \min), $$

a sum of fractions is put over one denominator when that has fewer operations
($1/(1 + |x|) - |x|/(1 + |x|)^2 = 1/(1 + |x|)^2$),

together with `symact.stable.stable_form` ($c \pm c\operatorname{erf} u =
c\operatorname{erfc}(\mp u)$, $c \pm c\tanh u = 2c\,\sigma(\pm 2u)$,
$c - c\tanh^2 u = c / \cosh^2 u$, and $1/\cosh^2 u$ through $\tanh u$ where that is at
hand: `SechSquared`). The result is meant for evaluation only
(`symact.numerics`); it holds unevaluated nodes SymPy must not re-simplify.
"""

from __future__ import annotations

import functools
import itertools

import sympy as sp
from sympy.codegen.cfunctions import expm1, hypot, log1p

from .stable import stable_form
from .symbols import x


class Expit(sp.Function):
    r"""The logistic sigmoid $\sigma(u) = 1/(1 + e^{-u})$, evaluated by ``scipy.special.expit``
    (no overflow on either side)."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        r"""$\sigma'(u) = \sigma(u)\,\sigma(-u)$."""
        (u,) = self.args
        return Expit(u) * Expit(-u)

    def _eval_rewrite_as_exp(self, u: sp.Expr, **kwargs: object) -> sp.Expr:
        return 1 / (1 + sp.exp(-u))

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.rewrite(sp.exp)._eval_evalf(prec)


class Softplus(sp.Function):
    r"""$\operatorname{softplus}(u) = \log(1 + e^u)$, evaluated as
    $\operatorname{log1p}(e^{-|u|}) + \max(u, 0)$ (no overflow, exact in both tails)."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        r"""$\operatorname{softplus}'(u) = \sigma(u)$."""
        return Expit(self.args[0])

    def _eval_rewrite_as_exp(self, u: sp.Expr, **kwargs: object) -> sp.Expr:
        return sp.log(1 + sp.exp(u))

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.rewrite(sp.exp)._eval_evalf(prec)


class Erfc(sp.Function):
    r"""$\operatorname{erfc}(u) = 1 - \operatorname{erf}(u)$ as an opaque head: SymPy's own
    ``erfc(-u)`` evaluates back to ``2 - erfc(u)``, which cancels in the tail."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        r"""$\operatorname{erfc}'(u) = -2 e^{-u^2} / \sqrt{\pi}$."""
        (u,) = self.args
        return -2 * sp.exp(-(u**2)) / sp.sqrt(sp.pi)

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return sp.erfc(self.args[0])._eval_evalf(prec)


class HypotSum(sp.Function):
    r"""$c\,(u + h)$ with $h = \operatorname{hypot}(u, a)$, evaluated as
    $c\,a^2 / (h - u)$ for $u < 0$, where the sum cancels (squareplus's left tail), and
    as $c u + c h$ otherwise (no overflow of the sum when the result is finite).

    Arguments ``(u, a, c, h)``: $h$ is carried as a node of its own so that common
    subexpression elimination shares it with a $c$ that holds it too (squareplus′,
    $c = 1/(2h)$: one square root instead of two)."""

    nargs = 4

    def _eval_rewrite_as_sqrt(
        self, u: sp.Expr, a: sp.Expr, c: sp.Expr, h: sp.Expr, **kwargs: object
    ) -> sp.Expr:
        return c * (u + sp.sqrt(u**2 + a**2))

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.rewrite(sp.sqrt)._eval_evalf(prec)


class SechSquared(sp.Function):
    r"""$1/\cosh^2 u$ given $t = \tanh u$ as well: evaluated as $1 - t^2$ where
    $|t| < 1/2$ (then $t^2 < 1/4$ and the difference is one rounding, where
    $1/\cosh^2$ costs three) and as $1/\cosh^2 u$ elsewhere ($1 - t^2$ would cancel
    as $t \to \pm 1$)."""

    nargs = 2

    def _eval_rewrite_as_cosh(self, u: sp.Expr, t: sp.Expr, **kwargs: object) -> sp.Expr:
        return 1 / sp.cosh(u) ** 2

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.rewrite(sp.cosh)._eval_evalf(prec)


def sech_squared_beside_tanh(expr: sp.Expr) -> sp.Expr:
    """Each ``cosh(u)**-2`` of ``expr`` as `SechSquared` when ``tanh(u)`` is also in
    ``expr`` (Mish′: tanh(softplus x) + x σ(x)/cosh²(softplus x)), so that the shared
    tanh serves both; on its own (tanh′) ``1/cosh²`` stays, one pass cheaper."""
    tanhs = {node.args[0] for node in expr.atoms(sp.tanh)}

    def wanted(node: sp.Expr) -> bool:
        return (
            isinstance(node, sp.Pow)
            and node.exp == -2
            and isinstance(node.base, sp.cosh)
            and node.base.args[0] in tanhs
        )

    return expr.replace(
        wanted, lambda node: SechSquared(node.base.args[0], sp.tanh(node.base.args[0]))
    )


class HeavisideWindow(sp.Function):
    r"""$c\,(\operatorname{sign}(x - l) - \operatorname{sign}(x - h))$ with $l < h$, as
    ``HeavisideWindow(x - l, x - h, c)``: $2c\,H(x - l)\,H(h - x)$, the window
    $(l, h)$ with ½ at its ends (see `_heaviside_window`). One node, so that SymPy
    neither distributes $c$ nor negates inside a sign (each a pass more)."""

    nargs = 3

    def _eval_rewrite_as_sign(
        self, u: sp.Expr, v: sp.Expr, c: sp.Expr, **kwargs: object
    ) -> sp.Expr:
        return c * (sp.sign(u) - sp.sign(v))

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.rewrite(sp.sign)._eval_evalf(prec)


def _split_number(term: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """``term`` as (numeric factor, the rest), e.g. ``λα·exp(x)`` → ``(λα, exp(x))``."""
    numeric = [f for f in sp.Mul.make_args(term) if f.is_number]
    rest = [f for f in sp.Mul.make_args(term) if not f.is_number]
    return sp.Mul(*numeric), sp.Mul(*rest)


def _expand_log_of_power(node: sp.log) -> sp.Expr:
    """``log(b**n) = n·log(b)`` for positive ``b`` (so ``log σ(u)`` becomes a softplus)."""
    (argument,) = node.args
    if isinstance(argument, sp.Pow) and argument.base.is_positive and argument.exp.is_real:
        return argument.exp * sp.log(argument.base)
    return node


def _one_plus_exp(node: sp.Expr) -> sp.Expr | None:
    """``u`` when ``node`` is ``1 + exp(u)``, else None."""
    if not isinstance(node, sp.Add) or len(node.args) != 2:
        return None
    one, other = sorted(node.args, key=lambda a: not a.is_number)
    if one == 1 and isinstance(other, sp.exp):
        return other.args[0]
    return None


def _sigmoid_power(node: sp.Pow) -> sp.Expr:
    """``(1 + exp(u))**(-n)`` → ``σ(-u)**n``."""
    u = _one_plus_exp(node.base)
    if u is None or not (node.exp.is_integer and node.exp.is_negative):
        return node
    return Expit(-u) ** (-node.exp)


def _absorb_exponentials(node: sp.Mul) -> sp.Expr:
    """``exp(k·u)·σ(-u)**n`` → ``σ(u)**k·σ(-u)**(n-k)`` for integers ``1 ≤ k ≤ n``."""
    factors = list(sp.Mul.make_args(node))
    for i, factor in enumerate(factors):
        if not isinstance(factor, sp.exp):
            continue
        for j, other in enumerate(factors):
            base, n = other.as_base_exp()
            if not (isinstance(base, Expit) and n.is_integer and n.is_positive):
                continue
            k = sp.simplify(factor.args[0] / -base.args[0])
            if k.is_integer and 1 <= k <= n:
                rest = [f for m, f in enumerate(factors) if m not in (i, j)]
                return sp.Mul(*rest, Expit(-base.args[0]) ** k, base ** (n - k))
    return node


def _softplus_of_log(node: sp.Expr) -> sp.Expr:
    """``log1p(exp(u))`` → ``softplus(u)`` and ``log(σ(u))`` → ``-softplus(-u)``."""
    (argument,) = node.args
    if isinstance(node, log1p) and isinstance(argument, sp.exp):
        return Softplus(argument.args[0])
    if isinstance(node, sp.log) and isinstance(argument, Expit):
        return -Softplus(-argument.args[0])
    if isinstance(node, sp.log) and (u := _one_plus_exp(argument)) is not None:
        return Softplus(u)
    return node


def _expm1_in_sum(node: sp.Add) -> sp.Expr:
    """``c·exp(u) − c`` → ``c·expm1(u)`` inside any sum (c any number)."""
    terms = list(node.args)
    constants = [t for t in terms if t.is_number]
    if len(constants) != 1:
        return node
    (constant,) = constants
    for term in terms:
        coefficient, rest = _split_number(term)
        if isinstance(rest, sp.exp) and coefficient + constant == 0:
            others = [t for t in terms if t is not term and t is not constant]
            return sp.Add(coefficient * expm1(rest.args[0]), *others)
    return node


def _hypot_of_sqrt(node: sp.Pow) -> sp.Expr:
    """``(u**2 + c)**(k/2)`` → ``hypot(u, sqrt(c))**k`` for a positive number ``c`` and odd
    ``k`` (no overflow of ``u**2``)."""
    if not (node.exp.is_Rational and node.exp.q == 2 and isinstance(node.base, sp.Add)):
        return node
    constant, rest = node.base.as_independent(x, as_Add=True)
    if not (constant.is_number and constant.is_positive):
        return node
    base, power = rest.as_base_exp()
    if power == 2:
        return hypot(base, sp.sqrt(constant)) ** (2 * node.exp)
    return node


def _linear_factored(node: sp.Add) -> sp.Expr:
    """``a·x + b`` → ``a·(x + b/a)``: the root ``-b/a`` is then hit exactly."""
    if len(node.args) != 2:
        return node
    constant, term = sorted(node.args, key=lambda a: not a.is_number)
    coefficient, rest = _split_number(term)
    if not constant.is_number or rest != x or coefficient in (0, 1):
        return node
    return coefficient * sp.UnevaluatedExpr(x + constant / coefficient)


def _hypot_sum(node: sp.Add) -> sp.Expr:
    """``t·hypot(u, a)/u + t`` → ``HypotSum(u, a, t/u, hypot(u, a))`` for any two terms
    of a sum; the factor goes inside so that ``(u + h)/h`` never forms ∞/∞."""
    for h in node.atoms(hypot):
        u, a = h.args
        if u.is_number:
            continue
        terms = list(node.args)
        for i, with_h in enumerate(terms):
            for j, with_u in enumerate(terms):
                if i != j and with_h / with_u == h / u:
                    rest = [t for k, t in enumerate(terms) if k not in (i, j)]
                    return sp.Add(HypotSum(u, a, with_u / u, h), *rest)
    return node


def _abs_of_sign(node: sp.Mul) -> sp.Expr:
    """``u·sign(u)`` → ``|u|`` (so that sums over a common denominator can cancel)."""
    factors = sp.Mul.make_args(node)
    for factor in factors:
        if isinstance(factor, sp.sign) and factor.args[0] in factors:
            (u,) = factor.args
            return node / (u * factor) * sp.Abs(u)
    return node


def _together_if_smaller(node: sp.Add) -> sp.Expr:
    """A sum of fractions over one denominator when that has fewer operations:
    ``1/(1+|x|) − |x|/(1+|x|)²`` → ``1/(1+|x|)²`` (the numerators cancel exactly)."""
    if not any(t.is_Mul and any(p.is_Pow and p.exp.is_negative for p in t.args) for t in node.args):
        return node
    combined = sp.together(node)
    return combined if sp.count_ops(combined) < sp.count_ops(node) else node


def _exponential_pair(node: sp.Add) -> sp.Expr:
    """``c·e^a ∓ c·e^b`` → ``2c·sinh|cosh((a−b)/2)·e^{(a+b)/2}``: no cancellation at a ≈ b."""
    terms = list(node.args)
    for i, first in enumerate(terms):
        c1, e1 = _split_number(first)
        if not isinstance(e1, sp.exp):
            continue
        for j in range(i + 1, len(terms)):
            c2, e2 = _split_number(terms[j])
            if not isinstance(e2, sp.exp) or abs(c1) != abs(c2):
                continue
            a, b = e1.args[0], e2.args[0]
            half = (a - b) / 2
            pair = sp.cosh(half) if c1 == c2 else sp.sinh(half)
            rest = [t for k, t in enumerate(terms) if k not in (i, j)]
            return sp.Add(2 * c1 * pair * sp.exp((a + b) / 2), *rest)
    return node


def _tanh_of_ratio(node: sp.Mul) -> sp.Expr:
    """``sinh(u)**n · cosh(u)**(-n)`` → ``tanh(u)**n``."""
    powers = dict(f.as_base_exp() for f in sp.Mul.make_args(node))
    for base, n in powers.items():
        if isinstance(base, sp.sinh) and powers.get(sp.cosh(base.args[0])) == -n:
            return node / (base**n * sp.cosh(base.args[0]) ** -n) * sp.tanh(base.args[0]) ** n
    return node


def number_and_rest(extremum: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """``(c, u)`` for a two-argument ``Max(c, u)`` or ``Min(c, u)`` with one number c."""
    if not isinstance(extremum, sp.Max | sp.Min) or len(extremum.args) != 2:
        return None
    numbers = [a for a in extremum.args if a.is_number]
    if len(numbers) != 1:
        return None
    (other,) = (a for a in extremum.args if not a.is_number)
    return numbers[0], other


def _heaviside_of_extremum(node: sp.Heaviside) -> sp.Expr:
    """H(d + k·max(c, g)) and H(d + k·min(c, g)) with numbers c, d, k: the constant
    branch k c + d has one sign, so the step is H(d + k g), 0 or 1 (the derivative of
    hard tanh, H(min(1, x) + 1), is H(x + 1))."""
    constant, rest = node.args[0].as_coeff_Add()
    scale, extremum = rest.as_coeff_Mul()
    split = number_and_rest(extremum)
    if split is None or scale == 0:
        return node
    edge, other = split
    is_max = isinstance(extremum, sp.Max) == bool(scale > 0)  # k·max = max(k·, k·) iff k > 0
    edge_value = scale * edge + constant
    if edge_value == 0 or not edge_value.is_real:
        return node
    if bool(edge_value > 0) == is_max:  # max above 0, or min below 0: a constant step
        return sp.S.One if is_max else sp.S.Zero
    return sp.Heaviside(scale * other + constant, *node.args[1:])


def _lower_ray(u: sp.Expr) -> tuple[int, sp.Expr] | None:
    """For u = αx + β with numbers α ≠ 0, β: where u ≤ 0, as (side, end) — side −1 for
    (−∞, end], +1 for [end, ∞); None for anything else."""
    if not u.is_polynomial(x) or sp.degree(u, x) != 1:
        return None
    slope, intercept = sp.Poly(u, x).all_coeffs()
    if not (slope.is_number and intercept.is_number and slope.is_real and intercept.is_real):
        return None
    return (-1 if slope > 0 else 1), -intercept / slope


def _heaviside_window(node: sp.Mul) -> sp.Expr:
    """H(a)·H(b) for affine a, b that are never both ≤ 0 (the derivative of hard tanh,
    H(x + 1)·H(1 − x)) is the window H(x − l)·H(h − x) with l < h, i.e.
    (sign(x − l) − sign(x − h))/2: at most one factor is off or ½, and the difference
    of signs counts it in two passes fewer (`HeavisideWindow`, the node's numeric
    factor folded in). NaN stays NaN."""
    steps = [f for f in sp.Mul.make_args(node) if isinstance(f, sp.Heaviside)]
    halves = [h for h in steps if (h.args[1] if len(h.args) > 1 else sp.S.Half) == sp.S.Half]
    for first, second in itertools.combinations(halves, 2):
        rays = [_lower_ray(h.args[0]) for h in (first, second)]
        if None in rays or rays[0][0] == rays[1][0]:
            continue
        (side, end), (_, other_end) = rays
        low, high = (end, other_end) if side == -1 else (other_end, end)
        if bool(low < high):  # H(a) = H(x − low), H(b) = H(high − x)
            coefficient, rest = (node / (first * second)).as_coeff_Mul()
            return rest * HeavisideWindow(x - low, x - high, coefficient / 2)
    return node


_RULES: tuple[tuple[type, object], ...] = (
    (sp.Pow, _sigmoid_power),
    (sp.Mul, _absorb_exponentials),
    (sp.log, _softplus_of_log),
    (log1p, _softplus_of_log),
    (sp.Add, _expm1_in_sum),
    (sp.Pow, _hypot_of_sqrt),
    (sp.Add, _hypot_sum),
    (sp.Mul, _abs_of_sign),
    (sp.Add, _together_if_smaller),
    (sp.Add, _exponential_pair),
    (sp.Mul, _tanh_of_ratio),
    (sp.Heaviside, _heaviside_of_extremum),
    (sp.Mul, _heaviside_window),
)


def _apply_rules(expr: sp.Expr) -> sp.Expr:
    for head, rule in _RULES:
        expr = expr.replace(lambda node, head=head: isinstance(node, head), rule)
    return stable_form(expr)


@functools.lru_cache(maxsize=1024)
def numeric_form(expr: sp.Expr, max_passes: int = 6) -> sp.Expr:
    """``expr`` rewritten by every rule of the module doc until nothing changes.

    The input must be free of ``Piecewise`` (split it first); the output is equal as a
    function and is meant only to be evaluated in floating point.

    Examples:
        >>> from symact.symbols import x
        >>> numeric_form(sp.exp(-x) / (1 + sp.exp(-x)) ** 2)
        Expit(-x)*Expit(x)
    """
    expr = expr.replace(lambda node: isinstance(node, sp.log), _expand_log_of_power)
    expr = stable_form(expr)
    for _ in range(max_passes):
        rewritten = _apply_rules(expr)
        if rewritten == expr:
            break
        expr = rewritten
    expr = expr.replace(lambda node: isinstance(node, sp.Add), _linear_factored)
    expr = sech_squared_beside_tanh(expr)
    return expr.replace(lambda node: isinstance(node, sp.erfc), lambda node: Erfc(*node.args))
