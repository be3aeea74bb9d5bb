"""Python frontend: small local lists of numbers.

A local name bound to `[c] * n` (or `n * [c]`), a list display `[e0, e1, ...]` or a
comprehension `[e for i in range(...)]` is a list: a 1-D array typed `Array(..., pylist=True)`
(`passes/lists.py` types it), whose elements are Python scalars (not NumPy's: `x[i] / 0.0`
raises ZeroDivisionError) and all of one type (`[1, 2.5]`, or storing an int into a list of
floats, is refused: Python keeps each element's own type). Used only as Python and an array
agree: `x[i]` (read or assigned), `len(x)`, `for v in x` (and in enumerate/zip), and binding
the name to another list; anything else (`x + y` concatenates, `x * 2` repeats, a slice copies,
`y = x` aliases, `x.append`, passing or returning it) is refused where it is written.
A comprehension's variable is its own (it does not leak, as in Python 3). `np.array(<list>)`
bound to a name or returned makes such a list, hidden, and copies it as a NumPy vector.
"""

from __future__ import annotations

import ast
import copy
from typing import Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Logical, Type

_RANGE_STEPS = "a comprehension over range() with a constant nonzero step"


def is_list_value(e: ast.expr) -> bool:
    """`[c] * n`, `n * [c]`, `[e0, ...]` or `[e for i in range(...)]`."""
    if isinstance(e, ast.List | ast.ListComp):
        return True
    return isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult) and (
        isinstance(e.left, ast.List) != isinstance(e.right, ast.List))


