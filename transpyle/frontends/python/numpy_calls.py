"""Python frontend: the NumPy people write beyond elementwise maths (issue 14).

Array methods (`x.sum()`, `x.mean(axis=0)`, `x.copy()`, `x.fill(v)`, `x.dot(y)`, `x.T`,
`x.ndim`, `x.astype(dt)`), reductions with
an axis, `np.*_like`, `np.full`, `np.sign`, `np.clip`, `np.cumsum`, `np.arange`,
`np.linspace`, `np.transpose`, `np.copyto`, `np.isnan` / `isinf` / `isfinite`, `np.logical_*`, `np.square`, and a dtype given positionally or as `x.dtype`. Each becomes an
IR `Intrinsic`; `passes/numpy_typing.py` types them and `passes/numpy_lowering.py` computes
them as NumPy does. Keyword arguments are bound to NumPy's parameter order here, and one that
changes the result in a way not translated is refused where it is written.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Protocol

from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.python.numpy_arrays import array_function, array_method
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Logical, Type

# reduction name (NumPy's, also the method's) -> IR intrinsic
REDUCTIONS = {"sum": "sum", "prod": "product", "max": "maxval", "min": "minval",
              "amax": "maxval", "amin": "minval", "mean": "mean"}
# NumPy function -> (IR intrinsic, parameter names in NumPy's order, how many are required)
FUNCTIONS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "sign": ("np_sign", ("x",), 1),
    "clip": ("clip", ("a", "a_min", "a_max"), 3),
    "cumsum": ("cumsum", ("a",), 1),
    "copy": ("copy", ("a",), 1),
    "transpose": ("transpose", ("a",), 1),
    "zeros_like": ("zeros_like", ("a",), 1),
    "ones_like": ("ones_like", ("a",), 1),
    "empty_like": ("empty_like", ("a",), 1),
    "full_like": ("full_like", ("a", "fill_value"), 2),
    "arange": ("arange", ("start", "stop", "step"), 1),
    "linspace": ("linspace", ("start", "stop", "num"), 3),
    "argmax": ("argmax", ("a",), 1),
    "argmin": ("argmin", ("a",), 1),
    # elementwise predicates and logic (passes/numpy_typing.py, numpy_lowering.py)
    "isnan": ("isnan", ("x",), 1),
    "isinf": ("isinf", ("x",), 1),
    "isfinite": ("isfinite", ("x",), 1),
    "logical_not": ("logical_not", ("x",), 1),
    "logical_and": ("logical_and", ("x1", "x2"), 2),
    "logical_or": ("logical_or", ("x1", "x2"), 2),
    "logical_xor": ("logical_xor", ("x1", "x2"), 2),
    "square": ("square", ("x",), 1),
    # NumPy's binary ufuncs as functions (numpy_typing.py: the operator, of an array operand)
    **{name: ("np_" + name, ("x1", "x2"), 2) for name in (
        "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "power", "mod",
        "remainder")},
}
METHODS = {"sum", "prod", "max", "min", "mean", "copy", "transpose", "var", "std", "argmax",
           "argmin"}
SPREADS = ("var", "std")
SCALAR_METHODS = ("conjugate", "conj")  # Python's complex has them too
NORM_HINT = "the norm of a vector is np.sqrt(x.dot(x)), as NumPy computes it"


class Lowering(Protocol):
    aliases: dict[str, str]

    def expr(self, e: ast.expr) -> ir.Expr: ...
    def loc(self, node: ast.AST) -> SourceLoc: ...
    def error(self, node: ast.AST, message: str, hint: str | None = None,
              code: str = "E-unsupported") -> TranspileError: ...
    def unsupported(self, node: ast.AST, what: str | None = None) -> TranspileError: ...
    def canonical(self, node: ast.expr) -> str | None: ...
    def dtype(self, node: ast.expr) -> Type: ...


def _short(name: str) -> str:
    return name.replace("numpy.", "np.")


def _bind(low: Lowering, e: ast.Call, name: str, params: tuple[str, ...],
          required: int, extra: tuple[str, ...] = ()) -> dict[str, ast.expr]:
    """NumPy's parameters of the call by name; `extra` keywords are the caller's to read."""
    if len(e.args) > len(params):
        raise low.error(e.args[len(params)], f"{_short(name)} takes at most {len(params)} "
                        "positional arguments here", code="E-call")
    bound = dict(zip(params, e.args, strict=False))
    for kw in e.keywords:
        if kw.arg is None or kw.arg not in (*params, *extra):
            raise low.unsupported(kw, f"keyword '{kw.arg}' of {_short(name)}")
        if kw.arg in bound:
            raise low.error(kw, f"{_short(name)} got '{kw.arg}' twice", code="E-call")
        bound[kw.arg] = kw.value
    missing = [p for p in params[:required] if p not in bound]
    if missing:
        raise low.error(e, f"{_short(name)} needs '{missing[0]}'", code="E-call")
    return bound


def _axis(low: Lowering, node: ast.expr | None) -> ir.Const | None:
    """A reduction's axis: None (all axes) or an integer constant."""
    if node is None or isinstance(node, ast.Constant) and node.value is None:
        return None
    value = low.expr(node)
    if not (isinstance(value, ir.Const) and type(value.value) is int):
        raise low.unsupported(node, "an axis that is not an integer constant")
    return value


