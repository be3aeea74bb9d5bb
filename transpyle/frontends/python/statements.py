"""Python frontend: statements (assignments, loops, if, raise, imports in a function).

A mixin of FunctionLowering (function.py). The IR's meanings: `range` stops become inclusive
(`_add`), a run-time step's sign is taken at run time.
"""

from __future__ import annotations

import ast
import builtins
from typing import TYPE_CHECKING, Any

from transpyle.errors import SourceLoc
from transpyle.frontends.python.exits import exit_call
from transpyle.frontends.python.expressions import BINOPS
from transpyle.frontends.python.hints import Choice
from transpyle.frontends.python.lists import array_of_list, is_list_value, lower_list
from transpyle.frontends.python.loops import for_each
from transpyle.frontends.python.numpy_calls import copyto_statement, fill_statement
from transpyle.frontends.python.operators import BITWISE
from transpyle.ir import nodes as ir

# `for i in prange(n)`: a range in CPython, a parallel loop (`!$omp parallel do`) compiled
PRANGES = ("transpyle.prange", "numba.prange")


class StatementLowering:
    """Mixin: expects `m` (the module lowering), `functions`, `aliases`, `declared`, `expr`,
    `body_of`, `tuple_assign`, `return_stmt`, `loc`, `error`, `unsupported`."""

    m: Any
    functions: set[str]
    aliases: dict[str, str]
    declared: list[ir.VarDecl]

    if TYPE_CHECKING:
        from transpyle.errors import TranspileError

        def loc(self, node: ast.AST) -> SourceLoc: ...
        def error(self, node: ast.AST, message: str, hint: str | None = None,
                  code: str = "E-unsupported") -> TranspileError: ...
        def unsupported(self, node: ast.AST, what: str | None = None) -> TranspileError: ...
        def canonical(self, node: ast.expr) -> str | None: ...
        def expr(self, e: ast.expr) -> ir.Expr: ...
        def body_of(self, stmts: list[ast.stmt], end: int) -> tuple[ir.Stmt, ...]: ...
        def bad_operator(self, node: ast.AST, left: ast.AST, right: ast.AST,
                         op: ast.operator, suffix: str = "") -> TranspileError: ...
        def tuple_assign(self, target: ast.expr, value: ast.expr,
                         loc: SourceLoc) -> list[ir.Stmt] | None: ...
        def return_stmt(self, s: ast.Return, loc: SourceLoc) -> list[ir.Stmt]: ...

    # -- statements
    def stmt(self, s: ast.stmt) -> list[ir.Stmt]:
        loc = self.loc(s)
        if isinstance(s, ast.Assign):
            if len(s.targets) != 1:
                return self.chained(s, loc)
            return self.assign(s.targets[0], s.value, loc)
        if isinstance(s, ast.Import | ast.ImportFrom):
            self.local_import(s)
            return []
        if isinstance(s, ast.AnnAssign):
            if s.value is None:
                raise self.unsupported(s, "a declaration without a value")
            t = self.m.hints.read(s.annotation)
            if isinstance(t, Choice):
                t = None  # its member is the value's
            stmts = self.assign(s.target, s.value, loc)
            self.declared.append(ir.VarDecl(ast.unparse(s.target), t, loc=loc))
            return stmts
        if isinstance(s, ast.AugAssign):
            op = BINOPS.get(type(s.op))
            target = self.expr(s.target)
            if op is None and type(s.op) in BITWISE:
                value: ir.Expr = ir.Intrinsic(BITWISE[type(s.op)],
                                              (target, self.expr(s.value)), loc=loc)
                return [ir.Assign(target, value, inplace=isinstance(target, ir.Name), loc=loc)]
            if op is None:
                raise self.bad_operator(s, s.target, s.value, s.op, "=")
            return [ir.Assign(target, ir.BinOp(op, target, self.expr(s.value), loc=loc),
                              inplace=isinstance(target, ir.Name), loc=loc)]
        if isinstance(s, ast.For):
            loop = self.for_loop(s)
            return loop if isinstance(loop, list) else [loop]
        if isinstance(s, ast.While):
            if s.orelse:
                raise self.unsupported(s.orelse[0], "else clause of a while loop")
            return [ir.While(self.expr(s.test), self.body_of(s.body, s.end_lineno or s.lineno),
                             loc=loc)]
        if isinstance(s, ast.If):
            body = self.body_of(s.body, s.orelse[0].lineno - 1 if s.orelse
                                else s.end_lineno or s.lineno)
            orelse = self.body_of(s.orelse, s.end_lineno or s.lineno) if s.orelse else ()
            return [ir.If(self.expr(s.test), body, orelse, loc=loc)]
        if isinstance(s, ast.Return) and s.value is not None \
                and (made := array_of_list(self, s.value)):
            return [*made[0], ir.Return(made[1], loc=loc)]
        if isinstance(s, ast.Return):
            return self.return_stmt(s, loc)
        if isinstance(s, ast.Break):
            return [ir.Break(loc=loc)]
        if isinstance(s, ast.Continue):
            return [ir.Continue(loc=loc)]
        if isinstance(s, ast.Pass):
            return []
        if isinstance(s, ast.Raise):
            return [self.raise_stmt(s)]
        if isinstance(s, ast.Assert):  # CPython's default (no -O): the test, then the raise
            raised = ast.copy_location(ast.Raise(ast.copy_location(ast.Call(
                ast.Name("AssertionError", ast.Load()), [s.msg] if s.msg else [], []), s),
                None), s)
            return [ir.If(self.expr(s.test), (), (self.raise_stmt(raised),), loc=loc)]
        if isinstance(s, ast.Expr):
            return self.expr_stmt(s)
        raise self.unsupported(s)

    def chained(self, s: ast.Assign, loc: SourceLoc) -> list[ir.Stmt]:
        """`a = b = v`: v evaluated once, the targets assigned left to right. The later
        targets take the first one's value (an array's view, as Python binds one object)."""
        first, *rest = s.targets
        simple = isinstance(s.value, ast.Constant | ast.Name)
        if any(isinstance(t, ast.Tuple) for t in s.targets) or not (
                simple or isinstance(first, ast.Name)):
            raise self.unsupported(s, "chained assignment to a tuple, or whose first target "
                                      "is not a name and whose value is not a name or constant")
        out = self.assign(first, s.value, loc)
        for t in rest:
            out += self.assign(t, s.value if simple else first, loc)
        return out

    def local_import(self, s: ast.Import | ast.ImportFrom) -> None:
        """`import math`, `import numpy as xp`, `from numpy import zeros` in the body: names of
        this function from here on (Python binds them when the statement runs)."""
        if isinstance(s, ast.Import):
            for a in s.names:
                self.aliases[(a.asname or a.name).split(".")[0]] = (
                    a.name if a.asname else a.name.split(".")[0])
        elif s.module and not s.level:
            for a in s.names:
                if a.name == "*":
                    raise self.unsupported(s, "'import *' inside a function")
                self.aliases[a.asname or a.name] = f"{s.module}.{a.name}"
        else:
            raise self.unsupported(s, "a relative import inside a function")

    def raise_stmt(self, s: ast.Raise) -> ir.Raise:
        """`raise ValueError("message")`: a builtin exception with a constant message."""
        exc, message = s.exc, ""
        if isinstance(exc, ast.Call) and not exc.keywords and len(exc.args) <= 1:
            if exc.args:
                arg = exc.args[0]
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    raise self.unsupported(arg, "an exception message that is not a string "
                                                "literal")
                message = arg.value
            exc = exc.func
        name = exc.id if isinstance(exc, ast.Name) else None
        builtin = getattr(builtins, name, None) if name else None
        if s.cause is not None or not (isinstance(builtin, type)
                                       and issubclass(builtin, Exception)):
            raise self.unsupported(s, "a raise of anything but a builtin exception")
        return ir.Raise(name, message.replace("{", "{{").replace("}", "}}"), loc=self.loc(s))

    def expr_stmt(self, s: ast.Expr) -> list[ir.Stmt]:
        v = s.value
        if isinstance(v, ast.Constant) and isinstance(v.value, str):
            return [ir.Comment(line, loc=self.loc(s)) for line in v.value.strip().splitlines()]
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name):
            if v.func.id in self.m.exits:
                return [exit_call(self, v, *self.m.exits[v.func.id])]
            if v.func.id == "print" and v.func.id not in self.functions:
                # Fortran's output is not Python's: list-directed numbers (0.10000000000000001
                # for 0.1), and its own buffer on file descriptor 1, beside sys.stdout's
                raise self.error(v, "print inside a compiled function: Fortran would write "
                                 "its own number formats, outside sys.stdout",
                                 hint="return the values and print them in Python")
            if v.func.id in self.functions:
                call = self.expr(v)
                assert isinstance(call, ir.Call)
                return [ir.CallStmt(call.func, call.args, loc=self.loc(s))]
        low: Any = self  # the whole FunctionLowering (numpy_calls.Lowering)
        if isinstance(v, ast.Call) and (fill := fill_statement(low, v, self.loc(s))):
            return [fill]
        if isinstance(v, ast.Call) and (copy := copyto_statement(low, v, self.loc(s))):
            return [copy]
        raise self.error(s, "expression statement has no effect in a translated function",
                         hint="assign its value or remove it")

    def assign(self, target: ast.expr, value: ast.expr, loc: SourceLoc) -> list[ir.Stmt]:
        if (lowered := self.tuple_assign(target, value, loc)) is not None:
            return lowered
        if isinstance(target, ast.Tuple):
            return self.unpack(target, value, loc)
        if isinstance(target, ast.Name) and is_list_value(value):
            return lower_list(self, target, value)  # a small list of numbers
        if isinstance(target, ast.Name) and (made := array_of_list(self, value)):
            return [*made[0], ir.Assign(self.expr(target), made[1], loc=loc)]
        if isinstance(target, ast.Name | ast.Subscript):
            return [ir.Assign(self.expr(target), self.expr(value), loc=loc)]
        raise self.unsupported(target, f"assignment to {type(target).__name__.lower()}")

    def unpack(self, target: ast.Tuple, value: ast.expr, loc: SourceLoc) -> list[ir.Stmt]:
        if isinstance(value, ast.Attribute) and value.attr == "shape":
            base = self.expr(value.value)
            return [ir.Assign(self.expr(t), ir.Intrinsic("size", (base, ir.Const(k, loc=loc)),
                                                         loc=loc), loc=loc)
                    for k, t in enumerate(target.elts)]
        if not isinstance(value, ast.Tuple) or len(value.elts) != len(target.elts):
            raise self.unsupported(value, "tuple unpacking of anything but a.shape or a tuple")
        # Evaluate every value before any target is written: a, b = b, a
        temps = []
        out: list[ir.Stmt] = []
        for k, v in enumerate(value.elts):
            tmp = ir.Name(f"tmp_{loc.line}_{k}", loc=loc)
            temps.append(tmp)
            out.append(ir.Assign(tmp, self.expr(v), loc=loc))
        for t, tmp in zip(target.elts, temps, strict=True):
            out.append(ir.Assign(self.expr(t), tmp, loc=loc))
        return out

    def for_loop(self, s: ast.For) -> ir.For | list[ir.Stmt]:
        loc = self.loc(s)
        if s.orelse:
            raise self.unsupported(s.orelse[0], "else clause of a for loop")
        it = s.iter
        parallel = isinstance(it, ast.Call) and self.canonical(it.func) in PRANGES
        if not (isinstance(it, ast.Call) and (parallel or isinstance(it.func, ast.Name)
                and it.func.id == "range") and not it.keywords and 1 <= len(it.args) <= 3):
            return for_each(self, s)  # arrays, lists, enumerate, zip
        if not isinstance(s.target, ast.Name):
            raise self.unsupported(s.target, "a loop target that is not a plain name")
        args = [self.expr(a) for a in it.args]
        start, stop, step = (
            (ir.Const(0, loc=loc), args[0], ir.Const(1, loc=loc)) if len(args) == 1
            else (args[0], args[1], ir.Const(1, loc=loc)) if len(args) == 2
            else (args[0], args[1], args[2]))
        step_value = _const_int(step)
        if step_value == 0:
            raise self.error(it.args[2], "range() step must not be zero", code="E-range")
        if step_value is not None:
            last = _add(stop, -1 if step_value > 0 else 1)
        before: list[ir.Stmt] = []
        if step_value is None:  # sign unknown until run time: stop - sign(1, step)
            if not isinstance(step, ir.Name):
                tmp = ir.Name(f"step_{loc.line}_{loc.col}", loc=loc)
                before.append(ir.Assign(tmp, step, loc=loc))
                step = tmp
            # a zero step raises CPython's ValueError in compiled code: safety/range_steps.py
            last = ir.BinOp("-", stop, ir.Intrinsic("sign", (ir.Const(1, loc=loc), step),
                                                    loc=loc), loc=loc)
        body = self.body_of(s.body, s.end_lineno or s.lineno)
        loop = ir.For(ir.Name(s.target.id, loc=self.loc(s.target)), start, last, step, body,
                      loc=loc)
        return [*before, ir.Pragma("omp parallel do", loc=loc), loop] if parallel \
            else [*before, loop] if before else loop



def _const_int(e: ir.Expr) -> int | None:
    if isinstance(e, ir.Const) and isinstance(e.value, int) and not isinstance(e.value, bool):
        return e.value
    return None


def _add(e: ir.Expr, k: int) -> ir.Expr:
    """e + k, folded when e is a constant or already `x + c`."""
    if k == 0:
        return e
    c = _const_int(e)
    if c is not None:
        return ir.Const(c + k, loc=e.loc)
    if isinstance(e, ir.BinOp) and e.op in "+-" and _const_int(e.right) is not None:
        total = (_const_int(e.right) or 0) * (1 if e.op == "+" else -1) + k
        if total == 0:
            return e.left
        return ir.BinOp("+" if total > 0 else "-", e.left, ir.Const(abs(total), loc=e.loc),
                        loc=e.loc)
    return ir.BinOp("+" if k > 0 else "-", e, ir.Const(abs(k), loc=e.loc), loc=e.loc)

