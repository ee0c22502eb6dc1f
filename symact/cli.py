"""The ``symact`` command line: list, show, derive, plot, export and docs.

Every command that analyses works through `symact.analysis.analyze` (disk cache, step
budgets); ``derive`` reads the user's formula with `symact.parse` (never evaluated) and
bounds the whole command by ``--timeout`` seconds of wall-clock time: the engine gets an
overall deadline inside it, so what runs out is reported undetermined with the reason.

Exit codes: 0 success, 1 a derivation (or site build) failure, 2 bad input -- a formula
outside the grammar, an unknown activation, a bad ``--param``. Errors go to stderr, one
line each, without a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import re
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console

from . import deadline, flat, terminal
from .activation import (
    Activation,
    InvalidDefinition,
    UnknownActivation,
    VectorActivation,
    define,
    get,
    names,
    vector_names,
)
from .analysis import Analysis, StepFailed, analyze, analyze_all
from .budget import DEFAULT_STEP_SECONDS
from .export import entry, export, to_json, vector_entry
from .parse import ParseError, parse

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
DEFAULT_TIMEOUT = 30.0
"""Wall-clock seconds a whole ``symact derive`` (or ``plot`` of a formula) may take."""
RESERVE_SHARE = 0.15
"""The share of ``--timeout`` kept back from the engine's overall deadline (at least
`RESERVE_SECONDS`, at most half) for checking the definition and formatting the result."""
RESERVE_SECONDS = 2.0


EXIT_INTERRUPTED = 128 + signal.SIGINT
"""The exit code after Ctrl-C, as a shell reports a process ended by ``SIGINT``."""


def interrupted(program: str = "symact") -> int:
    """Report an interrupt on one line and return `EXIT_INTERRUPTED`."""
    print(f"{program}: interrupted", file=sys.stderr, flush=True)
    return EXIT_INTERRUPTED


class BadInput(Exception):
    """A user mistake the command reports on one line and exits 2 for."""


class DerivationFailed(Exception):
    """The derivation could not complete (exit 1)."""


# --------------------------------------------------------------------------------------
# A hard wall-clock limit around a whole command.
# --------------------------------------------------------------------------------------


class _OutOfTime(BaseException):
    """Raised by the wall-clock alarm. A BaseException, so that no ``except Exception``
    inside SymPy or the engine can turn it into a result."""


@contextlib.contextmanager
def wall_clock_limit(seconds: float | None) -> Iterator[None]:
    """Raise `DerivationFailed` if the body runs longer than ``seconds`` (wall clock).

    A backstop behind the engine's own deadline: it fires only if checking a definition
    or formatting a result hangs (`symact.deadline.alarm`, main thread only).
    """
    at = None if seconds is None else time.monotonic() + seconds
    try:
        with deadline.alarm(at, _OutOfTime, repeat=True):
            yield
    except _OutOfTime:
        raise DerivationFailed(f"did not finish within {seconds:g} s") from None


# --------------------------------------------------------------------------------------
# Input.
# --------------------------------------------------------------------------------------


def parse_params(items: Sequence[str]) -> dict[str, Any]:
    """``["alpha=0.2", "beta=1/3"]`` → exact values, each read with `symact.parse`."""
    params: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise BadInput(f"--param expects NAME=VALUE, got {item!r}")
        try:
            value = parse(text.strip())
        except ParseError as error:
            raise BadInput(f"--param {name}: {text!r} is not a number ({error.reason})") from None
        if value.free_symbols:
            raise BadInput(f"--param {name}: {text!r} is not a number (it depends on x)")
        params[name] = value
    return params


def define_formula(name: str, formula: str, params: dict[str, Any]) -> Activation:
    """`symact.define` of a user's formula; any failure to accept it is bad input.

    `define` refuses with `InvalidDefinition`; SymPy errors that escape it (evaluating
    ``max(x, 1/x)`` at 0 raises ``ValueError``) are reported the same way.
    """
    try:
        return define(name, formula, params=params, title=name)
    except InvalidDefinition:
        raise
    except (ValueError, TypeError, ArithmeticError) as error:
        raise BadInput(
            f"{name}: not a real function on ℝ ({type(error).__name__}: {error})"
        ) from None


def _catalog_or_formula(text: str, params: dict[str, Any]) -> Activation:
    """A catalog name (with ``params`` set), else a formula (with ``params`` declared)."""
    try:
        found = get(text, **params)
    except UnknownActivation as unknown:
        try:
            return define_formula(text.strip(), text, params)  # named as typed
        except ParseError:
            if text.isidentifier():
                raise unknown from None  # a misspelt name: suggest the close ones
            raise
    if isinstance(found, VectorActivation):
        raise BadInput(f"{found.name} is a vector activation: use `symact show {found.name}`")
    return found


# --------------------------------------------------------------------------------------
# The analysis of one activation, readable.
# --------------------------------------------------------------------------------------


def _analyse(activation: Activation, step: float | None, timeout: float | None) -> Analysis:
    total = None
    if timeout is not None:
        total = timeout - max(RESERVE_SHARE * timeout, min(RESERVE_SECONDS, timeout / 2))
    if step is None:
        step = DEFAULT_STEP_SECONDS if total is None else min(DEFAULT_STEP_SECONDS, total)
    try:
        return analyze(activation, step_seconds=step, total_seconds=total)
    except StepFailed as failure:
        raise DerivationFailed(str(failure)) from None


def _print_json(record: dict[str, Any], console: Console) -> None:
    console.file.write(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def _print_analysis(activation: Activation, analysis: Analysis, as_json: bool) -> None:
    """The export entry (``--json``) or the terminal view of one analysis."""
    console = _console()
    if as_json:
        _print_json(entry(activation, analysis), console)
    else:
        console.print(terminal.analysis_view(activation, analysis))


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _progress(total: int, what: str) -> contextlib.AbstractContextManager[Any]:
    """A progress bar on stderr while it is a terminal (nothing when not)."""
    return terminal.progress_bar(Console(stderr=True), total, what)


def _cmd_list(args: argparse.Namespace) -> int:
    activations = [get(n) for n in names()]
    with _progress(len(activations), "deriving") as advance:
        analyses = analyze_all(
            activations, processes=args.processes, progress=lambda a, _: advance(a.name)
        )
    _console().print(terminal.catalog_table(list(zip(activations, analyses, strict=True))))
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    activation = get(args.name, **parse_params(args.param))
    if isinstance(activation, VectorActivation):
        analysis = activation.analyze()
        if args.json:
            _print_json(vector_entry(activation, analysis), _console())
        else:
            _console().print(terminal.vector_view(activation, analysis))
        return EXIT_OK
    _print_analysis(activation, _analyse(activation, args.step_seconds, args.timeout), args.json)
    return EXIT_OK


def _cmd_derive(args: argparse.Namespace) -> int:
    if args.name is not None:
        with contextlib.suppress(UnknownActivation):
            taken = get(args.name).name
            raise BadInput(f"--name {args.name}: {taken} is a catalog activation, choose another")
    with wall_clock_limit(args.timeout):
        params = parse_params(args.param)
        name = args.expr.strip() if args.name is None else args.name  # as the user wrote it
        activation = define_formula(name, args.expr, params)
        analysis = _analyse(activation, args.step_seconds, args.timeout)
    _print_analysis(activation, analysis, args.json)
    return EXIT_OK


def _cmd_plot(args: argparse.Namespace) -> int:
    from .plotting import plot_activation

    output = Path(args.output)
    if output.suffix.lower() not in (".svg", ".png"):
        raise BadInput(f"-o {args.output}: the file must end in .svg or .png")
    with wall_clock_limit(args.timeout):
        activation = _catalog_or_formula(args.what, parse_params(args.param))
        analysis = _analyse(activation, None, args.timeout)
        plot_activation(activation, analysis, output, derivatives=args.derivatives)
    print(f"wrote {output}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    scalars = [get(n) for n in names()]
    if args.format == "json":
        vectors = [get(n) for n in vector_names()]
        with _progress(2 * len(scalars) + len(vectors), "deriving") as advance:
            document = export(scalars, args.processes, vectors, progress=advance)
        text = to_json(document)
    else:
        with _progress(len(scalars), "deriving") as advance:
            analyses = analyze_all(
                scalars, processes=args.processes, progress=lambda a, _: advance(a.name)
            )
        text = flat.flat_table(list(zip(scalars, analyses, strict=True)), args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


PACKAGE = Path(__file__).resolve().parent
"""The installed ``symact`` package folder."""


def project_root(package: Path = PACKAGE) -> Path:
    """The source checkout this symact runs from: the folder above the ``package``
    folder, which must hold ``mkdocs.yml`` (an editable install of the repository)."""
    root = package.parent
    if not (root / "mkdocs.yml").is_file():
        raise BadInput(
            f"symact docs needs a source checkout of symact: no mkdocs.yml in {root} "
            "(install with `pip install -e .` from the repository)"
        )
    return root


def serve(site: Path, port: int) -> None:
    """Serve ``site`` on 127.0.0.1 until interrupted."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"serving on http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            httpd.serve_forever()


