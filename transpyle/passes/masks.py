"""Boolean masks (`a[a > 0] = 0.0`, `d[d > h] = d[d > h] - L`, `np.sum(x[m])`): typing.

A bool array of the indexed array's shape as its one index selects the elements where it is
true, in C order. Read (`x[m]`), it is a new 1-D array, `pack` (numpy_lowering.py makes it
into a temporary; Fortran's PACK takes the elements in array element order, which is C order
for a C-ordered array laid out reversed). Assigned (`a[m] = value`): `value` is a scalar, or an expression whose arrays are all read through the same mask
(`a[m] = a[m] - L`; NumPy gathers them, computes, and scatters them back to the same places,
elementwise: `a = merge(a - L, a, m)`), or a vector of as many elements as the mask is true (Fortran's UNPACK; one
element goes to them all). A mask whose shape is not the array's raises IndexError, another
count of elements ValueError, as NumPy does.
Refused where written: a mask of another rank, a mask of an F-ordered matrix (NumPy takes C
order, PACK memory order), and a value of another rank assigned through a mask.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64, Array, Logical
from transpyle.ir.visitor import Transformer, walk

_MISMATCH = ("boolean index did not match indexed array along axis {axis}; size of axis is {{}} "
             "but size of corresponding boolean axis is {{}}")


def is_mask(index: ir.Expr) -> bool:
    return isinstance(index.type, Array) and isinstance(index.type.elem, Logical)


def _check(base: ir.Expr, mask: ir.Expr, loc: SourceLoc) -> None:
    bt, mt = base.type, mask.type
    assert isinstance(bt, Array) and isinstance(mt, Array)
    if bt.rank != mt.rank:
        raise TranspileError(mask.loc, f"a boolean mask of rank {mt.rank} indexing an array "
                             f"of rank {bt.rank} is not supported in translated functions",
                             code="E-unsupported")
    if (bt.rank or 0) > 1 and "F" in (bt.order, mt.order):
        raise TranspileError(mask.loc, "a boolean mask of an F-ordered matrix is not "
                             "translated (NumPy selects in C order)", code="E-unsupported")


def pack(base: ir.Expr, mask: ir.Expr, loc: SourceLoc) -> ir.Expr:
    """`base[mask]`, typed: a new C-ordered vector."""
    _check(base, mask, loc)
    t = base.type
    assert isinstance(t, Array)
    return ir.Intrinsic("pack", (base, mask), type=Array(t.elem, 1, "C"), origin="numpy",
                        loc=loc)


def index_checks(base: ir.Expr, mask: ir.Expr, loc: SourceLoc) -> list[ir.Stmt]:
    """IndexError where `mask`'s shape is not `base`'s, axis by axis as NumPy reports it."""
    from transpyle.passes.safety.shapes import _Checks

    rank = base.type.rank or 0  # type: ignore[union-attr]
    bs = _Checks(loc).expr(base)
    ms = _Checks(loc).expr(mask)
    out: list[ir.Stmt] = []
    for k in range(rank):
        axis = ir.Const(k, type=INT64, loc=loc)
        n = bs[k] if bs else ir.Intrinsic("size", (base, axis), type=INT64, loc=loc)
        m = ms[k] if ms else ir.Intrinsic("size", (mask, axis), type=INT64, loc=loc)
        if _bare(n) == _bare(m):
            continue
        out.append(ir.If(ir.Compare("!=", n, m, type=BOOL, loc=loc),
                         (ir.Raise("IndexError", _MISMATCH.format(axis=k), (n, m), loc=loc),),
                         loc=loc))
    return out


def _bare(node: Any) -> Any:
    """`node` without its locations, to compare two writings of one mask."""
    if isinstance(node, tuple):
        return tuple(_bare(x) for x in node)
    if not isinstance(node, ir.Node):
        return node
    return (type(node).__name__, *(_bare(getattr(node, f.name))
                                   for f in dataclasses.fields(node) if f.name != "loc"))


class _Unpacked(Transformer):
    """`x[mask]` -> `x` for the assignment's own mask; the arrays read so."""

    def __init__(self, mask: ir.Expr) -> None:
        self.mask = _bare(mask)
        self.read: list[ir.Expr] = []

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        if e.name == "pack" and _bare(e.args[1]) == self.mask:
            self.read.append(e.args[0])
            return e.args[0]
        return self.rebuild(e)


