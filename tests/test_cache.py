"""The disk cache (`symact.cache`, `symact.codec`): entries read back as written, and a
damaged, copied or planted entry, or an unusable folder, never changes an answer."""

from __future__ import annotations

import json
import os
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp
from conftest import activation

import symact
from symact import cache, codec, export, identities, vectors
from symact.analysis import CACHE_KIND, analyze
from symact.catalog import CATALOG

CHEAP = "relu"
"""An activation analysed in about a second: the one the damage cases recompute."""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty cache folder of this test's own, with no folder marked unusable."""
    path = tmp_path / "cache"
    monkeypatch.setenv("SYMACT_CACHE_DIR", str(path))
    monkeypatch.setattr(cache, "_UNUSABLE", {})
    return path


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "symact.cache"]


def plant(folder: Path, key: str, data: bytes) -> None:
    """Write ``data`` as the entry for ``key`` (under the old pickle name too, which the
    cache must never open)."""
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in (".json", ".pickle"):
        (folder / f"{key}{suffix}").write_bytes(data)


def entry(folder: Path, key: str) -> dict:
    return json.loads((folder / f"{key}.json").read_text())


@pytest.mark.parametrize("name", [spec.name for spec in CATALOG])
def test_every_catalog_analysis_reads_back_as_derived(name, analysis, folder):
    """An analysis stored and loaded gives the same export entry (and compares equal)."""
    original = analysis(name)
    key = cache.key_for(activation(name), None)
    cache.store(key, CACHE_KIND, original)
    loaded = cache.load(key, CACHE_KIND)
    assert loaded is not original
    assert export.entry(activation(name), loaded) == export.entry(activation(name), original)
    assert loaded == original


class _WritesMarker:
    """Unpickling this creates the marker file: what a planted pickle could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _damage_cases(valid: bytes) -> dict[str, bytes]:
    srepr_attack = "Piecewise((\"__import__('pathlib').Path('MARKER').touch()\", true))"
    return {
        "truncated": valid[: len(valid) // 2],
        "random bytes": random.Random(14).randbytes(2000),
        "invalid JSON": b'{"format": 1, "kind": ',
        "wrong structure": b"[1, 2, 3]",
        "wrong value structure": valid.replace(b'"dataclass":"Analysis"', b'"tuple":"Analysis"'),
        "unknown type tag": valid.replace(b'"dataclass":"Analysis"', b'"dataclass":"Popen"'),
        "srepr not whitelisted": valid.replace(
            b"Symbol('x', real=True)", srepr_attack.encode().replace(b'"', b'\\"'), 1
        ),
    }


@pytest.fixture(scope="module")
def cheap_entry(tmp_path_factory) -> bytes:
    """The bytes of the cheap activation's entry as the cache writes it."""
    path = tmp_path_factory.mktemp("entry")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SYMACT_CACHE_DIR", str(path))
        analyze(activation(CHEAP))
    (written,) = path.glob("*.json")
    return written.read_bytes()


@pytest.mark.parametrize("case", list(_damage_cases(b"")))
def test_damaged_entry_is_recomputed_and_replaced(case, cheap_entry, folder, caplog, tmp_path):
    """A damaged entry gives the derived answer, one warning line, and a repaired entry."""
    target = activation(CHEAP)
    key = cache.key_for(target, None)
    damaged = _damage_cases(cheap_entry)[case]
    assert damaged != cheap_entry
    plant(folder, key, damaged.replace(b"MARKER", str(tmp_path / "marker").encode()))
    result = analyze(target)
    assert not (tmp_path / "marker").exists()
    assert result.function == target.function
    assert (result.range.value.lower.value, result.range.value.upper.value) == (0, sp.oo)
    assert len(warnings_of(caplog)) == 1 and "\n" not in warnings_of(caplog)[0]
    assert entry(folder, key)["key"] == key
    assert cache.load(key, CACHE_KIND) == result
    assert len(warnings_of(caplog)) == 1


def test_planted_pickle_never_runs(folder, tmp_path):
    """A pickle that runs code when unpickled, planted as an entry, is never opened."""
    target = activation(CHEAP)
    key = cache.key_for(target, None)
    marker = tmp_path / "marker"
    plant(folder, key, pickle.dumps(_WritesMarker(marker)))
    result = analyze(target)
    assert not marker.exists()
    assert result.function == target.function


def test_copied_entry_is_a_miss(folder, caplog):
    """Another activation's entry copied over this one's is recomputed, not believed."""
    source, target = activation("identity"), activation(CHEAP)
    analyze(source)
    source_key, target_key = (cache.key_for(a, None) for a in (source, target))
    for written in list(folder.iterdir()):
        if written.stem == source_key:
            (folder / f"{target_key}{written.suffix}").write_bytes(written.read_bytes())
    result = analyze(target)
    assert result.name == CHEAP and result.function == target.function != source.function
    assert [kink.at for kink in result.kinks.value] == [0]  # identity has none
    assert len(warnings_of(caplog)) == 1 and "another derivation" in warnings_of(caplog)[0]
    assert entry(folder, target_key)["key"] == target_key


