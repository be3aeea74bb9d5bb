"""Python frontend: expressions (operators, comparisons, constants) and the calls and
subscripts of the function lowering that need the module's signatures.

A mixin of FunctionLowering (function.py); calls.py holds the intrinsics and NumPy makers.
"""

from __future__ import annotations

import ast
import cmath
from types import EllipsisType
from typing import TYPE_CHECKING, Any

from transpyle import messages as msg
from transpyle.errors import TranspileError
from transpyle.frontends.python.args import positional
from transpyle.frontends.python.operators import BITWISE, OPERATOR_TEXT, operator_loc
from transpyle.ir import nodes as ir

BINOPS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**",
}
_CMPOPS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not",  # typed by passes/identity.py
}

if TYPE_CHECKING:
    from transpyle.frontends.python.calls import CallLowering as _Base
else:
    _Base = object  # a mixin: CallLowering comes after it in FunctionLowering's order


class ExpressionLowering(_Base):
    """Mixin: expects `m` (the module lowering), `functions`, `canonical`, `attribute`,
    `loc`, `error`, `unsupported`, and CallLowering after it (super().call)."""

    m: Any
    functions: set[str]


    def call(self, e: ast.Call) -> ir.Expr:
        """Keywords and defaults of a call between module functions become positional."""
        name = self.canonical(e.func)
        if name in self.functions and name in self.m.signatures:
            params = self.m.signatures[name]
            if e.keywords or len(e.args) != len(params.args):
                e = positional(e, name, params,
                               lambda node, text: self.error(node, text, code="E-call"))
        return super().call(e)

    def subscript(self, e: ast.Subscript) -> ir.Expr:
        """`a[...]`: the whole array (the typing pads the missing indices with slices)."""
        if isinstance(e.slice, ast.Constant) and e.slice.value is Ellipsis \
                and isinstance(e.value, ast.Name):
            return ir.Subscript(ir.Name(e.value.id, loc=self.loc(e.value)), (), loc=self.loc(e))
        return super().subscript(e)

    # -- expressions
    def expr(self, e: ast.expr) -> ir.Expr:
        loc = self.loc(e)
        if isinstance(e, ast.Constant):
            if e.value is None or isinstance(e.value, bytes | EllipsisType):
                raise self.unsupported(e, f"the constant {e.value!r}")
            if isinstance(e.value, float | complex) and not cmath.isfinite(e.value):
                raise self.error(e, f"the literal {ast.get_source_segment(self.m.source, e)} "
                                 "overflows to infinity", "write math.inf if it is meant",
                                 code="E-range")
            return ir.Const(e.value, loc=loc)
        if isinstance(e, ast.Name):
            return ir.Name(e.id, loc=loc)
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.MatMult):
            return ir.Intrinsic("matmul", (self.expr(e.left), self.expr(e.right)), loc=loc)
        if isinstance(e, ast.BinOp):
            op = BINOPS.get(type(e.op))
            if op is None and type(e.op) in BITWISE:
                return ir.Intrinsic(BITWISE[type(e.op)], (self.expr(e.left),
                                                          self.expr(e.right)), loc=loc)
            if op is None:
                raise self.bad_operator(e, e.left, e.right, e.op)
            return ir.BinOp(op, self.expr(e.left), self.expr(e.right), loc=loc)
        if isinstance(e, ast.UnaryOp):
            ops = {ast.USub: "-", ast.UAdd: "+", ast.Not: "not"}
            if isinstance(e.op, ast.Invert):
                return ir.Intrinsic("bitnot", (self.expr(e.operand),), loc=loc)
            operand = self.expr(e.operand)
            if ops[type(e.op)] == "-" and isinstance(operand, ir.Const) \
                    and not isinstance(operand.value, bool | str):
                return ir.Const(-operand.value, loc=loc)  # type: ignore[operator]
            return ir.UnaryOp(ops[type(e.op)], operand, loc=loc)
        if isinstance(e, ast.BoolOp):
            return ir.BoolOp("and" if isinstance(e.op, ast.And) else "or",
                             tuple(self.expr(v) for v in e.values), loc=loc)
        if isinstance(e, ast.Compare):
            return self.compare(e)
        if isinstance(e, ast.IfExp):
            return ir.IfExp(self.expr(e.test), self.expr(e.body), self.expr(e.orelse), loc=loc)
        if isinstance(e, ast.Call):
            return self.call(e)
        if isinstance(e, ast.Subscript):
            return self.subscript(e)
        if isinstance(e, ast.Attribute):
            return self.attribute(e)
        if isinstance(e, ast.Tuple):
            raise self.unsupported(e, "a tuple value")
        raise self.unsupported(e)

    def bad_operator(self, node: ast.AST, left: ast.AST, right: ast.AST, op: ast.operator,
                     suffix: str = "") -> TranspileError:
        """An operator without a translation, named and located as written."""
        text = OPERATOR_TEXT.get(type(op), type(op).__name__)
        loc = operator_loc(self.m.source, self.m.filename, left, right, text + suffix)
        return TranspileError(loc or self.loc(node),
                              msg.UNSUPPORTED.format(what=f"operator '{text}{suffix}'"),
                              code="E-unsupported", source=self.m.source)

    def compare(self, e: ast.Compare) -> ir.Expr:
        parts: list[ir.Expr] = []
        left = self.expr(e.left)
        for op, comp in zip(e.ops, e.comparators, strict=True):
            if type(op) not in _CMPOPS:
                raise self.unsupported(e, f"comparison '{type(op).__name__.lower()}'")
            right = self.expr(comp)
            parts.append(ir.Compare(_CMPOPS[type(op)], left, right, loc=self.loc(e)))
            left = right
        return parts[0] if len(parts) == 1 else ir.BoolOp("and", tuple(parts), loc=self.loc(e))

