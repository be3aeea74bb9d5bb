"""NumPy calls that build a new array out of others' elements (issue 14): typing, shapes, and
how `numpy_lowering.py` computes them (`numpy_array_helpers.py` holds the loops).

- `x.reshape(d0, ...)`, `np.reshape(x, (d0, ...))` (one extent may be -1), `x.ravel()`,
  `np.ravel(x)`, `x.flatten()`: the elements of `x` in C order, in a C-ordered array of the
  new shape; a size that does not fit raises NumPy's ValueError. NumPy's reshape and ravel
  of a contiguous array are views: bound to a name they are translated only where neither
  that name nor the array is written after the binding (the copy cannot differ), else refused.
  `flatten` is a copy in NumPy too.
- `np.diff(x)` of a vector: x[i + 1] - x[i], max(n - 1, 0) elements (bools refused: NumPy
  raises TypeError).
- `np.concatenate((a, b, ...))`, `np.hstack(...)` of vectors and lists of numbers: NumPy makes
  each list an array first (int64, float64: not weak), the result has their promoted dtype.
- `x[idx]` with an integer vector `idx`: the elements (of a matrix the rows) it names, in its
  order; a negative index counts from the end, one out of range raises IndexError.
- Along an axis of a matrix: `np.argmax` / `np.argmin` (the first extreme, the first NaN),
  `np.cumsum` (running sums in order along the axis: NumPy's, ints as int64), `np.any` /
  `np.all`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.errors import TranspileError
from transpyle.ir.visitor import walk
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, FLOAT64, INT64, Array, Complex, Integer, Logical, Real, \
    Type, element, promote

ARRAY_OPS = frozenset(("reshape", "ravel", "flatten", "diff", "concat", "take", "argmax_axis",
                       "argmin_axis", "cumsum_axis", "any_axis", "all_axis", "expand_dims",
                       "flatnonzero", "stack_rows", "stack_cols", "eye", "diag"))
VIEWS = frozenset(("reshape", "ravel", "expand_dims", "diag"))  # diag of a matrix: read-only
REWRITTEN = frozenset(("norm_axis",))  # typed as other calls  # NumPy binds a view of a contiguous array


def _error(loc: ir.SourceLoc, message: str, hint: str | None = None) -> TranspileError:
    return TranspileError(loc, message, hint, code="E-type")


def _int(value: int, loc: ir.SourceLoc) -> ir.Const:
    return ir.Const(value, type=INT64, loc=loc)


def _array(e: ir.Expr, what: str, ranks: tuple[int, ...] = (1, 2, 3)) -> Array:
    t = e.type
    if not isinstance(t, Array) or t.rank not in ranks:
        allowed = " or ".join(f"rank-{r}" for r in ranks)
        raise _error(e.loc, f"{what} of {t} is not translated ({allowed} arrays are)")
    return t


def _kind_ok(t: Type, what: str, loc: ir.SourceLoc) -> None:
    if not isinstance(t, Integer | Real | Complex | Logical):
        raise _error(loc, f"{what} of {t} elements is not translated")


# -- typing (passes/numpy_typing.py calls type_array_op with the arguments typed)
_BYTE = Logical(1)  # NumPy's bool, as the helpers take it


def _bytes(typer: Any, x: ir.Expr) -> ir.Expr:
    """A bool array as NumPy's one-byte bools (a comparison's result is LOGICAL(4))."""
    t = x.type
    return typer.cast_array(x, _BYTE) if isinstance(t, Array) and isinstance(
        t.elem, Logical) else x


def type_array_op(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    name = e.name
    if name == "norm_axis":
        return _norm_axis(typer, e, args)
    if name in ("reshape", "ravel", "flatten", "take", "expand_dims"):
        args = [_bytes(typer, args[0]), *args[1:]]
    if name == "expand_dims":  # x[:, None]: a new axis of length 1 (broadcast.py stretches it)
        t = _array(args[0], "a new axis (None)", (1, 2))
        axis = args[1]
        assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
        order = "C" if t.rank == 1 else t.order
        return ir.Intrinsic(name, (args[0], axis), type=Array(t.elem, t.rank + 1, order),
                            origin="numpy", loc=e.loc)
    if name == "reshape" and len(args) == 3 and isinstance(args[0].type, Array) \
            and args[0].type.rank == 1 and all(isinstance(d, ir.Const) for d in args[1:]) \
            and sorted(d.value for d in args[1:]) == [-1, 1]:  # type: ignore[attr-defined]
        axis = 1 if args[2].value == 1 else 0  # type: ignore[attr-defined]
        return type_array_op(typer, dataclasses.replace(e, name="expand_dims"),
                             [args[0], _int(axis, e.loc)])
    if name in ("reshape", "ravel", "flatten"):
        t = _array(args[0], f"{name}()")
        _kind_ok(t.elem, f"{name}()", e.loc)
        dims = [typer.cast(d, INT64) for d in args[1:]] if name == "reshape" else []
        for d in dims:
            if not isinstance(d.type, Integer):
                raise _error(d.loc, f"an extent of reshape() must be an integer, not {d.type}")
        if name == "reshape" and not 1 <= len(dims) <= 3:
            raise _error(e.loc, "reshape() to a rank other than 1, 2 or 3 is not translated")
        if sum(isinstance(d, ir.Const) and d.value == -1 for d in dims) > 1:
            raise TranspileError(e.loc, "can only specify one unknown dimension",
                                 code="E-type")
        rank = len(dims) if name == "reshape" else 1
        return ir.Intrinsic(name, (args[0], *dims), type=Array(t.elem, rank, "C"),
                            origin="numpy", loc=e.loc)
    if name == "diff":
        t = _array(args[0], "np.diff", (1,))
        if not isinstance(t.elem, Integer | Real | Complex):
            raise _error(e.loc, f"np.diff of {t.elem} is not translated (NumPy raises "
                         "TypeError for bools)")
        return ir.Intrinsic(name, (args[0],), type=Array(t.elem, 1, "C"), origin="numpy",
                            loc=e.loc)
    if name == "concat":
        return _concat(typer, e, args)
    if name == "eye":
        assert isinstance(e.type, Array)
        dims = [typer.cast(a, INT64) for a in args]
        for d in dims:
            if not isinstance(d.type, Integer):
                raise _error(d.loc, f"np.eye takes integers, not {d.type}")
        et = dataclasses.replace(e.type, elem=_BYTE) if isinstance(e.type.elem, Logical) \
            else e.type
        return ir.Intrinsic(name, tuple(dims), type=et, origin="numpy", loc=e.loc)
    if name == "diag":
        t = _array(args[0], "np.diag", (1, 2))
        _kind_ok(t.elem, "np.diag", e.loc)
        x = _bytes(typer, args[0])
        return ir.Intrinsic(name, (x,), type=Array(element(x.type), 3 - t.rank, "C"),
                            origin="numpy", loc=e.loc)
    if name in ("stack_rows", "stack_cols"):  # np.vstack / np.stack of vectors: a matrix
        for a in args:
            _array(a, "np.vstack / np.stack", (1,))
        flat = _concat(typer, e, args)
        assert isinstance(flat, ir.Intrinsic) and isinstance(flat.type, Array)
        return dataclasses.replace(flat, name=name, type=dataclasses.replace(flat.type, rank=2))
    if name == "flatnonzero":  # also np.where(x)[0] and np.nonzero(x)[0] of a vector
        t = _array(args[0], "np.flatnonzero (np.where(x)[0], np.nonzero(x)[0])", (1,))
        _kind_ok(t.elem, "np.flatnonzero", e.loc)
        return ir.Intrinsic(name, (_bytes(typer, args[0]),), type=Array(INT64, 1, "C"),
                            origin="numpy", loc=e.loc)
    if name == "take":
        x, idx = args
        t = _array(x, "indexing by an integer array", (1, 2))
        it = idx.type
        assert isinstance(it, Array)
        if it.rank != 1:
            raise _error(idx.loc, f"an index array of rank {it.rank} is not translated "
                         "(vectors are)")
        idx = typer.cast_array(idx, INT64)
        return ir.Intrinsic(name, (x, idx), type=Array(t.elem, t.rank, "C"), origin="numpy",
                            loc=e.loc)
    return _along_axis(typer, e, args)


def _norm_axis(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    """np.linalg.norm(x, axis=k): NumPy's sqrt(add.reduce(x * x, axis=k)), of integers
    converted to float64 first (numpy/linalg/_linalg.py)."""
    x, axis = e.args
    t = args[0].type
    if not isinstance(t, Array) or not isinstance(t.elem, Integer | Real | Logical):
        raise _error(e.loc, f"np.linalg.norm along an axis of {t} is not translated (of real "
                     "and integer arrays it is)")
    if not isinstance(x, ir.Name | ir.Subscript):
        raise _error(x.loc, "np.linalg.norm along an axis of an expression is not translated",
                     "assign the expression to a variable first")
    if not isinstance(t.elem, Real):
        x = ir.Intrinsic("astype", (x,), type=Array(FLOAT64, None, "C"), loc=x.loc)
    square = ir.BinOp("*", x, x, loc=e.loc)
    total = ir.Intrinsic("sum", (square, axis), origin="numpy", loc=e.loc)
    return typer.expr(ir.Intrinsic("sqrt", (total,), origin="numpy", loc=e.loc))


def last_axis(e: ir.Intrinsic, x: ir.Expr) -> ir.Expr:
    """A reduction along the last axis of a C-ordered cube (untyped, for the typer): NumPy
    reduces each contiguous run as it does a matrix's rows, so it is the matrix's reduction
    of x.reshape(-1, k), reshaped to the cube's first two extents."""
    from transpyle.passes.safety.shapes import _Checks

    shape = _Checks(e.loc).expr(x)
    if shape is None:
        raise _error(x.loc, "a reduction along an axis of this expression is not translated",
                     "assign it to a variable first")
    loc = e.loc
    rows = ir.Intrinsic("reshape", (e.args[0], _int(-1, loc), shape[2]), origin="numpy",
                        loc=loc)
    runs = ir.Intrinsic(e.name, (rows, _int(1, loc)), origin=e.origin, loc=loc)
    return ir.Intrinsic("reshape", (runs, shape[0], shape[1]), origin="numpy", loc=loc)