def list_names(f: ast.FunctionDef) -> set[str]:
    """The names that `f` binds to a list."""
    out: set[str] = set()
    for node in ast.walk(f):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None \
                and is_list_value(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            out |= {t.id for t in targets if isinstance(t, ast.Name)}
    return out


def check_list_uses(low: Any, f: ast.FunctionDef, names: set[str]) -> None:
    """Refuse every use of a list name that a NumPy array would not mean as the list does."""
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(f):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    for node in ast.walk(f):
        if isinstance(node, ast.Name) and node.id in names and not _fine(node, parents):
            raise low.unsupported(node, f"this use of the list '{node.id}' (lists are "
                                  "translated for x[i], len(x), for v in x, and x = [...])")


def _fine(node: ast.Name, parents: dict[int, ast.AST]) -> bool:
    parent = parents.get(id(node))
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return not isinstance(parent.slice, ast.Slice | ast.Tuple)
    if isinstance(node.ctx, ast.Store):
        return isinstance(parent, ast.Assign | ast.AnnAssign) and parent.value is not None \
            and is_list_value(parent.value)
    if isinstance(parent, ast.For | ast.comprehension) and parent.iter is node:
        return True
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and node in parent.args:
        grand = parents.get(id(parent))
        if parent.func.id == "len" and len(parent.args) == 1:
            return True
        return parent.func.id in ("enumerate", "zip", "product") and isinstance(
            grand, ast.For | ast.comprehension) and grand.iter is parent
    return False


def array_of_list(low: Any, value: ast.expr) -> tuple[list[ir.Stmt], ir.Expr] | None:
    """`np.array([e0, e1, ...])`, `np.array([f(i) for i in range(n)])` (`dtype=` too): the
    list made into a hidden local list, then copied as a NumPy vector of its element type
    (np.float64 for Python floats, np.int64 for ints); None where `value` is not one."""
    if not (isinstance(value, ast.Call) and low.canonical(value.func) in (
            "numpy.array", "numpy.asarray") and len(value.args) == 1
            and isinstance(value.args[0], ast.List | ast.ListComp)):
        return None
    lst = value.args[0]
    inner = lst.elts if isinstance(lst, ast.List) else [lst.elt]
    if any(isinstance(e, ast.List | ast.ListComp | ast.Tuple) for e in inner):
        raise low.unsupported(lst, "np.array of nested lists")
    cast = None
    for kw in value.keywords:
        if kw.arg != "dtype":
            raise low.unsupported(kw, f"keyword '{kw.arg}' of np.array")
        cast = low.dtype(kw.value)
    loc = low.loc(value)
    hidden = ast.copy_location(ast.Name(f"tp_list_{lst.lineno}_{lst.col_offset}",
                                        ast.Store()), lst)
    stmts = lower_list(low, hidden, lst, cast)
    # an empty comprehension is float64 in NumPy: its typing checks the element type
    name = "array_of" if isinstance(lst, ast.ListComp) and cast is None else "copy"
    copy_t = ir.Intrinsic(name, (ir.Name(hidden.id, loc=loc),),
                          type=Array(Logical(), None, "C"), origin="numpy", loc=loc)
    return stmts, copy_t


def lower_list(low: Any, target: ast.Name, value: ast.expr,
               cast: Type | None = None) -> list[ir.Stmt]:
    """`target = <list>` as the allocation of a list and the assignment of its elements
    (`cast`: each element converted to this NumPy type first, np.array's dtype=)."""
    loc = low.loc(value)
    x = ir.Name(target.id, loc=low.loc(target))
    if isinstance(value, ast.ListComp):
        return _comprehension(low, x, value, cast)
    if isinstance(value, ast.List):
        if not value.elts:
            raise low.unsupported(value, "an empty list (its element type is unknown)")
        elts = [_cast(low.expr(e), cast) for e in value.elts]
        out: list[ir.Stmt] = [ir.Assign(x, _alloc(ir.Const(len(elts), loc=loc), elts[0], None,
                                                  loc), loc=loc)]
        out += [ir.Assign(ir.Subscript(x, (ir.Const(k, loc=e.loc),), loc=e.loc), e, loc=e.loc)
                for k, e in enumerate(elts)]
        return out
    assert isinstance(value, ast.BinOp)
    lst, count = (value.left, value.right) if isinstance(value.left, ast.List) \
        else (value.right, value.left)
    assert isinstance(lst, ast.List)
    if len(lst.elts) != 1 or not isinstance(lst.elts[0], ast.Constant | ast.Name | ast.UnaryOp):
        raise low.unsupported(lst, "a repeated list other than [number] * n")
    fill = low.expr(lst.elts[0])
    n = ir.Intrinsic("max", (low.expr(count), ir.Const(0, loc=loc)), loc=loc)
    whole = ir.Subscript(x, (ir.Slice(None, None, None, loc=loc),), loc=loc)
    out = [ir.Assign(x, _alloc(n, fill, None, loc), loc=loc)]
    zero = isinstance(fill, ir.Const) and fill.value == 0 and not isinstance(fill.value, bool)
    return out if zero else [*out, ir.Assign(whole, fill, loc=loc)]  # zeros already


def _alloc(n: ir.Expr, sample: ir.Expr, var: ir.Name | None, loc: ir.SourceLoc) -> ir.Expr:
    """A list of `n` elements of `sample`'s type (`var`: the comprehension's variable, an
    integer, which `sample` may read)."""
    return ir.Intrinsic("pylist", (n, sample) if var is None else (n, sample, var), loc=loc)


def _cast(e: ir.Expr, cast: Type | None) -> ir.Expr:
    return e if cast is None else ir.Cast(e, type=cast, loc=e.loc)


def _comprehension(low: Any, x: ir.Name, e: ast.ListComp,
                   cast: Type | None = None) -> list[ir.Stmt]:
    loc = low.loc(e)
    if len(e.generators) != 1 or e.generators[0].ifs:
        return _counted_comprehension(low, x, e, cast)
    before, e = _over_indices(low, e)  # [f(v) for v in a]: over range(len(a))
    gen = e.generators[0]
    it = gen.iter
    if gen.is_async or not isinstance(gen.target, ast.Name) or not (
            isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range"
            and not it.keywords and 1 <= len(it.args) <= 3):
        raise low.unsupported(e, "list comprehension other than [e for i in range(...)]")
    hidden = f"c_{e.lineno}_{e.col_offset}"
    elt = _Rename(gen.target.id, hidden).visit(copy.deepcopy(e.elt))
    args = [low.expr(a) for a in it.args]
    start, stop, step = (ir.Const(0, loc=loc), args[0], ir.Const(1, loc=loc)) \
        if len(args) == 1 else (args[0], args[1], ir.Const(1, loc=loc)) if len(args) == 2 \
        else tuple(args)
    s = step.value if isinstance(step, ir.Const) else None
    if not isinstance(s, int) or isinstance(s, bool) or s == 0:
        raise low.unsupported(it, _RANGE_STEPS)
    count = _range_length(start, stop, s, loc)
    var = ir.Name(hidden, loc=loc)
    value = _cast(low.expr(elt), cast)
    k = ir.Name(f"k_{e.lineno}_{e.col_offset}", loc=loc)
    offset = _minus(var, start)
    index = ir.BinOp("//", offset, ir.Const(s, loc=loc), loc=loc) if s != 1 else offset
    body = (ir.Assign(k, index, loc=loc),
            ir.Assign(ir.Subscript(x, (k,), loc=loc), value, loc=loc))
    last = ir.BinOp("-" if s > 0 else "+", stop, ir.Const(1, loc=loc), loc=loc)
    return [*before, ir.Assign(x, _alloc(count, value, var, loc), loc=loc),
            ir.For(var, start, last, ir.Const(s, loc=loc), body, loc=loc)]


def _over_indices(low: Any, e: ast.ListComp) -> tuple[list[ir.Stmt], ast.ListComp]:
    """`[f(v) for v in a]`, `[f(i, v) for i, v in enumerate(a, start)]`, `[f(v, w) for v, w in
    zip(a, b)]` over arrays or lists: the comprehension over `range(len(a))` (the shortest for
    zip) reading `a[k]` for `v` and `k + start` for `i`. An iterable that is not a name is
    bound to a hidden one first (evaluated once, as Python's iter(): a section is a view)."""
    gen = e.generators[0]
    it, target = gen.iter, gen.target
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" \
            or gen.is_async:
        return [], e
    call = it.func.id if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) \
        and it.func.id in ("enumerate", "zip") and it.func.id not in low.functions else None
    start: ast.expr | None = None
    if call == "enumerate":
        assert isinstance(it, ast.Call)
        start = it.args[1] if len(it.args) == 2 else next(
            (kw.value for kw in it.keywords if kw.arg == "start"), None)
        if not (isinstance(target, ast.Tuple) and len(target.elts) == 2 and 1 <= len(it.args)
                and len(it.args) + len(it.keywords) <= 2 and all(
                    kw.arg == "start" for kw in it.keywords) and _constant_or_name(start)):
            return [], e
        index, names, iterables = target.elts[0], target.elts[1:], it.args[:1]
    elif call == "zip":
        assert isinstance(it, ast.Call)
        if it.keywords or not (isinstance(target, ast.Tuple)
                               and len(target.elts) == len(it.args) >= 1):
            return [], e
        index, names, iterables = None, target.elts, list(it.args)
    else:
        index, names, iterables = None, [target], [it]
    if not all(isinstance(n, ast.Name) for n in (*names, *([index] if index else []))):
        return [], e
    k = f"at_{e.lineno}_{e.col_offset}"  # renamed to the comprehension's hidden variable
    before: list[ir.Stmt] = []
    seqs: list[str] = []
    for j, a in enumerate(iterables):
        if isinstance(a, ast.Name):
            seqs.append(a.id)
            continue
        seqs.append(f"seq_{e.lineno}_{e.col_offset}_{j}")
        before.append(ir.Assign(ir.Name(seqs[-1], loc=low.loc(a)), low.expr(a), loc=low.loc(a)))
    where = {"lineno": e.lineno, "col_offset": e.col_offset}
    lens = [ast.Call(ast.Name("len", ast.Load(), **where), [ast.Name(s, ast.Load(), **where)],
                     [], **where) for s in seqs]
    n = lens[0] if len(lens) == 1 else ast.Call(ast.Name("min", ast.Load(), **where), lens, [],
                                                **where)
    elt = copy.deepcopy(e.elt)
    for name, seq in zip(names, seqs, strict=True):
        assert isinstance(name, ast.Name)
        item = ast.Subscript(ast.Name(seq, ast.Load(), **where), ast.Name(k, ast.Load(), **where),
                             ast.Load(), **where)
        elt = _Replace(name.id, item).visit(elt)
    if index is not None:
        assert isinstance(index, ast.Name)
        i = ast.Name(k, ast.Load(), **where)
        elt = _Replace(index.id, i if start is None else ast.BinOp(
            i, ast.Add(), copy.deepcopy(start), **where)).visit(elt)
    rng = ast.Call(ast.Name("range", ast.Load(), **where), [n], [], **where)
    gen = ast.comprehension(ast.Name(k, ast.Store(), **where), rng, [], 0)
    return before, ast.copy_location(ast.ListComp(elt, [gen]), e)


