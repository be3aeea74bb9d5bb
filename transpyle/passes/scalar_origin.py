"""Which scalar values are NumPy scalars in CPython, and so follow NumPy's error rules.

In CPython `x[i]` of a float64 array is an `np.float64`, and arithmetic with a NumPy scalar
gives a NumPy scalar: `x[i] / 0.0` is inf with a RuntimeWarning where `1.0 / 0.0` raises
ZeroDivisionError, and `a[i] // 0` of an int64 array is 0 where `7 // 0` raises. The IR types
both as Real(8) or Integer(8); this analysis tells them apart, so that `checked_ops` raises
exactly where CPython raises.

A value is a NumPy scalar if it is an element of an array, a NumPy reduction of one, or an
operation with a NumPy-scalar operand; a variable holds one at a statement if an assignment of
one reaches it on some path (`numpy_states`: a variable that becomes a NumPy scalar only after
the first iteration of a loop, as `s = 0.0; for ...: s += x[i]` does, counts as one in the loop
and after it, also where the loop ran zero times).
Parameters, the builtin conversions (`float(x[i])`) and the results of calls of module
functions count as Python scalars.
"""

from __future__ import annotations

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array

# NumPy reductions return NumPy scalars, whatever their arguments
_REDUCTIONS = frozenset(("sum", "product", "maxval", "minval", "dot", "matmul"))


def numpy_states(f: ir.FunctionDef) -> dict[int, frozenset[str]]:
    """For each statement of `f` (by id), the scalar variables that may hold a NumPy scalar
    when it starts: an assignment reaching it on some path gave them one. Flow-sensitive: a
    parameter is a Python scalar until an assignment of a NumPy value reaches its use."""
    states: dict[int, frozenset[str]] = {}

    def block(stmts: tuple[ir.Stmt, ...], state: frozenset[str]) -> frozenset[str]:
        for st in stmts:
            state = stmt(st, state)
        return state

    def stmt(st: ir.Stmt, state: frozenset[str]) -> frozenset[str]:
        states[id(st)] = states.get(id(st), frozenset()) | state
        if isinstance(st, ir.Assign) and isinstance(st.target, ir.Name) \
                and not isinstance(st.target.type, Array):
            numpy = is_numpy_scalar(st.value, state)
            return state | {st.target.id} if numpy else state - {st.target.id}
        if isinstance(st, ir.If | ir.Where):
            return block(st.body, state) | block(st.orelse, state)
        if isinstance(st, ir.Select):
            out = state
            for case in st.cases:
                out |= block(case.body, state)
            return out
        if isinstance(st, ir.For | ir.While):
            entry = state
            while True:  # the states at the top of the body, to a fixpoint
                inside = entry - {st.var.id} if isinstance(st, ir.For) else entry
                after = block(st.body, inside)
                grown = entry | after
                if grown == entry:
                    return grown
                entry = grown
        return state

    block(f.body, frozenset())
    return states


def is_numpy_scalar(e: ir.Expr, numpy_vars: set[str] | frozenset[str],
                    memo: dict[int, bool] | None = None) -> bool:
    """Whether `e` is a NumPy scalar in CPython. `memo` (by node id, for one tree that stays
    alive while it is used) makes repeated questions about subtrees cost nothing: a pass that
    asks at every node of a 10,000-term sum stays linear."""
    if memo is None:
        return _numpy(e, numpy_vars, {})
    return _numpy(e, numpy_vars, memo)


def _numpy(e: ir.Expr, numpy_vars: set[str] | frozenset[str], memo: dict[int, bool]) -> bool:
    known = memo.get(id(e))
    if known is not None:
        return known
    if isinstance(e.type, Array):
        result = False
    elif isinstance(e, ir.Subscript):
        result = all(not isinstance(i, ir.Slice) for i in e.indices)
    elif isinstance(e, ir.Name):
        result = e.id in numpy_vars
    elif isinstance(e, ir.BinOp):
        result = _numpy(e.left, numpy_vars, memo) or _numpy(e.right, numpy_vars, memo)
    elif isinstance(e, ir.Cast) and e.python:
        result = False  # int(), float(): Python scalars whatever they convert
    elif isinstance(e, ir.UnaryOp | ir.Cast):
        inner = e.operand if isinstance(e, ir.UnaryOp) else e.value
        result = _numpy(inner, numpy_vars, memo)
    elif isinstance(e, ir.IfExp):
        result = _numpy(e.body, numpy_vars, memo) or _numpy(e.orelse, numpy_vars, memo)
    elif isinstance(e, ir.Intrinsic):
        result = e.name in _REDUCTIONS or any(_numpy(a, numpy_vars, memo) for a in e.args)
    else:
        result = False
    memo[id(e)] = result
    return result
