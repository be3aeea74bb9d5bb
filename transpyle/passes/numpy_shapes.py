"""The shapes of the NumPy calls whose array results are not elementwise (for the shape checks
of `safety/shapes.py` and the array results of `array_results.py`): `np.cumsum` of a vector,
an axis reduction of a matrix, a transpose, `np.linspace`. `np.arange`'s length is known
only when it is computed (`numpy_lowering.py`), so it has none here."""

from __future__ import annotations

from typing import Any

from transpyle.ir import nodes as ir
from transpyle.passes.numpy_arrays import ARRAY_OPS, array_op_shape

SHAPED = frozenset(("cumsum", "transpose", "linspace", "sum", "product", "maxval", "minval",
                    "mean", "var", "std"))


def is_produced(e: ir.Expr) -> bool:
    """A NumPy array result that `numpy_lowering.py` allocates and computes itself."""
    if not isinstance(e, ir.Intrinsic):
        return False
    if e.name in ("cumsum", "transpose", "linspace", "arange", "pack") or e.name in ARRAY_OPS:
        return True
    return e.name in ("sum", "product", "maxval", "minval", "mean") and len(e.args) == 2 \
        or e.name in ("var", "std") and len(e.args) == 3


def numpy_shape(checks: Any, e: ir.Intrinsic) -> tuple[ir.Expr, ...] | None:
    """The shape of `e` (None where it has none known here); `checks` checks the operands
    (`safety/shapes.py`'s `_Checks`: its `expr` returns an operand's shape)."""
    if not is_produced(e) or e.name in ("arange", "pack"):
        return None
    if e.name in ARRAY_OPS:
        return array_op_shape(checks, e)
    if e.name == "linspace":
        for a in e.args:
            checks.expr(a)
        return (e.args[2],)
    x = checks.expr(e.args[0])
    for a in e.args[1:]:
        checks.expr(a)
    if x is None:
        return None
    if e.name == "cumsum":
        return (x[0],)
    if e.name == "transpose":
        return (x[1], x[0])
    axis = e.args[-1]
    assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
    return (x[1 - axis.value],)
