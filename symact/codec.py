"""Values to JSON and back, without ever running code from the text read.

The disk cache (`symact.cache`) stores derivations in a folder that other programs may
write to, so reading an entry must not be able to do anything but build data. `Codec`
writes a value as JSON in which every non-JSON value is a one-key object naming what it
is:

* ``{"tuple": [...]}``, ``{"set": [...]}``, ``{"frozenset": [...]}``,
  ``{"dict": [[key, value], ...]}`` (keys of any type), ``{"bytes": "<base64>"}``;
* ``{"sympy": "<srepr>"}``: a SymPy object as `sympy.srepr` writes it, read back by
  `read_srepr`, which walks Python's syntax tree of the text and builds only calls of
  the SymPy classes in `SYMPY_CLASSES` with literal arguments (never `eval` or
  `sympify`, which would run the text);
* ``{"dataclass": "<tag>", "fields": {...}}``: an instance of one of the dataclasses the
  `Codec` was given (the tag is the class name; nothing is imported by name).

Anything else in the text (an unknown tag or class, a call outside the allow-list, a
string where SymPy would parse it, missing or extra fields) raises `Damaged`.
"""

from __future__ import annotations

import ast
import base64
import dataclasses
import math
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.core.assumptions import _assume_defined
from sympy.functions.elementary.piecewise import ExprCondPair


class Damaged(ValueError):
    """The text is not an encoding this codec writes (or asks for what it does not allow)."""


class Unsupported(TypeError):
    """The value holds something the codec cannot write (it would not read it back)."""


_SYMPY_FAMILIES: dict[str, str] = {
    "atoms": "Symbol Dummy Integer Rational Float",
    "arithmetic": "Add Mul Pow Abs sign re im arg conjugate floor ceiling Max Min",
    "elementary": "exp log LambertW sin cos tan cot sec csc asin acos atan acot atan2 sinc "
    "sinh cosh tanh coth sech csch asinh acosh atanh acoth",
    "special": "erf erfc erfi erfinv erfcinv Ei Li li Si Ci Shi Chi expint uppergamma "
    "lowergamma gamma loggamma polygamma digamma zeta polylog besselj bessely besseli "
    "besselk hyper meijerg fresnels fresnelc Heaviside DiracDelta",
    "structure": "Piecewise Lambda Tuple AccumBounds Order Limit Integral Sum",
    "sets": "Interval FiniteSet Union Intersection Complement ImageSet ConditionSet Range "
    "ProductSet",
    "logic": "And Or Not Xor Implies Contains Equality Unequality StrictLessThan "
    "StrictGreaterThan LessThan GreaterThan",
}
SYMPY_CLASSES: frozenset[str] = frozenset(
    name for names in _SYMPY_FAMILIES.values() for name in names.split()
)
"""The SymPy classes an encoded expression may name: the elementary and special
functions symact's derivations produce, numbers, sets and logic. ``srepr`` names a few
of them by their singleton spelling (``oo``, ``pi``, ``true``, ``Reals``): see
`_SINGLETONS`."""

