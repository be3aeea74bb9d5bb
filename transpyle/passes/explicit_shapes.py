"""Explicit shapes: every array parameter gets its extents as integer parameters.

`x(0:x_n1 - 1)` rather than an assumed shape `x(0:)`: the compiler then knows the array is
contiguous (it vectorises), f2py fills the extents from the NumPy array by itself (they become
optional trailing arguments in Python), and the 0-based bounds of a Python-origin array read as
they do in the source. Calls between translated functions pass the extents along, and
`size(x, k)` of such a parameter reads its extent parameter: gfortran then knows the loop bound
equals the array's extent (and its stride), which it does not see through `size()` of an
explicit-shape array (a 3-loop matmul ran 1.2x slower with size() than with the extent).
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir
from transpyle.ir.types import INT64, Array
from transpyle.ir.visitor import Transformer


def extent_names(f: ir.FunctionDef) -> dict[str, list[str]]:
    """Parameter name -> its extent parameter names, in Fortran dimension order."""
    taken = {p.name for p in f.params} | {d.name for d in f.locals}
    out: dict[str, list[str]] = {}
    for p in f.params:
        if isinstance(p.type, Array) and p.shape is None and not p.allocatable:
            names = []
            for k in range(p.type.rank or 0):
                name = f"{p.name}_n{k + 1}"
                while name in taken:
                    name += "_"
                taken.add(name)
                names.append(name)
            out[p.name] = names
    return out


class _PassExtents(Transformer):
    def __init__(self, extents: dict[str, dict[str, list[str]]],
                 funcs: dict[str, ir.FunctionDef]) -> None:
        self.extents = extents
        self.funcs = funcs

    def _extra(self, func: str, args: tuple[ir.Expr, ...]) -> tuple[ir.Expr, ...]:
        extra: list[ir.Expr] = []
        if func not in self.funcs:  # a helper of the backend (passes/products.py)
            return args
        for arg, p in zip(args, self.funcs[func].params, strict=True):
            for k, _ in enumerate(self.extents[func].get(p.name, [])):
                extra.append(ir.Intrinsic("size", (arg, ir.Const(k, type=INT64, loc=arg.loc)),
                                          type=INT64, loc=arg.loc))
        return args + tuple(extra)

    def visit_Call(self, e: ir.Call) -> ir.Expr:
        e = self.rebuild(e)
        return dataclasses.replace(e, args=self._extra(e.func, e.args))

    def visit_CallStmt(self, s: ir.CallStmt) -> ir.Stmt:
        s = self.rebuild(s)
        return dataclasses.replace(s, args=self._extra(s.func, s.args))


class _UseExtents(Transformer):
    """size(x, k) -> x_n<k+1> for a parameter x with explicit extents (Fortran axis order)."""

    def __init__(self, extents: dict[str, list[str]]) -> None:
        self.extents = extents

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        e = self.rebuild(e)
        if e.name == "size" and len(e.args) == 2:
            array, axis = e.args
            names = self.extents.get(array.id, []) if isinstance(array, ir.Name) else []
            if isinstance(axis, ir.Const) and isinstance(axis.value, int) \
                    and 0 <= axis.value < len(names):
                return ir.Name(names[axis.value], type=INT64, loc=e.loc)
        return e


def explicit_shapes(module: ir.Module) -> ir.Module:
    funcs = module.functions()
    extents = {name: extent_names(f) for name, f in funcs.items()}
    body = []
    for item in module.body:
        if isinstance(item, ir.FunctionDef):
            item = _PassExtents(extents, funcs).visit(item)
            names = extents[item.name]
            item = _UseExtents(names).visit(item)
            dims: list[ir.VarDecl] = []
            params = []
            for p in item.params:
                if p.name in names:
                    shape = tuple(
                        ir.Dim(ir.Const(0, type=INT64, loc=p.loc),
                               ir.BinOp("-", ir.Name(n, type=INT64, loc=p.loc),
                                        ir.Const(1, type=INT64, loc=p.loc), type=INT64,
                                        loc=p.loc), loc=p.loc)
                        for n in names[p.name])
                    p = dataclasses.replace(p, shape=shape)
                    dims += [ir.VarDecl(n, INT64, intent="in", loc=p.loc)
                             for n in names[p.name]]
                params.append(p)
            item = dataclasses.replace(item, params=tuple(params) + tuple(dims))
        body.append(item)
    return dataclasses.replace(module, body=tuple(body))
