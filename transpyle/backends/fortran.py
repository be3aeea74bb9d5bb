"""Fortran backend: typed, Fortran-layout IR -> free-form Fortran 2008.

One module per IR module, `implicit none`, explicit intents, functions for scalar results and
subroutines otherwise, comments carried over. Locals get no initialiser (that would imply SAVE).
"""

from __future__ import annotations

import struct

from transpyle.backends import fortran_blas
from transpyle.backends.base import Emitter
from transpyle.backends.fortran_lines import wrap_line
from transpyle.backends.python_internal import internals_by_host
from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import ARRAY_CALLS, INTRINSICS
from transpyle.ir.types import (
    Array,
    Character,
    Complex,
    Integer,
    Logical,
    Procedure,
    Real,
    Record,
    Type,
    Void,
)
from transpyle.ir.visitor import walk
from transpyle.passes.raises import STATUS

# Fortran operator precedence, loosest first
P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_UNARY, P_MUL, P_POW, P_ATOM = range(9)
_BIN = {"+": P_ADD, "-": P_ADD, "*": P_MUL, "/": P_MUL, "**": P_POW}
_LOGICAL_BITWISE = {"bitand": (".and.", P_AND), "bitor": (".or.", P_OR),
                    "bitxor": (".neqv.", P_OR - 1)}
