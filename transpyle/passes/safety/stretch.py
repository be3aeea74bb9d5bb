"""NumPy's broadcasting of an axis of length 1 known only at run time (issue 14), for one
elementwise assignment (`d = a + b`, `y[:] = a * x + y`, a returned `a - b`).

Fortran's whole-array expressions need operands that conform; NumPy stretches an axis of
length 1 against a longer one. Before the statement the result's extents are computed as
NumPy does, axis by axis over the operands in order (r = 1 takes the operand's extent; an
extent other than 1 and r raises NumPy's ValueError), and an assignment into an existing
array checks them against the target (1 or equal). Where every operand's extents are the
result's (the usual case) the statement runs as written; else each array operand is first
copied, stretched, into a temporary of the result's shape (`tp_nparr_bcast_*`), and the
statement reads those. A statement whose array operands are not all names, sections or
broadcast operands (a call, a product, a NumPy result) keeps the strict check of
`shapes.py`, where a length-1 axis against a longer one raises ValueError; so does a
statement inside an OpenMP loop.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import INTRINSICS
from transpyle.ir.types import BOOL, INT64, Array, Complex, Logical, Real
from transpyle.ir.visitor import Transformer, walk

_MISMATCH = "operands could not be broadcast together with shapes"


def _int(value: int, loc: ir.SourceLoc) -> ir.Const:
    return ir.Const(value, type=INT64, loc=loc)


def _leaves(e: ir.Expr, out: list[ir.Expr]) -> bool:
    """The array operands of elementwise `e` in evaluation order; False where `e` holds an
    array that is neither elementwise nor an operand (a call, a NumPy result)."""
    if not isinstance(e.type, Array):
        return not any(isinstance(n, ir.Expr) and isinstance(n.type, Array)
                       for n in walk(e) if n is not e)
    if isinstance(e, ir.Name | ir.Subscript):
        out.append(e)
        return True
    if isinstance(e, ir.Intrinsic) and e.name == "np_spread":
        out.append(e)
        return True
    parts: tuple[ir.Expr, ...]
    if isinstance(e, ir.BinOp | ir.Compare):
        parts = (e.left, e.right)
    elif isinstance(e, ir.UnaryOp):
        parts = (e.operand,)
    elif isinstance(e, ir.Cast):
        parts = (e.value,)
    elif isinstance(e, ir.Intrinsic) and e.name in INTRINSICS and INTRINSICS[e.name].elemental:
        parts = e.args
    else:  # (an IfExp evaluates one branch: shapes.py's way)
        return False
    return all(_leaves(p, out) for p in parts)


def _kind(t: Array) -> str:
    e = t.elem
    letter = "f" if isinstance(e, Real) else "c" if isinstance(e, Complex) else \
        "b" if isinstance(e, Logical) else "i"
    return f"{letter}{e.kind}"  # type: ignore[attr-defined]


def _text(rank: int) -> str:
    return "(" + ",".join(["{}"] * rank) + ("," if rank == 1 else "") + ")"


def _clash(a: tuple[ir.Expr, ...], b: tuple[ir.Expr, ...], loc: ir.SourceLoc,
           target: bool = False) -> ir.Expr:
    """Extents that NumPy cannot broadcast together (into `b`, a target: a's 1 only)."""
    tests: list[ir.Expr] = []
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        parts = [ir.Compare("!=", x, y, type=BOOL, loc=loc),
                 ir.Compare("!=", x, _int(1, loc), type=BOOL, loc=loc)]
        if not target:
            parts.append(ir.Compare("!=", y, _int(1, loc), type=BOOL, loc=loc))
        tests.append(ir.BoolOp("and", tuple(parts), type=BOOL, loc=loc))
    if not tests:
        return ir.Const(False, type=BOOL, loc=loc)
    return tests[0] if len(tests) == 1 else ir.BoolOp("or", tuple(tests), type=BOOL, loc=loc)


def _shown(leaf: ir.Expr, shape: tuple[ir.Expr, ...]) -> tuple[ir.Expr, ...]:
    """The shape NumPy's message shows for an operand: a broadcast one's own."""
    if not (isinstance(leaf, ir.Intrinsic) and leaf.name == "np_spread"):
        return shape
    x, axis, _, stretched = leaf.args
    a = axis.value  # type: ignore[attr-defined]
    inner = _shown(x, (*shape[:a], *shape[a + 1:]))
    if stretched.value:  # type: ignore[attr-defined]
        return (*inner[:a], _int(1, leaf.loc), *inner[a:])
    return inner


def _combine(pass_: Any, e: ir.Expr, found: dict[int, Any], stmts: list[ir.Stmt]) -> Any:
    """The extents of `e`'s value, computed as NumPy evaluates it (operands first, then the
    operation, which raises NumPy's ValueError for extents it cannot broadcast)."""
    if id(e) in found:
        return found[id(e)]
    if not isinstance(e.type, Array):
        return None
    if isinstance(e, ir.BinOp | ir.Compare):
        parts: tuple[ir.Expr, ...] = (e.left, e.right)
    elif isinstance(e, ir.UnaryOp):
        parts = (e.operand,)
    elif isinstance(e, ir.Cast):
        parts = (e.value,)
    else:
        assert isinstance(e, ir.Intrinsic)
        parts = e.args
    shapes = [sh for sh in (_combine(pass_, p, found, stmts) for p in parts) if sh is not None]
    if len(shapes) == 1:
        return shapes[0]
    loc = e.loc
    out, out_shown = shapes[0]
    for sh, shown in shapes[1:]:
        message = f"{_MISMATCH} {_text(len(out_shown))} {_text(len(shown))} "
        clash = _clash(out, sh, loc)
        if not (isinstance(clash, ir.Const)):
            stmts.append(ir.If(clash, (ir.Raise("ValueError", message, (*out_shown, *shown),
                                                loc=loc),), loc=loc))
        merged = []
        for x, y in zip(out, sh, strict=True):
            if x == y:
                merged.append(x)
                continue
            r = pass_.scalar_temp(loc)
            stmts.append(ir.Assign(r, x, loc=loc))
            stmts.append(ir.If(ir.Compare("==", r, _int(1, loc), type=BOOL, loc=loc),
                               (ir.Assign(r, y, loc=loc),), loc=loc))
            merged.append(r)
        out = out_shown = tuple(merged)
    return out, out_shown


class _Swap(Transformer):
    def __init__(self, new: dict[int, ir.Expr]) -> None:
        self.new = new

    def generic_visit(self, node: ir.Node) -> ir.Node:
        if id(node) in self.new:
            return self.new[id(node)]
        return self.rebuild(node)

    def visit_Name(self, e: ir.Name) -> ir.Expr:
        return self.new.get(id(e), e)

    def visit_Subscript(self, e: ir.Subscript) -> ir.Expr:
        return self.new.get(id(e)) or self.rebuild(e)


def in_parallel_loops(f: ir.FunctionDef) -> set[ir.SourceLoc]:
    """Where the assignments inside OpenMP loops are: they keep shapes.py's strict check (a
    stretched copy would be one temporary shared by the loop's threads)."""
    from transpyle.passes.parallel_loops import is_parallel

    out: set[ir.SourceLoc] = set()

    def block(stmts: tuple[ir.Stmt, ...]) -> None:
        for k, st in enumerate(stmts):
            nxt = stmts[k + 1] if k + 1 < len(stmts) else None
            if is_parallel(st) and isinstance(nxt, ir.For):
                out.update(n.loc for n in walk(nxt) if isinstance(n, ir.Assign))
            for name in ("body", "orelse"):
                inner = getattr(st, name, None)
                if isinstance(inner, tuple):
                    block(inner)
            if isinstance(st, ir.Select):
                for c in st.cases:
                    block(c.body)

    block(f.body)
    return out


def stretch_assign(pass_: Any, s: ir.Assign) -> list[ir.Stmt] | None:
    """`s` with NumPy's run-time broadcasting of length-1 axes, or None (shapes.py's way)."""
    from transpyle.passes.safety.shapes import _Checks, shape_of

    if s.loc in pass_.parallel:
        return None

    t = s.value.type
    if not isinstance(t, Array) or t.rank is None or t.rank == 0:
        return None
    target = s.target
    local = isinstance(target, ir.Name) and target.id in pass_.local_arrays
    if local and any(isinstance(n, ir.Name) and n.id == target.id for n in walk(s.value)):
        return None  # `d = d + e` reads the old array: shapes.py evaluates it first
    into = None if local else shape_of(target)
    if not local and into is None:
        return None
    leaves: list[ir.Expr] = []
    if not _leaves(s.value, leaves) or len(leaves) < (2 if into is None else 1):
        return None
    if any(isinstance(leaf.type, Array) and isinstance(leaf.type.elem, Logical)
           and leaf.type.elem.kind != 1 for leaf in leaves):
        return None  # a comparison's LOGICAL(4) array: the helpers take NumPy's bools
    checks = _Checks(s.loc)
    shapes = [checks.expr(leaf) for leaf in leaves]
    rank = t.rank
    if any(sh is None or len(sh) != rank for sh in shapes) or (into is not None
                                                               and len(into) != rank):
        return None
    if all(sh == shapes[0] for sh in shapes[1:]) and (into is None or into == shapes[0]):
        return None  # the same extents by construction: nothing to stretch
    loc = s.loc
    stmts: list[ir.Stmt] = list(checks.stmts)
    found = {id(leaf): (sh, _shown(leaf, sh)) for leaf, sh in zip(leaves, shapes, strict=True)}
    combined = _combine(pass_, s.value, found, stmts)
    assert combined is not None
    result = combined[0]
    extents = [pass_.scalar_temp(loc) for _ in range(rank)]
    stmts += [ir.Assign(r, n, loc=loc) for r, n in zip(extents, result, strict=True)]
    if into is not None:
        clash = _clash(tuple(extents), into, loc, target=True)
        message = f"could not broadcast input array from shape {_text(rank)} into shape " \
                  f"{_text(rank)}"
        stmts.append(ir.If(clash, (ir.Raise("ValueError", message, (*extents, *into),
                                            loc=loc),), loc=loc))
        stmts += [ir.Assign(r, n, loc=loc) for r, n in zip(extents, into, strict=True)]
    differ: list[ir.Expr] = [ir.Compare("!=", n, r, type=BOOL, loc=loc)
                             for sh in shapes for n, r in zip(sh, extents, strict=True)]  # type: ignore[arg-type]
    flag = pass_.scalar_temp(loc, BOOL)
    stmts.append(ir.Assign(flag, ir.BoolOp("or", tuple(differ), type=BOOL, loc=loc)
                           if len(differ) > 1 else differ[0], loc=loc))
    dims = tuple(ir.Dim(_int(0, loc), ir.BinOp("-", r, _int(1, loc), type=INT64, loc=loc),
                        loc=loc) for r in extents)
    if local:
        assert isinstance(target, ir.Name)
        stmts += [ir.Deallocate(target.id, loc=loc), ir.Allocate(target.id, dims, loc=loc)]
        whole = tuple(ir.Slice(None, None, None, type=INT64, loc=loc) for _ in extents)
        target = ir.Subscript(target, whole, type=target.type, loc=loc)
    slow: list[ir.Stmt] = []
    new: dict[int, ir.Expr] = {}
    for leaf in leaves:
        lt = leaf.type
        assert isinstance(lt, Array)
        tmp = pass_.array_temp(dataclasses.replace(lt, lower=None), loc)
        layout = f"{rank}{lt.order.lower() if rank > 1 else 'c'}"
        helper = f"tp_nparr_bcast_{layout}_{_kind(lt)}"
        slow += [ir.Deallocate(tmp.id, loc=loc), ir.Allocate(tmp.id, dims, loc=loc),
                 ir.CallStmt(helper, (leaf, tmp), loc=loc)]
        new[id(leaf)] = tmp
    value = _Swap(new).visit(s.value)
    slow.append(ir.Assign(target, value, loc=loc))
    fast = ir.Assign(target, s.value, loc=loc)
    stmts.append(ir.If(flag, tuple(slow), (fast,), loc=loc))
    return stmts
