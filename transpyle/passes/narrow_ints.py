"""Arithmetic of int8 and int16 values wraps at their width, as NumPy's does.

NumPy computes `x[i] * 3` with an int8 `x` in int8 (NEP 50: the Python int takes the array's
kind): 127 * 3 is 125. Fortran computes INTEGER(1) with a default-integer literal in INTEGER(4)
(381), and INTEGER(1) with INTEGER(1) in a type whose overflow gfortran's optimiser may assume
away. So each `+ - * **` and negation whose type is INTEGER(1) or INTEGER(2) is computed in
INTEGER(4), where it cannot overflow (`**` can for int16: it wraps there as the hardware does,
as the documented int64 row says), and converted back to its kind, which gfortran does modulo
2**8 or 2**16; a chain of sums is converted once, at its end (the same value modulo 2**8).
Python-origin functions only: migrated Fortran keeps Fortran's own rules.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Integer, Type
from transpyle.ir.visitor import Transformer

_WRAPPING = frozenset(("+", "-", "*", "**"))
_WIDE = Integer(4)


def narrow_ints(module: ir.Module) -> ir.Module:
    body = tuple(_Widen().visit(f) if isinstance(f, ir.FunctionDef) and f.kind is None else f
                 for f in module.body)
    return dataclasses.replace(module, body=body)


def _narrow(t: Type | None) -> Integer | None:
    elem = t.elem if isinstance(t, Array) else t
    return elem if isinstance(elem, Integer) and elem.kind in (1, 2) else None


def _with_elem(t: Type, elem: Type) -> Type:
    return dataclasses.replace(t, elem=elem) if isinstance(t, Array) else elem  # type: ignore[arg-type]


class _Widen(Transformer):
    def visit_BinOp(self, e: ir.BinOp) -> Any:
        e = self.rebuild(e)
        narrow = _narrow(e.type)
        if narrow is None or e.op not in _WRAPPING:
            return e
        assert e.type is not None
        wide = ir.BinOp(e.op, _widened(e.left), _widened(e.right),
                        type=_with_elem(e.type, _WIDE), loc=e.loc)
        return ir.Cast(wide, type=e.type, loc=e.loc)

    def visit_UnaryOp(self, e: ir.UnaryOp) -> Any:
        e = self.rebuild(e)
        if _narrow(e.type) is None or e.op != "-":
            return e
        assert e.type is not None
        wide = ir.UnaryOp("-", _widened(e.operand), type=_with_elem(e.type, _WIDE), loc=e.loc)
        return ir.Cast(wide, type=e.type, loc=e.loc)


def _widened(e: ir.Expr) -> ir.Expr:
    if _narrow(e.type) is None:
        return e
    assert e.type is not None
    if isinstance(e, ir.Const):
        return dataclasses.replace(e, type=_WIDE)
    if isinstance(e, ir.Cast) and e.value.type == _with_elem(e.type, _WIDE) and (
            isinstance(e.value, ir.BinOp) and e.value.op in "+-"
            or isinstance(e.value, ir.UnaryOp)):
        # a sum just made: wrapped once at the end, the value modulo 2**8 is the same, and a
        # chain of sums stays far inside INTEGER(4) (a product is wrapped at once)
        return e.value
    return ir.Cast(e, type=_with_elem(e.type, _WIDE), loc=e.loc)
