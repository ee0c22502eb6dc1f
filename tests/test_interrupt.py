"""Ctrl-C (symact.workers, symact.cli.main, scripts/build_docs.py): a command stops
within a second or two, says "interrupted" on one line, exits 130, leaves no worker
process behind and a site build leaves the previous site as it was.

Each test starts the real command in its own session (as a terminal's foreground job)
with a cold cache, waits until its worker processes run, and sends SIGINT to the whole
process group, as a terminal's Ctrl-C does. Before the fix the workers went on with the
next task, the parent waited for them (30 s and more) and printed a traceback.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STOP_SECONDS = 3.0
"""How long a command may take to end after Ctrl-C (the worker phase is interrupted)."""
START_SECONDS = 60.0
"""How long to wait for the command's worker processes to appear."""
SLOW = "x*tanh(softplus(x)) + sin(x)/3"
"""A formula whose analysis keeps a worker busy for seconds (cold cache)."""


@dataclass
class Stopped:
    """How a command ended after Ctrl-C."""

    seconds: float
    code: int | None
    stderr: str
    survivors: list[int]


def _session(sid: int) -> list[int]:
    """The processes of session ``sid`` (its leader and every descendant), from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == sid:  # the fields after the name: state, ppid, pgrp, session
            members.append(int(entry.name))
    return members


def _interrupt(argv: list[str], cwd: Path, cache: Path, workers: int = 2) -> Stopped:
    """Run ``argv``, send Ctrl-C once ``workers`` worker processes run, and report."""
    env = {**os.environ, "SYMACT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        started = time.monotonic() + START_SECONDS
        while len(_session(process.pid)) < 1 + workers and time.monotonic() < started:
            assert process.poll() is None, process.stderr.read()
            time.sleep(0.1)
        assert len(_session(process.pid)) >= 1 + workers, "the workers never started"
        time.sleep(1.0)  # into the tasks
        sent = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(STOP_SECONDS + 20)
        seconds = time.monotonic() - sent
        time.sleep(0.2)
        return Stopped(seconds, process.returncode, process.stderr.read(), _session(process.pid))
    finally:
        for pid in _session(process.pid):  # whatever the outcome, nothing keeps running
            os.kill(pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()


def _assert_stopped_quietly(stopped: Stopped, program: str) -> None:
    assert stopped.seconds < STOP_SECONDS
    assert stopped.code == 130
    assert stopped.stderr == f"{program}: interrupted\n"
    assert stopped.survivors == []


@pytest.mark.parametrize("command", [["export", "--processes", "2"], ["list"]])
def test_catalog_commands_stop_at_once(tmp_path, command):
    """``symact export`` and ``symact list`` while the workers derive the catalog."""
    stopped = _interrupt([sys.executable, "-m", "symact", *command], tmp_path, tmp_path / "c")
    _assert_stopped_quietly(stopped, "symact")


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A project folder with symact's mkdocs.yml, hand-written docs, the build script and
    a previous ``site/``; the TOML declares a few slow activations of the user's own."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root)
    shutil.copytree(ROOT / "docs", root / "docs")
    (root / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "build_docs.py", root / "scripts")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site\n")
    tables = [
        f'[[activation]]\nname = "slow{k}"\nformula = "{SLOW} + x/{k}"\n' for k in range(2, 8)
    ]
    (root / "mine.toml").write_text("\n".join(tables))
    return root


def _previous_site_intact(root: Path) -> None:
    assert (root / "site" / "index.html").read_text() == "the previous site\n"
    assert sorted(p.name for p in (root / "site").iterdir()) == ["index.html"]
    # The lock file stays (filelock never deletes it: another build may be waiting on it).
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site-")]


DOCS_BUILD = """
import sys
from pathlib import Path
from symact import cli
cli.project_root = lambda: Path.cwd()
cli.names = lambda: []  # only the TOML's activations: no catalog identities to prove first
sys.exit(cli.main(["docs", "build", "--extra", "mine.toml", "--processes", "2"]))
"""


def test_docs_build_stops_at_once_and_keeps_the_previous_site(fixture_site):
    """``symact docs build --extra`` interrupted while its workers render pages."""
    stopped = _interrupt([sys.executable, "-c", DOCS_BUILD], fixture_site, fixture_site / "c")
    _assert_stopped_quietly(stopped, "symact")
    _previous_site_intact(fixture_site)


def test_build_docs_script_stops_at_once_and_keeps_the_previous_site(fixture_site):
    """``scripts/build_docs.py`` interrupted while its workers derive the catalog."""
    script = fixture_site / "scripts" / "build_docs.py"
    argv = [sys.executable, str(script), "--processes", "2"]
    stopped = _interrupt(argv, fixture_site, fixture_site / "c")
    _assert_stopped_quietly(stopped, "build_docs")
    _previous_site_intact(fixture_site)
