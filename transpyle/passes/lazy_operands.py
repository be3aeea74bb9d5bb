"""Operands that Python evaluates only sometimes are evaluated only then in Fortran too.

Python evaluates `b` in `a and b` only where `a` holds, and only one branch of `x if c else y`.
Fortran may evaluate every operand of `.and.` and both sources of `merge`. That is harmless
until an operand may raise (a checked operation, a call of a procedure that raises): then the
Fortran would report an exception CPython never raises. Such an expression is taken out of
its statement into statements that evaluate it as Python does, into a temporary:

    t = a                      t = c's value
    if (t) t = b               if (c) then; t = x; else; t = y; end if

and a `while` test that needs it is evaluated at the top of the loop, which leaves when it is
false. A statement with several raising calls evaluates them one statement each, left to right
as Python does (Fortran may evaluate operands in any order, and the first failure reported is
the exception raised). Other expressions are left as they are. Runs
after `checked/`, which makes the raising helper calls, and before `raises.py`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.raises import raising_procedures
from transpyle.passes.temporaries import Temporaries


class _Hoist(Transformer):
    def __init__(self, raising: set[str], temps: Temporaries) -> None:
        self.raising = raising
        self.temps = temps
        self.sequence = False  # the statement has several raising calls: evaluate in order

    def count(self, e: ir.Expr | None) -> int:
        return 0 if e is None else sum(isinstance(n, ir.Call) and n.func in self.raising
                                       for n in walk(e))

    def raises(self, e: ir.Expr | None) -> bool:
        return e is not None and any(isinstance(n, ir.Call) and n.func in self.raising
                                     for n in walk(e))

    def lazy(self, e: ir.Expr) -> bool:
        """Whether `e` has a raising operand in a position Python may not evaluate."""
        return any(isinstance(n, ir.BoolOp) and any(self.raises(v) for v in n.values[1:])
                   or isinstance(n, ir.IfExp) and (self.raises(n.body) or self.raises(n.orelse))
                   for n in walk(e))

    # -- expressions: (statements that come first, the expression that remains)
    def hoist(self, e: ir.Expr) -> tuple[list[ir.Stmt], ir.Expr]:
        if not self.lazy(e) and not (self.sequence and self.raises(e)):
            return [], e
        loc = e.loc
        if isinstance(e, ir.BoolOp) and any(self.raises(v) for v in e.values[1:]):
            t = self.temps.new(e.type or BOOL, loc)
            pre, first = self.hoist(e.values[0])
            inner: list[ir.Stmt] = []
            for v in reversed(e.values[1:]):  # innermost first: t = v_k only where t still holds
                pre_v, value = self.hoist(v)
                inner = [*pre_v, ir.Assign(t, value, loc=loc), *inner]
                test: ir.Expr = t if e.op == "and" else ir.UnaryOp("not", t, type=t.type, loc=loc)
                inner = [ir.If(test, tuple(inner), loc=loc)]
            return [*pre, ir.Assign(t, first, loc=loc), *inner], t
        if isinstance(e, ir.IfExp) and (self.raises(e.body) or self.raises(e.orelse)):
            t = self.temps.new(e.type, loc)
            pre, test = self.hoist(e.test)
            pre_b, body = self.hoist(e.body)
            pre_o, orelse = self.hoist(e.orelse)
            return [*pre, ir.If(test, (*pre_b, ir.Assign(t, body, loc=loc)),
                                (*pre_o, ir.Assign(t, orelse, loc=loc)), loc=loc)], t
        pre_all: list[ir.Stmt] = []
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(e):
            value = getattr(e, f.name)
            if isinstance(value, ir.Expr):
                pre, changes[f.name] = self.hoist(value)
                pre_all += pre
            elif isinstance(value, tuple) and any(isinstance(v, ir.Expr) for v in value):
                items = []
                for v in value:
                    pre, new = self.hoist(v) if isinstance(v, ir.Expr) else ([], v)
                    pre_all += pre
                    items.append(new)
                changes[f.name] = tuple(items)
        e = dataclasses.replace(e, **changes)
        if self.sequence and isinstance(e, ir.Call) and e.func in self.raising:
            # Python evaluates left to right, Fortran in any order: the first to raise must
            # be the one CPython raises, so each raising call gets a statement of its own
            t = self.temps.new(e.type, loc)
            return [*pre_all, ir.Assign(t, e, loc=loc)], t
        return pre_all, e

    def exprs(self, s: ir.Stmt, names: tuple[str, ...]) -> ir.Stmt | list[ir.Stmt]:
        values = [v for name in names for v in (getattr(s, name) if isinstance(
            getattr(s, name), tuple) else (getattr(s, name),))]
        self.sequence = sum(self.count(v) for v in values) > 1
        pre_all: list[ir.Stmt] = []
        changes: dict[str, Any] = {}
        for name in names:
            value = getattr(s, name)
            if isinstance(value, tuple):
                items = []
                for v in value:
                    pre, new = self.hoist(v)
                    pre_all += pre
                    items.append(new)
                changes[name] = tuple(items)
            elif value is not None:
                pre, changes[name] = self.hoist(value)
                pre_all += pre
        return [*pre_all, dataclasses.replace(s, **changes)] if pre_all else s

    # -- statements
    def visit_Assign(self, s: ir.Assign) -> ir.Stmt | list[ir.Stmt]:
        return self.exprs(s, ("value",))

    def visit_Return(self, s: ir.Return) -> ir.Stmt | list[ir.Stmt]:
        return self.exprs(s, ("value",))

    def visit_CallStmt(self, s: ir.CallStmt) -> ir.Stmt | list[ir.Stmt]:
        return self.exprs(s, ("args",))

    def visit_Print(self, s: ir.Print) -> ir.Stmt | list[ir.Stmt]:
        return self.exprs(s, ("values",))

    def visit_If(self, s: ir.If) -> ir.Stmt | list[ir.Stmt]:
        return self.exprs(self.rebuild(s), ("test",))

    def visit_For(self, s: ir.For) -> ir.Stmt | list[ir.Stmt]:
        return self.exprs(self.rebuild(s), ("start", "stop", "step"))

    def visit_Select(self, s: ir.Select) -> ir.Stmt | list[ir.Stmt]:
        return self.exprs(self.rebuild(s), ("subject",))

    def visit_While(self, s: ir.While) -> ir.Stmt:
        s = self.rebuild(s)
        self.sequence = self.count(s.test) > 1
        if not self.lazy(s.test) and not self.sequence:
            return s
        pre, test = self.hoist(s.test)
        leave = ir.If(ir.UnaryOp("not", test, type=test.type, loc=s.loc), (ir.Break(loc=s.loc),),
                      loc=s.loc)
        always = ir.Const(True, type=BOOL, loc=s.loc)
        return dataclasses.replace(s, test=always, body=(*pre, leave, *s.body))


def lazy_operands(module: ir.Module) -> ir.Module:
    raising = raising_procedures(module)
    if not raising:
        return module
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef):
            temps = Temporaries(f, "tp_lazy")
            f = _Hoist(raising, temps).visit(f)
            f = dataclasses.replace(f, locals=(*f.locals, *temps.decls))
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))
