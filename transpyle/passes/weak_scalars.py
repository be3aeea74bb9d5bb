"""The scalar variables that always hold Python scalars: NumPy 2's weak operands (NEP 50).

NumPy 2 gives `a * x[i]`, with `a` a Python float and `x` a float32 array, a float32 result:
a Python scalar takes the kind's precision of the NumPy operand it meets. An `np.float64` (an
element of a float64 array, `np.sum(...)`) is no weak operand: with a float32 it gives float64.
So the type of such an operation depends on where the scalar came from. This pass finds, before
typing, the variables that hold a Python scalar on every path: parameters that every call of
the module passes one (and the call from Python, unless it passed a NumPy scalar:
`FunctionDef.numpy_args`), locals whose every assignment is one, range loop counters. Their
values are Python's: literals, those variables, arithmetic of them, `len`,
`.shape`, `math.*` and the builtins `float()`, `int()`, `abs`, `min`, `max` of them, calls of
the module's functions that return such values when passed them. The typing
pass (infer_types.py) treats them as it treats literals. A variable that may hold either keeps
the wider type: a row of docs/DIFFERENCES.md.
"""

from __future__ import annotations

import struct

from transpyle.ir import nodes as ir
from transpyle.ir.types import (
    BOOL,
    FLOAT64,
    INT64,
    NUMERIC_RANK,
    Complex,
    Logical,
    Real,
    Type,
    promote,
)
from transpyle.ir.visitor import walk

# what a Python scalar is typed (Pyccel's scalar 'bool' hint is Logical(1))
_PYTHON_TYPES = (INT64, FLOAT64, Complex(16), BOOL, Logical(1))
_BUILTINS = frozenset(("abs", "min", "max"))  # of Python scalars, a Python scalar
_ARITHMETIC = frozenset(("+", "-", "*", "/", "//", "%", "**"))

Weak = dict[str, frozenset[str]]  # function name -> its variables that hold Python scalars


def is_python_value(e: ir.Expr, names: frozenset[str] | set[str],
                    returning: frozenset[str] | set[str] = frozenset(),
                    memo: dict[int, tuple[ir.Expr, bool]] | None = None) -> bool:
    """Whether `e` is a Python scalar in CPython, given the variables `names` that are and
    the module functions `returning` one when called with Python scalars. `memo` (by node
    id, for one `names`): the typing pass asks of every operand of a chain `x + x * c + ...`,
    which without it took time quadratic in the chain's length; it holds each node, so that
    no id is reused while it lives)."""
    if memo is None:
        return _python_value(e, names, returning, {})
    return _python_value(e, names, returning, memo)


def _python_value(e: ir.Expr, names: frozenset[str] | set[str],
                  returning: frozenset[str] | set[str],
                  memo: dict[int, tuple[ir.Expr, bool]]) -> bool:
    known = memo.get(id(e))
    if known is None:
        known = memo[id(e)] = (e, _python_node(e, names, returning, memo))
    return known[1]


def _python_node(e: ir.Expr, names: frozenset[str] | set[str],
                 returning: frozenset[str] | set[str],
                 memo: dict[int, tuple[ir.Expr, bool]]) -> bool:
    def python(x: ir.Expr) -> bool:
        return _python_value(x, names, returning, memo)

    if isinstance(e, ir.Const):
        return not isinstance(e.value, str)
    if isinstance(e, ir.Name):
        return e.id in names
    if isinstance(e, ir.UnaryOp):
        return e.op in ("-", "+", "not") and python(e.operand)
    if isinstance(e, ir.BinOp):
        return e.op in _ARITHMETIC and python(e.left) and python(e.right)
    if isinstance(e, ir.Cast):  # float(x) is a Python float, np.float64(x) NumPy's
        return e.python
    if isinstance(e, ir.Call):
        return e.func in returning and all(map(python, e.args))
    if isinstance(e, ir.Intrinsic):
        if e.name in ("size", "len", "ndim") or e.origin == "math":
            return True  # `len(x)`, `x.shape[k]`: Python ints; math's functions: floats
        if e.origin is None and e.name in _BUILTINS:
            return all(map(python, e.args))
    return False


def weak_meets(weak: Type, strong: Type) -> Type:
    """The type of a Python scalar of type `weak` with a NumPy value of type `strong` (NEP 50):
    the NumPy type where the Python scalar's kind is no higher (`2.0 * x32` is float32); a
    Python complex with a NumPy float, the complex of that precision (`1j * x32` is complex64);
    otherwise the usual promotion (`2.5 * i32` is float64)."""
    if NUMERIC_RANK.get(type(weak), 9) <= NUMERIC_RANK.get(type(strong), -1):
        return strong
    if isinstance(weak, Complex) and isinstance(strong, Real):
        return Complex(2 * strong.kind)
    return promote(weak, strong)


