"""The reference site: built by scripts/build_docs.py, checked in headless Chromium.

Chromium is mandatory under CI (``CI=true``); elsewhere these tests skip with a message
when ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

import symact

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _need_chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required under CI (.ci/run installs it)")
        pytest.skip("chromium not installed: apt-get install chromium to run the browser tests")
    return CHROMIUM


def _build(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "scripts/build_docs.py"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built_site(symact_cache_dir):
    """The site built twice in a row; returns the two digests of site/."""
    env = {**os.environ, "SYMACT_CACHE_DIR": str(symact_cache_dir)}
    _build(env)
    first = _digest(SITE)
    _build(env)
    return first, _digest(SITE)


@pytest.fixture(scope="module")
def server(built_site):
    """site/ served on 127.0.0.1 (a free port) for the duration of the module."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))

    class Quiet(handler.func):  # type: ignore[misc, name-defined]
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _dom(url: str) -> str:
    chromium = _need_chromium()
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=5000",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    return done.stdout


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "img" and values.get("src"):
            self.images.append(values["src"])


def test_two_builds_are_byte_identical(built_site):
    """Building twice in a row gives byte-identical site/ output."""
    first, second = built_site
    assert first == second


@pytest.mark.parametrize("name", symact.names())
def test_activation_page_renders_math(server, name):
    """Each activation page loads in Chromium with its formulas rendered by KaTeX."""
    dom = _dom(f"{server}/activations/{name}/")
    assert "<h1" in dom and "Properties" in dom
    assert dom.count('class="katex"') >= 3, "formulas were not rendered as math"
    assert "katex-error" not in dom
    text = re.sub(r"<[^>]+>", "", dom)
    assert "\\(" not in text and "\\[" not in text, "raw TeX left in the page"


def test_internal_links_and_images_resolve(built_site):
    """Every relative link and image in every built page points to an existing file."""
    broken = []
    for page in SITE.rglob("*.html"):
        if page.name == "404.html":  # links from the server root by design (site_url)
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.links + parser.images:
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(SITE)} -> {target}")
    assert not broken, broken[:10]


def test_no_network_assets(built_site):
    """No page loads scripts, styles or fonts from another host (no CDN)."""
    pattern = re.compile(
        r'<script[^>]+src="(https?:)?//|<link[^>]+rel="(?:stylesheet|preload|icon)"[^>]+href="'
        r"(https?:)?//",
        re.IGNORECASE,
    )
    offenders = [p.name for p in SITE.rglob("*.html") if pattern.search(p.read_text("utf-8"))]
    assert not offenders
    css = "".join(p.read_text("utf-8", errors="ignore") for p in SITE.rglob("*.css"))
    assert "fonts.googleapis" not in css


def test_search_index_finds_sigmoid(built_site):
    """The search index built for the site has the sigmoid page."""
    index = (SITE / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "activations/sigmoid/" in index and "Sigmoid" in index
