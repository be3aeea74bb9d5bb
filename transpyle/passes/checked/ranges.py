"""Checks a `while` loop's own invariants make dead: intervals of its integer variables.

The checks that keep Python's meaning cost little alone, but a second branch in a small loop
stops gfortran's if-conversion: the spline library's binary search (`while hi - lo > 1: mid =
int((lo + hi) / 2); if u < x[mid - 1]: hi = mid else: lo = mid`) ran 20 ms against the
original's 10.3 with either of its checks (the exactness test of `int((lo + hi) / 2)`, the
negative-index wrap of `x[mid - 1]`), 8.0 ms with neither (benchmarks/RESULTS.md).

For a `while` loop whose body assigns integer scalars and holds no other loop: where, before
the loop, each of them is within [0, 2**51] (one test), that box is an invariant of the loop
if one pass over the body, starting from the box and the loop's test, ends inside it
(interval arithmetic, every branch; a value beyond int64 is unknown). Then, in a copy of the
loop run under that test, every check whose outcome the intervals decide is decided: a
negative-index wrap of an index proven >= 0 reads the index, `int(a / b)` of operands proven
below 2**52 is the integer quotient, a test proven true or false keeps its one branch. The
original loop runs where the test fails. Only speed changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.checked.int_division import DIVIDE_BY_CONSTANT, EXACT

TOP_BOX = 2 ** 51  # the box of the test: sums of two stay below 2**52 (exact as doubles)
LO, HI = -(2 ** 63), 2 ** 63 - 1
Interval = tuple[int, int]
Env = dict[str, Interval]
TOP: Interval = (LO, HI)


def _fit(lo: int, hi: int) -> Interval:
    return (lo, hi) if LO <= lo and hi <= HI else TOP


def _join(a: Env | None, b: Env | None) -> Env | None:
    if a is None or b is None:
        return b if a is None else a
    return {k: (min(a[k][0], b[k][0]), max(a[k][1], b[k][1])) for k in a.keys() & b.keys()}


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def value(e: ir.Expr, env: Env) -> Interval:
    """The interval of integer expression `e` (TOP where unknown, and for any other kind than
    64-bit integers: a 32-bit sum wraps elsewhere)."""
    if e.type != INT64:
        return TOP
    if isinstance(e, ir.Const) and type(e.value) is int:
        return (e.value, e.value)
    if isinstance(e, ir.Name):
        return env.get(e.id, TOP)
    if isinstance(e, ir.UnaryOp) and e.op == "-":
        lo, hi = value(e.operand, env)
        return _fit(-hi, -lo)
    if isinstance(e, ir.BinOp) and e.op in ("+", "-", "*"):
        (a, b), (c, d) = value(e.left, env), value(e.right, env)
        if e.op == "+":
            return _fit(a + c, b + d)
        if e.op == "-":
            return _fit(a - d, b - c)
        products = (a * c, a * d, b * c, b * d)
        return _fit(min(products), max(products))
    quotient = _exact_quotient(e, env)
    if quotient is not None:
        (a, b), k = value(quotient[0], env), quotient[1]
        ends = (_trunc_div(a, k), _trunc_div(b, k))
        return (min(ends), max(ends))
    if isinstance(e, ir.IfExp):
        decided = _decide(e.test, env)
        if decided is not None:
            return value(e.body if decided else e.orelse, env)
        (a, b), (c, d) = value(e.body, env), value(e.orelse, env)
        return (min(a, c), max(b, d))
    return TOP


def _exact_quotient(e: ir.Expr, env: Env) -> tuple[ir.Expr, int] | None:
    """`int(a / k)` of a constant k whose operand is proven below 2**52: (a, k)."""
    if not (isinstance(e, ir.Call) and e.func == DIVIDE_BY_CONSTANT):
        return None
    a, k = e.args
    if not (isinstance(k, ir.Const) and type(k.value) is int and 0 < abs(k.value) < EXACT):
        return None
    lo, hi = value(a, env)
    return (a, k.value) if -EXACT < lo and hi < EXACT else None


_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}
_NOT = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "=="}


def _decide(test: ir.Expr, env: Env) -> bool | None:
    """True or False where the intervals decide `test`, else None."""
    if not isinstance(test, ir.Compare) or test.op not in _NOT:
        return None
    (a, b), (c, d) = value(test.left, env), value(test.right, env)
    if TOP in ((a, b), (c, d)):
        return None
    always = {"<": b < c, "<=": b <= c, ">": a > d, ">=": a >= d, "==": a == b == c == d,
              "!=": b < c or d < a}
    never = {"<": a >= d, "<=": a > d, ">": b <= c, ">=": b < c, "==": b < c or d < a,
             "!=": a == b == c == d}
    return True if always[test.op] else False if never[test.op] else None


def _linear(e: ir.Expr) -> tuple[str, str | None, int] | None:
    """`x`, `x + k`, `x - k`, `x - y`, `x - y + k`... as (x, y or None, k): e = x - y + k, of
    64-bit integers."""
    if e.type != INT64:
        return None
    if isinstance(e, ir.Name):
        return (e.id, None, 0)
    if isinstance(e, ir.BinOp) and e.op in ("+", "-") and isinstance(e.right, ir.Const) \
            and type(e.right.value) is int:
        inner = _linear(e.left)
        if inner is not None:
            k = e.right.value if e.op == "+" else -e.right.value
            return (inner[0], inner[1], inner[2] + k)
    if isinstance(e, ir.BinOp) and e.op == "-" and isinstance(e.left, ir.Name) \
            and isinstance(e.right, ir.Name):
        return (e.left.id, e.right.id, 0)
    return None


def refine(test: ir.Expr, env: Env, holds: bool) -> Env | None:
    """`env` where `test` is `holds` (None: no value satisfies it)."""
    if isinstance(test, ir.BoolOp) and test.op == ("and" if holds else "or"):
        out: Env | None = env
        for v in test.values:
            out = refine(v, out, holds) if out is not None else None
        return out
    if not isinstance(test, ir.Compare) or test.op not in _NOT:
        return env
    op = test.op if holds else _NOT[test.op]
    left, right, side = _linear(test.left), test.right, test.left
    if left is None and _linear(test.right) is not None:
        left, right, op, side = _linear(test.right), test.left, _FLIP[op], test.right
    if left is None or op in ("==", "!=") or value(side, env) == TOP:
        return env  # (TOP: the difference may wrap at 64 bits, and then says nothing)
    x, y, k = left  # x - y + k  op  right
    r = value(right, env)
    if r == TOP:
        return env
    # x - y op r - k: as bounds on x given y, and on y given x
    lo_r, hi_r = r[0] - k, r[1] - k
    strict = 1 if op in ("<", ">") else 0
    out = dict(env)
    ylo, yhi = (0, 0) if y is None else env.get(y, TOP)
    xlo, xhi = env.get(x, TOP)
    if op in ("<", "<="):  # x - y <= hi_r - strict
        xhi = min(xhi, yhi + hi_r - strict)
        ylo = max(ylo, xlo - hi_r + strict)
    else:  # x - y >= lo_r + strict
        xlo = max(xlo, ylo + lo_r + strict)
        yhi = min(yhi, xhi - lo_r - strict)
    if xlo > xhi or ylo > yhi:
        return None
    if x in env or (xlo, xhi) != TOP:
        out[x] = _fit(xlo, xhi)
    if y is not None and (y in env or (ylo, yhi) != TOP):
        out[y] = _fit(ylo, yhi)
    return out


def _block(stmts: tuple[ir.Stmt, ...], env: Env | None,
           on: Callable[[ir.Node, Env], None] | None = None) -> Env | None:
    """`env` after `stmts` (None: no path reaches the end); `on(node, env)` sees each
    statement with the intervals before it."""
    for s in stmts:
        if env is None:
            return None
        if on is not None:
            on(s, env)
        if isinstance(s, ir.Assign) and isinstance(s.target, ir.Name):
            if s.target.type == INT64:
                env = {**env, s.target.id: TOP if s.inplace else value(s.value, env)}
        elif isinstance(s, ir.If):
            decided = _decide(s.test, env)
            yes = _block(s.body, refine(s.test, env, True), on) if decided is not False \
                else None
            no = _block(s.orelse, refine(s.test, env, False), on) if decided is not True \
                else None
            env = _join(yes, no)
        elif isinstance(s, ir.Return | ir.Raise):
            return None
        elif isinstance(s, ir.CallStmt):
            names = {a.id for a in s.args if isinstance(a, ir.Name)}
            env = {k: (TOP if k in names else v) for k, v in env.items()}
    return env


_SIMPLE = (ir.Assign, ir.If, ir.Comment, ir.Raise, ir.Propagate, ir.Return, ir.CallStmt)


def _box_vars(loop: ir.While, ints: set[str]) -> list[str] | None:
    """The integer scalars `loop` assigns that its test, or its body before assigning them,
    reads (their values before the loop matter), if its body is straight-line code and
    branches without calls that could assign them."""
    assigned: set[str] = set()
    for n in (x for s in loop.body for x in walk(s)):
        if isinstance(n, ir.Stmt) and not isinstance(n, _SIMPLE):
            return None
        if isinstance(n, ir.CallStmt) and any(isinstance(a, ir.Name) and a.id in ints
                                              for a in n.args):
            return None
        if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name) and n.target.id in ints:
            assigned.add(n.target.id)
    live = {n.id for n in walk(loop.test) if isinstance(n, ir.Name)}
    defined: set[str] = set()
    for s in loop.body:
        target = s.target.id if isinstance(s, ir.Assign) and isinstance(s.target, ir.Name) \
            else None
        reads = [n for n in walk(s) if isinstance(n, ir.Name) and n.id != target]
        if isinstance(s, ir.Assign) and isinstance(s.target, ir.Name):
            reads = [n for n in walk(s.value) if isinstance(n, ir.Name)]
        live |= {n.id for n in reads if n.id not in defined}
        if not isinstance(s, ir.Assign):  # assigned in a branch: live where it was not
            live |= {n.target.id for n in walk(s) if isinstance(n, ir.Assign)
                     and isinstance(n.target, ir.Name) and n.target.id not in defined}
        elif target is not None:
            defined.add(target)
    names = sorted(assigned & live)
    return names or None


class _Decide(Transformer):
    """The checks the intervals decide, decided (one statement at a time)."""

    def __init__(self, env: Env) -> None:
        self.env = env

    def visit_IfExp(self, e: ir.IfExp) -> ir.Expr:
        decided = _decide(e.test, self.env) if _pure(e.test) else None
        if decided is not None:
            return self.visit(e.body if decided else e.orelse)  # type: ignore[no-any-return]
        return self.rebuild(e)  # type: ignore[no-any-return]

    def visit_Call(self, e: ir.Call) -> ir.Expr:
        quotient = _exact_quotient(e, self.env)
        if quotient is not None:
            a, k = quotient
            return ir.BinOp("/", self.visit(a), e.args[1], type=INT64, loc=e.loc)
        return self.rebuild(e)  # type: ignore[no-any-return]


def _pure(test: ir.Expr) -> bool:
    """No call in `test` but the exact quotient's (which neither raises nor writes)."""
    return not any(isinstance(n, ir.Call) and n.func != DIVIDE_BY_CONSTANT for n in walk(test))


