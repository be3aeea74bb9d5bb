"""Array results: a function that returns a NumPy array (`return c`, `return a + b`).

Typed IR keeps `Return(array)` and array-typed `Call`s (the Python backend prints them as
written). For Fortran (`array_results`, first of `for_fortran`) such a function becomes a
subroutine with an `allocatable, intent(out)` result argument: `return c` of a local array
*moves* it there (`move_alloc`, no copy), any other array value is allocated with its shape and
assigned. A call passes the array that receives the result: the assignment's own target where
it is a local array the arguments do not read (`d = g(x)`: moved, not copied), else a new
temporary (`g(x)[0]`, `g(x) + 1`).

Returning a parameter array, or a section of one, is refused: CPython returns that very array
(a view), which the caller could change through the result. The one exception is the
@transpile entry that returns one of its array parameters whole on every path (`return out`
after filling it): `returned_parameter` makes it return nothing, and the binding returns the
caller's own array object, as CPython does.

At the @transpile boundary (`add_entry`), f2py cannot pass an allocatable argument: an entry
`<f>_tp_entry` calls `f` into a module allocatable, which the binding copies out (as C order,
or F order for an F-ordered result) once per call, as NumPy's array of the result's dtype.
"""

from __future__ import annotations

import dataclasses

from transpyle import messages as msg
from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import INT64, Array, Type, Void
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.temporaries import Temporaries

MOVE = "move_alloc"  # Fortran's intrinsic subroutine


def returned_array(f: ir.FunctionDef, returns: Type | None, value: ir.Expr,
                   loc: SourceLoc) -> Type:
    """The result type of `f` after `return value` of an array (typing; `returns` so far)."""
    vt = value.type
    assert isinstance(vt, Array)
    if returns is None:
        return dataclasses.replace(vt, lower=None)
    if isinstance(returns, Array):
        return dataclasses.replace(returns, rank=vt.rank) if returns.rank is None else returns
    if isinstance(returns, Void):
        raise TranspileError(loc, msg.MIXED_RETURNS.format(name=f.name), code="E-type")
    raise TranspileError(loc, f"function '{f.name}' returns an array ({vt}) where its hint "
                         f"or another return says {returns}", code="E-type")


def _array_call(e: ir.Node) -> bool:
    return isinstance(e, ir.Call) and isinstance(e.type, Array)


