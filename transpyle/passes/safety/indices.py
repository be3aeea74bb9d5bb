"""Element indices as Python reads them: negative indices count from the end; with
`boundscheck`, an index out of range raises NumPy's IndexError.

A scalar index that the range analysis (`ranges.py`) cannot show to be non-negative becomes
`merge(i + n, i, i < 0)`, n the extent of its axis, as Python wraps `a[-1]` to the last element;
the loops of the usual kernels (`range(n)`, `range(1, n - 1)`, `i - 1` there) index without it.
With `boundscheck=True` every scalar index goes through a small checking procedure of the
module (inlined by gfortran) that raises "index 5 is out of bounds for axis 0 with size 4", as
NumPy does; without it an index past the end is not checked (a documented difference).
"""

from __future__ import annotations

import dataclasses
import math

from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64, Array, Integer
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.safety.ranges import Bounds, lower, lower_bounds
from transpyle.passes.safety.shapes import size

CHECK = "tp_index"
NEGATIVE_STEP = ("a slice with a negative step and a bound other than its default or one "
                 "counted from the end (x[-2::-1]) is not supported in translated functions")
NEGATIVE_STEP_HINT = "reverse a slice with a positive step: x[a:b][::-1]"
START, STOP = "tp_slice_start", "tp_slice_stop"
MESSAGE = "index {} is out of bounds for axis {} with size {}"


def _int(v: int, loc: SourceLoc) -> ir.Const:
    return ir.Const(v, type=INT64, loc=loc)


def _name(n: str, loc: SourceLoc) -> ir.Name:
    return ir.Name(n, type=INT64, loc=loc)


def _cmp(op: str, a: ir.Expr, b: ir.Expr) -> ir.Compare:
    return ir.Compare(op, a, b, type=BOOL, loc=a.loc)


def check_procedure(loc: SourceLoc) -> ir.FunctionDef:
    """tp_index(i, n, axis): i wrapped into 0..n-1 as Python does, or IndexError."""
    i, n, axis = (_name(x, loc) for x in ("i", "n", "axis"))
    fail = ir.Raise("IndexError", MESSAGE, (i, axis, n), loc=loc)
    body = (
        ir.If(_cmp("<", i, _int(0, loc)),
              (ir.If(_cmp("<", i, ir.UnaryOp("-", n, type=INT64, loc=loc)), (fail,), loc=loc),
               ir.Return(ir.BinOp("+", i, n, type=INT64, loc=loc), loc=loc)), loc=loc),
        ir.If(_cmp(">=", i, n), (fail,), loc=loc),
        ir.Return(i, loc=loc),
    )
    params = tuple(ir.VarDecl(x, INT64, intent="in", loc=loc) for x in ("i", "n", "axis"))
    return ir.FunctionDef(CHECK, params, INT64, body, loc=loc)