def _constant_or_name(e: ast.expr | None) -> bool:
    """An enumerate start read at each element: a constant or a name (a comprehension
    assigns no name of the function)."""
    return e is None or isinstance(e, ast.Constant | ast.Name) or (
        isinstance(e, ast.UnaryOp) and isinstance(e.operand, ast.Constant))


class _Replace(ast.NodeTransformer):
    """Each read of the name `old` replaced by a copy of the expression `new`."""

    def __init__(self, old: str, new: ast.expr) -> None:
        self.old, self.new = old, new

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id != self.old:
            return node
        return ast.copy_location(copy.deepcopy(self.new), node)


def _range_length(start: ir.Expr, stop: ir.Expr, step: int, loc: ir.SourceLoc) -> ir.Expr:
    """len(range(start, stop, step)): max(0, (stop - start + step - sign) // step)."""
    sign = 1 if step > 0 else -1
    span = _minus(stop, start)
    if step != 1:
        span = ir.BinOp("//", ir.BinOp("+", span, ir.Const(step - sign, loc=loc), loc=loc),
                        ir.Const(step, loc=loc), loc=loc)
    return ir.Intrinsic("max", (span, ir.Const(0, loc=loc)), loc=loc)


def _minus(a: ir.Expr, b: ir.Expr) -> ir.Expr:
    if isinstance(b, ir.Const) and b.value == 0:
        return a
    return ir.BinOp("-", a, b, loc=a.loc)


