"""The expression half of the Fortran emitter: literals in their kinds, operators by
Fortran's precedence, intrinsics, conversions (`FortranExprs`; fortran.py adds program units and
statements)."""

from __future__ import annotations

import struct

from transpyle.backends.base import Emitter
from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import ARRAY_CALLS, INTRINSICS
from transpyle.ir.types import (
    Array,
    Complex,
    Integer,
    Logical,
    Real,
    Type,
)
from transpyle.ir.visitor import walk

# Fortran operator precedence, loosest first
P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_UNARY, P_MUL, P_POW, P_ATOM = range(9)
_BIN = {"+": P_ADD, "-": P_ADD, "*": P_MUL, "/": P_MUL, "**": P_POW}
_LOGICAL_BITWISE = {"bitand": (".and.", P_AND), "bitor": (".or.", P_OR),
                    "bitxor": (".neqv.", P_OR - 1)}
_CMP = {"==": "==", "!=": "/=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_INT32 = 2**31 - 1


def real_literal(value: float, kind: int) -> str:
    text = repr(float(value))
    if text in ("inf", "-inf", "nan"):  # no literal: the IEEE bits, a constant expression
        return nonfinite(float(value), kind)
    if "e" not in text and "." not in text:
        text += ".0"
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}{'e' + exponent if exponent else ''}_{kind}" if kind != 8 else \
        f"{mantissa}d{exponent or '0'}"


def nonfinite(value: float, kind: int) -> str:
    """An infinity or NaN of REAL(kind) as TRANSFER of its bits (math.inf, float('nan'))."""
    if kind == 4:
        bits = int.from_bytes(struct.pack("<f", value), "little", signed=True)
        return f"transfer({bits}, 0.0)"
    bits = int.from_bytes(struct.pack("<d", value), "little", signed=True)
    return f"transfer({bits}_8, 0.0d0)"