def reduction(low: Lowering, e: ast.Call, name: str, array: ast.expr,
              rest: list[ast.expr], keywords: list[ast.keyword]) -> ir.Expr:
    """np.sum(x, axis) / x.sum(axis): the array, then the axis positionally or by keyword."""
    call = ast.Call(func=e.func, args=rest, keywords=keywords)
    ast.copy_location(call, e)
    bound = _bind(low, call, name, ("axis",), 0)
    op = REDUCTIONS[name.rsplit(".", 1)[-1]]
    args: tuple[ir.Expr, ...] = (low.expr(array),)
    axis = _axis(low, bound.get("axis"))
    if axis is not None:
        args += (axis,)
    return ir.Intrinsic(op, args, loc=low.loc(e))


def spread(low: Lowering, e: ast.Call, name: str, array: ast.expr, rest: list[ast.expr],
           keywords: list[ast.keyword]) -> ir.Expr:
    """np.var(x, axis, dtype, out, ddof) / x.std(...): of the whole array, with a ddof."""
    call = ast.Call(func=e.func, args=rest, keywords=keywords)
    ast.copy_location(call, e)
    bound = _bind(low, call, name, ("axis", "dtype", "out", "ddof"), 0)
    for p in ("dtype", "out"):
        node = bound.get(p)
        if node is not None and not (isinstance(node, ast.Constant) and node.value is None):
            raise low.unsupported(node, f"{p}= of {_short(name)}")
    ddof = low.expr(bound["ddof"]) if "ddof" in bound else ir.Const(0, loc=low.loc(e))
    args: tuple[ir.Expr, ...] = (low.expr(array), ddof)
    axis = _axis(low, bound.get("axis"))
    if axis is not None:
        args += (axis,)
    return ir.Intrinsic(name.rsplit(".", 1)[-1], args, loc=low.loc(e))


