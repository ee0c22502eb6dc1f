"""Regenerate the reference site: derive, plot, write the pages, build with MkDocs.

`build` runs one job per activation on a process pool (analysis, derivation of f′,
plots, page), prints a line as each finishes, then writes the pages across
activations, installs the front-end assets from ``node_modules`` and runs MkDocs
(``build --strict``, in this process) into a staging folder that replaces ``site/``
only when everything succeeded. A failure names the activation and the stage, and
leaves the previous ``site/`` intact.

Nothing is written into ``docs/``, which holds only what people write: each build
works in its own ``.site-*`` folder in the project folder (ignored by git), where
``docs/`` is a copy of the hand-written pages with the generated ones added and
``site/`` is MkDocs' output, renamed into place at the end (same file system, so the
swap is a rename). MkDocs runs in-process through its Python API, so a build killed
by ``kill -9`` leaves no child process behind to write into a folder that the next
build has removed.

Builds of one project are serialised: ``build`` holds an exclusive lock on
``.site.lock`` (`filelock`, an ``flock`` the kernel releases when the process dies, even
by ``kill -9``) for the whole build; a second build says it is waiting, and then finds
every derivation, plot and page of the first in the cache instead of computing them a
second time on the same cores. Holding the lock also proves that no live build owns a
``.site-*`` folder, so any found then is a leftover of an interrupted build and is
removed. The programs the build runs (npm when the assets are not installed yet, MkDocs
and its plugins) are checked before anything is derived.

Analyses, derivations and plots are cached on disk (`symact.cache`) under a hash of the
definition, the parameter values and the source of the code that produced them, so a
rebuild after one activation changes recomputes that activation alone.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sympy as sp
from filelock import FileLock, Timeout

from .. import cache, workers
from ..activation import Activation, VectorActivation, get, names, vector_names
from ..analysis import Analysis, analyze
from ..derivation import Relation as DerivationRelation
from ..derivation import Steps, derivative_steps
from ..provenance import Derived
from .activation_page import activation_page, identity_sections
from .concepts import choosing_page, nonlinearity_page, vanishing_page
from .frameworks_page import frameworks_page
from .navigation import front_matter
from .overview import families, overview_page
from .vector_page import vector_page

Log = Callable[[str], None]

GENERATED = (
    "activations",
    "plots",
    "assets/katex",
    "assets/tablesort",
    "overview.md",
    "concepts/nonlinearity.md",
    "concepts/vanishing-gradients.md",
    "concepts/choosing.md",
    "numerics.md",
    "frameworks.md",
)
"""What the build generates in its copy of ``docs/``: a hand-written file must not take
one of these paths (an older build wrote them into ``docs/`` itself; they are not used)."""

ASSETS = {
    "katex": ("katex.min.js", "katex.min.css", "fonts", "contrib/auto-render.min.js"),
    "tablesort": ("tablesort.min.js", "sorts/tablesort.number.min.js"),
}
"""Files served from the site, copied from each npm package's ``dist`` folder."""


LOCK = ".site.lock"
"""The lock file (in the project folder) that serialises builds of its ``site/``."""

STAGING = ".site-"
"""The prefix of a build's temporary folder in the project folder (`scratch_folder`)."""

MKDOCS_MODULES = {
    "mkdocs": "mkdocs",
    "material": "mkdocs-material",
    "mkdocstrings": "mkdocstrings",
    "mkdocstrings_handlers.python": "mkdocstrings-python",
}
"""The Python modules ``mkdocs build`` needs (import name → PyPI name): MkDocs, the
theme and the API-page plugin that ``mkdocs.yml`` names."""


class BuildError(RuntimeError):
    """The build failed; the message names the activation (if any) and the stage."""


class MissingTool(BuildError):
    """A program the build runs is not installed; raised before anything is derived."""


@contextmanager
def stage(what: str, activation: str | None = None) -> Iterator[None]:
    """Re-raise any failure inside as a `BuildError` naming ``activation`` and ``what``."""
    try:
        yield
    except BuildError:
        raise
    except Exception as error:
        where = f"{activation}: " if activation else ""
        raise BuildError(f"{where}{what} failed: {type(error).__name__}: {error}") from error