class _Indices(Transformer):
    def __init__(self, f: ir.FunctionDef, boundscheck: bool) -> None:
        self.arrays = {d.name for d in (*f.params, *f.locals) if isinstance(d.type, Array)}
        self.bounds: Bounds = lower_bounds(f)
        self.boundscheck = boundscheck
        self.upper: dict[str, ir.Expr] = {}  # loop variable -> its inclusive stop
        self.sizes = _sizes(f)
        self.needed: set[str] = set()
        self.used = False

    def visit_If(self, s: ir.If) -> ir.If:
        """In the body of `if i >= 0 and ...:` (that does not assign i), i is not negative."""
        test = self.visit(s.test)
        orelse = tuple(self._statements(s.orelse))
        guards = {name: low for name, low in _guards(s.test)
                  if not _assigned(s.body, name) and low > self.bounds.get(name, -math.inf)}
        saved = self.bounds
        self.bounds = {**saved, **guards}
        body = tuple(self._statements(s.body))
        self.bounds = saved
        return dataclasses.replace(s, test=test, body=body, orelse=orelse)

    def visit_For(self, s: ir.For) -> ir.For:
        """In the body of a loop that does not assign its variable, the variable is in range."""
        start, stop, step = (self.visit(x) for x in (s.start, s.stop, s.step))
        saved = self.bounds
        k = step.value if isinstance(step, ir.Const) and isinstance(step.value, int) else 0
        low = lower(s.start if k > 0 else s.stop, saved) if k else -math.inf
        saved_upper = self.upper
        if not _assigned(s.body, s.var.id):
            if low > saved.get(s.var.id, -math.inf):
                self.bounds = {**saved, s.var.id: low}
            if k > 0:  # i <= stop: `stop - i` is not negative
                self.upper = {**saved_upper, s.var.id: s.stop}
        body = tuple(self._statements(s.body))
        self.bounds, self.upper = saved, saved_upper
        return dataclasses.replace(s, start=start, stop=stop, step=step, body=body)

    def _statements(self, stmts: tuple[ir.Stmt, ...]) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for x in stmts:
            new = self.visit(x)
            out.extend(new if isinstance(new, list) else [new])
        return out

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        """A view's element index (safety/aliases.py): with boundscheck, the view's own index
        is checked against the view's extent, as CPython checks `b[i]`; else its index into
        the array, as composed."""
        if e.name != "view_index":
            return self.rebuild(e)
        if not self.boundscheck:
            return self.visit(e.args[0])
        own, extent, axis, start, step = (self.visit(a) for a in e.args[1:])
        self.used = True
        from_end = _from_end(own, extent, {})  # b[-c]: extent - c
        checked: ir.Expr = ir.Call(CHECK, (own if from_end is None else _int(-from_end, e.loc),
                                           extent, axis), type=INT64, loc=e.loc)
        if not (isinstance(step, ir.Const) and step.value == 1):
            checked = ir.BinOp("*", checked, step, type=INT64, loc=e.loc)
        if isinstance(start, ir.Const) and start.value == 0:
            return checked
        return ir.BinOp("+", start, checked, type=INT64, loc=e.loc)

    def visit_Subscript(self, e: ir.Subscript) -> ir.Expr:
        e = self.rebuild(e)
        if not (isinstance(e.value, ir.Name) and e.value.id in self.arrays):
            return e
        indices = tuple(self.index(e.value, k, i) for k, i in enumerate(e.indices))
        return dataclasses.replace(e, indices=indices)

    def slice(self, array: ir.Name, axis: int, s: ir.Slice) -> ir.Slice:
        """Python's slice bounds: negative ones count from the end, and both are clipped to
        the extent (`x[2:10]` of 4 elements is x[2:4]), through two small procedures of the
        module. Bounds known to be in range are kept. A negative step's: `clip_backward`."""
        step = s.step.value if isinstance(s.step, ir.Const) else 1
        n = size(array, axis, s.loc)
        if step < 0:
            return clip_backward(s, n)
        lower, upper = s.lower, s.upper
        if lower is not None and _lower(lower, self.bounds) < 0:
            if self.from_end(lower, n) is not None:  # x[-5:] of 3 elements starts at 0
                lower = _call("max", _int(0, s.loc), lower)
            else:
                self.needed.add(START)
                lower = ir.Call(START, (lower, n), type=INT64, loc=s.loc)
        if upper is not None and self.from_end(upper, n) is None:
            self.needed.add(STOP)
            upper = ir.Call(STOP, (upper, n), type=INT64, loc=s.loc)
        return dataclasses.replace(s, lower=lower, upper=upper)

    def from_end(self, i: ir.Expr, n: ir.Expr) -> int | None:
        return _from_end(i, n, self.sizes)

    def _below_stop(self, i: ir.Expr) -> bool:
        """`e - v` where v runs up to e (inclusive): `a[n - 1 - i]` in `for i in range(n)`."""
        return isinstance(i, ir.BinOp) and i.op == "-" and isinstance(i.right, ir.Name) \
            and i.right.id in self.upper and self.upper[i.right.id] == i.left

    def index(self, array: ir.Name, axis: int, i: ir.Expr) -> ir.Expr:
        if isinstance(i, ir.Slice):
            return self.slice(array, axis, i)
        if not isinstance(i.type, Integer):
            return i
        n = size(array, axis, i.loc)
        from_end = self.from_end(i, n)  # the frontend's a[-c]: n - c
        if self.boundscheck:
            self.used = True
            checked = i if from_end is None else _int(-from_end, i.loc)
            return ir.Call(CHECK, (checked, n, _int(axis, i.loc)), type=INT64, loc=i.loc)
        if from_end is not None or lower(i, self.bounds) >= 0 or self._below_stop(i):
            return i
        wrapped = ir.BinOp("+", i, n, type=INT64, loc=i.loc)
        return ir.IfExp(_cmp("<", i, _int(0, i.loc)), wrapped, i, type=INT64, loc=i.loc)


