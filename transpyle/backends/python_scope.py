"""Python backend, what a procedure's body tells the emitter about its names.

Which loop variables are read after their loops (Fortran defines them there), which locals may
be read before they are assigned (they get a value up front), which scalars are assigned, and
which array dummies receive storage of another shape (storage association).
"""

from __future__ import annotations

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Complex, Integer, Real
from transpyle.ir.visitor import Transformer, children, walk


def loops_read_after(f: ir.FunctionDef, persistent: set[str]) -> set[int]:
    """The DO loops (by `id`) whose variable may be read after the loop before it is assigned
    again: Fortran defines it there (one step past the end), so the Python must set it.
    `persistent` names outlive the procedure (arguments returned, COMMON, SAVE, module data)."""
    out: set[int] = set()

    def visit(block: tuple[ir.Stmt, ...], frames: list[tuple[tuple[ir.Stmt, ...], int,
                                                              ir.Stmt | None]]) -> None:
        for k, s in enumerate(block):
            if isinstance(s, ir.For) and _read_later(s.var.id, block, k + 1, frames,
                                                     persistent):
                out.add(id(s))
            for child in _blocks(s):
                visit(child, [*frames, (block, k, s)])

    visit(f.body, [])
    return out


def _blocks(s: ir.Stmt) -> list[tuple[ir.Stmt, ...]]:
    if isinstance(s, ir.If | ir.Where):
        return [s.body, s.orelse]
    if isinstance(s, ir.For | ir.While):
        return [s.body]
    if isinstance(s, ir.Select):
        return [c.body for c in s.cases]
    return []


def names_read(node: ir.Node) -> set[str]:
    """The names `node` reads (a loop's or implied DO's own variable is not read inside it:
    the loop binds it first)."""
    out: set[str] = set()

    def scan(n: ir.Node, bound: frozenset[str]) -> None:
        if isinstance(n, ir.Name):
            if n.id not in bound:
                out.add(n.id)
            return
        if isinstance(n, ir.ImpliedDo | ir.For):  # the loop binds its variable first
            for e in (n.start, n.stop, n.step):
                scan(e, bound)
            for v in (n.values if isinstance(n, ir.ImpliedDo) else n.body):
                scan(v, bound | {n.var.id})
            return
        for child in children(n):
            scan(child, bound)

    scan(node, frozenset())
    return out


def _reads(node: ir.Node, var: str) -> bool:
    return var in names_read(node)


def _access(s: ir.Stmt, var: str) -> str | None:
    """'read' if `s` may read `var` before writing it, 'write' if it surely writes it first,
    None if it does neither for sure."""
    if isinstance(s, ir.Assign):
        if _reads(s.value, var) or (not isinstance(s.target, ir.Name) and _reads(s.target, var)):
            return "read"
        return "write" if isinstance(s.target, ir.Name) and s.target.id == var else None
    if isinstance(s, ir.For):
        if any(_reads(e, var) for e in (s.start, s.stop, s.step)):
            return "read"
        if s.var.id == var:
            return "write"
        return "read" if _first(s.body, var) == "read" else None
    if isinstance(s, ir.While):
        return "read" if _reads(s.test, var) or _first(s.body, var) == "read" else None
    if isinstance(s, ir.If):
        if _reads(s.test, var):
            return "read"
        branches = [_first(s.body, var), _first(s.orelse, var)]
        if "read" in branches:
            return "read"
        return "write" if branches == ["write", "write"] else None
    if isinstance(s, ir.Comment | ir.Label):
        return None
    return "read" if _reads(s, var) else None


def _first(block: tuple[ir.Stmt, ...], var: str) -> str | None:
    for s in block:
        access = _access(s, var)
        if access is not None:
            return access
    return None


def _read_later(var: str, block: tuple[ir.Stmt, ...], start: int,
                frames: list[tuple[tuple[ir.Stmt, ...], int, ir.Stmt | None]],
                persistent: set[str]) -> bool:
    access = _first(block[start:], var)
    if access is not None:
        return access == "read"
    for outer, k, parent in reversed(frames):
        if isinstance(parent, ir.For | ir.While) and _first(parent.body, var) == "read":
            return True  # the next iteration may read it first
        access = _first(outer[k + 1:], var)
        if access is not None:
            return access == "read"
    return var in persistent


