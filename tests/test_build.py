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
    import sys, time
    from pathlib import Path
    from symact.site import generate

    root, tag, events, mkdocs_seconds = sys.argv[1:5]
    root, events = Path(root), Path(events)

    def note(what):
        with events.open("a") as file:
            file.write(f"{what} {tag}\\n")

    def render_all(activations, docs, processes, log):
        note("start")
        (docs / "activations").mkdir(parents=True, exist_ok=True)
        (docs / "activations" / f"{tag}.md").write_text(tag)
        time.sleep(0.5)
        return []

    def mkdocs_build(config_file, docs, site):
        note("mkdocs")
        time.sleep(float(mkdocs_seconds))
        pages = sorted(p.name for p in (docs / "activations").glob("*.md"))
        site.mkdir()
        (site / "index.html").write_text(f"{tag}: {' '.join(pages)}")
        note("end")

    generate.check_tools = lambda root: None
    generate.render_all = render_all
    generate.write_pages = lambda rendered, docs, vectors: []
    generate.install_assets = lambda root, docs, log: None
    if mkdocs_seconds != "real":
        generate.mkdocs_build = mkdocs_build
    generate.build(root, activations=[], vectors=[], log=lambda line: print(line, flush=True))
    """
)
"""A build of ``root`` (argv: root, tag, events file, seconds MkDocs takes or "real"),
its derivation stubbed: it writes ``docs/activations/TAG.md`` into the build's docs."""


def _environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def _start(root: Path, tag: str, events: Path, mkdocs_seconds: float | str) -> subprocess.Popen:
    """A build of ``root`` in another process, its derivation (and MkDocs unless
    ``mkdocs_seconds`` is "real") stubbed."""
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(root), tag, str(events), str(mkdocs_seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
    )


def _wait_for(events: Path, start: str, seconds: float = 30) -> str:
    """The first line of ``events`` that starts with ``start``, once there is one."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        lines = events.read_text().splitlines() if events.exists() else []
        found = next((line for line in lines if line.startswith(start)), None)
        if found is not None:
            return found
        time.sleep(0.05)
    pytest.fail(f"{start!r} never happened")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project folder: a ``docs/`` and nothing built yet."""
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    return root


def test_two_builds_of_one_folder_run_one_after_the_other(project, tmp_path):
    """Two concurrent builds of one folder never overlap (each one's copy-derive-mkdocs-swap
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

    def mkdocs_build(config_file, docs, site):
        site.mkdir()
        (site / "index.html").write_text("new site")

    monkeypatch.setattr(generate, "check_tools", lambda root: None, raising=False)
    monkeypatch.setattr(generate, "render_all", lambda *args: [])
    monkeypatch.setattr(generate, "write_pages", lambda *args: [])
    monkeypatch.setattr(generate, "install_assets", lambda *args: None)
    monkeypatch.setattr(generate, "mkdocs_build", mkdocs_build)


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
    generate.copy_written_docs(ROOT, root / "docs", log=lambda _: None)
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


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (Linux ``/proc``)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


SLEEPING_HOOK = """
import os, time

def on_config(config):
    with open({events!r}, "a") as file:
        file.write(f"mkdocs {{os.getpid()}}\\n")
    time.sleep(600)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_mkdocs_dies_with_a_killed_build(project, tmp_path):
    """``kill -9`` of a build while MkDocs runs leaves no MkDocs process behind (before:
    its ``mkdocs`` child ran on and re-created a ``.site-*`` folder that the next build
    had removed). MkDocs here is real; a hook of the project's own holds it in
    ``on_config`` after writing down the id of the process that runs it."""
    events = tmp_path / "events"
    (project / "mkdocs.yml").write_text("site_name: killed\nhooks:\n  - hooks.py\n")
    (project / "hooks.py").write_text(SLEEPING_HOOK.format(events=str(events)))
    build = _start(project, "killed", events, mkdocs_seconds="real")
    try:
        mkdocs = int(_wait_for(events, "mkdocs ", seconds=60).split()[1])
    finally:
        build.send_signal(signal.SIGKILL)
        build.communicate(timeout=30)
    try:
        end = time.monotonic() + 5
        while _alive(mkdocs) and time.monotonic() < end:
            time.sleep(0.05)
        assert not _alive(mkdocs)
    finally:
        if _alive(mkdocs):
            os.kill(mkdocs, signal.SIGKILL)


