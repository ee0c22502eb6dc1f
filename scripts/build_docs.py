"""Regenerate the reference site: derive, render pages and plots, build with MkDocs.

Usage: ``python scripts/build_docs.py [--serve]``. Installs KaTeX from the npm registry
(pinned in package.json) when it is missing, writes the generated pages under
``docs/``, and builds ``site/`` atomically: a failure leaves the previous site intact
and names the activation and step that failed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import symact
from symact.analysis import analyze_all
from symact.site import write_pages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def install_katex() -> None:
    """Copy KaTeX's dist files from node_modules (``npm ci`` if needed) into the docs."""
    dist = ROOT / "node_modules" / "katex" / "dist"
    if not dist.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    target = DOCS / "assets" / "katex"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("katex.min.js", "katex.min.css"):
        shutil.copy2(dist / name, target / name)
    shutil.copytree(dist / "fonts", target / "fonts")
    (target / "contrib").mkdir()
    shutil.copy2(dist / "contrib" / "auto-render.min.js", target / "contrib")


def render_plots(items: list) -> dict[str, str]:
    """One SVG per activation under docs/plots; name → link relative to its page."""
    try:
        from symact.plotting import plot_activation
    except ImportError:
        return {}
    folder = DOCS / "plots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    links = {}
    for activation, analysis in items:
        plot_activation(activation, analysis, folder / f"{activation.name}.svg")
        links[activation.name] = f"../plots/{activation.name}.svg"
    return links


def build_site() -> None:
    """``mkdocs build --strict`` into a temporary folder, then swap it in for site/."""
    staging = Path(tempfile.mkdtemp(prefix="site-", dir=ROOT))
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--quiet",
                "--site-dir",
                str(staging),
            ],
            cwd=ROOT,
            check=True,
        )
        final = ROOT / "site"
        shutil.rmtree(final, ignore_errors=True)
        staging.rename(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="serve site/ on 127.0.0.1:8000")
    args = parser.parse_args()
    activations = [symact.get(name) for name in symact.names()]
    print(f"deriving {len(activations)} activations on 2 processes …", flush=True)
    analyses = analyze_all(activations, processes=2)
    items = list(zip(activations, analyses, strict=True))
    for activation, analysis in items:
        missing = [k for k, v in analysis.properties().items() if not v.known]
        note = f" (undetermined: {', '.join(missing)})" if missing else ""
        print(f"  {activation.name:<12} {sum(analysis.timings.values()):6.2f} s{note}", flush=True)
    plots = render_plots(items)
    write_pages(items, DOCS, plots)
    install_katex()
    build_site()
    print(f"site built: {ROOT / 'site' / 'index.html'}")
    if args.serve:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "http.server",
                "8000",
                "--bind",
                "127.0.0.1",
                "--directory",
                str(ROOT / "site"),
            ],
            check=False,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
