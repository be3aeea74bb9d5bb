"""Python frontend: NumPy calls that build new arrays of others' elements (issue 14), typed
and computed by `passes/numpy_arrays.py`: `x.reshape(...)` / `np.reshape`, `x.ravel()` /
`np.ravel`, `x.flatten()`, `np.diff`, `np.concatenate` / `np.hstack` of a tuple or list, and
the axis forms of `np.argmax`, `np.argmin`, `np.cumsum`, `np.any`, `np.all` (functions and
methods). Keywords NumPy has and the translation does not (order=, out=, ...) are refused
where written.
"""

from __future__ import annotations

import ast
from typing import Any

from transpyle.ir import nodes as ir

_AXIS_OPS = ("argmax", "argmin", "cumsum", "any", "all")


def _axis_const(low: Any, node: ast.expr) -> ir.Const | None:
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    value = low.expr(node)
    if not (isinstance(value, ir.Const) and type(value.value) is int):
        raise low.unsupported(node, "an axis that is not an integer constant")
    return value


def _along(low: Any, e: ast.Call, op: str, array: ast.expr, rest: list[ast.expr],
           keywords: list[ast.keyword]) -> ir.Expr | None:
    """np.argmax(x, axis) / x.argmax(axis=...): None where no axis is given (the whole form)."""
    axis_node = rest[0] if rest else None
    for kw in keywords:
        if kw.arg != "axis" or axis_node is not None:
            raise low.unsupported(kw, f"keyword '{kw.arg}' of np.{op}")
        axis_node = kw.value
    if len(rest) > 1:
        raise low.unsupported(rest[1], f"a second argument of np.{op}")
    if axis_node is None:
        return None
    axis = _axis_const(low, axis_node)
    if axis is None:
        return None
    return ir.Intrinsic(f"{op}_axis", (low.expr(array), axis), origin="numpy",
                        loc=low.loc(e))


def _dims(low: Any, nodes: list[ast.expr]) -> tuple[ir.Expr, ...]:
    if len(nodes) == 1 and isinstance(nodes[0], ast.Tuple | ast.List):
        nodes = list(nodes[0].elts)
    return tuple(low.expr(d) for d in nodes)


def _no_keywords(low: Any, e: ast.Call, what: str) -> None:
    if e.keywords:
        raise low.unsupported(e.keywords[0], f"keyword '{e.keywords[0].arg}' of {what}")


def _parts(low: Any, node: ast.expr) -> tuple[ir.Expr, ...]:
    """The arrays of np.concatenate's sequence; a list of numbers is its elements."""
    if not isinstance(node, ast.Tuple | ast.List):
        raise low.unsupported(node, "np.concatenate of anything but a tuple or list written "
                              "in the call")
    out: list[ir.Expr] = []
    for elt in node.elts:
        if isinstance(elt, ast.List):
            out.extend(low.expr(v) for v in elt.elts)
            continue
        value = low.expr(elt)
        out.append(value)
    return tuple(out)


def array_method(low: Any, e: ast.Call) -> ir.Expr | None:
    """`x.reshape(...)`, `x.ravel()`, `x.flatten()`, `x.argmax(axis=...)`, ... or None."""
    func = e.func
    if not isinstance(func, ast.Attribute):
        return None
    loc = low.loc(e)
    if func.attr == "reshape":
        _no_keywords(low, e, ".reshape()")
        if not e.args:
            raise low.error(e, ".reshape() needs a shape", code="E-call")
        return ir.Intrinsic("reshape", (low.expr(func.value), *_dims(low, list(e.args))),
                            origin="numpy", loc=loc)
    if func.attr in ("ravel", "flatten"):
        _no_keywords(low, e, f".{func.attr}()")
        if e.args:
            raise low.unsupported(e.args[0], f"the order of .{func.attr}()")
        return ir.Intrinsic(func.attr, (low.expr(func.value),), origin="numpy", loc=loc)
    if func.attr in _AXIS_OPS and (e.args or e.keywords):
        return _along(low, e, func.attr, func.value, list(e.args), list(e.keywords))
    return None


