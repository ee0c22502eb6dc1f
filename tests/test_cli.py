"""The ``symact`` command (symact.cli): every subcommand, exit codes, and bounded time.

Expected values come from the definitions and the literature (ReLU's Gaussian mean
1/√(2π), one-sided slopes by mpmath difference quotients), not from the engine.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
import time

import mpmath
import pytest
from conftest import difference_quotient, to_mpf

import symact
from symact import cli
from symact.export import entry

CHEAP = ["identity", "binary_step", "relu", "leaky_relu"]
"""Activations whose analysis takes well under a second (for the catalog commands)."""
HOSTILE = [
    "__import__('os').system('echo pwned')",
    "x.__class__.__mro__",
    "9**9**9**9",
    "(" * 60_000 + "x" + ")" * 60_000,  # under the 128 KiB argv limit
    "lambda: 0",
    "x; import os",
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``symact ARGV`` in this process: exit code, stdout, stderr."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exit_:  # argparse's own exits (--help, usage errors)
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def cheap_catalog(monkeypatch):
    """The catalog commands see only `CHEAP` (the whole catalog takes minutes)."""
    monkeypatch.setattr(cli, "names", lambda: list(CHEAP))
    monkeypatch.setattr(cli, "vector_names", lambda: [])
    # The catalog's proven identities (symact.identities, tested on their own) are not
    # what these commands show; proving them from a cold cache takes a minute.
    monkeypatch.setattr("symact.export.identities_for", lambda name: [])


# ---- derive ---------------------------------------------------------------------------


def test_derive_proves_a_secretly_linear_formula(capsys):
    """relu(x) − relu(−x) = x: the JSON entry says linear with slope 1, C^∞, no kinks."""
    code, out, err = run(capsys, "derive", "relu(x) - relu(-x)", "--name", "odd_relu", "--json")
    assert code == 0, err
    record = json.loads(out)
    assert record["name"] == "odd_relu" and record["kind"] == "scalar"
    assert record["linear"] is True and record["nonlinearity_proof"]["slope"]["exact"] == "1"
    assert record["continuity"] == "inf" and record["one_sided_derivatives"] == []
    assert record["odd"] is True and record["even"] is False


def test_derive_json_is_an_export_entry(capsys):
    """derive --json has exactly the keys of an export entry (same schema as the catalog)."""
    code, out, _ = run(
        capsys, "derive", "where(x > 0, x, alpha*x)", "--param", "alpha=0.2", "--json"
    )
    assert code == 0
    record = json.loads(out)
    plain = symact.define("plain", "x")
    assert set(record) == set(entry(plain, plain.analyze()))
    assert record["params"] == {"alpha": "1/5"}
    (kink,) = record["one_sided_derivatives"]
    f = lambda t: t if t > 0 else t / 5  # noqa: E731 -- the formula, written out
    assert to_mpf(kink["at"]["exact"]) == 0
    for side, key in ((-1, "left"), (1, "right")):
        expected = difference_quotient(f, 0, side)
        assert abs(float(kink[key]["approx"]) - expected) < 1e-12


def test_derive_readable_shows_every_property_with_provenance(capsys):
    """The terminal view lists the properties and says exact / undetermined per row."""
    code, out, _ = run(capsys, "derive", "abs(x)", "--name", "magnitude")
    assert code == 0
    for label in ("Range", "sup |f′|", "Not differentiable at", "E[f(Z)]", "Linear", "exact"):
        assert label in out, label
    assert "Traceback" not in out


@pytest.mark.parametrize("formula", HOSTILE, ids=range(len(HOSTILE)))
def test_derive_refuses_hostile_formulas(capfd, formula):
    """Code injection and resource exhaustion: exit 2, one line on stderr, nothing run."""
    assert cli.main(["derive", formula]) == 2
    out, err = capfd.readouterr()
    assert len(err.strip().splitlines()) == 1 and "pwned" not in out


def test_derive_errors_have_no_traceback():
    """As a process: a formula outside the grammar gives one line on stderr, exit 2."""
    done = subprocess.run(
        [sys.executable, "-m", "symact", "derive", HOSTILE[0]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("symact: column") and "pwned" not in done.stdout


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["derive", "-x*sigmoid(-x)"], {"expr": "-x*sigmoid(-x)"}),
        (["derive", "-2*x", "--name", "neg"], {"expr": "-2*x", "name": "neg"}),
        (["derive", "--name", "neg", "-x", "--json"], {"expr": "-x", "name": "neg", "json": True}),
        (["derive", "x*b", "--param", "b=-1"], {"expr": "x*b", "param": ["b=-1"]}),
        (["show", "elu", "--param", "alpha=-1/2"], {"name": "elu", "param": ["alpha=-1/2"]}),
        (["plot", "-x", "-o", "f.svg"], {"what": "-x", "output": "f.svg"}),
        (["plot", "-o", "f.svg", "-.5*x"], {"what": "-.5*x", "output": "f.svg"}),
    ],
)
def test_formulas_and_numbers_may_start_with_a_minus(argv, expected):
    """A formula or number that starts with ``-`` is an argument, as typed; options stay."""
    args = vars(cli.build_parser().parse_args(argv))
    assert {key: args[key] for key in expected} == expected


def test_an_unknown_long_option_is_still_an_error(capsys):
    """Only single-dash words become formulas: a misspelt ``--option`` is refused."""
    code, _, err = run(capsys, "derive", "-x", "--nme", "neg")
    assert code == 2 and "--nme" in err


def test_derive_a_formula_that_starts_with_a_minus(capsys):
    """``derive -x`` analyses f(x) = −x: linear with slope −1 (by hand)."""
    code, out, err = run(capsys, "derive", "-x", "--json")
    assert code == 0, err
    record = json.loads(out)
    assert record["linear"] is True and record["nonlinearity_proof"]["slope"]["exact"] == "-1"


def test_derive_refuses_catalog_names_and_bad_params(capsys):
    """--name may not shadow a catalog activation; --param must be NAME=number."""
    assert run(capsys, "derive", "x", "--name", "ReLU")[0] == 2
    code, _, err = run(capsys, "derive", "x*a", "--param", "a=x")
    assert code == 2 and "depends on x" in err
    code, _, err = run(capsys, "derive", "x*a", "--param", "a")
    assert code == 2 and "NAME=VALUE" in err
    code, _, err = run(capsys, "derive", "x*b")
    assert code == 2 and "b" in err


def test_derive_reports_what_exceeds_the_deadline(capsys):
    """With a tiny --timeout, the steps left over are undetermined because of the budget."""
    code, out, _ = run(
        capsys, "derive", "x*tanh(softplus(x)) + sin(x)/3", "--json", "--timeout", "4"
    )
    assert code == 0
    reasons = [p["reason"] or "" for p in json.loads(out)["provenance"].values()]
    assert any("time budget" in reason for reason in reasons)


def test_wall_clock_limit_stops_a_hang():
    """The backstop turns a body that never returns into a derivation failure."""
    with pytest.raises(cli.DerivationFailed, match=r"within 0\.2 s"), cli.wall_clock_limit(0.2):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            pass


# ---- show, list -----------------------------------------------------------------------


def test_show_json_matches_the_export_entry(capsys):
    """show --json is the export's entry of that activation, parameters applied."""
    code, out, _ = run(capsys, "show", "leaky_relu", "--param", "alpha=0.2", "--json")
    assert code == 0
    leaky = symact.get("leaky_relu", alpha=0.2)
    assert json.loads(out) == json.loads(json.dumps(entry(leaky, leaky.analyze())))