def numpy_function(low: Lowering, e: ast.Call, name: str) -> ir.Expr | None:
    """A call of `numpy.<name>` this module translates, or None (not one of these)."""
    short = name.removeprefix("numpy.")
    if short in SPREADS:
        if not e.args:
            raise low.error(e, f"{_short(name)} needs the array", code="E-call")
        return spread(low, e, name, e.args[0], list(e.args[1:]), list(e.keywords))
    if short == "linalg.norm":
        if len(e.args) != 1 or e.keywords:
            raise low.error(e, "np.linalg.norm with ord= or axis= is not translated (of a "
                            "vector it is)", NORM_HINT)
        return ir.Intrinsic("norm", (low.expr(e.args[0]),), loc=low.loc(e))
    if short in REDUCTIONS and (e.keywords or len(e.args) > 1):
        if not e.args:
            raise low.error(e, f"{_short(name)} needs the array", code="E-call")
        return reduction(low, e, name, e.args[0], list(e.args[1:]), list(e.keywords))
    if short == "mean" and len(e.args) == 1:
        return ir.Intrinsic("mean", (low.expr(e.args[0]),), loc=low.loc(e))
    if short == "full":
        return _full(low, e, name)
    if short not in FUNCTIONS:
        return None
    op, params, required = FUNCTIONS[short]
    if short in ("zeros_like", "ones_like", "empty_like"):  # dtype=: a carrier type
        bound = _bind(low, e, name, params, required, extra=("dtype",))
        dtype = bound.pop("dtype", None)
        if dtype is not None:
            return ir.Intrinsic(op, (low.expr(bound["a"]),),
                                type=Array(low.dtype(dtype), None, "C"), loc=low.loc(e))
    bound = _bind(low, e, name, params, required)
    if short == "clip" and any(isinstance(bound[p], ast.Constant) and bound[p].value is None
                               for p in ("a_min", "a_max")):  # type: ignore[attr-defined]
        raise low.unsupported(e, "np.clip with a bound of None (use np.minimum or np.maximum)")
    args = tuple(low.expr(bound[p]) for p in params if p in bound)
    if short == "arange" and "stop" not in bound:
        args = (ir.Const(0, loc=low.loc(e)), *args)
    return ir.Intrinsic(op, args, loc=low.loc(e))


def _full(low: Lowering, e: ast.Call, name: str) -> ir.Expr:
    bound = _bind(low, e, name, ("shape", "fill_value", "dtype"), 2)
    shape = bound["shape"]
    dims = shape.elts if isinstance(shape, ast.Tuple) else [shape]
    value = low.expr(bound["fill_value"])
    if "dtype" in bound:
        value = ir.Cast(value, type=low.dtype(bound["dtype"]), loc=value.loc)
    return ir.Intrinsic("full", (value, *(low.expr(d) for d in dims)), loc=low.loc(e))


def method_call(low: Lowering, e: ast.Call) -> ir.Expr | None:
    """`x.sum()`, `x.mean(axis=1)`, `x.copy()`, `x.transpose()` on an array expression."""
    func = e.func
    if isinstance(func, ast.Attribute) and func.attr in ("any", "all", "conjugate") \
            and not e.args and not e.keywords and not _is_module(low, func):
        # x.any(), x.all(): NumPy's (np.bool_); z.conjugate() keeps its operand's kind
        name, origin = ("conj", None) if func.attr == "conjugate" else (func.attr, "numpy")
        return ir.Intrinsic(name, (low.expr(func.value),), origin=origin, loc=low.loc(e))
    if isinstance(func, ast.Attribute) and func.attr == "astype" and len(e.args) == 1 \
            and not e.keywords and not _is_module(low, func):  # a new array of that dtype
        return ir.Intrinsic("astype", (low.expr(func.value),),
                            type=Array(low.dtype(e.args[0]), None, "C"), loc=low.loc(e))
    if isinstance(func, ast.Attribute) and func.attr == "dot" and len(e.args) == 1 \
            and not e.keywords and not _is_module(low, func):  # x.dot(y) is np.dot(x, y)
        return ir.Intrinsic("dot", (low.expr(func.value), low.expr(e.args[0])),
                            origin="numpy", loc=low.loc(e))
    if not isinstance(func, ast.Attribute) or func.attr not in METHODS or _is_module(low, func):
        return None
    if func.attr in REDUCTIONS:
        return reduction(low, e, func.attr, func.value, list(e.args), list(e.keywords))
    if func.attr in SPREADS:
        return spread(low, e, func.attr, func.value, list(e.args), list(e.keywords))
    if e.args or e.keywords:
        raise low.unsupported(e, f"arguments of .{func.attr}()")
    if func.attr == "copy":  # x.copy() is C-ordered (np.copy keeps the layout): a carrier type
        return ir.Intrinsic("copy", (low.expr(func.value),), type=Array(Logical(), None, "C"),
                            loc=low.loc(e))
    return ir.Intrinsic(func.attr, (low.expr(func.value),), loc=low.loc(e))


