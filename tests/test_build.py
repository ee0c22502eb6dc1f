"""The site build's guards (symact.site.generate): one build per output folder at a time,
no temporary folder outliving a killed build, missing tools reported before any work.

The derivation and MkDocs phases are stubbed (a whole build takes minutes): what runs
for real is the entry point `build`, its lock, its staging folder and its swap of
``site/``, in separate processes where the test is about processes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from symact import cli, userdefs
from symact.site import generate

ROOT = Path(__file__).resolve().parent.parent

DRIVER = textwrap.dedent(
    """
    import subprocess, sys, time
    from pathlib import Path
    from types import SimpleNamespace
    from symact.site import generate

    root, tag, events, mkdocs_seconds = sys.argv[1:5]
    root, events, mkdocs_seconds = Path(root), Path(events), float(mkdocs_seconds)

    def note(what):
        with events.open("a") as file:
            file.write(f"{what} {tag}\\n")

    def render_all(activations, docs, processes, log):
        note("start")
        (docs / "activations").mkdir(parents=True, exist_ok=True)
        (docs / "activations" / f"{tag}.md").write_text(tag)
        time.sleep(0.5)
        return []

    def mkdocs(command, **kwargs):
        site_dir = Path(command[command.index("--site-dir") + 1])
        note("mkdocs")
        time.sleep(mkdocs_seconds)
        pages = sorted(p.name for p in (root / "docs" / "activations").glob("*.md"))
        (site_dir / "index.html").write_text(f"{tag}: {' '.join(pages)}")
        note("end")
        return subprocess.CompletedProcess(command, 0, "", "")

    generate.check_tools = lambda root: None
    generate.render_all = render_all
    generate.write_pages = lambda rendered, docs, vectors: []
    generate.install_assets = lambda root, docs, log: None
    generate.subprocess = SimpleNamespace(run=mkdocs)
    generate.build(root, activations=[], vectors=[], log=lambda line: print(line, flush=True))
    """
)


def _environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def _start(root: Path, tag: str, events: Path, mkdocs_seconds: float) -> subprocess.Popen:
    """A build of ``root`` in another process, its derivation and MkDocs stubbed."""
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(root), tag, str(events), str(mkdocs_seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
    )


def _wait_for(events: Path, line: str, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if events.exists() and line in events.read_text().splitlines():
            return
        time.sleep(0.05)
    pytest.fail(f"{line!r} never happened")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project folder: a ``docs/`` and nothing built yet."""
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    return root


