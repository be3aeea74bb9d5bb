"""Fortran spellings of Python variable names.

Python allows names Fortran does not: a leading underscore (`_tmp`, the idiom for an unused loop
variable) and two names that differ only in case (`n` and `N`; Fortran is case-insensitive).
A variable named like the Fortran module that holds it clashes too. Such a variable of a
translated function is renamed: `_tmp` -> `u_tmp`, the second of `n`/`N` -> `N_1`, a variable
`m` in module `m` -> `m_1`, each new name checked against every name in the function,
ignoring case.
Procedure names are left alone (the runtime binds the entry point by name).
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir
from transpyle.ir.visitor import Transformer


def renames(f: ir.FunctionDef, module_names: set[str], unit: str = "") -> dict[str, str]:
    """Old name -> new name for the variables of `f` that Fortran cannot spell as they are
    (`unit`: the name of the Fortran module, which no variable inside it may take)."""
    names = [d.name for d in (*f.params, *f.locals)]
    taken = {n.lower() for n in names} | {n.lower() for n in module_names} | {unit.lower()}
    seen: set[str] = {unit.lower()} if unit else set()
    out: dict[str, str] = {}
    for name in names:
        new = f"u{name}" if name.startswith("_") else name
        if new != name or new.lower() in seen:
            base, k = new, 1
            while new.lower() in taken or new.lower() in seen:
                new = f"{base}_{k}"
                k += 1
            taken.add(new.lower())
            out[name] = new
        seen.add(new.lower())
    return out


class _Rename(Transformer):
    def __init__(self, table: dict[str, str]) -> None:
        self.table = table

    def visit_Name(self, e: ir.Name) -> ir.Name:
        new = self.table.get(e.id)
        return dataclasses.replace(e, id=new) if new else e

    def visit_VarDecl(self, d: ir.VarDecl) -> ir.VarDecl:
        d = self.rebuild(d)
        new = self.table.get(d.name)
        return dataclasses.replace(d, name=new) if new else d

    def visit_Allocate(self, s: ir.Allocate) -> ir.Allocate:
        s = self.rebuild(s)
        return dataclasses.replace(s, name=self.table.get(s.name, s.name))

    def visit_Deallocate(self, s: ir.Deallocate) -> ir.Deallocate:
        s = self.rebuild(s)
        return dataclasses.replace(s, name=self.table.get(s.name, s.name))


def fortran_names(module: ir.Module) -> ir.Module:
    procedures = {f.name for f in module.body if isinstance(f, ir.FunctionDef)}
    body = []
    for item in module.body:
        if isinstance(item, ir.FunctionDef):
            table = renames(item, procedures, module.name)
            if table:
                item = _Rename(table).visit(item)
        body.append(item)
    return dataclasses.replace(module, body=tuple(body))
