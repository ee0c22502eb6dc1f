r"""Evaluation block by block (`BLOCK`): how many array operations generated code
performs (`array_operations`), and the same code rewritten to write its last
operation straight into a given array (`_writing_into`)."""

from __future__ import annotations

import ast
import builtins
import inspect
import textwrap
from collections.abc import Callable

import numpy as np

_OPERATOR_UFUNCS: dict[type, np.ufunc] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.true_divide,
    ast.Pow: np.power,
}


def _callee(node: ast.expr, namespace: dict[str, object]) -> object:
    """What the name or dotted name ``node`` refers to in ``namespace`` (None if it is
    anything else): a lookup, never an evaluation."""
    if isinstance(node, ast.Name):
        return namespace[node.id] if node.id in namespace else getattr(builtins, node.id, None)
    if isinstance(node, ast.Attribute):
        owner = _callee(node.value, namespace)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _is_two(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == 2 and not isinstance(node.value, bool)


def _ufunc_of(
    node: ast.expr, namespace: dict[str, object]
) -> tuple[np.ufunc, list[ast.expr]] | None:
    """The single-output ufunc computed last by the expression ``node`` and its
    operands, if ``node`` is an arithmetic operation or a plain call of one."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and _is_two(node.right):
        return np.square, [node.left]  # what ``**2`` runs (np.power(a, 2) is slower)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATOR_UFUNCS:
        return _OPERATOR_UFUNCS[type(node.op)], [node.left, node.right]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return np.negative, [node.operand]
    if isinstance(node, ast.Call) and not node.keywords:
        function = _callee(node.func, namespace)
        function = np.absolute if function is abs else function
        if (
            isinstance(function, np.ufunc)
            and function.nout == 1
            and function.nin == len(node.args)
            and not any(isinstance(a, ast.Starred) for a in node.args)
        ):
            return function, list(node.args)
    return None


def _writing_into(function: Callable) -> Callable[[np.ndarray, np.ndarray], object] | None:
    """The generated ``function`` rewritten to write its value into a given array:
    its last operation, if a ufunc, gets ``out=`` (no temporary for the result, no copy
    of it); else the value is assigned. Block-by-block evaluation (`BLOCK`) writes each
    block's result straight into the output this way. None if the source is not there.
    What is compiled is the code ``lambdify`` printed from a SymPy expression (never
    user text), with that one call changed."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return None
    definition = tree.body[0]
    if not isinstance(definition, ast.FunctionDef) or not isinstance(
        definition.body[-1], ast.Return
    ):
        return None
    namespace = function.__globals__
    value = definition.body[-1].value
    target = ast.Name(id="__out", ctx=ast.Load())
    last = _ufunc_of(value, namespace) if value is not None else None
    if last is not None:
        operands = last[1]
        call = ast.Call(
            func=ast.Name(id="__ufunc", ctx=ast.Load()),
            args=operands,
            keywords=[ast.keyword(arg="out", value=target)],
        )
        definition.body[-1] = ast.Expr(value=call)
    else:
        store = ast.Subscript(
            value=ast.Name(id="__out", ctx=ast.Load()),
            slice=ast.Constant(value=Ellipsis),
            ctx=ast.Store(),
        )
        definition.body[-1] = ast.Assign(targets=[store], value=value)
    definition.args.args.append(ast.arg(arg="__out"))
    definition.name = "_into"
    ast.fix_missing_locations(tree)
    scope = dict(namespace)
    scope["__ufunc"] = last[0] if last is not None else None
    exec(compile(tree, f"<symact into {function.__name__}>", "exec"), scope)
    return scope["_into"]


BLOCK = 1 << 16
"""Elements per block when a long input is evaluated block by block.

Generated code with several array operations makes a temporary array per operation; on
10⁶ inputs each is 8 MB, freshly allocated and streamed through memory. Block by block,
the temporaries (512 KiB) stay in cache and their memory is reused, and the last
operation writes straight into the result (`_writing_into`), so blocks cost no copy.
(16 K to 64 K elements measured alike here; 8 K was slower.)
"""

BLOCKED_OPERATIONS = 2
"""Code with at least this many array operations is evaluated block by block.

``python scripts/bench_blocks.py`` (10⁶ inputs, same process, interleaved, 2026-11-30):
over the 59 cases so picked, blocks took a median 0.70 of the whole-array time (0.51
for hard swish′, 0.58 for the Gaussian, 0.63 for softsign; worst 1.07 for ReLU′ and
tanh shrink′, whose whole-array square reuses its operand's memory); over the 14
single-operation cases left whole, blocks would have taken a median 1.05 (1.39 for
ReLU6's clip)."""


def array_operations(core: Callable[[np.ndarray], np.ndarray]) -> int:
    """How many array operations the generated code performs: calls and arithmetic
    whose operands are not all literals (a piecewise evaluator counts those of its
    branches and masks, and two for each merge)."""
    counted = getattr(core, "operations", None)
    if counted is not None:
        return counted
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(core)))
    except (OSError, TypeError, SyntaxError):
        return 2
    literal = (ast.Constant, ast.UnaryOp)
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            count += _HELPER_OPERATIONS.get(name, 1)
        elif isinstance(node, ast.BinOp):
            count += not (isinstance(node.left, literal) and isinstance(node.right, literal))
    return count


_HELPER_OPERATIONS = {
    "_hypot": 4,
    "_hypot_sum": 6,
    "_lambert_w": 4,
    "_sech_squared": 7,
    "_sinc": 3,
}
"""Array operations inside the helpers the generated code calls (each counts as one
call otherwise)."""
