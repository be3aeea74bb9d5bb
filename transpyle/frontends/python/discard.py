"""A call of a module function whose result the caller drops: `fill(r, a)` as a statement.

Fortran cannot CALL a function, so the result goes to an unused local (`unused_12_5`; a tuple's
elements to one each, through the tuple lowering), which keeps Python's order of effects: the call runs once, where written.
"""

from __future__ import annotations

import ast


def returns_value(f: ast.FunctionDef) -> bool:
    """Whether `f` has a `return <value>` of its own (not one of a nested def's)."""
    todo: list[ast.AST] = list(f.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Return) and node.value is not None \
                and not (isinstance(node.value, ast.Constant) and node.value.value is None):
            return True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        todo.extend(ast.iter_child_nodes(node))
    return False


def dropped_result(s: ast.stmt, valued: set[str]) -> ast.stmt:
    """`g(...)` as a statement, where g returns a value: `unused_L_C = g(...)`."""
    v = s.value if isinstance(s, ast.Expr) else None
    if not (isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id in valued):
        return s
    target = ast.copy_location(ast.Name(f"unused_{v.lineno}_{v.col_offset}", ast.Store()), v)
    return ast.copy_location(ast.Assign([target], v), s)