class _Lower(Transformer):
    def __init__(self, f: ir.FunctionDef) -> None:
        self.f = f
        self.temps = Temporaries(f, "tp_res")
        self.params = {p.name for p in f.params if isinstance(p.type, Array)}
        self.locals = {d.name for d in f.locals if d.allocatable}
        self.result: ir.Name | None = None
        if isinstance(f.returns, Array):
            self.result = self.temps.new(f.returns, f.loc)
            self.temps.decls.pop()  # a parameter, not a local
        # the arrays of a returned tuple (passes/tuples.py): assigned before each return
        self.elements = {r.name for r in f.results if isinstance(r.type, Array)}
        self.moves: list[ir.Stmt] = []  # of the tuple's arrays: after all its elements
        self.before: list[ir.Stmt] = []

    def run(self) -> ir.FunctionDef:
        f = dataclasses.replace(self.f, body=self.block(self.f.body))
        decls = tuple(dataclasses.replace(d, allocatable=True) if isinstance(d.type, Array)
                      else d for d in self.temps.decls)
        f = dataclasses.replace(f, locals=(*f.locals, *decls))
        if self.result is not None:
            res = ir.VarDecl(self.result.id, self.result.type, intent="out", allocatable=True,
                             loc=f.loc)
            f = dataclasses.replace(f, params=(*f.params, res), returns=Void())
        return f

    def block(self, body: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
        out: list[ir.Stmt] = []
        for st in body:
            new = self.visit(st)
            out.extend(new if isinstance(new, list) else [new])
        return tuple(out)

    def _flush(self, s: ir.Stmt | list[ir.Stmt]) -> list[ir.Stmt]:
        before, self.before = self.before, []
        return [*before, *(s if isinstance(s, list) else [s])]

    # -- statements
    def visit_Return(self, s: ir.Return) -> list[ir.Stmt]:
        if self.result is None or s.value is None:
            moves, self.moves = self.moves, []
            return self._flush([*moves, self.rebuild(s)])
        value = self.visit(s.value)
        self._not_a_parameter(value, s.loc)
        res = self.result
        if isinstance(value, ir.Name) and value.id in self.locals:
            moved: list[ir.Stmt] = [ir.CallStmt(MOVE, (value, res), loc=s.loc)]
        else:
            moved = _assign_new(res, value, s.loc)
        return self._flush([*moved, ir.Return(None, loc=s.loc)])

    def _not_a_parameter(self, value: ir.Expr, loc: SourceLoc) -> None:
        base = value.value if isinstance(value, ir.Subscript) else value
        if isinstance(base, ir.Name) and base.id in self.params and (
                isinstance(value, ir.Name) or any(isinstance(i, ir.Slice)
                                                  for i in value.indices)):  # type: ignore[union-attr]
            raise TranspileError(loc, f"returning parameter array '{base.id}' (or a view of "
                                 "it) is not supported: CPython returns that array itself",
                                 f"return {base.id}.copy()", code="E-unsupported")

    def visit_Assign(self, s: ir.Assign) -> list[ir.Stmt]:
        v, t = s.value, s.target
        if isinstance(t, ir.Name) and t.id in self.elements:  # an array of a returned tuple
            value = self.visit(v)
            self._not_a_parameter(value, s.loc)
            if isinstance(value, ir.Name) and value.id in self.locals:
                # moved at the return, once every element is evaluated (return c, np.sum(c))
                self.moves.append(ir.CallStmt(MOVE, (value, t), loc=s.loc))
                return self._flush([])
            return self._flush(_assign_new(t, value, s.loc))
        if _array_call(v) and isinstance(t, ir.Name) and t.id in self.locals \
                and not any(isinstance(n, ir.Name) and n.id == t.id for n in walk(v)):
            call = self.rebuild(v)
            return self._flush(ir.CallStmt(call.func, (*call.args, t), loc=s.loc))
        return self._flush(self.rebuild(s))

    def visit_CallStmt(self, s: ir.CallStmt) -> list[ir.Stmt]:
        return self._flush(self.rebuild(s))

    def visit_Print(self, s: ir.Print) -> list[ir.Stmt]:
        return self._flush(self.rebuild(s))

    def visit_If(self, s: ir.If) -> list[ir.Stmt]:
        test = self.visit(s.test)
        head, self.before = self.before, []
        return [*head, dataclasses.replace(s, test=test, body=self.block(s.body),
                                           orelse=self.block(s.orelse))]

    def visit_For(self, s: ir.For) -> list[ir.Stmt]:
        start, stop, step = (self.visit(x) for x in (s.start, s.stop, s.step))
        head, self.before = self.before, []
        return [*head, dataclasses.replace(s, start=start, stop=stop, step=step,
                                           body=self.block(s.body))]

    def visit_While(self, s: ir.While) -> ir.Stmt:
        self._refuse_inside(s.test, "a while condition")
        return dataclasses.replace(s, body=self.block(s.body))

    # -- expressions
    def visit_Call(self, e: ir.Call) -> ir.Expr:
        e = self.rebuild(e)
        if not isinstance(e.type, Array):
            return e
        tmp = self.temps.new(e.type, e.loc)
        self.locals.add(tmp.id)  # returned as it is: moved
        self.before.append(ir.CallStmt(e.func, (*e.args, tmp), loc=e.loc))
        return tmp

    def visit_IfExp(self, e: ir.IfExp) -> ir.Expr:
        self._refuse_inside(e, "a conditional expression")
        return self.rebuild(e)

    def visit_BoolOp(self, e: ir.BoolOp) -> ir.Expr:
        self._refuse_inside(e, "an 'and'/'or' operand")
        return self.rebuild(e)

    @staticmethod
    def _refuse_inside(e: ir.Expr, where: str) -> None:
        for n in walk(e):
            if _array_call(n):
                raise TranspileError(n.loc, f"a call that returns an array in {where} is not "
                                     "supported", "assign it to a variable first",
                                     code="E-unsupported")


def _assign_new(res: ir.Name, value: ir.Expr, loc: SourceLoc) -> list[ir.Stmt]:
    """res = a new array of `value`'s shape, assigned `value`."""
    from transpyle.passes.safety.shapes import _Checks

    shape = _Checks(loc).expr(value)
    assert shape is not None
    zero = ir.Const(0, type=INT64, loc=loc)
    dims = tuple(ir.Dim(zero, ir.BinOp("-", d, ir.Const(1, type=INT64, loc=loc), type=INT64,
                                       loc=loc), loc=loc) for d in shape)
    whole = tuple(ir.Slice(None, None, None, type=INT64, loc=loc) for _ in shape)
    return [ir.Deallocate(res.id, loc=loc), ir.Allocate(res.id, dims, loc=loc),
            ir.Assign(ir.Subscript(res, whole, type=res.type, loc=loc), value, loc=loc)]


class _Named(Transformer):
    """`return np.arange(n) * 2.0`, `return np.zeros(x.shape)`: an array value whose shape
    is known only once it is made, named first (`tp_ret0 = ...; return tp_ret0`: made as a
    local array is, then moved into the result, no copy)."""

    def __init__(self, f: ir.FunctionDef) -> None:
        self.temps = Temporaries(f, "tp_ret")
        self.elements = {r.name for r in f.results if isinstance(r.type, Array)}

    def _named(self, value: ir.Expr, loc: SourceLoc) -> tuple[list[ir.Stmt], ir.Expr]:
        from transpyle.passes.safety.shapes import _Checks

        if not isinstance(value.type, Array) or isinstance(value, ir.Name) \
                or _Checks(loc).expr(value) is not None:
            return [], value
        tmp = self.temps.new(value.type, loc)
        self.temps.decls[-1] = dataclasses.replace(self.temps.decls[-1], allocatable=True)
        return [ir.Assign(tmp, value, loc=loc)], tmp

    def visit_Return(self, s: ir.Return) -> ir.Stmt | list[ir.Stmt]:
        if s.value is None:
            return s
        made, value = self._named(s.value, s.loc)
        return [*made, dataclasses.replace(s, value=value)] if made else s

    def visit_Assign(self, s: ir.Assign) -> ir.Stmt | list[ir.Stmt]:
        if not (isinstance(s.target, ir.Name) and s.target.id in self.elements):
            return s
        made, value = self._named(s.value, s.loc)
        return [*made, dataclasses.replace(s, value=value)] if made else s


def named_results(module: ir.Module) -> ir.Module:
    """Array results whose shapes are known only when made, named first (typed IR, before
    `lower_arrays` makes local arrays)."""
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None and (
                isinstance(f.returns, Array) or any(isinstance(r.type, Array)
                                                    for r in f.results)):
            named = _Named(f)
            f = named.visit(f)
            f = dataclasses.replace(f, locals=(*f.locals, *named.temps.decls))
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))


