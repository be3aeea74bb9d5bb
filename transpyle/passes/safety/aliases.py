"""`b = a` and `b = a[1:]` of arrays: `b` is the same array (a NumPy view), not a copy.

Where the alias is bound once and its source is never rebound, every use of `b` is rewritten
into a use of `a`: `b[i]` reads `a[1 + i]`, `b[i] = x` writes the caller's `a`, `len(b)` is the
extent of the view, and `b` in an array expression is the section `a(1:)`. A negative index of
the view counts from the view's end, as in NumPy. Anything else that binds an array name to an
existing array (a name bound twice, a view of an array that is rebound, bounds that change
after the binding, a view passed to a function) is refused at its location: a copy would
silently change what the program computes. A view that a loop binds afresh at each step
(`for row in a`, `r = a[i]` of the loop's own index) is the section in that loop's body.
"""

from __future__ import annotations

import dataclasses

from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64, Array
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.safety.indices import clip_backward, from_end_of
from transpyle.passes.safety.ranges import lower, lower_bounds
from transpyle.passes.safety.shapes import size, slice_extent

REFUSED = "binding an array name to {what} is not supported in translated functions"
REFUSED_HINT = "index the original array, or copy explicitly with np.copy(...)"


def _is_view(e: ir.Expr) -> bool:
    """An existing array, or a section of one (not a new array computed from it)."""
    if not isinstance(e.type, Array):
        return False
    return isinstance(e, ir.Name) or (isinstance(e, ir.Subscript) and isinstance(e.value, ir.Name))


def _bindings(f: ir.FunctionDef) -> dict[str, list[ir.Assign]]:
    out: dict[str, list[ir.Assign]] = {}
    for n in walk(f):
        if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name):
            out.setdefault(n.target.id, []).append(n)
    return out


def _refuse(loc: SourceLoc, what: str) -> TranspileError:
    return TranspileError(loc, REFUSED.format(what=what), REFUSED_HINT, code="E-unsupported")


def _clip(view: ir.Expr, bounds: dict[str, float]) -> ir.Expr:
    """`view` with the bounds of its slices clipped to the extent, as Python clips them
    (`x[:1]` of an empty x is empty, `x[2:5]` of 4 elements has 2), so that the view's extent
    and its element `b[i]` are those of NumPy's view. In min/max form, which `ranges` reads:
    a bound known not to be negative stays known so, and `b[i]` needs no wrap."""
    if not isinstance(view, ir.Subscript):
        return view
    indices = []
    for k, s in enumerate(view.indices):
        if not isinstance(s, ir.Slice):
            indices.append(s)
            continue
        n = size(view.value, k, s.loc)
        step = s.step.value if isinstance(s.step, ir.Const) else 1
        indices.append(_forward(s, n, bounds) if step > 0 else clip_backward(s, n))
    return dataclasses.replace(view, indices=tuple(indices))


def _forward(s: ir.Slice, n: ir.Expr, bounds: dict[str, float]) -> ir.Slice:
    loc = s.loc
    lo, hi = s.lower, s.upper
    if lo is not None:
        lo = _clamped(lo, n, 0, n, bounds)
    if hi is not None:
        last = ir.BinOp("-", n, ir.Const(1, type=INT64, loc=loc), type=INT64, loc=loc)
        hi = _clamped(hi, n, -1, last, bounds)
    return dataclasses.replace(s, lower=lo, upper=hi)


def _clamped(b: ir.Expr, n: ir.Expr, least: int, most: ir.Expr,
             bounds: dict[str, float]) -> ir.Expr:
    """Python's normalisation of one slice bound: one below `least` counts from the end, then
    the result is clamped to least..most (the start to 0..n; the inclusive stop, Python's stop
    less one, to -1..n-1)."""
    loc = b.loc
    floor = ir.Const(least, type=INT64, loc=loc)

    def call(name: str, x: ir.Expr, y: ir.Expr) -> ir.Expr:
        return ir.Intrinsic(name, (x, y), type=INT64, loc=loc)
    if from_end_of(b, n):  # already counted from the end: only the low side can be passed
        return call("max", floor, b)
    if lower(b, bounds) >= least:
        return call("min", b, most)
    wrapped = call("max", floor, ir.BinOp("+", b, n, type=INT64, loc=loc))
    test = ir.Compare("<", b, floor, type=BOOL, loc=loc)
    return ir.IfExp(test, wrapped, call("min", b, most), type=INT64, loc=loc)


