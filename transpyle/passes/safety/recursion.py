"""Unbounded recursion raises RecursionError, as CPython does, instead of overflowing the stack.

The module gets a depth counter `tp_depth(1)` and a limit `tp_depth(2)` (the binding sets the
limit from `sys.getrecursionlimit()` when it binds, and resets the depth after a failure
unwinds). A recursive procedure counts itself in on entry, raises once the depth passes the
limit, and counts itself out before each return; a returned value that calls is computed
before the count goes down.
"""

from __future__ import annotations

import dataclasses

from transpyle.errors import SourceLoc
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64, Array, Void
from transpyle.ir.visitor import Transformer, walk

DEPTH = "tp_depth"  # integer(8) :: tp_depth(2): the depth, then the limit
MESSAGE = "maximum recursion depth exceeded"


def _slot(k: int, loc: SourceLoc) -> ir.Subscript:
    array = ir.Name(DEPTH, type=Array(INT64, 1, "F", (1,)), loc=loc)
    return ir.Subscript(array, (ir.Const(k, type=INT64, loc=loc),), type=INT64, loc=loc)


def _count(op: str, loc: SourceLoc) -> ir.Assign:
    one = ir.Const(1, type=INT64, loc=loc)
    return ir.Assign(_slot(1, loc), ir.BinOp(op, _slot(1, loc), one, type=INT64, loc=loc),
                     loc=loc)


class _Returns(Transformer):
    def __init__(self, f: ir.FunctionDef) -> None:
        self.f = f
        self.result: ir.VarDecl | None = None

    def visit_Return(self, s: ir.Return) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        value = s.value
        if value is not None and any(isinstance(n, ir.Call) for n in walk(value)):
            tmp = self.temporary()
            out.append(ir.Assign(tmp, value, loc=s.loc))
            value = tmp
        return [*out, _count("-", s.loc), dataclasses.replace(s, value=value)]

    def temporary(self) -> ir.Name:
        if self.result is None:
            taken = {p.name for p in self.f.params} | {d.name for d in self.f.locals}
            name = f"{self.f.name}_value"
            while name in taken:
                name += "_"
            self.result = ir.VarDecl(name, self.f.returns, loc=self.f.loc)
        return ir.Name(self.result.name, type=self.f.returns, loc=self.f.loc)


def _counted(f: ir.FunctionDef) -> ir.FunctionDef:
    loc = f.loc
    returns = _Returns(f)
    body = tuple(returns.visit(s) for s in f.body)
    flat: list[ir.Stmt] = []
    for s in body:
        flat.extend(s if isinstance(s, list) else [s])
    too_deep = ir.Compare(">", _slot(1, loc), _slot(2, loc), type=BOOL, loc=loc)
    entry = [_count("+", loc), ir.If(too_deep, (ir.Raise("RecursionError", MESSAGE, loc=loc),),
                                     loc=loc)]
    if isinstance(f.returns, Void) and not (flat and isinstance(flat[-1], ir.Return)):
        flat.append(_count("-", loc))
    extra = (returns.result,) if returns.result is not None else ()
    return dataclasses.replace(f, body=(*entry, *flat), locals=(*f.locals, *extra))


def recursion_depth(module: ir.Module) -> ir.Module:
    if not any(isinstance(f, ir.FunctionDef) and f.recursive and f.kind is None
               for f in module.body):
        return module
    body = tuple(_counted(f) if isinstance(f, ir.FunctionDef) and f.recursive
                 and f.kind is None else f for f in module.body)
    loc = module.loc
    depth = ir.VarDecl(DEPTH, Array(INT64, 1, "F", (1,)), loc=loc,
                       shape=(ir.Dim(ir.Const(1, type=INT64, loc=loc),
                                     ir.Const(2, type=INT64, loc=loc), loc=loc),))
    return dataclasses.replace(module, body=body, decls=(*module.decls, depth))