class _Rename(ast.NodeTransformer):
    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id != self.old:
            return node
        return ast.copy_location(ast.Name(self.new, node.ctx), node)


_PURE = ("range", "len", "enumerate", "zip", "abs", "min", "max")
_SAFE_NODES = (ast.Name, ast.Constant, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp,
               ast.expr_context, ast.unaryop, ast.boolop, ast.cmpop, ast.operator)


def _cannot_raise(e: ast.expr) -> bool:
    """Whether `e` raises for no values: no index, no division or remainder but by a nonzero
    constant, no power but by a constant natural exponent, no call but len, abs and range
    without a step or with a constant nonzero one."""
    for n in ast.walk(e):
        if isinstance(n, ast.BinOp):
            r = n.right
            if isinstance(n.op, ast.Div | ast.FloorDiv | ast.Mod) and not (
                    isinstance(r, ast.Constant) and type(r.value) in (int, float) and r.value):
                return False
            if isinstance(n.op, ast.Pow) and not (isinstance(r, ast.Constant)
                                                  and type(r.value) is int and r.value >= 0):
                return False
        elif isinstance(n, ast.Call):
            name = n.func.id if isinstance(n.func, ast.Name) else None
            step = n.args[2] if name == "range" and len(n.args) == 3 else None
            if name not in ("len", "abs", "range") or n.keywords or step is not None and not (
                    isinstance(step, ast.Constant) and type(step.value) is int and step.value):
                return False
        elif not isinstance(n, _SAFE_NODES):
            return False
    return True


