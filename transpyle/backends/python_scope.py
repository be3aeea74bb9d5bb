"""Python backend, what a procedure's body tells the emitter about its names.

Which loop variables are read after their loops (Fortran defines them there), which locals may
be read before they are assigned (they get a value up front), which scalars are assigned, and
which array dummies receive storage of another shape (storage association).
"""

from __future__ import annotations

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array
from transpyle.ir.visitor import children, walk


def used_after_loops(f: ir.FunctionDef) -> set[str]:
    """Loop variables read somewhere outside a loop over them (Fortran defines their value
    after the loop: one step past the end)."""
    loop_vars = {n.var.id for n in walk(f) if isinstance(n, ir.For)}
    out: set[str] = set()

    def scan(node: ir.Node, inside: frozenset[str]) -> None:
        if isinstance(node, ir.For):
            for e in (node.start, node.stop, node.step):
                scan(e, inside)
            for s in node.body:
                scan(s, inside | {node.var.id})
            return
        if isinstance(node, ir.Name) and node.id in loop_vars and node.id not in inside:
            out.add(node.id)
        for child in children(node):
            scan(child, inside)

    for s in f.body:
        scan(s, frozenset())
    return out


def first_uses(f: ir.FunctionDef) -> dict[str, str]:
    """'write' where a name's first appearance in program order surely assigns it (an
    assignment or loop variable in straight-line code), 'read' otherwise: read first, first
    assigned on a branch, or first assigned in a loop (which may run no times) and read
    after it. Those get a value up front."""
    out: dict[str, str] = {}
    in_loop: dict[str, ir.For] = {}

    def reads(e: ir.Node) -> None:
        for n in walk(e):
            if isinstance(n, ir.Name):
                out.setdefault(n.id, "read")

    def write(n: str, sure: bool, loop: ir.For | None) -> None:
        if n not in out and loop is not None and sure:
            in_loop[n] = loop
        out.setdefault(n, "write" if sure else "read")

    def scan(stmts: tuple[ir.Stmt, ...], sure: bool, loop: ir.For | None) -> None:
        for s in stmts:
            if isinstance(s, ir.Assign):
                reads(s.value)
                if isinstance(s.target, ir.Name):
                    write(s.target.id, sure, loop)
                else:
                    reads(s.target)
            elif isinstance(s, ir.For):
                for e in (s.start, s.stop, s.step):
                    reads(e)
                write(s.var.id, sure, loop)
                scan(s.body, sure, loop or s)
            elif isinstance(s, ir.While | ir.If | ir.Where):
                reads(s.test)
                scan(s.body, False, loop)
                scan(getattr(s, "orelse", ()), False, loop)
            elif isinstance(s, ir.Select):
                reads(s.subject)
                for c in s.cases:
                    scan(c.body, False, loop)
            else:
                reads(s)

    scan(f.body, True, None)
    for name, loop in in_loop.items():
        outside = [n for s in f.body if s is not loop for n in walk(s)]
        if any(isinstance(n, ir.Name) and n.id == name for n in outside):
            out[name] = "read"
    return out


def assigned_scalars(f: ir.FunctionDef) -> set[str]:
    return {n.target.id for n in walk(f) if isinstance(n, ir.Assign)
            and isinstance(n.target, ir.Name)}


def reshaped(functions: dict[str, ir.FunctionDef]) -> dict[str, set[str]]:
    """Per procedure, its explicit-shape array dummies that some call passes an array of
    another rank or an element (storage association): they must see the actual's storage
    reshaped. One walk over the module."""
    out: dict[str, set[str]] = {}
    for g in functions.values():
        types = {d.name: d.type for d in (*g.params, *g.locals)}
        for node in walk(g):
            if not isinstance(node, ir.CallStmt | ir.Call) or node.func not in functions:
                continue
            for p, a in zip(functions[node.func].params, node.args, strict=False):
                if not isinstance(p.type, Array) or p.shape is None:
                    continue
                element = isinstance(a, ir.Subscript) and not any(
                    isinstance(i, ir.Slice) for i in a.indices)
                t = a.type if a.type is not None else (
                    types.get(a.id) if isinstance(a, ir.Name) else None)
                if element or (isinstance(t, Array) and t.rank != p.type.rank):
                    out.setdefault(node.func, set()).add(p.name)
    return out