def array_function(low: Any, e: ast.Call, short: str) -> ir.Expr | None:
    """`np.reshape`, `np.ravel`, `np.diff`, `np.concatenate`, `np.hstack`, the axis forms."""
    loc = low.loc(e)
    if short in _AXIS_OPS and e.args and (len(e.args) > 1 or e.keywords):
        return _along(low, e, short, e.args[0], list(e.args[1:]), list(e.keywords))
    if short == "linalg.norm" and len(e.args) == 1 and [k.arg for k in e.keywords] == ["axis"]:
        axis = _axis_const(low, e.keywords[0].value)  # sqrt(add.reduce(x * x, axis))
        if axis is not None:
            return ir.Intrinsic("norm_axis", (low.expr(e.args[0]), axis), origin="numpy",
                                loc=loc)
    if short in ("eye", "identity"):
        return _eye(low, e, short)
    if short == "array" and len(e.args) == 1 and not isinstance(
            e.args[0], ast.List | ast.ListComp | ast.Tuple | ast.Constant) \
            and all(k.arg == "dtype" for k in e.keywords) and len(e.keywords) <= 1:
        # np.array(x) of an array: np.copy(x) (its layout kept, order 'K'); with dtype=d:
        # x.astype(d) (a new array, unsafe casting, as np.array's)
        x = e.args[0]
        if not e.keywords:
            return ir.Intrinsic("copy", (low.expr(x),), loc=loc)
        method = ast.copy_location(ast.Attribute(x, "astype", ast.Load()), e)
        return low.expr(ast.copy_location(ast.Call(method, [e.keywords[0].value], []), e))
    if short in ("diag", "trace"):
        _no_keywords(low, e, f"np.{short}")
        if len(e.args) != 1:
            raise low.unsupported(e, f"np.{short} with an offset")
        x = low.expr(e.args[0])
        if short == "trace":
            return ir.Intrinsic("sum", (ir.Intrinsic("diag", (x,), origin="numpy", loc=loc),),
                                origin="numpy", loc=loc)
        return ir.Intrinsic("diag", (x,), origin="numpy", loc=loc)
    if short == "reshape":
        _no_keywords(low, e, "np.reshape")
        if len(e.args) != 2:
            raise low.error(e, "np.reshape takes the array and a shape", code="E-call")
        return ir.Intrinsic("reshape", (low.expr(e.args[0]), *_dims(low, [e.args[1]])),
                            origin="numpy", loc=loc)
    if short in ("ravel", "diff", "flatnonzero"):
        _no_keywords(low, e, f"np.{short}")
        if len(e.args) != 1:
            raise low.unsupported(e, f"np.{short} with more than the array")
        return ir.Intrinsic(short, (low.expr(e.args[0]),), origin="numpy", loc=loc)
    if short in ("vstack", "row_stack", "stack", "column_stack"):
        axis_kw = [k for k in e.keywords if k.arg == "axis"]
        others = [k for k in e.keywords if k.arg != "axis"]
        if others or len(e.args) != 1 or axis_kw and short != "stack":
            raise low.unsupported(e, f"np.{short} with more than one sequence of vectors")
        axis = 1 if short == "column_stack" else 0
        if axis_kw:
            node = axis_kw[0].value
            if not (isinstance(node, ast.Constant) and node.value in (0, 1, -1)):
                raise low.unsupported(node, f"an axis of np.{short} other than 0, 1, -1")
            axis = 1 if node.value in (1, -1) else 0
        if not isinstance(e.args[0], ast.Tuple | ast.List):
            raise low.unsupported(e.args[0], f"np.{short} of anything but a tuple or list "
                                  "written in the call")
        parts = tuple(low.expr(v) for v in e.args[0].elts)
        return ir.Intrinsic("stack_rows" if axis == 0 else "stack_cols", parts,
                            origin="numpy", loc=loc)
    if short in ("concatenate", "hstack"):
        axis = next((k for k in e.keywords if k.arg == "axis"), None)
        others = [k for k in e.keywords if k.arg != "axis"]
        if others:
            raise low.unsupported(others[0], f"keyword '{others[0].arg}' of np.{short}")
        if len(e.args) != 1 or short == "hstack" and axis is not None:
            raise low.error(e, f"np.{short} takes one sequence of arrays here", code="E-call")
        if axis is not None and not (isinstance(axis.value, ast.Constant)
                                     and axis.value.value in (0, -1)):
            raise low.unsupported(axis, f"an axis of np.{short} other than 0")
        return ir.Intrinsic("concat", _parts(low, e.args[0]), origin="numpy", loc=loc)
    return None


