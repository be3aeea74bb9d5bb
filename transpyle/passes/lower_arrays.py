"""Local arrays: `t = np.zeros((n, m))` becomes an allocation and a fill.

The allocation keeps the Python origin's 0-based bounds. A name allocated more than once is
freed first (`Deallocate` frees only what is allocated).
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir
from transpyle.ir.types import INT64, Array, Complex, Logical, Real, Scalar
from transpyle.ir.visitor import Transformer

_FILL = {"zeros": 0, "ones": 1}


class _LowerArrays(Transformer):
    def __init__(self) -> None:
        self.allocated: set[str] = set()

    def visit_Assign(self, s: ir.Assign) -> ir.Stmt | list[ir.Stmt]:
        v = s.value
        if not (isinstance(v, ir.Intrinsic) and v.name in ("zeros", "ones", "empty", "full")
                and isinstance(s.target, ir.Name)):
            return s
        assert isinstance(v.type, Array)
        name = s.target.id
        extents = v.args[1:] if v.name == "full" else v.args  # np.full: (value, *shape)
        dims = tuple(ir.Dim(ir.Const(0, type=INT64, loc=d.loc), _minus_one(d), loc=d.loc)
                     for d in extents)
        out: list[ir.Stmt] = []
        if name in self.allocated:
            out.append(ir.Deallocate(name, loc=s.loc))
        self.allocated.add(name)
        out.append(ir.Allocate(name, dims, loc=s.loc))
        if v.name in _FILL:
            fill = ir.Const(_cast_fill(_FILL[v.name], v.type.elem), type=v.type.elem, loc=s.loc)
            out.append(ir.Assign(s.target, fill, loc=s.loc))
        if v.name == "full":
            out.append(ir.Assign(s.target, v.args[0], loc=s.loc))
        return out


def _cast_fill(value: int, elem: Scalar) -> int | float | complex | bool:
    if isinstance(elem, Real):
        return float(value)
    if isinstance(elem, Complex):
        return complex(value)
    if isinstance(elem, Logical):
        return bool(value)
    return value


def _minus_one(d: ir.Expr) -> ir.Expr:
    if isinstance(d, ir.Const) and isinstance(d.value, int):
        return dataclasses.replace(d, value=d.value - 1)
    return ir.BinOp("-", d, ir.Const(1, type=d.type, loc=d.loc), type=d.type, loc=d.loc)


def lower_arrays(module: ir.Module) -> ir.Module:
    body = tuple(_LowerArrays().visit(f) if isinstance(f, ir.FunctionDef) else f
                 for f in module.body)
    return dataclasses.replace(module, body=body)