def _concat(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    if not args:
        raise TranspileError(e.loc, "need at least one array to concatenate", code="E-type")
    elem: Type | None = None
    parts = []
    for a in args:
        t = a.type
        if isinstance(t, Array):
            if t.rank != 1:
                raise _error(a.loc, f"np.concatenate of a rank-{t.rank} array is not "
                             "translated (vectors are)")
            at = t.elem
        else:  # an element of a list: NumPy's array of the list has int64 or float64
            at = INT64 if isinstance(t, Integer) else FLOAT64 if isinstance(t, Real) else t
            assert at is not None
            a = typer.cast(a, at)
        _kind_ok(at, "np.concatenate", a.loc)
        elem = at if elem is None else (elem if elem == at else
                                        BOOL if isinstance(elem, Logical)
                                        and isinstance(at, Logical) else promote(elem, at))
        parts.append(a)
    assert elem is not None
    elem = _BYTE if isinstance(elem, Logical) else elem
    parts = [typer.cast_array(p, elem) for p in parts]
    return ir.Intrinsic("concat", tuple(parts), type=Array(elem, 1, "C"), origin="numpy",
                        loc=e.loc)


def _along_axis(typer: Any, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
    x, axis = args
    op = e.name.removesuffix("_axis")
    assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
    t = x.type
    if not isinstance(t, Array) or t.rank is None:
        raise _error(x.loc, f"np.{op} needs an array here, not {t}")
    rank = t.rank
    k = axis.value + rank if axis.value < 0 else axis.value
    if not 0 <= k < rank:
        raise TranspileError(axis.loc, f"axis {axis.value} is out of bounds for array of "
                             f"dimension {rank}", code="E-type")
    if rank == 1:  # of a vector: the whole-array form
        whole = "cumsum" if op == "cumsum" else op
        return typer.expr(ir.Intrinsic(whole, (x,), origin=e.origin, loc=e.loc))
    if rank != 2:
        raise _error(e.loc, f"np.{op} along an axis of a rank-{rank} array is not translated "
                     "(matrices are)")
    k_const = _int(k, axis.loc)
    if op in ("argmax", "argmin"):
        if not isinstance(t.elem, Integer | Real):
            raise _error(e.loc, f"np.{op} of {t.elem} along an axis is not translated")
        return ir.Intrinsic(e.name, (x, k_const), type=Array(INT64, 1, "C"), origin="numpy",
                            loc=e.loc)
    if op == "cumsum":
        if not isinstance(t.elem, Integer | Real | Logical):
            raise _error(e.loc, f"np.cumsum of {t.elem} along an axis is not translated")
        elem = INT64 if isinstance(t.elem, Integer | Logical) else t.elem
        return ir.Intrinsic(e.name, (typer.cast_array(x, elem), k_const),
                            type=Array(elem, 2, "C"), origin="numpy", loc=e.loc)
    # any / all: of numbers, nonzero is true
    if not isinstance(t.elem, Logical):
        zero = ir.Const(0, type=t.elem, loc=x.loc)
        x = ir.Compare("!=", x, typer.cast(zero, t.elem),
                       type=dataclasses.replace(t, elem=BOOL, lower=None), loc=x.loc)
    return ir.Intrinsic(e.name, (typer.cast_array(x, _BYTE), k_const),
                        type=Array(_BYTE, 1, "C"), origin="numpy", loc=e.loc)


# -- shapes (passes/numpy_shapes.py)
def _mul(a: ir.Expr, b: ir.Expr) -> ir.Expr:
    return ir.BinOp("*", a, b, type=INT64, loc=a.loc)


def _add(a: ir.Expr, b: ir.Expr) -> ir.Expr:
    return ir.BinOp("+", a, b, type=INT64, loc=a.loc)


def array_op_shape(checks: Any, e: ir.Intrinsic) -> tuple[ir.Expr, ...] | None:
    """The shape of `e`'s result where it is known before it is computed, else None."""
    shapes = [checks.expr(a) for a in e.args]
    if e.name == "concat":
        total: ir.Expr | None = None
        for a, s in zip(e.args, shapes, strict=True):
            n = _int(1, a.loc) if not isinstance(a.type, Array) else s[0] if s else None
            if n is None:
                return None
            total = n if total is None else _add(total, n)
        return (total,) if total is not None else None
    x = shapes[0]
    if x is None:
        return None
    if e.name in ("ravel", "flatten"):
        out = x[0]
        for d in x[1:]:
            out = _mul(out, d)
        return (out,)
    if e.name == "reshape":
        dims = e.args[1:]
        if any(isinstance(d, ir.Const) and d.value == -1 for d in dims):
            return None
        return tuple(dims)
    if e.name in ("diff", "flatnonzero", "eye", "diag"):
        return None  # computed with the result
    if e.name in ("stack_rows", "stack_cols"):
        k = _int(len(e.args), e.loc)
        return (k, x[0]) if e.name == "stack_rows" else (x[0], k)
    if e.name == "expand_dims":
        a = e.args[1].value  # type: ignore[attr-defined]
        return (*x[:a], _int(1, e.loc), *x[a:])
    if e.name == "take":
        idx = shapes[1]
        return (idx[0], *x[1:]) if idx else None
    axis = e.args[1]
    assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
    return x if e.name == "cumsum_axis" else (x[1 - axis.value],)


# -- computing (passes/numpy_lowering.py: `low` is its lowering of the function)
def _size(x: ir.Expr, k: int) -> ir.Expr:
    return ir.Intrinsic("size", (x, _int(k, x.loc)), type=INT64, loc=x.loc)


def _kind(t: Type) -> str:
    e = element(t)
    letter = "f" if isinstance(e, Real) else "c" if isinstance(e, Complex) else \
        "b" if isinstance(e, Logical) else "i"
    return f"{letter}{e.kind}"  # type: ignore[attr-defined]


def _layout(t: Type) -> str:
    assert isinstance(t, Array)
    return f"{t.rank}{t.order.lower() if (t.rank or 0) > 1 else 'c'}"


def produce_array_op(low: Any, e: ir.Intrinsic, out: ir.Name) -> tuple[
        list[ir.Stmt], tuple[ir.Expr, ...], list[ir.Stmt]]:
    """(statements before the allocation, the extents, statements that fill `out`)."""
    loc = e.loc
    name = e.name
    if name == "concat":
        return _produce_concat(low, e, out)
    if name == "eye":
        n, m, kdiag = e.args
        negative = ir.BoolOp("or", (ir.Compare("<", n, _int(0, loc), type=BOOL, loc=loc),
                                    ir.Compare("<", m, _int(0, loc), type=BOOL, loc=loc)),
                             type=BOOL, loc=loc)
        check = ir.If(negative, (ir.Raise("ValueError", "negative dimensions are not allowed",
                                          (), loc=loc),), loc=loc)
        helper = low.helper(f"tp_nparr_eye_{_kind(e.type)}")  # type: ignore[arg-type]
        return [check], (n, m), [ir.CallStmt(helper, (kdiag, out), loc=loc)]
    if name in ("stack_rows", "stack_cols"):
        return _produce_stack(low, e, out)
    x = low.named(e.args[0])
    xt = x.type
    assert isinstance(xt, Array)
    k = _kind(xt)
    if name == "expand_dims":  # a copy with the new axis (a view in NumPy: check_view)
        a = e.args[1].value  # type: ignore[attr-defined]
        sizes = [_size(x, i) for i in range(xt.rank or 0)]
        dims = (*sizes[:a], _int(1, loc), *sizes[a:])
        helper = low.helper(f"tp_nparr_reshape_{_layout(xt)}_{len(dims)}_{k}")
        return [], dims, [ir.CallStmt(helper, (x, out), loc=loc)]
    if name in ("reshape", "ravel", "flatten"):
        before, dims = _reshape_dims(low, e, x)
        helper = low.helper(f"tp_nparr_reshape_{_layout(xt)}_{len(dims)}_{k}")
        return before, dims, [ir.CallStmt(helper, (x, out), loc=loc)]
    if name == "diag":
        if xt.rank == 1:
            dims: tuple[ir.Expr, ...] = (_size(x, 0), _size(x, 0))
        else:
            dims = (ir.Intrinsic("min", (_size(x, 0), _size(x, 1)), type=INT64, loc=loc),)
        helper = low.helper(f"tp_nparr_diag_{_layout(xt)}_{k}")
        return [], dims, [ir.CallStmt(helper, (x, out), loc=loc)]
    if name == "diff":
        n = _size(x, 0)
        m = ir.Intrinsic("max", (ir.BinOp("-", n, _int(1, loc), type=INT64, loc=loc),
                                 _int(0, loc)), type=INT64, loc=loc)
        return [], (m,), [ir.CallStmt(low.helper(f"tp_nparr_diff_{k}"), (x, out), loc=loc)]
    if name == "flatnonzero":
        count = ir.Call(low.helper(f"tp_nparr_count_{k}"), (x,), type=INT64, loc=loc)
        n = low.temps.new(INT64, loc)
        return [ir.Assign(n, count, loc=loc)], (n,), [
            ir.CallStmt(low.helper(f"tp_nparr_flatnonzero_{k}"), (x, out), loc=loc)]
    if name == "take":
        idx = low.named(e.args[1])
        dims = (_size(idx, 0),) + ((_size(x, 1),) if xt.rank == 2 else ())
        helper = low.helper(f"tp_nparr_take_{_layout(xt)}_{k}")
        return [], dims, [ir.CallStmt(helper, (x, idx, out), loc=loc)]
    axis = e.args[1]
    assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
    op = name.removesuffix("_axis")
    dims = (_size(x, 0), _size(x, 1)) if op == "cumsum" else (_size(x, 1 - axis.value),)
    helper = low.helper(f"tp_nparr_{op}_a{axis.value}{xt.order.lower()}_{k}")
    return [], dims, [ir.CallStmt(helper, (x, out), loc=loc)]


def _reshape_dims(low: Any, e: ir.Intrinsic, x: ir.Expr) -> tuple[list[ir.Stmt],
                                                                    tuple[ir.Expr, ...]]:
    loc = e.loc
    n = ir.Intrinsic("size", (x,), type=INT64, loc=loc)
    if e.name != "reshape":
        return [], (n,)
    dims = list(e.args[1:])
    stmts: list[ir.Stmt] = []
    named: list[ir.Expr] = []
    for d in dims:  # each extent evaluated once
        if isinstance(d, ir.Const | ir.Name):
            named.append(d)
            continue
        tmp = low.temps.new(INT64, loc)
        stmts.append(ir.Assign(tmp, d, loc=loc))
        named.append(tmp)
    shown_dims = ["newaxis" if isinstance(d, ir.Const) and d.value == -1 else "{}"
                  for d in named]
    shape_text = "(" + ",".join(shown_dims) + ("," if len(named) == 1 else "") + ")"
    message = f"cannot reshape array of size {{}} into shape {shape_text}"
    shown = tuple(d for d in named if not (isinstance(d, ir.Const) and d.value == -1))
    unknown = [i for i, d in enumerate(named) if isinstance(d, ir.Const) and d.value == -1]
    known: ir.Expr = _int(1, loc)
    for i, d in enumerate(named):
        if i not in unknown:
            known = _mul(known, d)
    bad: ir.Expr
    if unknown:
        part = low.temps.new(INT64, loc)
        stmts.append(ir.Assign(part, known, loc=loc))
        zero = ir.Compare("==", part, _int(0, loc), type=BOOL, loc=loc)
        stmts.append(ir.If(zero, (ir.Raise("ValueError", message, (n, *shown), loc=loc),),
                           loc=loc))
        fill = low.temps.new(INT64, loc)
        stmts.append(ir.Assign(fill, ir.BinOp("//", n, part, type=INT64, loc=loc), loc=loc))
        named[unknown[0]] = fill
        bad = ir.Compare("!=", _mul(part, fill), n, type=BOOL, loc=loc)
    else:
        bad = ir.Compare("!=", known, n, type=BOOL, loc=loc)
    negative = [ir.Compare("<", d, _int(0, loc), type=BOOL, loc=loc) for d in named
                if not isinstance(d, ir.Const)]
    for test in negative:  # a negative extent other than -1 is NumPy's ValueError too
        stmts.append(ir.If(test, (ir.Raise("ValueError", message, (n, *shown), loc=loc),),
                           loc=loc))
    stmts.append(ir.If(bad, (ir.Raise("ValueError", message, (n, *shown), loc=loc),), loc=loc))
    return stmts, tuple(named)


def _produce_concat(low: Any, e: ir.Intrinsic, out: ir.Name) -> tuple[
        list[ir.Stmt], tuple[ir.Expr, ...], list[ir.Stmt]]:
    loc = e.loc
    k = _kind(e.type)  # type: ignore[arg-type]
    before: list[ir.Stmt] = []
    parts: list[ir.Expr] = []
    total: ir.Expr = _int(0, loc)
    for a in e.args:
        if isinstance(a.type, Array):
            a = low.named(a)
            total = _add(total, _size(a, 0))
        else:
            if not isinstance(a, ir.Const | ir.Name):
                tmp = low.temps.new(a.type, loc)
                before.append(ir.Assign(tmp, a, loc=loc))
                a = tmp
            total = _add(total, _int(1, loc))
        parts.append(a)
    offset = low.temps.new(INT64, loc)
    fill: list[ir.Stmt] = [ir.Assign(offset, _int(0, loc), loc=loc)]
    for a in parts:
        if isinstance(a.type, Array):
            fill.append(ir.CallStmt(low.helper(f"tp_nparr_put_{k}"), (a, offset, out),
                                    loc=loc))
            fill.append(ir.Assign(offset, _add(offset, _size(a, 0)), loc=loc))
        else:
            fill.append(ir.Assign(ir.Subscript(out, (offset,), type=element(out.type),
                                               loc=loc), a, loc=loc))
            fill.append(ir.Assign(offset, _add(offset, _int(1, loc)), loc=loc))
    return before, (total,), fill


def _produce_stack(low: Any, e: ir.Intrinsic, out: ir.Name) -> tuple[
        list[ir.Stmt], tuple[ir.Expr, ...], list[ir.Stmt]]:
    loc = e.loc
    k = _kind(e.type)  # type: ignore[arg-type]
    parts = [low.named(a) for a in e.args]
    n = _size(parts[0], 0)
    checks: list[ir.Stmt] = []
    message = "all input arrays must have the same shape"
    for p in parts[1:]:
        bad = ir.Compare("!=", _size(p, 0), n, type=BOOL, loc=loc)
        checks.append(ir.If(bad, (ir.Raise("ValueError", message, (), loc=loc),), loc=loc))
    rows = e.name == "stack_rows"
    helper = low.helper(f"tp_nparr_{'row' if rows else 'col'}_{k}")
    fill: list[ir.Stmt] = [ir.CallStmt(helper, (p, _int(r, loc), out), loc=loc)
                           for r, p in enumerate(parts)]
    count = _int(len(parts), loc)
    return checks, ((count, n) if rows else (n, count)), fill


# -- views (NumPy's reshape / ravel of a contiguous array)
def check_view(f: ir.FunctionDef, s: ir.Assign, written_after: set[str]) -> None:
    """`y = x.reshape(...)`: refused where `y` or `x` is written after the binding."""
    v = s.value
    assert isinstance(v, ir.Intrinsic) and isinstance(s.target, ir.Name)
    base = v.args[0]
    if isinstance(base, ir.Subscript):  # a view of a section: of that array
        base = base.value
    if not isinstance(base, ir.Name):  # a view of a new array no one else holds
        return
    if v.name == "diag" and base.type.rank == 1:  # type: ignore[union-attr]
        return  # np.diag of a vector: a new matrix
    names = set() if s.target.id.startswith("tp_ret") else {s.target.id}  # moved out
    names |= {base.id} if isinstance(base, ir.Name) else set()
    bt = base.type
    if isinstance(base, ir.Name) and base.id in {p.name for p in f.params} \
            and isinstance(bt, Array) and (bt.rank == 1 or bt.order == "C") and any(
                isinstance(n, ir.CallStmt) and n.func == "move_alloc"
                and isinstance(n.args[0], ir.Name) and n.args[0].id == s.target.id
                for n in walk(f)):
        raise TranspileError(s.loc, f"returning a view of parameter array '{base.id}' is not "
                             "supported: CPython returns a view of that array itself",
                             "return a copy: .copy()", code="E-unsupported")
    hit = sorted(names & written_after)
    if hit:
        what = "reshape()" if v.name == "reshape" else "ravel()"
        raise TranspileError(s.loc, f"'{s.target.id} = ...{what}' binds a view of the array "
                             f"in NumPy, and '{hit[0]}' is written after it: not translated",
                             "take a copy: .flatten(), or .reshape(...).copy()",
                             code="E-unsupported")
