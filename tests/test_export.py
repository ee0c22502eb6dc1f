"""The JSON export (symact.export): schema keys, value forms, determinism, CLI."""

import json
import subprocess
import sys

import pytest

import symact
from symact.export import entry, export, to_json

REQUIRED = {
    "name",
    "aliases",
    "family",
    "params",
    "expr",
    "latex",
    "derivative",
    "second_derivative",
    "range",
    "argmin",
    "f0",
    "max_gradient",
    "limits",
    "monotonic",
    "continuity",
    "nondifferentiable_at",
    "odd",
    "even",
    "gaussian_mean",
    "linear",
    "nonlinearity_proof",
    "provenance",
}
CHEAP = ["identity", "binary_step", "relu", "leaky_relu"]


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    """The export of a few fast activations."""
    import os

    os.environ.setdefault("SYMACT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    return export([symact.get(n) for n in CHEAP], processes=1)


def _is_value(node):
    return isinstance(node, dict) and set(node) == {"exact", "approx"}


def test_every_required_key_present(document):
    """Each activation carries at least the keys the schema promises."""
    for item in document["activations"]:
        assert set(item) >= REQUIRED, REQUIRED - set(item)


def test_values_have_the_value_form(document):
    """f0, gaussian_mean and limits are {exact, approx}; infinities have approx null."""
    relu = next(a for a in document["activations"] if a["name"] == "relu")
    assert _is_value(relu["f0"]) and relu["f0"]["approx"] == 0.0
    assert relu["limits"]["f"]["oo"] == {"exact": "oo", "approx": None}
    assert relu["range"]["lower"] == {"exact": "0", "approx": 0.0, "closed": True}
    assert relu["range"]["upper"]["closed"] is False
    assert relu["continuity"] == 0 and relu["monotonic"] == "nondecreasing"


def test_json_round_trip_is_deterministic(document):
    """to_json gives identical text twice and parses back to the same document."""
    text = to_json(document)
    assert text == to_json(json.loads(text))


def test_identity_is_linear_in_export(document):
    """The identity's proof says linear with slope 1, and continuity is 'inf'."""
    identity = next(a for a in document["activations"] if a["name"] == "identity")
    assert identity["linear"] is True
    assert identity["nonlinearity_proof"]["slope"]["exact"] == "1"
    assert identity["continuity"] == "inf"


def test_entry_for_user_activation():
    """A user-defined activation exports with the same schema."""
    t = symact.x
    act = symact.define("abs_gate", abs(t))
    item = entry(act, act.analyze())
    assert set(item) >= REQUIRED
    assert item["even"] is True and item["continuity"] == 0


def test_cli_exit_codes():
    """Bad input exits 2 with a one-line error on stderr and no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "symact", "show", "relux"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "did you mean" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "symact", "show", "elu", "--param", "alpha=abc"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "not a number" in done.stderr


def test_export_reports_progress_per_analysis_and_per_entry():
    """``progress`` is called once as each analysis finishes and once per written entry."""
    calls: list[str] = []
    document = export([symact.get(n) for n in CHEAP[:2]], processes=1, progress=calls.append)
    assert sorted(calls) == sorted(CHEAP[:2] * 2)
    assert [item["name"] for item in document["activations"]] == CHEAP[:2]
