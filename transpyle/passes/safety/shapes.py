"""Whole-array statements: shapes agree as NumPy requires, and local arrays are 0-based.

Fortran does not check that the operands of an array expression conform: `y(:) = a * x + y`
with a shorter `x` reads past its end, and an assignment from the wrong extent writes past the
target's. Before each statement with array operands this pass compares their extents (integers
only, once per statement, not per element) and raises NumPy's ValueError where they differ:
"operands could not be broadcast together with shapes (5,) (4,) ", "could not broadcast input
array from shape (4,) into shape (5,)", and np.dot's "shapes (5,) and (4,) not aligned: ...".
Extents equal by construction (the same array twice) are not compared. NumPy broadcasts an
axis of length 1; here it is a mismatch (a documented difference).

A local array assigned an array expression (`d = x - y`) is allocated from the expression's
shape with Python's lower bound 0 (Fortran's reallocation on assignment would give it lower
bound 1) and then filled; a new assignment allocates again, as Python binds a new array.
"""

from __future__ import annotations

import dataclasses

from transpyle.errors import SourceLoc
from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import INTRINSICS
from transpyle.ir.types import BOOL, INT64, Array, Type
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.broadcast import spread_shape
from transpyle.passes.numpy_shapes import is_produced, numpy_shape
from transpyle.passes.products import PRODUCTS, product_shape
from transpyle.passes.safety.stretch import in_parallel_loops, stretch_assign

Shape = tuple[ir.Expr, ...]


def _int(value: int, loc: SourceLoc) -> ir.Const:
    return ir.Const(value, type=INT64, loc=loc)


def _op(op: str, a: ir.Expr, b: ir.Expr) -> ir.Expr:
    """a + b or a - b, with constant offsets folded (`n - 1 - 1 + 1` reads `n - 1`)."""
    if isinstance(b, ir.Const) and isinstance(b.value, int):
        k = b.value if op == "+" else -b.value
        if isinstance(a, ir.BinOp) and a.op in "+-" and isinstance(a.right, ir.Const) \
                and isinstance(a.right.value, int):
            k += a.right.value if a.op == "+" else -a.right.value
            a = a.left
        if isinstance(a, ir.Const) and isinstance(a.value, int):
            return _int(a.value + k, a.loc)
        if k == 0:
            return a
        return ir.BinOp("+" if k > 0 else "-", a, _int(abs(k), a.loc), type=INT64, loc=a.loc)
    return ir.BinOp(op, a, b, type=INT64, loc=a.loc)


def size(array: ir.Expr, axis: int, loc: SourceLoc) -> ir.Expr:
    return ir.Intrinsic("size", (array, _int(axis, loc)), type=INT64, loc=loc)


def slice_extent(array: ir.Expr, axis: int, s: ir.Slice) -> ir.Expr:
    """The number of elements of `s` on `axis` of `array` (the IR's inclusive upper bound)."""
    loc = s.loc
    step = s.step.value if isinstance(s.step, ir.Const) else 1
    if s.lower is None and s.upper is None and step == 1:
        return size(array, axis, loc)
    lower = s.lower if s.lower is not None else _int(0, loc)
    upper = s.upper if s.upper is not None else _op("-", size(array, axis, loc), _int(1, loc))
    if step in (1, -1):
        count = _op("+", _op("-", upper, lower) if step == 1 else _op("-", lower, upper),
                    _int(1, loc))
    else:
        span = _op("+", _op("-", upper, lower), _int(step, loc))
        count = ir.BinOp("/", span, _int(step, loc), type=INT64, loc=loc)
    return ir.Intrinsic("max", (_int(0, loc), count), type=INT64, loc=loc)


def shape_of(e: ir.Expr) -> Shape | None:
    """The extents of an array-valued name or section (None where not one)."""
    t = e.type
    if not isinstance(t, Array) or t.rank is None:
        return None
    if isinstance(e, ir.Name):
        return tuple(size(e, k, e.loc) for k in range(t.rank))
    if isinstance(e, ir.Subscript):
        return tuple(slice_extent(e.value, k, i) for k, i in enumerate(e.indices)
                     if isinstance(i, ir.Slice))
    return None