def test_show_unknown_name_suggests(capsys):
    """A misspelt name: exit 2 and close names, on one line."""
    code, _, err = run(capsys, "show", "relux")
    assert code == 2 and "did you mean" in err and len(err.strip().splitlines()) == 1


def test_list_is_a_table_of_the_catalog(capsys, cheap_catalog):
    """One row per activation with its range, monotonicity and continuity class."""
    code, out, _ = run(capsys, "list", "--processes", "1")
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert set(CHEAP) <= set(rows)
    # ReLU: range [0, ∞), nondecreasing, continuous but not C¹ (textbook facts).
    assert "[0, ∞)" in rows["relu"] and "nondecreasing" in rows["relu"]
    assert "C^0" in rows["relu"] and "discontinuous" in rows["binary_step"]


_CHEAP_LIST = f"""
import sys
import symact.export
from symact import cli
cli.names = lambda: {CHEAP!r}
symact.export.identities_for = lambda name: []
sys.exit(cli.main(["list", "--processes", "1"]))
"""
"""``symact list`` over `CHEAP`, in a fresh process (stdin, stdout, stderr as given)."""


def test_list_shows_progress_on_a_terminal():
    """On a pseudo-terminal, stderr shows the progress bar while the catalog is derived."""
    import os
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    with subprocess.Popen(
        [sys.executable, "-c", _CHEAP_LIST],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
    ) as process:
        os.close(follower)
        drawn = b""
        with contextlib.suppress(OSError):  # EIO once the child has closed the terminal
            while chunk := os.read(leader, 4096):
                drawn += chunk
        out = process.stdout.read().decode()
    os.close(leader)
    assert process.returncode == 0
    assert b"deriving" in drawn and f"/{len(CHEAP)}".encode() in drawn
    assert "relu" in out and "deriving" not in out


