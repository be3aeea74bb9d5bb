"""Fortran's transformational array intrinsics -> calls of the runtime (`fio.`).

Reductions with DIM= and MASK= (MAXLOC, MINLOC, FINDLOC, MAXVAL, MINVAL, SUM, PRODUCT, ANY,
ALL, COUNT, NORM2) and the array constructors of the library (RESHAPE, SPREAD, PACK, UNPACK, CSHIFT,
EOSHIFT): their arguments put in the order of the runtime's function (absent ones None), the
result typed as Fortran types it (its rank from the arguments' ranks, an integer KIND= folded).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import ARRAY_CALLS
from transpyle.ir.types import Array, Character, Complex, Integer, Logical, Real, Type

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering

# the dummy arguments of each intrinsic, in Fortran's order; the runtime's function takes them so
_RUNTIME = {fortran: runtime for runtime, (fortran, _) in ARRAY_CALLS.items()}
_ARGS = {fortran: dummies for fortran, dummies in ARRAY_CALLS.values()}
_LOCS = ("maxloc", "minloc", "findloc")
# the reductions that the table of intrinsics (ir/intrinsics.py) keeps where neither DIM nor
# MASK is given: SUM and PRODUCT in order (fio.total), ANY, ALL and COUNT as NumPy's
_PLAIN = ("sum", "product", "any", "all", "count")
ARRAY_INTRINSICS = frozenset(_ARGS)


def array_intrinsic(x: ExprLowering, name: str, args: tuple[ir.Expr, ...],
                    keywords: dict[str, ir.Expr]) -> ir.Expr | None:
    """The call of the runtime for `name`, or None where the table's lowering serves."""
    from transpyle.frontends.fortran.exprs import elem, rank

    from transpyle.frontends.fortran.exprs import fold

    given = _bind(x, name, args, keywords)
    if name == "size" and (given.get("dim") is None or isinstance(fold(given["dim"], x.scope),
                                                                   int)):
        return None  # the table's SIZE: a constant DIM is the axis
    if name == "shape" and isinstance(given.get("source"), ir.Name) and \
            given.get("kind") is None:  # a declared constant shape: folded (it may be the
        sym = x.scope.find(given["source"].id)  # PARAMETER's own, in its initialiser)
        extents = [] if sym is None or sym.dims is None or sym.deferred or sym.allocatable \
            or sym.pointer else [_extent_of(x, d) for d in sym.dims]
        if extents and all(isinstance(e, int) for e in extents):
            i4 = Integer(4)
            return ir.ArrayLiteral(tuple(ir.Const(e, type=i4, loc=x.loc) for e in extents),
                                   type=Array(i4, 1, "F", (1,)), loc=x.loc)
    if name in _PLAIN and given.get("dim") is None and \
            (name in ("any", "all", "count") or given.get("mask") is None):
        return None
    first = given[_ARGS[name][0]]
    if name in ("iall", "iany", "iparity") and not isinstance(elem(first.type), Integer):
        raise x.error(f"{name.upper()} takes an INTEGER array")
    if name == "norm2" and not isinstance(elem(first.type), Real):
        raise x.error("NORM2 takes a REAL array")
    if name in ("maxval", "minval") and not _numeric(first, False) \
            or name in ("maxloc", "minloc") and not _numeric(first, False) \
            and not isinstance(elem(first.type), Character) \
            or name == "findloc" and isinstance(elem(first.type), Character):
        raise x.error(f"{name.upper()} of a {_kind_text(first)} array is not supported",
                      hint="INTEGER and REAL arrays are" + (", COMPLEX and LOGICAL ones too"
                                                            if name == "findloc" else ""))
    t = _result_type(x, name, given)
    if name == "spread" and not rank(first.type):  # a scalar: one element, DIM 0 says so
        given["source"] = ir.ArrayLiteral((first,), type=_array(t.elem, 1), loc=x.loc)  # type: ignore[union-attr]
        given["dim"] = ir.Const(0, type=Integer(4), loc=x.loc)
    values = tuple(given.get(a) or ir.Absent(type=None, loc=x.loc) for a in _ARGS[name])
    return ir.Call("fio." + _RUNTIME[name], values, type=t, loc=x.loc)


def _bind(x: ExprLowering, name: str, args: tuple[ir.Expr, ...],
          keywords: dict[str, ir.Expr]) -> dict[str, ir.Expr]:
    """The actual arguments by their dummies' names, Fortran's rules for leaving out DIM: the
    argument after ARRAY (after VALUE of FINDLOC) is MASK where it is LOGICAL."""
    from transpyle.frontends.fortran.exprs import elem

    dummies = list(_ARGS[name])
    if name in _LOCS + ("maxval", "minval", "sum", "product", "iall", "iany", "iparity"):
        at = dummies.index("dim")
        if len(args) > at and isinstance(elem(args[at].type), Logical):
            dummies.remove("dim")
            dummies.insert(dummies.index("mask") + 1, "dim")
    if len(args) > len(dummies):
        raise x.error(f"{name.upper()} takes at most {len(dummies)} arguments, got {len(args)}")
    given = dict(zip(dummies, args, strict=False))
    for key, value in keywords.items():
        if key not in _ARGS[name]:
            raise x.error(f"{name.upper()} has no argument {key.upper()}",
                          hint="its arguments: " + ", ".join(a.upper() for a in _ARGS[name]))
        if key in given:
            raise x.error(f"argument {key.upper()} of {name.upper()} given twice")
        given[key] = value
    needed = {"findloc": 2, "reshape": 2, "spread": 3, "pack": 2, "unpack": 3, "cshift": 2,
              "eoshift": 2}.get(name, 1)
    missing = [a.upper() for a in _ARGS[name][:needed] if a not in given]
    if missing:
        raise x.error(f"{name.upper()} needs its argument {', '.join(missing)}")
    return given


