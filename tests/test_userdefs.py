"""User activations declared in TOML (symact.userdefs): what is read, what is refused."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import mpmath
import pytest
import sympy as sp

import symact
from symact import userdefs
from symact.site.navigation import navigation
from symact.userdefs import load

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "user-activations.md"

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
formula = "(sqrt(x**2 + 1) - 1)/2 + c*x"
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
        # issue 14: values TOML allows that are not finite numbers
        ("[[activation]]\nname = 'a'\nformula = 'x*k'\nparameters = { k = nan }\n", "finite"),
        ("[[activation]]\nname = 'a'\nformula = 'x*k'\nparameters = { k = inf }\n", "finite"),
        ("[[activation]]\nname = 'a'\nformula = 'x*k'\nparameters = { k = -inf }\n", "finite"),
        ("[[activation]]\nname = 'a'\nformula = 'x*k'\nparameters = { k = '1/0' }\n", "finite"),
        ("[[activation]]\nname = 'a'\nformula = 'x'\nwindow = [-inf, inf]\n", "finite"),
        ("[[activation]]\nname = 'a'\nformula = 'x'\nwindow = [nan, 1]\n", "finite"),
        # issue 14: names the catalog already uses (vector, alias, any case), or twice
        ("[[activation]]\nname = 'softmax'\nformula = 'x'\n", "catalog activation 'softmax'"),
        ("[[activation]]\nname = 'SoftMax'\nformula = 'x'\n", "catalog activation 'softmax'"),
        ("[[activation]]\nname = 'SiLU'\nformula = 'x'\n", "catalog activation 'swish'"),
        ("[[activation]]\nname = 'GELU'\nformula = 'x'\n", "catalog activation 'gelu'"),
        (
            "[[activation]]\nname = 'mine'\nformula = 'x'\n"
            "[[activation]]\nname = 'Mine'\nformula = '2*x'\n",
            "declared twice",
        ),
        # issue 14: the same fault class in the other fields
        ("activation = [1, 2]\n", "activation #1 is not a table"),
        ("activation = [{ name = 'a', formula = 'x' }, 'b']\n", "activation #2 is not a table"),
        ("[[activation]]\nname = 'a'\nformula = 'x'\n[[activaton]]\n", "unknown key 'activaton'"),
        ("[[activation]]\nname = 'a'\nformula = 'x'\nparameters = { x = 1 }\n", "reserved"),
        ("[[activation]]\nname = 'a'\nformula = 'x*exp'\nparameters = { exp = 1 }\n", "reserved"),
        ("[[activation]]\nname = 'a'\nformula = 'x'\nparameters = { k = 3 }\n", "does not appear"),
        ("[[activation]]\nname = 'a'\nformula = 'x*k'\n", "unknown name 'k'"),
        ("[[activation]]\nname = 'a'\nformula = 'x*k'\nparameters = { k = [1] }\n", "number"),
        (
            "[[activation]]\nname = 'a'\nformula = 'x*k'\n"
            "parameters = { k = { default = 1, description = 5 } }\n",
            "description must be text",
        ),
        ("[[activation]]\nname = 'a'\nformula = 3\n", "'formula' must be a non-empty string"),
        ("[[activation]]\nname = 3\nformula = 'x'\n", "'name' must be a non-empty string"),
        ("[[activation]]\nname = 'a'\nformula = 'x'\nfamily = \"a\\nb: c\"\n", "family"),
        ("[[activation]]\nname = 'a'\nformula = 'x'\ntitle = \"a\\n---\"\n", "one line"),
        (
            "[[activation]]\nname = 'a'\nformula = 'x'\n"
            "references = [{ citation = 'c', ulr = 'https://a.org' }]\n",
            "unknown key 'ulr'",
        ),
        (
            "[[activation]]\nname = 'a'\nformula = 'x'\nreferences = [{ citation = ' ' }]\n",
            "citation",
        ),
        ("[[activation]]\nname = 'a'\nformula = '1'\n", "does not depend on x"),
        ("[[activation]]\nname = 'a'\nformula = 'sqrt(x)'\n", "not real"),
    ],
)
def test_refusals_name_the_file_and_the_problem(tmp_path, text, message):
    """Each mistake is an InvalidDefinition naming the file and what is wrong."""
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(symact.InvalidDefinition, match=r"bad\.toml") as error:
        load(path, taken={"relu"})
    assert message in str(error.value)


def _fenced_toml(markdown: str) -> str:
    """The one ```toml block of ``markdown`` (a page or a docstring)."""
    (block,) = re.findall(r"^```toml\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)
    return block


