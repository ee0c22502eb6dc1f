"""Terminal output speaks mathematics (symact.mathtext, symact.terminal).

The expected strings are written by hand: interval notation, ∪, ∅, {… : k ∈ ℤ}, closed
forms with a six-digit decimal value (W(1/e) = 0.2784645427…, 1/√(2π) = 0.3989422804…),
one kind of minus sign (U+2212). The last tests render ``symact show`` of every catalog
activation and look for anything that reads like SymPy's own output.
"""

from __future__ import annotations

import re

import pytest
import sympy as sp
from rich.console import Console

from symact import get, names, vector_names
from symact.analysis import Extremum
from symact.image import End, Image
from symact.mathtext import decimal_text, math_text, number_text
from symact.nonlinearity import Witness
from symact.terminal import (
    analysis_view,
    continuity_text,
    extremum_text,
    places_text,
    range_text,
    vector_view,
    witness_text,
)

x = sp.Symbol("x", real=True)
k = sp.Dummy("k")


class TestMathText:
    """`math_text`: sets and expressions as written on a blackboard."""

    @pytest.mark.parametrize(
        ("obj", "expected"),
        [
            (sp.Union(sp.FiniteSet(0), sp.Interval.open(1, sp.oo)), "{0} ∪ (1, ∞)"),
            (sp.Interval(-sp.oo, 0), "(−∞, 0]"),
            (sp.Interval.Lopen(-1, 1), "(−1, 1]"),
            (sp.Interval(sp.Rational(-1, 2), sp.Rational(1, 2)), "[−1/2, 1/2]"),
            (sp.EmptySet, "∅"),
            (sp.FiniteSet(-1, 1), "{−1, 1}"),
            (sp.ImageSet(sp.Lambda(k, k * sp.pi + sp.pi / 2), sp.Integers), "{k·π + π/2 : k ∈ ℤ}"),
            (
                sp.Complement(sp.Interval(0, 1), sp.FiniteSet(sp.Rational(1, 2))),
                "[0, 1/2) ∪ (1/2, 1]",
            ),
        ],
    )
    def test_sets(self, obj, expected):
        """Interval notation, ∪, ∅ and set-builder notation instead of SymPy's classes."""
        assert math_text(obj) == expected

    @pytest.mark.parametrize(
        ("obj", "expected"),
        [
            (-sp.LambertW(sp.exp(-1)), "−W(1/e)"),
            (sp.sqrt(2) / (2 * sp.sqrt(sp.pi)), "√2/(2·√π)"),
            (sp.exp(-1) / sp.sqrt(sp.pi), "1/(√π·e)"),
            (-x - 1, "−x − 1"),
            (x * sp.exp(-(x**2) / 2), "x·e^(−x^2/2)"),
            (sp.Abs(x) + sp.Max(0, x), "|x| + max(0, x)"),
            (sp.Piecewise((x, x > 0), (sp.exp(x) - 1, True)), "{x if x > 0; e^x − 1 otherwise}"),
            (
                sp.Piecewise((0, (x > sp.Rational(-1, 2)) & (x < sp.Rational(1, 2))), (1, True)),
                "{0 if x ∈ (−1/2, 1/2); 1 otherwise}",
            ),
            (sp.Matrix([[1, -1], [0, 2]]), "[1, −1; 0, 2]"),
            (sp.AccumBounds(-1, 1), "oscillating in [−1, 1]"),
        ],
    )
    def test_expressions(self, obj, expected):
        """W for LambertW, √ for sqrt, e for E, |·|, cases for Piecewise, · for products."""
        assert math_text(obj) == expected


