"""Which procedures a dummy procedure or a procedure pointer may stand for, in one module.

A call through a dummy procedure (`call g(x, y)` with `g` an argument) must follow the calling
convention of the procedure that is passed (`passes.out_args`: the scalars it changes come
back as return values). The procedures that reach each dummy are collected from the calls
that pass a procedure name (or pass on their own dummy, transitively) and from pointer
assignments `p => f`; where they all share one convention, the call follows it.
"""

from __future__ import annotations

from collections.abc import Iterable

from transpyle.ir import nodes as ir
from transpyle.ir.types import Procedure
from transpyle.ir.visitor import walk
from transpyle.passes.out_args import Convention

Key = tuple[str, str]  # (procedure, the name of its dummy procedure or procedure pointer)


def procedure_flows(functions: dict[str, ir.FunctionDef],
                    callers: Iterable[ir.FunctionDef] = ()) -> dict[Key, set[str]]:
    """For each dummy procedure (and procedure pointer) of each procedure, the procedures of
    `functions` that may be bound to it; `callers` are more procedures whose calls count (the
    programs of a tree, which no other file calls)."""
    flows: dict[Key, set[str]] = {}
    edges: dict[Key, set[Key]] = {}  # a dummy -> the dummies passed to it

    def bind(dst: Key, f: ir.FunctionDef, src: str, own: set[str]) -> None:
        if src in own:
            edges.setdefault(dst, set()).add((f.name, src))
        elif src in functions:
            flows.setdefault(dst, set()).add(src)

    for f in (*functions.values(), *callers):
        own = {d.name for d in (*f.params, *f.locals) if isinstance(d.type, Procedure)}
        for n in walk(f):
            if isinstance(n, ir.Call | ir.CallStmt) and n.func in functions:
                for p, a in zip(functions[n.func].params, n.args, strict=False):
                    if isinstance(p.type, Procedure) and isinstance(a, ir.Name):
                        bind((n.func, p.name), f, a.id, own)
            elif isinstance(n, ir.Assign) and isinstance(n.target, ir.Name) \
                    and n.target.id in own and isinstance(n.value, ir.Name):
                bind((f.name, n.target.id), f, n.value.id, own)
    grown = True
    while grown:
        grown = False
        for dst, sources in edges.items():
            for src in sources:
                new = flows.get(src, set()) - flows.get(dst, set())
                if new:
                    flows.setdefault(dst, set()).update(new)
                    grown = True
    return flows


def shape(conv: Convention, f: ir.FunctionDef) -> tuple[object, ...]:
    """What a call site needs to know of a convention: which positions are passed and which
    come back."""
    passed = tuple(k for k, p in enumerate(f.params) if p.name in conv.params)
    return passed, tuple(sorted(conv.changed)), conv.has_result