def test_two_builds_of_one_folder_run_one_after_the_other(project, tmp_path):
    """Two concurrent builds of one folder never overlap (each one's clean-derive-mkdocs
    phase is whole), the second says in one line that it waits, and the site left is
    the complete site of the build that finished last, with no temporary left over."""
    events = tmp_path / "events"
    first = _start(project, "first", events, mkdocs_seconds=4)
    _wait_for(events, "start first")
    second = _start(project, "second", events, mkdocs_seconds=0)
    outputs = [process.communicate(timeout=60) for process in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert events.read_text().split("\n")[:-1] == [
        "start first",
        "mkdocs first",
        "end first",
        "start second",
        "mkdocs second",
        "end second",
    ]
    waiting = [line for line in outputs[1][0].splitlines() if "waiting" in line]
    assert len(waiting) == 1 and str(project / "site") in waiting[0]
    assert not any("waiting" in line for line in outputs[0][0].splitlines())
    assert (project / "site" / "index.html").read_text() == "second: second.md"
    assert sorted(p.name for p in project.iterdir()) == [".site.lock", "docs", "site"]


def _stub_heavy_phases(monkeypatch: pytest.MonkeyPatch) -> None:
    """In this process: no derivation, no assets, MkDocs writes one page."""

    def mkdocs(command, **kwargs):
        site_dir = Path(command[command.index("--site-dir") + 1])
        (site_dir / "index.html").write_text("new site")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(generate, "check_tools", lambda root: None, raising=False)
    monkeypatch.setattr(generate, "render_all", lambda *args: [])
    monkeypatch.setattr(generate, "write_pages", lambda *args: [])
    monkeypatch.setattr(generate, "install_assets", lambda *args: None)
    monkeypatch.setattr(generate.subprocess, "run", mkdocs)


def test_a_build_killed_during_mkdocs_leaves_nothing_behind(project, tmp_path, monkeypatch):
    """``kill -9`` during the MkDocs phase leaves its ``.site-*`` staging folder and the
    lock file; the next build is not blocked (the kernel released the lock), removes the
    staging folder, says so, and builds the site."""
    events = tmp_path / "events"
    killed = _start(project, "killed", events, mkdocs_seconds=600)
    try:
        _wait_for(events, "mkdocs killed")
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.communicate(timeout=30)
    (left,) = [p for p in project.glob(".site-*") if p.is_dir()]
    _stub_heavy_phases(monkeypatch)
    lines: list[str] = []
    start = time.monotonic()
    site = generate.build(project, activations=[], vectors=[], log=lines.append)
    assert time.monotonic() - start < 10
    assert not left.exists() and not [p for p in project.glob(".site-*") if p.is_dir()]
    assert f"removed {left.name}/, left by an interrupted build" in lines
    assert (site / "index.html").read_text() == "new site"


def test_a_live_builds_staging_folder_is_not_removed(project, tmp_path, monkeypatch):
    """Stale-folder cleanup waits for the lock: while another build is in its MkDocs
    phase, its staging folder is left alone and this build waits."""
    events = tmp_path / "events"
    live = _start(project, "live", events, mkdocs_seconds=2)
    try:
        _wait_for(events, "mkdocs live")
        (staging,) = [p for p in project.glob(".site-*") if p.is_dir()]
        _stub_heavy_phases(monkeypatch)
        lines: list[str] = []
        generate.build(project, activations=[], vectors=[], log=lines.append)
        assert live.wait(timeout=30) == 0
    finally:
        live.kill()
        live.communicate()
    assert events.read_text().splitlines()[-1] == "end live"  # it finished before we began
    assert not any(line.startswith("removed") for line in lines)
    assert any("waiting for it to finish" in line for line in lines)
    assert not staging.exists()  # swapped in by its own build, then replaced by ours


def _project_without_npm(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A project copy with no ``node_modules``, and an environment whose PATH has no npm."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "docs", root / "docs")
    generate.clean(root / "docs")  # what an earlier build of the checkout generated
    (root / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "build_docs.py", root / "scripts" / "build_docs.py")
    for name in ("mkdocs.yml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, root / name)
    empty = tmp_path / "bin"
    empty.mkdir()
    return root, _environment(PATH=str(empty))


def test_build_script_without_npm_stops_at_once(tmp_path):
    """scripts/build_docs.py without npm (and without node_modules): one line naming
    npm on stderr, exit 2, within seconds and before any derivation."""
    root, env = _project_without_npm(tmp_path)
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(root / "scripts" / "build_docs.py"), "--processes", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert time.monotonic() - start < 20
    assert done.returncode == 2 and done.stdout == "", done
    (line,) = done.stderr.splitlines()
    assert "npm" in line and "not installed" in line
    assert not (root / "docs" / "plots").exists() and not (root / "site").exists()


def test_docs_build_command_without_npm_exits_2(tmp_path, monkeypatch, capsys):
    """``symact docs build`` without npm: one line on stderr naming npm, exit 2, and no
    derivation started (nothing on stdout)."""
    root, env = _project_without_npm(tmp_path)
    monkeypatch.setenv("PATH", env["PATH"])
    monkeypatch.setattr(cli, "project_root", lambda: root)
    monkeypatch.setattr(generate, "render_all", lambda *args: pytest.fail("derivation ran"))
    assert cli.main(["docs", "build"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("symact: ") and "npm" in line


def test_missing_mkdocs_modules_are_named(project, monkeypatch):
    """A missing MkDocs plugin is named with its PyPI name, before any derivation."""
    real = generate.importlib.util.find_spec

    def find_spec(name, *args):
        return None if name == "mkdocstrings" else real(name, *args)

    monkeypatch.setattr(generate.importlib.util, "find_spec", find_spec)
    with pytest.raises(generate.MissingTool, match=r"mkdocstrings \(pip install"):
        generate.build(project, activations=[], vectors=[], log=lambda _: None)


def test_the_depth_plot_cannot_be_a_user_activations_plot(project, monkeypatch, tmp_path):
    """The depth plot's file is not ``plots/NAME.svg`` for any name a user activation
    may have (before: ``plots/depth.svg``, overwritten by an activation named depth)."""
    written: list[Path] = []
    monkeypatch.setattr(
        "symact.plotting.depth_plot", lambda chosen, path: written.append(Path(path))
    )
    generate._depth_plot([], project / "docs")
    (path,) = written
    toml = tmp_path / "mine.toml"
    toml.write_text(f"[[activation]]\nname = '{path.stem}'\nformula = 'x'\n")
    with pytest.raises(userdefs.InvalidDefinition, match="not a plain identifier"):
        userdefs.load(toml)
