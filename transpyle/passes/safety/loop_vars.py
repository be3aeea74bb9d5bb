"""The variable of a `for` loop holds Python's values, during and after the loop.

Python assigns `i` the next value of the range at the top of each iteration: after a loop that
ran to its end, `i` is the last value (a Fortran DO leaves it one step past); an empty range
leaves `i` as it was (a DO assigns it the start); assigning `i` in the body does not change
the iteration (Fortran forbids it). Where the variable is read after the loop, or assigned in
its body, the DO runs a counter of its own and the body starts with `i = counter`. Elsewhere
the DO keeps the variable itself, and the emitted code reads as the source.
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir
from transpyle.ir.visitor import walk
from transpyle.passes.safety.liveness import live_after

Path = list[tuple[ir.Stmt | ir.FunctionDef, tuple[ir.Stmt, ...], int]]


def _assigns(body: tuple[ir.Stmt, ...], var: str) -> bool:
    for s in body:
        for n in walk(s):
            if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name) \
                    and n.target.id == var:
                return True
            if isinstance(n, ir.For) and n.var.id == var:
                return True
    return False


class _Counters:
    def __init__(self, f: ir.FunctionDef) -> None:
        self.f = f
        self.taken = {p.name for p in f.params} | {d.name for d in f.locals} | {f.name}
        self.new: list[ir.VarDecl] = []

    def counter(self, var: ir.Name) -> ir.Name:
        name = f"{var.id}_it"
        while name in self.taken:
            name += "_"
        self.taken.add(name)
        self.new.append(ir.VarDecl(name, var.type, loc=var.loc))
        return dataclasses.replace(var, id=name)

    def block(self, container: ir.Stmt | ir.FunctionDef, stmts: tuple[ir.Stmt, ...],
              path: Path) -> tuple[ir.Stmt, ...]:
        out = []
        for k, s in enumerate(stmts):
            here = [*path, (container, stmts, k)]
            out.append(self.stmt(s, here))
        return tuple(out)

    def stmt(self, s: ir.Stmt, path: Path) -> ir.Stmt:
        r = dataclasses.replace
        if isinstance(s, ir.If):
            return r(s, body=self.block(s, s.body, path), orelse=self.block(s, s.orelse, path))
        if isinstance(s, ir.While):
            return r(s, body=self.block(s, s.body, path))
        if not isinstance(s, ir.For):
            return s
        body = self.block(s, s.body, path)
        var = s.var.id
        if not (_assigns(s.body, var) or live_after(path, var)):
            return r(s, body=body)
        counter = self.counter(s.var)
        copy = ir.Assign(s.var, counter, loc=s.loc)
        return r(s, var=counter, body=(copy, *body))


def loop_vars(module: ir.Module) -> ir.Module:
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None:
            counters = _Counters(f)
            stmts = counters.block(f, f.body, [])
            f = dataclasses.replace(f, body=stmts, locals=(*f.locals, *counters.new))
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))