_SINGLETONS: dict[str, sp.Basic] = {
    "oo": sp.oo,
    "zoo": sp.zoo,
    "nan": sp.nan,
    "pi": sp.pi,
    "E": sp.E,
    "I": sp.I,
    "EulerGamma": sp.EulerGamma,
    "Catalan": sp.Catalan,
    "GoldenRatio": sp.GoldenRatio,
    "true": sp.true,
    "false": sp.false,
    "EmptySet": sp.EmptySet,
    "Reals": sp.Reals,
    "Integers": sp.Integers,
    "Naturals": sp.Naturals,
    "Naturals0": sp.Naturals0,
    "Rationals": sp.Rationals,
    "Complexes": sp.Complexes,
    "UniversalSet": sp.UniversalSet,
}
_CONSTRUCTORS: dict[str, Callable[..., sp.Basic]] = {
    **{name: getattr(sp, name) for name in SYMPY_CLASSES},
    "ExprCondPair": ExprCondPair,  # srepr spells a Piecewise's branches so
    "AccumulationBounds": sp.AccumBounds,  # and an oscillation's bounds so (sin at ±∞)
}
_ENCODABLE_TYPES: frozenset[type] = frozenset(
    {c for c in _CONSTRUCTORS.values() if isinstance(c, type)}
    | {type(singleton) for singleton in _SINGLETONS.values()}
    | {type(sp.S.One), type(sp.S.Zero), type(sp.S.NegativeOne), type(sp.S.Half)}
    | {type(sp.S.NegativeInfinity)}
)
"""The types of SymPy objects `read_srepr` reads back from their ``srepr``."""
_NAMED_SYMBOLS = frozenset({"Symbol", "Dummy"})
"""The classes whose first argument is a name (a string, used as a name only)."""
_KEYWORDS: dict[str, frozenset[str]] = {
    "Symbol": frozenset(_assume_defined),
    "Dummy": frozenset(_assume_defined) | {"dummy_index"},
    "Float": frozenset({"precision"}),
}
"""The keyword arguments srepr writes: assumptions, a dummy's index, a Float's bits."""
_NUMBER_TEXT = re.compile(r"-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?|[-+]?inf|nan", re.IGNORECASE)
MAX_PRECISION = 10_000
"""Most bits a Float may ask for (a damaged entry must not exhaust memory)."""
MAX_INTEGER_DIGITS = 1_000
"""Most digits of an integer literal (SymPy would compute with it)."""
MAX_EXPONENT = 1_000
"""Largest power of a number (SymPy evaluates ``Pow(Integer(10), Integer(10**9))``)."""


def read_srepr(text: str) -> sp.Basic:
    """The SymPy object ``sympy.srepr`` wrote as ``text``, built without running the text.

    Only calls of `SYMPY_CLASSES` (with sizes bounded, so nothing heavy is computed),
    the singletons of `_SINGLETONS`, integer literals, tuples, a name string as the first
    argument of ``Symbol``/``Dummy``, a number string as the first argument of ``Float``,
    and assumption keywords are accepted; anything else raises `Damaged`.

    Examples:
        >>> read_srepr("Add(Symbol('x', real=True), Integer(1))")
        x + 1
    """
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        raise Damaged(f"not an srepr: {type(error).__name__}") from error
    one_line = "\n" not in text  # then offsets in the tree locate each call's own text
    try:
        return _build(tree.body, text.encode() if one_line else None)
    except Damaged:
        raise
    except Exception as error:  # SymPy refusing arguments (TypeError, ValueError, …)
        raise Damaged(f"SymPy refused the srepr: {type(error).__name__}: {error}") from error


_read_cached = lru_cache(maxsize=4096)(read_srepr)


_BUILT: dict[bytes, sp.Basic] = {}
"""Each call's srepr text (its UTF-8 bytes, as the tree's offsets count) and what it
built: intervals and subexpressions recur across an analysis, and building a SymPy
object again re-runs its validation (an `Interval` compares its ends numerically)."""
MAX_BUILT = 50_000


def _build(node: ast.expr, source: bytes | None) -> Any:
    if isinstance(node, ast.Call):
        if source is None:
            return _call(node, None)
        text = source[node.col_offset : node.end_col_offset]
        if text not in _BUILT:
            if len(_BUILT) >= MAX_BUILT:
                _BUILT.clear()
            _BUILT[text] = _call(node, source)
        return _BUILT[text]
    if isinstance(node, ast.Name) and node.id in _SINGLETONS:
        return _SINGLETONS[node.id]
    if isinstance(node, ast.Tuple):
        return tuple(_build(item, source) for item in node.elts)
    if _is_negated(node, "oo"):  # srepr(-oo)
        return sp.S.NegativeInfinity
    return _integer(node)


def _is_negated(node: ast.expr, name: str) -> bool:
    return (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Name)
        and node.operand.id == name
    )


