"""User activations declared in TOML (symact.userdefs): what is read, what is refused."""

from __future__ import annotations

import pytest
import sympy as sp

import symact
from symact.userdefs import load

GOOD = """
[[activation]]
name = "penalized_tanh"
title = "Penalized tanh"
formula = "where(x > 0, tanh(x), a*tanh(x))"
family = "tanh-like"
parameters = { a = { default = 0.25, description = "slope factor for x < 0" } }
window = [-4, 4]
references = [
  { citation = "Xu, Huang, Li 2016", url = "https://arxiv.org/abs/1602.05980" },
]

[[activation]]
name = "bent_identity"
formula = "(sqrt(x**2 + 1) - 1)/2 + x"
parameters = { c = "1/3" }
"""


def test_reads_every_field(tmp_path):
    """Name, title, family, exact parameter defaults, window and references are kept."""
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    tanh_like, bent = load(path)
    assert tanh_like.name == "penalized_tanh" and tanh_like.spec.title == "Penalized tanh"
    assert tanh_like.spec.family == "tanh-like" and tanh_like.spec.window == (-4.0, 4.0)
    (param,) = tanh_like.spec.params
    assert param.default == sp.Rational(1, 4) and param.description.startswith("slope")
    assert tanh_like.spec.references[0].url == "https://arxiv.org/abs/1602.05980"
    t = symact.x
    assert tanh_like.function.subs(t, -2) == sp.tanh(-2) / 4
    assert bent.spec.family == "custom" and bent.param_values() == {"c": sp.Rational(1, 3)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[activation]]\nname = 'a'\n", "missing 'formula'"),
        ("[[activation]]\nname = 'a'\nformula = 'x'\nfromula = 'x'\n", "unknown key 'fromula'"),
        ("[[activation]]\nname = 'a'\nformula = \"__import__('os')\"\n", "strings are not allowed"),
        ("[[activation]]\nname = 'relu'\nformula = 'x'\n", "already taken"),
        ("[[activation]]\nname = 'a b'\nformula = 'x'\n", "not a plain identifier"),
        ("[[activation]]\nname = 'a'\nformula = 'x*k'\nparameters = { k = true }\n", "number"),
        ("[[activation]]\nname = 'a'\nformula = 'x'\nwindow = [3, 1]\n", "window"),
        ("name = 'a'\n", "no [[activation]]"),
        ("[[activation\n", "not valid TOML"),
    ],
)
def test_refusals_name_the_file_and_the_problem(tmp_path, text, message):
    """Each mistake is an InvalidDefinition naming the file and what is wrong."""
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(symact.InvalidDefinition, match=r"bad\.toml") as error:
        load(path, taken={"relu"})
    assert message in str(error.value)
