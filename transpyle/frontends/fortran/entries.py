"""ENTRY statements of subroutines: one procedure with several ways in.

A subroutine `s(x)` with `ENTRY e(y)` lowers to one master procedure `s_entries(entry, x, y)`
that holds the whole body, starts with a jump on `entry` to the label that replaces each ENTRY
statement, and takes the union of the entries' dummies (those not common to every entry are
OPTIONAL, absent when the entry that runs does not have them); then one small subroutine per
entry (`s(x)`, `e(y)`) calls the master with its number. The dummies a master changes come back
through the wrappers as for any procedure (`passes.out_args`). ENTRY in a function is refused.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.fortran.scope import Scope
from transpyle.ir import nodes as ir
from transpyle.ir.types import Integer


@dataclasses.dataclass(frozen=True)
class Entry:
    name: str
    args: tuple[str, ...]
    label: str  # the statement label that replaces the ENTRY statement in the master


def read_entries(scope: Scope, execution: Any, loc_of: Any) -> list[Entry]:
    """The ENTRY statements of a unit's execution part (the unit itself is entry 0); the
    entries' dummies join the unit's arguments."""
    found = [n for n in (execution.content if execution is not None else ())
             if type(n).__name__ == "Entry_Stmt"]
    if not found:
        return []
    if scope.kind != "subroutine":
        raise TranspileError(loc_of(found[0]), f"ENTRY in a {scope.kind} is not supported "
                             "(only in subroutines)", code="E-fortran")
    labels = _free_labels(execution, len(found))
    entries = [Entry(scope.name, tuple(scope.args), "")]
    for node, label in zip(found, labels, strict=True):
        name, dummies, suffix = node.items
        if suffix is not None:
            raise TranspileError(loc_of(node), "ENTRY with RESULT or BIND is not supported",
                                 code="E-fortran")
        args = tuple(str(a).lower() for a in (dummies.items if dummies is not None else ()))
        if "*" in args:
            raise TranspileError(loc_of(node), "alternate return arguments are not supported",
                                 code="E-fortran")
        entries.append(Entry(str(name).lower(), args, label))
        scope.args += [a for a in args if a not in scope.args]
    return entries


def _free_labels(execution: Any, n: int) -> list[str]:
    from fparser.two.utils import walk as fwalk  # type: ignore[import-untyped]
    used = {str(getattr(getattr(x, "item", None), "label", "") or "") for x in fwalk(execution)}
    out: list[str] = []
    k = 99990
    while len(out) < n:
        if str(k) not in used:
            out.append(str(k))
        k -= 1
    return out


def entry_procedures(master: ir.FunctionDef, entries: list[Entry]) -> list[ir.FunctionDef]:
    """The master procedure (the unit's body behind a jump on the entry number) and one
    wrapper per entry."""
    loc = master.loc
    everywhere = set.intersection(*(set(e.args) for e in entries))
    taken = {d.name for d in (*master.params, *master.locals)}
    which = next(n for n in ("entry", *(f"entry_{k}" for k in range(1, 99)))
                 if n not in taken)
    number = ir.VarDecl(which, Integer(4), intent="in", loc=loc)
    params = tuple(p if p.name in everywhere else dataclasses.replace(p, optional=True)
                   for p in master.params)
    jumps = ir.Select(ir.Name(which, type=Integer(4), loc=loc), tuple(
        ir.Case((ir.Const(k, type=Integer(4), loc=loc),), (ir.Goto(e.label, loc=loc),), loc=loc)
        for k, e in enumerate(entries) if k > 0), loc=loc)
    name = f"{master.name}_entries"
    out = [dataclasses.replace(master, name=name, params=(number, *params),
                               body=(jumps, *master.body))]
    by_name = {p.name: p for p in master.params}
    for k, e in enumerate(entries):
        args = tuple(ir.Name(p.name, type=p.type, loc=loc) if p.name in e.args
                     else ir.Absent(type=p.type, loc=loc) for p in master.params)
        while args and isinstance(args[-1], ir.Absent):
            args = args[:-1]
        call = ir.CallStmt(name, (ir.Const(k, type=Integer(4), loc=loc), *args), loc=loc)
        out.append(ir.FunctionDef(e.name, tuple(by_name[a] for a in e.args), master.returns,
                                  (call,), kind="subroutine", loc=loc))
    return out


def entry_label(labels: dict[str, str], node: Any, loc: SourceLoc) -> list[ir.Stmt]:
    """The label an ENTRY statement becomes in its master procedure."""
    name = str(node.items[0]).lower()
    if name not in labels:
        raise TranspileError(loc, f"ENTRY {name} inside a construct is not supported",
                             code="E-fortran")
    return [ir.Label(labels[name], loc=loc)]
