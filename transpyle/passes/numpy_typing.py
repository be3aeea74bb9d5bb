"""Typing of the NumPy calls of `frontends/python/numpy_calls.py`, with NumPy 2's result types.

- `np.sum` / `np.prod` of integers smaller than int64 and of bools give int64; `np.mean` of
  integers float64, of floats their own type; `np.max` / `np.min` keep the element type.
- An axis reduction of a matrix is a vector; of a vector the full reduction.
- `np.cumsum` as `np.sum`; `np.arange` of ints int64, with a float float64; `np.linspace`
  float64; `np.sign`, `np.clip` the promoted type of their operands (literals weak, NEP 50).
- `*_like` keep the array's element type and order; `x.copy()` / `np.copy` the array's type;
  `x.T` of a vector is the vector, of a matrix its transpose.
Lowering for Fortran is `numpy_lowering.py`'s; the Python backend writes the calls as NumPy.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, FLOAT64, INT64, Array, Complex, Integer, Logical, Real, element
from transpyle.passes.numpy_arrays import ARRAY_OPS, REWRITTEN, last_axis, type_array_op
from transpyle.passes.numpy_lowering import operand_shaping
from transpyle.passes.safety.shapes import shape_of

AXIS_REDUCTIONS = frozenset(("sum", "product", "maxval", "minval", "mean"))
NUMPY_NAMES = frozenset(("np_sign", "clip", "cumsum", "copy", "transpose", "zeros_like",
                         "ones_like", "empty_like", "full_like", "full", "arange", "linspace",
                         "mean", "zeros_as", "ones_as", "empty_as", "norm", "zeros_shaped",
                         "ones_shaped", "empty_shaped", "var", "std", "argmax", "argmin",
                         "isnan", "isinf", "isfinite", "logical_not", "logical_and",
                         "logical_or", "logical_xor", "square", "array_of", "ndim",
                         "astype", "np_add", "np_subtract", "np_multiply", "np_divide",
                         "np_true_divide", "np_floor_divide", "np_power", "np_mod",
                         "np_remainder"))
_UFUNC_OPS = {"np_add": "+", "np_subtract": "-", "np_multiply": "*", "np_divide": "/",
              "np_true_divide": "/", "np_floor_divide": "//", "np_power": "**", "np_mod": "%",
              "np_remainder": "%"}
_PYTHON = {"np_sign": "np.sign", "clip": "np.clip", "cumsum": "np.cumsum", "mean": "np.mean",
           "sum": "np.sum", "product": "np.prod", "maxval": "np.max", "minval": "np.min"}


def is_numpy_intrinsic(e: ir.Intrinsic) -> bool:
    return e.name in NUMPY_NAMES or e.name in ARRAY_OPS or e.name in REWRITTEN or e.name in ("sum", "product") or (
        e.name in AXIS_REDUCTIONS and len(e.args) == 2)


def _error(loc: ir.SourceLoc, message: str, hint: str | None = None) -> TranspileError:
    return TranspileError(loc, message, hint, code="E-type")


def _array(e: ir.Expr, what: str) -> Array:
    if not isinstance(e.type, Array) or e.type.rank is None:
        raise _error(e.loc, f"{what} needs an array here, not {e.type}")
    return e.type


def _accumulated(elem: Any) -> Any:
    """The element type of a sum or product (NumPy's default integer for small ones)."""
    return INT64 if isinstance(elem, Logical | Integer) else elem


def type_numpy(typer: Any, e: ir.Intrinsic) -> ir.Expr:
    """`e` typed; `typer` is the function's type pass (`expr`, `unify`, `cast`, ...). The
    typed call keeps `e`'s origin (a NumPy scalar result: passes/scalar_origin.py)."""
    out = _typed(typer, e)
    if isinstance(out, ir.Intrinsic) and out.origin is None and e.origin is not None:
        out = dataclasses.replace(out, origin=e.origin)
    return out


def _typed(typer: Any, e: ir.Intrinsic) -> ir.Expr:
    if e.name in ("zeros_as", "ones_as", "empty_as"):  # np.empty(n, dtype=x.dtype)
        like = typer.expr(e.args[0])
        dims = tuple(typer.cast(typer.expr(d), INT64) for d in e.args[1:])
        elem = element(like.type)
        return ir.Intrinsic(e.name.removesuffix("_as"), dims,
                            type=Array(elem, len(dims), "C"), loc=e.loc)  # type: ignore[arg-type]
    if e.name == "norm":
        return _norm(typer, e)
    if e.name.endswith("_shaped"):  # np.zeros(x.shape, dtype=...)
        return _shaped(typer, e)
    args = [typer.expr(a) for a in e.args]
    if e.name in _UFUNC_OPS:  # np.add(x, y) of an array is x + y (NumPy's rules already)
        if not any(isinstance(a.type, Array) for a in args):
            raise _error(e.loc, f"np.{e.name[3:]} of two scalars is not translated (a NumPy "
                         "scalar result, with NumPy's rules)", "write the operator")
        return typer.expr(ir.BinOp(_UFUNC_OPS[e.name], e.args[0], e.args[1], loc=e.loc))
    if e.name in AXIS_REDUCTIONS and (len(args) == 2 or e.name in ("mean", "sum",
                                                                   "product")):
        return _reduction(typer, e, args)
    if e.name in ARRAY_OPS or e.name in REWRITTEN:  # reshape, x[idx], ...: numpy_arrays.py
        return type_array_op(typer, e, args)
    rule = globals()["_" + e.name]
    return rule(typer, e, args)  # type: ignore[no-any-return]


def _reduction(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    x = args[0]
    t = _array(x, _PYTHON[e.name])
    if isinstance(t.elem, Complex) and (e.name not in ("product", "sum") or len(args) == 2) or (
            e.name in ("maxval", "minval", "mean") and isinstance(t.elem, Logical)):
        raise _error(e.loc, f"{_PYTHON[e.name]} of a {t.elem} array is not translated")
    elem = FLOAT64 if e.name == "mean" and not isinstance(t.elem, Real) else \
        _accumulated(t.elem) if e.name in ("sum", "product") else t.elem
    if elem != t.elem and e.name != "mean":  # NumPy sums small ints as its default int
        x = typer.cast_array(x, elem)
    if len(args) == 1:
        return ir.Intrinsic(e.name, (x,), type=elem, loc=e.loc)
    axis = args[1]
    assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
    rank = t.rank or 0
    k = axis.value + rank if axis.value < 0 else axis.value
    if not 0 <= k < rank:
        raise TranspileError(axis.loc, f"axis {axis.value} is out of bounds for array of "
                             f"dimension {rank}", code="E-type")
    if rank == 1:
        return typer.expr(ir.Intrinsic(e.name, (e.args[0],), loc=e.loc))
    if rank == 3 and k == 2 and t.order == "C":  # each contiguous run: numpy_arrays.py
        return typer.expr(last_axis(e, x))
    if rank != 2:
        raise _error(e.loc, f"{_PYTHON[e.name]} along an axis of a rank-{rank} array is not "
                     "translated (matrices are, and the last axis of a C-ordered cube)")
    if e.name == "mean" and not isinstance(t.elem, Real):
        raise _error(e.loc, "np.mean of an integer matrix along an axis is not translated",
                     "convert first: np.mean(x.astype(np.float64), axis=...) sums as NumPy "
                     "does")
    k_const = ir.Const(k, type=INT64, loc=axis.loc)
    return ir.Intrinsic(e.name, (x, k_const), type=Array(elem, 1, "C"), loc=e.loc)


def _np_sign(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    (x,) = args
    elem = element(x.type)  # type: ignore[arg-type]
    if not isinstance(elem, Integer | Real):
        raise _error(e.loc, f"np.sign of {elem} is not translated")
    return ir.Intrinsic("np_sign", (x,), type=x.type, loc=e.loc)


def _predicate(e: ir.Intrinsic, x: ir.Expr, kinds: tuple[type, ...]) -> ir.Expr:
    elem = element(x.type)  # type: ignore[arg-type]
    if not isinstance(elem, kinds):
        raise _error(e.loc, f"np.{e.name} of {elem} is not translated")
    t = dataclasses.replace(x.type, elem=BOOL, lower=None) if isinstance(x.type, Array) \
        else BOOL
    return ir.Intrinsic(e.name, (x,), type=t, loc=e.loc)


def _isnan(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    return _predicate(e, args[0], (Integer, Real, Complex, Logical))


_isfinite = _isnan


def _isinf(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    return _predicate(e, args[0], (Integer, Real, Logical))


def _truth(x: ir.Expr) -> ir.Expr:
    """`x` as NumPy's logical functions read it: nonzero is true (NaN too)."""
    if isinstance(element(x.type), Logical):  # type: ignore[arg-type]
        return x
    zero = ir.Const(0, type=element(x.type), loc=x.loc)  # type: ignore[arg-type]
    t = dataclasses.replace(x.type, elem=BOOL, lower=None) if isinstance(x.type, Array) \
        else BOOL
    return ir.Compare("!=", x, zero, type=t, loc=x.loc)


def _logical_not(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    x = _truth(args[0])
    return ir.Intrinsic(e.name, (x,), type=x.type, loc=e.loc)


def _logical_and(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    a, b = (_truth(x) for x in args)
    t = next((x.type for x in (a, b) if isinstance(x.type, Array)), BOOL)
    return ir.Intrinsic(e.name, (a, b), type=t, loc=e.loc)


_logical_or = _logical_xor = _logical_and


def _square(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    (x,) = args
    elem = element(x.type)  # type: ignore[arg-type]
    if not isinstance(elem, Integer | Real):
        raise _error(e.loc, f"np.square of {elem} is not translated")
    return ir.Intrinsic("square", (x,), type=x.type, loc=e.loc)


def _clip(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    x, lo, hi = args
    _, _, t1 = typer.unify(x, lo, "np.clip", e.loc)
    probe = dataclasses.replace(x, type=t1) if not isinstance(x, ir.Const) else x
    _, _, t = typer.unify(probe, hi, "np.clip", e.loc)
    elem = element(t)
    if not isinstance(elem, Integer | Real):
        raise _error(e.loc, f"np.clip of {elem} is not translated")
    cast = [typer.cast_array(a, elem) for a in args]
    return ir.Intrinsic("clip", tuple(cast), type=t, loc=e.loc)


def _cumsum(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    (x,) = args
    t = _array(x, "np.cumsum")
    if t.rank in (2, 3) and not isinstance(t.elem, Complex):  # of the C-order ravel
        x = typer.expr(ir.Intrinsic("ravel", (e.args[0],), origin="numpy", loc=e.loc))
        t = _array(x, "np.cumsum")
    if t.rank != 1 or isinstance(t.elem, Complex):
        raise _error(e.loc, f"np.cumsum of a {t} is not translated (vectors of ints and "
                     "floats are)")
    elem = _accumulated(t.elem)
    return ir.Intrinsic("cumsum", (typer.cast_array(x, elem),), type=Array(elem, 1, "C"),
                        loc=e.loc)


def _copy(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    """np.copy(x) keeps x's layout, x.copy() (the frontend's carrier type says so) is C."""
    (x,) = args
    t = _array(x, "copy()")
    if isinstance(e.type, Array) and e.type.rank is None:
        t = dataclasses.replace(t, order=e.type.order)
    # a NumPy array, also of a list (np.array([...]): lists.py)
    return ir.Intrinsic("copy", (x,), type=dataclasses.replace(t, lower=None, pylist=False),
                        loc=e.loc)


def _astype(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    """x.astype(dt): a new array (NumPy's order 'K': x's layout) of dt; the conversions
    that NumPy and Fortran make alike (to a float or complex of integers and bools, between
    float kinds, to a wider integer, to bool: nonzero). A float to an integer (NaN and
    overflow differ) and a narrower integer are refused."""
    (x,) = args
    t = _array(x, "astype()")
    to = e.type.elem  # type: ignore[union-attr]
    src = t.elem
    new = dataclasses.replace(t, elem=to, lower=None, pylist=False)
    if to == src:
        return ir.Intrinsic("copy", (x,), type=new, loc=e.loc)
    if isinstance(to, Logical):
        zero = ir.Const(0, type=src, loc=e.loc)
        return ir.Compare("!=", x, zero, type=new, loc=e.loc)
    exact = isinstance(to, Real | Complex) and isinstance(src, Integer | Logical | Real) or (
        isinstance(to, Complex) and isinstance(src, Complex)) or (
        isinstance(to, Integer) and isinstance(src, Integer | Logical) and (
            isinstance(src, Logical) or to.kind >= src.kind))
    if not exact:
        raise _error(e.loc, f"astype from {src} to {to} is not translated (NumPy's cast of "
                     "NaN, of values out of range and of narrower integers is its own)")
    return ir.Cast(x, type=new, loc=e.loc)


def _ndim(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    return ir.Const(_array(args[0], "x.ndim").rank, type=INT64, loc=e.loc)


def _array_of(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    """np.array([e for i in range(n)]): NumPy makes an empty one float64, whatever `e` is."""
    elem = element(args[0].type)  # type: ignore[arg-type]
    if elem != FLOAT64:
        raise _error(e.loc, f"np.array of a comprehension of {elem}: NumPy makes an empty one "
                     "float64", "give its dtype: np.array([...], dtype=np.int64)")
    return _copy(typer, e, args)


def _transpose(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    (x,) = args
    t = _array(x, "transpose")
    if t.rank == 1:
        return x  # the same vector (a view of it, as NumPy's)
    if t.rank != 2:
        raise _error(e.loc, f"the transpose of a rank-{t.rank} array is not translated")
    return ir.Intrinsic("transpose", (x,), type=dataclasses.replace(t, lower=None), loc=e.loc)


def _like(e: ir.Intrinsic, x: ir.Expr, kind: str, fill: tuple[ir.Expr, ...] = ()) -> ir.Expr:
    t = _array(x, f"np.{e.name}")
    if isinstance(e.type, Array) and e.type.rank is None:  # dtype= given (a carrier type)
        t = dataclasses.replace(t, elem=e.type.elem)
    source = operand_shaping(x)
    shape = shape_of(source) if source is not None else None
    if shape is None:
        raise _error(x.loc, f"np.{e.name} of this expression is not translated",
                     "assign the expression to a variable first")
    dims = shape
    return ir.Intrinsic(kind, (*fill, *dims), type=dataclasses.replace(t, lower=None), loc=e.loc)


def _zeros_like(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    return _like(e, args[0], "zeros")


def _ones_like(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    return _like(e, args[0], "ones")


def _empty_like(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    return _like(e, args[0], "empty")


def _full_like(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    x, value = args
    elem = _array(x, "np.full_like").elem
    return _like(e, x, "full", (_fill_value(typer, value, elem),))


def _fill_value(typer: Any, value: ir.Expr, elem: Any) -> ir.Expr:
    if isinstance(value.type, Array):
        raise _error(value.loc, "an array fill value is not translated (a scalar is)")
    return typer.cast(value, elem)


def _full(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    value, *dims = args
    elem = value.type
    if not isinstance(elem, Integer | Real | Complex | Logical):
        raise _error(value.loc, f"np.full of {elem} is not translated")
    dims = [typer.cast(d, INT64) for d in dims]
    return ir.Intrinsic("full", (value, *dims), type=Array(elem, len(dims), "C"), loc=e.loc)


def _arange(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    if len(args) == 2:
        args.append(ir.Const(1, type=INT64, loc=e.loc))
    for a in args:
        if not isinstance(a.type, Integer | Real):
            raise _error(a.loc, f"np.arange of {a.type} is not translated (ints and floats "
                         "are)")
    elem = FLOAT64 if any(isinstance(a.type, Real) for a in args) else INT64
    cast = tuple(typer.cast(a, elem) for a in args)
    return ir.Intrinsic("arange", cast, type=Array(elem, 1, "C"), loc=e.loc)


def _linspace(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    start, stop, num = args
    for a in (start, stop):
        if not isinstance(a.type, Integer | Real) or isinstance(a.type, Real) and \
                a.type.kind != 8:
            raise _error(a.loc, f"np.linspace from {a.type} is not translated (ints and "
                         "float64 are)")
    if not isinstance(num.type, Integer):
        raise _error(num.loc, "the number of samples of np.linspace must be an integer")
    cast = (typer.cast(start, FLOAT64), typer.cast(stop, FLOAT64), typer.cast(num, INT64))
    return ir.Intrinsic("linspace", cast, type=Array(FLOAT64, 1, "C"), loc=e.loc)


def _norm(typer: Any, e: ir.Intrinsic) -> ir.Expr:
    """np.linalg.norm of a vector: numpy/linalg: sqrt(x.dot(x)), an integer or bool vector
    converted to float64 first; the dot product is NumPy's own BLAS call (passes/products)."""
    (arg,) = e.args
    x = typer.expr(arg)
    t = _array(x, "np.linalg.norm")
    if t.rank != 1 or isinstance(t.elem, Complex):
        raise _error(e.loc, f"np.linalg.norm of a {t} is not translated (of a real vector "
                     "it is)")
    if not isinstance(t.elem, Real):
        arg = ir.Cast(arg, type=FLOAT64, loc=arg.loc)
    dot = ir.Intrinsic("dot", (arg, arg), loc=e.loc)
    return typer.expr(ir.Intrinsic("sqrt", (dot,), loc=e.loc))


def _shaped(typer: Any, e: ir.Intrinsic) -> ir.Expr:
    x = typer.expr(e.args[0])
    t = _array(x, "x.shape")
    shape = shape_of(x) if isinstance(x, ir.Name | ir.Subscript) else None
    if shape is None:
        raise _error(x.loc, "the shape of an expression as a shape is not translated",
                     "assign the expression to a variable first")
    carrier = e.type
    if len(e.args) == 2:
        elem, order = element(typer.expr(e.args[1]).type), "C"
    else:
        assert isinstance(carrier, Array)
        elem, order = carrier.elem, carrier.order
    return ir.Intrinsic(e.name.removesuffix("_shaped"), shape,
                        type=Array(elem, t.rank, order), loc=e.loc)  # type: ignore[arg-type]


def _var(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    x, ddof, *axis = args
    t = _array(x, f"np.{e.name}")
    if axis and t.rank == 1:
        return _var(typer, e, args[:2])  # a vector's only axis: the whole vector
    if axis:
        return _var_along(typer, e, x, ddof, axis[0])
    if isinstance(t.elem, Complex) or (t.rank or 0) > 2:
        raise _error(e.loc, f"np.{e.name} of a {t} is not translated (of real vectors and "
                     "matrices it is)")
    if not isinstance(ddof.type, Integer):
        raise _error(ddof.loc, "ddof must be an integer here")
    elem = t.elem if isinstance(t.elem, Real) else FLOAT64
    if isinstance(t.elem, Logical):  # its values, as float64 later
        x = typer.cast_array(x, INT64)
    return ir.Intrinsic(e.name, (x, typer.cast(ddof, INT64)), type=elem, loc=e.loc)


_std = _var


def _argmax(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    (x,) = args
    t = _array(x, f"np.{e.name}")
    if not isinstance(t.elem, Integer | Real) or (t.rank or 0) > 2:
        raise _error(e.loc, f"np.{e.name} of a {t} is not translated (of int and float "
                     "vectors and matrices it is)")
    return ir.Intrinsic(e.name, (x,), type=INT64, loc=e.loc)


_argmin = _argmax


def _var_along(typer: Any, e: ir.Intrinsic, x: ir.Expr, ddof: ir.Expr, axis: ir.Expr) -> ir.Expr:
    t = x.type
    assert isinstance(t, Array) and isinstance(axis, ir.Const) and isinstance(axis.value, int)
    if t.rank != 2 or not isinstance(t.elem, Real) or not isinstance(ddof.type, Integer):
        raise _error(e.loc, f"np.{e.name} along an axis of a {t} is not translated (of a "
                     "float matrix, with an integer ddof, it is)")
    k = axis.value + 2 if axis.value < 0 else axis.value
    if not 0 <= k < 2:
        raise TranspileError(axis.loc, f"axis {axis.value} is out of bounds for array of "
                             "dimension 2", code="E-type")
    k_const = ir.Const(k, type=INT64, loc=axis.loc)
    return ir.Intrinsic(e.name, (x, typer.cast(ddof, INT64), k_const),
                        type=Array(t.elem, 1, "C"), loc=e.loc)
