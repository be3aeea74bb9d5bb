"""Unbounded recursion raises RecursionError, as CPython does, instead of overflowing the stack.

The module gets a depth counter `tp_depth(1)` and a limit `tp_depth(2)` (the binding sets the
limit from `sys.getrecursionlimit()` when it binds, and resets the depth after a failure
unwinds). A recursive procedure counts itself in on entry, raises once the depth passes the
limit, and counts itself out before each return; a returned value that calls is computed
before the count goes down.

Counting costs: gfortran no longer turns a doubly recursive function into its cheap form once
its entry may write (fib: 2.4x). So a procedure that recurses on a decreasing integer argument
with a base case first (`if n < 2: return n`), whose nesting the argument bounds, becomes an
entry that checks once whether that bound fits in what is left of the limit and then calls an
unchecked copy; where it does not fit, the counting copy runs, and raises where CPython raises.
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


def _bound(f: ir.FunctionDef, recursive: set[str]) -> tuple[int, int] | None:
    """(k, c) where `f` recurses on a decreasing integer: it starts with a base case `if p < c:
    ... return` (or `p <= c - 1`) that does not recurse, never assigns parameter k (`p`), calls
    itself only with `p - d` (d >= 1) there, and calls no other recursive procedure. A call with
    p = v then nests at most max(v - c + 2, 1) frames of `f`."""
    body = [s for s in f.body if not isinstance(s, ir.Comment)]
    first = body[0] if body else None
    if not (isinstance(first, ir.If) and not first.orelse and first.body
            and isinstance(first.body[-1], ir.Return) and isinstance(first.test, ir.Compare)
            and first.test.op in ("<", "<=") and isinstance(first.test.left, ir.Name)
            and isinstance(first.test.right, ir.Const)
            and type(first.test.right.value) is int):
        return None
    name = first.test.left.id
    k = next((i for i, p in enumerate(f.params) if p.name == name and p.type == INT64
              and not p.value), None)
    calls = [n for n in walk(f) if isinstance(n, ir.Call | ir.CallStmt)]
    if k is None or any(isinstance(n, ir.Call | ir.CallStmt) for n in walk(first)) \
            or any(c.func in recursive and c.func != f.name for c in calls) \
            or any(isinstance(n, ir.Assign) and isinstance(n.target, ir.Name)
                   and n.target.id == name for n in walk(f)):
        return None
    for c in calls:
        if c.func == f.name:
            a = c.args[k]
            if not (isinstance(a, ir.BinOp) and a.op == "-" and isinstance(a.left, ir.Name)
                    and a.left.id == name and isinstance(a.right, ir.Const)
                    and type(a.right.value) is int and a.right.value >= 1):
                return None
    return k, first.test.right.value + (first.test.op == "<=")


class _Renamed(Transformer):
    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new

    def visit_Call(self, e: ir.Call) -> ir.Call:
        e = self.rebuild(e)
        return dataclasses.replace(e, func=self.new) if e.func == self.old else e

    def visit_CallStmt(self, s: ir.CallStmt) -> ir.CallStmt:
        s = self.rebuild(s)
        return dataclasses.replace(s, func=self.new) if s.func == self.old else s


def _split(f: ir.FunctionDef, k: int, c: int, taken: set[str]) -> list[ir.FunctionDef]:
    """`f` as an entry that checks once whether the deepest nesting its argument allows fits
    in what is left of the limit: then it calls an unchecked copy (which gfortran optimises as
    the hand-written recursion), else the counting one."""
    loc = f.loc
    names = []
    for suffix in ("_free", "_counted"):
        name = f.name + suffix
        while name in taken:
            name += "_"
        taken.add(name)
        names.append(name)
    free = dataclasses.replace(_Renamed(f.name, names[0]).visit(f), name=names[0])
    counted = _counted(dataclasses.replace(_Renamed(f.name, names[1]).visit(f), name=names[1]))
    p = ir.Name(f.params[k].name, type=INT64, loc=loc)
    room = ir.BinOp("-", _slot(2, loc), _slot(1, loc), type=INT64, loc=loc)  # frames left
    # the deepest nesting from here, p - c + 2, fits the room: p <= room + c - 2 (no overflow)
    most = ir.BinOp("+", room, ir.Const(c - 2, type=INT64, loc=loc), type=INT64, loc=loc)
    fits = ir.BoolOp("or", (ir.Compare("<", p, ir.Const(c, type=INT64, loc=loc), type=BOOL,
                                       loc=loc),
                            ir.Compare("<=", p, most, type=BOOL, loc=loc)), type=BOOL, loc=loc)
    args = tuple(ir.Name(q.name, type=q.type, loc=loc) for q in f.params)

    def call(name: str) -> ir.Stmt:
        if isinstance(f.returns, Void):
            return ir.CallStmt(name, args, loc=loc)
        return ir.Return(ir.Call(name, args, type=f.returns, loc=loc), loc=loc)

    entry = dataclasses.replace(f, body=(ir.If(fits, (call(names[0]),), (call(names[1]),),
                                               loc=loc),), locals=(), recursive=False)
    return [entry, free, counted]


def recursion_depth(module: ir.Module) -> ir.Module:
    recursive = {f.name for f in module.body if isinstance(f, ir.FunctionDef) and f.recursive
                 and f.kind is None}
    if not recursive:
        return module
    taken = {f.name for f in module.body if isinstance(f, ir.FunctionDef)}
    body: list[ir.FunctionDef | ir.Comment] = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.name in recursive:
            bound = _bound(f, recursive)
            body.extend(_split(f, *bound, taken) if bound else [_counted(f)])
        else:
            body.append(f)
    loc = module.loc
    depth = ir.VarDecl(DEPTH, Array(INT64, 1, "F", (1,)), loc=loc,
                       shape=(ir.Dim(ir.Const(1, type=INT64, loc=loc),
                                     ir.Const(2, type=INT64, loc=loc), loc=loc),))
    return dataclasses.replace(module, body=tuple(body), decls=(*module.decls, depth))