@dataclass(frozen=True)
class Rendered:
    """What one activation's job produced."""

    activation: Activation
    analysis: Analysis
    page: str
    gradient_mean: float | None
    seconds: dict[str, float]


def _memo_key(kind: str, activation: Activation, *parts: str) -> str:
    return cache.key(kind, cache.key_for(activation, None), *parts)


_CACHE_KIND = cache.Kind(
    "site",
    Steps,
    DerivationRelation,
    Derived,
)
"""The site's cache entries: derivations of f′ (`Steps`), plots (bytes) and pages (text)
(vector analyses are cached by `symact.vectors`)."""


def _cached(key: str, compute: Callable[[], object]) -> object:
    found = cache.load(key, _CACHE_KIND)
    if found is None:
        found = compute()
        cache.store(key, _CACHE_KIND, found)
    return found


def _steps(
    activation: Activation, analysis: Analysis, others: Sequence[tuple[str, sp.Expr]]
) -> Steps | None:
    if not analysis.derivative.known:
        return None
    key = _memo_key(
        "steps",
        activation,
        cache.source_fingerprint("symact.derivation"),
        repr([n for n, _ in others]),
    )
    peers = [(n, g) for n, g in others if n != activation.name]
    return _cached(
        key, lambda: derivative_steps(activation.function, analysis.derivative.value, peers)
    )


def _plot(kind: str, activation: Activation, analysis: Analysis, path: Path) -> None:
    """Write ``plot_activation`` or ``thumbnail`` output to ``path``, through the cache."""
    from .. import plotting

    draw = {"page": plotting.plot_activation, "thumbnail": plotting.thumbnail}[kind]
    key = _memo_key("plot-" + kind, activation, cache.source_fingerprint("symact.plotting"))

    def render() -> bytes:
        with tempfile.TemporaryDirectory() as scratch:
            target = Path(scratch) / path.name
            draw(activation, analysis, target)
            return target.read_bytes()

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_cached(key, render))


def _gradient_mean(analysis: Analysis) -> float | None:
    """E[f′(Z)] as derived by the engine (exact or certified), as a float for the tables."""
    derived = analysis.gaussian_grad_mean
    return float(sp.N(derived.value, 17)) if derived.known else None


def render_activation(
    activation: Activation,
    docs: Path,
    others: Sequence[tuple[str, sp.Expr]],
    sections: Sequence[str] = (),
) -> Rendered:
    """One activation's job: analysis, derivation of f′, plots, page (run in a worker);
    ``sections`` are extra Markdown lines for the page (its proven identities)."""
    seconds: dict[str, float] = {}
    name = activation.name

    def timed(what: str, step: Callable[[], object]) -> object:
        start = time.perf_counter()
        with stage(what, name):
            result = step()
        seconds[what] = time.perf_counter() - start
        return result

    analysis = timed("analysis", lambda: analyze(activation))
    steps = timed("derivation of f′", lambda: _steps(activation, analysis, others))
    plots = docs / "plots"
    timed("plot", lambda: _plot("page", activation, analysis, plots / f"{name}.svg"))
    timed(
        "thumbnail",
        lambda: _plot("thumbnail", activation, analysis, plots / "thumbs" / f"{name}.svg"),
    )
    page = timed(
        "page",
        lambda: activation_page(activation, analysis, f"../plots/{name}.svg", steps, sections),
    )
    mean = _gradient_mean(analysis)
    return Rendered(activation, analysis, page, mean, seconds)


def _render_one(job: tuple[Any, ...]) -> Rendered:
    return render_activation(*job)


