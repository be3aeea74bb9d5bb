"""Fresh local variables for the passes that take a value out of its expression."""

from __future__ import annotations

from transpyle.errors import SourceLoc
from transpyle.ir import nodes as ir
from transpyle.ir.types import Type


class Temporaries:
    """Names `<prefix>0`, `<prefix>1`, ... that no name of the function takes, and their
    declarations, to append to the function's locals."""

    def __init__(self, f: ir.FunctionDef, prefix: str) -> None:
        self.prefix = prefix
        self.taken = {p.name for p in f.params} | {d.name for d in f.locals} | {f.name}
        self.decls: list[ir.VarDecl] = []

    def new(self, t: Type | None, loc: SourceLoc) -> ir.Name:
        k = len(self.decls)
        while f"{self.prefix}{k}" in self.taken:
            k += 1
        name = f"{self.prefix}{k}"
        self.taken.add(name)
        self.decls.append(ir.VarDecl(name, t, loc=loc))
        return ir.Name(name, type=t, loc=loc)
