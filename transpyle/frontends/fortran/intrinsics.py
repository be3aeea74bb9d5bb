"""Fortran intrinsic calls -> IR: conversions become Casts, MOD/MODULO operators, the rest
`Intrinsic` nodes of the canonical table (legacy specific names mapped), typed Fortran's way."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from transpyle.frontends.fortran.array_intrinsics import ARRAY_INTRINSICS, array_intrinsic
from transpyle.frontends.fortran.interfaces import present
from transpyle.frontends.fortran.runtime_intrinsics import NAMES as RUNTIME_NAMES
from transpyle.frontends.fortran.runtime_intrinsics import runtime_intrinsic
from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import FORTRAN_NAMES, INTRINSICS
from transpyle.ir.types import Array, Character, Complex, Integer, Logical, Real, Type, promote

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering
    from transpyle.frontends.fortran.scope import Scope

_INT4 = Integer(4)
# specific names whose result type differs from the generic's
_RESULT_CAST: dict[str, Type] = {"amax0": Real(4), "amin0": Real(4), "max1": Integer(4),
                                 "min1": Integer(4)}
_GENERIC = {"amax0": "max", "amin0": "min", "max1": "max", "min1": "min"}
_KIND_ARG = {"size": 2, "floor": 1, "ceil": 1, "nint": 1, "len": 1, "len_trim": 1,
             "count": 2, "ichar": 1}  # where an integer result's KIND argument goes
_INTEGER_RESULT = ("floor", "ceil", "nint", "len", "len_trim", "count", "ichar", "exponent")


def lower_intrinsic(x: ExprLowering, name: str, args: tuple[ir.Expr, ...],
                    keywords: dict[str, ir.Expr]) -> ir.Expr:
    from transpyle.frontends.fortran.exprs import CASTS, elem, fold, rank, with_elem

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
    if name == "present":
        return present(x, args)
    if name == "allocated":
        from transpyle.frontends.fortran.types import allocated
        return allocated(x, args)
    if name in ("command_argument_count", "iargc"):  # IARGC: GNU's name
        if args or keywords:
            raise x.error(f"{name.upper()} takes no arguments")
        return ir.Call("fio.command_argument_count", (), type=_INT4, loc=x.loc)
    if name in ARRAY_INTRINSICS:
        call = array_intrinsic(x, name, args, keywords)
        if call is not None:
            return call
    if name == "len" and args and rank(args[0].type):  # of an array: its elements' length
        t = elem(args[0].type)
        if isinstance(t, Character) and t.length is not None:
            return ir.Const(t.length, type=_INT4, loc=x.loc)
        return ir.Call("fio.length", (args[0],), type=_INT4, loc=x.loc)
    if name in RUNTIME_NAMES:
        return runtime_intrinsic(x, name, args, keywords)
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
    from transpyle.frontends.fortran.exprs import CASTS, elem, fold, real_kind, with_elem

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
        if len(args[:2]) == 1 and isinstance(elem(args[0].type), Complex):
            return x.cast(args[0], t)  # CMPLX(z, kind): both parts, converted
        vals = tuple(x.cast(a, Real(k)) for a in args[:2])
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


def _constant(e: ir.Expr, scope: Scope) -> bool:
    """A constant expression: literals and PARAMETERs under operators and intrinsics."""
    if isinstance(e, ir.Const):
        return True
    if isinstance(e, ir.Name):
        sym = scope.find(e.id)
        return bool(sym and sym.constant)
    if isinstance(e, ir.UnaryOp):
        return _constant(e.operand, scope)
    if isinstance(e, ir.BinOp):
        return _constant(e.left, scope) and _constant(e.right, scope)
    if isinstance(e, ir.Cast):
        return _constant(e.value, scope)
    if isinstance(e, ir.Intrinsic):
        return all(_constant(a, scope) for a in e.args)
    return False


def _table_call(x: ExprLowering, name: str, args: tuple[ir.Expr, ...],
                keywords: dict[str, ir.Expr]) -> ir.Expr:
    from transpyle.frontends.fortran.exprs import elem, rank, with_elem

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
        if name != "merge" and any(isinstance(elem(a.type), Character) for a in args):
            raise x.error(f"{name.upper()} of CHARACTER arguments is not supported")
        t = elem(args[0].type)
        for a in args[1:] if name != "merge" else args[1:2]:
            t = promote(t, elem(a.type))  # type: ignore[arg-type]
        first = elem(args[0].type)
        if name in ("min", "max") and isinstance(first, Real) and first != t \
                and all(_constant(a, x.scope) for a in args):
            # gfortran folds MIN/MAX of constants of mixed kinds in the first one's kind, then
            # converts (its code for variables compares in the widest kind, as below)
            inner = tuple(x.cast(a, first) for a in args)
            return x.cast(ir.Intrinsic(name, inner, type=first, loc=x.loc), t)  # type: ignore[arg-type]
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
    from transpyle.frontends.fortran.exprs import elem

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


# -- intrinsic subroutines of the environment: lowered to calls of the runtime (`fio.`)
INTRINSIC_SUBROUTINES: dict[str, tuple[str, ...]] = {
    "system_clock": ("count", "count_rate", "count_max"),
    "cpu_time": ("time",),
    "date_and_time": ("date", "time", "zone", "values"),
    "random_number": ("harvest",),
    "random_seed": ("size", "put", "get"),
    "get_command_argument": ("number", "value", "length", "status"),
    "get_environment_variable": ("name", "value", "length", "status", "trim_name"),
    "exit": ("status",),
    "abort": (),
    "move_alloc": ("from", "to"),
    "mvbits": ("from", "frompos", "len", "to", "topos"),
    "flush": ("unit",),  # GNU: the FLUSH statement's
    "getarg": ("pos", "value"),  # GNU: GET_COMMAND_ARGUMENT(POS, VALUE)
    "getenv": ("name", "value"),  # GNU: GET_ENVIRONMENT_VARIABLE(NAME, VALUE)
}
_DATE_PARTS = {"date": 8, "time": 10, "zone": 5}


def intrinsic_call(x: ExprLowering, name: str, args_node: object) -> list[ir.Stmt]:
    """`CALL SYSTEM_CLOCK(c, r)` and the like: assignments of the runtime's values to the
    arguments the intrinsic defines, calls for its side effects."""
    args = _named_args(x, name, args_node)
    lower = _SUBROUTINES[name]
    return lower(x, args)


def _named_args(x: ExprLowering, name: str, args_node: object) -> dict[str, ir.Expr]:
    dummies = INTRINSIC_SUBROUTINES[name]
    out: dict[str, ir.Expr] = {}
    items = getattr(args_node, "items", None) or ()
    for k, item in enumerate(items):
        if type(item).__name__ == "Actual_Arg_Spec":
            key, value = str(item.items[0]).lower(), item.items[1]
        elif k < len(dummies):
            key, value = dummies[k], item
        else:
            raise x.error(f"{name.upper()} takes at most {len(dummies)} arguments")
        if key not in dummies:
            raise x.error(f"{name.upper()} has no argument {key.upper()}",
                          hint="its arguments: " + ", ".join(d.upper() for d in dummies))
        if key in out:
            raise x.error(f"argument {key.upper()} of {name.upper()} given twice")
        out[key] = x.expr(value)
    return out


def _target(x: ExprLowering, name: str, key: str, e: ir.Expr) -> ir.Expr:
    if not isinstance(e, ir.Name | ir.Subscript | ir.Field):
        raise x.error(f"argument {key.upper()} of {name.upper()} must be a variable")
    return e


def _runtime(x: ExprLowering, func: str, args: tuple[ir.Expr, ...], t: Type) -> ir.Call:
    return ir.Call("fio." + func, args, type=t, loc=x.loc)


def _const(x: ExprLowering, value: int | str) -> ir.Const:
    t = _INT4 if isinstance(value, int) else Character(len(value))
    return ir.Const(value, type=t, loc=x.loc)


def _assign(x: ExprLowering, target: ir.Expr, value: ir.Expr) -> ir.Assign:
    from transpyle.frontends.fortran.exprs import elem

    t = elem(target.type)
    if t is not None and not isinstance(t, Character) and elem(value.type) != t:
        value = x.cast(value, t)
    return ir.Assign(target, value, loc=x.loc)


def _scalar_kind(x: ExprLowering, name: str, key: str, e: ir.Expr,
                 kinds: tuple[type, ...]) -> int:
    from transpyle.frontends.fortran.exprs import elem, rank

    t = elem(e.type)
    if rank(e.type) or not isinstance(t, kinds):
        wanted = " or ".join(k.__name__.upper() for k in kinds)
        raise x.error(f"argument {key.upper()} of {name.upper()} must be a {wanted} scalar")
    return int(getattr(t, "kind", 4))


def _system_clock(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    kinds = [_scalar_kind(x, "system_clock", k, e, (Integer, Real) if k == "count_rate"
                          else (Integer,)) for k, e in args.items()]
    kind = min(kinds, default=4)  # gfortran's clock: that of the smallest kind present
    t = Integer(8) if kind >= 8 else _INT4
    func = {"count": "clock_count", "count_rate": "clock_rate", "count_max": "clock_max"}
    return [_assign(x, _target(x, "system_clock", k, e),
                    _runtime(x, func[k], (_const(x, kind),), t)) for k, e in args.items()]


def _cpu_time(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    if "time" not in args:
        raise x.error("CPU_TIME needs its argument TIME")
    kind = _scalar_kind(x, "cpu_time", "time", args["time"], (Real,))
    value = _runtime(x, "cpu_time", (_const(x, kind),), Real(kind))
    return [_assign(x, _target(x, "cpu_time", "time", args["time"]), value)]


def _date_and_time(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    from transpyle.frontends.fortran.exprs import elem, rank

    out: list[ir.Stmt] = []
    for key, e in args.items():
        target = _target(x, "date_and_time", key, e)
        if key == "values":
            if rank(e.type) != 1 or not isinstance(elem(e.type), Integer):
                raise x.error("argument VALUES of DATE_AND_TIME must be an integer array")
            value: ir.Expr = _runtime(x, "date_and_time", (_const(x, key),), e.type)  # type: ignore[arg-type]
            out.append(ir.Assign(target, value, loc=x.loc))
            continue
        if rank(e.type) or not isinstance(elem(e.type), Character):
            raise x.error(f"argument {key.upper()} of DATE_AND_TIME must be a CHARACTER "
                          "scalar")
        value = _runtime(x, "date_and_time", (_const(x, key),), Character(_DATE_PARTS[key]))
        out.append(_assign(x, target, value))
    return out


def _random_number(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    from transpyle.frontends.fortran.exprs import elem, rank

    if "harvest" not in args:
        raise x.error("RANDOM_NUMBER needs its argument HARVEST")
    e = _target(x, "random_number", "harvest", args["harvest"])
    t = elem(e.type)
    if not isinstance(t, Real) or t.kind not in (4, 8):
        raise x.error("RANDOM_NUMBER of REAL(4) or REAL(8) only is supported")
    if rank(e.type):
        return [ir.CallStmt("fio.random_fill", (e,), loc=x.loc)]
    return [_assign(x, e, _runtime(x, "random_number", (_const(x, t.kind),), t))]


def _random_seed(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    from transpyle.frontends.fortran.exprs import elem, rank

    if len(args) > 1:
        raise x.error("RANDOM_SEED takes at most one argument")
    if not args:
        return [ir.CallStmt("fio.random_seed", (), loc=x.loc)]
    (key, e), = args.items()
    target = _target(x, "random_seed", key, e)
    if key == "size":
        _scalar_kind(x, "random_seed", key, e, (Integer,))
        return [_assign(x, target, _runtime(x, "random_seed_size", (), _INT4))]
    if rank(e.type) != 1 or elem(e.type) != _INT4:
        raise x.error(f"argument {key.upper()} of RANDOM_SEED must be a default INTEGER "
                      "array of rank one")
    return [ir.CallStmt(f"fio.random_seed_{key}", (target,), loc=x.loc)]


def _lookup(x: ExprLowering, name: str, args: dict[str, ir.Expr], key: str,
            prefix: str) -> list[ir.Stmt]:
    """GET_COMMAND_ARGUMENT / GET_ENVIRONMENT_VARIABLE: VALUE, LENGTH and STATUS of the
    argument or variable `key` names."""
    from transpyle.frontends.fortran.exprs import elem, rank

    if key not in args:
        raise x.error(f"{name.upper()} needs its argument {key.upper()}")
    subject = args[key]
    out: list[ir.Stmt] = []
    width: ir.Expr = _const(x, 2**31 - 1)
    if "value" in args:
        value = _target(x, name, "value", args["value"])
        if rank(value.type) or not isinstance(elem(value.type), Character):
            raise x.error(f"argument VALUE of {name.upper()} must be a CHARACTER scalar")
        out.append(_assign(x, value, _runtime(x, prefix, (subject,), Character(None))))
        width = ir.Intrinsic("len", (value,), type=_INT4, loc=x.loc)
    for part in ("length", "status"):
        if part in args:
            e = _target(x, name, part, args[part])
            _scalar_kind(x, name, part, e, (Integer,))
            extra = (width,) if part == "status" else ()
            out.append(_assign(x, e, _runtime(x, f"{prefix}_{part}", (subject, *extra), _INT4)))
    return out


def _get_command_argument(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    return _lookup(x, "get_command_argument", args, "number", "command_argument")


def _getarg(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    named = {"number": args["pos"]} if "pos" in args else {}
    return _lookup(x, "getarg", {**named, **{k: v for k, v in args.items() if k != "pos"}},
                   "number", "command_argument")


def _getenv(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    return _lookup(x, "getenv", args, "name", "environment_variable")


def _get_environment_variable(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    trim = args.pop("trim_name", None)
    if trim is not None and not (isinstance(trim, ir.Const) and trim.value is True):
        raise x.error("GET_ENVIRONMENT_VARIABLE with TRIM_NAME other than .TRUE. is not "
                      "supported")
    return _lookup(x, "get_environment_variable", args, "name", "environment_variable")


def _exit(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    status = tuple(args.values())
    return [ir.CallStmt("fio.exit", status, loc=x.loc)]


def _flush(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    unit = args.get("unit", ir.Const(6, type=_INT4, loc=x.loc))
    return [ir.FileStmt("flush", (ir.IoSpec("unit", unit, loc=x.loc),), loc=x.loc)]


def _abort(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    return [ir.CallStmt("fio.abort", (), loc=x.loc)]


def _move_alloc(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    """MOVE_ALLOC(from, to): TO takes FROM's value (its bounds too), FROM is deallocated."""
    from transpyle.frontends.fortran.exprs import rank

    src, dst = args.get("from"), args.get("to")
    if src is None or dst is None:
        raise x.error("MOVE_ALLOC needs its arguments FROM and TO")
    out: list[ir.Stmt] = []
    for e in (src, dst):
        if not isinstance(e, ir.Name | ir.Field) or not rank(e.type):
            raise x.error("MOVE_ALLOC of an ALLOCATABLE array variable or component only is "
                          "supported")
    from transpyle.frontends.fortran.types import allocated
    allocated(x, (src,))
    allocated(x, (dst,))
    out.append(ir.Assign(dst, src, loc=x.loc))
    if isinstance(src, ir.Name):
        out.append(ir.Deallocate(src.id, loc=x.loc))
    else:
        base: ir.Expr = src
        while isinstance(base, ir.Field | ir.Subscript):
            base = base.value
        assert isinstance(base, ir.Name)
        out.append(ir.Deallocate(base.id, target=src, loc=x.loc))
    return out


