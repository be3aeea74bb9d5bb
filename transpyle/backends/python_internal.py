"""Python backend, internal procedures (CONTAINS in a program or procedure): Python closures.

An internal procedure is a `def` nested in its host's, after the host's locals are set up, so
that it sees them as Fortran's host association does: it reads the host's variables as they
are when it runs, and one it assigns (a scalar, an allocatable rebound, a DO variable) is
declared `nonlocal`. Every host variable an internal procedure uses is bound in the host
before the nested `def` (Python needs the binding for `nonlocal`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpyle.ir import nodes as ir
from transpyle.ir.visitor import walk
from transpyle.passes.out_args import Convention, assigned_names


def internals_by_host(functions: list[ir.FunctionDef]) -> dict[str, list[ir.FunctionDef]]:
    """The internal procedures to nest, by host: those that use a host variable, and those
    that call one of them (the others stay module-level functions, as if external)."""
    by_name = {f.name: f for f in functions}
    nest: set[str] = set()
    for f in functions:
        host = by_name.get(f.host) if f.host is not None else None
        if host is not None and (used_names(f) - own_names(f)) & host_variables(host):
            nest.add(f.name)
    grown = True
    while grown:
        grown = False
        for f in functions:
            if f.host is not None and f.name not in nest and called(f) & nest:
                nest.add(f.name)
                grown = True
    out: dict[str, list[ir.FunctionDef]] = {}
    for f in functions:
        if f.name in nest:
            out.setdefault(f.host, []).append(f)  # type: ignore[arg-type]
    return out


def called(f: ir.FunctionDef) -> set[str]:
    out = {n.func for n in walk(f) if isinstance(n, ir.Call | ir.CallStmt)}
    return out | {n.id for n in walk(f) if isinstance(n, ir.Name)}  # passed on


def own_names(f: ir.FunctionDef) -> set[str]:
    return {d.name for d in (*f.params, *f.locals)}


def host_variables(host: ir.FunctionDef) -> set[str]:
    """The host's names an internal procedure may share (its constants are copied)."""
    return {d.name for d in (*host.params, *host.locals) if not d.constant}


def used_names(f: ir.FunctionDef) -> set[str]:
    out = {n.id for n in walk(f) if isinstance(n, ir.Name)}
    out |= {n.name for n in walk(f) if isinstance(n, ir.Allocate | ir.Deallocate)}
    return out


def shared_with(host: ir.FunctionDef, internals: list[ir.FunctionDef]) -> set[str]:
    """The host's variables its internal procedures use."""
    names: set[str] = set()
    for g in internals:
        names |= used_names(g) - own_names(g)
    return names & host_variables(host)


def unbound(host: ir.FunctionDef, shared: set[str]) -> set[str]:
    """The shared variables the host itself never binds (it must, for `nonlocal`)."""
    bound = assigned_names(host) | {p.name for p in host.params}
    bound |= {n.name for n in walk(host) if isinstance(n, ir.Allocate | ir.Deallocate)}
    return shared - bound


def nonlocal_names(f: ir.FunctionDef, host: ir.FunctionDef,
                   conventions: dict[str, Convention], renamed: set[str]) -> list[str]:
    """The host variables internal procedure `f` binds anew."""
    bound = assigned_names(f, conventions)
    bound |= {n.name for n in walk(f) if isinstance(n, ir.Allocate | ir.Deallocate)}
    return sorted((bound & host_variables(host)) - own_names(f) - renamed)


def nested(lines: list[str]) -> list[str]:
    """A procedure's lines one level in, as a nested `def`."""
    return ["    " + x if x else x for x in lines]


class InternalMixin:
    """The emitter's side of internal procedures and OPTIONAL dummies."""

    functions: dict[str, ir.FunctionDef]
    internals: dict[str, list[ir.FunctionDef]]
    hosts: dict[str, str]
    conventions: dict[str, Convention]
    renames: dict[str, str]
    current: ir.FunctionDef | None

    if TYPE_CHECKING:
        def decl_hint(self, d: ir.VarDecl) -> str: ...

    def host_decls(self, f: ir.FunctionDef) -> tuple[ir.VarDecl, ...]:
        """The declarations an internal procedure sees in its host."""
        if f.name not in self.hosts:
            return ()
        host = self.functions[self.hosts[f.name]]
        own = own_names(f)
        return tuple(d for d in (*host.params, *host.locals) if d.name not in own)

    def shared(self, f: ir.FunctionDef) -> set[str]:
        """Variables `f` shares with its host or its internal procedures."""
        if f.name in self.hosts:
            return host_variables(self.functions[self.hosts[f.name]]) - own_names(f)
        return shared_with(f, self.internals.get(f.name, []))

    def param_text(self, p: ir.VarDecl, conv: Convention) -> str:
        """`b: int | None = None` for an OPTIONAL dummy (and any after it: Python gives every
        parameter after a default one a default; Fortran passes those, by keyword)."""
        assert self.current is not None
        params = {q.name: q for q in self.current.params}
        first = next((k for k, n in enumerate(conv.params) if params[n].optional), None)
        if first is None or conv.params.index(p.name) < first:
            return f"{p.name}: {self.decl_hint(p)}"
        h = self.decl_hint(p)
        return f"{p.name}: {h[:-1]} | None\" = None" if h.endswith('"') else \
            f"{p.name}: {h} | None = None"

    def nonlocal_lines(self, f: ir.FunctionDef) -> list[str]:
        if f.name not in self.hosts:
            return []
        host = self.functions[self.hosts[f.name]]
        names = nonlocal_names(f, host, self.conventions, set(self.renames))
        return [f"    nonlocal {', '.join(names)}"] if names else []
