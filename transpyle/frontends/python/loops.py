"""Python frontend: `for` loops over arrays and lists, `enumerate` and `zip`.

`for v in a` becomes a counted loop over a hidden index, whose body starts by assigning
`v = a[k]`: Python's iterator reads `a[k]` at each step, so a write to a later element in the
body is seen, and `v` keeps the last element after the loop (assigning `v` in the body does not
change the iteration). `enumerate(a, start)` also assigns `i = k + start`; `zip(a, b, ...)`
runs to the shortest operand. A named iterable may not be rebound in the body (Python would
go on iterating the old object); another expression is bound to a hidden name first.
"""

from __future__ import annotations

import ast
from typing import Any

from transpyle.ir import nodes as ir

_WHAT = ("a for loop over anything but range(...), a named array or list, enumerate(...) "
         "or zip(...)")


def for_each(low: Any, s: ast.For) -> list[ir.Stmt]:
    """The loop `s` over an array, list, `enumerate` or `zip`; `low` is the function's lowering
    (its `expr`, `loc`, `unsupported`, `body_of`)."""
    loc = low.loc(s)
    it = s.iter
    k = ir.Name(f"k_{s.lineno}_{s.col_offset}", loc=loc)
    targets: list[ast.expr]
    if _is_call(it, "enumerate", low):
        assert isinstance(it, ast.Call)
        start = _enumerate_start(low, it, s)
        pair = isinstance(s.target, ast.Tuple) and len(s.target.elts) == 2
        if not 1 <= len(it.args) <= 2 or not pair:
            raise low.unsupported(it, "enumerate(...) other than `for i, v in enumerate(a)`")
        iterables, targets = [it.args[0]], [s.target.elts[1]]
        first = [_assign(low, s.target.elts[0], _plus(k, low.expr(start) if start else None))]
    elif _is_call(it, "zip", low):
        assert isinstance(it, ast.Call)
        if it.keywords or len(it.args) < 1:
            raise low.unsupported(it.keywords[0] if it.keywords else it, "zip(...) with "
                                  "keywords or without arguments")
        if not (isinstance(s.target, ast.Tuple) and len(s.target.elts) == len(it.args)):
            raise low.unsupported(s.target, "a zip(...) loop whose targets are not one name "
                                  "per zipped array")
        iterables, targets, first = list(it.args), list(s.target.elts), []
    else:
        iterables, targets, first = [it], [s.target], []
    before: list[ir.Stmt] = []
    arrays = [_iterable(low, a, s, before, j) for j, a in enumerate(iterables)]
    for t, a in zip(targets, arrays, strict=True):
        first.append(_assign(low, t, ir.Subscript(a, (k,), loc=loc)))
    sizes = [ir.Intrinsic("size", (a, ir.Const(0, loc=loc)), loc=loc) for a in arrays]
    n = sizes[0] if len(sizes) == 1 else ir.Intrinsic("min", tuple(sizes), loc=loc)
    last = ir.BinOp("-", n, ir.Const(1, loc=loc), loc=loc)
    body = low.body_of(s.body, s.end_lineno or s.lineno)
    return [*before, ir.For(k, ir.Const(0, loc=loc), last, ir.Const(1, loc=loc),
                            (*first, *body), loc=loc)]


def _is_call(e: ast.expr, name: str, low: Any) -> bool:
    return isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == name \
        and name not in low.functions


def _enumerate_start(low: Any, it: ast.Call, s: ast.For) -> ast.expr | None:
    """enumerate's start: a constant, or a name the body does not assign (it is read at each
    step; Python reads it once)."""
    start: ast.expr | None = it.args[1] if len(it.args) == 2 else None
    for kw in it.keywords:
        if kw.arg != "start" or start is not None:
            raise low.unsupported(kw, f"keyword '{kw.arg}' of enumerate")
        start = kw.value
    if start is None or isinstance(start, ast.Constant) or (
            isinstance(start, ast.UnaryOp) and isinstance(start.operand, ast.Constant)):
        return start
    if not isinstance(start, ast.Name) or _stores(s, start.id):
        raise low.unsupported(start, "an enumerate start other than a constant or a name "
                              "the loop does not assign")
    return start


def _stores(s: ast.For, name: str) -> ast.Name | None:
    """Where the loop (its targets or body) assigns `name`, if it does."""
    for node in ast.walk(ast.Module(body=[*s.body, ast.Expr(s.target)], type_ignores=[])):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            return node
    return None


def _iterable(low: Any, a: ast.expr, s: ast.For, before: list[ir.Stmt], j: int) -> ir.Name:
    """The array a loop iterates: a name, or a hidden one bound before the loop to another
    expression (evaluated once, as Python's iter(): a section is a view, `2 * a` a new
    array)."""
    if not isinstance(a, ast.Name):
        if isinstance(a, ast.Call) and isinstance(a.func, ast.Name) and a.func.id == "range":
            raise low.unsupported(a, _WHAT)
        tmp = ir.Name(f"seq_{s.lineno}_{s.col_offset}_{j}", loc=low.loc(a))
        before.append(ir.Assign(tmp, low.expr(a), loc=low.loc(a)))
        return tmp
    node = _stores(s, a.id)
    if node is not None:
        raise low.unsupported(node, f"rebinding '{a.id}' inside a loop over it (Python goes "
                              "on iterating the old object)")
    named = low.expr(a)
    assert isinstance(named, ir.Name)
    return named


def _assign(low: Any, target: ast.expr, value: ir.Expr) -> ir.Assign:
    if not isinstance(target, ast.Name):
        raise low.unsupported(target, "a loop target that is not a plain name")
    return ir.Assign(ir.Name(target.id, loc=low.loc(target)), value, loc=low.loc(target))


def _plus(k: ir.Name, start: ir.Expr | None) -> ir.Expr:
    if start is None:
        return k
    return ir.BinOp("+", k, start, loc=start.loc)