def _decided_body(stmts: tuple[ir.Stmt, ...], env: Env) -> tuple[ir.Stmt, ...]:
    out: list[ir.Stmt] = []
    for s in stmts:
        if isinstance(s, ir.If) and _pure(s.test):
            decided = _decide(s.test, env)
            yes_env, no_env = refine(s.test, env, True), refine(s.test, env, False)
            if decided is True or (decided is None and no_env is None and yes_env is not None):
                out.extend(_decided_body(s.body, yes_env or env))
            elif decided is False or (decided is None and yes_env is None and no_env is not None):
                out.extend(_decided_body(s.orelse, no_env or env))
            else:
                assert yes_env is not None and no_env is not None
                out.append(dataclasses.replace(s, test=_Decide(env).visit(s.test),
                                               body=_decided_body(s.body, yes_env),
                                               orelse=_decided_body(s.orelse, no_env)))
        else:
            out.append(_Decide(env).visit(s))
        after = _block((s,), env)
        if after is None:
            break
        env = after
    return tuple(out)


def _fast(loop: ir.While, names: list[str]) -> tuple[ir.Expr, ir.While] | None:
    """(the test of the box, the loop with what the box decides decided), or None."""
    box: Env = {n: (0, TOP_BOX) for n in names}
    inside = refine(loop.test, box, True)
    if inside is None:
        return None
    after = _block(loop.body, inside)
    if after is not None and any(not (0 <= after[n][0] and after[n][1] <= TOP_BOX)
                                 for n in names):
        return None  # the box is not an invariant
    body = _decided_body(loop.body, inside)
    if body == loop.body:
        return None  # nothing decided: leave the loop as it is
    loc = loop.loc
    tests: list[ir.Expr] = []
    for n in names:
        var = ir.Name(n, type=INT64, loc=loc)
        tests += [ir.Compare(">=", var, ir.Const(0, type=INT64, loc=loc), type=BOOL, loc=loc),
                  ir.Compare("<=", var, ir.Const(TOP_BOX, type=INT64, loc=loc), type=BOOL,
                             loc=loc)]
    return ir.BoolOp("and", tuple(tests), type=BOOL, loc=loc), dataclasses.replace(loop,
                                                                                 body=body)


class _Loops(Transformer):
    def __init__(self, ints: set[str]) -> None:
        self.ints = ints

    def visit_While(self, s: ir.While) -> ir.Stmt:
        names = _box_vars(s, self.ints)
        found = _fast(s, names) if names else None
        if found is None:
            return self.rebuild(s)  # type: ignore[no-any-return]
        test, fast = found
        return ir.If(test, (fast,), (s,), loc=s.loc)

    def visit_FunctionDef(self, f: ir.FunctionDef) -> ir.FunctionDef:
        return dataclasses.replace(f, body=tuple(self.visit(s) for s in f.body))

    def generic_visit(self, node: ir.Node) -> ir.Node:
        if isinstance(node, ir.Expr):
            return node
        return self.rebuild(node)  # type: ignore[no-any-return]


def while_ranges(module: ir.Module) -> ir.Module:
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None and not f.elemental:
            ints = {d.name for d in (*f.params, *f.locals) if d.shape is None
                    and d.type == INT64 and d.common is None and d.equivalence is None
                    and d.intent in (None, "in", "out", "inout")}
            f = _Loops(ints).visit_FunctionDef(f)
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))