def render_all(
    activations: Sequence[Activation], docs: Path, processes: int, log: Log
) -> list[Rendered]:
    """Every activation's job on ``processes`` workers, longest first; one log line each."""
    others = [(a.name, a.function) for a in activations]
    with stage("proofs of the identities between activations"):
        sections = identity_sections([a.name for a in activations])
    jobs = [(a, docs, others, sections.get(a.name, ())) for a in activations]
    order = sorted(range(len(jobs)), key=lambda i: -len(sp.srepr(activations[i].function)))
    results: list[Rendered | None] = [None] * len(jobs)
    width = max(len(a.name) for a in activations)
    if processes == 1:  # in this process: simpler to debug, and patchable in tests
        for done, i in enumerate(order, start=1):
            results[i] = _render_one(jobs[i])
            log(_progress_line(done, len(jobs), width, results[i]))
        return [r for r in results if r is not None]
    with workers.pool(processes) as pool:  # an interrupt or a failure stops every worker
        finished = workers.unordered(pool, _render_one, [jobs[i] for i in order])
        for done, (task, rendered) in enumerate(finished, start=1):
            results[order[task]] = rendered
            log(_progress_line(done, len(jobs), width, rendered))
    return [r for r in results if r is not None]


def _progress_line(done: int, total: int, width: int, rendered: Rendered) -> str:
    times = ", ".join(f"{k} {v:.1f} s" for k, v in rendered.seconds.items() if v >= 0.05)
    missing = [k for k, v in rendered.analysis.properties().items() if not v.known]
    note = f"  undetermined: {', '.join(missing)}" if missing else ""
    counter = f"[{done:>{len(str(total))}}/{total}]"
    return f"{counter} {rendered.activation.name:<{width}}  {times or 'cached'}{note}"


def _family_plots(items: list[tuple[Activation, Analysis]], docs: Path) -> dict[str, str]:
    from ..plotting import overlay

    links = {}
    for family, members in families(items).items():
        if len(members) < 2:
            continue
        slug = family.replace(" ", "-")
        path = docs / "plots" / f"family-{slug}.svg"
        with stage(f"overlay plot of the {family} family"):
            overlay(members, path, f"{family} activations")
        links[family] = f"plots/family-{slug}.svg"
    return links


DEPTH_PLOT_FILE = "gradient-through-depth.svg"
"""The depth plot's file under ``docs/plots``; the hyphen keeps it apart from the
activations' own ``plots/NAME.svg`` (an activation's name is an identifier)."""


def _depth_plot(rendered: list[Rendered], docs: Path) -> str:
    from ..plotting import depth_plot

    chosen = [
        (r.activation.spec.title, r.gradient_mean)
        for r in rendered
        if r.activation.spec.depth_plot and r.gradient_mean is not None
    ]
    path = docs / "plots" / DEPTH_PLOT_FILE
    with stage("depth plot"):
        depth_plot(chosen, path)
    return f"../plots/{DEPTH_PLOT_FILE}"


def numerics_page() -> str:
    """The "Numerical accuracy" page: `symact.accuracy` measured on the catalog, cached by
    the source of the numerics and of the catalog."""
    from .. import accuracy

    key = cache.key(
        "numerics-page",
        cache.source_fingerprint("symact.accuracy", "symact.numerics", "symact.rewrite"),
        cache.source_fingerprint("symact.catalog"),
    )
    return _cached(key, accuracy.accuracy_markdown)


def write_vector_pages(vectors: Sequence[VectorActivation], docs: Path, first: int) -> list[Path]:
    """One page per vector activation (numbered after the scalar ones in the menu)."""
    written = []
    for order, activation in enumerate(vectors, start=first):
        with stage("analysis and page", activation.name):
            page = vector_page(activation, activation.analyze())
        path = docs / "activations" / f"{activation.name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(activation, order) + page, encoding="utf-8")
        written.append(path)
    return written


