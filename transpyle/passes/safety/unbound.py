"""A local read before any assignment reached it raises UnboundLocalError, as in CPython.

`for i in range(n): ...` then `return i` with `n == 0`, or `if c: x = 1` then `x + 1`: CPython
raises UnboundLocalError at the read, Fortran reads whatever the variable holds. Where a read
of a local (not a parameter) is not preceded on every path by an assignment, the variable gets
a logical `tp_bound_<name>` set at each assignment, false at entry, and the statement that
reads it starts with a check that raises CPython's exception. A read in an operand Python may
not evaluate (`c and x`, a branch of `a if c else b`) is refused where written instead: the
check would stand before the whole statement.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL
from transpyle.ir.visitor import Transformer, walk

PREFIX = "tp_bound_"
MESSAGE = "cannot access local variable '{name}' where it is not associated with a value"

Bound = frozenset[str]


class _Reads:
    """Finds, per statement (by id), the locals it may read unassigned."""

    def __init__(self, f: ir.FunctionDef, functions: dict[str, ir.FunctionDef]) -> None:
        self.locals = {d.name for d in f.locals} - {p.name for p in f.params}
        self.functions = functions
        self.unbound: dict[int, set[str]] = {}  # statement id -> names
        self.loops: list[tuple[list[Bound], list[Bound]]] = []  # (breaks, continues)

    def read(self, st: ir.Stmt, e: ir.Node | None, bound: Bound) -> None:
        if e is None:
            return
        for n in walk(e):
            if isinstance(n, ir.Name) and n.id in self.locals and n.id not in bound:
                self.unbound.setdefault(id(st), set()).add(n.id)

    def block(self, stmts: tuple[ir.Stmt, ...], bound: Bound | None) -> Bound | None:
        for st in stmts:
            if bound is None:
                return None
            bound = self.stmt(st, bound)
        return bound

    def stmt(self, st: ir.Stmt, bound: Bound) -> Bound | None:
        if isinstance(st, ir.Assign):
            self.read(st, st.value, bound)
            if isinstance(st.target, ir.Name):
                if st.inplace:
                    self.read(st, st.target, bound)
                return bound | {st.target.id}
            self.read(st, st.target, bound)
            return bound
        if isinstance(st, ir.Allocate) and st.target is None:  # np.empty(...): made
            self.read(st, st, bound)
            return bound | {st.name}
        if isinstance(st, ir.If | ir.Where):
            self.read(st, st.test, bound)
            return _meet(self.block(st.body, bound), self.block(st.orelse, bound))
        if isinstance(st, ir.Select):
            self.read(st, st.subject, bound)
            out = None if any(not c.values for c in st.cases) else bound
            for c in st.cases:
                out = _meet(out, self.block(c.body, bound))
            return out
        if isinstance(st, ir.For | ir.While):
            return self.loop(st, bound)
        if isinstance(st, ir.Break | ir.Continue) and self.loops:
            self.loops[-1][0 if isinstance(st, ir.Break) else 1].append(bound)
            return None
        if isinstance(st, ir.CallStmt):
            callee = self.functions.get(st.func)
            outs = set()
            for k, a in enumerate(st.args):
                p = callee.params[k] if callee is not None and k < len(callee.params) else None
                if p is not None and p.intent == "out" and isinstance(a, ir.Name):
                    outs.add(a.id)
                else:
                    self.read(st, a, bound)
            return bound | outs
        self.read(st, st, bound)
        if isinstance(st, ir.Return | ir.Raise | ir.Stop):
            return None
        return bound

    def loop(self, st: ir.For | ir.While, bound: Bound) -> Bound:
        if isinstance(st, ir.For):
            for e in (st.start, st.stop, st.step):
                self.read(st, e, bound)
        else:
            self.read(st, st.test, bound)
        entry = bound
        while True:  # the variables bound at the top of every iteration, to a fixpoint
            self.loops.append(([], []))
            top = entry | {st.var.id} if isinstance(st, ir.For) else entry
            end = self.block(st.body, top)
            breaks, continues = self.loops.pop()
            back = entry
            for b in (end, *continues):
                back = _meet(back, b)  # type: ignore[assignment]
            if back == entry:
                out = entry
                for b in breaks:
                    out = out & b
                return out
            entry = back


def _meet(a: Bound | None, b: Bound | None) -> Bound | None:
    return b if a is None else a if b is None else a & b


def unbound_locals(module: ir.Module) -> ir.Module:
    functions = module.functions()
    body = tuple(_checked(f, functions) if isinstance(f, ir.FunctionDef) and f.kind is None
                 else f for f in module.body)
    return dataclasses.replace(module, body=body)


def _checked(f: ir.FunctionDef, functions: dict[str, ir.FunctionDef]) -> ir.FunctionDef:
    reads = _Reads(f, functions)
    reads.block(f.body, frozenset())
    if not reads.unbound:
        return f
    names = sorted(set().union(*reads.unbound.values()))
    taken = {p.name for p in f.params} | {d.name for d in f.locals}
    flags = {}
    for n in names:
        flag = f"{PREFIX}{n}"
        while flag in taken:
            flag += "_"
        taken.add(flag)
        flags[n] = flag
    body = _Instrument(reads.unbound, flags).visit_block(f.body)
    loc = f.loc
    start = tuple(ir.Assign(ir.Name(flag, type=BOOL, loc=loc), ir.Const(False, type=BOOL,
                                                                         loc=loc), loc=loc)
                  for flag in flags.values())
    decls = tuple(ir.VarDecl(flag, BOOL, loc=loc) for flag in flags.values())
    return dataclasses.replace(f, body=(*start, *body), locals=(*f.locals, *decls))


class _Instrument(Transformer):
    def __init__(self, unbound: dict[int, set[str]], flags: dict[str, str]) -> None:
        self.unbound = unbound
        self.flags = flags

    def visit_block(self, stmts: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
        return self._transform_value(stmts)

    def visit(self, node: Any) -> Any:
        if not isinstance(node, ir.Stmt):
            return node  # expressions stay as they are
        names = self.unbound.get(id(node), set())
        new = super().visit(node)
        if isinstance(new, ir.For) and new.var.id in self.flags:
            new = dataclasses.replace(new, body=(self.set(new.var.id, new.loc), *new.body))
        out = [new] if not isinstance(new, list) else new
        if isinstance(node, ir.Assign) and isinstance(node.target, ir.Name) \
                and node.target.id in self.flags:
            out.append(self.set(node.target.id, node.loc))
        if isinstance(node, ir.Allocate) and node.target is None and node.name in self.flags:
            out.append(self.set(node.name, node.loc))
        if isinstance(node, ir.CallStmt):
            out += [self.set(a.id, node.loc) for a in node.args
                    if isinstance(a, ir.Name) and a.id in self.flags]
        checks = [self.check(n, node) for n in sorted(names)]
        return [*checks, *out]

    def set(self, name: str, loc: ir.SourceLoc) -> ir.Assign:
        return ir.Assign(ir.Name(self.flags[name], type=BOOL, loc=loc),
                         ir.Const(True, type=BOOL, loc=loc), loc=loc)

    def check(self, name: str, st: ir.Stmt) -> ir.Stmt:
        where = _lazy_read(st, name)
        if where is not None:
            raise TranspileError(where, f"'{name}' may be read before it is assigned, in an "
                                 "operand Python evaluates only sometimes: assign it first")
        flag = ir.Name(self.flags[name], type=BOOL, loc=st.loc)
        unset = ir.UnaryOp("not", flag, type=BOOL, loc=st.loc)
        raise_ = ir.Raise("UnboundLocalError", MESSAGE.format(name=name), loc=st.loc)
        return ir.If(unset, (raise_,), loc=st.loc)


def _lazy_read(st: ir.Stmt, name: str) -> ir.SourceLoc | None:
    """Where `st` reads `name` in an operand Python may skip, if it does."""
    for n in walk(st):
        lazy: tuple[ir.Expr, ...] = ()
        if isinstance(n, ir.BoolOp):
            lazy = n.values[1:]
        elif isinstance(n, ir.IfExp):
            lazy = (n.body, n.orelse)
        for e in lazy:
            for m in walk(e):
                if isinstance(m, ir.Name) and m.id == name:
                    return m.loc
    return None