class FortranExprs(Emitter):
    """Expressions: each visit returns (text, precedence)."""

    def __init__(self) -> None:
        self.kinded = False  # inside literal-only integer arithmetic: each literal names its kind

    def strict(self, e: ir.Expr) -> str:
        """An expression where Fortran wants the exact kind (intrinsic and call arguments)."""
        while isinstance(e, ir.Cast) and e.type == e.value.type and e.type is not None:
            e = e.value  # `int(7)`: no conversion, the literal itself names its kind
        if isinstance(e, ir.Const) and isinstance(e.type, Integer) and e.type.kind != 4:
            return f"{e.value}_{e.type.kind}"
        if isinstance(e.type, Integer) and e.type.kind != 4 and _default_value(e) is not None:
            return f"int({self.expr(e)}, {e.type.kind})"  # `3 - 1` is default-integer Fortran
        return self.expr(e)  # literal arithmetic past INTEGER(4) names its kind (visit_BinOp)

    def visit_Name(self, e: ir.Name) -> tuple[str, int]:
        return e.id, P_ATOM

    def visit_Absent(self, e: ir.Absent) -> tuple[str, int]:
        raise TranspileError(e.loc, "an OPTIONAL argument left out before a keyword argument "
                             "is not supported in Fortran output", code="E-fortran")

    def visit_Const(self, e: ir.Const) -> tuple[str, int]:
        v, t = e.value, e.type
        if isinstance(v, bool):
            return (".true." if v else ".false."), P_ATOM
        if isinstance(v, str):
            return "'" + v.replace("'", "''") + "'", P_ATOM
        if isinstance(v, complex):
            kind = t.kind // 2 if isinstance(t, Complex) else 8
            text = f"({real_literal(v.real, kind)}, {real_literal(v.imag, kind)})"
            return text, P_ATOM
        if isinstance(v, float):
            text = real_literal(v, t.kind if isinstance(t, Real) else 8)
            return text, (P_UNARY if v < 0 or text.startswith("-") else P_ATOM)
        wide = isinstance(t, Integer) and t.kind != 4 and (self.kinded or abs(v) > _INT32)
        text = f"{v}_{t.kind}" if wide else str(v)  # type: ignore[union-attr]
        return text, (P_UNARY if v < 0 else P_ATOM)

    def kinded_literals(self, e: ir.BinOp | ir.UnaryOp) -> tuple[str, int] | None:
        """Integer arithmetic of a wider kind on literals only, each literal with its kind:
        `2**62 * 4` of default integers is INTEGER(4) Fortran, overflowing where the INTEGER(8)
        value does not (and an intrinsic's arguments must agree in kind); None for the rest."""
        if self.kinded or not _literal_arithmetic(e):
            return None
        self.kinded = True
        try:
            return self.visit(e)  # type: ignore[no-any-return]
        finally:
            self.kinded = False

    def visit_BinOp(self, e: ir.BinOp) -> tuple[str, int]:
        if (kinded := self.kinded_literals(e)) is not None:
            return kinded
        lt = e.left.type.elem if isinstance(e.left.type, Array) else e.left.type
        if e.op == "//":
            a, b = self.strict(e.left), self.strict(e.right)
            if isinstance(lt, Integer):
                return f"({self.operand(e.left, P_ADD)} - modulo({a}, {b})) / " \
                       f"{self.operand(e.right, P_MUL, right=True, assoc=False)}", P_MUL
            return f"real(floor({self.operand(e.left, P_MUL)} / " \
                   f"{self.operand(e.right, P_MUL, True, False)}, 8), {lt.kind})", P_ATOM  # type: ignore[union-attr]
        if e.op == "concat":
            return f"{self.operand(e.left, P_ADD)} // {self.operand(e.right, P_ADD + 1)}", P_ADD
        if e.op in ("%", "mod"):
            name = "modulo" if e.op == "%" else "mod"
            return f"{name}({self.strict(e.left)}, {self.strict(e.right)})", P_ATOM
        prec = _BIN[e.op]
        if e.op == "**":  # right-associative
            return f"{self.operand(e.left, P_POW + 1)}**{self.operand(e.right, P_POW)}", prec
        left = self.operand(e.left, prec)
        text, right_prec = self.visit(e.right)  # once: visiting twice is exponential in depth
        # floating point: a + (b + c) is not (a + b) + c; and Fortran forbids `a * -b`
        right = f"({text})" if right_prec <= prec or right_prec == P_UNARY else text
        return f"{left} {e.op} {right}", prec

    def visit_UnaryOp(self, e: ir.UnaryOp) -> tuple[str, int]:
        if (kinded := self.kinded_literals(e)) is not None:
            return kinded
        if e.op == "not":
            return f".not. {self.operand(e.operand, P_NOT + 1)}", P_NOT
        return f"{e.op}{self.operand(e.operand, P_MUL)}", P_UNARY

    def visit_Compare(self, e: ir.Compare) -> tuple[str, int]:
        op = _CMP[e.op]
        if isinstance(e.left.type, Logical):
            op = ".eqv." if e.op == "==" else ".neqv."
            return f"{self.operand(e.left, P_NOT + 1)} {op} {self.operand(e.right, P_NOT + 1)}", \
                P_OR - 1
        return f"{self.operand(e.left, P_ADD)} {op} {self.operand(e.right, P_ADD)}", P_CMP

    def visit_BoolOp(self, e: ir.BoolOp) -> tuple[str, int]:
        prec = P_AND if e.op == "and" else P_OR
        return f" .{e.op}. ".join(self.operand(v, prec + 1) for v in e.values), prec

    def visit_Slice(self, e: ir.Slice) -> tuple[str, int]:
        text = ":".join((
            self.expr(e.lower) if e.lower is not None else "",
            self.expr(e.upper) if e.upper is not None else "",
        ))
        if e.step is not None and not (isinstance(e.step, ir.Const) and e.step.value == 1):
            text += ":" + self.expr(e.step)
        return text, P_ATOM

    def visit_Subscript(self, e: ir.Subscript) -> tuple[str, int]:
        return f"{self.expr(e.value)}({', '.join(self.expr(i) for i in e.indices)})", P_ATOM

    def visit_Call(self, e: ir.Call) -> tuple[str, int]:
        if e.func.startswith("fio.") and e.func[4:] in ARRAY_CALLS:
            return self.array_call(e), P_ATOM
        if e.func == "fio.fit_chars":  # a character component's value: Fortran fits it
            return self.visit(e.args[0])
        return f"{e.func}({', '.join(self.strict(a) for a in e.args)})", P_ATOM

    def array_call(self, e: ir.Call) -> str:
        """A transformational intrinsic of migrated code, back in Fortran: the arguments
        after the first absent one by keyword."""
        name, dummies = ARRAY_CALLS[e.func[4:]]
        args = list(e.args)
        if name == "spread" and isinstance(args[1], ir.Const) and args[1].value == 0:
            assert isinstance(args[0], ir.ArrayLiteral)  # a scalar SOURCE
            args[0], args[1] = args[0].elements[0], ir.Const(1, type=args[1].type, loc=e.loc)
        texts: list[str] = []
        keyword = False
        for dummy, a in zip(dummies, args, strict=True):
            if isinstance(a, ir.Absent):
                keyword = True
                continue
            texts.append(f"{dummy}={self.strict(a)}" if keyword else self.strict(a))
        return f"{name}({', '.join(texts)})"

    def visit_Intrinsic(self, e: ir.Intrinsic) -> tuple[str, int]:
        spec = INTRINSICS[e.name]
        args = [self.strict(a) for a in e.args]
        elem = e.type.elem if isinstance(e.type, Array) else e.type
        if e.name == "size" and len(e.args) == 2:
            axis = e.args[1]
            assert isinstance(axis, ir.Const) and isinstance(axis.value, int)
            args[1] = str(axis.value + 1)
        if e.name in ("floor", "ceil"):
            args.append(str(elem.kind))  # type: ignore[union-attr]
        if e.name in ("real", "complex"):
            args.append(f"kind={elem.kind // 2 if isinstance(elem, Complex) else elem.kind}")  # type: ignore[union-attr]
        if e.name == "size":
            return f"size({', '.join(args)}, kind=8)", P_ATOM
        if e.name in _LOGICAL_BITWISE and isinstance(elem, Logical):  # bools: & | ^
            op, prec = _LOGICAL_BITWISE[e.name]
            return f" {op} ".join(self.operand(a, prec + 1) for a in e.args), prec
        return f"{spec.fortran}({', '.join(args)})", P_ATOM

    def visit_Cast(self, e: ir.Cast) -> tuple[str, int]:
        t = e.type.elem if isinstance(e.type, Array) else e.type
        src = e.value.type.elem if isinstance(e.value.type, Array) else e.value.type
        if src == t and t is not None:  # no conversion: the value as it is
            return self.visit(e.value)  # type: ignore[no-any-return]
        v = e.value
        if isinstance(v, ir.Const) and isinstance(t, Real) and isinstance(v.value, int) \
                and not isinstance(v.value, bool) \
                and abs(v.value) < 2 ** (24 if t.kind == 4 else 53):  # exact: 1.0d0
            return self.visit(ir.Const(float(v.value), type=t, loc=v.loc))  # type: ignore[no-any-return]
        if isinstance(v, ir.Const) and isinstance(t, Real) and isinstance(v.value, float) \
                and v.value - v.value != 0.0:  # np.float32(np.inf): the kind's own bits
            return nonfinite(v.value, t.kind), P_ATOM
        inner = self.expr(e.value)
        if isinstance(src, Logical) and not isinstance(t, Logical):
            one = "1" if not isinstance(t, Integer) else f"1_{t.kind}"
            zero = "0" if not isinstance(t, Integer) else f"0_{t.kind}"
            return f"merge({one}, {zero}, {inner})", P_ATOM
        if isinstance(t, Logical) and not isinstance(src, Logical):
            return f"{self.operand(e.value, P_ADD)} /= 0", P_CMP
        converted = _converted(inner, t)
        if converted is None:
            raise TypeError(f"no Fortran conversion to {t}")
        return converted, P_ATOM

    def visit_IfExp(self, e: ir.IfExp) -> tuple[str, int]:
        t = e.type.elem if isinstance(e.type, Array) else e.type
        return f"merge({self.of_kind(e.body, t)}, {self.of_kind(e.orelse, t)}, " \
               f"{self.expr(e.test)})", P_ATOM

    def of_kind(self, e: ir.Expr, t: Type | None) -> str:
        """`e` in exactly the kind of `t` (merge wants both sources alike: `n` and `4 * 2`
        differ, the literal product being a default integer)."""
        src = e.type.elem if isinstance(e.type, Array) else e.type
        if isinstance(e, ir.Name | ir.Subscript | ir.Call | ir.Field) and src == t \
                or isinstance(e, ir.Const) and src == t and not isinstance(t, Logical):
            return self.strict(e)
        if isinstance(e, ir.BinOp | ir.UnaryOp) and src == t and _has_operand_of(e, t):
            return self.expr(e)  # arithmetic takes its widest operand's kind: t already
        inner = self.expr(e)
        return _converted(inner, t) or inner

    def visit_ArrayLiteral(self, e: ir.ArrayLiteral) -> tuple[str, int]:
        return f"[{', '.join(self.strict(x) for x in e.elements)}]", P_ATOM

    def visit_Field(self, e: ir.Field) -> tuple[str, int]:
        return f"{self.operand(e.value, P_ATOM)}%{e.name}", P_ATOM

    def visit_ImpliedDo(self, e: ir.ImpliedDo) -> tuple[str, int]:
        head = f"{e.var.id} = {self.expr(e.start)}, {self.expr(e.stop)}"
        if not (isinstance(e.step, ir.Const) and e.step.value == 1):
            head += f", {self.expr(e.step)}"
        return f"({', '.join(self.expr(v) for v in e.values)}, {head})", P_ATOM