def write_pages(
    rendered: list[Rendered], docs: Path, vectors: Sequence[VectorActivation] = ()
) -> list[Path]:
    """The per-activation pages and the pages across activations; returns the paths."""
    items = [(r.activation, r.analysis) for r in rendered]
    written = write_vector_pages(vectors, docs, len(rendered))
    for order, r in enumerate(rendered):
        path = docs / "activations" / f"{r.activation.name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(r.activation, order) + r.page, encoding="utf-8")
        written.append(path)
    thumbnails = {a.name: f"../plots/thumbs/{a.name}.svg" for a, _ in items}
    pages = {
        "overview.md": lambda: overview_page(
            items, thumbnails, _family_plots(items, docs), vectors
        ),
        "concepts/nonlinearity.md": lambda: nonlinearity_page(items),
        "concepts/vanishing-gradients.md": lambda: vanishing_page(
            [(r.activation, r.analysis, r.gradient_mean) for r in rendered],
            _depth_plot(rendered, docs),
        ),
        "concepts/choosing.md": lambda: choosing_page(items),
        "numerics.md": numerics_page,
        "frameworks.md": frameworks_page,
    }
    for relative, render in pages.items():
        path = docs / relative
        with stage(f"page {relative}"):
            text = render()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def copy_written_docs(root: Path, docs: Path, log: Log) -> Path:
    """Copy the hand-written ``root/docs`` to ``docs`` (a build's own folder); returns it.

    Left out: Python's ``__pycache__`` (from importing the MkDocs hooks) and the paths an
    older build generated into ``root/docs`` (`GENERATED`; named in one log line, since
    git shows them as untracked files), so that a page this build does not write (an
    activation since removed) cannot appear in the site.
    """
    written = root / "docs"
    leftovers = [relative for relative in GENERATED if (written / relative).exists()]
    if leftovers:
        log(f"ignoring docs/{', docs/'.join(leftovers)}: left by an older build, delete them")

    def generated(folder: str, entries: list[str]) -> set[str]:
        here = Path(folder).relative_to(written)
        return {e for e in entries if e == "__pycache__" or (here / e).as_posix() in GENERATED}

    shutil.copytree(written, docs, ignore=generated)
    return docs


def _assets_installed(root: Path) -> bool:
    return all((root / "node_modules" / package / "package.json").exists() for package in ASSETS)


def missing_tools(root: Path) -> list[str]:
    """What the build would run but cannot find, each with how to install it: npm (only
    when ``node_modules`` lacks the assets), and the MkDocs modules (`MKDOCS_MODULES`)."""
    missing = []
    if not _assets_installed(root) and shutil.which("npm") is None:
        missing.append("npm (to install KaTeX and tablesort into node_modules: apt install npm)")
    absent = [pypi for module, pypi in MKDOCS_MODULES.items() if not _importable(module)]
    if absent:
        missing.append(f"{', '.join(absent)} (pip install -e '.[docs]')")
    return missing


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # the parent package of a dotted name is absent
        return False


def check_tools(root: Path) -> None:
    """Raise `MissingTool` naming every program of `missing_tools` (one line)."""
    missing = missing_tools(root)
    if missing:
        raise MissingTool(f"cannot build the site, not installed: {'; '.join(missing)}")


def remove_stale_temporaries(root: Path) -> list[Path]:
    """Remove the ``.site-*`` folders under ``root``; returns them.

    Only safe under the build lock (`exclusive`): a build creates and removes its folder
    while holding it, so one found then was left by a build that was killed.
    """
    stale = sorted(p for p in root.glob(STAGING + "*") if p.is_dir() and not p.is_symlink())
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


@contextmanager
def scratch_folder(root: Path) -> Iterator[Path]:
    """A new ``.site-*`` folder in ``root`` for one build (its ``docs/`` and ``site/``),
    removed when the build ends; one left by a killed build goes with the next build
    (`remove_stale_temporaries`)."""
    path = Path(tempfile.mkdtemp(prefix=STAGING, dir=root))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def exclusive(root: Path, log: Log) -> Iterator[None]:
    """Hold the build lock of ``root`` (waiting, with one log line, while another build
    holds it), after removing the temporaries that interrupted builds left."""
    lock = FileLock(root / LOCK)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log(f"another build of {root / 'site'} is running: waiting for it to finish …")
        lock.acquire()
    try:
        for path in remove_stale_temporaries(root):
            log(f"removed {path.name}/, left by an interrupted build")
        yield
    finally:
        lock.release()


