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
    # calls through a dummy (`call pjac(..., f, jac)`): they pass procedures on to whatever
    # procedures reach that dummy, known as the flows grow
    indirect: list[tuple[ir.FunctionDef, str, tuple[ir.Expr, ...], set[str]]] = []

    def bind(dst: Key, f: ir.FunctionDef, src: str, own: set[str]) -> None:
        if src in own:
            edges.setdefault(dst, set()).add((f.name, src))
        elif src in functions:
            flows.setdefault(dst, set()).add(src)

    def bind_call(callee: str, f: ir.FunctionDef, args: tuple[ir.Expr, ...],
                  own: set[str]) -> None:
        for p, a in zip(functions[callee].params, args, strict=False):
            if isinstance(p.type, Procedure) and isinstance(a, ir.Name):
                bind((callee, p.name), f, a.id, own)

    for f in (*functions.values(), *callers):
        # its dummy procedures and pointers; a local EXTERNAL names a procedure of the tree
        own = {d.name for d in (*f.params, *f.locals) if isinstance(d.type, Procedure)
               and (d in f.params or d.name not in functions)}
        for n in walk(f):
            if isinstance(n, ir.Call | ir.CallStmt) and n.func in functions:
                bind_call(n.func, f, n.args, own)
            elif isinstance(n, ir.Call | ir.CallStmt) and n.func in own:
                indirect.append((f, n.func, n.args, own))
            elif isinstance(n, ir.Assign) and isinstance(n.target, ir.Name) \
                    and n.target.id in own and isinstance(n.value, ir.Name):
                bind((f.name, n.target.id), f, n.value.id, own)
    done: set[tuple[int, str]] = set()
    grown = True
    while grown:
        grown = False
        for dst, sources in edges.items():
            for src in sources:
                new = flows.get(src, set()) - flows.get(dst, set())
                if new:
                    flows.setdefault(dst, set()).update(new)
                    grown = True
        for k, (f, dummy, args, own) in enumerate(indirect):
            for callee in flows.get((f.name, dummy), set()) - {g for j, g in done if j == k}:
                done.add((k, callee))
                bind_call(callee, f, args, own)
                grown = True
    return flows


def shape(conv: Convention, f: ir.FunctionDef) -> tuple[object, ...]:
    """What a call site needs to know of a convention: which positions are passed and which
    come back."""
    passed = tuple(k for k, p in enumerate(f.params) if p.name in conv.params)
    return passed, tuple(sorted(conv.changed)), conv.has_result