def is_newaxis(low: Any, item: ast.expr) -> bool:
    return isinstance(item, ast.Constant) and item.value is None \
        or low.canonical(item) == "numpy.newaxis"


def new_axes(low: Any, array: ir.Name, items: list[ast.expr], loc: ir.SourceLoc) -> ir.Expr:
    """`x[:, None]`, `x[np.newaxis, :]`, `x[:, :, None]`: x (or its section of full slices)
    with a new axis of length 1 at each None (`expand_dims`, which broadcasts)."""
    kept = [item for item in items if not is_newaxis(low, item)]
    for item in kept:
        if not (isinstance(item, ast.Slice) and item.lower is None and item.upper is None
                and item.step is None):
            raise low.unsupported(item, "an index other than ':' beside a new axis (None)")
    out: ir.Expr = array
    for position, item in enumerate(items):
        if is_newaxis(low, item):
            out = ir.Intrinsic("expand_dims", (out, ir.Const(position, loc=loc)),
                               origin="numpy", loc=loc)
    return out


def nonzero_first(low: Any, node: ast.Subscript) -> ast.expr | None:
    """`np.where(x)[0]`, `np.nonzero(x)[0]`: the indices of x's nonzero elements, which for a
    vector (the only rank translated) is `np.flatnonzero(x)`; else None."""
    call = node.value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and len(call.args) == 1 and not call.keywords
            and isinstance(node.slice, ast.Constant) and node.slice.value == 0
            and low.canonical(call.func) in ("numpy.where", "numpy.nonzero")):
        return None
    func = ast.copy_location(ast.Attribute(call.func.value, "flatnonzero", ast.Load()),
                             call.func)
    return ast.copy_location(ast.Call(func, call.args, []), node)


def _eye(low: Any, e: ast.Call, short: str) -> ir.Expr:
    """np.eye(N, M=None, k=0, dtype=float), np.identity(n, dtype=float): ones on the k-th
    diagonal of an N x M matrix of zeros."""
    from transpyle.ir.types import FLOAT64, Array

    params = ("N", "M", "k", "dtype") if short == "eye" else ("n", "dtype")
    if len(e.args) > len(params):
        raise low.error(e, f"np.{short} takes at most {len(params)} arguments here",
                        code="E-call")
    bound = dict(zip(params, e.args, strict=False))
    for kw in e.keywords:
        if kw.arg not in params or kw.arg in bound:
            raise low.unsupported(kw, f"keyword '{kw.arg}' of np.{short}")
        bound[kw.arg] = kw.value
    first = params[0]
    if first not in bound:
        raise low.error(e, f"np.{short} needs '{first}'", code="E-call")
    dtype = bound.get("dtype")
    elem = FLOAT64 if dtype is None or isinstance(dtype, ast.Constant) and dtype.value is None \
        else low.dtype(dtype)
    n = low.expr(bound[first])
    m_node = bound.get("M")
    m = n if m_node is None or isinstance(m_node, ast.Constant) and m_node.value is None \
        else low.expr(m_node)
    k = low.expr(bound["k"]) if "k" in bound else ir.Const(0, loc=low.loc(e))
    return ir.Intrinsic("eye", (n, m, k), type=Array(elem, 2, "C"), origin="numpy",
                        loc=low.loc(e))