def test_list_prints_nothing_extra_when_piped():
    """Piped, stderr stays empty and stdout holds only the table."""
    done = subprocess.run(
        [sys.executable, "-c", _CHEAP_LIST], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and done.stderr == ""
    words = [line.split()[0] for line in done.stdout.splitlines() if line.strip()]
    assert [word for word in words if not word.startswith("─")] == ["name", *CHEAP]


# ---- export ---------------------------------------------------------------------------


def test_export_csv(capsys, cheap_catalog):
    """CSV: a header, one row per activation; ReLU's cells match the literature."""
    code, out, _ = run(capsys, "export", "--format", "csv", "--processes", "1")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [row["name"] for row in table] == CHEAP
    relu = next(row for row in table if row["name"] == "relu")
    assert relu["range"] == "Interval(0, oo)" and relu["kinks"] == "{0}"
    assert relu["continuity"] == "C^0" and relu["linear"] == "no"
    mean = symact.parse(relu["E[f(Z)]"])  # E[max(0, Z)] = 1/√(2π)
    assert abs(to_mpf(mean) - 1 / mpmath.sqrt(2 * mpmath.pi)) < 1e-15
    identity = next(row for row in table if row["name"] == "identity")
    assert identity["linear"] == "yes" and identity["odd"] == "yes"


def test_export_markdown_and_latex(capsys, cheap_catalog, tmp_path):
    """Markdown: a pipe table; LaTeX: a tabular with one row per activation."""
    code, out, _ = run(capsys, "export", "--format", "markdown")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 2 + len(CHEAP)
    assert all(line.startswith("|") and line.endswith("|") for line in lines)
    assert len({line.count(" | ") for line in lines[2:]}) == 1
    target = tmp_path / "catalog.tex"
    assert run(capsys, "export", "--format", "latex", "-o", str(target))[0] == 0
    tex = target.read_text()
    assert tex.startswith(r"\begin{tabular}") and tex.rstrip().endswith(r"\end{tabular}")
    body = [line for line in tex.splitlines() if line.endswith(r"\\")]
    assert len(body) == 1 + len(CHEAP) and all(line.count("$") % 2 == 0 for line in body)
    assert r"leaky\_relu" in tex


# ---- plot -----------------------------------------------------------------------------


def test_plot_catalog_name_and_formula(capsys, tmp_path):
    """A catalog name to SVG, a formula with derivatives to PNG; a bad suffix is refused."""
    svg, png = tmp_path / "relu.svg", tmp_path / "mine.png"
    assert run(capsys, "plot", "relu", "-o", str(svg))[0] == 0
    assert b"<svg" in svg.read_bytes()[:500]
    assert run(capsys, "plot", "x*tanh(x)", "-o", str(png), "--derivatives")[0] == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _, err = run(capsys, "plot", "relu", "-o", str(tmp_path / "relu.pdf"))
    assert code == 2 and ".svg or .png" in err
    code, _, err = run(capsys, "plot", "rleu", "-o", str(svg))
    assert code == 2 and "did you mean" in err


# ---- docs -----------------------------------------------------------------------------


def test_docs_needs_a_checkout(tmp_path):
    """Without mkdocs.yml next to the package: a clear bad-input error."""
    package = tmp_path / "symact"
    package.mkdir()
    with pytest.raises(cli.BadInput, match=r"mkdocs\.yml"):
        cli.project_root(package)
    assert (cli.project_root() / "mkdocs.yml").is_file()


def test_docs_build_adds_the_extra_activations(capsys, monkeypatch, tmp_path):
    """docs build --extra: the catalog plus the TOML's activations, on 2 processes."""
    import symact.site

    calls = []
    monkeypatch.setattr(symact.site, "build", lambda root, **kw: calls.append((root, kw)) or root)
    extra = tmp_path / "mine.toml"
    extra.write_text('[[activation]]\nname = "bent"\nformula = "(sqrt(x**2 + 1) - 1)/2 + x"\n')
    code, _, err = run(capsys, "docs", "build", "--extra", str(extra))
    assert code == 0, err
    ((root, kwargs),) = calls
    assert (root / "mkdocs.yml").is_file() and kwargs["processes"] == 2
    assert [a.name for a in kwargs["activations"]] == [*symact.names(), "bent"]
    extra.write_text('[[activation]]\nname = "relu"\nformula = "x"\n')
    code, _, err = run(capsys, "docs", "build", "--extra", str(extra))
    assert code == 2 and "already taken" in err


# ---- the entry points -----------------------------------------------------------------


def test_python_dash_m_and_usage_errors():
    """``python -m symact`` runs the CLI; a usage error is one line with exit 2."""
    done = subprocess.run(
        [sys.executable, "-m", "symact", "--help"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "derive" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "symact", "frobnicate"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


# ---- messages name what the user wrote ---------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["derive", "x**(1/3)"], "x**(1/3) is not real at x = -3"),
        (["derive", "x**(1/3)", "--name", "cube_root"], "cube_root is not real at x = -3"),
        (["plot", "x**(1/3)", "-o", "never.svg"], "x**(1/3) is not real at x = -3"),
        (["derive", "1/x"], "1/x is not finite on all of ℝ: singularities at x = 0 "),
        (["derive", "tan(sinh(x))**2"], "singularities at infinitely many points"),
    ],
)
def test_refusals_name_the_formula_as_typed(capsys, argv, named):
    """A refused definition is named as the user wrote it (the formula, or --name), never
    by a placeholder ("user", "formula") or a SymPy dummy ("_n"); x**(1/3) is the principal
    cube root, complex for x < 0 (at -3: 3^{1/3}·e^{iπ/3})."""
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert named in err
    for placeholder in ("user", "formula", "_n", "Lambda"):
        assert placeholder not in err


def test_derive_without_a_name_calls_the_activation_by_its_formula(capsys):
    """The analysis's title is the formula when no --name is given."""
    code, out, _ = run(capsys, "derive", "x*tanh(x)", "--json", "--timeout", "20")
    assert code == 0
    assert json.loads(out)["name"] == "x*tanh(x)"


# ---- hostile formulas finish in time, with what was derived -----------------------------


def test_derive_of_an_exponential_tower_reports_what_it_derived_in_time(capsys):
    """exp(exp(x**20)) (its value at 3 has ~10^9 digits) is accepted at once, derived
    within --timeout, and printed: f′ = 20x¹⁹·e^{x²⁰}·e^{e^{x²⁰}} by the chain rule, and
    what the time did not allow is "the time ran out", naming the overall budget."""
    import sympy as sp

    from symact.parse import parse

    start = time.monotonic()
    code, out, err = run(capsys, "derive", "exp(exp(x**20))", "--json", "--timeout", "6")
    assert time.monotonic() - start < 6 + 2
    assert code == 0, err
    record = json.loads(out)
    x = symact.symbols.x
    chain_rule = 20 * x**19 * sp.exp(x**20) * sp.exp(sp.exp(x**20))
    assert sp.simplify(parse(record["derivative"]) - chain_rule) == 0
    reasons = {p["reason"] for p in record["provenance"].values() if p["status"] == "undetermined"}
    assert reasons and all("the time ran out (overall time budget of" in r for r in reasons)