class _Substitute(Transformer):
    def __init__(self, name: str, view: ir.Expr, bounds: dict[str, float]) -> None:
        self.name, self.view, self.bounds = name, _clip(view, bounds), bounds

    def _slices(self) -> list[tuple[int, ir.Slice]]:
        v = self.view
        if isinstance(v, ir.Name):
            return [(k, ir.Slice(None, None, None, type=INT64, loc=v.loc))
                    for k in range(v.type.rank or 0)]  # type: ignore[union-attr]
        assert isinstance(v, ir.Subscript)
        return [(k, i) for k, i in enumerate(v.indices) if isinstance(i, ir.Slice)]

    def _base(self) -> ir.Name:
        return self.view if isinstance(self.view, ir.Name) else self.view.value  # type: ignore[return-value,union-attr]

    def extent(self, axis: int, loc: SourceLoc) -> ir.Expr:
        k, s = self._slices()[axis]
        return size(self._base(), k, loc) if isinstance(self.view, ir.Name) \
            else slice_extent(self._base(), k, s)

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        if e.name == "size" and len(e.args) == 2 and isinstance(e.args[0], ir.Name) \
                and e.args[0].id == self.name:
            axis = e.args[1]
            assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
            return self.extent(axis.value, e.loc)
        if e.name == "size" and len(e.args) == 1 and isinstance(e.args[0], ir.Name) \
                and e.args[0].id == self.name:
            total: ir.Expr = self.extent(0, e.loc)
            for k in range(1, len(self._slices())):
                total = ir.BinOp("*", total, self.extent(k, e.loc), type=INT64, loc=e.loc)
            return total
        return self.rebuild(e)

    def visit_Call(self, e: ir.Call) -> ir.Expr:
        if any(isinstance(a, ir.Name) and a.id == self.name for a in e.args) \
                and isinstance(self.view, ir.Subscript):
            raise _refuse(e.loc, "a section, then passing it to a function,")
        return self.rebuild(e)

    def visit_CallStmt(self, s: ir.CallStmt) -> ir.Stmt:
        if any(isinstance(a, ir.Name) and a.id == self.name for a in s.args) \
                and isinstance(self.view, ir.Subscript):
            raise _refuse(s.loc, "a section, then passing it to a function,")
        return self.rebuild(s)

    def visit_Name(self, e: ir.Name) -> ir.Expr:
        return self.view if e.id == self.name else e

    def visit_Subscript(self, e: ir.Subscript) -> ir.Expr:
        if not (isinstance(e.value, ir.Name) and e.value.id == self.name):
            return self.rebuild(e)
        slices = self._slices()
        outer = list(self.view.indices) if isinstance(self.view, ir.Subscript) \
            else [s for _, s in slices]
        for axis, ((k, s), i) in enumerate(zip(slices, e.indices, strict=True)):
            from_end = _from_end(i, self.name, axis)  # b[-1]: in range when b is not empty
            outer[k] = self.compose(s, self.visit(i), axis, from_end)
        return dataclasses.replace(e, value=self._base(), indices=tuple(outer))

    def compose(self, s: ir.Slice, i: ir.Expr, axis: int, from_end: bool) -> ir.Expr:
        loc = i.loc
        start = s.lower if s.lower is not None else ir.Const(0, type=INT64, loc=loc)
        step = s.step if s.step is not None else ir.Const(1, type=INT64, loc=loc)
        if isinstance(i, ir.Slice):
            if i.lower is None and i.upper is None and i.step is None:
                return s
            last = ir.BinOp("-", self.extent(axis, loc), ir.Const(1, type=INT64, loc=loc),
                            type=INT64, loc=loc)
            lo = self.at(start, step, i.lower or ir.Const(0, type=INT64, loc=loc))
            hi = self.at(start, step, i.upper or last)
            st = step if i.step is None else ir.BinOp("*", step, i.step, type=INT64, loc=loc)
            return ir.Slice(lo, hi, st, type=INT64, loc=loc)
        own = i
        if not from_end and lower(i, self.bounds) < 0:  # negative: from the view's end
            i = ir.IfExp(ir.Compare("<", i, ir.Const(0, type=INT64, loc=loc), type=BOOL, loc=loc),
                         ir.BinOp("+", i, self.extent(axis, loc), type=INT64, loc=loc), i,
                         type=INT64, loc=loc)
        return ir.Intrinsic("view_index", (self.at(start, step, i), own, self.extent(axis, loc),
                                           ir.Const(axis, type=INT64, loc=loc), start, step),
                            type=INT64, loc=loc)

    @staticmethod
    def at(start: ir.Expr, step: ir.Expr, i: ir.Expr) -> ir.Expr:
        if all(isinstance(x, ir.Const) and isinstance(x.value, int) for x in (start, step, i)):
            return ir.Const(start.value + step.value * i.value, type=INT64, loc=i.loc)  # type: ignore[attr-defined,operator]
        if isinstance(step, ir.Const) and step.value == 1:
            scaled = i
        else:
            scaled = ir.BinOp("*", i, step, type=INT64, loc=i.loc)
        if isinstance(start, ir.Const) and start.value == 0:
            return scaled
        return ir.BinOp("+", start, scaled, type=INT64, loc=i.loc)


