"""The reference site: built by scripts/build_docs.py, checked in headless Chromium.

The browser is Debian's ``/usr/bin/chromium`` driven by Playwright (PyPI ``playwright``,
no browser download). It is mandatory under CI (``CI=true``); elsewhere these tests skip
with a message when Chromium or Playwright is absent.
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
import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pytest

import symact
from symact.site import BuildError
from symact.site import generate as site_build

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: required under CI (.ci/run installs it)")
    pytest.skip(reason)


def _project(root: Path) -> Path:
    """A copy of what a build reads (hand-written docs, ``mkdocs.yml``, the npm files,
    the build script) in ``root``, with the checkout's ``node_modules`` linked: tests
    build there, never into the checkout."""
    site_build.copy_written_docs(ROOT, root / "docs", log=lambda _: None)
    for name in ("mkdocs.yml", "package.json", "package-lock.json", "scripts/build_docs.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, root / name)
    if (ROOT / "node_modules").exists():
        (root / "node_modules").symlink_to(ROOT / "node_modules")
    return root


def _build(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``scripts/build_docs.py`` of the project ``root`` (symact from this checkout)."""
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "build_docs.py")],
        env={**env, "PYTHONPATH": str(ROOT)},
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


class Built(NamedTuple):
    """The site built twice in a row in a scratch project."""

    site: Path
    first: dict[str, str]
    second: dict[str, str]
    log: str


@pytest.fixture(scope="module")
def built_site(symact_cache_dir, tmp_path_factory) -> Built:
    """The site built twice in a row in a scratch project (digests of both, second log)."""
    root = _project(tmp_path_factory.mktemp("project"))
    env = {**os.environ, "SYMACT_CACHE_DIR": str(symact_cache_dir)}
    _build(root, env)
    first = _digest(root / "site")
    log = _build(root, env).stdout
    return Built(root / "site", first, _digest(root / "site"), log)


