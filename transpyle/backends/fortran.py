"""Fortran backend: typed, Fortran-layout IR -> free-form Fortran 2008.

One module per IR module, `implicit none`, explicit intents, functions for scalar results and
subroutines otherwise, comments carried over. Locals get no initialiser (that would imply SAVE).
This module writes program units and statements; fortran_exprs.py writes expressions.
"""

from __future__ import annotations

from transpyle.backends import fortran_blas
from transpyle.backends.fortran_exprs import P_ADD, P_MUL, FortranExprs
from transpyle.backends.fortran_lines import wrap_line
from transpyle.backends.python_internal import internals_by_host
from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
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


class FortranEmitter(FortranExprs):
    def __init__(self) -> None:
        super().__init__()
        self.result_name: str | None = None
        self.result_type: Type | None = None

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


def emit_fortran(module: ir.Module) -> str:
    lines = FortranEmitter().visit(module)
    return "\n".join(part for line in lines for part in wrap_line(line))