def _merged(a: Shape, b: Shape) -> Shape:
    """The broadcast shape of two that agree (NumPy's: a length-1 axis takes the other's)."""
    out = []
    for x, y in zip(a, b, strict=True):
        if x == y or isinstance(y, ir.Const) and y.value == 1:
            out.append(x)
        elif isinstance(x, ir.Const) and x.value == 1:
            out.append(y)
        else:
            one = ir.Compare("==", x, _int(1, x.loc), type=BOOL, loc=x.loc)
            out.append(ir.Intrinsic("merge", (y, x, one), type=INT64, loc=x.loc))
    return tuple(out)


def _text(rank: int) -> str:
    return "(" + ",".join(["{}"] * rank) + ("," if rank == 1 else "") + ")"


class _Checks:
    """Collects the checks of one statement, in NumPy's evaluation order."""

    def __init__(self, loc: SourceLoc) -> None:
        self.loc = loc
        self.stmts: list[ir.Stmt] = []
        self.tests: list[ir.Expr] = []

    def agree(self, a: Shape, b: Shape, message: str, args: tuple[ir.Expr, ...]) -> None:
        differ = [ir.Compare("!=", x, y, type=BOOL, loc=self.loc)
                  for x, y in zip(a, b, strict=True) if x != y]
        if not differ or len(args) > 7:
            return
        test = differ[0] if len(differ) == 1 else ir.BoolOp("or", tuple(differ), type=BOOL,
                                                            loc=self.loc)
        if test in self.tests:  # the same extents compared before: that check raised first
            return
        self.tests.append(test)
        self.stmts.append(ir.If(test, (ir.Raise("ValueError", message, args, loc=self.loc),),
                                loc=self.loc))

    def broadcast(self, a: Shape, b: Shape) -> None:
        if len(a) == len(b):
            text = f"operands could not be broadcast together with shapes {_text(len(a))} " \
                   f"{_text(len(b))} "
            self.agree(a, b, text, (*a, *b))

    def expr(self, e: ir.Expr) -> Shape | None:
        """Check `e`'s operands; its shape (None for a scalar or an unknown shape)."""
        if isinstance(e, ir.Name | ir.Subscript):
            if isinstance(e, ir.Subscript):
                for i in e.indices:
                    self.expr(i)
            return shape_of(e)
        if isinstance(e, ir.BinOp | ir.Compare):
            a, b = self.expr(e.left), self.expr(e.right)
            if a is not None and b is not None:
                self.broadcast(a, b)
                return _merged(a, b) if len(a) == len(b) else a
            return a if a is not None else b
        if isinstance(e, ir.UnaryOp | ir.Cast):
            inner = e.operand if isinstance(e, ir.UnaryOp) else e.value
            return self.expr(inner) if isinstance(e.type, Array) else self.scalar(inner)
        if isinstance(e, ir.IfExp):
            return self.elementwise((e.test, e.body, e.orelse))
        if isinstance(e, ir.Intrinsic):
            return self.intrinsic(e)
        if isinstance(e, ir.Call | ir.BoolOp):
            for a in (e.args if isinstance(e, ir.Call) else e.values):
                self.expr(a)
        return None

    def scalar(self, e: ir.Expr) -> None:
        self.expr(e)

    def elementwise(self, args: tuple[ir.Expr, ...]) -> Shape | None:
        first: Shape | None = None
        for a in args:
            s = self.expr(a)
            if s is not None and first is None:
                first = s
            elif s is not None and first is not None:
                self.broadcast(first, s)
        return first

    def intrinsic(self, e: ir.Intrinsic) -> Shape | None:
        if e.name == "size":
            return None
        if e.name in PRODUCTS:
            return product_shape(self, e)
        if is_produced(e):
            return numpy_shape(self, e)
        if e.name == "np_spread":  # a broadcast operand (passes/broadcast.py)
            return spread_shape(self, e)
        if e.name == "unpack":  # x[mask] = v: the mask's shape (masks.py checks the count)
            self.expr(e.args[0])
            return self.elementwise(e.args[1:])
        spec = INTRINSICS.get(e.name)
        shape = self.elementwise(e.args)
        return shape if spec is not None and spec.elemental and isinstance(e.type, Array) \
            else None


