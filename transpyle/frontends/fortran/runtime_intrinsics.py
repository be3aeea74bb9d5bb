"""Fortran's elemental intrinsics of characters and bits, the real model's functions,
TRANSFER and IEEE_ARITHMETIC -> calls of the runtime (`fio.`: runtime/fortran_strings.py and
fortran_bits.py), and the numeric inquiry functions (DIGITS, RADIX, RANGE, ...) folded to
gfortran's constants. One table line per intrinsic: its runtime function, its dummy
arguments in order (for keywords; optional ones absent), its result type, and what the
frontend adds (the integer's bit size, the real's kind)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Character, Complex, Integer, Logical, Real, Type

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering

# name: (runtime function, dummies (optional ones after `|`), result, added argument)
# result: same (the first argument's type), int, bool, char1, chars (length not known here)
_TABLE: dict[str, tuple[str, str, str, str]] = {
    "adjustl": ("adjustl", "string", "same", ""),
    "adjustr": ("adjustr", "string", "same", ""),
    "index": ("index", "string substring|back", "int", ""),
    "scan": ("scan", "string set|back", "int", ""),
    "verify": ("verify", "string set|back", "int", ""),
    "repeat": ("repeat", "string ncopies", "chars", ""),
    "achar": ("achar", "i", "char1", ""),
    "iachar": ("iachar", "c", "int", ""),
    "lge": ("lge", "string_a string_b", "bool", ""),
    "lgt": ("lgt", "string_a string_b", "bool", ""),
    "lle": ("lle", "string_a string_b", "bool", ""),
    "llt": ("llt", "string_a string_b", "bool", ""),
    "btest": ("btest", "i pos", "bool", "bits"),
    "ibset": ("ibset", "i pos", "same", "bits"),
    "ibclr": ("ibclr", "i pos", "same", "bits"),
    "ishft": ("ishft", "i shift", "same", "bits"),
    "shiftr": ("shiftr", "i shift", "same", "bits"),
    "ishftc": ("ishftc", "i shift|size", "same", "bits"),
    "ibits": ("ibits", "i pos len", "same", "bits"),
    "popcnt": ("popcnt", "i", "int", "bits"),
    "poppar": ("poppar", "i", "int", "bits"),
    "leadz": ("leadz", "i", "int", "bits"),
    "trailz": ("trailz", "i", "int", "bits"),
    "nearest": ("nearest", "x s", "same", "kind"),
    "spacing": ("spacing", "x", "same", "kind"),
    "rrspacing": ("rrspacing", "x", "same", "kind"),
    "fraction": ("fraction", "x", "same", "kind"),
    "set_exponent": ("set_exponent", "x i", "same", "kind"),
    "scale": ("scale", "x i", "same", "kind"),
    "ieee_is_nan": ("ieee_is_nan", "x", "bool", ""),
    "isnan": ("ieee_is_nan", "x", "bool", ""),  # GNU's ISNAN
    "ieee_is_finite": ("ieee_is_finite", "x", "bool", ""),
    "ieee_is_negative": ("ieee_is_negative", "x", "bool", ""),
    "ieee_is_normal": ("ieee_is_normal", "x", "bool", ""),
    "ieee_class": ("ieee_class", "x", "int", ""),
    "ieee_value": ("ieee_value", "x class", "same", "kind"),
    "ieee_copy_sign": ("ieee_copy_sign", "x y", "same", "kind"),
    "same_type_as": ("same_type_as", "a b", "bool", ""),
    "extends_type_of": ("extends_type_of", "a mold", "bool", ""),
}
_SUPPORT = ("ieee_support_nan", "ieee_support_inf", "ieee_support_datatype",
            "ieee_support_denormal", "ieee_support_standard", "ieee_support_sqrt",
            "ieee_support_divide", "ieee_support_rounding", "ieee_support_io")
_INQUIRY = ("radix", "digits", "maxexponent", "minexponent", "precision", "range",
            "bit_size", "new_line")
NAMES = frozenset(_TABLE) | frozenset(_SUPPORT) | frozenset(_INQUIRY) | {
    "transfer", "lbound", "ubound", "associated", "null"}

# IEEE_ARITHMETIC's named constants (gfortran's IEEE_CLASS numbering), as default integers
IEEE_CONSTANTS: dict[str, int] = {
    "ieee_signaling_nan": 1, "ieee_quiet_nan": 2, "ieee_negative_inf": 3,
    "ieee_negative_normal": 4, "ieee_negative_denormal": 5, "ieee_negative_zero": 6,
    "ieee_positive_zero": 7, "ieee_positive_denormal": 8, "ieee_positive_normal": 9,
    "ieee_positive_inf": 10, "ieee_other_value": 0, "ieee_negative_subnormal": 5,
    "ieee_positive_subnormal": 8,
}


def runtime_intrinsic(x: ExprLowering, name: str, args: tuple[ir.Expr, ...],
                      keywords: dict[str, ir.Expr]) -> ir.Expr:
    from transpyle.frontends.fortran.exprs import elem, rank, with_elem

    if name in _INQUIRY:
        return _inquiry(x, name, args, keywords)
    if name in _SUPPORT:
        return ir.Const(True, type=Logical(4), loc=x.loc)
    if name == "transfer":
        return _transfer(x, args, keywords)
    if name in ("lbound", "ubound"):
        return _bounds(x, name, args, keywords)
    if name == "associated":
        from transpyle.frontends.fortran.types import associated
        return associated(x, (*args, *keywords.values()))
    if name == "null":
        if args or keywords:
            raise x.error("NULL(mold) is not supported")
        return ir.Absent(type=None, loc=x.loc)
    func, dummies, result, added = _TABLE[name]
    kind = keywords.pop("kind", None)
    given = _bind(x, name, dummies, args, keywords)
    if name == "ishftc" and given[-1] is None:
        func, given = "ishftc2", given[:-1]
    first = elem(given[0].type)
    _check_argument(x, name, first, added)
    extra: list[ir.Expr] = []
    if added == "bits":
        extra.append(ir.Const(8 * first.kind, type=Integer(4), loc=x.loc))  # type: ignore[union-attr]
    elif added == "kind":
        extra.append(ir.Const(first.kind, type=Integer(4), loc=x.loc))  # type: ignore[union-attr]
    t: Type = {"int": Integer(4), "bool": Logical(4), "char1": Character(1),
               "chars": Character(None)}.get(result, first)  # type: ignore[arg-type]
    shaped = next((a.type for a in given if a is not None and rank(a.type)), None)
    values = tuple(a if a is not None else ir.Absent(type=None, loc=x.loc) for a in given)
    call: ir.Expr = ir.Call("fio." + func, (*values, *extra), type=with_elem(shaped, t),
                            loc=x.loc)
    if kind is not None and result == "int":
        from transpyle.frontends.fortran.exprs import fold
        k = fold(kind, x.scope)
        if not isinstance(k, int):
            raise x.error(f"the kind of {name.upper()} must be a constant")
        call = x.cast(call, Integer(k))
    return call


def _check_argument(x: ExprLowering, name: str, first: Type | None, added: str) -> None:
    from transpyle.frontends.fortran.interfaces import describe
    if added == "bits" and not isinstance(first, Integer):
        raise x.error(f"{name.upper()} of a {describe(first)} argument is not supported (an "
                      "INTEGER is)")
    if added == "kind" and not (isinstance(first, Real) and first.kind in (4, 8)):
        raise x.error(f"{name.upper()} of a {describe(first)} argument is not supported "
                      "(REAL(4) and REAL(8) are)")


def _bind(x: ExprLowering, name: str, dummies: str, args: tuple[ir.Expr, ...],
          keywords: dict[str, ir.Expr]) -> list[ir.Expr | None]:
    required, _, optional = dummies.partition("|")
    names = required.split() + optional.split()
    if len(args) > len(names):
        raise x.error(f"{name.upper()} takes at most {len(names)} arguments")
    given: list[ir.Expr | None] = [*args, *[None] * (len(names) - len(args))]
    for key, value in keywords.items():
        if key not in names:
            raise x.error(f"{name.upper()} has no argument {key.upper()}")
        given[names.index(key)] = value
    for k, dummy in enumerate(required.split()):
        if given[k] is None:
            raise x.error(f"{name.upper()} needs its argument {dummy.upper()}")
    return given


def _inquiry(x: ExprLowering, name: str, args: tuple[ir.Expr, ...],
             keywords: dict[str, ir.Expr]) -> ir.Expr:
    """The numeric model's constants of the argument's type (gfortran's, x86-64)."""
    from transpyle.frontends.fortran.exprs import elem

    values = [*args, *keywords.values()]
    if len(values) != 1:
        raise x.error(f"{name.upper()} takes one argument")
    t = elem(values[0].type)
    if name == "new_line":
        return ir.Const("\n", type=Character(1), loc=x.loc)
    if isinstance(t, Complex):
        t = Real(t.kind // 2)
    value: int | None = None
    if name == "radix" and isinstance(t, Integer | Real):
        value = 2
    elif isinstance(t, Integer):
        if name == "bit_size":  # of the argument's kind
            return ir.Const(8 * t.kind, type=t, loc=x.loc)
        value = {"digits": 8 * t.kind - 1,
                 "range": {1: 2, 2: 4, 4: 9, 8: 18}.get(t.kind)}.get(name)
    elif isinstance(t, Real) and t.kind in (4, 8):
        k = 0 if t.kind == 4 else 1
        value = {"digits": (24, 53), "maxexponent": (128, 1024),
                 "minexponent": (-125, -1021), "precision": (6, 15),
                 "range": (37, 307)}.get(name, (None, None))[k]
    if value is None:
        from transpyle.frontends.fortran.interfaces import describe
        raise x.error(f"{name.upper()} of a {describe(t)} argument is not supported")
    return ir.Const(value, type=Integer(4), loc=x.loc)


_CODE_OF = {Integer: "i", Real: "f", Complex: "c", Logical: "l"}


def _code(x: ExprLowering, t: Type | None, what: str) -> str:
    for cls, letter in _CODE_OF.items():
        if isinstance(t, cls):
            return f"{letter}{t.kind}"  # type: ignore[attr-defined]
    from transpyle.frontends.fortran.interfaces import describe
    raise x.error(f"TRANSFER with a {describe(t)} {what} is not supported (INTEGER, REAL, "
                  "COMPLEX and LOGICAL are)")


def _transfer(x: ExprLowering, args: tuple[ir.Expr, ...],
              keywords: dict[str, ir.Expr]) -> ir.Expr:
    """TRANSFER(source, mold[, size]) of numeric and logical types: the runtime reads the
    source's bytes as the mould's type; the result a scalar where MOLD is one and SIZE is
    absent, else a vector."""
    from transpyle.frontends.fortran.exprs import elem, rank

    source, mold, size = _bind(x, "transfer", "source mold|size", args, keywords)
    assert source is not None and mold is not None
    src_code = _code(x, elem(source.type), "SOURCE")
    mold_t = elem(mold.type)
    mold_code = _code(x, mold_t, "MOLD")
    if mold_code[0] == "l" and src_code[0] != "l":
        raise x.error("TRANSFER of a non-LOGICAL SOURCE to a LOGICAL MOLD is not supported: "
                      "a migrated LOGICAL is True or False and does not keep the source's bits")
    scalar = size is None and not rank(mold.type)
    t: Type = mold_t if scalar else Array(mold_t, 1, "F", (1,))  # type: ignore[arg-type]
    values = (source, ir.Const(src_code, type=Character(len(src_code)), loc=x.loc),
              ir.Const(mold_code, type=Character(len(mold_code)), loc=x.loc),
              size if size is not None else ir.Absent(type=None, loc=x.loc),
              ir.Const(scalar, type=Logical(4), loc=x.loc))
    return ir.Call("fio.transfer", values, type=t, loc=x.loc)


def _bounds(x: ExprLowering, name: str, args: tuple[ir.Expr, ...],
            keywords: dict[str, ir.Expr]) -> ir.Expr:
    """LBOUND/UBOUND: the runtime is given the declared lower bounds (a variable's, those
    known at run time too; 1 for any other array expression)."""
    from transpyle.frontends.fortran.exprs import fold, rank

    kind = keywords.pop("kind", None)
    array, dim = _bind(x, name, "array|dim", args, keywords)
    assert array is not None
    r = rank(array.type)
    if not r:
        raise x.error(f"{name.upper()} of a scalar")
    lowers: list[ir.Expr] = [ir.Const(1, type=Integer(4), loc=x.loc)] * r
    if isinstance(array, ir.Name):
        sym = x.scope.find(array.id)
        if sym is not None and sym.dims is not None:
            t = sym.ir_type()
            low = t.lower if isinstance(t, Array) else None
            for k in range(r):
                shift = sym.shifts[k] if sym.shifts else None
                if shift is not None:
                    lowers[k] = shift
                elif low is not None and low[k] is not None:
                    lowers[k] = ir.Const(int(low[k]), type=Integer(4), loc=x.loc)
    elif isinstance(array, ir.Field) and isinstance(array.type, Array):
        lowers = [ir.Const(int(lo if lo is not None else 1), type=Integer(4), loc=x.loc)
                  for lo in array.type.lower]
    k = 4
    if kind is not None:
        value = fold(kind, x.scope)
        if not isinstance(value, int):
            raise x.error(f"the kind of {name.upper()} must be a constant")
        k = value
    t = Integer(k) if dim is not None else Array(Integer(k), 1, "F", (1,))
    call = ir.Call("fio.bounds", (array, dim if dim is not None else
                                  ir.Absent(type=None, loc=x.loc),
                                  ir.Const(name == "ubound", type=Logical(4), loc=x.loc),
                                  *lowers), type=t, loc=x.loc)
    return call