def _integer(node: ast.expr) -> int:
    """An integer literal, possibly negated; bounded in size."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        sign, node = -1, node.operand
    if not (isinstance(node, ast.Constant) and type(node.value) is int):
        raise Damaged(f"not allowed in an srepr: {ast.dump(node)[:60]}")
    if node.value.bit_length() > MAX_INTEGER_DIGITS * 3.33:
        raise Damaged("an integer literal too large for the cache")
    return sign * node.value


def _call(node: ast.Call, source: bytes | None) -> sp.Basic:
    if not (isinstance(node.func, ast.Name) and node.func.id in _CONSTRUCTORS):
        raise Damaged(f"a call outside the allow-list: {ast.dump(node.func)[:60]}")
    name = node.func.id
    arguments = list(node.args)
    head: list[Any] = []
    if name in _NAMED_SYMBOLS or name == "Float":
        head = [_string(arguments.pop(0) if arguments else node, name)]
    keywords = {k.arg: _keyword(name, k) for k in node.keywords}
    built = [_build(a, source) for a in arguments]
    if name == "Pow":
        _check_power(*built)
    if name == "Mul" and _undistributed(built):
        return sp.Mul(*built, evaluate=False)
    return _CONSTRUCTORS[name](*head, *built, **keywords)


def _undistributed(factors: list[Any]) -> bool:
    """A number times a sum, which SymPy would distribute: ``(a + b)/2`` as a derivation
    left it (`sympy.core.parameters.distribute` would do, but it clears SymPy's cache)."""
    if len(factors) != 2:
        return False
    number, total = factors
    return isinstance(number, sp.Rational) and isinstance(total, sp.Add)


def _check_power(*arguments: Any) -> None:
    """Refuse a number to a huge power: SymPy would compute it when building the Pow."""
    if len(arguments) != 2:
        raise Damaged("Pow takes two arguments")
    base, exponent = arguments
    numbers = isinstance(base, sp.Number) and isinstance(exponent, sp.Number)
    if numbers and abs(exponent) > MAX_EXPONENT:
        raise Damaged(f"a number to the power {exponent}")


def _string(node: ast.expr, name: str) -> str:
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        raise Damaged(f"{name} needs a string as its first argument")
    if name == "Float" and not _NUMBER_TEXT.fullmatch(node.value):
        raise Damaged(f"not a number: {node.value[:40]!r}")
    return node.value


def _keyword(name: str, keyword: ast.keyword) -> bool | int:
    allowed = _KEYWORDS.get(name, frozenset())
    if keyword.arg not in allowed:
        raise Damaged(f"keyword {keyword.arg!r} is not allowed for {name}")
    value = keyword.value
    if isinstance(value, ast.Constant) and isinstance(value.value, bool):
        return value.value
    number = _integer(value)
    if keyword.arg == "precision" and not 1 <= number <= MAX_PRECISION:
        raise Damaged(f"a Float precision of {number} bits")
    return number


class Codec:
    """Encodes values to JSON-compatible data and decodes them back.

    Args:
        classes: The dataclasses (besides SymPy objects and Python's containers) that
            encoded values may hold; their class names must differ.
    """

    def __init__(self, classes: Iterable[type]) -> None:
        self.classes: dict[str, type] = {}
        for cls in classes:
            if not dataclasses.is_dataclass(cls) or cls.__name__ in self.classes:
                raise ValueError(f"{cls!r}: not a dataclass, or a second class of that name")
            self.classes[cls.__name__] = cls

    def encode(self, value: Any) -> Any:
        """``value`` as data `json.dumps` writes; raises `Unsupported` for other types."""
        if value is None or isinstance(value, bool | int | str):
            return value
        if isinstance(value, float):
            return value if math.isfinite(value) else {"float": repr(value)}
        if isinstance(value, sp.Basic):
            return {"sympy": _checked_srepr(value)}
        if isinstance(value, sp.MatrixBase):
            return {"matrix": [self.encode(row) for row in value.tolist()]}
        if isinstance(value, list):
            return [self.encode(item) for item in value]
        if isinstance(value, tuple | set | frozenset):
            return {type(value).__name__: [self.encode(item) for item in value]}
        if isinstance(value, dict):
            return {"dict": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        if isinstance(value, bytes):
            return {"bytes": base64.b64encode(value).decode("ascii")}
        if self.classes.get(type(value).__name__) is type(value):
            fields = {f.name: self.encode(getattr(value, f.name)) for f in _init_fields(value)}
            return {"dataclass": type(value).__name__, "fields": fields}
        raise Unsupported(f"the cache cannot store a {type(value).__qualname__}")

    def decode(self, data: Any) -> Any:
        """The value `encode` turned into ``data``; raises `Damaged` for anything else."""
        if data is None or isinstance(data, bool | int | str | float):
            return data
        if isinstance(data, list):
            return [self.decode(item) for item in data]
        if not (isinstance(data, dict) and data):
            raise Damaged(f"unexpected {type(data).__name__} in an entry")
        tag = next(iter(data))
        decoder = _DECODERS.get(tag) if len(data) == 1 else Codec._dataclass
        if decoder is None:
            raise Damaged(f"unknown tag {tag!r}")
        return decoder(self, data)

    def _dataclass(self, data: dict[str, Any]) -> Any:
        if set(data) != {"dataclass", "fields"} or not isinstance(data["fields"], dict):
            raise Damaged("a malformed dataclass entry")
        cls = self.classes.get(data["dataclass"]) if isinstance(data["dataclass"], str) else None
        if cls is None:
            raise Damaged(f"a class the entry may not hold: {str(data['dataclass'])[:40]!r}")
        names = {f.name for f in _init_fields(cls)}
        if set(data["fields"]) != names:
            raise Damaged(f"the fields of {cls.__name__} do not match")
        return cls(**{name: self.decode(v) for name, v in data["fields"].items()})


def _init_fields(value: Any) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(value) if f.init]


def _checked_srepr(value: sp.Basic) -> str:
    """``srepr(value)``, once every class in it is one `read_srepr` builds."""
    for node in sp.preorder_traversal(value):
        if type(node) not in _ENCODABLE_TYPES:
            raise Unsupported(f"the cache cannot store SymPy's {type(node).__name__}")
    return sp.srepr(value)


def _items(data: dict[str, Any]) -> list[Any]:
    (items,) = data.values()
    if not isinstance(items, list):
        raise Damaged("a malformed container entry")
    return items


def _text(data: dict[str, Any]) -> str:
    (text,) = data.values()
    if not isinstance(text, str):
        raise Damaged("a malformed text entry")
    return text


def _pairs(codec: Codec, data: dict[str, Any]) -> dict[Any, Any]:
    pairs = _items(data)
    if not all(isinstance(pair, list) and len(pair) == 2 for pair in pairs):
        raise Damaged("a malformed dict entry")
    try:
        return {codec.decode(k): codec.decode(v) for k, v in pairs}
    except TypeError as error:  # an unhashable key
        raise Damaged(f"a malformed dict entry: {error}") from error


def _float(codec: Codec, data: dict[str, Any]) -> float:
    text = _text(data)
    if text not in ("inf", "-inf", "nan"):
        raise Damaged(f"not a non-finite float: {text[:40]!r}")
    return float(text)


def _bytes(codec: Codec, data: dict[str, Any]) -> bytes:
    try:
        return base64.b64decode(_text(data), validate=True)
    except ValueError as error:
        raise Damaged("malformed base64") from error


def _matrix(codec: Codec, data: dict[str, Any]) -> sp.Matrix:
    rows = [codec.decode(row) for row in _items(data)]
    if not all(isinstance(row, list) for row in rows):
        raise Damaged("a malformed matrix entry")
    try:
        return sp.Matrix(rows)
    except (ValueError, TypeError, sp.SympifyError) as error:
        raise Damaged(f"a malformed matrix entry: {error}") from error


def _hashed(kind: type) -> Callable[[Codec, dict[str, Any]], Any]:
    def decode(codec: Codec, data: dict[str, Any]) -> Any:
        try:
            return kind(codec.decode(item) for item in _items(data))
        except TypeError as error:
            raise Damaged(f"a malformed {kind.__name__} entry: {error}") from error

    return decode


_DECODERS: dict[str, Callable[[Codec, dict[str, Any]], Any]] = {
    "tuple": lambda codec, data: tuple(codec.decode(item) for item in _items(data)),
    "set": _hashed(set),
    "frozenset": _hashed(frozenset),
    "dict": _pairs,
    "float": _float,
    "bytes": _bytes,
    "sympy": lambda codec, data: _read_cached(_text(data)),
    "matrix": _matrix,
}
