"""Which scalar values are NumPy scalars in CPython, and so follow NumPy's error rules.

In CPython `x[i]` of a float64 array is an `np.float64`, and arithmetic with a NumPy scalar
gives a NumPy scalar: `x[i] / 0.0` is inf with a RuntimeWarning where `1.0 / 0.0` raises
ZeroDivisionError, and `a[i] // 0` of an int64 array is 0 where `7 // 0` raises. The IR types
both as Real(8) or Integer(8); this analysis tells them apart, so that `checked_ops` raises
exactly where CPython raises.

A value is a NumPy scalar if it is an element of an array, a NumPy reduction of one, or an
operation with a NumPy-scalar operand; a variable holds one if any assignment gives it one (a
flow-insensitive approximation: a variable that becomes a NumPy scalar only after the first
iteration of a loop, as `s = 0.0; for ...: s += x[i]` does, counts as one from the start).
Parameters and the results of calls of module functions count as Python scalars.
"""

from __future__ import annotations

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array
from transpyle.ir.visitor import walk

# NumPy reductions return NumPy scalars, whatever their arguments
_REDUCTIONS = frozenset(("sum", "product", "maxval", "minval", "dot"))


def numpy_variables(f: ir.FunctionDef) -> frozenset[str]:
    """The scalar variables of `f` that hold a NumPy scalar on some path."""
    assigns = [(n.target.id, n.value) for n in walk(f)
               if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name)
               and not isinstance(n.target.type, Array)]
    found: set[str] = set()
    grew = True
    while grew:
        grew = False
        for name, value in assigns:
            if name not in found and is_numpy_scalar(value, found):
                found.add(name)
                grew = True
    return frozenset(found)


def is_numpy_scalar(e: ir.Expr, numpy_vars: set[str] | frozenset[str]) -> bool:
    if isinstance(e.type, Array):
        return False
    if isinstance(e, ir.Subscript):
        return all(not isinstance(i, ir.Slice) for i in e.indices)
    if isinstance(e, ir.Name):
        return e.id in numpy_vars
    if isinstance(e, ir.BinOp):
        return is_numpy_scalar(e.left, numpy_vars) or is_numpy_scalar(e.right, numpy_vars)
    if isinstance(e, ir.UnaryOp | ir.Cast):
        inner = e.operand if isinstance(e, ir.UnaryOp) else e.value
        return is_numpy_scalar(inner, numpy_vars)
    if isinstance(e, ir.IfExp):
        return is_numpy_scalar(e.body, numpy_vars) or is_numpy_scalar(e.orelse, numpy_vars)
    if isinstance(e, ir.Intrinsic):
        return e.name in _REDUCTIONS or any(is_numpy_scalar(a, numpy_vars) for a in e.args)
    return False
