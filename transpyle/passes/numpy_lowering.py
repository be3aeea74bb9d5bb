"""NumPy's calls computed as NumPy computes them, for Fortran (`numpy_helpers.py` has how).

Runs after the whole-array shape checks (`safety/shapes.py`): the elementwise `np.sign` and
`np.clip` become calls of elemental helpers, float `np.sum` / `np.mean` of NumPy's pairwise
helpers. Array results that are not elementwise (`np.cumsum`, `np.arange`, `np.linspace`, an
axis reduction, a transpose) are computed into a local allocated with NumPy's shape: the
assigned local itself (`y = np.cumsum(x)`), or a temporary where the call is an operand
(`2 * np.cumsum(x)`), evaluated just before the statement.
`y = x.T` binds a view in NumPy: translated as a copy only where neither `x` nor `y` is
written afterwards (else refused), where the two cannot differ.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import INTRINSICS
from transpyle.ir.types import BOOL, INT64, Array, Complex, Integer, Real, Type, element
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.numpy_arrays import ARRAY_OPS, VIEWS, check_view, produce_array_op
from transpyle.passes.numpy_helpers import with_dependencies
from transpyle.passes.numpy_shapes import is_produced
from transpyle.passes.safety.shapes import _Checks, shape_of
from transpyle.passes.temporaries import Temporaries


def _isnan(low: Any, e: ir.Intrinsic) -> ir.Expr:
    x = low.simple(e.args[0])
    return ir.Compare("!=", x, x, type=e.type, loc=e.loc)  # NaN alone differs from itself


def _isfinite(low: Any, e: ir.Intrinsic) -> ir.Expr:
    x = low.simple(e.args[0])  # x - x is 0 but for inf and NaN (no -ffast-math by default)
    d = ir.BinOp("-", x, x, type=x.type, loc=e.loc)
    return ir.Compare("==", d, d, type=e.type, loc=e.loc)


def _isinf(low: Any, e: ir.Intrinsic) -> ir.Expr:
    x = low.simple(e.args[0])
    d = ir.BinOp("-", x, x, type=x.type, loc=e.loc)
    return ir.Intrinsic("bitand", (ir.Compare("!=", d, d, type=e.type, loc=e.loc),
                                   ir.Compare("==", x, x, type=e.type, loc=e.loc)),
                        type=e.type, loc=e.loc)


def _logical(low: Any, e: ir.Intrinsic) -> ir.Expr:
    if e.name == "logical_not":
        return ir.UnaryOp("not", e.args[0], type=e.type, loc=e.loc)
    op = {"logical_and": "bitand", "logical_or": "bitor", "logical_xor": "bitxor"}[e.name]
    return ir.Intrinsic(op, e.args, type=e.type, loc=e.loc)  # of bools: .and. .or. .neqv.


def _square(low: Any, e: ir.Intrinsic) -> ir.Expr:
    x = low.simple(e.args[0])  # NumPy's square is x * x, one rounding
    return ir.BinOp("*", x, x, type=e.type, loc=e.loc)


_ELEMENTWISE: dict[str, Callable[[Any, ir.Intrinsic], ir.Expr]] = {
    "isnan": _isnan, "isfinite": _isfinite, "isinf": _isinf, "logical_not": _logical,
    "logical_and": _logical, "logical_or": _logical, "logical_xor": _logical,
    "square": _square}


def _kind(t: Type | None) -> str:
    e = element(t)  # type: ignore[arg-type]
    letter = "f" if isinstance(e, Real) else "c" if isinstance(e, Complex) else "i"
    return f"{letter}{e.kind}"  # type: ignore[union-attr]


def _int(value: int, loc: ir.SourceLoc) -> ir.Const:
    return ir.Const(value, type=INT64, loc=loc)


def _size(x: ir.Expr, k: int) -> ir.Expr:
    return ir.Intrinsic("size", (x, _int(k, x.loc)), type=INT64, loc=x.loc)


_produces = is_produced  # an array result computed by statements, not elementwise


_ORDERED = frozenset(("sum", "mean", "var", "std", "product"))


def _transposed(f: ir.FunctionDef) -> set[str]:
    """Locals whose layout in NumPy comes from a transpose: assigned a value with `x.T` or
    such a local in it (to a fixed point: loops may assign them in any order)."""
    out: set[str] = set()
    changed = True
    while changed:
        changed = False
        for n in walk(f):
            if not isinstance(n, ir.Assign):
                continue
            target = n.target.value if isinstance(n.target, ir.Subscript) else n.target
            if isinstance(target, ir.Name) and target.id not in out and any(
                    isinstance(m, ir.Intrinsic) and m.name == "transpose"
                    or isinstance(m, ir.Name) and m.id in out for m in walk(n.value)):
                out.add(target.id)
                changed = True
    return out


def _written(f: ir.Node, skip: ir.Assign | None = None) -> set[str]:
    """Names written anywhere in `f`: assigned, element-assigned, or passed to a call (but
    for the assignment `skip`)."""
    out: set[str] = set()
    for n in walk(f):
        if isinstance(n, ir.Assign) and n is not skip and not (
                skip is not None and n.loc == skip.loc and n.target == skip.target):
            target = n.target
            out.add(target.id if isinstance(target, ir.Name) else
                    target.value.id if isinstance(target, ir.Subscript)
                    and isinstance(target.value, ir.Name) else "")
        elif isinstance(n, ir.Call | ir.CallStmt) and not (
                isinstance(n, ir.CallStmt) and n.func == "move_alloc"):  # a result moved out
            out |= {a.id for a in n.args if isinstance(a, ir.Name)}
            out |= {a.value.id for a in n.args if isinstance(a, ir.Subscript)
                    and isinstance(a.value, ir.Name)}
    return out


def operand_shaping(e: ir.Expr) -> ir.Expr | None:
    """The array variable or section whose shape the elementwise expression `e` has."""
    if isinstance(e, ir.Name | ir.Subscript):
        return e if isinstance(e.type, Array) else None
    parts: tuple[ir.Expr, ...] = ()
    if isinstance(e, ir.BinOp | ir.Compare):
        parts = (e.left, e.right)
    elif isinstance(e, ir.UnaryOp):
        parts = (e.operand,)
    elif isinstance(e, ir.Cast):
        parts = (e.value,)
    elif isinstance(e, ir.IfExp):
        parts = (e.body, e.orelse, e.test)
    elif isinstance(e, ir.Intrinsic) and e.name in INTRINSICS and INTRINSICS[e.name].elemental:
        parts = e.args
    for p in parts:
        if isinstance(p.type, Array) and (found := operand_shaping(p)) is not None:
            return found
    return None


class _Lower(Transformer):
    def __init__(self, f: ir.FunctionDef) -> None:
        self.f = f
        self.temps = Temporaries(f, "np_tmp")
        self.needed: set[str] = set()
        self.before: list[ir.Stmt] = []  # statements the current one needs first
        self.writes = _written(f)
        self.assigned: dict[str, int] = {}
        for n in walk(f):
            if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name):
                self.assigned[n.target.id] = self.assigned.get(n.target.id, 0) + 1
        self.transposed = _transposed(f)
        self.views: dict[str, ir.Name] = {}  # t = x.T: t is x's memory (a view) in NumPy

    def helper(self, name: str) -> str:
        self.needed.add(name)
        return name

    # -- statements
    def visit_Assign(self, s: ir.Assign) -> ir.Stmt | list[ir.Stmt]:
        v = s.value
        if isinstance(v, ir.Intrinsic):
            v = self.in_memory_order(v)
            s = dataclasses.replace(s, value=v)
        if isinstance(s.target, ir.Name) and _produces(v):
            assert isinstance(v, ir.Intrinsic)
            if v.name == "transpose":
                self.check_view(s, v)
                if isinstance(v.args[0], ir.Name):
                    self.views[s.target.id] = v.args[0]
            if v.name in VIEWS:
                check_view(self.f, s, self.written_after(s))
            args = tuple(self.operand(a) for a in v.args)
            out = self.produce(dataclasses.replace(v, args=args), s.target)
            return [*self.take_before(), *out]
        s = self.rebuild(s)
        return [*self.take_before(), s] if self.before else s

    def written_after(self, s: ir.Assign) -> set[str]:
        """Names written after `s`: in the statements that follow it at the function's top
        level; anywhere but `s` itself where `s` is in a loop or a branch."""
        for i, top in enumerate(self.f.body):
            if top is s or top.loc == s.loc and isinstance(top, ir.Assign) \
                    and top.target == s.target:
                out: set[str] = set()
                for later in self.f.body[i + 1:]:
                    out |= _written(later)
                return out
        return _written(self.f, skip=s)

    def take_before(self) -> list[ir.Stmt]:
        out, self.before = self.before, []
        return out

    def visit_Return(self, s: ir.Return) -> ir.Stmt | list[ir.Stmt]:
        s = self.rebuild(s)
        return [*self.take_before(), s] if self.before else s

    def visit_CallStmt(self, s: ir.CallStmt) -> ir.Stmt | list[ir.Stmt]:
        s = self.rebuild(s)
        return [*self.take_before(), s] if self.before else s

    def visit_If(self, s: ir.If) -> ir.Stmt | list[ir.Stmt]:
        test = self.visit(s.test)
        head = self.take_before()
        s = dataclasses.replace(s, test=test, body=self._transform_value(s.body),
                                orelse=self._transform_value(s.orelse))
        return [*head, s] if head else s

    def visit_While(self, s: ir.While) -> ir.Stmt:
        self.refuse_producers(s.test)
        return self.rebuild(s)

    def visit_For(self, s: ir.For) -> ir.Stmt:
        for e in (s.start, s.stop, s.step):
            self.refuse_producers(e)
        return self.rebuild(s)

    def refuse_producers(self, e: ir.Expr, where: str = "in a loop header") -> None:
        for n in walk(e):
            if isinstance(n, ir.Expr) and _produces(n):
                raise TranspileError(n.loc, f"this NumPy call is not translated {where}",
                                     "assign it to a variable first", code="E-unsupported")

    def visit_IfExp(self, e: ir.IfExp) -> ir.Expr:
        """Python evaluates one branch only: a call there is not computed beforehand."""
        for branch in (e.body, e.orelse):
            self.refuse_producers(branch, "in a branch of a conditional expression")
        return self.rebuild(e)

    def visit_BoolOp(self, e: ir.BoolOp) -> ir.Expr:
        for v in e.values[1:]:
            self.refuse_producers(v, "in an operand that 'and'/'or' may skip")
        return self.rebuild(e)

    def check_view(self, s: ir.Assign, v: ir.Intrinsic) -> None:
        assert isinstance(s.target, ir.Name)
        base = v.args[0]
        names = {s.target.id} | ({base.id} if isinstance(base, ir.Name) else set())
        written = sorted(n for n in names if n in self.writes and (
            n != s.target.id or self.assigned.get(n, 0) > 1))
        if written:
            raise TranspileError(s.loc, f"'{s.target.id} = ....T' binds a view of the array "
                                 f"in NumPy, and '{written[0]}' is written in this function: "
                                 "not translated", "take a copy: .T.copy()",
                                 code="E-unsupported")

    # -- expressions
    def operand(self, e: ir.Expr) -> ir.Expr:
        """`e` lowered; an array-producing call in it becomes a temporary, computed first."""
        return self.visit(e)

    def in_memory_order(self, e: ir.Intrinsic) -> ir.Intrinsic:
        """A float sum (np.sum, np.mean, np.var, np.std) adds in its operand's memory order
        (and np.prod multiplies in it),
        and x.T has x's memory: np.sum(x.T) is np.sum(x), along axis k along 1 - k. Any other
        matrix whose layout comes from a transpose (`x.T * 2`, `t = x.T; u = t + 1`) is
        refused: NumPy lays it out as x, the translation in C order."""
        if e.name not in _ORDERED or not e.args or not isinstance(
                element(e.args[0].type), Real | Complex) or e.args[0].type.rank != 2:  # type: ignore[union-attr]
            return e
        x, *rest = e.args
        base = x.args[0] if isinstance(x, ir.Intrinsic) and x.name == "transpose" else \
            self.views.get(x.id) if isinstance(x, ir.Name) else None
        if base is not None and (base.type.rank or 0) == 2:  # type: ignore[union-attr]
            axis_at = 2 if e.name in ("var", "std") else 1
            if len(e.args) > axis_at:
                axis = e.args[axis_at]
                assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
                rest[axis_at - 1] = dataclasses.replace(axis, value=1 - axis.value)
            return dataclasses.replace(e, args=(base, *rest))
        if any(isinstance(n, ir.Intrinsic) and n.name == "transpose" or isinstance(n, ir.Name)
               and n.id in self.transposed for n in walk(x)):
            raise TranspileError(x.loc, "a float sum over a matrix laid out by a transpose is "
                                 "not translated (NumPy adds it in the transposed array's "
                                 "memory order)", "np.sum(x.T) is np.sum(x): sum x itself, "
                                 "or along the other axis", code="E-unsupported")
        return e

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        e = self.in_memory_order(e)
        e = self.rebuild(e)
        if _produces(e):
            tmp = self.temps.new(e.type, e.loc)
            self.before += self.produce(e, tmp)
            return tmp
        if e.name in _ELEMENTWISE:
            return _ELEMENTWISE[e.name](self, e)
        if e.name == "np_sign":
            return ir.Call(self.helper(f"tp_numpy_sign_{_kind(e.type)}"), e.args, type=e.type,
                           loc=e.loc)
        if e.name == "clip":  # NumPy has a loop of its own for two scalar bounds
            scalars = not any(isinstance(a.type, Array) for a in e.args[1:])
            name = f"tp_numpy_clip{'s' if scalars else ''}_{_kind(e.type)}"
            return ir.Call(self.helper(name), e.args, type=e.type, loc=e.loc)
        if e.name in ("sum", "mean") and len(e.args) == 1 or e.name in ("var", "std"):
            return self.full_sum(e)  # (var's axis form is an array result, produced above)
        if e.name in ("argmax", "argmin"):  # the first extreme in C order: any layout
            t = e.args[0].type
            assert isinstance(t, Array)
            name = f"tp_numpy_{e.name}_{t.rank}{t.order.lower()}_{_kind(t)}"
            return ir.Call(self.helper(name), (self.named(e.args[0]),), type=e.type, loc=e.loc)
        return e

    def full_sum(self, e: ir.Intrinsic) -> ir.Expr:
        x = e.args[0]
        t = x.type
        assert isinstance(t, Array)
        if e.name == "sum" and isinstance(t.elem, Integer):
            return e  # integers wrap: any order gives NumPy's result
        rank = t.rank or 0
        if rank > 2:
            raise TranspileError(e.loc, f"np.{e.name} of a rank-{rank} array is not "
                                 "translated (vectors and matrices are)", code="E-unsupported")
        if rank == 2 and isinstance(x, ir.Subscript):
            raise TranspileError(x.loc, f"np.{e.name} of a matrix section is not translated: "
                                 "NumPy's order depends on its strides",
                                 "sum a copy (np.sum(x[...].copy())) or row by row",
                                 code="E-unsupported")
        layout = "1c" if rank == 1 else f"2{t.order.lower()}"
        name = f"tp_numpy_{e.name}_{layout}_{_kind(t)}"
        return ir.Call(self.helper(name), (self.named(x), *e.args[1:]), type=e.type, loc=e.loc)

    def simple(self, x: ir.Expr) -> ir.Expr:
        """`x` to be read twice: as it is where it calls no module function (pure: the
        same value twice), an array expression that calls one evaluated once into a
        temporary; a scalar one is refused (a temporary could not follow `while` and
        `and`/`or`)."""
        if not any(isinstance(n, ir.Call) for n in walk(x)):
            return x
        if isinstance(x.type, Array):
            return self.named(x)
        raise TranspileError(x.loc, "this argument, which calls a function, is not "
                             "translated here", "assign it to a variable first",
                             code="E-unsupported")

    def named(self, x: ir.Expr) -> ir.Expr:
        """An array argument as a variable or section: an expression is evaluated into a
        temporary first (gfortran 12 passes `size(<expression>, kind=8)` as a default
        integer, and NumPy too makes the operand a new array)."""
        if isinstance(x, ir.Name | ir.Subscript):
            return x
        source = operand_shaping(x)
        shape = shape_of(source) if source is not None else _Checks(x.loc).expr(x)
        if shape is None:
            raise TranspileError(x.loc, "this array expression as the argument of a NumPy "
                                 "call is not translated", "assign it to a variable first",
                                 code="E-unsupported")
        t = x.type
        orders = {n.type.order for n in walk(x) if isinstance(n, ir.Name | ir.Subscript)
                  and isinstance(n.type, Array) and (n.type.rank or 0) > 1}
        if len(orders) > 1 and isinstance(t, Array):  # NumPy lays out a mix of C and F as C
            t = dataclasses.replace(t, order="C")
        tmp = self.temps.new(t, x.loc)
        loc = x.loc
        dims = tuple(ir.Dim(_int(0, loc), ir.BinOp("-", d, _int(1, loc), type=INT64, loc=loc),
                            loc=loc) for d in shape)
        whole = tuple(ir.Slice(None, None, None, type=INT64, loc=loc) for _ in shape)
        self.before += [ir.Deallocate(tmp.id, loc=loc), ir.Allocate(tmp.id, dims, loc=loc),
                        ir.Assign(ir.Subscript(tmp, whole, type=t, loc=loc), x, loc=loc)]
        return tmp

    # -- array results
    def produce(self, e: ir.Intrinsic, out: ir.Name) -> list[ir.Stmt]:
        """Statements that allocate `out` with NumPy's shape and compute `e` into it."""
        loc = e.loc
        t = e.type
        assert isinstance(t, Array)
        stmts: list[ir.Stmt] = []
        if e.name in ARRAY_OPS:  # numpy_arrays.py
            stmts, dims, fill = produce_array_op(self, e, out)
            shape = tuple(ir.Dim(_int(0, loc), ir.BinOp("-", d, _int(1, loc), type=INT64,
                                                         loc=loc), loc=loc) for d in dims)
            return [*stmts, ir.Deallocate(out.id, loc=loc), ir.Allocate(out.id, shape, loc=loc),
                    *fill]
        if e.name == "cumsum":  # sizes of variables only: fortran_layout reverses those
            x = self.named(e.args[0])
            dims: tuple[ir.Expr, ...] = (_size(x, 0),)
            call = ir.CallStmt(self.helper(f"tp_numpy_cumsum_{_kind(t)}"), (x, out), loc=loc)
        elif e.name == "arange":
            start, stop, step = e.args
            n = self.temps.new(INT64, loc)
            stmts.append(ir.Assign(n, ir.Call(self.helper(f"tp_numpy_arange_len_{_kind(t)}"),
                                              (start, stop, step), type=INT64, loc=loc),
                                   loc=loc))
            dims = (n,)
            call = ir.CallStmt(self.helper(f"tp_numpy_arange_{_kind(t)}"), (start, step, out),
                               loc=loc)
        elif e.name == "pack":  # x[mask]: its elements where the mask is true, in C order
            from transpyle.passes.masks import index_checks

            x, mask = e.args
            stmts += index_checks(x, mask, loc)
            n = self.temps.new(INT64, loc)
            stmts.append(ir.Assign(n, ir.Intrinsic("count", (mask,), type=INT64, loc=loc),
                                   loc=loc))
            dims = (n,)
            whole1 = (ir.Slice(None, None, None, type=INT64, loc=loc),)
            call = ir.Assign(ir.Subscript(out, whole1, type=t, loc=loc), e, loc=loc)  # type: ignore[assignment]
        elif e.name == "linspace":
            start, stop, num = e.args
            negative = ir.Compare("<", num, _int(0, loc), type=BOOL, loc=loc)
            message = "Number of samples, {}, must be non-negative."
            stmts.append(ir.If(negative, (ir.Raise("ValueError", message, (num,), loc=loc),),
                               loc=loc))
            dims = (num,)
            call = ir.CallStmt(self.helper("tp_numpy_linspace"), (start, stop, out), loc=loc)
        elif e.name == "transpose":
            x = self.named(e.args[0])
            dims = (_size(x, 1), _size(x, 0))
            e = dataclasses.replace(e, args=(x,))
            whole = tuple(ir.Slice(None, None, None, type=INT64, loc=loc) for _ in dims)
            call = ir.Assign(ir.Subscript(out, whole, type=t, loc=loc), e, loc=loc)  # type: ignore[assignment]
        elif e.name in ("var", "std"):  # along an axis of a matrix
            x, ddof, axis = self.named(e.args[0]), e.args[1], e.args[2]
            assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
            xt = x.type
            assert isinstance(xt, Array)
            dims = (_size(x, 1 - axis.value),)
            name = f"tp_numpy_{e.name}_a{axis.value}{xt.order.lower()}_{_kind(xt)}"
            call = ir.CallStmt(self.helper(name), (x, ddof, out), loc=loc)
        else:  # an axis reduction of a matrix
            x, axis = self.named(e.args[0]), e.args[1]
            assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
            xt = x.type
            assert isinstance(xt, Array)
            dims = (_size(x, 1 - axis.value),)
            name = f"tp_numpy_{e.name}_a{axis.value}{xt.order.lower()}_{_kind(xt)}"
            call = ir.CallStmt(self.helper(name), (x, out), loc=loc)
        shape = tuple(ir.Dim(_int(0, loc), ir.BinOp("-", d, _int(1, loc), type=INT64, loc=loc),
                             loc=loc) for d in dims)
        return [*stmts, ir.Deallocate(out.id, loc=loc), ir.Allocate(out.id, shape, loc=loc),
                call]


def numpy_lowering(module: ir.Module) -> ir.Module:
    needed: set[str] = set()
    body: list[ir.FunctionDef | ir.Comment] = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None:
            lower = _Lower(f)
            f = lower.visit(f)
            temps = tuple(dataclasses.replace(d, allocatable=isinstance(d.type, Array))
                          for d in lower.temps.decls)
            f = dataclasses.replace(f, locals=(*f.locals, *temps))
            needed |= lower.needed
            needed |= {n.func for n in walk(f) if isinstance(n, ir.CallStmt)
                       and n.func.startswith("tp_nparr_")}  # safety/stretch.py's
        body.append(f)
    taken = set(module.functions())
    helpers = [h for h in with_dependencies(needed) if h.name not in taken]
    return dataclasses.replace(module, body=(*body, *helpers))