GENERATED_PAGE = (
    "---\ntitle: Made\nfamily: other\norder: 0\n---\n\n# Made\n\n![f](../plots/made.svg)\n"
)


def _small_project(root: Path) -> Path:
    """A git checkout of a project with symact's ``mkdocs.yml``, ``.gitignore`` and
    MkDocs hooks, whose one hand-written page links to a page the build generates."""
    (root / "docs").mkdir(parents=True)
    for name in ("mkdocs.yml", ".gitignore", "docs/hooks.py"):
        shutil.copy2(ROOT / name, root / name)
    (root / "docs" / "index.md").write_text(
        "# Home\n\nSee [a generated page](activations/made.md).\n"
    )
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "hand-written"], check=True)
    return root


def _stub_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    """In this process: the derivation writes one page and its plot, as `render_all`
    does, into the build's docs; no assets; MkDocs runs for real."""

    def render_all(activations, docs, processes, log):
        (docs / "activations").mkdir(parents=True)
        (docs / "activations" / "made.md").write_text(GENERATED_PAGE)
        (docs / "plots").mkdir()
        (docs / "plots" / "made.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
        return []

    monkeypatch.setattr(generate, "check_tools", lambda root: None)
    monkeypatch.setattr(generate, "render_all", render_all)
    monkeypatch.setattr(generate, "write_pages", lambda *args: [])
    monkeypatch.setattr(generate, "install_assets", lambda *args: None)


def _snapshot(root: Path) -> tuple[str, dict[str, bytes]]:
    """``git status`` of ``root`` (untracked files one by one) and every file of its
    ``docs/`` with its content."""
    status = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    docs = root / "docs"
    files = {str(p.relative_to(docs)): p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    return status, files


def test_a_build_writes_nothing_into_the_checkout(tmp_path, monkeypatch):
    """A build leaves ``git status`` and every file under ``docs/`` as they were (before,
    it wrote its pages, plots and assets into ``docs/``), and the site has the generated
    page, linked from the hand-written one under ``--strict``."""
    root = _small_project(tmp_path / "checkout")
    _stub_derivation(monkeypatch)
    before = _snapshot(root)
    site = generate.build(root, activations=[], vectors=[], log=lambda _: None)
    assert _snapshot(root) == before
    assert "Made" in (site / "activations" / "made" / "index.html").read_text()
    assert (site / "plots" / "made.svg").exists()
    assert sorted(p.name for p in root.iterdir()) == [
        ".git",
        ".gitignore",
        ".site.lock",
        "docs",
        "mkdocs.yml",
        "site",
    ]


def test_two_builds_give_byte_identical_sites(tmp_path, monkeypatch):
    """Two builds (of two project folders, so that no path leaks into the output) give
    byte-identical sites. The build date, the one input that legitimately differs
    (``sitemap.xml``'s ``lastmod``), is fixed by ``SOURCE_DATE_EPOCH``."""
    _stub_derivation(monkeypatch)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sites = [
        generate.build(_small_project(tmp_path / name), activations=[], vectors=[], log=print)
        for name in ("one", "two")
    ]
    contents = [
        {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        for site in sites
    ]
    assert contents[0] == contents[1]
    assert "activations/made/index.html" in contents[0]


def test_pages_an_older_build_left_in_docs_are_not_used(tmp_path):
    """What an older build wrote into ``docs/`` is left out of the build's copy (a page
    of an activation since removed must not reappear) and named in one log line."""
    root = tmp_path / "checkout"
    (root / "docs" / "activations").mkdir(parents=True)
    (root / "docs" / "activations" / "gone.md").write_text("# Gone\n")
    (root / "docs" / "overview.md").write_text("# Old overview\n")
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "docs" / "concepts").mkdir()
    (root / "docs" / "concepts" / "mine.md").write_text("# Hand-written\n")
    lines: list[str] = []
    docs = generate.copy_written_docs(root, tmp_path / "copy", lines.append)
    copied = sorted(str(p.relative_to(docs)) for p in docs.rglob("*") if p.is_file())
    assert copied == ["concepts/mine.md", "index.md"]
    (line,) = lines
    assert "docs/activations" in line and "docs/overview.md" in line and "delete" in line
