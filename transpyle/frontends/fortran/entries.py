"""ENTRY statements of subroutines: one procedure with several ways in.

A subroutine `s(x)` with `ENTRY e(y)` lowers to one master procedure `s_entries(entry, x, y)`
that holds the whole body, starts with a jump on `entry` to the label that replaces each ENTRY
statement, and takes the union of the entries' dummies (those not common to every entry are
OPTIONAL, absent when the entry that runs does not have them); then one small subroutine per
entry (`s(x)`, `e(y)`) calls the master with its number. The dummies a master changes come back
through the wrappers as for any procedure (`passes.out_args`). In a function, every entry's
result variable (its name, or its RESULT) is the function's own (Fortran associates them):
the master returns it and each wrapper returns what the master returns. Entries whose results
differ in type or shape from the function's (associated storage of other types) are refused.
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
    result: str = ""  # a function's entry: its result variable's name
    leading: bool = False  # before the first executable statement
    loc: SourceLoc | None = None  # the ENTRY statement's


def read_entries(scope: Scope, unit: Any, loc_of: Any) -> list[Entry]:
    """The ENTRY statements of a unit (the unit itself is entry 0), in its execution part or
    among its declarations (fparser's reading of an ENTRY before the first executable
    statement: its label is the body's first statement); the entries' dummies join the
    unit's arguments."""
    parts = {type(p).__name__: p for p in unit.content}
    execution = parts.get("Execution_Part")
    from fparser.two.utils import walk as fwalk  # type: ignore[import-untyped]
    spec = parts.get("Specification_Part")
    leading = [n for n in (fwalk(spec.content) if spec is not None else ())
               if type(n).__name__ == "Entry_Stmt"]
    found = leading + [n for n in (execution.content if execution is not None else ())
                       if type(n).__name__ == "Entry_Stmt"]
    if not found:
        return []
    if scope.kind not in ("subroutine", "function"):
        raise TranspileError(loc_of(found[0]), f"ENTRY in a {scope.kind} is not supported",
                             code="E-fortran")
    labels = _free_labels(unit, len(found))
    entries = [Entry(scope.name, tuple(scope.args), "")]
    for node, label in zip(found, labels, strict=True):
        name, dummies, suffix = node.items
        result = str(name).lower()
        if suffix is not None:
            if scope.kind != "function" or "BIND" in str(suffix).upper():
                raise TranspileError(loc_of(node), "ENTRY with RESULT in a subroutine, or "
                                     "with BIND, is not supported", code="E-fortran")
            result = str(suffix.items[0]).lower()
        args = tuple(str(a).lower() for a in (dummies.items if dummies is not None else ()))
        if "*" in args:
            raise TranspileError(loc_of(node), "alternate return arguments are not supported",
                                 code="E-fortran")
        entries.append(Entry(str(name).lower(), args, label,
                             result if scope.kind == "function" else "", node in leading,
                             loc_of(node)))
        scope.args += [a for a in args if a not in scope.args]
    return entries


def associate_results(scope: Scope, entries: list[Entry], loc: SourceLoc) -> None:
    """A function's entries: each result variable becomes the function's own (an alias), where
    its type and shape are the function's."""
    assert scope.result is not None
    own = scope.symbols[scope.result]
    if own.type is None:
        own.type = scope.implicit_type(scope.name, loc)
    for e in entries[1:]:
        if e.result == scope.result:
            continue
        sym = scope.symbols.pop(e.result, None)
        t = sym.type if sym is not None and sym.type is not None else \
            scope.implicit_type(e.result, e.loc or loc)
        if t != own.type or (sym is not None and (sym.dims is not None or sym.pointer
                                                   or sym.allocatable)) or own.dims is not None:
            raise TranspileError(e.loc or loc, f"ENTRY {e.name}: its result '{e.result}' is "
                                 f"not of the type of {scope.name}'s (results of other types "
                                 "share storage): not supported", code="E-fortran")
        scope.aliases[e.result] = scope.result


def _free_labels(unit: Any, n: int) -> list[str]:
    from fparser.two.utils import walk as fwalk  # type: ignore[import-untyped]
    used = {str(getattr(getattr(x, "item", None), "label", "") or "") for x in fwalk(unit)}
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
        number_k = ir.Const(k, type=Integer(4), loc=loc)
        params = tuple(by_name[a] for a in e.args)
        if master.kind != "function":
            call = ir.CallStmt(name, (number_k, *args), loc=loc)
            out.append(ir.FunctionDef(e.name, params, master.returns, (call,),
                                      kind="subroutine", loc=loc))
            continue
        assert master.returns is not None
        result = next(n for n in ("result", *(f"result_{j}" for j in range(1, 99)))
                      if n not in e.args)
        value = ir.Name(result, type=master.returns, loc=loc)
        body = (ir.Assign(value, ir.Call(name, (number_k, *args), type=master.returns,
                                         loc=loc), loc=loc), ir.Return(value, loc=loc))
        out.append(ir.FunctionDef(e.name, params, master.returns, body,
                                  (ir.VarDecl(result, master.returns, loc=loc),),
                                  kind="function", loc=loc))
    return out


def leading_labels(entries: list[Entry], loc: SourceLoc) -> list[ir.Stmt]:
    """The labels of the entries before the first executable statement (`leading`)."""
    return [ir.Label(e.label, loc=loc) for e in entries[1:] if e.leading]


def entry_label(labels: dict[str, str], node: Any, loc: SourceLoc) -> list[ir.Stmt]:
    """The label an ENTRY statement becomes in its master procedure."""
    name = str(node.items[0]).lower()
    if name not in labels:
        raise TranspileError(loc, f"ENTRY {name} inside a construct is not supported",
                             code="E-fortran")
    return [ir.Label(labels[name], loc=loc)]