class _Statements(Transformer):
    def __init__(self, f: ir.FunctionDef) -> None:
        self.local_arrays = {d.name: d for d in f.locals
                             if d.allocatable and isinstance(d.type, Array)}
        self.taken = {p.name for p in f.params} | {d.name for d in f.locals} | {f.name}
        self.new: list[ir.VarDecl] = []
        self.parallel = in_parallel_loops(f)

    def scalar_temp(self, loc: SourceLoc, t: Type = INT64) -> ir.Name:
        name = "tp_bc"
        while name in self.taken:
            name += "_"
        self.taken.add(name)
        self.new.append(ir.VarDecl(name, t, loc=loc))
        return ir.Name(name, type=t, loc=loc)

    def array_temp(self, t: Type, loc: SourceLoc) -> ir.Name:
        name = "tp_bca"
        while name in self.taken:
            name += "_"
        self.taken.add(name)
        self.new.append(ir.VarDecl(name, t, allocatable=True, loc=loc))
        return ir.Name(name, type=t, loc=loc)

    def visit_Assign(self, s: ir.Assign) -> ir.Stmt | list[ir.Stmt]:
        stretched = stretch_assign(self, s)  # a length-1 axis NumPy stretches: stretch.py
        if stretched is not None:
            return stretched
        checks = _Checks(s.loc)
        value = checks.expr(s.value)
        target = s.target
        if isinstance(target, ir.Subscript):
            for i in target.indices:
                checks.expr(i)
        if value is None:
            return [*checks.stmts, s]
        if isinstance(target, ir.Name) and target.id in self.local_arrays:
            if is_produced(s.value):  # numpy_lowering.py allocates and computes it
                return [*checks.stmts, s]
            return [*checks.stmts, *self.allocate(s, target, value)]
        into = shape_of(target)
        if into is not None and len(into) == len(value):
            text = f"could not broadcast input array from shape {_text(len(value))} " \
                   f"into shape {_text(len(into))}"
            checks.agree(value, into, text, (*value, *into))
        return [*checks.stmts, s]

    def allocate(self, s: ir.Assign, target: ir.Name, shape: Shape) -> list[ir.Stmt]:
        """`d = <array expression>`: a new 0-based array of the expression's shape."""
        assert isinstance(target.type, Array)
        out: list[ir.Stmt] = []
        value = s.value
        if any(isinstance(n, ir.Name) and n.id == target.id for n in walk(value)):
            tmp = self.temporary(target)  # the value reads the old array: evaluate it first
            out.append(ir.Assign(tmp, value, loc=s.loc))
            shape = tuple(size(tmp, k, s.loc) for k in range(len(shape)))
            value = tmp
        dims = tuple(ir.Dim(_int(0, s.loc), _op("-", n, _int(1, s.loc)), loc=s.loc)
                     for n in shape)
        whole = tuple(ir.Slice(None, None, None, type=INT64, loc=s.loc) for _ in shape)
        out += [ir.Deallocate(target.id, loc=s.loc), ir.Allocate(target.id, dims, loc=s.loc),
                ir.Assign(ir.Subscript(target, whole, type=target.type, loc=s.loc), value,
                          loc=s.loc)]
        return out

    def temporary(self, like: ir.Name) -> ir.Name:
        name = f"{like.id}_new"
        while name in self.taken:
            name += "_"
        self.taken.add(name)
        self.new.append(ir.VarDecl(name, like.type, allocatable=True, loc=like.loc))
        return dataclasses.replace(like, id=name)

    def _headed(self, s: ir.Stmt, exprs: tuple[ir.Expr | None, ...]) -> ir.Stmt | list[ir.Stmt]:
        checks = _Checks(s.loc)
        for e in exprs:
            if e is not None:
                checks.expr(e)
        return [*checks.stmts, s] if checks.stmts else s

    def visit_Return(self, s: ir.Return) -> ir.Stmt | list[ir.Stmt]:
        return self._headed(s, (s.value,))

    def visit_If(self, s: ir.If) -> ir.Stmt | list[ir.Stmt]:
        return self._headed(self.rebuild(s), (s.test,))

    def visit_CallStmt(self, s: ir.CallStmt) -> ir.Stmt | list[ir.Stmt]:
        return self._headed(s, s.args)


def array_shapes(module: ir.Module) -> ir.Module:
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None:
            pass_ = _Statements(f)
            f = pass_.visit(f)
            f = dataclasses.replace(f, locals=(*f.locals, *pass_.new))
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))
