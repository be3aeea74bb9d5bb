"""Index-base shifting for 0-based targets (Python): IR -> IR.

A DO loop whose variable serves only as an index of 1-based (or any constant-based) arrays,
`do i = 1, n: a(i) = b(i + 1)`, runs over the shifted range instead, so that the target reads
`for i in range(n): a[i] = b[i + 1]` rather than `a[i - 1] = b[i]`. It applies when every use
of the variable in the loop is an index `i`, `i + c` or `i - c` into a dimension with the same
constant lower bound, the loop does not assign it, and nothing after the loop reads it.
The meaning is unchanged: the loop body sees the same elements in the same order.
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array
from transpyle.ir.visitor import Transformer, walk


def lower_bounds(f: ir.FunctionDef) -> dict[str, tuple[int | None, ...]]:
    """Constant lower bounds per array dimension (None where not a constant)."""
    out: dict[str, tuple[int | None, ...]] = {}
    for d in (*f.params, *f.locals):
        if not isinstance(d.type, Array) or d.type.rank is None:
            continue
        default = d.type.lower_bounds()
        if d.shape is None:
            out[d.name] = tuple(default) if not d.allocatable else (None,) * d.type.rank
            continue
        out[d.name] = tuple(
            default[k] if x.lower is None else x.lower.value
            if isinstance(x.lower, ir.Const) and isinstance(x.lower.value, int) else None
            for k, x in enumerate(d.shape))
    return out


def _offset(e: ir.Expr, var: str) -> int | None:
    """c where e is `var`, `var + c` or `var - c`; None otherwise."""
    if isinstance(e, ir.Name) and e.id == var:
        return 0
    if isinstance(e, ir.BinOp) and e.op in ("+", "-") and isinstance(e.right, ir.Const) \
            and isinstance(e.right.value, int) and not isinstance(e.right.value, bool):
        inner = _offset(e.left, var)
        if inner is not None:
            return inner + (e.right.value if e.op == "+" else -e.right.value)
    return None


def _index_base(body: tuple[ir.Stmt, ...], var: str,
                bounds: dict[str, tuple[int | None, ...]]) -> int | None:
    """The common lower bound of every dimension `var` indexes, if that is all it does."""
    uses = sum(1 for s in body for n in walk(s) if isinstance(n, ir.Name) and n.id == var)
    base: set[int | None] = set()
    seen = 0
    for s in body:
        for n in walk(s):
            if isinstance(n, ir.For) and n.var.id == var:
                return None
            if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name) \
                    and n.target.id == var:
                return None
            if not isinstance(n, ir.Subscript) or not isinstance(n.value, ir.Name):
                continue
            lows = bounds.get(n.value.id)
            for k, index in enumerate(n.indices):
                if _offset(index, var) is None:
                    continue
                if lows is None or k >= len(lows):
                    return None
                base.add(lows[k])
                seen += 1
    if uses == 0:  # a counter the body never reads: count from 0, as Python does
        return 1
    if seen != uses or len(base) != 1:
        return None
    (b,) = base
    return b if b else None


class _Shift(Transformer):
    def __init__(self, var: str, by: int) -> None:
        self.var, self.by = var, by

    def visit_Subscript(self, e: ir.Subscript) -> ir.Subscript:
        indices = tuple(self.shift(i) for i in e.indices)
        # a substring of an element, w(i)(1:2): the element's subscript is shifted too
        return dataclasses.replace(e, value=self.visit(e.value), indices=indices)

    def shift(self, e: ir.Expr) -> ir.Expr:
        c = _offset(e, self.var)
        if c is None:
            return self.visit(e)
        name = ir.Name(self.var, type=e.type, loc=e.loc)
        total = c + self.by
        if total == 0:
            return name
        return ir.BinOp("+" if total > 0 else "-", name, ir.Const(abs(total), type=e.type,
                                                                  loc=e.loc),
                        type=e.type, loc=e.loc)


def _minus(e: ir.Expr, k: int) -> ir.Expr:
    if isinstance(e, ir.Const) and isinstance(e.value, int):
        return dataclasses.replace(e, value=e.value - k)
    c = _offset_const(e)
    if c is not None:
        base, value = c
        total = value - k
        if total == 0:
            return base
        return ir.BinOp("+" if total > 0 else "-", base,
                        ir.Const(abs(total), type=e.type, loc=e.loc), type=e.type, loc=e.loc)
    return ir.BinOp("-", e, ir.Const(k, type=e.type, loc=e.loc), type=e.type, loc=e.loc)


def _offset_const(e: ir.Expr) -> tuple[ir.Expr, int] | None:
    if isinstance(e, ir.BinOp) and e.op in ("+", "-") and isinstance(e.right, ir.Const) \
            and isinstance(e.right.value, int) and not isinstance(e.right.value, bool):
        return e.left, e.right.value if e.op == "+" else -e.right.value
    return None


def _reads(body: tuple[ir.Stmt, ...], var: str) -> bool:
    return any(isinstance(n, ir.Name) and n.id == var for s in body for n in walk(s))


def shift_indices(f: ir.FunctionDef, keep: set[int]) -> ir.FunctionDef:
    """`f` with its index-only loops shifted to 0-based ranges; `keep`: the loops (by `id`)
    whose variable is read after them (left alone)."""
    bounds = lower_bounds(f)

    class Loops(Transformer):
        def visit_For(self, s: ir.For) -> ir.For:
            kept = id(s) in keep
            s = self.rebuild(s)
            if kept or s.var.id in bounds:
                return s
            base = _index_base(s.body, s.var.id, bounds)
            if base is None or (base == 1 and not _reads(s.body, s.var.id)
                                and not (isinstance(s.start, ir.Const) and s.start.value == 1)):
                return s
            body = tuple(_Shift(s.var.id, base).visit(x) for x in s.body)
            return dataclasses.replace(s, start=_minus(s.start, base), stop=_minus(s.stop, base),
                                       body=body)

    return Loops().visit(f)
