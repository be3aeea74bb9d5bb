"""Exceptions out of compiled code: number the raises, and leave callers of raising procedures.

Fortran has no exceptions. A `Raise` in the IR becomes, in Fortran, a write of its site number
and arguments into the module's status array followed by `return`; a caller of a procedure
that may raise checks the status after the call (`Propagate`) and returns too, up to the entry
procedure, whose binding reads the status and raises the Python exception from its table of
sites (`runtime/binding.py`). The status array is zero while nothing failed, so a call that does
not fail costs one read of it.

This pass runs last in the Fortran pipeline: it numbers every `Raise` (1, 2, ... in module
order), inserts `Propagate` after each statement that calls a procedure that may raise (and at
the start of the branches and bodies whose header made such a call), and declares the status
array when the module has any raise. An OpenMP parallel loop cannot `return`: inside one, a
failure goes on to the next iteration (`leave="cycle"`) and the statement after the loop leaves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from transpyle.errors import SourceLoc
from transpyle.ir import nodes as ir
from transpyle.ir.types import INT64, Array
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.temporaries import Temporaries

STATUS = "tp_status"  # integer(8) :: tp_status(STATUS_SIZE): site, then the arguments
STATUS_SIZE = 8
MAX_ARGS = STATUS_SIZE - 1


def raise_sites(node: ir.Node) -> dict[int, ir.Raise]:
    """The numbered raises under `node` (after this pass), by site number."""
    return {n.site: n for n in walk(node) if isinstance(n, ir.Raise)}


def reachable_sites(module: ir.Module, name: str) -> dict[int, ir.Raise]:
    """The numbered raises that a call of procedure `name` may reach."""
    funcs = module.functions()
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current in seen or current not in funcs:
            continue
        seen.add(current)
        todo.extend(_calls(funcs[current]))
    return {site: r for f in seen for site, r in raise_sites(funcs[f]).items()}


def _calls(node: ir.Node) -> Iterator[str]:
    for n in walk(node):
        if isinstance(n, ir.Call | ir.CallStmt):
            yield n.func


def raising_procedures(module: ir.Module) -> set[str]:
    """The procedures that may raise: those with a Raise, and their callers (a fixpoint)."""
    funcs = module.functions()
    calls = {name: set(_calls(f)) & funcs.keys() for name, f in funcs.items()}
    out = {name for name, f in funcs.items() if any(isinstance(n, ir.Raise) for n in walk(f))}
    grew = True
    while grew:
        grew = False
        for name, callees in calls.items():
            if name not in out and callees & out:
                out.add(name)
                grew = True
    return out


class _Number(Transformer):
    def __init__(self) -> None:
        self.count = 0

    def visit_Raise(self, s: ir.Raise) -> ir.Raise:
        if len(s.args) > MAX_ARGS:
            raise ValueError(f"a Raise takes at most {MAX_ARGS} arguments")
        self.count += 1
        return dataclasses.replace(s, site=self.count)


class _Propagate(Transformer):
    """Insert Propagate after every statement whose own expressions call a raising procedure."""

    def __init__(self, raising: set[str], temps: Temporaries) -> None:
        self.raising = raising
        self.temps = temps

    def _header_calls(self, exprs: tuple[ir.Expr | None, ...]) -> bool:
        return any(e is not None and any(f in self.raising for f in _calls(e)) for e in exprs)

    def _check(self, loc: SourceLoc) -> ir.Propagate:
        return ir.Propagate(loc=loc)

    def visit_Assign(self, s: ir.Assign) -> ir.Stmt | list[ir.Stmt]:
        if not self._header_calls((s.target, s.value)):
            return s
        if isinstance(s.target, ir.Subscript) and not isinstance(s.target.type, Array):
            # an element the caller sees: CPython stores nothing when the value raises, so
            # the value goes to a temporary first and is stored once it did not fail
            tmp = self.temps.new(s.target.type, s.loc)
            return [ir.Assign(tmp, s.value, loc=s.loc), self._check(s.loc),
                    ir.Assign(s.target, tmp, loc=s.loc)]
        return [s, self._check(s.loc)]

    def visit_CallStmt(self, s: ir.CallStmt) -> ir.Stmt | list[ir.Stmt]:
        raising = s.func in self.raising or self._header_calls(s.args)
        return [s, self._check(s.loc)] if raising else s

    def visit_Print(self, s: ir.Print) -> ir.Stmt | list[ir.Stmt]:
        return [s, self._check(s.loc)] if self._header_calls(s.values) else s

    # `return f(x)` needs nothing: this procedure's caller checks the status after it returns

    def visit_If(self, s: ir.If) -> ir.Stmt:
        s = self.rebuild(s)
        if not self._header_calls((s.test,)):
            return s
        check = self._check(s.loc)
        return dataclasses.replace(s, body=(check, *s.body), orelse=(check, *s.orelse))

    def visit_While(self, s: ir.While) -> ir.Stmt | list[ir.Stmt]:
        s = self.rebuild(s)
        if not self._header_calls((s.test,)):
            return s
        check = self._check(s.loc)
        return [dataclasses.replace(s, body=(check, *s.body)), check]

    def visit_For(self, s: ir.For) -> ir.Stmt | list[ir.Stmt]:
        s = self.rebuild(s)
        if not self._header_calls((s.start, s.stop, s.step)):
            return s
        check = self._check(s.loc)
        return [dataclasses.replace(s, body=(check, *s.body)), check]

    def visit_Select(self, s: ir.Select) -> ir.Stmt | list[ir.Stmt]:
        s = self.rebuild(s)
        return [self._check(s.loc), s] if self._header_calls((s.subject,)) else s


def _parallel_loop(s: ir.Stmt) -> bool:
    return isinstance(s, ir.Pragma) and s.text.startswith("omp ") and "parallel" in s.text


class _Cycle(Transformer):
    """Inside a parallel loop, a failure skips to the next iteration instead of returning;
    the status stays set, and the statement after the loop returns."""

    def visit_Raise(self, s: ir.Raise) -> ir.Raise:
        return dataclasses.replace(s, leave="cycle")

    def visit_Propagate(self, s: ir.Propagate) -> ir.Propagate:
        return dataclasses.replace(s, leave="cycle")


def _parallel_blocks(stmts: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
    out: list[ir.Stmt] = []
    for k, s in enumerate(stmts):
        if isinstance(s, ir.For) and k > 0 and _parallel_loop(stmts[k - 1]):
            cycled = _Cycle().visit(s)
            out.append(cycled)
            if cycled != s:
                out.append(ir.Propagate(loc=s.loc))
            continue
        fields = {name: _parallel_blocks(getattr(s, name)) for name in ("body", "orelse")
                  if isinstance(getattr(s, name, None), tuple)}
        if isinstance(s, ir.Select):
            fields["cases"] = tuple(dataclasses.replace(c, body=_parallel_blocks(c.body))
                                    for c in s.cases)
        out.append(dataclasses.replace(s, **fields) if fields else s)
    return tuple(out)


def _with_propagation(f: ir.FunctionDef, raising: set[str]) -> ir.FunctionDef:
    temps = Temporaries(f, "tp_value")
    f = _Propagate(raising, temps).visit(f)
    return dataclasses.replace(f, body=_parallel_blocks(f.body), locals=(*f.locals, *temps.decls))


def number_raises(module: ir.Module) -> ir.Module:
    numbering = _Number()
    numbered = numbering.visit(module)
    if numbering.count == 0:
        return numbered
    raising = raising_procedures(numbered)
    body = tuple(_with_propagation(f, raising) if isinstance(f, ir.FunctionDef)
                 and f.name in raising else f for f in numbered.body)
    loc = module.loc
    status = ir.VarDecl(STATUS, Array(INT64, 1, "F", (1,)), loc=loc,
                        shape=(ir.Dim(ir.Const(1, type=INT64, loc=loc),
                                      ir.Const(STATUS_SIZE, type=INT64, loc=loc), loc=loc),))
    return dataclasses.replace(numbered, body=body, decls=(*numbered.decls, status))
