"""32-bit counters for the innermost loops of a loop nest, where the bounds are checked once.

Python's `range` is counted in 64 bits here, and gfortran does not unroll-and-jam a nest whose
inner DO has a 64-bit variable (`-fopt-info-loop`: "applying unroll and jam" with a default
integer, nothing with `integer(8)`). The DGEMM library round trip (benchmarks/roundtrip.py) ran
NN 1.36x and NT 1.63x of the original for that alone; with default-integer counters, 1.00x.

A loop nest (a `for` not inside another) whose innermost loops have bounds built of integer
constants and of scalars that nothing in the nest assigns (nor passes to a procedure) runs in
two versions: where every such bound is within +-2**30, checked once before the nest, the
innermost loops count in an `integer(4)` variable and assign the 64-bit one from it at the top
of each iteration (and once after the loop, the value the DO leaves, so nothing that reads it
sees a difference); elsewhere the nest runs as it was. Within +-2**30 (steps within +-2**16)
the 32-bit counter takes exactly the 64-bit values, its last increment included, so both
versions compute the same. Only speed changes. Nests holding labels, GOTOs, OpenMP pragmas
or I/O statements, and nests after a pragma, are left alone.
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64, Integer
from transpyle.ir.visitor import walk

INT32 = Integer(4)
LIMIT = 2 ** 30  # bounds within +-LIMIT and steps within +-STEP keep every value in int32
STEP = 2 ** 16
_LEAVE_ALONE = (ir.Label, ir.Goto, ir.Pragma, ir.Transfer, ir.FileStmt, ir.Allocate,
                ir.Deallocate)
_BLOCKS = ("body", "orelse")


def _innermost(s: ir.Stmt, depth: int) -> list[tuple[ir.For, int]]:
    """The innermost `for` loops under `s` (itself included), with their nesting depth."""
    if isinstance(s, ir.For | ir.While):
        inner = [x for b in s.body for x in _innermost(b, depth + isinstance(s, ir.For))]
        if isinstance(s, ir.For) and not any(isinstance(n, ir.For | ir.While)
                                             for b in s.body for n in walk(b)):
            return [(s, depth)]
        return inner
    if isinstance(s, ir.If):
        return [x for b in (*s.body, *s.orelse) for x in _innermost(b, depth)]
    if isinstance(s, ir.Select):
        return [x for c in s.cases for b in c.body for x in _innermost(b, depth)]
    return []


def _changed(nest: ir.Stmt) -> set[str]:
    """The names that something in `nest` may assign."""
    out: set[str] = set()
    for n in walk(nest):
        if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name):
            out.add(n.target.id)
        elif isinstance(n, ir.For):
            out.add(n.var.id)
        elif isinstance(n, ir.Call | ir.CallStmt):
            out.update(a.id for a in n.args if isinstance(a, ir.Name))
    return out


def _simple(e: ir.Expr, scalars: set[str]) -> bool:
    """Integer arithmetic (+, -, *) of constants and of the function's own scalars."""
    if isinstance(e, ir.Const):
        return type(e.value) is int
    if isinstance(e, ir.Name):
        return e.id in scalars and isinstance(e.type, Integer)
    if isinstance(e, ir.BinOp):
        return e.op in ("+", "-", "*") and _simple(e.left, scalars) and _simple(e.right, scalars)
    return isinstance(e, ir.UnaryOp) and e.op == "-" and _simple(e.operand, scalars)