def _assignments(f: ir.FunctionDef) -> dict[str, list[ir.Expr | None]]:
    """Each variable's assigned values (None: one this pass does not follow, as a tuple's)."""
    out: dict[str, list[ir.Expr | None]] = {}
    for n in walk(f):
        if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name):
            out.setdefault(n.target.id, []).append(n.value)
        elif isinstance(n, ir.Assign) and not isinstance(n.target, ir.Subscript | ir.Field):
            for t in walk(n.target):
                if isinstance(t, ir.Name):
                    out.setdefault(t.id, []).append(None)
        elif isinstance(n, ir.For):
            out.setdefault(n.var.id, [])  # a counted loop's values: Python ints
    return out


def weak_scalars(module: ir.Module) -> Weak:
    """Per function of Python origin, the variables that hold Python scalars on every path."""
    funcs = {n: f for n, f in module.functions().items() if f.kind is None}
    assigned = {n: _assignments(f) for n, f in funcs.items()}
    calls = [(f.name, c) for f in funcs.values() for c in walk(f)
             if isinstance(c, ir.Call | ir.CallStmt) and c.func in funcs]
    returns = {n: [r.value for r in walk(f) if isinstance(r, ir.Return)]
               for n, f in funcs.items()}
    weak: dict[str, set[str]] = {}
    for n, f in funcs.items():  # optimistic start, then fall to the fixed point
        params = {p.name for p in f.params if p.name not in f.numpy_args
                  and (p.type is None or p.type in _PYTHON_TYPES)}  # not a np.float32 hint
        weak[n] = params | set(assigned[n])
    returning = {n for n, f in funcs.items() if f.results == ()}  # not a tuple's
    changed = True
    while changed:
        changed = False
        for caller, c in calls:
            callee = funcs[c.func]
            for p, a in zip(callee.params, c.args, strict=False):
                if p.name in weak[callee.name] and not is_python_value(a, weak[caller],
                                                                       returning):
                    weak[callee.name].discard(p.name)
                    changed = True
        for n in funcs:
            for name, values in assigned[n].items():
                if name in weak[n] and not all(v is not None and is_python_value(
                        v, weak[n], returning) for v in values):
                    weak[n].discard(name)
                    changed = True
            if n in returning and not all(v is not None and is_python_value(
                    v, weak[n], returning) for v in returns[n]):
                returning.discard(n)
                changed = True
    return {n: frozenset(w) for n, w in weak.items()}


def mixed_scalars(f: ir.FunctionDef, weak: frozenset[str]) -> dict[str, bool]:
    """The locals of `f` that hold a Python scalar on some paths and another value on others
    (`s = 0.0`, then `s += x[i]` with float32 `x`: a Python float, then an `np.float32`),
    each with whether every Python scalar assigned to it is a constant that a float32
    (complex64) holds exactly. The typing pass holds such a variable as float32 if so, else as
    float64 (complex128), which holds a Python float and a float32 exactly, converting it to
    float32 first where it meets a float32 (complex64) value, as NumPy does on both paths. It
    verifies that every other value assigned is a float32 (complex64), and types the
    function again without the variable if not."""
    params = {p.name for p in f.params}
    fixed = {d.name for d in (*f.locals, *f.results)}
    counters = {n.var.id for n in walk(f) if isinstance(n, ir.For)}
    out = {}
    for name, values in _assignments(f).items():
        if name in weak or name in params or name in fixed or name in counters \
                or not values or None in values:
            continue
        python = [v for v in values if v is not None and is_python_value(v, weak)]
        if python and len(python) < len(values):
            out[name] = all(map(_exact_in_float32, python))
    return out


def _exact_in_float32(e: ir.Expr) -> bool:
    """Whether `e` is a number constant (`0.0`, `-1`, `0j`) that a float32 holds exactly."""
    if isinstance(e, ir.UnaryOp) and e.op in "+-":
        return _exact_in_float32(e.operand)
    if not isinstance(e, ir.Const) or isinstance(e.value, str | bool):
        return False
    value = complex(e.value)  # type: ignore[arg-type]
    try:
        return all(struct.unpack("f", struct.pack("f", part))[0] == part
                   for part in (value.real, value.imag))
    except OverflowError:
        return False
