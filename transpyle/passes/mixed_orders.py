"""Whole-array assignments that mix C- and F-ordered arrays become loops over the elements.

`fortran_layout` reverses the dimensions of C-order arrays (`a[i, j]` is `a(j, i)`), so an
array expression of a C-order and an F-order matrix has operands whose Fortran shapes are
transposed: `c[:, :] = a + b` cannot stay one Fortran array expression. Here, before the
layout, such an assignment (to a whole array, of an elemental expression of whole arrays and
scalars) becomes nested counted loops that assign `c[i0, i1] = a[i0, i1] + b[i0, i1]`; the
layout then reverses each array's own subscripts. NumPy's shape checks are already in place
(`safety/shapes.py`). Anything else that mixes orders is refused by `fortran_layout`.
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import INTRINSICS
from transpyle.ir.types import INT64, Array
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.checked.helpers import helper


def _orders(e: ir.Expr) -> set[str]:
    return {n.type.order for n in walk(e) if isinstance(n, ir.Name | ir.Subscript)
            and isinstance(n.type, Array) and (n.type.rank or 0) > 1}


def _whole(e: ir.Expr) -> bool:
    """A whole array: a name, `x[...]`, or `x[:, :]`."""
    if isinstance(e, ir.Name):
        return True
    return isinstance(e, ir.Subscript) and isinstance(e.value, ir.Name) and all(
        isinstance(i, ir.Slice) and i.lower is None and i.upper is None
        and (i.step is None or (isinstance(i.step, ir.Const) and i.step.value == 1))
        for i in e.indices)


def _elemental_helper(name: str) -> bool:
    """One of checked/'s elemental helpers (NumPy's operations element by element)."""
    if not name.startswith("tp_"):
        return False
    try:
        return helper(name).elemental
    except (KeyError, IndexError, ValueError):
        return False


class _Scalarise(Transformer):
    """An array expression at the element `index` (None where it cannot be one)."""

    def __init__(self, index: tuple[ir.Name, ...]) -> None:
        self.index = index
        self.ok = True

    def element(self, e: ir.Expr) -> ir.Expr:
        base = e if isinstance(e, ir.Name) else e.value  # type: ignore[attr-defined]
        t = e.type
        assert isinstance(t, Array)
        return ir.Subscript(base, self.index[:t.rank], type=t.elem, loc=e.loc)

    def visit(self, node):  # type: ignore[no-untyped-def]
        if not isinstance(node, ir.Expr) or not isinstance(node.type, Array):
            return node
        if isinstance(node, ir.Name | ir.Subscript):
            if not _whole(node) or node.type.rank != len(self.index):
                self.ok = False
                return node
            return self.element(node)
        if isinstance(node, ir.Intrinsic) and not (node.name in INTRINSICS
                                                   and INTRINSICS[node.name].elemental):
            self.ok = False
            return node
        if isinstance(node, ir.Call) and not _elemental_helper(node.func):
            self.ok = False
            return node
        if not isinstance(node, ir.BinOp | ir.UnaryOp | ir.Cast | ir.Intrinsic | ir.Compare
                          | ir.IfExp | ir.Call):
            self.ok = False
            return node
        node = self.rebuild(node)
        return dataclasses.replace(node, type=node.type.elem)  # type: ignore[union-attr]


class _Loops(Transformer):
    def __init__(self, f: ir.FunctionDef) -> None:
        self.taken = {p.name for p in f.params} | {d.name for d in f.locals}
        self.new: list[ir.VarDecl] = []

    def visit_Assign(self, s: ir.Assign) -> ir.Stmt:
        t = s.target.type
        if not (isinstance(t, Array) and (t.rank or 0) > 1 and isinstance(s.value.type, Array)
                and len(_orders(s.value) | {t.order}) > 1 and _whole(s.target)):
            return s
        index = tuple(self.counter(s.loc, k) for k in range(t.rank))  # type: ignore[arg-type]
        scalar = _Scalarise(index)
        value = scalar.visit(s.value)
        if not scalar.ok:
            return s  # fortran_layout refuses it, located
        base = s.target if isinstance(s.target, ir.Name) else s.target.value  # type: ignore[attr-defined]
        body: ir.Stmt = ir.Assign(ir.Subscript(base, index, type=t.elem, loc=s.loc), value,
                                  loc=s.loc)
        for k in reversed(range(t.rank)):  # type: ignore[arg-type]
            size = ir.Intrinsic("size", (base, ir.Const(k, type=INT64, loc=s.loc)), type=INT64,
                                loc=s.loc)
            last = ir.BinOp("-", size, ir.Const(1, type=INT64, loc=s.loc), type=INT64,
                            loc=s.loc)
            body = ir.For(index[k], ir.Const(0, type=INT64, loc=s.loc), last,
                          ir.Const(1, type=INT64, loc=s.loc), (body,), loc=s.loc)
        return body

    def counter(self, loc: ir.SourceLoc, k: int) -> ir.Name:
        name = f"i{k}_{loc.line}"
        while name in self.taken:
            name += "_"
        self.taken.add(name)
        self.new.append(ir.VarDecl(name, INT64, loc=loc))
        return ir.Name(name, type=INT64, loc=loc)


def mixed_orders(module: ir.Module) -> ir.Module:
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None:
            loops = _Loops(f)
            f = loops.visit(f)
            if loops.new:
                f = dataclasses.replace(f, locals=(*f.locals, *loops.new))
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))