def test_unwritable_folder_warns_once_and_still_answers(tmp_path, monkeypatch, caplog):
    """A cache folder that cannot be created (a file is in the way): one warning, then
    the analyses are derived as if there were no cache."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SYMACT_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(cache, "_UNUSABLE", {})
    first, second = analyze(activation("identity")), analyze(activation(CHEAP))
    assert first.function == symact.symbols.x
    assert second.name == CHEAP and second.f0.value == 0
    (message,) = warnings_of(caplog)
    assert "working without the derivation cache" in message and str(blocker) in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_warns_once(tmp_path, monkeypatch, caplog):
    """A read-only cache folder: one warning, then no cache."""
    tmp_path.chmod(0o555)
    monkeypatch.setenv("SYMACT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_UNUSABLE", {})
    try:
        analyze(activation("identity"))
        analyze(activation(CHEAP))
    finally:
        tmp_path.chmod(0o755)
    assert len(warnings_of(caplog)) == 1


def test_empty_home_warns_once_on_one_line(tmp_path):
    """With HOME empty and no SYMACT_CACHE_DIR, a process says once (one line on stderr)
    that it works without a cache, writes nothing under /.cache, and still answers."""
    env = {k: v for k, v in os.environ.items() if k != "SYMACT_CACHE_DIR"}
    env["HOME"] = ""
    before = Path("/.cache/symact").exists()
    script = (
        "import symact\n"
        "for name in ('identity', 'relu', 'identity'):\n"
        "    print(symact.get(name).analyze().f0.value)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["0", "0", "0"]
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and "working without the derivation cache" in lines[0], lines
    assert Path("/.cache/symact").exists() == before


class TestReadSrepr:
    """`symact.codec.read_srepr` builds SymPy objects and nothing else."""

    def test_reads_back_what_srepr_writes(self):
        """Sets, Piecewise, dummies, floats, assumptions and an undistributed product
        survive the round trip, as the same tree (not only an equal value)."""
        x = sp.Symbol("x", real=True)
        k = sp.Dummy("k", integer=True)
        values = [
            sp.Piecewise((x, x > 0), (sp.exp(x) - 1, True)),
            sp.Union(sp.FiniteSet(-sp.oo), sp.Interval.Lopen(0, sp.pi)),
            sp.ImageSet(sp.Lambda(k, 2 * sp.pi * k), sp.S.Integers),
            sp.Float("0.1", 40) * sp.erf(x / sp.sqrt(2)),
            sp.S.EmptySet,
            sp.LambertW(-sp.exp(-1)),
            sp.Mul(sp.S.Half, x + 1, evaluate=False),  # GELU-tanh's f′ keeps this form
        ]
        for value in values:
            read = codec.read_srepr(sp.srepr(value))
            assert read == value and sp.srepr(read) == sp.srepr(value)

    @pytest.mark.parametrize(
        "text",
        [
            "__import__('os').system('true')",
            "Symbol('x').__class__",
            "Piecewise((\"__import__('os')\", true))",
            "Add(\"__import__('os')\", Integer(1))",
            "Float('1e5; import os')",
            "Symbol('x', evaluate=exec)",
            "Pow(Integer(10), Integer(1000000000))",
            "Float('1', precision=100000000)",
            "Integer(" + "9" * 2000 + ")",
            "lambda: 0",
            "Tuple(" * 300 + "Integer(1)" + ")" * 300,
            "sympify('x')",
        ],
    )
    def test_refuses_anything_else(self, text):
        """Calls outside the allow-list, strings SymPy would parse, huge numbers: refused."""
        with pytest.raises(codec.Damaged):
            codec.read_srepr(text)


def test_identity_proofs_read_back(folder):
    """The proven relations (`symact.identities.proofs`) survive their cache entry."""
    stored = [(p.result, p.left, p.right, p.skipped) for p in identities.proofs()]
    cache.store("identities-test", identities._CACHE_KIND, stored)
    assert cache.load("identities-test", identities._CACHE_KIND) == stored


@pytest.mark.parametrize("name", symact.vector_names())
def test_vector_analyses_read_back(name, folder):
    """The cache entries of the vector analyses (`symact.vectors`) read back as derived."""
    derived = symact.get(name).analyze()
    cache.store(name, vectors.CACHE_KIND, derived)
    assert cache.load(name, vectors.CACHE_KIND) == derived


def test_value_the_codec_cannot_read_back_is_not_stored(folder, caplog):
    """An expression outside the allow-list is not cached (one line says so), rather than
    written as an entry that every later run would find damaged."""
    value = sp.Function("g")(symact.symbols.x)
    cache.store("unsupported", CACHE_KIND, value)
    assert not (folder / "unsupported.json").exists()
    (message,) = warnings_of(caplog)
    assert "not caching" in message and "\n" not in message


def test_engine_fingerprint_covers_what_the_engine_loads():
    """The fingerprinted modules are exactly those the engine's roots load: checked by
    importing them in a fresh interpreter without the package's ``__init__`` (which loads
    presentation and numerics too)."""
    folder = str(Path(symact.__file__).parent)
    program = (
        "import sys, types, importlib\n"
        f"package = types.ModuleType('symact'); package.__path__ = [{folder!r}]\n"
        "sys.modules['symact'] = package\n"
        f"for root in {list(cache.ENGINE_ROOTS)!r}: importlib.import_module(root)\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('symact.'))))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert tuple(run.stdout.split()) == cache.engine_modules()


def test_engine_fingerprint_leaves_out_presentation_and_numerics():
    """Editing the export, the CLI, the site, the plots or the NumPy code generation does
    not invalidate the derivations: they are not part of the engine."""
    outside = {
        "symact.export",
        "symact.cli",
        "symact.plotting",
        "symact.numerics",
        "symact.terminal",
    }
    assert outside.isdisjoint(cache.engine_modules())
    assert {"symact.analysis", "symact.limits", "symact.pieces"} <= set(cache.engine_modules())


def test_every_cache_key_is_built_by_one_function():
    """No module but `symact.cache` hashes its own keys."""
    package = Path(symact.__file__).parent
    hashing = [
        p for p in package.rglob("*.py") if "hashlib" in p.read_text() and p.name != "cache.py"
    ]
    assert hashing == []
