"""Fortran 2008 constructs -> IR statements, lowered into nodes the IR has.

- DO CONCURRENT: nested `For`s, the first index innermost (gfortran's order), its mask an
  `If` around the body.
- FORALL: per assignment, nested `For`s as DO CONCURRENT. An assignment that reads the
  array it writes at another element than the one written is refused (FORALL evaluates
  every right-hand side before it assigns).
- BLOCK: its statements in place; its declarations are the unit's (read with the unit's,
  a name its host has too is refused).
- ASSOCIATE: each associate name reads as its selector where it appears (a variable or an
  expression none of whose variables the construct assigns).
- `EXIT name` / `CYCLE name` of an enclosing construct that is not the innermost loop: a
  `Goto` to a label past the construct / at the end of the named loop's body (labels past
  Fortran's five digits, so no source label clashes), left to the GOTO structuring pass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Character, Integer, Logical, Record
from transpyle.ir.visitor import Transformer, children, walk

if TYPE_CHECKING:
    from transpyle.frontends.fortran.stmts import StmtLowering

_FIRST_LABEL = 900000


class _Rename(Transformer):
    """Names renamed (a construct's index)."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def visit_Name(self, e: ir.Name) -> ir.Name:
        return dataclasses.replace(e, id=self.names[e.id]) if e.id in self.names else e


@dataclasses.dataclass
class Construct:
    """An enclosing construct that EXIT/CYCLE may name."""

    name: str | None
    loop: bool
    exit_label: str
    cycle_label: str
    exit_used: bool = False
    cycle_used: bool = False


class ConstructsMixin:
    # -- named constructs and their EXIT/CYCLE
    def open_construct(self: StmtLowering, name: str | None, loop: bool) -> Construct:
        self.label_count += 2
        k = _FIRST_LABEL + self.label_count
        c = Construct(name, loop, str(k), str(k + 1))
        self.constructs.append(c)
        return c

    def close_construct(self: StmtLowering, c: Construct, body: list[ir.Stmt],
                        loc: Any) -> list[ir.Stmt]:
        """The construct's statements `body` with the labels its named EXIT/CYCLE reach."""
        self.constructs.pop()
        return [*body, ir.Label(c.exit_label, loc=loc)] if c.exit_used else body

    def jump(self: StmtLowering, node: Any, what: str) -> list[ir.Stmt]:
        name = node.items[1] if len(node.items) > 1 else None
        name = str(name).lower() if name is not None else None
        loops = [c for c in self.constructs if c.loop]
        target = loops[-1] if name is None and loops else \
            next((c for c in reversed(self.constructs) if c.name == name), None)
        if target is None:
            raise self.error(f"{what} outside a loop" if name is None else
                             f"{what} {name}: no enclosing DO, BLOCK or ASSOCIATE construct "
                             "has that name")
        if loops and target is loops[-1]:  # BLOCK and ASSOCIATE are no loops of their own
            return [ir.Break(loc=self.loc()) if what == "EXIT" else
                    ir.Continue(loc=self.loc())]
        if what == "CYCLE" and not target.loop:
            raise self.error(f"CYCLE {name}: {name} is not a DO construct")
        if what == "EXIT":
            target.exit_used = True
            return [ir.Goto(target.exit_label, loc=self.loc())]
        target.cycle_used = True
        return [ir.Goto(target.cycle_label, loc=self.loc())]

    # -- DO CONCURRENT and FORALL
    def concurrent(self: StmtLowering, header: Any, body: tuple[ir.Stmt, ...]) -> ir.Stmt:
        triplets, mask = header.items[0].items, header.items[1]
        loc = self.loc()
        stmts = body
        if mask is not None:
            stmts = (ir.If(self.x.expr(mask), stmts, loc=loc),)
        loops: list[tuple[ir.Name, ir.Expr, ir.Expr, ir.Expr]] = []
        for spec in triplets:
            var = self.x.expr(spec.items[0])
            if not isinstance(var, ir.Name) or not isinstance(var.type, Integer):
                raise self.error(f"index {spec.items[0]} must be an integer scalar")
            lo, hi = (self.x.cast(self.x.expr(b), var.type) for b in spec.items[1:3])
            step = self.x.cast(self.x.expr(spec.items[3]), var.type) \
                if spec.items[3] is not None else ir.Const(1, type=var.type, loc=loc)
            loops.append((var, lo, hi, step))
        # an index is a construct entity: a variable of the same name keeps its value
        names = {var.id: self.construct_index(var.id, var.type, loc) for var, *_ in loops}
        stmts = tuple(_Rename(names).visit(s) for s in stmts)
        loop: ir.Stmt | None = None
        for var, lo, hi, step in loops:  # the first index innermost, as gfortran runs them
            loop = ir.For(dataclasses.replace(var, id=names[var.id]), lo, hi, step, stmts,
                          loc=loc)
            stmts = (loop,)
        assert loop is not None
        return loop

    def construct_index(self: StmtLowering, name: str, t: Any, loc: Any) -> str:
        """A fresh local for the index `name` of a FORALL or DO CONCURRENT construct (one per
        name in a unit: such constructs may not nest with an index of the same name)."""
        fresh = self.construct_indices
        if name in fresh:
            return fresh[name]
        k = 1
        while f"{name}_{k}" in self.scope.symbols or f"{name}_{k}" in self.x.procs:
            k += 1
        sym = self.scope.declare(f"{name}_{k}", loc)
        sym.type = t
        fresh[name] = sym.name
        return sym.name

    def s_Forall_Stmt(self: StmtLowering, node: Any) -> list[ir.Stmt]:
        header = node.items[0]
        return [self.concurrent(header, tuple(self.forall_body([node.items[1]])))]

    def s_Forall_Construct(self: StmtLowering, node: Any) -> list[ir.Stmt]:
        header = node.content[0].items[-1]
        self.x.loc = self.loc_of(node.content[0])
        parts = [p for p in node.content[1:-1] if type(p).__name__ != "Comment"]
        out: list[ir.Stmt] = []
        for part in parts:  # each assignment completes before the next begins
            self.x.loc = self.loc_of(part)
            body = tuple(self.forall_body([part]))
            self.x.loc = self.loc_of(node.content[0])
            out.append(self.concurrent(header, body))
        return out

    def forall_body(self: StmtLowering, parts: list[Any]) -> list[ir.Stmt]:
        body: list[ir.Stmt] = []
        for part in parts:
            body += self.stmt(part)
        for s in body:
            for a in walk(ir.While(ir.Const(True, loc=s.loc), (s,), loc=s.loc)):
                if isinstance(a, ir.Assign):
                    self.check_forall_reads(a)
            if isinstance(s, ir.Where):
                self.check_forall_where(s)
        return body

    def check_forall_where(self: StmtLowering, w: ir.Where) -> None:
        """A WHERE in a FORALL evaluates its masks for every index, then runs each of its
        assignments for every index in turn; the loops run all of it per index. That is the
        same where what a mask or another assignment reads of an assigned variable is the
        very target assigned (one index's elements) or another component of it."""
        assigns = [a for a in walk(w) if isinstance(a, ir.Assign)]
        targets: dict[str, list[tuple[ir.Expr, tuple[str, ...]]]] = {}
        for a in assigns:
            d = _designator(a.target)
            if d is None:
                raise TranspileError(w.loc, "a WHERE in a FORALL that assigns "
                                     f"{type(a.target).__name__} is not supported",
                                     code="E-fortran")
            for other, path in targets.get(d[0], []):
                if other != a.target and not _disjoint(path, d[1]):
                    raise TranspileError(w.loc, "a WHERE in a FORALL that assigns different "
                                         f"elements of '{d[0]}' is not supported",
                                         hint="use DO loops", code="E-fortran")
            targets.setdefault(d[0], []).append((a.target, d[1]))
        reads = [r for t in walk(w) if isinstance(t, ir.Where) for r in _designators(t.test)]
        reads += [r for a in assigns for r in _designators(a.value)]
        for r in reads:
            d = _designator(r)
            if d is None or d[0] not in targets:
                continue
            if any(r != t and not _disjoint(path, d[1]) for t, path in targets[d[0]]):
                raise TranspileError(w.loc, "a WHERE in a FORALL whose mask or another "
                                     f"assignment reads '{d[0]}', which it assigns, is not "
                                     "supported", hint="use DO loops, or a temporary array "
                                     "for the mask", code="E-fortran")

    def check_forall_reads(self: StmtLowering, a: ir.Assign) -> None:
        if not isinstance(a.target, ir.Subscript) or not isinstance(a.target.value, ir.Name):
            return
        base = a.target.value.id
        names = elements = 0
        for n in walk(a.value):
            if isinstance(n, ir.Subscript) and isinstance(n.value, ir.Name) \
                    and n.value.id == base:
                elements += 1
                if n != a.target:
                    raise self.error(f"a FORALL assignment that reads other elements of "
                                     f"'{base}' than the one it writes is not supported",
                                     hint="assign to a temporary array first")
            names += isinstance(n, ir.Name) and n.id == base
        if names > elements:
            raise self.error(f"a FORALL assignment that reads the whole of '{base}' is "
                             "not supported", hint="assign to a temporary array first")

    # -- BLOCK and ASSOCIATE
    def s_Block_Construct(self: StmtLowering, node: Any) -> list[ir.Stmt]:
        head = node.content[0]
        name = _end_name(node.content[-1])
        c = self.open_construct(name, loop=False)
        parts = [p for p in node.content[1:-1] if type(p).__name__ != "Specification_Part"]
        body = self.block(parts)
        return self.close_construct(c, body, self.loc_of(head))

    def s_Select_Type_Construct(self: StmtLowering, node: Any) -> list[ir.Stmt]:
        return select_type(self, node)

    def s_Associate_Construct(self: StmtLowering, node: Any) -> list[ir.Stmt]:
        head = node.content[0]
        self.x.loc = self.loc_of(head)
        selectors: dict[str, ir.Expr] = {}
        values: list[ir.Stmt] = []
        for assoc in head.items[1].items:
            alias, _, selector = assoc.items
            e = self.x.expr(selector)
            if not isinstance(e, ir.Name | ir.Subscript | ir.Field):
                e = self.associate_value(str(alias).lower(), e, values)
            selectors[str(alias).lower()] = e
        saved = dict(self.x.bindings)
        self.x.bindings.update(selectors)
        c = self.open_construct(_end_name(node.content[-1]), loop=False)
        try:
            body = self.block(node.content[1:-1])
        finally:
            self.x.bindings = saved
        self.check_selectors(selectors, body)
        return [*values, *self.close_construct(c, body, self.loc_of(head))]

    def associate_value(self: StmtLowering, alias: str, e: ir.Expr,
                        values: list[ir.Stmt]) -> ir.Expr:
        """An expression selector is a value, evaluated once on entry: a new local."""
        from transpyle.frontends.fortran.exprs import elem, rank
        loc = self.loc()
        self.associate_temps = getattr(self, "associate_temps", 0) + 1
        sym = self.scope.declare(f"{alias}_assoc{self.associate_temps}_", loc)
        sym.type = elem(e.type)
        if rank(e.type):
            sym.dims = tuple(ir.Dim(None, None, loc=loc) for _ in range(rank(e.type)))
            sym.deferred = sym.allocatable = True
        name = ir.Name(sym.name, type=sym.ir_type(), loc=loc)
        values.append(ir.Assign(name, e, loc=loc))
        return name

    def check_selectors(self: StmtLowering, selectors: dict[str, ir.Expr],
                        body: list[ir.Stmt]) -> None:
        """A selector is read where its name appears: none of the variables it reads (its
        indices, or an expression's operands) may change inside the construct."""
        holder = ir.While(ir.Const(True, type=Logical(4), loc=self.loc()), tuple(body),
                          loc=self.loc())
        written = {_base(s.target) for s in walk(holder) if isinstance(s, ir.Assign)}
        written |= {s.var.id for s in walk(holder) if isinstance(s, ir.For)}
        written |= {a.id for s in walk(holder) if isinstance(s, ir.CallStmt | ir.Call)
                    for a in s.args if isinstance(a, ir.Name)}
        for alias, e in selectors.items():
            if any(isinstance(n, ir.Call) for n in walk(e)):
                raise self.error(f"ASSOCIATE ({alias} => a function call) is not supported")
            variable = isinstance(e, ir.Name | ir.Subscript | ir.Field)
            reads = {n.id for n in walk(e) if isinstance(n, ir.Name)}
            if variable:
                reads.discard(_base(e))
            changed = reads & written
            if changed:
                raise self.error(f"ASSOCIATE ({alias} => ...) whose selector reads "
                                 f"'{sorted(changed)[0]}', which the construct changes, is "
                                 "not supported")


def _end_name(end: Any) -> str | None:
    items = getattr(end, "items", None)
    name = items[1] if items is not None and len(items) > 1 else None
    return str(name).lower() if name is not None else None


def _base(e: ir.Expr) -> str:
    return next((n.id for n in walk(e) if isinstance(n, ir.Name)), "")


def select_type(self: StmtLowering, node: Any) -> list[ir.Stmt]:
    """SELECT TYPE of a derived-type object: an If chain, TYPE IS guards first (in order),
    then CLASS IS guards from the most extended type up (the closest one is taken), CLASS
    DEFAULT last; in each block the name has the guard's type. Guards of intrinsic types
    (CLASS(*) selectors) are refused."""
    from transpyle.frontends.fortran.types import _ancestors
    head = node.content[0]
    self.x.loc = self.loc_of(head)
    alias, selector = head.items
    obj = self.x.expr(selector)
    if not isinstance(obj.type, Record):
        raise self.error(f"SELECT TYPE of a {obj.type} selector is not supported")
    name = str(alias).lower() if alias is not None else str(selector).lower()
    if alias is None and not isinstance(obj, ir.Name):
        raise self.error("SELECT TYPE of an expression needs an associate name (y => ...)")
    guards: list[tuple[str, str | None, list[Any]]] = []
    for part in node.content[1:-1]:
        if type(part).__name__ == "Type_Guard_Stmt":
            self.x.loc = self.loc_of(part)
            kind, spec = str(part.items[0]).upper(), part.items[1]
            if spec is not None and type(spec).__name__ != "Type_Name":
                raise self.error(f"the guard {part} of an intrinsic type is not supported")
            guards.append((kind, str(spec).lower() if spec is not None else None, []))
        elif guards:
            guards[-1][2].append(part)
    depth = {g[1]: len(_ancestors(self.x, g[1])) for g in guards if g[1] is not None}
    ordered = [g for g in guards if g[0] == "TYPE IS"] + sorted(
        (g for g in guards if g[0] == "CLASS IS"), key=lambda g: -depth[g[1]]) + \
        [g for g in guards if g[0] == "CLASS DEFAULT"]
    loc = self.loc_of(head)
    c = self.open_construct(_end_name(node.content[-1]), loop=False)
    chain: tuple[ir.Stmt, ...] = ()
    saved = dict(self.x.bindings)
    try:
        blocks = []
        for kind, tname, parts in ordered:
            t = Record(tname) if tname is not None else obj.type
            self.x.bindings[name] = dataclasses.replace(obj, type=t)
            blocks.append((kind, tname, tuple(self.block(parts))))
            self.x.bindings = dict(saved)
    finally:
        self.x.bindings = saved
    for kind, tname, body in reversed(blocks):
        if tname is None:
            chain = body
            continue
        func = "fio.type_is" if kind == "TYPE IS" else "fio.class_is"
        test = ir.Call(func, (obj, ir.Const(tname, type=Character(len(tname)), loc=loc)),
                       type=Logical(4), loc=loc)
        chain = (ir.If(test, body, chain, loc=loc),)
    return self.close_construct(c, list(chain), loc)


def _designator(e: ir.Expr) -> tuple[str, tuple[str, ...]] | None:
    """The variable a designator is part of, and its components (`v(i)%p(1:n)`: v, (p,))."""
    fields: list[str] = []
    while isinstance(e, ir.Subscript | ir.Field):
        if isinstance(e, ir.Field):
            fields.append(e.name)
        e = e.value
    return (e.id, tuple(reversed(fields))) if isinstance(e, ir.Name) else None


def _disjoint(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two component paths of one variable that name different storage (`%p` and `%s`)."""
    return any(x != y for x, y in zip(a, b, strict=False))


def _designators(e: ir.Expr) -> Iterator[ir.Expr]:
    """The whole designators `e` reads (`v(i)%p(1:v(i)%s)`, and `v(i)%s` in its bounds)."""
    if isinstance(e, ir.Name | ir.Field | ir.Subscript):
        yield e
        while isinstance(e, ir.Subscript | ir.Field):
            if isinstance(e, ir.Subscript):
                for index in e.indices:
                    yield from _designators(index)
            e = e.value
        return
    for c in children(e):
        if isinstance(c, ir.Expr):
            yield from _designators(c)