def _from_end(i: ir.Expr, name: str, axis: int) -> bool:
    """`size(b, axis) - c`, c > 0: the frontend's b[-c]."""
    return isinstance(i, ir.BinOp) and i.op == "-" and isinstance(i.right, ir.Const) \
        and isinstance(i.right.value, int) and i.right.value > 0 \
        and isinstance(i.left, ir.Intrinsic) and i.left.name == "size" \
        and isinstance(i.left.args[0], ir.Name) and i.left.args[0].id == name \
        and isinstance(i.left.args[1], ir.Const) and i.left.args[1].value == axis


def _alias(f: ir.FunctionDef) -> ir.FunctionDef:
    binds = _bindings(f)
    params = {p.name for p in f.params}
    loop_vars = {n.var.id for n in walk(f) if isinstance(n, ir.For)}
    top = set(map(id, f.body))
    results = {r.name for r in f.results}  # a returned tuple's arrays: moved or copied out
    for name, assigns in binds.items():
        views = [a for a in assigns if _is_view(a.value)]
        if not views or name in results:
            continue
        if len(assigns) > 1:
            raise _refuse(views[0].loc, f"an existing array ('{name}' is bound more than once)")
        (bind,) = views
        view = bind.value
        source = view.id if isinstance(view, ir.Name) else view.value.id  # type: ignore[union-attr]
        if source not in params:
            src = binds.get(source, [])
            if len(src) != 1 or id(src[0]) not in top:
                raise _refuse(bind.loc, f"'{source}', which is rebound or bound in a branch or "
                                        "a loop,")
        changing = {n.id for n in walk(view) if isinstance(n, ir.Name) and n.id != source
                    and (n.id in binds or n.id in loop_vars)}
        if changing:
            rows = _per_iteration(f, name, bind, changing)
            if rows is not None:  # for row in a: the view of the loop's own step
                return _alias(rows)
            raise _refuse(bind.loc, f"a section whose bounds ({', '.join(sorted(changing))}) "
                                    "change later,")
        body = tuple(s for s in f.body if s is not bind)
        if len(body) == len(f.body):
            raise _refuse(bind.loc, "an existing array inside a branch or a loop")
        f = dataclasses.replace(f, body=body, locals=tuple(d for d in f.locals if d.name != name))
        f = _Substitute(name, view, lower_bounds(f)).visit(f)
        return _alias(f)  # the next alias, in the rewritten function
    return f


def _per_iteration(f: ir.FunctionDef, name: str, bind: ir.Assign,
                   changing: set[str]) -> ir.FunctionDef | None:
    """`f` with `name` replaced by its view in the loop whose body binds it, where the view's
    bounds change only with that loop's variable (`for row in a`: `row = a[k]` at each step)
    and nothing outside the loop names it; else None."""
    loops = [n for n in walk(f) if isinstance(n, ir.For) and any(s is bind for s in n.body)]
    if len(loops) != 1 or changing != {loops[0].var.id}:
        return None
    loop = loops[0]
    inside = {id(n) for n in walk(loop)}
    if any(isinstance(n, ir.Name) and n.id == name and id(n) not in inside for n in walk(f)):
        return None
    body = tuple(s for s in loop.body if s is not bind)
    new = dataclasses.replace(loop, body=_Substitute(name, bind.value, lower_bounds(f))
                              ._transform_value(body) if body else ())

    class _Swap(Transformer):
        def visit_For(self, s: ir.For) -> ir.For:
            return new if s is loop else self.rebuild(s)

    f = _Swap().visit(f)
    return dataclasses.replace(f, locals=tuple(d for d in f.locals if d.name != name))


def array_aliases(module: ir.Module) -> ir.Module:
    body = tuple(_alias(f) if isinstance(f, ir.FunctionDef) and f.kind is None else f
                 for f in module.body)
    return dataclasses.replace(module, body=body)