def from_end_of(e: ir.Expr, n: ir.Expr) -> bool:
    """`n - c` with c > 0, constants added or taken after: a bound the frontend counted from
    the end (x[-c:]; x[:-c], whose inclusive stop is (n - c) - 1)."""
    return _from_end(e, n, {}) is not None


def clip_backward(s: ir.Slice, n: ir.Expr) -> ir.Slice:
    """A negative step's bounds (the frontend gives both): the start n - c or 0, the inclusive
    stop 0 or (n - c) + 1, each clipped as Python clips them (`x[:-3:-1]` of one element has
    one); bounds already clipped (a view's, seen again in its section) are kept; other bounds
    are refused."""
    loc = s.loc

    def const(e: ir.Expr | None, v: int) -> bool:
        return isinstance(e, ir.Const) and e.value == v

    def call(name: str, x: ir.Expr, y: ir.Expr) -> ir.Expr:
        return ir.Intrinsic(name, (x, y), type=INT64, loc=loc)

    def stop_from_end(e: ir.Expr | None) -> bool:
        return isinstance(e, ir.BinOp) and e.op == "+" and from_end_of(e.left, n) \
            and const(e.right, 1)

    def clipped(e: ir.Expr | None, name: str, floor: int, inner) -> bool:  # noqa: ANN001
        return isinstance(e, ir.Intrinsic) and e.name == name and len(e.args) == 2 \
            and const(e.args[0], floor) and inner(e.args[1])

    last = ir.BinOp("-", n, ir.Const(1, type=INT64, loc=loc), type=INT64, loc=loc)
    lo, hi = s.lower, s.upper
    if lo == last:  # the default start, n - 1: at least -1 already
        pass
    elif from_end_of(lo, n):  # type: ignore[arg-type]
        lo = call("max", ir.Const(-1, type=INT64, loc=loc), lo)  # type: ignore[arg-type]
    elif const(lo, 0):
        lo = call("min", ir.Const(0, type=INT64, loc=loc), last)
    elif not (clipped(lo, "max", -1, lambda e: from_end_of(e, n))
              or clipped(lo, "min", 0, lambda e: e == last)):
        raise TranspileError((lo or s).loc, NEGATIVE_STEP, NEGATIVE_STEP_HINT,
                             code="E-unsupported")
    if stop_from_end(hi):
        hi = call("max", ir.Const(0, type=INT64, loc=loc), hi)  # type: ignore[arg-type]
    elif not (const(hi, 0) or clipped(hi, "max", 0, stop_from_end)):
        raise TranspileError((hi or s).loc, NEGATIVE_STEP, NEGATIVE_STEP_HINT,
                             code="E-unsupported")
    return dataclasses.replace(s, lower=lo, upper=hi)


def _lower(e: ir.Expr, bounds: Bounds) -> float:
    return lower(e, bounds)


def _call(name: str, a: ir.Expr, b: ir.Expr) -> ir.Intrinsic:
    return ir.Intrinsic(name, (a, b), type=INT64, loc=a.loc)


