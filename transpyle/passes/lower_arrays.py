"""Local arrays: `t = np.zeros((n, m))` becomes an allocation and a fill; an array made inside
a larger expression (`np.zeros(n) + x`) is made first, into a temporary.

The allocation keeps the Python origin's 0-based bounds, is freed first where it was made
before (`Deallocate` frees only what is allocated: a loop makes it again), and a negative
extent raises NumPy's ValueError.
"""

from __future__ import annotations

import dataclasses

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64, Array, Complex, Logical, Real, Scalar
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.temporaries import Temporaries

_FILL = {"zeros": 0, "ones": 1}


_MAKERS = ("zeros", "ones", "empty", "full")


def _maker(e: ir.Node) -> bool:
    return isinstance(e, ir.Intrinsic) and e.name in _MAKERS


class _Operands(Transformer):
    """Array makers inside a larger expression (`np.zeros(n) + x`), each into a temporary
    array made first; `made` collects the statements that make them."""

    def __init__(self, temps: Temporaries) -> None:
        self.temps = temps
        self.made: list[ir.Assign] = []

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        e = self.rebuild(e)
        if not _maker(e):
            return e
        t = self.temps.new(e.type, e.loc)
        self.made.append(ir.Assign(t, e, loc=e.loc))
        return t


class _LowerArrays(Transformer):
    def __init__(self, f: ir.FunctionDef) -> None:
        self.temps = Temporaries(f, "tp_made")
        self.sizes = _sizes(f)

    def visit_FunctionDef(self, f: ir.FunctionDef) -> ir.FunctionDef:
        f = self.rebuild(f)
        made = tuple(dataclasses.replace(d, allocatable=True) for d in self.temps.decls)
        return dataclasses.replace(f, locals=(*f.locals, *made))

    def visit_Assign(self, s: ir.Assign) -> ir.Stmt | list[ir.Stmt]:
        v = s.value
        if not _maker(v) and any(_maker(n) for n in walk(v)):
            if _lazy_maker(v):
                raise TranspileError(s.loc, "an array made (np.zeros, ...) in an operand "
                                     "Python evaluates only sometimes: assign it first")
            operands = _Operands(self.temps)
            value = operands.visit(v)
            made = [x for m in operands.made for x in _as_list(self.visit_Assign(m))]
            return [*made, dataclasses.replace(s, value=value)]
        if not (_maker(v) and isinstance(s.target, ir.Name)):
            return s
        assert isinstance(v.type, Array)
        name = s.target.id
        extents = v.args[1:] if v.name == "full" else v.args  # np.full: (value, *shape)
        dims = tuple(ir.Dim(ir.Const(0, type=INT64, loc=d.loc), _minus_one(d), loc=d.loc)
                     for d in extents)
        checked = []
        for d in extents:
            if not _counts(d, self.sizes) and d not in checked:
                checked.append(d)
        out: list[ir.Stmt] = [_nonnegative(d) for d in checked]
        out.append(ir.Deallocate(name, loc=s.loc))  # made again: in a loop, or twice
        out.append(ir.Allocate(name, dims, loc=s.loc))
        if v.name in _FILL:
            fill = ir.Const(_cast_fill(_FILL[v.name], v.type.elem), type=v.type.elem, loc=s.loc)
            out.append(ir.Assign(s.target, fill, loc=s.loc))
        if v.name == "full":
            out.append(ir.Assign(s.target, v.args[0], loc=s.loc))
        return out


def _counts(d: ir.Expr, sizes: set[str]) -> bool:
    """An extent that cannot be negative: a constant, a size (or a variable only ever set to
    one), a sum of them, a max with one."""
    if isinstance(d, ir.Const):
        return isinstance(d.value, int) and d.value >= 0
    if isinstance(d, ir.Name):
        return d.id in sizes
    if isinstance(d, ir.Intrinsic) and d.name == "size":
        return True
    if isinstance(d, ir.BinOp) and d.op in ("+", "*"):
        return _counts(d.left, sizes) and _counts(d.right, sizes)
    return isinstance(d, ir.Intrinsic) and d.name == "max" \
        and any(_counts(a, sizes) for a in d.args)


def _sizes(f: ir.FunctionDef) -> set[str]:
    """Locals every assignment of which is a count (`n = len(x)`, `n, m = a.shape`, `k = 2`)."""
    values: dict[str, list[ir.Expr]] = {}
    for n in walk(f):
        if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name):
            values.setdefault(n.target.id, []).append(n.value)
        elif isinstance(n, ir.For):
            values.setdefault(n.var.id, []).append(n.var)  # a loop variable: not a size
    params = {p.name for p in f.params}
    sizes: set[str] = set()
    while True:  # sizes of sizes: `shape_0 = n` where `n = len(x)`
        more = {name for name, vs in values.items() if name not in params | sizes
                and all(_counts(v, sizes) for v in vs)}
        if not more:
            return sizes
        sizes |= more


def _nonnegative(d: ir.Expr) -> ir.Stmt:
    """NumPy refuses a negative extent (Fortran would make an empty array)."""
    negative = ir.Compare("<", d, ir.Const(0, type=d.type, loc=d.loc), type=BOOL, loc=d.loc)
    return ir.If(negative, (ir.Raise("ValueError", "negative dimensions are not allowed",
                                     loc=d.loc),), loc=d.loc)


def _as_list(s: ir.Stmt | list[ir.Stmt]) -> list[ir.Stmt]:
    return s if isinstance(s, list) else [s]


def _lazy_maker(e: ir.Expr) -> bool:
    for n in walk(e):
        lazy = n.values[1:] if isinstance(n, ir.BoolOp) else (n.body, n.orelse) \
            if isinstance(n, ir.IfExp) else ()
        if any(_maker(m) for x in lazy for m in walk(x)):
            return True
    return False


def _cast_fill(value: int, elem: Scalar) -> int | float | complex | bool:
    if isinstance(elem, Real):
        return float(value)
    if isinstance(elem, Complex):
        return complex(value)
    if isinstance(elem, Logical):
        return bool(value)
    return value


def _minus_one(d: ir.Expr) -> ir.Expr:
    if isinstance(d, ir.Const) and isinstance(d.value, int):
        return dataclasses.replace(d, value=d.value - 1)
    return ir.BinOp("-", d, ir.Const(1, type=d.type, loc=d.loc), type=d.type, loc=d.loc)


def lower_arrays(module: ir.Module) -> ir.Module:
    body = tuple(_LowerArrays(f).visit(f) if isinstance(f, ir.FunctionDef) else f
                 for f in module.body)
    return dataclasses.replace(module, body=body)
