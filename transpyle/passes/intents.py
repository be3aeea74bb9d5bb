"""Intent inference: which parameters a function writes.

An array parameter that is written (element, slice or whole-array assignment, or passed to a
callee that writes it) is `inout`: the caller sees the update, as in Python. Otherwise `in`.
A scalar parameter that is assigned is passed by value: in Python the caller's variable never
changes, so the translation must not change it either.
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array
from transpyle.ir.visitor import walk
from transpyle.passes.callgraph import call_order


def written_names(f: ir.FunctionDef, funcs: dict[str, ir.FunctionDef]) -> set[str]:
    out: set[str] = set()
    for node in walk(f):
        if isinstance(node, ir.Assign):
            target = node.target
            while isinstance(target, ir.Subscript | ir.Field):  # a[i], p%x: write a, p
                target = target.value
            assert isinstance(target, ir.Name)
            out.add(target.id)
        elif isinstance(node, ir.For):
            out.add(node.var.id)
        elif isinstance(node, ir.Call | ir.CallStmt) and node.func in funcs:
            for arg, param in zip(node.args, funcs[node.func].params, strict=False):
                if isinstance(arg, ir.Subscript) and isinstance(arg.type, Array):
                    arg = arg.value  # a section: its array is written
                if isinstance(arg, ir.Name) and param.intent in ("out", "inout"):
                    out.add(arg.id)
    return out


def infer_intents(module: ir.Module) -> ir.Module:
    funcs = module.functions()
    order, _ = call_order(module)
    changed = True
    while changed:  # a fixed point, for mutually recursive functions
        changed = False
        for name in order:
            f = funcs[name]
            written = written_names(f, funcs)
            params = tuple(_with_intent(p, p.name in written) for p in f.params)
            if params != f.params:
                funcs[name] = dataclasses.replace(f, params=params)
                changed = True
    body = tuple(funcs[n.name] if isinstance(n, ir.FunctionDef) else n for n in module.body)
    return dataclasses.replace(module, body=body)


def _with_intent(p: ir.VarDecl, written: bool) -> ir.VarDecl:
    if p.intent == "out":  # a returned tuple's element (passes/tuples.py)
        return p
    if isinstance(p.type, Array):
        return dataclasses.replace(p, intent="inout" if written else "in")
    if written:
        return dataclasses.replace(p, intent=None, value=True)
    return dataclasses.replace(p, intent="in")