def _counted_comprehension(low: Any, x: ir.Name, e: ast.ListComp,
                           cast: Type | None) -> list[ir.Stmt]:
    """`[f(i, j) for i in range(n) if c(i) for j in range(i)]`: its loops run twice, once to
    count the elements and once to store them into the list of that length. The iterables and
    conditions are evaluated in both runs: they may call no function but range, len,
    enumerate, zip, abs, min and max. The comprehension's variables are its own (renamed)."""
    kinds = "list comprehension with several for clauses" if len(e.generators) > 1 \
        else "list comprehension with an if clause"
    what = f"{kinds} whose iterables or conditions call a function, or into a dtype"
    parts = [n for g in e.generators for n in (g.iter, *g.ifs)]
    if cast is not None or any(g.is_async for g in e.generators) or any(
            isinstance(n, ast.NamedExpr | ast.Lambda | ast.Await) or isinstance(n, ast.Call)
            and not (isinstance(n.func, ast.Name) and n.func.id in _PURE
                     and n.func.id not in low.functions)
            for p in parts for n in ast.walk(p)):
        raise low.unsupported(e, what)
    if not (_cannot_raise(e.elt) or all(_cannot_raise(p) for p in parts)):
        raise low.unsupported(e, f"{kinds} where both the element and an iterable or "
                              "condition may raise (the count would raise first)")
    where = {"lineno": e.lineno, "col_offset": e.col_offset,
             "end_lineno": e.end_lineno, "end_col_offset": e.end_col_offset}
    gens = [copy.deepcopy(g) for g in e.generators]
    elt = copy.deepcopy(e.elt)
    for j, g in enumerate(gens):  # each variable renamed where it is visible
        for name in [n.id for n in ast.walk(g.target) if isinstance(n, ast.Name)]:
            rename = _Rename(name, f"cv_{e.lineno}_{e.col_offset}_{j}_{name}")
            g.target = rename.visit(g.target)
            g.ifs = [rename.visit(c) for c in g.ifs]
            shadowed = False
            for later in gens[j + 1:]:
                later.iter = rename.visit(later.iter)  # read before the later one binds
                if any(isinstance(n, ast.Name) and n.id == name
                       for n in ast.walk(later.target)):
                    shadowed = True  # bound again: what follows reads the later one
                    break
                later.ifs = [rename.visit(c) for c in later.ifs]
            if not shadowed:
                elt = rename.visit(elt)
    count, k = f"n_{e.lineno}_{e.col_offset}", f"k_{e.lineno}_{e.col_offset}"

    def name(n: str, ctx: ast.expr_context) -> ast.Name:
        return ast.Name(n, ctx, **where)

    def nest(body: list[ast.stmt]) -> ast.stmt:
        for j, g in reversed(list(enumerate(gens))):
            if g.ifs:
                test = g.ifs[0] if len(g.ifs) == 1 else ast.BoolOp(ast.And(), g.ifs, **where)
                body = [ast.If(test, body, [], **where)]
            spot = {**where, "col_offset": 1000 + 16 * e.col_offset + j}  # hidden names
            body = [ast.For(g.target, g.iter, body, [], **spot)]
        return body[0]

    def bump(n: str) -> ast.stmt:
        return ast.AugAssign(name(n, ast.Store()), ast.Add(), ast.Constant(1, **where), **where)

    zero = ast.Constant(0, **where)
    counting = low.block([ast.Assign([name(count, ast.Store())], zero, **where),
                          nest([bump(count)])])
    alloc = ir.Assign(x, _alloc(ir.Name(count, loc=x.loc), low.expr(elt), None, x.loc),
                      loc=x.loc)
    store = ast.Assign([ast.Subscript(name(x.id, ast.Load()), name(k, ast.Load()),
                                      ast.Store(), **where)], elt, **where)
    filling = low.block([ast.Assign([name(k, ast.Store())], copy.deepcopy(zero), **where),
                         nest([store, bump(k)])])
    return [*counting, alloc, *filling]

