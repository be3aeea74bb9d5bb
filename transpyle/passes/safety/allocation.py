"""An allocation that fails raises MemoryError, as NumPy's does, instead of ending the process.

gfortran's ALLOCATE without STAT= prints "Error allocating N bytes" and stops the program: the
Python process that called the compiled function dies (`np.zeros(10**13)` in a function). Each
ALLOCATE of compiled code gets STAT= and a check after it that raises MemoryError with the
shape, as NumPy's "Unable to allocate ... for an array with shape (...)" does.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64, Integer
from transpyle.ir.visitor import Transformer, walk

STAT = "tp_alloc_stat"
MESSAGE = "Unable to allocate an array with shape ({})"


def _is_int(e: ir.Expr | None, v: int) -> bool:
    return isinstance(e, ir.Const) and type(e.value) is int and e.value == v


def _extent(d: ir.Dim) -> ir.Expr:
    """upper - lower + 1 (a missing lower bound is Python's 0), `n - 1 + 1` written `n`."""
    assert d.upper is not None
    up = d.upper
    if (d.lower is None or _is_int(d.lower, 0)) and isinstance(up, ir.BinOp) and up.op == "-" \
            and _is_int(up.right, 1):
        return up.left
    if isinstance(up, ir.Const) and (d.lower is None or isinstance(d.lower, ir.Const)):
        low = 0 if d.lower is None else d.lower.value  # type: ignore[attr-defined]
        return ir.Const(up.value - low + 1, type=INT64, loc=d.loc)  # type: ignore[operator]
    one = ir.Const(1, type=INT64, loc=d.loc)
    upper = ir.BinOp("+", up, one, type=INT64, loc=d.loc)
    if d.lower is None or _is_int(d.lower, 0):
        return upper
    return ir.BinOp("-", upper, d.lower, type=INT64, loc=d.loc)


class _Checked(Transformer):
    def __init__(self, stat: ir.Name) -> None:
        self.stat = stat

    def visit(self, node: Any) -> Any:
        if isinstance(node, ir.Allocate) and node.stat is None:
            fields = ", ".join("{}" for _ in node.shape) + ("," if len(node.shape) == 1 else "")
            failed = ir.Compare("!=", self.stat, ir.Const(0, type=self.stat.type, loc=node.loc),
                                type=BOOL, loc=node.loc)
            error = ir.Raise("MemoryError", MESSAGE.format(fields),
                             tuple(_extent(d) for d in node.shape), loc=node.loc)
            return [dataclasses.replace(node, stat=self.stat),
                    ir.If(failed, (error,), loc=node.loc)]
        if isinstance(node, ir.Stmt | ir.FunctionDef | ir.Module | ir.Case):
            return super().visit(node)
        return node  # expressions hold no statements


def allocation_failures(module: ir.Module) -> ir.Module:
    body: list[Any] = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and any(
                isinstance(n, ir.Allocate) and n.stat is None for n in walk(f)):
            stat = ir.Name(STAT, type=Integer(4), loc=f.loc)
            f = _Checked(stat).visit(f)
            f = dataclasses.replace(f, locals=(*f.locals,
                                               ir.VarDecl(STAT, Integer(4), loc=f.loc)))
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))
