"""Parallel loops share only what is safe to share: clauses for `!$omp parallel do`.

A loop under an `omp parallel do` pragma (a `# omp parallel do` comment, or
`for i in transpyle.prange(n)`) runs its iterations on several threads; OpenMP makes only the
loop's own variable private. This pass, the last before printing (so that it sees every
scalar the other passes add: loop copies, lazy temporaries, NumPy-scalar flags), gives each
scalar the body assigns its clause:

- `s = s + e`, `s -= e`, `p = p * e`, integer `m = max(m, e)` / `min`, and `f = f or e`,
  where `s` occurs nowhere else in the body: a reduction (`reduction(+:s)`);
- a scalar assigned before it is read in every iteration: private, or lastprivate where
  the code after the loop may read it (it then holds the last iteration's value, as in
  Python);
- anything else carries a value from one iteration to the next: refused, at the variable.

An array the body writes must be written and read at one index that holds the loop's
variable (`b[i] = a[i] * b[i]`): other elements would be shared between iterations. `break`
and `return` cannot leave a parallel loop. Clauses the pragma already has are kept. A body
holding a `while` gets `schedule(dynamic)` unless it has a float reduction (speed only).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Integer, Logical
from transpyle.ir.visitor import walk

_SUMS = {"+": "+", "-": "+", "*": "*"}
_CHECKED = {"tp_add_i8": "+", "tp_sub_i8": "+", "tp_mul_i8": "*"}


def parallel_loops(module: ir.Module) -> ir.Module:
    functions = module.functions()
    body = tuple(_Function(f, functions).run() if isinstance(f, ir.FunctionDef) else f
                 for f in module.body)
    return dataclasses.replace(module, body=body)


def is_parallel(s: ir.Stmt) -> bool:
    return isinstance(s, ir.Pragma) and s.text.startswith("omp ") and "parallel" in s.text \
        and " do" in f" {s.text}"


class _Function:
    def __init__(self, f: ir.FunctionDef, functions: dict[str, ir.FunctionDef]) -> None:
        self.f = f
        self.functions = functions
        self.types = {d.name: d.type for d in (*f.params, *f.locals)}

    def run(self) -> ir.FunctionDef:
        return dataclasses.replace(self.f, body=self.block(self.f.body))

    def block(self, stmts: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
        out: list[ir.Stmt] = []
        for k, s in enumerate(stmts):
            nxt = stmts[k + 1] if k + 1 < len(stmts) else None
            if is_parallel(s) and isinstance(nxt, ir.For):
                out.append(dataclasses.replace(s, text=self.clauses(s, nxt)))
                continue
            fields: dict[str, Any] = {name: self.block(getattr(s, name))
                                      for name in ("body", "orelse")
                                      if isinstance(getattr(s, name, None), tuple)}
            if isinstance(s, ir.Select):
                fields["cases"] = tuple(dataclasses.replace(c, body=self.block(c.body))
                                        for c in s.cases)
            out.append(dataclasses.replace(s, **fields) if fields else s)
        return tuple(out)

    # -- one loop
    def clauses(self, pragma: ir.Pragma, loop: ir.For) -> str:
        text = pragma.text
        named = {n.strip() for g in re.findall(r"\(([^)]*)\)", text)
                 for n in g.rpartition(":")[2].split(",") if n.strip()}
        body = loop.body
        for st in body:
            for n in walk(st):
                if isinstance(n, ir.Break | ir.Return):
                    what = "break" if isinstance(n, ir.Break) else "return"
                    raise TranspileError(n.loc, f"'{what}' inside a parallel loop: its "
                                         "iterations run at once, none can end the loop")
        index = self.index_names(loop)
        self.check_arrays(loop, index)
        assigned = self.assigned_scalars(body) - {loop.var.id} - named
        reductions: dict[str, list[str]] = {}
        private, last = [], []
        outside = self.names_outside(loop)
        defined = _Defined(self.call_args)
        defined.block(body, frozenset({loop.var.id}))
        for name in sorted(assigned):
            op = self.reduction(name, body)
            if op is not None:
                reductions.setdefault(op, []).append(name)
            elif name in defined.read_first:
                raise TranspileError(defined.read_first[name], f"'{name}' carries a value "
                                     "from one iteration of a parallel loop to the next: a "
                                     "race; update it as a reduction (s += ...) or assign it "
                                     "first in the body")
            elif name not in outside:
                private.append(name)
            elif name in defined.at_end:
                last.append(name)
            else:
                raise TranspileError(loop.loc, f"'{name}' is assigned on some iterations of "
                                     "a parallel loop only and read after it: its value "
                                     "there would depend on the threads")
        parts = [text]
        if private:
            parts.append(f"private({', '.join(private)})")
        if last:
            parts.append(f"lastprivate({', '.join(last)})")
        for op, names in reductions.items():
            parts.append(f"reduction({op}:{', '.join(names)})")
        if self.uneven(loop, reductions, text):
            parts.append("schedule(dynamic)")
        return " ".join(parts)

    def uneven(self, loop: ir.For, reductions: dict[str, list[str]], text: str) -> bool:
        """Iterations of unequal cost (the body holds a `while`, whose trip count depends on the
        data: a Mandelbrot row) go to the threads one at a time as they finish, where that
        cannot change a result: no float reduction, whose rounding then would depend on the
        timing (with the static schedule it depends only on the thread count)."""
        if "schedule(" in text or not any(isinstance(n, ir.While) for st in loop.body
                                           for n in walk(st)):
            return False
        return all(isinstance(self.types.get(n), Integer | Logical)
                   for names in reductions.values() for n in names)

    def index_names(self, loop: ir.For) -> set[str]:
        """The loop's variable and the scalars set from it alone (`i = i_it`)."""
        names = {loop.var.id}
        for st in loop.body:
            if isinstance(st, ir.Assign) and isinstance(st.target, ir.Name) \
                    and isinstance(st.value, ir.Name) and st.value.id in names:
                names.add(st.target.id)
        return names

    def assigned_scalars(self, body: tuple[ir.Stmt, ...]) -> set[str]:
        out: set[str] = set()
        for st in body:
            for n in walk(st):
                if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name):
                    out.add(n.target.id)
                elif isinstance(n, ir.For):
                    out.add(n.var.id)
                elif isinstance(n, ir.CallStmt):
                    out |= {a.id for a, intent in self.call_args(n)
                            if isinstance(a, ir.Name) and intent in ("out", "inout")
                            and not isinstance(self.types.get(a.id), Array)}
        return {n for n in out if not isinstance(self.types.get(n), Array)}

    def call_args(self, n: ir.CallStmt | ir.Call) -> list[tuple[ir.Expr, str | None]]:
        callee = self.functions.get(n.func)
        if callee is None:
            return [(a, "inout") for a in n.args]  # not ours: it may change them
        return [(a, p.intent) for a, p in zip(n.args, callee.params, strict=False)]

    def names_outside(self, loop: ir.For) -> set[str]:
        inside = {id(n) for n in walk(loop)}
        return {n.id for n in walk(self.f) if isinstance(n, ir.Name) and id(n) not in inside}

    def reduction(self, name: str, body: tuple[ir.Stmt, ...]) -> str | None:
        """The operator of `name`'s reduction, where every occurrence of it in `body` is one
        update `name = name op e` with one operator."""
        ops: set[str] = set()
        updates: set[int] = set()
        for st in body:
            for n in walk(st):
                if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name) \
                        and n.target.id == name:
                    op = self.update(name, n.value)
                    if op is None:
                        return None
                    ops.add(op)
                    updates |= {id(n.target), id(_operand(n.value, name))}
        uses = [n for st in body for n in walk(st) if isinstance(n, ir.Name) and n.id == name]
        if len(ops) != 1 or any(id(n) not in updates for n in uses):
            return None
        return ops.pop()

    def update(self, name: str, value: ir.Expr) -> str | None:
        t = self.types.get(name)
        if isinstance(value, ir.BinOp) and value.op in _SUMS:
            left, right = value.left, value.right
            if _is(left, name) and not _mentions(right, name):
                return _SUMS[value.op]
            if value.op != "-" and _is(right, name) and not _mentions(left, name):
                return _SUMS[value.op]
        if isinstance(value, ir.Call) and value.func in _CHECKED and len(value.args) == 2 \
                and _is(value.args[0], name) and not _mentions(value.args[1], name):
            return _CHECKED[value.func]
        if isinstance(value, ir.Intrinsic) and value.name in ("max", "min") \
                and isinstance(t, Integer) and len(value.args) == 2 \
                and _is(value.args[0], name) and not _mentions(value.args[1], name):
            return value.name
        if isinstance(value, ir.BoolOp) and isinstance(t, Logical) and len(value.values) == 2 \
                and _is(value.values[0], name) and not _mentions(value.values[1], name):
            return f".{value.op}."
        return None

    def check_arrays(self, loop: ir.For, index: set[str]) -> None:
        written: dict[str, ir.Subscript | None] = {}
        for st in loop.body:
            for n in walk(st):
                if isinstance(n, ir.Assign) and isinstance(n.target, ir.Subscript) \
                        and isinstance(n.target.value, ir.Name):
                    written.setdefault(n.target.value.id, n.target)
                elif isinstance(n, ir.Assign) and isinstance(n.target, ir.Name) \
                        and isinstance(self.types.get(n.target.id), Array):
                    raise TranspileError(n.loc, f"the whole array '{n.target.id}' is "
                                         "assigned by every iteration of a parallel loop")
                elif isinstance(n, ir.CallStmt | ir.Call):
                    for a, intent in self.call_args(n):
                        if isinstance(a, ir.Name) and isinstance(self.types.get(a.id), Array) \
                                and intent in ("out", "inout"):
                            raise TranspileError(n.loc, f"'{n.func}' may change the array "
                                                 f"'{a.id}' in every iteration of a "
                                                 "parallel loop")
        for name, first in written.items():
            accesses = [n for st in loop.body for n in walk(st)
                        if isinstance(n, ir.Subscript) and isinstance(n.value, ir.Name)
                        and n.value.id == name]
            key = first.indices if first is not None else ()
            holds = any(isinstance(i, ir.Name) and i.id in index for i in key)
            if not holds or any(a.indices != key for a in accesses):
                raise TranspileError(first.loc if first is not None else loop.loc,
                                     f"the array '{name}' is written in a parallel loop at "
                                     "other elements than one indexed by the loop's "
                                     "variable: iterations would share them")