def _from_end(i: ir.Expr, n: ir.Expr, sizes: dict[str, ir.Expr]) -> int | None:
    """c where `i` is `n - c` (c > 0): Python's a[-c], already counted from the end; if it is
    still negative, Python raises (unchecked here unless boundscheck)."""
    offset = 0
    while isinstance(i, ir.BinOp) and i.op in "+-" and isinstance(i.right, ir.Const) \
            and isinstance(i.right.value, int) and not isinstance(i.right.value, bool):
        offset += i.right.value if i.op == "+" else -i.right.value
        i = i.left
    same = i == n or isinstance(i, ir.Name) and sizes.get(i.id) == n
    return -offset if same and offset < 0 else None


def _sizes(f: ir.FunctionDef) -> dict[str, ir.Expr]:
    """Locals assigned once, from an extent (`n, m = a.shape`): the extent itself."""
    defs: dict[str, list[ir.Expr | None]] = {}
    for n in walk(f):
        if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name):
            defs.setdefault(n.target.id, []).append(n.value)
        elif isinstance(n, ir.For):
            defs.setdefault(n.var.id, []).append(None)
    params = {p.name for p in f.params}
    return {k: v[0] for k, v in defs.items() if len(v) == 1 and k not in params
            and isinstance(v[0], ir.Intrinsic) and v[0].name == "size" and len(v[0].args) == 2}


def slice_procedures(loc: SourceLoc) -> dict[str, ir.FunctionDef]:
    """tp_slice_start(i, n), tp_slice_stop(u, n): a slice's start, and its inclusive stop,
    as Python normalises them (negative from the end, clipped to 0..n)."""
    i, n = _name("i", loc), _name("n", loc)
    plus = ir.BinOp("+", i, n, type=INT64, loc=loc)
    last = ir.BinOp("-", n, _int(1, loc), type=INT64, loc=loc)
    start = (ir.If(_cmp("<", i, _int(0, loc)),
                   (ir.Return(_call("max", _int(0, loc), plus), loc=loc),), loc=loc),
             ir.Return(_call("min", i, n), loc=loc))
    stop = (ir.If(_cmp("<", i, _int(-1, loc)),
                  (ir.Return(_call("max", plus, _int(-1, loc)), loc=loc),), loc=loc),
            ir.Return(_call("min", i, last), loc=loc))
    params = tuple(ir.VarDecl(x, INT64, intent="in", loc=loc) for x in ("i", "n"))
    return {name: ir.FunctionDef(name, params, INT64, body, loc=loc)
            for name, body in ((START, start), (STOP, stop))}


def _guards(test: ir.Expr) -> list[tuple[str, float]]:
    """(name, lower bound) that the conjuncts of `test` establish: `i >= 0`, `0 <= i`, ..."""
    parts = test.values if isinstance(test, ir.BoolOp) and test.op == "and" else (test,)
    out = []
    for c in parts:
        if not isinstance(c, ir.Compare):
            continue
        op, a, b = c.op, c.left, c.right
        if isinstance(b, ir.Name) and op in ("<=", "<"):  # 0 <= i reads i >= 0
            op, a, b = (">=" if op == "<=" else ">"), b, a
        if isinstance(a, ir.Name) and op in (">=", ">") and isinstance(b, ir.Const) \
                and isinstance(b.value, int) and not isinstance(b.value, bool):
            out.append((a.id, b.value + (1 if op == ">" else 0)))
    return out


def _assigned(body: tuple[ir.Stmt, ...], name: str) -> bool:
    return any(isinstance(n, ir.Assign) and isinstance(n.target, ir.Name)
               and n.target.id == name or isinstance(n, ir.For) and n.var.id == name
               for s in body for n in walk(s))


def python_indices(module: ir.Module, boundscheck: bool = False) -> ir.Module:
    body: list[ir.FunctionDef | ir.Comment] = []
    used = False
    needed: set[str] = set()
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None:
            pass_ = _Indices(f, boundscheck)
            f = pass_.visit(f)
            used |= pass_.used
            needed |= pass_.needed
        body.append(f)
    taken = set(module.functions())
    if used and CHECK not in taken:
        body.append(check_procedure(module.loc))
    slices = slice_procedures(module.loc)
    body += [slices[name] for name in sorted(needed - taken)]
    return dataclasses.replace(module, body=tuple(body))
