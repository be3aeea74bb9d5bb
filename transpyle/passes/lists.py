"""Typing of small Python lists of numbers (`frontends/python/lists.py` lowers them).

`pylist(n, sample[, var])` allocates a list of `n` elements of `sample`'s type (`var`: the
comprehension's variable, an integer that `sample` may read): an `np.zeros`-like allocation of
an `Array(T, 1, pylist=True)`. A list holds Python scalars of one type: storing a value of
another type into an element is refused (Python keeps each element's own type: `[0.0] * n`
then `x[0] = 1` holds an int). Whether an element read is a NumPy scalar is scalar_origin's.
"""

from __future__ import annotations

from typing import Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import INT64, Array, Complex, Integer, Logical, Real, Type


def type_pylist(typer: Any, e: ir.Intrinsic) -> ir.Expr:
    """`e` (a `pylist`) as the typed allocation; `typer` is the function's type pass."""
    n = typer.cast(typer.expr(e.args[0]), INT64)
    var = e.args[2] if len(e.args) == 3 else None
    if isinstance(var, ir.Name):
        saved = typer.env.get(var.id)
        typer.env[var.id] = INT64
    try:
        t = typer.expr(e.args[1]).type
    finally:
        if isinstance(var, ir.Name):
            if saved is None:
                del typer.env[var.id]
            else:
                typer.env[var.id] = saved
    if not isinstance(t, Integer | Real | Complex | Logical):
        raise TranspileError(e.args[1].loc, f"a list of {t}: lists of numbers only are "
                             "translated", code="E-type")
    return ir.Intrinsic("zeros", (n,), type=Array(t, 1, "C", pylist=True), loc=e.loc)


def is_list(t: Type | None) -> bool:
    return isinstance(t, Array) and t.pylist


def check_store(target: ir.Subscript, value: ir.Expr, loc: SourceLoc) -> None:
    """An element stored into a list keeps its own type in Python: it must be the list's."""
    t = target.value.type
    if is_list(t) and not isinstance(target.type, Array) and value.type != t.elem:  # type: ignore[union-attr]
        raise TranspileError(loc, f"storing a {value.type} into {target.value} of type {t} "
                             "(Python keeps each element's own type)",
                             hint="convert the value to the list's element type first",
                             code="E-type")
