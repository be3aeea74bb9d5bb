"""Local tuples of numbers indexed by a variable: `ai = (1, 4, 5)` ... `ai[i]`, `for a in ai`.

The tuple lowering (tuples.py) keeps a tuple as one scalar per element, which takes constant
indices only. A local bound only to tuple displays of scalars, read only as `t[i]`, `len(t)`
or `for v in t` (in enumerate/zip too), and indexed by something other than a constant or
iterated, means the same as the list display with those elements: it becomes one (lists.py:
one type for every element, else refused; `t[k]` out of range raises IndexError as both do).
"""

from __future__ import annotations

import ast


def _display(e: ast.expr | None) -> bool:
    return isinstance(e, ast.Tuple) and bool(e.elts) and not any(
        isinstance(x, ast.Starred | ast.Tuple | ast.List | ast.Dict | ast.Set) for x in e.elts)


def _bindings(f: ast.FunctionDef) -> dict[str, list[ast.AST]]:
    out: dict[str, list[ast.AST]] = {}
    for node in ast.walk(f):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            out.setdefault(node.id, []).append(node)
    for a in ast.walk(f.args):
        if isinstance(a, ast.arg):
            out.setdefault(a.arg, []).append(a)
    return out


def tuples_as_lists(f: ast.FunctionDef) -> None:
    """Rewrite, in place, the tuple displays of `f` that mean lists (see the docstring)."""
    parents = {c: p for p in ast.walk(f) for c in ast.iter_child_nodes(p)}
    candidates: dict[str, list[ast.Tuple]] = {}
    for name, stores in _bindings(f).items():
        values = []
        for s in stores:
            p = parents.get(s)
            if not (isinstance(p, ast.Assign) and p.targets == [s] and _display(p.value)):
                break
            values.append(p.value)
        else:
            candidates[name] = values  # type: ignore[assignment]
    for name, values in candidates.items():
        needed, fits = False, True
        for n in ast.walk(f):
            if not (isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)):
                continue
            p = parents.get(n)
            if isinstance(p, ast.Subscript) and p.value is n and isinstance(p.ctx, ast.Load) \
                    and not isinstance(p.slice, ast.Slice | ast.Tuple):
                needed |= not _constant_index(p.slice)
            elif isinstance(p, ast.For) and p.iter is n:
                needed = True
            elif isinstance(p, ast.Call) and isinstance(p.func, ast.Name) and p.args == [n] \
                    and p.func.id == "len" and not p.keywords:
                pass
            elif isinstance(p, ast.Call) and isinstance(p.func, ast.Name) \
                    and p.func.id in ("enumerate", "zip") and isinstance(parents.get(p), ast.For) \
                    and parents[p].iter is p:  # type: ignore[attr-defined]
                needed = True
            else:
                fits = False
                break
        if needed and fits:
            for t in values:
                p = parents[t]
                p.value = ast.copy_location(ast.List(t.elts, ast.Load()), t)  # type: ignore[attr-defined]


def _constant_index(e: ast.expr) -> bool:
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        e = e.operand
    return isinstance(e, ast.Constant) and isinstance(e.value, int)
