"""The calling convention of migrated Python: which scalar arguments a procedure returns.

Fortran passes every argument by reference; Python rebinds a name locally. So a scalar dummy
argument that the procedure may change (intent(out) or intent(inout), or, without a declared
intent, one that the body assigns or passes on to a procedure that may change it) is
*returned*: a subroutine returns its changed scalars (one
bare, several as a tuple, in argument order), a function returns `(result, *changed)`. An
intent(out) scalar is dropped from the parameter list (its value on entry is undefined) unless
it is OPTIONAL (whether it was passed is the callee's to know); an inout one stays. Arrays are
updated in place and never returned. Python-origin functions (their scalars are passed by
value) return nothing extra.
"""

from __future__ import annotations

from dataclasses import dataclass

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Procedure, Record
from transpyle.ir.visitor import walk


@dataclass(frozen=True, slots=True)
class Convention:
    params: tuple[str, ...]  # the Python parameters, in order
    returned: tuple[str, ...]  # the scalar arguments returned, in order
    has_result: bool  # a function's own value comes first
    changed: frozenset[int] = frozenset()  # positions of the returned dummies


def assigned_names(f: ir.FunctionDef, known: dict[str, Convention] | None = None) -> set[str]:
    """Names `f` may change: assigned, looped over, or passed where a callee may change them
    (any argument of a procedure whose convention is not `known`)."""
    known = known or {}
    out: set[str] = set()
    # a dummy procedure or a procedure pointer may share a procedure's name (`call fcn(...)`
    # with FCN an argument); an EXTERNAL that is neither (`EXTERNAL LSAME`) is the procedure
    dummies = {d.name for d in (*f.params, *(x for x in f.locals if x.pointer))
               if isinstance(d.type, Procedure)}
    for node in walk(f):
        if isinstance(node, ir.Assign) and isinstance(node.target, ir.Name):
            out.add(node.target.id)
        elif isinstance(node, ir.For):
            out.add(node.var.id)
        elif isinstance(node, ir.CallStmt | ir.Call):
            conv = None if node.func in dummies else known.get(node.func)
            for k, a in enumerate(node.args):
                if isinstance(a, ir.Name) and (conv is None or k in conv.changed):
                    out.add(a.id)
    return out


def conventions(functions: dict[str, ir.FunctionDef]) -> dict[str, Convention]:
    """The convention of every procedure, to a fixed point: a scalar passed to a procedure of
    the module counts as changed only where that procedure changes its dummy."""
    out = {n: convention(f, {}) for n, f in functions.items()}
    while True:
        new = {n: convention(f, out) for n, f in functions.items()}
        if new == out:
            return out
        out = new


def convention(f: ir.FunctionDef, known: dict[str, Convention] | None = None) -> Convention:
    """`known`: the conventions of the procedures `f` calls (others may change anything)."""
    assigned = assigned_names(f, known) if f.kind is not None else set()
    returned: list[str] = []
    params: list[str] = []
    for p in f.params:
        # a POINTER dummy that the procedure may associate anew is returned as a scalar is
        scalar = not isinstance(p.type, Array | Procedure | Record) or p.pointer
        changes = f.kind is not None and scalar and not p.value and (
            p.intent in ("out", "inout") or (p.intent is None and p.name in assigned))
        if changes:
            returned.append(p.name)
        if not (changes and p.intent == "out" and not p.optional):  # PRESENT needs it
            params.append(p.name)
    has_result = f.kind == "function" or (f.kind is None and f.returns is not None
                                          and type(f.returns).__name__ != "Void")
    changed = frozenset(k for k, p in enumerate(f.params) if p.name in returned)
    return Convention(tuple(params), tuple(returned), has_result, changed)
