"""`r = 0` then `r += a[k] * b[k]`: a local first bound to an int literal and later to floats.

CPython's `r` holds the int 0 until the first float is added, then a float. A translated
variable keeps one type, so the clash is refused (infer_types.py) unless holding the literal
as the float it equals computes the same in every use. That holds where every int value the
variable can take is a literal below 2**53 (exact as a float64) and every read of it is
  - an operand of `+ - * /` whose other operand is a float64 as written, not an int
    converted (int 0 + x is float(0) + x; `r * 3` of an int grows exactly past 2**53),
  - an operand of a comparison with an int or a float64 (exact both ways below 2**53),
  - the value stored into an element or section of a float64 array (NumPy converts the int),
so that the int is never seen as an int: not returned, passed, printed, cast or indexed with.
Then the variable is declared float64 and the function typed again; otherwise the clash stands.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import FLOAT64, Array, Integer, Real, Type
from transpyle.ir.visitor import children

_EXACT = 2**53


def float_accumulator(f: ir.FunctionDef, clash: tuple[str, Type, Type] | None) -> str | None:
    """The local of `clash` (name, its int type, the float64 assigned) that may be held as a
    float64 before typing, or None: only int literals and other values are assigned to it."""
    if clash is None:
        return None
    name, old, new = clash
    if not (isinstance(old, Integer) and old.kind == 8 and new == FLOAT64) \
            or any(p.name == name for p in f.params) \
            or any(d.name == name for d in (*f.locals, *f.results)):
        return None
    literal = False
    for n in _nodes(f):
        if isinstance(n, ir.BinOp) and (
                _is(n.left, name) and _int_literals(n.right)
                or _is(n.right, name) and _int_literals(n.left)):
            return None  # `r * 2`: int arithmetic in CPython (typing makes the 2 a 2.0)
        if isinstance(n, ir.For) and n.var.id == name:
            return None
        if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name) and n.target.id == name:
            v = n.value
            if isinstance(v, ir.Const) and isinstance(v.value, int) \
                    and not isinstance(v.value, bool):
                if abs(v.value) >= _EXACT:
                    return None
                literal = True
    return name if literal else None


def as_float(f: ir.FunctionDef, name: str) -> ir.FunctionDef:
    decl = ir.VarDecl(name, FLOAT64, loc=f.loc)
    return dataclasses.replace(f, locals=(*f.locals, decl))


def reads_exact(typed: ir.FunctionDef, name: str) -> bool:
    """Whether every read of `name` in the typed function is one the int literal and the float
    it equals give the same result in (the module docstring)."""
    for parent in _nodes(typed):
        for k, child in enumerate(children(parent)):
            if isinstance(child, ir.Name) and child.id == name \
                    and not _exact_use(parent, k, child):
                return False
    return True


def _exact_use(parent: ir.Node, k: int, child: ir.Name) -> bool:
    if isinstance(parent, ir.Assign):
        if k == 0:  # the target (or an index of a subscript target: not a child here)
            return parent.target is child
        t = parent.target.type
        return isinstance(parent.target, ir.Subscript) and _float64(t)
    if isinstance(parent, ir.BinOp) and parent.op in ("+", "-", "*", "/"):
        other = parent.right if k == 0 else parent.left
        return not _is(other, child.id) and _float_operand(other)
    if isinstance(parent, ir.Compare):
        other = parent.right if k == 0 else parent.left
        return not _is(other, child.id) and (
            _float_operand(other) or isinstance(other.type, Integer))
    return False


def _float_operand(e: ir.Expr) -> bool:
    """A float64 as written: not an int (a literal, a variable) converted for the operation
    (`r + 1` of an int `r` is int arithmetic in CPython, growing past 2**53)."""
    while isinstance(e, ir.UnaryOp) and e.op in "+-":
        e = e.operand
    if isinstance(e, ir.Const):
        return isinstance(e.value, float)
    if isinstance(e, ir.Cast):
        return e.type == FLOAT64 and e.value.type == FLOAT64
    return e.type == FLOAT64


def _int_literals(e: ir.Expr) -> bool:
    nodes = list(_nodes(e))
    return all(isinstance(n, ir.BinOp | ir.UnaryOp) or isinstance(n, ir.Const)
               and isinstance(n.value, int) for n in nodes)


def _is(e: ir.Expr, name: str) -> bool:
    return isinstance(e, ir.Name) and e.id == name


def _float64(t: Type | None) -> bool:
    elem = t.elem if isinstance(t, Array) else t
    return isinstance(elem, Real) and elem.kind == 8


def _nodes(node: ir.Node) -> Iterator[ir.Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(children(n))


def type_with_accumulators(f: ir.FunctionDef, run: Callable[[ir.FunctionDef], ir.FunctionDef],
                           clash_of: Callable[[], tuple[str, Type, Type] | None]
                           ) -> ir.FunctionDef:
    """`run(f)`, retried with each int-then-float local of a clash held as a float64."""
    promoted: list[str] = []
    first: TranspileError | None = None
    while True:
        try:
            out = run(f)
        except TranspileError as err:
            name = float_accumulator(f, clash_of())
            if name is None or name in promoted:
                raise (first or err) from None
            first = first or err
            promoted.append(name)
            f = as_float(f, name)
            continue
        if all(reads_exact(out, n) for n in promoted):
            return out
        assert first is not None
        raise first