def _converted(inner: str, t: Type | None) -> str | None:
    """The Fortran conversion of the text `inner` to the scalar type `t` (a logical from a
    logical), None for a type Fortran converts to no other way."""
    if isinstance(t, Integer):
        return f"int({inner}, {t.kind})"
    if isinstance(t, Real):
        return f"real({inner}, {t.kind})"
    if isinstance(t, Complex):
        return f"cmplx({inner}, kind={t.kind // 2})"
    if isinstance(t, Logical):
        return f"logical({inner}, {t.kind})"
    return None


def _literal_arithmetic(e: ir.Expr) -> bool:
    """Whether `e` is integer arithmetic of a kind other than 4 on literals only, whose value
    or a step of it is past the default integer's range (`2 - 1` reads as it is)."""
    return isinstance(e.type, Integer) and e.type.kind != 4 and all(
        isinstance(n, ir.Const | ir.BinOp | ir.UnaryOp) for n in walk(e)) \
        and _default_value(e) is None


def _default_value(e: ir.Expr) -> int | None:
    """The value of literal integer arithmetic `e` where each step of it is within INTEGER(4)
    (+ - * and small powers); None otherwise."""
    if isinstance(e, ir.Const):
        c = e.value
        return c if isinstance(c, int) and not isinstance(c, bool) and abs(c) <= _INT32 else None
    if isinstance(e, ir.UnaryOp) and e.op in "+-":
        v = _default_value(e.operand)
        return None if v is None else (v if e.op == "+" else -v)
    if not isinstance(e, ir.BinOp) or e.op not in ("+", "-", "*", "**"):
        return None
    a, b = _default_value(e.left), _default_value(e.right)
    if a is None or b is None or e.op == "**" and not 0 <= b <= 31:
        return None
    r = a + b if e.op == "+" else a - b if e.op == "-" else a * b if e.op == "*" else a ** b
    return r if -_INT32 - 1 <= r <= _INT32 else None


def _has_operand_of(e: ir.Expr, t: Type | None) -> bool:
    """Whether arithmetic `e` has an operand that is a variable (or call) of type `t`."""
    if isinstance(e, ir.BinOp) and e.op in _BIN:
        return _has_operand_of(e.left, t) or _has_operand_of(e.right, t)
    if isinstance(e, ir.UnaryOp) and e.op in "+-":
        return _has_operand_of(e.operand, t)
    src = e.type.elem if isinstance(e.type, Array) else e.type
    return isinstance(e, ir.Name | ir.Subscript | ir.Call | ir.Field) and src == t