def fill_statement(low: Lowering, e: ast.Call, loc: SourceLoc) -> ir.Assign | None:
    """`x.fill(v)`: `x[...] = v`."""
    func = e.func
    if not (isinstance(func, ast.Attribute) and func.attr == "fill") or _is_module(low, func):
        return None
    if len(e.args) != 1 or e.keywords:
        raise low.error(e, ".fill() takes one value", code="E-call")
    target = low.expr(func.value)
    if not isinstance(target, ir.Name | ir.Subscript):
        raise low.unsupported(func.value, ".fill() of anything but a named array or section")
    whole = target if isinstance(target, ir.Subscript) else ir.Subscript(target, (),
                                                                        loc=target.loc)
    return ir.Assign(whole, low.expr(e.args[0]), loc=loc)


def copyto_statement(low: Lowering, e: ast.Call, loc: SourceLoc) -> ir.Assign | None:
    """`np.copyto(dst, src)`: `dst[...] = src` with NumPy's 'same_kind' rule (the in-place
    assignment's: a float into an int array is refused, as NumPy raises TypeError)."""
    if low.canonical(e.func) != "numpy.copyto":
        return None
    bound = _bind(low, e, "numpy.copyto", ("dst", "src"), 2)
    dst = bound["dst"]
    if not isinstance(dst, ast.Name):
        raise low.unsupported(dst, "np.copyto into anything but a named array")
    target = low.expr(dst)
    return ir.Assign(target, low.expr(bound["src"]), inplace=True, loc=loc)


def dtype_of(low: Lowering, node: ast.expr) -> ir.Expr | None:
    """`x.dtype` as a dtype: an expression whose element type is the dtype (typed later)."""
    if isinstance(node, ast.Attribute) and node.attr == "dtype" and not _is_module(low, node):
        return low.expr(node.value)
    return None


def _is_module(low: Lowering, func: ast.Attribute) -> bool:
    """`np.sum` is a module's function, `x.sum` a method of the array `x`."""
    base = func.value
    while isinstance(base, ast.Attribute):
        base = base.value
    return isinstance(base, ast.Name) and base.id in low.aliases



def numpy_call(low: Lowering, e: ast.Call, name: str | None) -> ir.Expr | None:
    """The call lowered if it is an array method or one of this module's NumPy functions.
    What it returns of a scalar is a NumPy scalar (`np.mean(x)`, `x.argmax()`, `np.sign(2.0)`
    are np.float64, np.int64, np.float64): origin "numpy" (passes/scalar_origin.py)."""
    out = array_method(low, e) if isinstance(e.func, ast.Attribute) and not _is_module(
        low, e.func) else None  # reshape, ravel, along an axis: numpy_arrays.py
    if out is None and name is not None and name.startswith("numpy."):
        out = array_function(low, e, name.removeprefix("numpy."))
    if out is not None:
        return out
    out = method_call(low, e)
    # a method of a scalar (`z.conjugate()` of a Python complex) keeps its receiver's class
    numpy = out is not None and e.func.attr not in SCALAR_METHODS  # type: ignore[attr-defined]
    if out is None and name is not None and name.startswith("numpy."):
        out, numpy = numpy_function(low, e, name), True
    if numpy and isinstance(out, ir.Intrinsic) and out.origin is None:
        out = dataclasses.replace(out, origin="numpy")
    return out


def shape_of_array(low: Lowering, node: ast.expr) -> ir.Expr | None:
    """`x.shape` given as a shape (`np.zeros(x.shape)`): the array `x`."""
    if isinstance(node, ast.Attribute) and node.attr == "shape" and not _is_module(low, node):
        return low.expr(node.value)
    return None


def shaped_maker(kind: str, like_shape: ir.Expr, like_dtype: ir.Expr | None, carrier: Type,
                 loc: SourceLoc) -> ir.Intrinsic:
    """np.zeros(x.shape, ...): typed with x's shape (numpy_typing.py); the dtype is `like_dtype`'s
    element type (dtype=y.dtype) or `carrier`'s (an array type of unknown rank)."""
    if like_dtype is not None:
        return ir.Intrinsic(f"{kind}_shaped", (like_shape, like_dtype), loc=loc)
    return ir.Intrinsic(f"{kind}_shaped", (like_shape,), type=carrier, loc=loc)
