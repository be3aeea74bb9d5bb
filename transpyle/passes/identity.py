"""`a is b` and `a is not b` between typed scalars, as CPython answers them.

CPython's True and False are single objects, so between two bools `is` is `==`. Two values of
different classes (an int and a float, a bool and an int: `1 is True` is False) are never one
object. A name compared with itself is one object. Anything else (two ints, two floats) depends
on which objects CPython made, which compiled code has not: refused where written. The operands
are dropped only where evaluating them has no effect (names, constants, arithmetic).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, Array, Complex, Integer, Logical, Real
from transpyle.ir.visitor import walk

_CLASSES = (Logical, Integer, Real, Complex)
IDENTITY = ("'{op}' between values of type {t}: CPython's answer depends on which objects "
            "it made (a NumPy scalar is not True)")


def _class(e: ir.Expr) -> type | None:
    return next((c for c in _CLASSES if isinstance(e.type, c)), None)


def _pure(e: ir.Expr) -> bool:
    return not any(isinstance(n, ir.Call | ir.Intrinsic) for n in walk(e))


def identity(e: ir.Compare, left: ir.Expr, right: ir.Expr,
             error: Callable[[SourceLoc, str], TranspileError],
             python: Callable[[ir.Expr], bool]) -> ir.Expr:
    """The typed meaning of `left is right` (e.op "is") or `left is not right` ("is not");
    `python(x)`: whether x always holds a Python scalar (an array's element, np.True_, is
    not the object True: refused)."""
    negate = e.op == "is not"
    lc, rc = _class(left), _class(right)
    if isinstance(left.type, Array) or isinstance(right.type, Array) or lc is None \
            or rc is None or not python(left) or not python(right):
        raise error(e.loc, IDENTITY.format(op=e.op, t=left.type))
    if lc is Logical and rc is Logical:
        return dataclasses.replace(e, op="!=" if negate else "==", left=left, right=right,
                                   type=BOOL)
    same_name = isinstance(left, ir.Name) and isinstance(right, ir.Name) \
        and left.id == right.id
    if (lc is not rc or same_name) and _pure(left) and _pure(right):
        return ir.Const(same_name != negate, type=BOOL, loc=e.loc)
    raise error(e.loc, IDENTITY.format(op=e.op, t=left.type))
