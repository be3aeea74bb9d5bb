"""Python's round(x) once x is typed: an int for an int or bool, half to even for a float.

`f = math.floor(x)` (ValueError for NaN, OverflowError for an infinity, as round raises),
then `d = x - f` (exact), and f + 1 where d > 0.5 or d == 0.5 and f is odd; else f. The
frontend lets only names, constants and element reads in (frontends/python/builtins_calls.py),
so evaluating x more than once is reading it again.
"""

from __future__ import annotations

from collections.abc import Callable

from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import INT64, Integer, Logical, Real

ROUND_TYPE = "round() of a value of type {t} is not supported in translated functions"


def python_round(e: ir.Intrinsic, typed: ir.Expr,
                 error: Callable[[SourceLoc, str], TranspileError]) -> ir.Expr:
    """The untyped expression that computes round(e.args[0]); `typed`: that argument typed."""
    x = e.args[0]
    loc = e.loc
    if isinstance(typed.type, Integer | Logical):
        return ir.Cast(x, type=INT64, python=True, loc=loc) if isinstance(
            typed.type, Logical) else x

    def c(v: int | float) -> ir.Const:
        return ir.Const(v, loc=loc)
    if not isinstance(typed.type, Real):
        raise error(loc, ROUND_TYPE.format(t=typed.type))
    f = ir.Intrinsic("floor", (x,), origin="math", loc=loc)
    d = ir.BinOp("-", x, f, loc=loc)
    odd = ir.Compare("==", ir.BinOp("%", f, c(2), loc=loc), c(1), loc=loc)
    up = ir.BoolOp("or", (ir.Compare(">", d, c(0.5), loc=loc), ir.BoolOp(
        "and", (ir.Compare("==", d, c(0.5), loc=loc), odd), loc=loc)), loc=loc)
    return ir.IfExp(up, ir.BinOp("+", f, c(1), loc=loc), f, loc=loc)