def _is(e: ir.Expr, name: str) -> bool:
    return isinstance(e, ir.Name) and e.id == name


def _mentions(e: ir.Expr, name: str) -> bool:
    return any(isinstance(n, ir.Name) and n.id == name for n in walk(e))


def _operand(value: ir.Expr, name: str) -> ir.Expr:
    """The occurrence of `name` that an update `name = name op e` reads."""
    parts = (value.left, value.right) if isinstance(value, ir.BinOp) else \
        value.values if isinstance(value, ir.BoolOp) else value.args  # type: ignore[union-attr]
    return next(p for p in parts if _is(p, name))


class _Defined:
    """Which scalars each path through a loop body assigns before it reads them: `read_first`
    (name -> where) those read first on some path, `at_end` those every path assigns."""

    def __init__(self, call_args: Any) -> None:
        self.call_args = call_args
        self.read_first: dict[str, ir.SourceLoc] = {}
        self.at_end: frozenset[str] = frozenset()
        self.continues: list[frozenset[str]] = []

    def block(self, stmts: tuple[ir.Stmt, ...], done: frozenset[str]) -> None:
        end = self.stmts(stmts, done)
        for c in self.continues:
            end = c if end is None else end & c
        self.at_end = end if end is not None else frozenset()

    def stmts(self, stmts: tuple[ir.Stmt, ...], done: frozenset[str] | None
              ) -> frozenset[str] | None:
        for st in stmts:
            if done is None:
                return None
            done = self.stmt(st, done)
        return done

    def reads(self, e: ir.Node | None, done: frozenset[str]) -> None:
        if e is None:
            return
        for n in walk(e):
            if isinstance(n, ir.Name) and n.id not in done:
                self.read_first.setdefault(n.id, n.loc)

    def stmt(self, st: ir.Stmt, done: frozenset[str]) -> frozenset[str] | None:
        if isinstance(st, ir.Assign):
            self.reads(st.value, done)
            if isinstance(st.target, ir.Name):
                return done | {st.target.id}
            self.reads(st.target, done)
            return done
        if isinstance(st, ir.If | ir.Where):
            self.reads(st.test, done)
            a, b = self.stmts(st.body, done), self.stmts(st.orelse, done)
            return a if b is None else b if a is None else a & b
        if isinstance(st, ir.Select):
            self.reads(st.subject, done)
            out: frozenset[str] | None = None if any(not c.values for c in st.cases) else done
            for c in st.cases:
                got = self.stmts(c.body, done)
                out = got if out is None else out if got is None else out & got
            return out
        if isinstance(st, ir.For):
            for e in (st.start, st.stop, st.step):
                self.reads(e, done)
            saved = self.continues
            self.continues = []
            self.stmts(st.body, done | {st.var.id})
            self.continues = saved
            return done | {st.var.id}
        if isinstance(st, ir.While):
            self.reads(st.test, done)
            saved = self.continues
            self.continues = []
            self.stmts(st.body, done)
            self.continues = saved
            return done
        if isinstance(st, ir.Continue):
            self.continues.append(done)
            return None
        if isinstance(st, ir.CallStmt):
            out = set()
            for a, intent in self.call_args(st):
                if intent == "out" and isinstance(a, ir.Name):
                    out.add(a.id)
                else:
                    self.reads(a, done)
            return done | out
        if isinstance(st, ir.Raise | ir.Stop):  # the path ends: the function raises or stops
            self.reads(st, done)
            return None
        self.reads(st, done)  # a Propagate leaves only where the function will raise
        return done
