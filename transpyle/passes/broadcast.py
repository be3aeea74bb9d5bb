"""NumPy's broadcasting of arrays of different ranks, and of new axes (issue 14), at typing.

An operand of lower rank gains leading axes: `a + v` of a matrix and a vector is
`a + spread(v, 0, n)`, the vector repeated along a new axis 0 of the matrix's extent
(`np_spread(x, axis, n)` in Python's axis order; `fortran_layout.py` makes it Fortran's
SPREAD). A new axis of length 1 (`x[:, None]`, `x[np.newaxis, :]`, `x.reshape(-1, 1)` of a
vector: `expand_dims`) is stretched to the other operand's extent the same way, so
`u[:, None] * v[None, :]` is the outer product. An assignment broadcasts its value to the
target's shape (`z[:, :, 0] = x`). The extents that must agree are compared at run time by
`safety/shapes.py` as NumPy does (ValueError); a length-1 extent known only at run time is not
stretched (the documented row). An operand whose shape is not known before it is computed is
refused where written.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import INT64, Array


def _shape(e: ir.Expr) -> tuple[ir.Expr, ...] | None:
    from transpyle.passes.safety.shapes import _Checks

    return _Checks(e.loc).expr(e)


def _one(d: ir.Expr) -> bool:
    return isinstance(d, ir.Const) and d.value == 1


def spread(x: ir.Expr, axis: int, n: ir.Expr, order: str, loc: SourceLoc,
           stretched: bool = False) -> ir.Expr:
    """`x` repeated n times along a new axis; `stretched`: the axis was one of length 1
    (x[:, None]), as NumPy's messages show it."""
    t = x.type
    assert isinstance(t, Array) and t.rank is not None
    if (t.rank or 0) > 1 and t.order != order:
        raise TranspileError(loc, "broadcasting a C-ordered and an F-ordered array in one "
                             "expression is not translated", "use arrays of one memory order",
                             code="E-unsupported")
    rt = dataclasses.replace(t, rank=t.rank + 1, order=order, lower=None)
    return ir.Intrinsic("np_spread", (x, ir.Const(axis, type=INT64, loc=loc), n,
                                      ir.Const(int(stretched), type=INT64, loc=loc)),
                        type=rt, loc=loc)


def _refuse(loc: SourceLoc) -> TranspileError:
    return TranspileError(loc, "broadcasting this array, whose shape is known only once it "
                          "is computed, is not translated", "assign it to a variable first",
                          code="E-unsupported")


def _promote(x: ir.Expr, to: tuple[ir.Expr, ...], order: str, loc: SourceLoc) -> ir.Expr:
    """`x` with leading axes of `to`'s extents, up to its rank."""
    t = x.type
    assert isinstance(t, Array) and t.rank is not None
    for k in range(len(to) - t.rank):
        x = spread(x, k, to[k], order, loc)
    return x


def _stretch(e: ir.Expr, to: tuple[ir.Expr, ...] | None, order: str) -> ir.Expr:
    """`e` with its new axes (expand_dims) spread to `to`'s extents where those are not 1."""
    if not isinstance(e, ir.Intrinsic) or e.name not in ("np_spread", "expand_dims"):
        return e
    x, axis, *rest = e.args
    assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
    a = axis.value
    inner_to = None if to is None else (*to[:a], *to[a + 1:])
    x = _stretch(x, inner_to, order)
    if e.name == "np_spread":
        return spread(x, a, rest[0], order, e.loc, bool(rest[1].value))  # type: ignore[attr-defined]
    if to is None:
        raise _refuse(e.loc)
    if _one(to[a]):
        return dataclasses.replace(e, args=(x, axis))
    return spread(x, a, to[a], order, e.loc, stretched=True)


def _has_new_axis(e: ir.Expr) -> bool:
    return isinstance(e, ir.Intrinsic) and (e.name == "expand_dims" or e.name == "np_spread"
                                            and _has_new_axis(e.args[0]))


def broadcast(left: ir.Expr, right: ir.Expr, loc: SourceLoc) -> tuple[ir.Expr, ir.Expr]:
    """Two array operands made of one rank, their new axes stretched."""
    lt, rt = left.type, right.type
    assert isinstance(lt, Array) and isinstance(rt, Array)
    if lt.rank == rt.rank and not (_has_new_axis(left) or _has_new_axis(right)):
        return left, right
    order = lt.order if (lt.rank or 0) >= (rt.rank or 0) else rt.order
    if (lt.rank or 0) < (rt.rank or 0):
        to = _shape(right)
        if to is None:
            raise _refuse(right.loc)
        left = _promote(left, to, order, loc)
    elif (rt.rank or 0) < (lt.rank or 0):
        to = _shape(left)
        if to is None:
            raise _refuse(left.loc)
        right = _promote(right, to, order, loc)
    left = _stretch(left, _shape(right) if _has_new_axis(left) else None, order)
    right = _stretch(right, _shape(left) if _has_new_axis(right) else None, order)
    return left, right


def broadcast_to(value: ir.Expr, target: ir.Expr, loc: SourceLoc) -> ir.Expr:
    """An assigned array value broadcast to its target's shape (of a rank at least its own)."""
    vt, tt = value.type, target.type
    if not (isinstance(vt, Array) and isinstance(tt, Array)) or (vt.rank or 0) > (
            tt.rank or 0) or vt.rank == tt.rank and not _has_new_axis(value):
        return value
    to = _shape(target)
    if to is None:
        raise _refuse(target.loc)
    value = _promote(value, to, tt.order, loc)
    return _stretch(value, to, tt.order)


def spread_shape(checks: Any, e: ir.Intrinsic) -> tuple[ir.Expr, ...] | None:
    """np_spread's shape (safety/shapes.py): its operand's, with the new extent inserted."""
    x, axis, n, _ = e.args
    inner = checks.expr(x)
    checks.expr(n)
    assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
    if inner is None:
        return None
    return (*inner[:axis.value], n, *inner[axis.value:])