def maybe_unassigned(f: ir.FunctionDef, defined: set[str], returned: tuple[str, ...],
                     finals: set[int]) -> set[str]:
    """The names some path may read before any assignment (Python would raise
    UnboundLocalError there; Fortran reads an undefined value): they get a value up front.
    `defined`: names set on entry; `returned`: the names every `return` reads; `finals`: the
    loops (by `id`) that set their variable when they end (`else:` of a Python for)."""
    flagged: set[str] = set()

    def read(node: ir.Node, have: frozenset[str]) -> None:
        flagged.update(names_read(node) - have)

    def block(stmts: tuple[ir.Stmt, ...], have: frozenset[str]) -> frozenset[str]:
        for s in stmts:
            have = stmt(s, have)
        return have

    def stmt(s: ir.Stmt, have: frozenset[str]) -> frozenset[str]:
        if isinstance(s, ir.Assign):
            read(s.value, have)
            if isinstance(s.target, ir.Name):
                return have | {s.target.id}
            read(s.target, have)
            return have
        if isinstance(s, ir.For):
            for e in (s.start, s.stop, s.step):
                read(e, have)
            block(s.body, have | {s.var.id})
            return have | {s.var.id} if id(s) in finals else have
        if isinstance(s, ir.While):
            read(s.test, have)
            block(s.body, have)
            return have
        if isinstance(s, ir.If | ir.Where):
            read(s.test, have)
            return block(s.body, have) & block(s.orelse, have)
        if isinstance(s, ir.Select):
            read(s.subject, have)
            after = [block(c.body, have) for c in s.cases]
            if all(c.values for c in s.cases):
                after.append(have)
            return frozenset.intersection(*after)
        if isinstance(s, ir.Return):
            flagged.update(set(returned) - have)
        read(s, have)
        if isinstance(s, ir.CallStmt):  # changed arguments come back assigned
            return have | {a.id for a in s.args if isinstance(a, ir.Name)}
        return have

    end = block(f.body, frozenset(defined))
    flagged.update(set(returned) - end)
    return flagged


def assigned_scalars(f: ir.FunctionDef) -> set[str]:
    """Names `f` binds anew (assigned, a DO variable, an actual argument that the call may
    give back, an I/O status, allocated or freed): module data needs `global`. Names `f`
    declares itself (a local hiding a module variable) are its own."""
    out: set[str] = set()
    for n in walk(f):
        if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name):
            out.add(n.target.id)
        elif isinstance(n, ir.For):
            out.add(n.var.id)
        elif isinstance(n, ir.CallStmt | ir.Call):
            out |= {a.id for a in n.args if isinstance(a, ir.Name)}
        elif isinstance(n, ir.IoSpec) and isinstance(n.value, ir.Name):
            out.add(n.value.id)
        elif isinstance(n, ir.Allocate | ir.Deallocate):
            out.add(n.name)
    return out - {d.name for d in (*f.params, *f.locals)}


def reshaped(functions: dict[str, ir.FunctionDef]) -> dict[str, set[str]]:
    """Per procedure, its explicit-shape or assumed-size array dummies that some call passes
    storage of another shape or type (storage association): an element as the start of an
    array, an array of another rank, a scalar, or elements of another type (an INTEGER work
    array inside a REAL*8 one). They must see the actual's storage reshaped and retyped.
    One walk over the module."""
    out: dict[str, set[str]] = {}
    whole: dict[str, set[str]] = {}
    for g in functions.values():
        decls = {d.name: d for d in (*g.params, *g.locals)}
        for node in walk(g):
            if not isinstance(node, ir.CallStmt | ir.Call) or node.func not in functions:
                continue
            callee = functions[node.func]
            for p, a in zip(callee.params, node.args, strict=False):
                if not isinstance(p.type, Array) or p.shape is None:
                    continue
                d = decls.get(a.id) if isinstance(a, ir.Name) else None
                t = d.type if d is not None and isinstance(d.type, Array) else a.type
                if _associated(p, a, t) and not (
                        d is not None and _same_leading(p, d, callee, node.args)) or \
                        p.name in whole.setdefault(callee.name, used_whole(callee)) and \
                        not (d is not None and _same_leading(p, d, callee, node.args, True)):
                    out.setdefault(node.func, set()).add(p.name)
    for name in passed_procedures(functions):  # called through a dummy: actuals unknown
        out.setdefault(name, set()).update(
            p.name for p in functions[name].params
            if isinstance(p.type, Array) and p.shape is not None)
    return out


