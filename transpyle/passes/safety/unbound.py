"""A local read before any assignment reached it raises UnboundLocalError, as in CPython.

`for i in range(n): ...` then `return i` with `n == 0`, or `if c: x = 1` then `x + 1`: CPython
raises UnboundLocalError at the read, Fortran reads whatever the variable holds. Where a read
of a local (not a parameter) is not preceded on every path by an assignment, the variable gets
a logical `tp_bound_<name>` set at each assignment, false at entry, and the statement that
reads it starts with a check that raises CPython's exception. A read in an operand Python may
not evaluate (`c and x`, a branch of `a if c else b`) goes through a small function of the
module that raises where the flag is false, which `lazy_operands` calls only where Python
evaluates the operand.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, Array
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
    helpers: dict[str, ir.FunctionDef] = {}
    body = tuple(_checked(f, functions, helpers) if isinstance(f, ir.FunctionDef)
                 and f.kind is None else f for f in module.body)
    return dataclasses.replace(module, body=(*body, *helpers.values()))


def _checked(f: ir.FunctionDef, functions: dict[str, ir.FunctionDef],
             helpers: dict[str, ir.FunctionDef]) -> ir.FunctionDef:
    reads = _Reads(f, functions)
    reads.block(f.body, frozenset())
    if not reads.unbound:
        return f
    types = {d.name: d.type for d in f.locals}
    names = sorted(set().union(*reads.unbound.values()))
    taken = {p.name for p in f.params} | {d.name for d in f.locals}
    flags = {}
    for n in names:
        flag = f"{PREFIX}{n}"
        while flag in taken:
            flag += "_"
        taken.add(flag)
        flags[n] = flag
    taken |= set(functions) | set(helpers)
    body = _Instrument(reads.unbound, flags, _Helpers(f.name, types, helpers, taken)
                       ).visit_block(f.body)
    loc = f.loc
    start = tuple(ir.Assign(ir.Name(flag, type=BOOL, loc=loc), ir.Const(False, type=BOOL,
                                                                         loc=loc), loc=loc)
                  for flag in flags.values())
    decls = tuple(ir.VarDecl(flag, BOOL, loc=loc) for flag in flags.values())
    return dataclasses.replace(f, body=(*start, *body), locals=(*f.locals, *decls))


class _Helpers:
    """Per variable read in an operand Python may skip, a small function of the module that
    returns its value or raises: a call that `lazy_operands` evaluates only where Python
    evaluates the read."""

    def __init__(self, function: str, types: dict[str, Any], made: dict[str, ir.FunctionDef],
                 taken: set[str]) -> None:
        self.function, self.types, self.made, self.taken = function, types, made, taken
        self.mine: dict[str, str] = {}

    def read(self, name: str, flag: str, at: ir.Name) -> ir.Expr:
        t = self.types.get(name)
        if t is None or isinstance(t, Array):
            raise TranspileError(at.loc, f"'{name}' may be read before it is assigned, in an "
                                 "operand Python evaluates only sometimes: assign it first")
        helper = self.mine.get(name)
        if helper is None:
            helper = f"tp_bound_{self.function}_{name}"
            while helper in self.taken:
                helper += "_"
            self.taken.add(helper)
            self.mine[name] = helper
            self.made[helper] = _reader(helper, name, t, at.loc)
        loc = at.loc
        return ir.Call(helper, (ir.Name(flag, type=BOOL, loc=loc), at), type=t, loc=loc)


def _reader(helper: str, name: str, t: Any, loc: ir.SourceLoc) -> ir.FunctionDef:
    bound, value = ir.Name("bound", type=BOOL, loc=loc), ir.Name("value", type=t, loc=loc)
    check = ir.If(ir.UnaryOp("not", bound, type=BOOL, loc=loc),
                  (ir.Raise("UnboundLocalError", MESSAGE.format(name=name), loc=loc),), loc=loc)
    return ir.FunctionDef(helper, (ir.VarDecl("bound", BOOL, intent="in", loc=loc),
                                   ir.VarDecl("value", t, intent="in", loc=loc)),
                          t, (check, ir.Return(value, loc=loc)), loc=loc)


class _LazyReads(Transformer):
    """The reads of `names` in operands Python may skip, as calls of their readers."""

    def __init__(self, names: set[str], flags: dict[str, str], helpers: _Helpers) -> None:
        self.names, self.flags, self.helpers = names, flags, helpers
        self.lazy = 0

    def visit_BoolOp(self, e: ir.BoolOp) -> ir.Expr:
        first = self.visit(e.values[0])
        self.lazy += 1
        rest = tuple(self.visit(v) for v in e.values[1:])
        self.lazy -= 1
        return dataclasses.replace(e, values=(first, *rest))

    def visit_IfExp(self, e: ir.IfExp) -> ir.Expr:
        test = self.visit(e.test)
        self.lazy += 1
        body, orelse = self.visit(e.body), self.visit(e.orelse)
        self.lazy -= 1
        return dataclasses.replace(e, test=test, body=body, orelse=orelse)

    def visit_Name(self, e: ir.Name) -> ir.Expr:
        if self.lazy and e.id in self.names:
            return self.helpers.read(e.id, self.flags[e.id], e)
        return e


class _Instrument(Transformer):
    def __init__(self, unbound: dict[int, set[str]], flags: dict[str, str],
                 helpers: _Helpers) -> None:
        self.unbound = unbound
        self.flags = flags
        self.helpers = helpers

    def visit_block(self, stmts: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
        return self._transform_value(stmts)

    def visit(self, node: Any) -> Any:
        if not isinstance(node, ir.Stmt):
            return node  # expressions stay as they are
        names = self.unbound.get(id(node), set())
        lazy = {n for n in names if _lazy_read(node, n) is not None}
        eager = {n for n in names if n not in lazy or _eager_read(node, n)}
        if lazy and not isinstance(node, ir.If | ir.For | ir.While | ir.Select | ir.Where):
            node = _LazyReads(lazy - eager, self.flags, self.helpers).visit(node)
        elif lazy - eager:  # a compound statement's test: its own statements are apart
            node = dataclasses.replace(node, test=_LazyReads(  # type: ignore[call-arg]
                lazy - eager, self.flags, self.helpers).visit(node.test))  # type: ignore[union-attr]
        names = eager
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
        flag = ir.Name(self.flags[name], type=BOOL, loc=st.loc)
        unset = ir.UnaryOp("not", flag, type=BOOL, loc=st.loc)
        raise_ = ir.Raise("UnboundLocalError", MESSAGE.format(name=name), loc=st.loc)
        return ir.If(unset, (raise_,), loc=st.loc)


def _eager_read(st: ir.Stmt, name: str) -> bool:
    """Whether `st` reads `name` where Python always evaluates it (outside the operands of
    and/or and the branches of `a if c else b`; a compound statement: in its header)."""
    def eager(e: ir.Node) -> bool:
        if isinstance(e, ir.Name):
            return e.id == name
        if isinstance(e, ir.BoolOp):
            return eager(e.values[0])
        if isinstance(e, ir.IfExp):
            return eager(e.test)
        for fld in dataclasses.fields(e):
            value = getattr(e, fld.name)
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, ir.Expr | ir.Slice) and eager(item):
                    return True
        return False

    heads: tuple[Any, ...]
    if isinstance(st, ir.If | ir.While | ir.Where):
        heads = (st.test,)
    elif isinstance(st, ir.For):
        heads = (st.start, st.stop, st.step)
    elif isinstance(st, ir.Select):
        heads = (st.subject,)
    else:
        heads = (st,)
    return any(eager(h) for h in heads)


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
