"""Lower bounds of integer expressions: enough to know that an index is never negative.

Flow-insensitive: a local integer's lower bound is the least over everything assigned to it
(and, for a loop variable, over the values of its range), found by iterating from an optimistic
start; a variable whose bound keeps falling (`k = k - 1`) has none. Parameters have none (the
caller may pass anything). `len()`/shape values are at least 0; `x % c` with a positive constant
c is at least 0, as in Python.
"""

from __future__ import annotations

import math

from transpyle.ir import nodes as ir
from transpyle.ir.types import Integer
from transpyle.ir.visitor import walk

Bounds = dict[str, float]  # -inf: no bound known
_ROUNDS = 8


def _const(e: ir.Expr) -> int | None:
    if isinstance(e, ir.Const) and isinstance(e.value, int) and not isinstance(e.value, bool):
        return e.value
    return None


def lower(e: ir.Expr, env: Bounds) -> float:
    """A lower bound of `e` (-inf where nothing is known)."""
    c = _const(e)
    if c is not None:
        return c
    if isinstance(e, ir.Name):
        return env.get(e.id, -math.inf)
    if isinstance(e, ir.Intrinsic):
        if e.name in ("size", "count"):
            return 0
        if e.name == "view_index":  # the index into the view's array (safety/aliases.py)
            return lower(e.args[0], env)
        bounds = [lower(a, env) for a in e.args]
        if e.name == "max" and bounds:
            return max(bounds)
        if e.name == "min" and bounds:
            return min(bounds)
        if e.name == "abs":
            return 0
        return -math.inf
    if isinstance(e, ir.Cast) and isinstance(e.type, Integer) and isinstance(e.value.type,
                                                                            Integer):
        return lower(e.value, env)
    if isinstance(e, ir.IfExp):
        if _wraps(e):  # merge(i + n, i, i < 0): an index counted from the end, in range
            return 0
        return min(lower(e.body, env), lower(e.orelse, env))
    if isinstance(e, ir.BinOp):
        return _binop(e, env)
    return -math.inf


def _wraps(e: ir.IfExp) -> bool:
    t = e.test
    return isinstance(t, ir.Compare) and t.op == "<" and _const(t.right) == 0 \
        and e.orelse == t.left and isinstance(e.body, ir.BinOp) and e.body.op == "+" \
        and e.body.left == t.left


def _binop(e: ir.BinOp, env: Bounds) -> float:
    a, b = lower(e.left, env), lower(e.right, env)
    k = _const(e.right)
    if e.op == "+":
        return a + b
    if e.op == "-":
        return a - k if k is not None else -math.inf
    if e.op == "*":
        return a * b if a >= 0 and b >= 0 else -math.inf
    if e.op == "//" and k is not None and k > 0 and a >= 0:
        return a // k if math.isfinite(a) else 0
    if e.op == "%" and b >= 0:  # Python's x % m >= 0 for m > 0 (and m == 0 raises)
        return 0
    return -math.inf


def _defs(f: ir.FunctionDef) -> dict[str, list[ir.Expr | ir.For]]:
    ints = {d.name for d in f.locals if isinstance(d.type, Integer)}
    out: dict[str, list[ir.Expr | ir.For]] = {name: [] for name in ints}
    for n in walk(f):
        if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name) and n.target.id in out:
            out[n.target.id].append(n.value)
        elif isinstance(n, ir.For) and n.var.id in out:
            out[n.var.id].append(n)
    return out


def _def_lower(d: ir.Expr | ir.For, env: Bounds) -> float:
    if not isinstance(d, ir.For):
        return lower(d, env)
    step = _const(d.step)
    if step is not None and step > 0:
        return lower(d.start, env)
    if step is not None and step < 0:
        return lower(d.stop, env)  # the inclusive last value bounds the range from below
    return -math.inf


def lower_bounds(f: ir.FunctionDef) -> Bounds:
    """The lower bound of each local integer of `f` (absent: none known)."""
    defs = _defs(f)
    env: Bounds = {name: math.inf for name, ds in defs.items() if ds}
    for _ in range(len(env) + 1):
        for _ in range(_ROUNDS):
            new = {name: min(_def_lower(d, env) for d in defs[name]) for name in env}
            if new == env:
                return {k: v for k, v in env.items() if v > -math.inf}
            falling = {k for k in env if new[k] != env[k]}
            env = new
        env |= {k: -math.inf for k in falling}  # still falling: no bound
    return {}
