"""The call graph of a module: an order in which callees come before callers, and which
functions are recursive (on a cycle, or calling themselves)."""

from __future__ import annotations

from transpyle.ir import nodes as ir
from transpyle.ir.visitor import walk


def callees(f: ir.FunctionDef) -> set[str]:
    return {n.func for n in walk(f) if isinstance(n, ir.Call | ir.CallStmt)}


def call_order(module: ir.Module) -> tuple[list[str], set[str]]:
    funcs = module.functions()
    graph = {name: callees(f) & funcs.keys() for name, f in funcs.items()}
    order: list[str] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    recursive: set[str] = set()
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for callee in sorted(graph[name]):
            if state.get(callee) == 1:
                recursive.update(stack[stack.index(callee):])
            elif callee not in state:
                visit(callee)
        stack.pop()
        state[name] = 2
        order.append(name)

    for name in funcs:
        if name not in state:
            visit(name)
    return order, recursive
