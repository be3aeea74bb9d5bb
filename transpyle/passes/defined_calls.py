"""Every procedure a migrated program calls is defined: a check on Fortran-origin IR.

A whole program (a tree of files with a main PROGRAM) runs only what its files define. A call
of a name that is neither a procedure of the tree, nor an intrinsic the migration implements
(those are `ir.Intrinsic`, never `ir.Call`), nor a dummy procedure or procedure pointer that
the program binds at run time, would be a NameError when the Python runs (GNU extension
procedures such as LNBLNK, a refused D1MACH's callers): it is refused here, naming it, at the
call. A module that USEs a Fortran module of another file (`from m import *`) may get its
names from there and is not checked; nor is a library (a tree without a PROGRAM), whose
callers may define what it calls.
"""

from __future__ import annotations

from collections.abc import Iterable

from transpyle import messages
from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Procedure
from transpyle.ir.visitor import walk


def has_program(modules: Iterable[ir.Module]) -> bool:
    return any(f.kind == "program" for m in modules for f in m.functions().values())


def check_defined_calls(m: ir.Module, others: Iterable[str] = ()) -> None:
    """Raise at the first call of `m` whose procedure neither `m` nor `others` (the
    procedures of the tree's other files that `m` can reach) defines."""
    if m.uses:
        return
    functions = m.functions()
    defined = set(functions) | set(others) | {t.name for t in m.types}
    bound = {n.target.id for f in functions.values() for n in walk(f)  # `p => f`
             if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name)
             and isinstance(n.target.type, Procedure)}
    for f in functions.values():
        known = defined | bound | _bound_in(f, functions)
        for node in walk(f):
            if isinstance(node, ir.Call | ir.CallStmt) and node.dispatch is None \
                    and "." not in node.func and node.func not in known:
                raise TranspileError(node.loc, messages.UNDEFINED_PROCEDURE.format(
                    name=node.func), hint=messages.UNDEFINED_PROCEDURE_HINT, code="E-fortran")


def _bound_in(f: ir.FunctionDef, functions: dict[str, ir.FunctionDef]) -> set[str]:
    """Names of `f` and its hosts bound by the caller: dummy arguments."""
    names: set[str] = set()
    seen: set[str] = set()
    g: ir.FunctionDef | None = f
    while g is not None and g.name not in seen:
        seen.add(g.name)
        names |= {p.name for p in g.params}
        g = functions.get(g.host) if g.host is not None else None
    return names
