"""A scalar passed to an array dummy (Fortran storage association): IR -> IR, for Python.

Fortran passes the scalar's storage, and the callee's writes to its first element are the
scalar's new value. Python has no reference to a scalar, so the call gets a one-element
array: `CALL TWICE(1, S)` becomes `s_cell(1) = s; CALL TWICE(1, s_cell); s = s_cell(1)`
(copy in, copy back: the same value after the call as Fortran's). A constant or an expression
is copied in only. In a function reference, where no statement can follow the call, it is
refused at its location.
"""

from __future__ import annotations

import dataclasses

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Complex, Integer, Logical, Real
from transpyle.ir.visitor import walk

Block = tuple[ir.Stmt, ...]


def _is_scalar(e: ir.Expr) -> bool:
    """A scalar value; not an array element, which passes the rest of its array."""
    if isinstance(e, ir.Subscript) and isinstance(e.value.type, Array):
        return False
    return isinstance(e.type, Integer | Real | Complex | Logical)


def box_scalar_actuals(f: ir.FunctionDef, functions: dict[str, ir.FunctionDef]
                       ) -> ir.FunctionDef:
    """`f` with every scalar actual argument of an array dummy passed in a one-element
    array (a new local per scalar and type)."""
    cells: dict[tuple[str, object], ir.VarDecl] = {}
    taken = {d.name for d in (*f.params, *f.locals)}

    def wants_array(func: str, k: int) -> bool:
        callee = functions.get(func)
        return callee is not None and k < len(callee.params) and isinstance(
            callee.params[k].type, Array)

    for node in walk(f):
        if isinstance(node, ir.Call):
            for k, a in enumerate(node.args):
                if wants_array(node.func, k) and _is_scalar(a):
                    raise TranspileError(a.loc, f"a scalar passed to the array argument "
                                         f"'{functions[node.func].params[k].name}' of function "
                                         f"{node.func} is not supported",
                                         hint="pass an array, or make it a subroutine",
                                         code="E-unsupported")

    def cell(a: ir.Expr) -> ir.VarDecl:
        base = a.id if isinstance(a, ir.Name) else "arg"
        key = (base, a.type)
        if key not in cells:
            name = f"{base}_cell"
            while name in taken:
                name += "_"
            taken.add(name)
            one = ir.Const(1, type=Integer(4), loc=a.loc)
            cells[key] = ir.VarDecl(name, Array(a.type, 1, "F", (1,)),  # type: ignore[arg-type]
                                    shape=(ir.Dim(one, one, loc=a.loc),), loc=a.loc)
        return cells[key]

    def call(s: ir.CallStmt) -> Block:
        before: list[ir.Stmt] = []
        after: list[ir.Stmt] = []
        args = list(s.args)
        for k, a in enumerate(s.args):
            if not (wants_array(s.func, k) and _is_scalar(a)):
                continue
            d = cell(a)
            ref = ir.Name(d.name, type=d.type, loc=a.loc)
            first = ir.Subscript(ref, (ir.Const(1, type=Integer(4), loc=a.loc),), type=a.type,
                                 loc=a.loc)
            before.append(ir.Assign(first, a, loc=s.loc))
            if isinstance(a, ir.Name):
                after.append(ir.Assign(a, first, loc=s.loc))
            args[k] = ref
        if not before:
            return (s,)
        return (*before, dataclasses.replace(s, args=tuple(args)), *after)

    def block(stmts: Block) -> Block:
        return tuple(x for s in stmts for x in stmt(s))

    def stmt(s: ir.Stmt) -> Block:
        if isinstance(s, ir.CallStmt):
            return call(s)
        if isinstance(s, ir.If | ir.Where):
            return (dataclasses.replace(s, body=block(s.body), orelse=block(s.orelse)),)
        if isinstance(s, ir.For | ir.While):
            return (dataclasses.replace(s, body=block(s.body)),)
        if isinstance(s, ir.Select):
            cases = tuple(dataclasses.replace(c, body=block(c.body)) for c in s.cases)
            return (dataclasses.replace(s, cases=cases),)
        return (s,)

    body = block(f.body)
    if not cells:
        return f
    return dataclasses.replace(f, body=body, locals=(*f.locals, *cells.values()))