_CMP = {"==": "==", "!=": "/=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_INT32 = 2**31 - 1
_ZERO = (Integer, Real, Complex, Logical)  # result types a function leaving early sets to zero


def type_spec(t: Type) -> str:
    if isinstance(t, Array):
        return type_spec(t.elem)
    if isinstance(t, Integer):
        return f"integer({t.kind})"
    if isinstance(t, Real):
        return f"real({t.kind})"
    if isinstance(t, Complex):
        return f"complex({t.kind // 2})"
    if isinstance(t, Logical):
        return f"logical({t.kind})"
    if isinstance(t, Character):
        return f"character(len={t.length if t.length is not None else '*'})"
    if isinstance(t, Record):
        return f"type({t.name})"
    raise TypeError(f"no Fortran type for {t}")


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


class FortranEmitter(Emitter):
    def __init__(self) -> None:
        self.result_name: str | None = None
        self.result_type: Type | None = None
        self.kinded = False  # inside literal-only integer arithmetic: each literal names its kind

    # -- program units
    def visit_Module(self, m: ir.Module) -> list[str]:
        lines = [f"module {m.name}", *(f"  use {u}" for u in m.uses), "  implicit none"]
        for t in m.types:
            lines += ["  " + x for x in self.visit(t)]
        for d in m.decls:
            lines.append("  " + self.declaration(d))
        lines.append("contains")
        programs = [f for f in m.body if isinstance(f, ir.FunctionDef)
                    and f.kind in ("program", "blockdata")]
        hosted = internals_by_host([f for f in m.body if isinstance(f, ir.FunctionDef)])
        for inner in (g for group in hosted.values() for g in group):
            raise TranspileError(inner.loc, f"{inner.name} uses variables of its host "
                                 f"{inner.host} (host association): not supported in "
                                 "Fortran output", code="E-fortran")
        for item in m.body:
            if item in programs:
                continue
            lines.append("")
            lines += self.block((item,)) if isinstance(item, ir.Comment) else \
                ["  " + x if x else x for x in self.visit(item)]
        lines += ["", f"end module {m.name}", ""]
        for p in programs:
            lines += self.program(p, m.name) + [""]
        return lines + fortran_blas.helpers(lines)

    def visit_TypeDef(self, t: ir.TypeDef) -> list[str]:
        return [f"type :: {t.name}", *("  " + self.declaration(d) for d in t.fields),
                f"end type {t.name}"]

    def program(self, f: ir.FunctionDef, module: str) -> list[str]:
        unit = "block data" if f.kind == "blockdata" else "program"
        lines = [f"{unit} {f.name}", f"  use {module}", "  implicit none"]
        lines += ["  " + self.declaration(d) for d in f.locals]
        lines += self.commons(f.locals)
        lines += self.block(f.body)
        return lines + [f"end {unit} {f.name}"]

    def commons(self, decls: tuple[ir.VarDecl, ...]) -> list[str]:
        blocks: dict[str, list[str]] = {}
        for d in decls:
            if d.equivalence is not None:
                raise TranspileError(d.loc, f"'{d.name}' is EQUIVALENCEd: the Fortran backend "
                                     "does not write EQUIVALENCE", code="E-unsupported")
            if d.common is not None:
                blocks.setdefault(d.common, []).append(d.name)
        return [f"  common /{b}/ {', '.join(names)}" for b, names in blocks.items()]

    def visit_FunctionDef(self, f: ir.FunctionDef) -> list[str]:
        is_function = f.returns is not None and not isinstance(f.returns, Void)
        kind = "function" if is_function else "subroutine"
        prefix = "recursive " if f.recursive else "elemental " if f.elemental else ""
        args = ", ".join(p.name for p in f.params)
        head = f"{prefix}{kind} {f.name}({args})"
        taken = {p.name for p in f.params} | {d.name for d in f.locals} | {f.name}
        self.result_name = None
        self.result_type = f.returns if is_function else None
        result_local = self.result_local(f) if is_function else None
        if result_local is not None:
            self.result_name = result_local
            head += f" result({self.result_name})"
        elif is_function:
            self.result_name = "res" if "res" not in taken else f"{f.name}_res"
            head += f" result({self.result_name})"
        lines = [head]
        # extents first: they are used in the other declarations
        # named constants, then extents: they are used in the other declarations
        lines += ["  " + self.declaration(d) for d in f.locals if d.constant]
        params = sorted(f.params, key=lambda p: isinstance(p.type, Array))
        lines += ["  " + self.declaration(p) for p in params]
        if is_function and result_local is None:
            assert f.returns is not None
            lines.append(f"  {type_spec(f.returns)} :: {self.result_name}")
        lines += ["  " + self.declaration(d) for d in f.locals if not d.constant]
        lines += self.commons(f.locals)
        body = list(f.body)
        if body and isinstance(body[-1], ir.Return) and body[-1].value is None:
            body.pop()
        if f.params or f.locals or is_function:
            lines.append("")
        if f.doc:  # where the Fortran frontend reads a comment back: the body's first lines
            lines += ["  ! " + line.strip() if line.strip() else "  !"
                      for line in f.doc.strip().splitlines()]
        lines += self.block(body)
        if lines[-1].strip() == "return" and is_function:
            lines.pop()
        lines.append(f"end {kind} {f.name}")
        return lines

    @staticmethod
    def result_local(f: ir.FunctionDef) -> str | None:
        """The local a Fortran-origin function returns at every RETURN, if there is one: it
        is the result variable again."""
        if f.kind != "function":
            return None
        names = {r.value.id if isinstance(r.value, ir.Name) else None
                 for r in walk(f) if isinstance(r, ir.Return)}
        name = names.pop() if len(names) == 1 else None
        local = next((d for d in f.locals if d.name == name), None)
        if local is None or local.saved or local.constant or local.common is not None:
            return None
        return name

    def declaration(self, d: ir.VarDecl) -> str:
        assert d.type is not None
        if isinstance(d.type, Procedure):
            ret = d.type.returns
            return (f"{type_spec(ret)}, external :: {d.name}"
                    if ret is not None and not isinstance(ret, Void) else f"external :: {d.name}")
        attrs = [type_spec(d.type)]
        if d.constant:
            attrs.append("parameter")
        if d.intent:
            attrs.append(f"intent({d.intent})")
        if d.value:
            attrs.append("value")
        if d.optional:
            attrs.append("optional")
        if d.allocatable:
            attrs.append("allocatable")
        if d.saved:
            attrs.append("save")
        text = f"{', '.join(attrs)} :: {d.name}"
        if isinstance(d.type, Array):
            if d.shape is None or d.allocatable:
                rank = d.type.rank or 0
                lows = d.type.lower if d.shape is None and d.type.lower else (1,) * rank
                text += "(" + ", ".join(f"{lo}:" if lo != 1 and not d.allocatable else ":"
                                        for lo in lows) + ")"
            else:
                text += "(" + ", ".join(self.dim(x) for x in d.shape) + ")"
        if d.init is not None:
            init = self.expr(d.init)
            if isinstance(d.init, ir.ArrayLiteral) and isinstance(d.type, Array) \
                    and (d.type.rank or 0) > 1 and d.shape:
                init = f"reshape({init}, [{', '.join(self.extent(x) for x in d.shape)}])"
            text += " = " + init
        return text

    def extent(self, d: ir.Dim) -> str:
        assert d.upper is not None
        if d.lower is None or (isinstance(d.lower, ir.Const) and d.lower.value == 1):
            return self.expr(d.upper)
        return f"{self.operand(d.upper, P_ADD)} - {self.operand(d.lower, P_MUL)} + 1"

    def dim(self, d: ir.Dim) -> str:
        upper = self.expr(d.upper) if d.upper is not None else "*"
        if d.lower is None or (isinstance(d.lower, ir.Const) and d.lower.value == 1):
            return upper
        return f"{self.expr(d.lower)}:{upper}"

    # -- statements
    def visit_Comment(self, s: ir.Comment) -> list[str]:
        if s.text.startswith("$omp "):  # a directive read back from Fortran as a comment
            return [f"!{s.text}"]
        return [f"! {s.text}".rstrip()]

    def visit_Pragma(self, s: ir.Pragma) -> list[str]:
        return [f"!${s.text}"]  # "!$omp ...": a directive under -fopenmp, a comment without

    def visit_Assign(self, s: ir.Assign) -> list[str]:
        value = s.value
        if isinstance(value, ir.Intrinsic) and value.name == "copy":
            value = value.args[0]  # an assignment evaluates its right side first: a copy
        return [f"{self.expr(s.target)} = {self.expr(value)}"]

    def visit_For(self, s: ir.For) -> list[str]:
        head = f"do {s.var.id} = {self.expr(s.start)}, {self.expr(s.stop)}"
        if not (isinstance(s.step, ir.Const) and s.step.value == 1):
            head += f", {self.expr(s.step)}"
        return [head, *self.block(s.body), "end do"]

    def visit_While(self, s: ir.While) -> list[str]:
        return [f"do while ({self.expr(s.test)})", *self.block(s.body), "end do"]

    def visit_If(self, s: ir.If) -> list[str]:
        lines = [f"if ({self.expr(s.test)}) then", *self.block(s.body)]
        orelse = s.orelse
        while len(orelse) == 1 and isinstance(orelse[0], ir.If):
            lines += [f"else if ({self.expr(orelse[0].test)}) then", *self.block(orelse[0].body)]
            orelse = orelse[0].orelse
        if orelse:
            lines += ["else", *self.block(orelse)]
        return lines + ["end if"]

    def visit_Where(self, s: ir.Where) -> list[str]:
        lines = [f"where ({self.expr(s.test)})", *self.block(s.body)]
        orelse = s.orelse
        while len(orelse) == 1 and isinstance(orelse[0], ir.Where):
            lines += [f"elsewhere ({self.expr(orelse[0].test)})", *self.block(orelse[0].body)]
            orelse = orelse[0].orelse
        if orelse:
            lines += ["elsewhere", *self.block(orelse)]
        return lines + ["end where"]

    def visit_Select(self, s: ir.Select) -> list[str]:
        lines = [f"select case ({self.expr(s.subject)})"]
        for case in s.cases:
            if not case.values:
                lines.append("case default")
            else:
                lines.append(f"case ({', '.join(self.case_value(v) for v in case.values)})")
            lines += self.block(case.body)
        return lines + ["end select"]

    def case_value(self, v: ir.Expr | ir.CaseRange) -> str:
        if isinstance(v, ir.CaseRange):
            lo = self.expr(v.lower) if v.lower is not None else ""
            hi = self.expr(v.upper) if v.upper is not None else ""
            return f"{lo}:{hi}"
        return self.expr(v)

    def visit_Return(self, s: ir.Return) -> list[str]:
        if s.value is None or (isinstance(s.value, ir.Name) and s.value.id == self.result_name):
            return ["return"]
        return [f"{self.result_name} = {self.expr(s.value)}", "return"]

    def visit_CallStmt(self, s: ir.CallStmt) -> list[str]:
        return [f"call {s.func}({', '.join(self.strict(a) for a in s.args)})"]

    def visit_Break(self, s: ir.Break) -> list[str]:
        return ["exit"]

    def visit_Continue(self, s: ir.Continue) -> list[str]:
        return ["cycle"]

    def visit_Label(self, s: ir.Label) -> list[str]:
        return [f"{s.label} continue"]

    def visit_Goto(self, s: ir.Goto) -> list[str]:
        return [f"go to {s.label}"]

    def visit_Allocate(self, s: ir.Allocate) -> list[str]:
        what = self.expr(s.target) if s.target is not None else s.name
        stat = f", stat={self.expr(s.stat)}" if s.stat is not None else ""
        return [f"allocate({what}({', '.join(self.dim(d) for d in s.shape)}){stat})"]

    def visit_Deallocate(self, s: ir.Deallocate) -> list[str]:
        what = self.expr(s.target) if s.target is not None else s.name
        return [f"if (allocated({what})) deallocate({what})"]

    def visit_Print(self, s: ir.Print) -> list[str]:
        fmt = "*" if s.fmt is None else "'" + s.fmt.replace("'", "''") + "'"
        values = ", ".join(self.expr(v) for v in s.values)
        if s.unit is not None:
            return [f"write ({self.expr(s.unit)}, {fmt}) {values}".rstrip()]
        return [f"print {fmt}" + (f", {values}" if values else "")]

    def visit_FileStmt(self, s: ir.FileStmt) -> list[str]:
        raise TranspileError(s.loc, f"{s.kind.upper()} is not supported in compiled code",
                             hint="keep file I/O in Python", code="E-unsupported")

    def visit_Transfer(self, s: ir.Transfer) -> list[str]:
        raise TranspileError(s.loc, f"{s.kind.upper()} with a file, a record or IOSTAT= is "
                             "not supported in compiled code", hint="keep file I/O in Python",
                             code="E-unsupported")

    def visit_ReadItem(self, e: ir.ReadItem) -> tuple[str, int]:
        raise TranspileError(e.loc, "READ is not supported in compiled code",
                             code="E-unsupported")

    def visit_Stop(self, s: ir.Stop) -> list[str]:
        word = "error stop" if s.error else "stop"
        return [word + (f" {self.expr(s.code)}" if s.code is not None else "")]

    def visit_Raise(self, s: ir.Raise) -> list[str]:
        # the first failure reported wins: operands of one statement may fail in any order,
        # and threads of a parallel loop at the same time (the critical section)
        sets = [f"{STATUS}({k}) = " + (self.expr(a) if a.type == Integer(8)
                                         else f"int({self.expr(a)}, 8)")
                for k, a in enumerate(s.args, 2)]
        sets.append(f"{STATUS}(1) = {s.site}")
        # a function leaving early still defines its result (the caller ignores it)
        result = [f"{self.result_name} = {self.zero()}"] \
            if s.leave == "return" and isinstance(self.result_type, _ZERO) else []
        return [f"!$omp critical ({STATUS})", f"if ({STATUS}(1) == 0) then",
                *(self.indent_unit + x for x in sets), "end if", f"!$omp end critical ({STATUS})",
                *result, s.leave]

    def zero(self) -> str:
        """The zero of the function's result type, as a literal of its kind."""
        t = self.result_type
        if isinstance(t, Logical):
            return ".false."
        value = 0.0 if isinstance(t, Real) else 0j if isinstance(t, Complex) else 0
        return self.expr(ir.Const(value, type=t, loc=None))  # type: ignore[arg-type]

    def visit_Propagate(self, s: ir.Propagate) -> list[str]:
        if s.leave == "return" and isinstance(self.result_type, _ZERO):  # define the result
            return [f"if ({STATUS}(1) /= 0) then",
                    f"{self.indent_unit}{self.result_name} = {self.zero()}",
                    f"{self.indent_unit}return", "end if"]
        # the block form: the Fortran frontend reads it back as it is written (a fixed point)
        return [f"if ({STATUS}(1) /= 0) then", self.indent_unit + s.leave, "end if"]

    # -- expressions
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


def _literal_only(e: ir.Expr) -> bool:
    """Whether `e` is integer arithmetic of a kind other than 4 on literals only."""
    return isinstance(e.type, Integer) and e.type.kind != 4 and all(
        isinstance(n, ir.Const | ir.BinOp | ir.UnaryOp) for n in walk(e))


def _literal_arithmetic(e: ir.Expr) -> bool:
    """Whether `e` is integer arithmetic of a kind other than 4 on literals only, whose value
    or a step of it is past the default integer's range (`2 - 1` reads as it is)."""
    return _literal_only(e) and _default_value(e) is None


def _default_value(e: ir.Expr) -> int | None:
    """The value of literal integer arithmetic `e` where each step of it is within INTEGER(4)
    (+ - * and small powers); None otherwise."""
    if isinstance(e, ir.Const):
        v = e.value
        return v if isinstance(v, int) and not isinstance(v, bool) and abs(v) <= _INT32 else None
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


def emit_fortran(module: ir.Module) -> str:
    lines = FortranEmitter().visit(module)
    return "\n".join(part for line in lines for part in wrap_line(line))
