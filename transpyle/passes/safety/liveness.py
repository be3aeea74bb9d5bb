"""Whether a scalar variable may be read after a statement, on structured code.

Conservative and flow-aware enough for loops: a read reached from the statement's exit before
a write of the variable makes it live. Loops may run zero times, so they never kill; the body
of an enclosing loop is scanned again from its top (the next iteration).
"""

from __future__ import annotations

from enum import Enum

from transpyle.ir import nodes as ir
from transpyle.ir.visitor import walk


class Flow(Enum):
    NONE = 0  # neither read nor written on every path
    READ = 1  # read before any write on some path
    KILLED = 2  # written (or the path ends) before any read, on every path
    ESCAPE = 3  # no read, but a path leaves by break or continue


def _reads(node: ir.Node | None, var: str) -> bool:
    return node is not None and any(isinstance(n, ir.Name) and n.id == var for n in walk(node))


def _target_reads(target: ir.Expr, var: str) -> bool:
    return isinstance(target, ir.Subscript) and _reads(target, var)


def scan(stmts: tuple[ir.Stmt, ...], var: str) -> Flow:
    """What the first access of `var` in `stmts`, run in order, is. A `break` or `continue`
    on the way (ESCAPE) leaves a later write no kill: the enclosing loop decides."""
    escaped = False
    for s in stmts:
        flow = _stmt(s, var)
        if flow is Flow.READ:
            return flow
        if flow is Flow.KILLED:
            return Flow.ESCAPE if escaped else flow
        escaped |= flow is Flow.ESCAPE
    return Flow.ESCAPE if escaped else Flow.NONE


def _stmt(s: ir.Stmt, var: str) -> Flow:
    if isinstance(s, ir.Assign):
        if _reads(s.value, var) or _target_reads(s.target, var):
            return Flow.READ
        killed = isinstance(s.target, ir.Name) and s.target.id == var
        return Flow.KILLED if killed else Flow.NONE
    if isinstance(s, ir.For):
        if any(_reads(e, var) for e in (s.start, s.stop, s.step)):
            return Flow.READ
        if s.var.id == var:  # the body sees the loop's own values; an empty loop keeps var
            return Flow.NONE
        return _loop_body(s.body, var)
    if isinstance(s, ir.While):
        return Flow.READ if _reads(s.test, var) else _loop_body(s.body, var)
    if isinstance(s, ir.If):
        if _reads(s.test, var):
            return Flow.READ
        a, b = scan(s.body, var), scan(s.orelse, var)
        if Flow.READ in (a, b):
            return Flow.READ
        if Flow.ESCAPE in (a, b):
            return Flow.ESCAPE
        return Flow.KILLED if a is b is Flow.KILLED else Flow.NONE
    if isinstance(s, ir.Return | ir.Raise | ir.Stop):
        return Flow.READ if _reads(s, var) else Flow.KILLED
    if isinstance(s, ir.Break | ir.Continue):
        return Flow.ESCAPE  # the enclosing loop's scan covers where they lead
    return Flow.READ if _reads(s, var) else Flow.NONE


def _loop_body(stmts: tuple[ir.Stmt, ...], var: str) -> Flow:
    """A loop body that may run zero times: it reads or it is transparent."""
    return Flow.READ if scan(stmts, var) is Flow.READ else Flow.NONE


def live_after(path: list[tuple[ir.Stmt | ir.FunctionDef, tuple[ir.Stmt, ...], int]],
               var: str) -> bool:
    """Whether `var` may be read after the statement at the end of `path`.

    `path` lists, outermost first, (container, block, index): the statement is
    `block[index]` of `container` (a FunctionDef, For, While or If)."""
    for container, block, index in reversed(path):
        flow = scan(block[index + 1:], var)
        if flow is Flow.READ:
            return True
        if flow is Flow.KILLED:
            return False
        if isinstance(container, ir.For | ir.While):
            if isinstance(container, ir.For) and container.var.id == var:
                return True  # conservative: a loop over the same variable
            if scan(container.body, var) is Flow.READ or _reads(
                    getattr(container, "test", None), var):
                return True
    return False