def _load_text(tmp_path: Path, text: str) -> list[symact.Activation]:
    path = tmp_path / "example.toml"
    path.write_text(text, encoding="utf-8")
    return load(path)


def _value(activation: symact.Activation, at: int) -> mpmath.mpf:
    return mpmath.mpf(sp.N(activation.function.subs(symact.x, at), 30))


def test_the_documented_example_loads_as_described(tmp_path):
    """The complete example on docs/user-activations.md declares the two activations the
    page describes: f = tanh for x > 0, a·tanh elsewhere with a = 1/4, and x/(c + |x|)
    with c = 1/3, with every optional field kept."""
    tanh_like, softsign = _load_text(tmp_path, _fenced_toml(PAGE.read_text(encoding="utf-8")))
    assert (tanh_like.name, tanh_like.spec.title) == ("penalized_tanh", "Penalized tanh")
    assert tanh_like.spec.family == "sigmoid-like" and tanh_like.spec.window == (-4.0, 4.0)
    assert tanh_like.spec.summary.startswith("tanh for x > 0")
    (a,) = tanh_like.spec.params
    assert (a.name, a.default, a.description) == ("a", sp.Rational(1, 4), "slope factor for x ≤ 0")
    (reference,) = tanh_like.spec.references
    assert reference.url == "https://arxiv.org/abs/1602.05980"
    mpmath.mp.dps = 30
    assert _value(tanh_like, -2) == pytest.approx(mpmath.tanh(-2) / 4, rel=1e-25)
    assert _value(tanh_like, 1) == pytest.approx(mpmath.tanh(1), rel=1e-25)
    assert (softsign.name, softsign.spec.title, softsign.spec.family) == (
        "scaled_softsign",
        "scaled_softsign",
        "custom",
    )
    assert softsign.param_values() == {"c": sp.Rational(1, 3)}
    assert softsign.function.subs(symact.x, 2) == sp.Rational(6, 7)  # 2/(1/3 + 2)
    assert softsign.function.subs(symact.x, -2) == sp.Rational(-6, 7)


def test_the_module_docstring_example_loads(tmp_path):
    """The short example in symact.userdefs' docstring is valid TOML and declares
    penalized tanh with a = 1/4 on the window [-4, 4]."""
    (activation,) = _load_text(tmp_path, _fenced_toml(userdefs.__doc__))
    assert activation.param_values() == {"a": sp.Rational(1, 4)}
    assert activation.spec.window == (-4.0, 4.0)
    mpmath.mp.dps = 30
    assert _value(activation, -2) == pytest.approx(mpmath.tanh(-2) / 4, rel=1e-25)


def test_the_page_is_in_the_site_navigation():
    """The format page is in the menu (strict MkDocs refuses a page outside it)."""
    assert "'user-activations.md'" in repr(navigation(ROOT / "docs"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[activation]]\nname = 'a'\nformula = 'x*k'\nparameters = { k = nan }\n", "finite"),
        ("[[activation]]\nname = 'softmax'\nformula = 'x'\n", "'softmax'"),
    ],
)
def test_docs_build_refuses_on_one_line_with_exit_2(tmp_path, text, message):
    """`symact docs build --extra` with a bad file: one line on stderr, exit 2, before
    any derivation (nothing on stdout)."""
    path = tmp_path / "bad.toml"
    path.write_text(text)
    done = subprocess.run(
        [sys.executable, "-m", "symact", "docs", "build", "--processes", "1", "--extra", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("symact: ") and "bad.toml" in line and message in line
