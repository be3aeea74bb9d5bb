"""Python's round(), divmod(), pow() and math.trunc(), with CPython's meanings.

- `pow(a, b)` is `a ** b`; the three-argument form is refused.
- `math.trunc(x)` is `int(x)` (float.__trunc__ is int(); an int is itself).
- `divmod(a, b)` is the tuple `(a // b, a % b)`: CPython computes all three from one routine
  (_float_div_mod for floats), so the pair is the same; operands other than names, constants,
  attributes and element reads would be evaluated twice, and are refused.
- `round(x)` is the IR's `py_round`, typed once x's type is known (passes/python_round.py):
  an int or bool is returned as an int, a float rounds half to even to an int.
  `round(x, n)` is refused (CPython rounds the decimal string, correctly rounded).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from transpyle.errors import TranspileError
from transpyle.frontends.python.hints import dotted

from transpyle.ir import nodes as ir

BUILTIN_CALLS = ("divmod", "pow", "math.trunc")


def _simple(e: ast.expr) -> bool:
    if isinstance(e, ast.UnaryOp):
        return _simple(e.operand)
    if isinstance(e, ast.Subscript):
        return _simple(e.value) and all(_simple(i) for i in (
            e.slice.elts if isinstance(e.slice, ast.Tuple) else [e.slice]))
    return isinstance(e, ast.Name | ast.Constant | ast.Attribute)


def builtin_ast(lowering: Any, e: ast.Call, name: str) -> ast.expr | None:
    """The Python expression that means the call (divmod, pow, math.trunc), or None."""
    if e.keywords:
        raise lowering.unsupported(e.keywords[0], f"keyword arguments of {name}()")
    if name == "pow" and len(e.args) == 2:
        return ast.copy_location(ast.BinOp(e.args[0], ast.Pow(), e.args[1]), e)
    if name == "pow":
        raise lowering.unsupported(e, "pow() with a modulus")
    if name == "math.trunc" and len(e.args) == 1:
        return ast.copy_location(ast.Call(ast.Name("int", ast.Load()), e.args, []), e)
    if name == "divmod" and len(e.args) == 2:
        if not all(map(_simple, e.args)):
            raise lowering.unsupported(e, "divmod() of expressions (assign them to names first)")
        a, b = e.args
        return ast.copy_location(ast.Tuple([
            ast.copy_location(ast.BinOp(a, ast.FloorDiv(), b), e),
            ast.copy_location(ast.BinOp(a, ast.Mod(), b), e)], ast.Load()), e)
    return None


def round_call(lowering: Any, e: ast.Call) -> ir.Expr:
    if e.keywords or len(e.args) != 1:
        raise lowering.unsupported(e, "round() with ndigits (CPython rounds the decimal "
                                      "string)")
    if not _simple(e.args[0]):
        raise lowering.unsupported(e, "round() of an expression (assign it to a name first)")
    return ir.Intrinsic("py_round", (lowering.expr(e.args[0]),), loc=lowering.loc(e))


class _Builtins(ast.NodeTransformer):
    def __init__(self, canonical: Callable[[ast.expr], str | None], lowering: Any) -> None:
        self.canonical, self.lowering = canonical, lowering

    def visit_Call(self, e: ast.Call) -> ast.expr:
        self.generic_visit(e)
        name = self.canonical(e.func)
        if name in BUILTIN_CALLS and (made := builtin_ast(self.lowering, e, name)) is not None:
            return made
        return e


def rewrite_builtins(tree: ast.Module, aliases: dict[str, str], functions: set[str],
                     lowering: Any) -> dict[str, TranspileError]:
    """divmod, pow and math.trunc calls replaced, in place, by what they mean (before the
    tuples a function returns are counted); the refusal of each function that has a form
    refused. `lowering.unsupported(node, what)` makes the refusal."""
    def canonical(node: ast.expr) -> str | None:
        name = dotted(node)
        if name is None or name in functions:
            return None
        head, _, rest = name.partition(".")
        full = aliases.get(head, head)
        return f"{full}.{rest}" if rest else full

    refused: dict[str, TranspileError] = {}
    for f in tree.body:
        if isinstance(f, ast.FunctionDef):
            try:
                f.body = [_Builtins(canonical, lowering).visit(s) for s in f.body]
            except TranspileError as err:
                refused[f.name] = err
    return refused
