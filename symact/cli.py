"""The ``symact`` command line: ``list``, ``show NAME``, ``export``.

Exit codes: 0 success, 1 a derivation failure, 2 bad input (errors on stderr, one
line each).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .activation import (
    InvalidDefinition,
    UnknownActivation,
    VectorActivation,
    get,
    names,
    vector_names,
)
from .analysis import analyze_all
from .export import entry, export, to_json, vector_entry


def _parse_params(items: Sequence[str]) -> dict[str, float]:
    params: dict[str, float] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep:
            raise InvalidDefinition(f"--param expects NAME=VALUE, got {item!r}")
        try:
            params[name.strip()] = float(text)
        except ValueError:
            raise InvalidDefinition(f"--param {name}: {text!r} is not a number") from None
    return params


def _cmd_list(args: argparse.Namespace) -> int:
    activations = [get(n) for n in names()]
    rows = [entry(a, r) for a, r in zip(activations, analyze_all(activations), strict=True)]
    print(f"{'name':<14}{'family':<18}{'range':<34}{'monotonic':<15}continuity")
    for row in rows:
        span = row["range"]["set"] if row["range"] else "undetermined"
        print(
            f"{row['name']:<14}{row['family']:<18}{span[:33]:<34}"
            f"{row['monotonic'] or '?':<15}C^{row['continuity']}"
        )
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    activation = get(args.name, **_parse_params(args.param))
    if isinstance(activation, VectorActivation):
        print(
            json.dumps(
                vector_entry(activation, activation.analyze()),
                indent=2,
                sort_keys=True,
                ensure_ascii=False,
            )
        )
        return 0
    record = entry(activation, activation.analyze())
    if args.json:
        print(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False))
        return 0
    for key in (
        "name",
        "family",
        "function",
        "derivative",
        "range",
        "max_gradient",
        "limits",
        "monotonic",
        "continuity",
        "nondifferentiable_at",
        "odd",
        "even",
        "f0",
        "gaussian_mean",
        "identity_near_origin",
        "bounded",
    ):
        print(f"{key:>22}: {record[key]}")
    print(f"{'nonlinearity':>22}: {record['nonlinearity_proof']['explanation']}")
    undetermined = {
        k: v["reason"] for k, v in record["provenance"].items() if v["status"] == "undetermined"
    }
    for key, reason in undetermined.items():
        print(f"{'undetermined':>22}: {key}: {reason}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    document = export(
        [get(n) for n in names()],
        processes=args.processes,
        vectors=[get(n) for n in vector_names()],
    )
    text = to_json(document)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as stream:
            stream.write(text)
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``symact`` command."""
    parser = argparse.ArgumentParser(prog="symact", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the catalog as a table").set_defaults(run=_cmd_list)
    show = commands.add_parser("show", help="the derived analysis of one activation")
    show.add_argument("name")
    show.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=_cmd_show)
    exporter = commands.add_parser("export", help="every activation with every property")
    exporter.add_argument("--format", choices=["json"], default="json")
    exporter.add_argument("-o", "--output")
    exporter.add_argument("--processes", type=int, default=None)
    exporter.set_defaults(run=_cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``symact`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (UnknownActivation, InvalidDefinition) as error:
        print(f"symact: {error}", file=sys.stderr)
        return 2
    except (ArithmeticError, RuntimeError) as error:
        print(f"symact: derivation failed: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
