"""EQUIVALENCE: the variables of one equivalence group share storage. Each group becomes one
byte buffer (`storage.equivalence` in migrated Python) and each member a view into it at the
byte offset gfortran gives it: `VarDecl.equivalence = (group, offset)`.

Offsets come from the sets: in `equivalence (a, b(2))` the element b(2) and a start at the
same byte. Sets that share a variable join one group; the group's lowest offset is 0.
Refused at the statement: COMMON members (a block extended by EQUIVALENCE), CHARACTER and
LOGICAL members (migrated code does not hold them as bytes), arrays of a shape that is not
constant, subscripts that are not constants, sets that contradict one another, and members
with DATA values or SAVE outside a main program."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.fortran.exprs import fold
from transpyle.ir.types import Complex, Integer, Real

if TYPE_CHECKING:
    from transpyle.frontends.fortran.scope import Scope, Symbol

# one set: (variable, constant subscripts or None) per object, and the statement's location
Sets = list[tuple[list[tuple[str, tuple[Any, ...] | None]], SourceLoc]]


def read_sets(node: Any, loc: SourceLoc) -> Sets:
    """The sets of one EQUIVALENCE statement, as fparser nodes (resolved in `resolve`)."""
    out: Sets = []
    for eq_set in node.items[1].items:
        first, rest = eq_set.items
        objects = [first, *rest.items]
        members = []
        for obj in objects:
            kind = type(obj).__name__
            if kind == "Name":
                members.append((str(obj).lower(), None))
            elif kind == "Part_Ref":
                members.append((str(obj.items[0]).lower(), tuple(obj.items[1].items)))
            else:
                raise TranspileError(loc, f"EQUIVALENCE of {obj} is not supported (a variable "
                                     "or an array element)", code="E-fortran")
        out.append((members, loc))
    return out


def _itemsize(sym: Symbol, loc: SourceLoc) -> int:
    t = sym.type
    if isinstance(t, Integer | Real | Complex):
        return t.kind
    raise TranspileError(loc, f"EQUIVALENCE of '{sym.name}' of type {t} is not supported "
                         "(numeric variables only)", code="E-fortran")


def _shape(sym: Symbol, scope: Scope, loc: SourceLoc) -> tuple[list[int], list[int]]:
    """Lower bounds and extents of a constant-shape array (empty for a scalar)."""
    lowers, extents = [], []
    for d in sym.dims or ():
        lo = fold(d.lower, scope) if d.lower is not None else 1
        hi = fold(d.upper, scope) if d.upper is not None else None
        if not isinstance(lo, int) or not isinstance(hi, int) or sym.deferred:
            raise TranspileError(loc, f"EQUIVALENCE of '{sym.name}', whose shape is not "
                                 "constant, is not supported", code="E-fortran")
        lowers.append(lo)
        extents.append(hi - lo + 1)
    return lowers, extents


def _offset(sym: Symbol, subs: tuple[Any, ...] | None, x: Any, loc: SourceLoc) -> int:
    """The byte offset of `sym(subs)` from the start of `sym`."""
    if subs is None:
        return 0
    lowers, extents = _shape(sym, x.scope, loc)
    if len(subs) != len(extents):
        raise TranspileError(loc, f"EQUIVALENCE names '{sym.name}' with {len(subs)} "
                             f"subscripts; it has rank {len(extents)}", code="E-fortran")
    index, stride = 0, 1
    for s, lo, n in zip(subs, lowers, extents, strict=True):
        k = fold(x.expr(s), x.scope)
        if not isinstance(k, int):
            raise TranspileError(loc, f"the subscript {s} in EQUIVALENCE is not a constant",
                                 code="E-fortran")
        index += (k - lo) * stride
        stride *= n
    return index * _itemsize(sym, loc)


def _check(sym: Symbol, scope: Scope, loc: SourceLoc) -> None:
    _itemsize(sym, loc)
    if sym.common is not None:
        raise TranspileError(loc, f"EQUIVALENCE of the COMMON member '{sym.name}' (a block "
                             "extended by EQUIVALENCE) is not supported", code="E-fortran")
    if sym.is_arg or sym.constant or sym.allocatable:
        raise TranspileError(loc, f"EQUIVALENCE of '{sym.name}' (a dummy argument, constant "
                             "or allocatable) is not allowed", code="E-fortran")


def resolve(sets: Sets, x: Any) -> None:
    """Gives every equivalenced symbol of `x.scope` its (group, byte offset)."""
    scope = x.scope
    base: dict[str, int] = {}  # variable -> its start's offset within its group
    group: dict[str, int] = {}
    count = 0
    for members, loc in sets:
        syms = [scope.lookup(name, loc) for name, _ in members]
        for sym in syms:
            _check(sym, scope, loc)
        starts = [_offset(sym, subs, x, loc) for sym, (_, subs) in zip(syms, members,
                                                                         strict=True)]
        known = next((k for k, s in enumerate(syms) if s.name in group), None)
        if known is None:
            count += 1
            gid, anchor = count, 0  # the first object's element at offset 0
        else:
            gid, anchor = group[syms[known].name], base[syms[known].name] + starts[known]
        for sym, start in zip(syms, starts, strict=True):
            want = anchor - start
            if sym.name in group and (group[sym.name] != gid or base[sym.name] != want):
                if group[sym.name] != gid:
                    _merge(group, base, group[sym.name], gid, want - base[sym.name])
                    continue
                raise TranspileError(loc, f"this EQUIVALENCE places '{sym.name}' at two "
                                     "offsets", code="E-fortran")
            group[sym.name], base[sym.name] = gid, want
    for gid in set(group.values()):
        names = [n for n, g in group.items() if g == gid]
        low = min(base[n] for n in names)
        for n in names:
            sym = scope.symbols[n]
            offset = base[n] - low
            if offset % _itemsize(sym, sym.loc):
                raise TranspileError(sets[0][1], f"EQUIVALENCE places '{n}' at byte {offset}, "
                                     "not a multiple of its element size: not supported",
                                     code="E-fortran")
            sym.equivalence = (f"equiv_{gid}", offset)


def _merge(group: dict[str, int], base: dict[str, int], old: int, new: int,
           shift: int) -> None:
    """Joins group `old` into `new`, its offsets moved by `shift`."""
    for n in [n for n, g in group.items() if g == old]:
        group[n], base[n] = new, base[n] + shift