def _mvbits(x: ExprLowering, args: dict[str, ir.Expr]) -> list[ir.Stmt]:
    """MVBITS(from, frompos, len, to, topos): TO assigned its new bits (elementwise)."""
    from transpyle.frontends.fortran.exprs import elem
    names = INTRINSIC_SUBROUTINES["mvbits"]
    if any(n not in args for n in names):
        raise x.error("MVBITS needs its five arguments")
    to = _target(x, "mvbits", "to", args["to"])
    t = elem(to.type)
    if not isinstance(t, Integer):
        raise x.error("MVBITS of a non-INTEGER TO is not supported")
    values = (*(args[n] for n in names), _const(x, 8 * t.kind))
    return [ir.Assign(to, ir.Call("fio.mvbits", values, type=to.type, loc=x.loc), loc=x.loc)]


_SUBROUTINES = {
    "system_clock": _system_clock, "cpu_time": _cpu_time, "date_and_time": _date_and_time,
    "random_number": _random_number, "random_seed": _random_seed,
    "get_command_argument": _get_command_argument,
    "get_environment_variable": _get_environment_variable, "exit": _exit, "abort": _abort,
    "move_alloc": _move_alloc, "mvbits": _mvbits, "flush": _flush, "getarg": _getarg,
    "getenv": _getenv,
}
