"""Constant extents: a specialisation's small contiguous extents become named constants.

`@transpile` specialises on the extent of an array's contiguous axis when it is small (the 3 of
an `n x 3` array of coordinates, the 4 of RGBA pixels). After `explicit_shapes` that extent is an
argument, `pos_n1`; here it becomes `integer(8), parameter :: pos_n1 = 3`, so gfortran knows that
`pos(0:2, j)` are three adjacent values and vectorises a loop over `j` with loads and shuffles
rather than strided gathers (pairwise n-body forces ran 2.2x faster this way).

Only the entry function is specialised, and only when no function of the module calls it: a
call from inside could pass arrays of another extent. Only extents of one value become
constants (the most frequent, the largest on a tie): `x[:, i] - y[:, j]` with x's extent the
constant 3 and y's the constant 2 is an error at gfortran's compile time, where NumPy raises
ValueError at the call, and the shape check before it could not run.
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir
from transpyle.ir.types import INT64
from transpyle.ir.visitor import walk
from transpyle.passes.explicit_shapes import extent_names


def contiguous_extent_names(f: ir.FunctionDef) -> dict[str, str]:
    """Array parameter -> the name `explicit_shapes` gives the extent of its contiguous axis.

    `f` is laid out for Fortran (every array F-order), so the contiguous axis is the first."""
    return {p: names[0] for p, names in extent_names(f).items() if names}


def constant_extents(module: ir.Module, func: str, extents: dict[str, int]) -> ir.Module:
    """Make the extent parameters named in `extents` (name -> value) constants of `func`."""
    if extents:
        counts = [(list(extents.values()).count(v), v) for v in extents.values()]
        value = max(counts)[1]
        extents = {name: v for name, v in extents.items() if v == value}
    if not extents or any(isinstance(n, ir.Call | ir.CallStmt) and n.func == func
                          for n in walk(module)):
        return module
    body = []
    for item in module.body:
        if isinstance(item, ir.FunctionDef) and item.name == func:
            consts = tuple(ir.VarDecl(p.name, INT64, init=ir.Const(extents[p.name], type=INT64,
                                                                   loc=p.loc),
                                      constant=True, loc=p.loc)
                           for p in item.params if p.name in extents)
            params = tuple(p for p in item.params if p.name not in extents)
            item = dataclasses.replace(item, params=params, locals=consts + item.locals)
        body.append(item)
    return dataclasses.replace(module, body=tuple(body))


def small_extent(shape: tuple[int, ...], f_order: bool, limit: int) -> int:
    """The extent of the contiguous axis of an array of rank >= 2 if it is at most `limit`,
    else 0 (not specialised)."""
    if len(shape) < 2:
        return 0
    n = shape[0] if f_order else shape[-1]
    return n if 0 < n <= limit else 0

