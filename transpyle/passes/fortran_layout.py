"""Fortran layout: C-order arrays become Fortran-order arrays with their dimensions reversed.

A C-order NumPy array of shape (n, m) is, byte for byte, a Fortran array of shape (m, n): so
`a[i, j]` becomes `a(j, i)` and the runtime passes `a.T`, a view, never a copy. After this pass
every array is F-order, and subscripts, `size` axes, shapes and allocations are in Fortran's
dimension order. The JIT keeps the pre-pass signature to know which arguments to transpose.
"""

from __future__ import annotations

import dataclasses

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Type
from transpyle.ir.visitor import Transformer


def _flip(t: Type | None) -> Type | None:
    if isinstance(t, Array) and t.order == "C":
        lower = tuple(reversed(t.lower)) if t.lower else None
        return dataclasses.replace(t, order="F", lower=lower)
    return t


class _Layout(Transformer):
    def __init__(self, c_arrays: set[str]) -> None:
        self.c_arrays = c_arrays

    def generic_visit(self, node: ir.Node) -> ir.Node:
        if isinstance(node, ir.BinOp) and isinstance(node.type, Array) \
                and (node.type.rank or 0) > 1:
            self._check_mixed(node)
        node = self.rebuild(node)
        if isinstance(node, ir.Expr) and isinstance(node.type, Array):
            node = dataclasses.replace(node, type=_flip(node.type))
        return node

    def _check_mixed(self, node: ir.BinOp) -> None:
        orders = {getattr(x.type, "order", None) for x in (node.left, node.right)}
        if orders >= {"C", "F"}:
            raise TranspileError(node.loc, "mixing C-order and F-order arrays of rank 2 "
                                 "or more in one expression is not supported",
                                 "use arrays of one memory order")

    def visit_Subscript(self, e: ir.Subscript) -> ir.Expr:
        e = self.rebuild(e)
        if isinstance(e.value, ir.Name) and e.value.id in self.c_arrays:
            e = dataclasses.replace(e, indices=tuple(reversed(e.indices)))
        return dataclasses.replace(e, type=_flip(e.type))

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        e = self.rebuild(e)
        if e.name == "np_spread":  # NumPy's new axis k (passes/broadcast.py): Fortran's SPREAD
            x, axis, n, _ = e.args
            t = e.type
            assert isinstance(t, Array) and isinstance(axis, ir.Const) and t.rank is not None
            dim = t.rank - axis.value if t.order == "C" else axis.value + 1
            e = ir.Intrinsic("np_spread", (x, ir.Const(dim, type=axis.type, loc=axis.loc), n),
                             type=t, loc=e.loc)
        if e.name == "size" and len(e.args) == 2:
            arr, axis = e.args
            if isinstance(arr, ir.Name) and arr.id in self.c_arrays:
                # typed by infer_calls: a ranked array and a constant integer axis
                assert isinstance(arr.type, Array) and arr.type.rank is not None
                assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
                axis = dataclasses.replace(axis, value=arr.type.rank - 1 - axis.value)
                e = dataclasses.replace(e, args=(arr, axis))
        return dataclasses.replace(e, type=_flip(e.type))

    def visit_Allocate(self, s: ir.Allocate) -> ir.Stmt:
        s = self.rebuild(s)
        if s.name in self.c_arrays:
            s = dataclasses.replace(s, shape=tuple(reversed(s.shape)))
        return s

    def visit_VarDecl(self, d: ir.VarDecl) -> ir.VarDecl:
        d = self.rebuild(d)
        if d.name in self.c_arrays and d.shape is not None:
            d = dataclasses.replace(d, shape=tuple(reversed(d.shape)))
        return dataclasses.replace(d, type=_flip(d.type))


def fortran_layout(module: ir.Module) -> ir.Module:
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef):
            decls = (*f.params, *f.locals)
            c_arrays = {d.name for d in decls
                        if isinstance(d.type, Array) and d.type.order == "C"}
            f = _Layout(c_arrays).visit(f)
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))