def masked_assign(typer: Any, s: ir.Assign, base: ir.Expr, mask: ir.Expr,
                  value: ir.Expr) -> list[ir.Stmt]:
    """`base[mask] = value` (all typed) as checks and one array assignment."""
    _check(base, mask, s.loc)
    if any(isinstance(n, ir.Call) for n in walk(mask)):
        raise TranspileError(mask.loc, "a boolean mask that calls a function is not "
                             "translated in an assignment", "name the mask first",
                             code="E-unsupported")
    t = base.type
    assert isinstance(t, Array)
    unpack = _Unpacked(mask)
    new = unpack.visit(value)
    if isinstance(value.type, Array) and (not unpack.read or any(
            isinstance(n, ir.Intrinsic) and n.name == "pack" for n in walk(new)) or any(
            isinstance(n, ir.Name | ir.Subscript) and isinstance(n.type, Array)
            and (n.type.rank or 0) > 0 and not any(n is r for r in unpack.read)
            and not _inside_read(n, unpack.read) for n in _operands(new))):
        return _scatter(typer, s, base, mask, value)
    checks = [c for r in unpack.read for c in index_checks(r, mask, s.loc)]  # the value first
    checks += index_checks(base, mask, s.loc)
    seen: set[object] = set()
    checks = [c for c in checks if not (_bare(c) in seen or seen.add(_bare(c)))]  # type: ignore[func-returns-value]
    whole = tuple(ir.Slice(None, None, None, type=INT64, loc=s.loc) for _ in range(t.rank or 0))
    target = ir.Subscript(base, whole, type=t, loc=s.loc)
    new = typer.cast_array(new, t.elem)
    return [*checks, ir.Assign(target, _merged(new, base, mask, s.loc), loc=s.loc)]


def _merged(value: ir.Expr, base: ir.Expr, mask: ir.Expr, loc: SourceLoc) -> ir.Expr:
    """`value` where `mask` is true, `base` elsewhere: Fortran's elemental MERGE, in one
    array assignment (a WHERE block could not hold the checks later passes put around an
    assignment); the value's elementwise operations cannot trap (no floating-point traps,
    NumPy's integer division by zero is a computed 0)."""
    return ir.Intrinsic("merge", (value, base, mask), type=base.type, loc=loc)


_COUNTS = ("NumPy boolean array indexing assignment cannot assign {} input values to the {} "
           "output values where the mask is true")


def _scatter(typer: Any, s: ir.Assign, base: ir.Expr, mask: ir.Expr,
             value: ir.Expr) -> list[ir.Stmt]:
    """`base[mask] = v` of a vector `v` (named first): its elements in order to the places
    where the mask is true (Fortran's UNPACK); one element goes to them all; another count
    raises NumPy's ValueError."""
    t, vt = base.type, value.type
    assert isinstance(t, Array) and isinstance(vt, Array)
    loc = s.loc
    if vt.rank != 1:
        raise TranspileError(value.loc, "assigning to an array through a boolean mask takes "
                             "a scalar, a vector, or an expression of arrays read through the "
                             "same mask (a[m] = b[m] * 2)", code="E-unsupported")
    stmts: list[ir.Stmt] = []
    v = value
    if not isinstance(value, ir.Name):
        name = f"tp_masked{len(typer.locals)}"
        while name in typer.env:
            name += "_"
        typer.declare(name, dataclasses.replace(vt, lower=None), loc)
        v = ir.Name(name, type=typer.env[name], loc=loc)
        stmts.append(ir.Assign(v, value, loc=loc))
    stmts += index_checks(base, mask, loc)
    v = typer.cast_array(v, t.elem)
    zero = ir.Const(0, type=INT64, loc=loc)
    size = ir.Intrinsic("size", (v, zero), type=INT64, loc=loc)
    count = ir.Intrinsic("count", (mask,), type=INT64, loc=loc)
    whole = tuple(ir.Slice(None, None, None, type=INT64, loc=loc) for _ in range(t.rank or 0))
    target = ir.Subscript(base, whole, type=t, loc=loc)
    spread = ir.Assign(target, ir.Intrinsic("unpack", (v, mask, base), type=t, loc=loc),
                       loc=loc)
    first = ir.Subscript(v, (zero,), type=t.elem, loc=loc)
    one = ir.Assign(target, _merged(first, base, mask, loc), loc=loc)
    fail = ir.Raise("ValueError", _COUNTS, (size, count), loc=loc)
    same = ir.Compare("==", size, count, type=BOOL, loc=loc)
    single = ir.Compare("==", size, ir.Const(1, type=INT64, loc=loc), type=BOOL, loc=loc)
    return [*stmts, ir.If(same, (spread,), (ir.If(single, (one,), (fail,), loc=loc),),
                          loc=loc)]


def _operands(e: ir.Expr) -> list[ir.Expr]:
    """The names and sections `e` reads as values (not as a size's argument)."""
    out: list[ir.Expr] = []

    def scan(x: ir.Expr) -> None:
        if isinstance(x, ir.Name | ir.Subscript):
            out.append(x)
            return
        if isinstance(x, ir.Intrinsic) and x.name == "size":
            return
        for f in dataclasses.fields(x):
            v = getattr(x, f.name)
            for item in v if isinstance(v, tuple) else (v,):
                if isinstance(item, ir.Expr):
                    scan(item)

    scan(e)
    return out


def _inside_read(n: ir.Expr, read: list[ir.Expr]) -> bool:
    return any(n is x for r in read for x in walk(r))