def install_assets(root: Path, docs: Path, log: Log) -> None:
    """Copy KaTeX and tablesort from ``node_modules`` (``npm ci`` first if missing)."""
    modules = root / "node_modules"
    if not _assets_installed(root):
        log("installing front-end assets from the npm registry (npm ci) …")
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=root, check=True
        )
    for package, files in ASSETS.items():
        source, target = modules / package / "dist", docs / "assets" / package
        shutil.rmtree(target, ignore_errors=True)
        for relative in files:
            origin, destination = source / relative, target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_dir():
                shutil.copytree(origin, destination)
            else:
                shutil.copy2(origin, destination)


class _Problems(logging.Handler):
    """MkDocs' warnings and errors (what ``--strict`` counts), kept as lines."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} - {record.getMessage()}")


@contextmanager
def _mkdocs_problems() -> Iterator[list[str]]:
    """The lines `_Problems` collects from the ``mkdocs`` logger (and its plugins')
    while the body runs; being a handler, it also keeps them off ``stderr``."""
    handler, logger = _Problems(), logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)


def mkdocs_build(config_file: Path, docs: Path, site: Path) -> None:
    """``mkdocs build --strict`` of the pages in ``docs`` into ``site`` with the settings
    of ``config_file``, in this process: MkDocs' Python API, called as its command line
    calls it. In-process, a killed build leaves no MkDocs child running.

    Raises:
        BuildError: MkDocs stopped (a warning under ``--strict``, a configuration
            error); the message lists its warnings and errors.
    """
    from mkdocs.commands.build import build as build_site
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _mkdocs_problems() as problems:
        try:
            config = load_config(
                str(config_file), docs_dir=str(docs), site_dir=str(site), strict=True
            )
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build_site(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as error:
            detail = "\n".join(problems) or str(error)
            raise BuildError(f"mkdocs build --strict failed:\n{detail}") from error


def replace_site(root: Path, built: Path, scratch: Path) -> Path:
    """Put the folder ``built`` in place of ``root/site``; returns ``root/site``. The
    previous site moves into ``scratch`` (removed with it): renames on one file system."""
    final = root / "site"
    if final.exists():
        final.rename(scratch / "previous-site")
    built.rename(final)
    return final


def build(
    root: Path,
    activations: Sequence[Activation] | None = None,
    processes: int = 2,
    log: Log = print,
    vectors: Sequence[VectorActivation] | None = None,
) -> Path:
    """Build ``root/site`` from the hand-written ``root/docs`` and the generated pages
    (written in a temporary folder, never into ``root/docs``); returns ``site/``.

    Args:
        root: The project folder (with ``mkdocs.yml``, ``docs/``, ``package.json``).
        activations: What to document; the whole scalar catalog by default.
        vectors: Vector activations to document; the catalog's by default.
        processes: Worker processes for the per-activation jobs.
        log: Where progress lines go.

    Raises:
        MissingTool: A program the build runs is not installed (before any derivation).
        BuildError: Naming the activation and the stage that failed; ``site/`` is then
            left as it was.
    """
    check_tools(root)
    activations = list(activations) if activations is not None else [get(n) for n in names()]
    vectors = list(vectors) if vectors is not None else [get(n) for n in vector_names()]
    start = time.perf_counter()
    with exclusive(root, log), scratch_folder(root) as scratch:
        docs = copy_written_docs(root, scratch / "docs", log)
        log(f"deriving and rendering {len(activations)} activations on {processes} processes …")
        rendered = render_all(activations, docs, processes, log)
        write_pages(rendered, docs, vectors)
        install_assets(root, docs, log)
        log("building the site (mkdocs build --strict) …")
        with stage("mkdocs build --strict"):
            mkdocs_build(root / "mkdocs.yml", docs, scratch / "site")
        site = replace_site(root, scratch / "site", scratch)
    log(f"site built in {time.perf_counter() - start:.1f} s: {site / 'index.html'}")
    return site