class _Narrow:
    def __init__(self, f: ir.FunctionDef) -> None:
        self.f = f
        self.taken = {p.name for p in f.params} | {d.name for d in f.locals} | {f.name}
        self.scalars = {d.name for d in (*f.params, *f.locals)
                        if d.shape is None and isinstance(d.type, Integer) and d.common is None
                        and d.equivalence is None}
        self.counters: dict[str, ir.Name] = {}

    def counter(self, var: ir.Name) -> ir.Name:
        if var.id not in self.counters:
            name = f"{var.id}_4"
            while name in self.taken:
                name += "_"
            self.taken.add(name)
            self.counters[var.id] = ir.Name(name, type=INT32, loc=var.loc)
        return self.counters[var.id]

    def block(self, stmts: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
        out: list[ir.Stmt] = []
        for k, s in enumerate(stmts):
            after_pragma = k > 0 and isinstance(stmts[k - 1], ir.Pragma)
            if isinstance(s, ir.For):
                out.append(s if after_pragma else self.nest(s))
            elif isinstance(s, ir.While):
                out.append(dataclasses.replace(s, body=self.block(s.body)))
            elif isinstance(s, ir.If):
                out.append(dataclasses.replace(s, body=self.block(s.body),
                                               orelse=self.block(s.orelse)))
            elif isinstance(s, ir.Select):
                out.append(dataclasses.replace(s, cases=tuple(
                    dataclasses.replace(c, body=self.block(c.body)) for c in s.cases)))
            else:
                out.append(s)
        return tuple(out)

    def nest(self, top: ir.For) -> ir.Stmt:
        if any(isinstance(n, _LEAVE_ALONE) for n in walk(top)):
            return top
        invariant = self.scalars - _changed(top)
        loops = [loop for loop, depth in _innermost(top, 0) if depth > 0
                 and self.narrowable(loop, invariant)]
        if not loops:
            return top
        bounds: list[ir.Expr] = []
        for loop in loops:
            for b in (loop.start, loop.stop):
                if not isinstance(b, ir.Const) and b not in bounds:
                    bounds.append(b)
        fast = _Replace({id(loop): self.narrowed(loop) for loop in loops}).stmt(top)
        if not bounds:
            return fast
        return ir.If(self.guard(bounds), (fast,), (top,), loc=top.loc)

    def narrowable(self, loop: ir.For, invariant: set[str]) -> bool:
        if loop.var.type != INT64 or not isinstance(loop.step, ir.Const) \
                or type(loop.step.value) is not int or not 0 < abs(loop.step.value) <= STEP:
            return False
        for b in (loop.start, loop.stop):
            if isinstance(b, ir.Const):
                if type(b.value) is not int or abs(b.value) > LIMIT:
                    return False
            elif not _simple(b, invariant) or b.type != INT64:
                return False
        return True

    def narrowed(self, loop: ir.For) -> list[ir.Stmt]:
        c = self.counter(loop.var)

        def to32(e: ir.Expr) -> ir.Expr:
            if isinstance(e, ir.Const):
                return dataclasses.replace(e, type=INT32)
            return ir.Cast(e, type=INT32, loc=e.loc)

        wide = ir.Assign(loop.var, ir.Cast(c, type=INT64, loc=loop.loc), loc=loop.loc)
        head = ir.For(c, to32(loop.start), to32(loop.stop), to32(loop.step),
                      (wide, *loop.body), loc=loop.loc)
        return [head, wide]

    def guard(self, bounds: list[ir.Expr]) -> ir.Expr:
        tests: list[ir.Expr] = []
        for b in bounds:
            lo = ir.Const(-LIMIT, type=INT64, loc=b.loc)
            hi = ir.Const(LIMIT, type=INT64, loc=b.loc)
            tests += [ir.Compare(">=", b, lo, type=BOOL, loc=b.loc),
                      ir.Compare("<=", b, hi, type=BOOL, loc=b.loc)]
        return ir.BoolOp("and", tuple(tests), type=BOOL, loc=bounds[0].loc)


@dataclasses.dataclass
class _Replace:
    """`nest` with each loop of `by` (keyed by identity) replaced by its statements."""

    by: dict[int, list[ir.Stmt]]

    def block(self, stmts: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
        out: list[ir.Stmt] = []
        for s in stmts:
            new = self.by.get(id(s))
            out.extend(new if new is not None else [self.stmt(s)])
        return tuple(out)

    def stmt(self, s: ir.Stmt) -> ir.Stmt:
        r = dataclasses.replace
        if isinstance(s, ir.For | ir.While):
            return r(s, body=self.block(s.body))
        if isinstance(s, ir.If):
            return r(s, body=self.block(s.body), orelse=self.block(s.orelse))
        if isinstance(s, ir.Select):
            return r(s, cases=tuple(r(c, body=self.block(c.body)) for c in s.cases))
        return s


def narrow_counters(module: ir.Module) -> ir.Module:
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None and not f.elemental:
            n = _Narrow(f)
            stmts = n.block(f.body)
            decls = tuple(ir.VarDecl(c.id, INT32, loc=c.loc) for c in n.counters.values())
            f = dataclasses.replace(f, body=stmts, locals=(*f.locals, *decls))
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))
