"""Typing of Python's bitwise operators (`& | ^ ~ << >>`, the intrinsics `bitand` ... `rshift`).

Python's rules, NumPy's where an operand is an array or a NumPy scalar:
- integers: the operands' promoted integer type (a literal is weak, NEP 50); `&`, `|`, `^` and
  `~` compute the same bits whatever the width (two's complement, as Python's ints behave).
- bools: `&`, `|`, `^` of two bools are a bool (`.and.`, `.or.`, `.neqv.`); a bool with an int
  is an int (`True & 3 == 1`); `<<` and `>>` of a bool shift 0 or 1.
- `~` of a bool array is the logical negation (NumPy); `~` of a bool scalar is refused: a Python
  bool gives -2 or -1 and a NumPy bool its negation, and the IR types both as one bool.
- floats and complex numbers have no bitwise operators (TypeError in CPython): refused.
The shifts' counts and overflow are `checked/shifts.py`'s.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64, Array, Integer, Logical, element

BITWISE_NAMES = frozenset(("bitand", "bitor", "bitxor", "bitnot", "lshift", "rshift"))
_SPELLING = {"bitand": "&", "bitor": "|", "bitxor": "^", "bitnot": "~", "lshift": "<<",
             "rshift": ">>"}


def type_bitwise(typer: Any, e: ir.Intrinsic) -> ir.Expr:
    """`e` typed; `typer` is the function's type pass (its `expr`, `unify`, `cast_array`)."""
    args = [typer.expr(a) for a in e.args]
    op = _SPELLING[e.name]
    for a in args:
        if not isinstance(element(a.type), Integer | Logical):  # type: ignore[arg-type]
            raise TranspileError(a.loc, f"unsupported operand type for '{op}': {a.type} "
                                 "(bitwise operators take integers and bools)", code="E-type")
    if e.name == "bitnot":
        (x,) = args
        if isinstance(x.type, Logical):
            raise TranspileError(e.loc, "'~' of a bool: -2 or -1 for a Python bool, the "
                                 "negation for a NumPy bool", hint="write `not x` for the "
                                 "negation, or `~int(x)`", code="E-type")
        if isinstance(x.type, Array) and isinstance(x.type.elem, Logical):
            return ir.UnaryOp("not", x, type=x.type, loc=e.loc)  # NumPy's ~ of bools
        return dataclasses.replace(e, args=(x,), type=x.type)
    left, right = args
    bools = [isinstance(element(a.type), Logical) for a in args]  # type: ignore[arg-type]
    arrays = [isinstance(a.type, Array) for a in args]
    if any(b and arr for b, arr in zip(bools, arrays, strict=True)) and not all(bools) \
            or (all(bools) and e.name in ("lshift", "rshift") and any(arrays)):
        raise TranspileError(e.loc, f"'{op}' of a bool array with integers (NumPy's result "
                             "type depends on the values' kinds)", hint="convert the array "
                             "with .astype(np.int64) first", code="E-type")
    if all(bools) and e.name not in ("lshift", "rshift"):
        lt, rt = left.type, right.type
        if isinstance(lt, Array) and isinstance(rt, Array) and lt.rank != rt.rank:
            raise TranspileError(e.loc, f"operands of '{op}' have ranks {lt.rank} and "
                                 f"{rt.rank}", code="E-type")
        t = lt if isinstance(lt, Array) else rt if isinstance(rt, Array) else BOOL
        return dataclasses.replace(e, args=(left, right), type=t)
    left = typer.cast(left, INT64) if bools[0] else left
    right = typer.cast(right, INT64) if bools[1] else right
    kinds = {element(a.type).kind for a in (left, right) if not _weak(a)}  # type: ignore[arg-type]
    if e.name in ("lshift", "rshift") and len(kinds) > 1:
        raise TranspileError(e.loc, f"'{op}' of integers of {min(kinds) * 8} and "
                             f"{max(kinds) * 8} bits: NumPy shifts in the narrower kind when "
                             "the wider is a Python int, in the wider when it is a NumPy one",
                             hint="convert one operand, e.g. np.int64(x[i])", code="E-type")
    left, right, t = typer.unify(left, right, op, e.loc)
    return dataclasses.replace(e, args=(left, right), type=t)


def _weak(e: ir.Expr) -> bool:
    """A Python literal (NEP 50: its kind yields to the other operand's)."""
    if isinstance(e, ir.UnaryOp):
        return _weak(e.operand)
    return isinstance(e, ir.Const)