def passed_procedures(functions: dict[str, ir.FunctionDef]) -> set[str]:
    """The procedures of `functions` that some call passes as an actual argument."""
    return {a.id for g in functions.values() for n in walk(g)
            if isinstance(n, ir.CallStmt | ir.Call)
            for a in n.args if isinstance(a, ir.Name) and a.id in functions}


def used_whole(f: ir.FunctionDef) -> set[str]:
    """The array dummies of `f` used as whole arrays (written, summed, passed on), not only
    indexed: their extents are the dummy's, which may be fewer than the actual's."""
    names = [n.id for n in walk(f) if isinstance(n, ir.Name)]
    indexed = [n.value.id for n in walk(f) if isinstance(n, ir.Subscript)
               and isinstance(n.value, ir.Name)]
    arrays = {p.name for p in f.params if isinstance(p.type, Array) and p.shape is not None}
    return {a for a in arrays if names.count(a) > indexed.count(a)}


def _same_leading(p: ir.VarDecl, d: ir.VarDecl, callee: ir.FunctionDef,
                  args: tuple[ir.Expr, ...], last: bool = False) -> bool:
    """Whether dummy `p` declares the leading extents (all but the last, which indexing
    never uses) of the caller's array `d` that is passed to it, as the same expressions once
    the callee's dummies are replaced by the actual arguments (`A(LDA, N)` passed to
    `A(LDA, *)` with LDA)."""
    if d.shape is None or p.shape is None or len(d.shape) != len(p.shape) or \
            d.type != p.type:
        return False
    actual = {q.name: x for q, x in zip(callee.params, args, strict=False)}
    one = ir.Const(1, type=Integer(4), loc=p.loc)

    def value(e: ir.Expr | None, dummy: bool) -> ir.Expr | None:
        if e is None:
            return one
        if dummy:
            return _Substitute(actual).visit(e)  # type: ignore[no-any-return]
        return e

    return all(value(x.lower, True) == value(y.lower, False) and
               value(x.upper, True) == value(y.upper, False)
               for x, y in zip(p.shape if last else p.shape[:-1],
                               d.shape if last else d.shape[:-1], strict=True))


class _Substitute(Transformer):
    def __init__(self, actual: dict[str, ir.Expr]) -> None:
        self.actual = actual

    def visit_Name(self, e: ir.Name) -> ir.Expr:
        return self.actual.get(e.id, e)


def _associated(p: ir.VarDecl, a: ir.Expr, t: object) -> bool:
    """Whether actual `a` (of type `t`) reaches array dummy `p` by storage association."""
    assert isinstance(p.type, Array) and p.shape is not None
    assumed_size_vector = p.type.rank == 1 and (p.shape[0].upper is None or assumed_size(p))
    element = isinstance(a, ir.Subscript) and not any(
        isinstance(i, ir.Slice) for i in a.indices)
    elem = t.elem if isinstance(t, Array) else t
    numeric = Integer | Real | Complex
    if isinstance(elem, numeric) and isinstance(p.type.elem, numeric) and elem != p.type.elem:
        return True  # the same bytes read as another type
    if element:
        return not assumed_size_vector
    # a matrix dummy may lay the same storage out with other extents (`B(2, 6)` over `A(3, 4)`)
    return isinstance(t, Array) and (t.rank != p.type.rank or p.type.rank > 1)


def assumed_size(p: ir.VarDecl) -> bool:
    """A dummy whose last extent is `*`, or 1 as F66 wrote it (`DIMENSION Y(1)`): it is the
    rest of the actual argument's storage."""
    if p.shape is None or not isinstance(p.type, Array):
        return False
    last = p.shape[-1]
    one = isinstance(last.upper, ir.Const) and last.upper.value == 1 and (
        last.lower is None or isinstance(last.lower, ir.Const) and last.lower.value == 1)
    return last.upper is None or one


def needed_constants(f: ir.FunctionDef) -> set[str]:
    """The PARAMETERs `f` uses: in its statements, in the shapes of its variables, or in the
    values of PARAMETERs it uses (a kind parameter nothing reads is left out)."""
    consts = {d.name: d for d in f.locals if d.constant}
    used = {n for s in f.body for n in names_read(s)}
    for d in (*f.params, *f.locals):  # COMMON members are shaped where their block is
        if not d.constant and d.common is None:
            used |= {n for x in d.shape or () for n in names_read(x)}
    todo = list(used & consts.keys())
    while todo:
        d = consts[todo.pop()]
        for n in names_read(d.init) if d.init is not None else ():
            if n in consts and n not in used:
                used.add(n)
                todo.append(n)
    return used & consts.keys()