def _numeric(e: ir.Expr, complex_ok: bool = True) -> bool:
    from transpyle.frontends.fortran.exprs import elem

    t = elem(e.type)
    return isinstance(t, Integer | Real) or (complex_ok and isinstance(t, Complex))


def _kind_text(e: ir.Expr) -> str:
    from transpyle.frontends.fortran.exprs import elem

    return type(elem(e.type)).__name__.upper()


def _constant_int(x: ExprLowering, name: str, key: str, e: ir.Expr) -> int:
    from transpyle.frontends.fortran.exprs import fold

    value = fold(e, x.scope)
    if not isinstance(value, int):
        raise x.error(f"the {key.upper()} of {name.upper()} must be a constant")
    return value


def _array(t: Type, r: int) -> Type:
    return Array(t, r, "F", (1,) * r) if r > 0 else t  # type: ignore[arg-type]


def _result_type(x: ExprLowering, name: str, given: dict[str, ir.Expr]) -> Type:
    from transpyle.frontends.fortran.exprs import elem, rank

    first = given[_ARGS[name][0]]
    if name in ("iall", "iany", "iparity") and not isinstance(elem(first.type), Integer):
        raise x.error(f"{name.upper()} takes an INTEGER array")
    r, t = rank(first.type), elem(first.type)
    assert t is not None
    dim = given.get("dim")
    if name in _LOCS + ("count", "shape", "size"):
        kind = given.get("kind")
        k = 4 if kind is None else _constant_int(x, name, "kind", kind)
        if k not in (1, 2, 4, 8):
            raise x.error(f"KIND={k} of {name.upper()} is no integer kind")
        if name == "shape":
            return Array(Integer(k), 1, "F", (1,))
        if name == "size":
            return Integer(k)
        if name == "count" or dim is not None:
            return _array(Integer(k), r - 1)
        return Array(Integer(k), 1, "F", (1,))
    if name in ("maxval", "minval", "sum", "product", "any", "all", "iall", "iany",
                "iparity", "norm2"):
        return _array(t, r - 1 if dim is not None else 0)
    if name == "reshape":
        return _array(t, _extent(x, given["shape"]))
    if name == "spread":
        return _array(t, r + 1)
    if name == "pack":
        return _array(t, 1)
    if name == "unpack":
        vector, mask = given["vector"], given["mask"]
        return _array(elem(vector.type), rank(mask.type))  # type: ignore[arg-type]
    if name in ("cshift", "eoshift"):
        if name == "eoshift" and isinstance(t, Character) and "boundary" not in given:
            if t.length is None:  # the default BOUNDARY: blanks of the elements' length
                raise x.error("EOSHIFT of a CHARACTER array whose length is not known here "
                              "needs a BOUNDARY")
            given["boundary"] = ir.Const(" " * t.length, type=t, loc=x.loc)
        return first.type  # type: ignore[return-value]
    raise AssertionError(name)


def _extent(x: ExprLowering, shape: ir.Expr) -> int:
    """The number of elements of RESHAPE's SHAPE, which must be known here: the rank of the
    result."""
    from transpyle.frontends.fortran.exprs import fold, rank

    if rank(shape.type) != 1:
        raise x.error("the SHAPE of RESHAPE must be an array of rank one")
    if isinstance(shape, ir.ArrayLiteral) and all(
            not rank(e.type) and not isinstance(e, ir.ImpliedDo) for e in shape.elements):
        return len(shape.elements)
    if isinstance(shape, ir.Call) and shape.func == "fio.shape_of":
        return rank(shape.args[0].type)
    if isinstance(shape, ir.Name):
        sym = x.scope.find(shape.id)
        if sym is not None and sym.dims is not None and len(sym.dims) == 1:
            d = sym.dims[0]
            lo = 1 if d.lower is None else fold(d.lower, x.scope)
            hi = None if d.upper is None else fold(d.upper, x.scope)
            if isinstance(lo, int) and isinstance(hi, int):
                return max(hi - lo + 1, 0)
    raise x.error("RESHAPE with a SHAPE whose size is not known where it is read is not "
                  "supported", hint="give SHAPE as an array constructor, [n, m]")


def _extent_of(x: ExprLowering, d: ir.Dim) -> int | None:
    from transpyle.frontends.fortran.exprs import fold

    lo = fold(d.lower, x.scope) if d.lower is not None else 1
    hi = fold(d.upper, x.scope) if d.upper is not None else None
    return max(hi - lo + 1, 0) if isinstance(lo, int) and isinstance(hi, int) else None