class TestNumbers:
    """`number_text` / `decimal_text`: exact where exact, six significant digits else."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (sp.Rational(1, 4), "1/4"),
            (-sp.oo, "−∞"),
            (-sp.LambertW(sp.exp(-1)), "−W(1/e) ≈ −0.278465"),
            (sp.sqrt(2) / (2 * sp.sqrt(sp.pi)), "√2/(2·√π) ≈ 0.398942"),
            (sp.Float("-0.16997120747990366169386847098243392", 35), "≈ −0.169971"),
        ],
    )
    def test_number_text(self, value, expected):
        """A closed form keeps its form and gains its value; a 35-digit float is rounded."""
        assert number_text(value) == expected

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (1e-30, "1e−30"),
            (12345678.9, "1.23457e7"),
            (-2.5, "−2.5"),
            (0.000123456789, "0.000123457"),
        ],
    )
    def test_decimal_text(self, value, expected):
        assert decimal_text(value) == expected


def _end(value: sp.Expr, closed: bool) -> End:
    return End(value, closed, (), "exact")


class TestRows:
    """The rows of ``symact show`` that hold more than one number."""

    def test_a_range_that_is_not_an_interval_is_not_its_hull(self):
        """Threshold's range {0} ∪ (1, ∞) is shown as such, never as [0, ∞) = …."""
        image = Image(
            _end(sp.S.Zero, True),
            _end(sp.oo, False),
            sp.Union(sp.FiniteSet(0), sp.Interval.open(1, sp.oo)),
            "exact",
        )
        assert range_text(image) == "{0} ∪ (1, ∞)"

    def test_an_interval_range_shows_its_ends_in_closed_form(self):
        """Swish: [−W(1/e), ∞), with the decimal value; shortened for ``symact list``."""
        low = -sp.LambertW(sp.exp(-1))
        image = Image(_end(low, True), _end(sp.oo, False), sp.Interval(low, sp.oo), "exact")
        assert range_text(image) == "[−W(1/e) ≈ −0.278465, ∞)"
        assert range_text(image, short=True) == "[−0.278465, ∞)"

    def test_places_listed_twice_are_shown_once(self):
        """The binary step's sup |f′| = 0 is attained on (−∞, 0) ∪ (0, ∞), said once."""
        halves = (sp.Interval.open(-sp.oo, 0), sp.Interval.open(0, sp.oo))
        assert places_text(halves * 2) == "(−∞, 0) ∪ (0, ∞)"
        assert places_text((sp.Integer(-2), sp.Integer(2))) == "{−2, 2}"
        assert places_text((sp.sqrt(2),)) == "√2 ≈ 1.41421"

    def test_an_extremum_approached_at_infinity(self):
        assert extremum_text(Extremum(sp.S.One, False, (sp.oo,))) == (
            "1, approached as x → ∞ (not attained)"
        )
        attained = Extremum(sp.S.One, True, (sp.Interval.open(0, sp.oo),))
        assert extremum_text(attained) == "1, attained on (0, ∞)"
        assert extremum_text(Extremum(sp.S.One, True, (sp.S.Zero,))) == "1, attained at 0"

    def test_continuity_classes(self):
        assert [continuity_text(k) for k in (-1, 0, 1, sp.oo)] == [
            "discontinuous",
            "C^0",
            "C^1",
            "C^∞",
        ]

    def test_a_counterexample_to_linearity(self):
        """ReLU: f(1 + (−1)) = 0 but f(1) + f(−1) = 1; f((−1)·1) = 0 but (−1)·f(1) = −1."""
        additivity = Witness("additivity", {"a": 1, "b": -1}, 0, 1, "")
        homogeneity = Witness("homogeneity", {"k": -1, "a": 1}, 0, -1, "")
        assert witness_text(additivity) == "f(1 + (−1)) = 0 ≠ 1 = f(1) + f(−1)"
        assert witness_text(homogeneity) == "f((−1)·1) = 0 ≠ −1 = (−1)·f(1)"


FORBIDDEN = re.compile(
    r"Interval|EmptySet|ImageSet|Lambda|Union\(|\boo\b|\bzoo\b|\d{30,}|AccumBounds|LambertW"
    r"|sqrt\(|Piecewise|Matrix\(|\*|\bexp\(-|>=|<=|\bTrue\b|\bnan\b"
    r"|(?<![A-Za-z])-|-(?=[\d∞π√(])"  # an ASCII minus sign (a hyphen joins two words)
)
"""What reads like SymPy's output rather than mathematics."""


def _rendered(view) -> str:
    console = Console(width=140, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(view)
    return console.export_text()


@pytest.mark.parametrize("name", names())
def test_show_of_every_catalog_activation_speaks_mathematics(name, analysis):
    """``symact show NAME`` contains none of SymPy's own notation, nor an ASCII minus."""
    text = _rendered(analysis_view(get(name), analysis(name)))
    assert not FORBIDDEN.findall(text), [
        line for line in text.splitlines() if FORBIDDEN.search(line)
    ]


@pytest.mark.parametrize("name", vector_names())
def test_show_of_every_vector_activation_speaks_mathematics(name):
    activation = get(name)
    text = _rendered(vector_view(activation, activation.analyze()))
    assert not FORBIDDEN.findall(text), [
        line for line in text.splitlines() if FORBIDDEN.search(line)
    ]