@pytest.fixture(scope="module")
def server(built_site):
    """site/ served on 127.0.0.1 (a free port) for the duration of the module."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_site.site))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's) under Playwright."""
    if CHROMIUM is None:
        _missing("chromium not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    tab = context.new_page()
    tab.on("request", lambda request: requests.append(request.url))
    tab.requests = requests  # type: ignore[attr-defined]
    yield tab
    context.close()


def _loaded(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")


def test_two_builds_are_byte_identical(built_site):
    """Building twice in a row gives byte-identical site/ output."""
    assert built_site.first == built_site.second


def test_build_prints_one_line_per_activation(built_site):
    """The build shows progress: a line per activation, counted."""
    log = built_site.log
    total = len(symact.names())
    for name in symact.names():
        assert re.search(rf"^\[\s*\d+/{total}\] {re.escape(name)}\b", log, re.MULTILINE), name


@pytest.mark.parametrize("name", symact.names() + symact.vector_names())
def test_activation_page_renders(server, page, name):
    """Each activation page loads with its formulas rendered by KaTeX (no raw TeX, no
    KaTeX error), every image loaded, and nothing requested from another host."""
    scalar = name in symact.names()
    _loaded(page, f"{server}/activations/{name}/")
    assert page.locator("h1").count() == 1
    formulas = page.locator(".katex").count()
    assert formulas >= (3 if scalar else 1), "formulas were not rendered as math"
    assert page.locator(".katex-error").count() == 0
    text = page.locator("article").inner_text()
    assert "\\(" not in text and "\\[" not in text, "raw TeX left in the page"
    broken = page.eval_on_selector_all(
        "article img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).length"
    )
    assert broken == 0
    assert page.locator("article img").count() >= (1 if scalar else 0)
    foreign = [u for u in page.requests if not u.startswith(server) and not u.startswith("data:")]
    assert not foreign, foreign


def test_search_box_finds_sigmoid(server, page):
    """Typing "sigmoid" into the search box lists the sigmoid page."""
    _loaded(page, f"{server}/")
    # Typed key by key, as a user does: Material reacts to keyboard events (a bare
    # `fill` sets the value with one input event, which this build's search ignored).
    page.focus("input[data-md-component=search-query]")
    page.keyboard.type("sigmoid", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    links = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")
    assert any("/activations/sigmoid/" in link for link in links), links[:10]


def test_overview_table_sorts(server, page):
    """The overview lists every activation with a thumbnail, and sorts on a header click."""
    _loaded(page, f"{server}/overview/")
    rows = page.locator(".symact-overview tbody tr")
    assert rows.count() == len(symact.names())
    titles = lambda: rows.locator("td:nth-child(2)").all_inner_texts()  # noqa: E731
    before = titles()
    page.click(".symact-overview th:nth-child(2)")
    after = titles()
    assert sorted(before, key=str.lower) in (after, after[::-1])
    assert after != before or before == sorted(before, key=str.lower)


def test_dark_palette_follows_system_preference(browser, server):
    """With a dark system preference the site opens in Material's dark scheme."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    _loaded(page, f"{server}/activations/relu/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    context.close()


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


def test_internal_links_and_images_resolve(built_site):
    """Every relative link and image in every built page points to an existing file."""
    site, broken = built_site.site, []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # links from the server root by design (site_url)
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.links + parser.images:
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#")[0].split("?")[0]).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    assert not broken, broken[:10]


def test_no_network_assets(built_site):
    """No page loads scripts, styles or fonts from another host (no CDN)."""
    pattern = re.compile(
        r'<script[^>]+src="(https?:)?//|<link[^>]+rel="(?:stylesheet|preload|icon)"[^>]+href="'
        r"(https?:)?//",
        re.IGNORECASE,
    )
    site = built_site.site
    offenders = [p.name for p in site.rglob("*.html") if pattern.search(p.read_text("utf-8"))]
    assert not offenders
    css = "".join(p.read_text("utf-8", errors="ignore") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css


def test_every_activation_has_a_page_and_plot(built_site):
    """The catalog and the site agree: a page, a plot and a thumbnail per activation."""
    site = built_site.site
    for name in symact.names():
        assert (site / "activations" / name / "index.html").exists(), name
        assert (site / "plots" / f"{name}.svg").exists(), name
        assert (site / "plots" / "thumbs" / f"{name}.svg").exists(), name
    for name in symact.vector_names():
        assert (site / "activations" / name / "index.html").exists(), name


def _project_copy(tmp_path: Path) -> Path:
    """A scratch project (`_project`) whose site/ holds a marker."""
    root = _project(tmp_path / "project")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous site")
    return root


def test_failed_build_names_activation_and_step_and_keeps_site(tmp_path, monkeypatch):
    """An unexpected exception inside one activation's derivation aborts the build with
    a message naming the activation and the step; the previous site/ is untouched."""
    import symact.derived.monotone as monotone

    monkeypatch.setenv("SYMACT_CACHE_DIR", "off")

    def broken(pieces):
        raise KeyError("injected failure")

    monkeypatch.setattr(monotone, "monotonicity", broken)
    root = _project_copy(tmp_path)
    with pytest.raises(BuildError) as failure:
        site_build.build(root, [symact.get("softsign")], processes=1, log=lambda _: None)
    message = str(failure.value)
    assert "softsign" in message and "'monotonic'" in message and "injected failure" in message
    assert (root / "site" / "index.html").read_text() == "previous site"


def test_mkdocs_failure_keeps_site(tmp_path, monkeypatch):
    """A strict MkDocs failure (a broken link) keeps the previous site/ too."""
    monkeypatch.setenv("SYMACT_CACHE_DIR", "off")
    root = _project_copy(tmp_path)
    (root / "docs" / "index.md").write_text("[broken](nowhere.md)\n")
    if shutil.which("npm") is None and not (ROOT / "node_modules").exists():
        pytest.skip("npm not installed")
    with pytest.raises(BuildError, match="mkdocs build --strict failed"):
        site_build.build(root, [symact.get("relu")], processes=1, log=lambda _: None)
    assert (root / "site" / "index.html").read_text() == "previous site"
