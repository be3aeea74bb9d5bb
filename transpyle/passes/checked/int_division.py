"""`int(a / b)` of two ints, as migrated Fortran spells its integer division (`int((lo + hi) / 2)`).

CPython divides the ints correctly rounded, then truncates. Below 2**52 (both operands) the
rounded quotient cannot cross an integer, so the result is the exact quotient truncated toward
zero: Fortran's integer `/`, with no float conversion or check. Beyond, the helpers divide the
doubles and convert as `int()` of a float does (`tp_int_f8`), which is what the compiled code
did for every `int(a / b)` before (docs/DIFFERENCES.md has the row for an int operand beyond
2**53). These helpers are built as IR, not as typed Python (helpers.py), because Python has no
spelling for Fortran's truncating `/` of integers. Small, in the caller's module: gfortran
inlines them, and a divisor constant becomes a shift or a multiplication.
"""

from __future__ import annotations

from transpyle.errors import SourceLoc
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, FLOAT64, INT64, Type

DIVIDE = "tp_inttruediv_f8"  # a divisor that may be zero: ZeroDivisionError as CPython's
DIVIDE_BY_CONSTANT = "tp_intdivconst_f8"  # a constant divisor, |b| >= 2: nothing raises
EXACT = 2 ** 52
_LOC = SourceLoc("<transpyle checked operations>", 1, 1)


def _name(n: str, t: Type = INT64) -> ir.Name:
    return ir.Name(n, type=t, loc=_LOC)


def _int(v: int) -> ir.Const:
    return ir.Const(v, type=INT64, loc=_LOC)


def _both_small(a: ir.Expr, b: ir.Expr) -> ir.Expr:
    small = [ir.Compare("<", ir.Intrinsic("abs", (x,), type=INT64, loc=_LOC), _int(EXACT),
                        type=BOOL, loc=_LOC) for x in (a, b)]
    return ir.BoolOp("and", tuple(small), type=BOOL, loc=_LOC)


def _quotient(a: ir.Expr, b: ir.Expr) -> ir.Expr:
    return ir.BinOp("/", a, b, type=INT64, loc=_LOC)  # Fortran's: truncated toward zero


def _doubles(a: ir.Expr, b: ir.Expr) -> ir.Expr:
    as_float = [ir.Cast(x, type=FLOAT64, loc=_LOC) for x in (a, b)]
    return ir.BinOp("/", as_float[0], as_float[1], type=FLOAT64, loc=_LOC)


def _procedure(name: str, body: tuple[ir.Stmt, ...]) -> ir.FunctionDef:
    params = tuple(ir.VarDecl(x, INT64, intent="in", loc=_LOC) for x in ("a", "b"))
    return ir.FunctionDef(name, params, INT64, body, loc=_LOC)


def divide(message: str) -> ir.FunctionDef:
    """tp_inttruediv_f8(a, b): CPython's int(a / b); `message` is its ZeroDivisionError's."""
    a, b = _name("a"), _name("b")
    zero = ir.Compare("==", b, _int(0), type=BOOL, loc=_LOC)
    slow = ir.Call("tp_int_f8", (_doubles(a, b),), type=INT64, loc=_LOC)
    return _procedure(DIVIDE, (
        ir.If(zero, (ir.Raise("ZeroDivisionError", message, loc=_LOC),), loc=_LOC),
        ir.If(_both_small(a, b), (ir.Return(_quotient(a, b), loc=_LOC),), loc=_LOC),
        ir.Return(slow, loc=_LOC),
    ))


def divide_by_constant() -> ir.FunctionDef:
    """tp_intdivconst_f8(a, b), |b| >= 2 a constant: |a / b| < 2**62, so the conversion of the
    doubles' quotient never fails."""
    a, b = _name("a"), _name("b")
    slow = ir.Cast(_doubles(a, b), type=INT64, loc=_LOC)
    return _procedure(DIVIDE_BY_CONSTANT, (
        ir.If(_both_small(a, b), (ir.Return(_quotient(a, b), loc=_LOC),), loc=_LOC),
        ir.Return(slow, loc=_LOC),
    ))


def int_true_division(e: ir.Expr) -> tuple[str, ir.Expr, ir.Expr] | None:
    """For `a / b` (float64) of two int64 values (each converted, or an integral float
    constant), the helper that computes `int(a / b)` and its operands."""
    if not (isinstance(e, ir.BinOp) and e.op == "/" and e.type == FLOAT64):
        return None
    ints: list[ir.Expr] = []
    for x in (e.left, e.right):
        if isinstance(x, ir.Cast) and x.value.type == INT64:
            ints.append(x.value)
        elif isinstance(x, ir.Const) and isinstance(x.value, float) and x.value.is_integer() \
                and abs(x.value) < EXACT:
            ints.append(ir.Const(int(x.value), type=INT64, loc=x.loc))
        else:
            return None
    b = ints[1]
    constant = isinstance(b, ir.Const) and abs(b.value) >= 2  # type: ignore[attr-defined]
    return (DIVIDE_BY_CONSTANT if constant else DIVIDE), ints[0], b
