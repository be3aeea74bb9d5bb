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
import copy
from typing import Any

from transpyle.ir import nodes as ir

_WHAT = ("a for loop over anything but range(...), a named array or list, enumerate(...) "
         "or zip(...)")


def for_each(low: Any, s: ast.For) -> list[ir.Stmt]:
    """The loop `s` over an array, list, `enumerate` or `zip`; `low` is the function's lowering
    (its `expr`, `loc`, `unsupported`, `body_of`)."""
    if isinstance(s.iter, ast.Call) and low.canonical(s.iter.func) == "itertools.product":
        return list(low.block([_product_loops(low, s)]))
    s = _unpacked_target(low, s)  # for v in enumerate(a): v[0], v[1]
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


def _product_loops(low: Any, s: ast.For) -> ast.For:
    """`for i, j in itertools.product(x, y)`: `for i in x: for j in y:`. The same while each
    iterable is a name or a range of names and constants that the body assigns nowhere (product
    reads them once, the inner loop at each outer step), the body does not break (it would
    leave the inner loop only), and the targets are read nowhere after the loop (an empty
    inner iterable leaves them unbound in Python)."""
    it = s.iter
    assert isinstance(it, ast.Call)
    targets = s.target.elts if isinstance(s.target, ast.Tuple) else []
    stored = {n.id for n in ast.walk(ast.Module(body=s.body, type_ignores=[]))
              if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    names = [n.id for a in it.args for n in ast.walk(a) if isinstance(n, ast.Name)
             and not (isinstance(a, ast.Call) and n is a.func)]
    plain = all(isinstance(a, ast.Name) or isinstance(a, ast.Call) and isinstance(
        a.func, ast.Name) and a.func.id == "range" and not a.keywords and all(
        isinstance(b, ast.Name | ast.Constant) for b in a.args) for a in it.args)
    breaks = any(isinstance(n, ast.Break) for b in s.body for n in _same_loop(b))
    own = {t.id for t in targets if isinstance(t, ast.Name)}
    seen = sum(isinstance(n, ast.Name) and n.id in own for n in _outside_comprehensions(
        low.node, own))
    inside = sum(isinstance(n, ast.Name) and n.id in own for n in _outside_comprehensions(
        s, own))
    if it.keywords or not it.args or len(targets) != len(it.args) or not plain or s.orelse \
            or not all(isinstance(t, ast.Name) for t in targets) or breaks \
            or stored & set(names) or seen != inside:
        raise low.unsupported(it, "itertools.product(...) other than of names or ranges the "
                              "loop does not assign, one target name each, no break, the "
                              "targets unread after the loop")
    body: list[ast.stmt] = s.body
    for j in range(len(targets) - 1, -1, -1):
        loop = ast.For(targets[j], it.args[j], body, [], lineno=s.lineno,
                       col_offset=s.col_offset + 1000 * j, end_lineno=s.end_lineno,
                       end_col_offset=s.end_col_offset)
        body = [loop]
    return loop


def _outside_comprehensions(node: ast.AST, names: set[str]) -> list[ast.AST]:
    """The nodes of `node` but those of comprehensions binding one of `names` (their own)."""
    out: list[ast.AST] = [node]
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) \
                and any(isinstance(n, ast.Name) and n.id in names
                        for g in child.generators for n in ast.walk(g.target)):
            continue
        out += _outside_comprehensions(child, names)
    return out


def _same_loop(node: ast.AST) -> list[ast.AST]:
    """The nodes of `node` outside nested loops and functions (a break there is this loop's)."""
    out: list[ast.AST] = [node]
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.For | ast.While | ast.FunctionDef | ast.Lambda):
            out += _same_loop(child)
    return out


def _unpacked_target(low: Any, s: ast.For) -> ast.For:
    """`for v in enumerate(a)` (or zip) whose body reads `v` only as `v[0]`, `v[1]`, ... with
    constant indices, assigns it nowhere, and whose function reads it nowhere else: the loop
    `for v_0, v_1 in ...` with each `v[c]` its element (Python's tuple is never seen whole)."""
    it, v = s.iter, s.target
    if not isinstance(v, ast.Name) or not isinstance(it, ast.Call):
        return s
    arity = 2 if _is_call(it, "enumerate", low) else len(it.args) if _is_call(it, "zip", low) \
        and it.args and not it.keywords else 0
    reads = [n for n in ast.walk(ast.Module(body=s.body, type_ignores=[]))
             if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)
             and n.value.id == v.id]
    indices = [_constant_index(n.slice, arity) for n in reads]
    uses = sum(isinstance(n, ast.Name) and n.id == v.id for n in ast.walk(low.node))
    if not arity or None in indices or uses != len(reads) + 1 \
            or any(isinstance(n.ctx, ast.Store | ast.Del) for n in reads):
        return s
    names = [low._fresh(f"{v.id}_") for _ in range(arity)]

    class Elements(ast.NodeTransformer):
        def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
            if isinstance(node.value, ast.Name) and node.value.id == v.id:
                k = _constant_index(node.slice, arity)
                assert k is not None
                return ast.copy_location(ast.Name(names[k], ast.Load()), node)
            return self.generic_visit(node)

    body = [Elements().visit(copy.deepcopy(b)) for b in s.body]
    target = ast.copy_location(ast.Tuple(
        [ast.copy_location(ast.Name(n, ast.Store()), v) for n in names], ast.Store()), v)
    return ast.copy_location(ast.For(target, it, body, s.orelse, s.type_comment), s)


def _constant_index(e: ast.expr, arity: int) -> int | None:
    """A constant index of a tuple of `arity` elements, from the end if negative, in range."""
    negative = isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub)
    c = e.operand if negative else e  # type: ignore[attr-defined]
    if not (isinstance(c, ast.Constant) and type(c.value) is int):
        return None
    k = -c.value if negative else c.value
    k = k + arity if k < 0 else k
    return k if 0 <= k < arity else None


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
