"""Fortran intrinsic calls -> IR: conversions become Casts, MOD/MODULO operators, the rest
`Intrinsic` nodes of the canonical table (legacy specific names mapped), typed Fortran's way."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import FORTRAN_NAMES, INTRINSICS
from transpyle.ir.types import Array, Character, Complex, Integer, Logical, Real, Type, promote

if TYPE_CHECKING:
    from transpyle.frontends.fortran_exprs import ExprLowering

_INT4 = Integer(4)
# specific names whose result type differs from the generic's
_RESULT_CAST: dict[str, Type] = {"amax0": Real(4), "amin0": Real(4), "max1": Integer(4),
                                 "min1": Integer(4)}
_GENERIC = {"amax0": "max", "amin0": "min", "max1": "max", "min1": "min"}
_KIND_ARG = {"size": 2, "floor": 1, "ceil": 1, "nint": 1, "len": 1, "len_trim": 1,
             "count": 2, "ichar": 1}  # where an integer result's KIND argument goes
_INTEGER_RESULT = ("floor", "ceil", "nint", "len", "len_trim", "count", "ichar")


def lower_intrinsic(x: ExprLowering, name: str, args: tuple[ir.Expr, ...],
                    keywords: dict[str, ir.Expr]) -> ir.Expr:
    from transpyle.frontends.fortran_exprs import CASTS, elem, fold, rank, with_elem

    if name in CASTS or name in ("cmplx", "dcmplx"):
        return _conversion(x, name, args, keywords)
    if name in ("mod", "amod", "dmod", "modulo"):
        if len(args) != 2:
            raise x.error(f"{name} takes two arguments")
        a, b = args
        t = promote(elem(a.type), elem(b.type))  # type: ignore[arg-type]
        op = "%" if name == "modulo" else "mod"
        return ir.BinOp(op, a, b, type=with_elem(a.type if rank(a.type) else b.type, t),
                        loc=x.loc)
    if name in _GENERIC:
        inner = _table_call(x, _GENERIC[name], args, keywords)
        return x.cast(inner, _RESULT_CAST[name])
    canonical = FORTRAN_NAMES.get(name)
    if canonical is None:
        raise x.error(f"intrinsic {name.upper()} is not supported",
                      hint="supported: " + ", ".join(sorted(FORTRAN_NAMES)[:12]) + ", ...")
    kind: int | None = None
    if canonical in _KIND_ARG:  # integer results of a chosen kind: floor(x, 8), size(a, kind=8)
        position = _KIND_ARG[canonical]
        kind_arg = keywords.pop("kind", args[position] if len(args) > position else None)
        args = args[:position]
        if kind_arg is not None:
            value = fold(kind_arg, x.scope)
            if not isinstance(value, int):
                raise x.error(f"the kind of {name.upper()} must be a constant")
            kind = value
    if canonical == "size":
        dim = keywords.pop("dim", args[1] if len(args) > 1 else None)
        if dim is not None:
            d = fold(dim, x.scope)
            if not isinstance(d, int):
                raise x.error("SIZE with a non-constant DIM is not supported")
            args = (args[0], ir.Const(d - 1, type=Integer(8), loc=x.loc))
    call = _table_call(x, canonical, args, keywords)
    if kind is not None:
        call = dataclasses.replace(call, type=with_elem(call.type, Integer(kind)))
    return call


def _conversion(x: ExprLowering, name: str, args: tuple[ir.Expr, ...],
                keywords: dict[str, ir.Expr]) -> ir.Expr:
    from transpyle.frontends.fortran_exprs import CASTS, elem, fold, real_kind, with_elem

    nvalues = 2 if name in ("cmplx", "dcmplx") else 1
    kind_arg = keywords.get("kind", args[nvalues] if len(args) > nvalues else None)
    kind = None
    if kind_arg is not None:
        kval = fold(kind_arg, x.scope)
        if not isinstance(kval, int):
            raise x.error(f"the kind of {name.upper()} must be a constant")
        kind = kval
    if kind is not None and name not in ("int", "ifix", "idint", "logical"):
        real_kind(kind, x.loc)
    if name in ("cmplx", "dcmplx"):
        k = 8 if name == "dcmplx" else (kind or 4)
        t = Complex(2 * k)
        vals = tuple(x.cast(a, Real(k)) for a in args[:2])
        if len(vals) == 1 and isinstance(elem(vals[0].type), Complex):
            return x.cast(args[0], t)
        return ir.Intrinsic("complex", vals, type=with_elem(args[0].type, t), loc=x.loc)
    value = args[0]
    target = CASTS[name]
    src = elem(value.type)
    if name == "real" and isinstance(src, Complex):
        part = ir.Intrinsic("real", (value,), type=with_elem(value.type, Real(src.kind // 2)),
                            loc=x.loc)
        return x.cast(part, Real(kind)) if kind is not None else part
    if kind is not None:
        target = Integer(kind) if isinstance(target, Integer) else \
            Real(kind) if isinstance(target, Real) else Logical(kind)
    return x.cast(value, target)


def _table_call(x: ExprLowering, name: str, args: tuple[ir.Expr, ...],
                keywords: dict[str, ir.Expr]) -> ir.Expr:
    from transpyle.frontends.fortran_exprs import elem, rank, with_elem

    if keywords:
        raise x.error(f"keyword arguments ({', '.join(keywords)}) to {name.upper()} are not "
                      "supported")
    spec = INTRINSICS[name]
    lo, hi = spec.nargs
    if len(args) < lo or (hi >= 0 and len(args) > hi):
        raise x.error(f"{name.upper()} takes {lo}..{hi if hi >= 0 else 'n'} arguments, "
                      f"got {len(args)}")
    t: Type | None
    if name in ("min", "max", "sign", "dim", "atan2", "hypot", "merge"):
        t = elem(args[0].type)
        for a in args[1:] if name != "merge" else args[1:2]:
            t = promote(t, elem(a.type))  # type: ignore[arg-type]
        if name != "merge":
            args = tuple(x.cast(a, t) for a in args)  # type: ignore[arg-type]
    else:
        t = _result(name, spec.result, args)
    assert t is not None
    shaped = next((a.type for a in args if rank(a.type)), None)
    if not spec.elemental:
        if name == "matmul":
            r = rank(args[0].type) + rank(args[1].type) - 2
            return ir.Intrinsic(name, args, type=Array(t, r, "F", (1,) * r), loc=x.loc)  # type: ignore[arg-type]
        if name == "transpose":
            return ir.Intrinsic(name, args, type=with_elem(args[0].type, t), loc=x.loc)
        if len(args) == 2 and name in ("sum", "product", "maxval", "minval") and \
                rank(args[0].type) > 1:
            raise x.error(f"{name.upper()} with DIM is not supported")
        shaped = None
    return ir.Intrinsic(name, args, type=with_elem(shaped, t), loc=x.loc)


def _result(name: str, category: str, args: tuple[ir.Expr, ...]) -> Type:
    from transpyle.frontends.fortran_exprs import elem

    t = elem(args[0].type)
    if name == "size" or name in _INTEGER_RESULT:  # default integer unless KIND= says
        return _INT4
    if category == "bool":
        return Logical(4)
    if (category == "real" or name == "abs") and isinstance(t, Complex):
        return Real(t.kind // 2)
    if name == "dot":
        return promote(t, elem(args[1].type))  # type: ignore[arg-type]
    if category == "floating" and isinstance(t, Integer):
        return Real(8)
    if name == "trim":
        return Character(None)
    if name == "char":
        return Character(1)
    assert t is not None
    return t