def _cmd_docs(args: argparse.Namespace) -> int:
    from . import userdefs
    from .site import BuildError, build
    from .site.generate import MissingTool

    root = project_root()
    extras = userdefs.load(args.extra) if args.extra else []
    try:
        site = build(
            root,
            activations=[get(n) for n in names()] + extras,
            processes=args.processes,
            log=lambda line: print(line, flush=True),
        )
    except MissingTool as error:
        raise BadInput(str(error)) from None
    except BuildError as error:
        print(f"symact: site build failed, site/ left as it was: {error}", file=sys.stderr)
        return EXIT_FAILED
    if args.action == "serve":
        serve(site, args.port)
    return EXIT_OK


# --------------------------------------------------------------------------------------
# The parser.
# --------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors on one line and exit code 2, where a word that starts
    with a single ``-`` and is no option of the command is a positional argument: a
    formula such as ``-x*sigmoid(-x)`` or ``-2*x`` is read as the user typed it.

    argparse leaves a word positional when its ``_negative_number_matcher`` matches it and
    no option looks like a negative number; it tries that matcher only after the word
    failed to be an option or an abbreviation of one, so ``-h``, ``-o FILE`` and every
    ``--option`` keep their meaning (an unknown ``--option`` is still an error).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(r"^-(?!-)")

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _add_param(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help=help_text
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``symact`` command."""
    parser = _Parser(
        prog="symact",
        description="Activation functions derived by a computer algebra system.",
        epilog="exit codes: 0 success, 1 derivation failure, 2 bad input",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    listing = commands.add_parser("list", help="the catalog as a table")
    listing.add_argument("--processes", type=int, default=None)
    listing.set_defaults(run=_cmd_list)

    show = commands.add_parser("show", help="the derived analysis of a catalog activation")
    show.add_argument("name")
    _add_param(show, "a parameter value, e.g. alpha=0.2 (repeatable)")
    show.add_argument("--json", action="store_true", help="one entry of the export schema")
    show.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS")
    show.add_argument("--step-seconds", type=_seconds, default=None, metavar="SECONDS")
    show.set_defaults(run=_cmd_show)

    derive = commands.add_parser("derive", help="the derived analysis of your own formula")
    derive.add_argument("expr", metavar="EXPR", help='a formula, e.g. "x*tanh(softplus(x))"')
    derive.add_argument(
        "--name", default=None, help="the activation's name (default: the formula as typed)"
    )
    _add_param(derive, "declare a parameter of the formula with its value (repeatable)")
    derive.add_argument("--json", action="store_true", help="one entry of the export schema")
    derive.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"wall-clock bound of the whole derivation (default {DEFAULT_TIMEOUT:g})",
    )
    derive.add_argument(
        "--step-seconds",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help=f"budget of each step (default {DEFAULT_STEP_SECONDS:g}, at most the timeout's)",
    )
    derive.set_defaults(run=_cmd_derive)

    plot = commands.add_parser("plot", help="plot f (and f′, f″) to SVG or PNG")
    plot.add_argument("what", metavar="NAME|EXPR")
    plot.add_argument("-o", "--output", required=True, metavar="FILE.svg|FILE.png")
    plot.add_argument("--derivatives", action="store_true", help="also draw f′ and f″")
    _add_param(plot, "a parameter value (catalog) or declaration (formula)")
    plot.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS")
    plot.set_defaults(run=_cmd_plot)

    exporter = commands.add_parser("export", help="every activation with every property")
    exporter.add_argument("--format", choices=["json", *flat.FORMATS], default="json")
    exporter.add_argument("-o", "--output")
    exporter.add_argument("--processes", type=int, default=None)
    exporter.set_defaults(run=_cmd_export)

    docs = commands.add_parser("docs", help="build (and serve) the reference site")
    docs.add_argument("action", choices=["build", "serve"])
    docs.add_argument("--extra", metavar="FILE.toml", help="your own activations to add")
    docs.add_argument("--processes", type=int, default=2)
    docs.add_argument("--port", type=int, default=8000)
    docs.set_defaults(run=_cmd_docs)
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``symact`` console script; returns the exit code.

    Ctrl-C ends any command quietly: one line, exit code 130 (128 + SIGINT, as shells
    report it); worker processes are stopped on the way (`symact.workers`) and a site
    build leaves the previous ``site/`` as it was."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return interrupted()
    except (BadInput, UnknownActivation, InvalidDefinition) as error:
        print(f"symact: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DerivationFailed as error:
        print(f"symact: derivation failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # `symact export | head`
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:  # an output file that cannot be written
        print(f"symact: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