def array_results(module: ir.Module) -> ir.Module:
    if not any(isinstance(n, ir.FunctionDef) and (isinstance(n.returns, Array) or any(
            isinstance(r.type, Array) for r in n.results)) for n in module.body):
        return module
    body = tuple(_Lower(f).run() if isinstance(f, ir.FunctionDef) and f.kind is None else f
                 for f in module.body)
    return dataclasses.replace(module, body=body)


def add_entry(module: ir.Module, symbol: str) -> tuple[ir.Module, str, list[str]]:
    """`module` (laid out for Fortran) with an entry for f2py that calls `symbol`, whose
    allocatable result arguments (an array result, or a returned tuple's arrays) go to module
    variables: (module, entry, the variables in argument order)."""
    f = module.functions()[symbol]
    outs = [p for p in f.params if p.allocatable and p.intent == "out"]
    taken = {d.name for d in module.decls} | set(module.functions())
    entry = f"{symbol}_tp_entry"
    while entry in taken:
        entry += "_"
    # f2py names a module allocatable's accessor f2py_<module>_getdims_<name>: at most 63
    # characters (arrs_1d_negative_step_positive_step's failed to build)
    limit = 63 - len(f"f2py_{module.name}_getdims_") - (0 if len(outs) == 1 else 4)
    base = whole = f"tp_result_{symbol}"[:limit]
    n = 0
    while any(name.lower().startswith(base.lower()) for name in taken | {entry}):
        n += 1
        base = f"{whole[:limit - len(str(n)) - 1]}_{n}"
    names = {p.name: base if len(outs) == 1 else f"{base}_{k}" for k, p in enumerate(outs)}
    params = tuple(p for p in f.params if p.name not in names)
    args = tuple(ir.Name(names.get(p.name, p.name), type=p.type, loc=f.loc) for p in f.params)
    constants = tuple(d for d in f.locals if d.constant)  # extents fixed by the signature
    wrapper = ir.FunctionDef(entry, params, Void(), (ir.CallStmt(symbol, args, loc=f.loc),),
                             constants, loc=f.loc)
    decls = tuple(ir.VarDecl(names[p.name], p.type, allocatable=True, loc=f.loc) for p in outs)
    return (dataclasses.replace(module, body=(*module.body, wrapper),
                                decls=(*module.decls, *decls)), entry, list(names.values()))


def returned_parameter(f: ir.FunctionDef) -> tuple[ir.FunctionDef, int] | None:
    """(`f` returning nothing, k) where every return of `f` is `return p` of its array
    parameter k, whole, and its body ends with one; else None."""
    returns = [s for s in walk(f) if isinstance(s, ir.Return)]
    names = {r.value.id if isinstance(r.value, ir.Name) else None for r in returns}
    if not returns or len(names) != 1 or not f.body or not isinstance(f.body[-1], ir.Return):
        return None
    name = names.pop()
    k = next((k for k, p in enumerate(f.params) if p.name == name), None)
    if k is None or not isinstance(f.params[k].type, Array):
        return None

    class _Bare(Transformer):
        def visit_Return(self, s: ir.Return) -> ir.Return:
            return ir.Return(None, loc=s.loc)

    return dataclasses.replace(_Bare().visit(f), returns=None), k
