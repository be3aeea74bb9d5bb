"""Fortran execution parts -> IR statements.

Lowered into existing nodes where one fits: labelled and block DO -> `For`, DO WHILE -> `While`,
logical IF -> `If`, arithmetic IF -> an `If` chain of `Goto`s, computed GOTO -> a `Select` of
`Goto`s, FORMAT labels -> the `Print` node's format string. A `GOTO` to the CONTINUE that ends
the innermost labelled DO becomes `Continue`. Labels are kept only where a GOTO still jumps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from transpyle.errors import TranspileError
from transpyle.frontends.fortran.allocation import AllocationLowering
from transpyle.frontends.fortran.constructs import Construct, ConstructsMixin
from transpyle.frontends.fortran.decls import comment_text
from transpyle.frontends.fortran.entries import entry_label
from transpyle.frontends.fortran.exprs import ExprLowering, elem, rank
from transpyle.frontends.fortran.interfaces import (
    assignment_call,
    bind_call,
    pointer_assignment,
)
from transpyle.frontends.fortran.intrinsics import INTRINSIC_SUBROUTINES, intrinsic_call
from transpyle.frontends.fortran.io_stmts import IoLowering
from transpyle.frontends.fortran.mpi import mpi_call
from transpyle.frontends.fortran.scope import Scope
from transpyle.frontends.fortran.types import bound_arguments, freed_if_allocated
from transpyle.ir import nodes as ir
from transpyle.ir.types import Character, Integer, Logical, Procedure, Record, Void
from transpyle.ir.visitor import walk

RUNTIME_FORMAT = "(runtime)"  # Transfer.fmt where its IoSpec "fmt" holds the format

_END = ("End_Do_Stmt", "End_If_Stmt", "End_Select_Stmt", "End_Where_Stmt")
_UNSUPPORTED = {
    "Read_Stmt": "READ", "Open_Stmt": "OPEN", "Close_Stmt": "CLOSE", "Inquire_Stmt": "INQUIRE",
    "Nullify_Stmt": "NULLIFY",
    "Assign_Stmt": "ASSIGN", "Assigned_Goto_Stmt": "assigned GOTO", "Rewind_Stmt": "REWIND",
    "Backspace_Stmt": "BACKSPACE", "Endfile_Stmt": "ENDFILE", "Pause_Stmt": "PAUSE",
    "Select_Type_Construct": "SELECT TYPE",
}


@dataclasses.dataclass
class _Frame:
    """An open labelled DO while its body is read."""

    head: Any
    label: str
    body: list[ir.Stmt]


class StmtLowering(IoLowering, AllocationLowering, ConstructsMixin):  # READ, WRITE, ...: io_stmts;
    # DO CONCURRENT, FORALL, BLOCK, ASSOCIATE, named EXIT/CYCLE: constructs
    def __init__(self, scope: Scope, x: ExprLowering, formats: dict[str, str],
                 loc_of: Callable[[Any], Any]) -> None:
        self.scope = scope
        self.x = x
        self.formats = formats
        self.loc_of = loc_of
        self.constructs: list[Construct] = []  # the enclosing constructs, innermost last
        self.label_count = 0  # labels made for named EXIT and CYCLE
        self.construct_indices: dict[str, str] = {}  # FORALL index -> its local (constructs.py)
        self.entry_labels: dict[str, str] = {}  # ENTRY name -> its label (`entries`)

    def error(self, message: str, hint: str | None = None) -> TranspileError:
        return TranspileError(self.x.loc, message, hint=hint, code="E-fortran")

    # -- sequences
    def block(self, nodes: Any) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        frames: list[_Frame] = []
        for node in nodes:
            kind = type(node).__name__
            if kind in _END:
                continue
            target = frames[-1].body if frames else out
            if kind.endswith("_Construct") and type(node.content[0]).__name__ == "Comment":
                k = next(i for i, c in enumerate(node.content)
                         if type(c).__name__ != "Comment")
                for c in node.content[:k]:
                    target += self.s_Comment(c)
                node.content[:k] = []
            first = node.content[0] if kind.endswith("_Construct") and kind not in \
                ("Block_Label_Do_Construct", "Action_Term_Do_Construct") else node
            start_label = getattr(getattr(first, "item", None), "label", None)
            if start_label is not None and kind != "Format_Stmt":
                target.append(ir.Label(str(start_label), loc=self.loc_of(node)))
            if kind == "Label_Do_Stmt":
                frames.append(_Frame(node, str(node.items[1]), []))
                self.open_construct(None, loop=True)
                continue
            label = getattr(getattr(node, "item", None), "label", None)
            target += self.stmt(node)
            end_label = _label_of(node.content[-1]) if kind in (
                "If_Construct", "Case_Construct", "Where_Construct") else None
            if end_label is not None:  # `10 END IF`: a GOTO 10 jumps past the construct
                target.append(ir.Label(end_label, loc=self.loc_of(node.content[-1])))
            while frames and label is not None and frames[-1].label == str(label):
                frame = frames.pop()
                self.constructs.pop()
                if kind == "Continue_Stmt":
                    frame.body = _gotos_to_continue(frame.body, frame.label)
                loop = self.do_loop(frame.head, frame.body)
                (frames[-1].body if frames else out).append(loop)
        if frames:
            self.x.loc = self.loc_of(frames[-1].head)
            raise self.error(f"DO {frames[-1].label} has no terminal statement")
        return out

    def stmt(self, node: Any) -> list[ir.Stmt]:
        kind = type(node).__name__
        if getattr(node, "item", None) is not None:
            self.x.loc = self.loc_of(node)
        elif getattr(node, "content", None) and getattr(node.content[0], "item", None):
            self.x.loc = self.loc_of(node.content[0])  # a construct: its first statement
        method = getattr(self, "s_" + kind, None)
        if method is not None:
            return method(node)
        if kind in _UNSUPPORTED:
            raise self.error(f"{_UNSUPPORTED[kind]} is not supported")
        raise self.error(f"unsupported statement: {str(node).splitlines()[0]} ({kind})")

    def loc(self) -> Any:
        return self.x.loc

    # -- simple statements
    def s_Comment(self, node: Any) -> list[ir.Stmt]:
        text = comment_text(str(node))
        return [ir.Comment(text, loc=self.loc_of(node))] if text is not None else []

    def s_Format_Stmt(self, node: Any) -> list[ir.Stmt]:
        return []

    def s_Data_Stmt(self, node: Any) -> list[ir.Stmt]:
        return []  # initial values, read with the declarations (frontends/fortran/file.py)

    def s_Continue_Stmt(self, node: Any) -> list[ir.Stmt]:
        return []

    def s_Entry_Stmt(self, node: Any) -> list[ir.Stmt]:
        return entry_label(self.entry_labels, node, self.loc())

    def s_Pointer_Assignment_Stmt(self, node: Any) -> list[ir.Stmt]:
        return pointer_assignment(self.x, node)

    def s_Assignment_Stmt(self, node: Any) -> list[ir.Stmt]:
        target = self.x.expr(node.items[0])
        if not isinstance(target, ir.Name | ir.Subscript | ir.Field):
            raise self.error(f"cannot assign to {node.items[0]}")
        if isinstance(target.type, Procedure):
            raise self.error(f"cannot assign to procedure {node.items[0]}")
        rhs = node.items[2]
        if self.polymorphic_target(target):  # CLASS(t), ALLOCATABLE: takes the value's type
            value = self.x.expr(rhs)
            if not isinstance(value.type, Record):
                raise self.error(f"a {value.type} value assigned to the CLASS object "
                                 f"{node.items[0]}")
            static = "" if self.polymorphic_target(value) else value.type.name  # x%parent too
            kind = ir.Const(static, type=Character(len(static)), loc=self.loc())
            return [ir.CallStmt("fio.assign_polymorphic", (target, value, kind),
                                loc=self.loc())]
        if type(rhs).__name__ in ("Structure_Constructor", "Part_Ref", "Function_Reference") \
                and isinstance(target.type, Record) \
                and self.scope.has_type(str(rhs.items[0]).lower()) \
                and not self.x.generic_constructor(str(rhs.items[0]).lower(), rhs.items[1]):
            parts = self.construct(target, rhs)
            if parts is not None:
                return parts
        value = self.x.expr(rhs)
        defined = assignment_call(self.x, target, value)  # INTERFACE ASSIGNMENT(=)
        if defined is not None:
            return [defined]
        t = elem(target.type)
        if t is not None and not isinstance(t, Character):
            value = self.x.cast(value, t)
        return [ir.Assign(target, value, loc=self.loc())]

    def polymorphic_target(self, target: ir.Expr) -> bool:
        """An ALLOCATABLE CLASS(t) variable or component: intrinsic assignment gives it the
        dynamic type of the value (Fortran 2008)."""
        if isinstance(target, ir.Name):
            sym = self.scope.find(target.id)
            return sym is not None and sym.polymorphic and isinstance(sym.type, Record)
        if isinstance(target, ir.Field) and isinstance(target.value.type, Record):
            table = self.x.interfaces
            return table is not None and (target.value.type.name, target.name) in \
                table.polymorphic
        return False

    def construct(self, target: ir.Expr, rhs: Any) -> list[ir.Stmt] | None:
        """`p = point(1.0, y=2.0)`: one assignment per component (None where a value reads
        the target: the constructor's record is built first, then copied)."""
        rec = target.type
        assert isinstance(rec, Record)
        if str(rhs.items[0]).lower() != rec.name:
            raise self.error(f"type({str(rhs.items[0]).lower()}) assigned to type({rec.name})")
        fields = next(s.types[rec.name] for s in self.scope.visible() if rec.name in s.types)
        values: dict[str, Any] = {}
        for k, item in enumerate(rhs.items[1].items if rhs.items[1] is not None else ()):
            if type(item).__name__ == "Component_Spec":
                values[str(item.items[0]).lower()] = item.items[1]
            elif k < len(fields.fields):
                values[fields.fields[k].name] = item
            else:
                raise self.error(f"type({rec.name}) has {len(fields.fields)} components")
        out: list[ir.Stmt] = []
        read: set[str] = set()
        for decl in fields.fields:
            if decl.name not in values and decl.init is None:
                raise self.error(f"no value for component {decl.name} of type({rec.name})")
            value = self.x.expr(values[decl.name]) if decl.name in values else decl.init
            assert value is not None and decl.type is not None
            t = elem(decl.type)
            if t is not None and not isinstance(t, Character | Record):
                value = self.x.cast(value, t)
            field = ir.Field(target, decl.name, type=decl.type, loc=self.loc())
            out.append(ir.Assign(field, value, loc=self.loc()))
            read.update(n.id for n in walk(value) if isinstance(n, ir.Name))
        base = next(n.id for n in walk(target) if isinstance(n, ir.Name))
        if base in read:
            return None
        return out

    def s_Goto_Stmt(self, node: Any) -> list[ir.Stmt]:
        return [ir.Goto(str(node.items[0]), loc=self.loc())]

    def s_Computed_Goto_Stmt(self, node: Any) -> list[ir.Stmt]:
        labels = [str(x) for x in node.items[0].items]
        index = self.x.expr(node.items[1])
        cases = tuple(ir.Case((ir.Const(k + 1, type=index.type, loc=self.loc()),),
                              (ir.Goto(lab, loc=self.loc()),), loc=self.loc())
                      for k, lab in enumerate(labels))
        return [ir.Select(index, cases, loc=self.loc())]

    def s_Arithmetic_If_Stmt(self, node: Any) -> list[ir.Stmt]:
        value = self.x.expr(node.items[0])
        neg, zero, pos = (str(x) for x in node.items[1:4])
        loc = self.loc()
        z = self.x.cast(ir.Const(0, type=Integer(4), loc=loc), elem(value.type))  # type: ignore[arg-type]

        def test(op: str) -> ir.Expr:
            return ir.Compare(op, value, z, type=Logical(4), loc=loc)

        def goto(label: str) -> tuple[ir.Stmt, ...]:
            return (ir.Goto(label, loc=loc),)

        if neg == zero == pos:
            return list(goto(neg))
        if zero == pos:
            return [ir.If(test("<"), goto(neg), goto(zero), loc=loc)]
        if neg == zero:
            return [ir.If(test("<="), goto(neg), goto(pos), loc=loc)]
        if neg == pos:
            return [ir.If(test("=="), goto(zero), goto(neg), loc=loc)]
        return [ir.If(test("<"), goto(neg),
                      (ir.If(test("=="), goto(zero), goto(pos), loc=loc),), loc=loc)]

    def s_Stop_Stmt(self, node: Any, error: bool = False) -> list[ir.Stmt]:
        code = node.items[1]
        if code is None:
            return [ir.Stop(error=error, loc=self.loc())]
        if type(code).__name__ == "Stop_Code":
            text = str(code)
            value: ir.Expr = ir.Const(int(text), type=Integer(4), loc=self.loc()) \
                if text.isdigit() else ir.Const(text, type=Character(len(text)), loc=self.loc())
        else:
            value = self.x.expr(code)
        if rank(value.type) or not isinstance(elem(value.type), Integer | Character):
            raise self.error("a STOP code must be an INTEGER or CHARACTER scalar")
        return [ir.Stop(value, error=error, loc=self.loc())]

    def s_Error_Stop_Stmt(self, node: Any) -> list[ir.Stmt]:
        return self.s_Stop_Stmt(node, error=True)

    def s_Return_Stmt(self, node: Any) -> list[ir.Stmt]:
        if node.items[0] is not None:
            raise self.error("alternate RETURN is not supported")
        return [self.return_stmt()]

    def return_stmt(self) -> ir.Return:
        if self.scope.result is None:
            return ir.Return(loc=self.loc())
        sym = self.scope.lookup(self.scope.result, self.loc())
        return ir.Return(ir.Name(sym.name, type=sym.ir_type(), loc=self.loc()), loc=self.loc())

    def s_Exit_Stmt(self, node: Any) -> list[ir.Stmt]:
        return self.jump(node, "EXIT")

    def s_Cycle_Stmt(self, node: Any) -> list[ir.Stmt]:
        return self.jump(node, "CYCLE")

    def s_Call_Stmt(self, node: Any) -> list[ir.Stmt]:
        if type(node.items[0]).__name__ == "Procedure_Designator":  # call v%scale(2.0)
            proc, bound, dispatch = bound_arguments(self.x, node.items[0], node.items[1])
            return [ir.CallStmt(proc, bound, dispatch=dispatch, loc=self.loc())]
        name = str(node.items[0]).lower()
        if name in INTRINSIC_SUBROUTINES and name not in self.x.procs \
                and not getattr(self.scope.find(name), "external", False):
            return intrinsic_call(self.x, name, node.items[1])
        if name.startswith("mpi_") and name not in self.x.procs:
            return mpi_call(self.x, name, node.items[1])
        name, args = bind_call(self.x, name, node.items[1])
        sym = self.scope.find(name)
        if sym is not None and not sym.external:
            raise self.error(f"'{name}' is a variable, not a subroutine")
        if name in self.x.procs and not isinstance(self.x.procs[name], Void):
            raise self.error(f"function {name} is called as a subroutine")
        return [ir.CallStmt(name, args, loc=self.loc())]

    def s_Print_Stmt(self, node: Any) -> list[ir.Stmt]:
        fmt = self.format_of(node.items[0])
        values = self.output_items(node.items[1])
        if fmt == RUNTIME_FORMAT:
            return [ir.Transfer("write", None, fmt, (self.runtime_format_spec(),),
                                values=values, loc=self.loc())]
        return [ir.Print(values, fmt, loc=self.loc())]

    def runtime_format_spec(self) -> ir.IoSpec:
        spec = ir.IoSpec("fmt", self.runtime_fmt, loc=self.loc())
        self.runtime_fmt = None
        return spec

    def format_of(self, node: Any) -> str | None:
        if node is None or str(node) == "*":
            return None
        kind = type(node).__name__
        if kind == "Label" or str(node).isdigit():
            if str(node) not in self.formats:
                raise self.error(f"FORMAT {node} is not defined in this unit")
            return self.formats[str(node)]
        if kind == "Char_Literal_Constant":
            value = self.x.expr(node)
            assert isinstance(value, ir.Const) and isinstance(value.value, str)
            return value.value.strip()
        e = self.x.expr(node)
        text = self.constant_text(e)
        if text is not None:  # a named constant, or an expression of constants
            return text.strip()
        if isinstance(e.type, Character):  # a CHARACTER variable: read when the statement runs
            self.runtime_fmt = e
            return RUNTIME_FORMAT
        raise self.error(f"format {node} is not supported", hint="use a FORMAT label or a "
                         "character constant")

    def constant_text(self, e: ir.Expr) -> str | None:
        if isinstance(e, ir.Const) and isinstance(e.value, str):
            return e.value
        if isinstance(e, ir.Name):
            sym = self.scope.find(e.id)
            if sym is not None and sym.constant and sym.init is not None:
                return self.constant_text(sym.init)
        if isinstance(e, ir.BinOp) and e.op == "//":
            left, right = self.constant_text(e.left), self.constant_text(e.right)
            return left + right if left is not None and right is not None else None
        return None

    def output_items(self, node: Any) -> tuple[ir.Expr, ...]:
        if node is None:
            return ()
        return tuple(self.x.ac_value(item) for item in node.items)

    # -- constructs
    def do_loop(self, head: Any, body: list[ir.Stmt]) -> ir.Stmt:
        self.x.loc = self.loc_of(head)
        control = head.items[-1] if type(head).__name__ == "Nonlabel_Do_Stmt" else head.items[2]
        loc = self.loc()
        if control is None:
            return ir.While(ir.Const(True, type=Logical(4), loc=loc), tuple(body), loc=loc)
        if len(control.items) > 3 and control.items[3] is not None:  # DO CONCURRENT
            return self.concurrent(control.items[3], tuple(body))
        test, counter = control.items[0], control.items[1]
        if test is not None:
            return ir.While(self.x.expr(test), tuple(body), loc=loc)
        var = self.x.expr(counter[0])
        if not isinstance(var, ir.Name) or not isinstance(var.type, Integer):
            raise self.error(f"DO variable {counter[0]} must be an integer scalar")
        bounds = [self.x.cast(self.x.expr(b), var.type) for b in counter[1]]
        step = bounds[2] if len(bounds) > 2 else ir.Const(1, type=var.type, loc=loc)
        return ir.For(var, bounds[0], bounds[1], step, tuple(body), loc=loc)

    def construct_name(self, head: Any) -> str | None:
        name = getattr(head.item, "name", None) if getattr(head, "item", None) else None
        return name.lower() if name else None

    def s_Block_Nonlabel_Do_Construct(self, node: Any) -> list[ir.Stmt]:
        head = node.content[0]
        construct = self.open_construct(self.construct_name(head), loop=True)
        body = self.block(node.content[1:])
        if construct.cycle_used:
            body.append(ir.Label(construct.cycle_label, loc=self.loc_of(node.content[-1])))
        end_label = _label_of(node.content[-1])
        if end_label is not None:  # `10 END DO`: a GOTO 10 inside goes on with the next trip
            body = _gotos_to_continue(body, end_label)
            body.append(ir.Label(end_label, loc=self.loc_of(node.content[-1])))
        return self.close_construct(construct, [self.do_loop(head, body)], self.loc())

    def s_Block_Label_Do_Construct(self, node: Any) -> list[ir.Stmt]:
        return self.block(node.content)

    s_Action_Term_Do_Construct = s_Block_Label_Do_Construct

    def s_If_Stmt(self, node: Any) -> list[ir.Stmt]:
        test = self.x.expr(node.items[0])
        loc = self.loc()
        body = tuple(self.stmt(node.items[1]))
        if freed_if_allocated(test, body):  # the IR's Deallocate frees only what is allocated
            return list(body)
        return [ir.If(test, body, loc=loc)]

    def s_If_Construct(self, node: Any) -> list[ir.Stmt]:
        branches: list[tuple[ir.Expr | None, list[Any], Any]] = []
        for part in node.content:
            kind = type(part).__name__
            if kind in ("If_Then_Stmt", "Else_If_Stmt"):
                self.x.loc = self.loc_of(part)
                branches.append((self.x.expr(part.items[0]), [], self.loc()))
            elif kind == "Else_Stmt":
                branches.append((None, [], self.loc_of(part)))
            elif kind != "End_If_Stmt":
                branches[-1][1].append(part)
        orelse: tuple[ir.Stmt, ...] = ()
        for test, parts, loc in reversed(branches):
            body = tuple(self.block(parts))
            orelse = body if test is None else (ir.If(test, body, orelse, loc=loc),)
        return list(orelse)

    def s_Case_Construct(self, node: Any) -> list[ir.Stmt]:
        subject = self.x.expr(node.content[0].items[0])
        loc = self.loc_of(node.content[0])
        cases: list[tuple[tuple[ir.Expr | ir.CaseRange, ...], list[Any], Any]] = []
        for part in node.content[1:]:
            kind = type(part).__name__
            if kind == "Case_Stmt":
                self.x.loc = self.loc_of(part)
                cases.append((self.case_values(part.items[0]), [], self.loc()))
            elif kind != "End_Select_Stmt":
                if not cases:  # comments before the first CASE
                    continue
                cases[-1][1].append(part)
        return [ir.Select(subject, tuple(ir.Case(v, tuple(self.block(b)), loc=c)
                                         for v, b, c in cases), loc=loc)]

    def case_values(self, selector: Any) -> tuple[ir.Expr | ir.CaseRange, ...]:
        if selector.items[0] is None:  # DEFAULT
            return ()
        out: list[ir.Expr | ir.CaseRange] = []
        for v in selector.items[0].items:
            if type(v).__name__ == "Case_Value_Range":
                lo, hi = (self.x.expr(b) if b is not None else None for b in v.items)
                out.append(ir.CaseRange(lo, hi, loc=self.loc()))
            else:
                out.append(self.x.expr(v))
        return tuple(out)

    def s_Where_Stmt(self, node: Any) -> list[ir.Stmt]:
        test = self.x.expr(node.items[0])
        return [ir.Where(test, tuple(self.stmt(node.items[1])), loc=self.loc())]

    def s_Where_Construct(self, node: Any) -> list[ir.Stmt]:
        branches: list[tuple[ir.Expr | None, list[Any], Any]] = []
        for part in node.content:
            kind = type(part).__name__
            if kind in ("Where_Construct_Stmt", "Masked_Elsewhere_Stmt"):
                self.x.loc = self.loc_of(part)
                branches.append((self.x.expr(part.items[0]), [], self.loc()))
            elif kind == "Elsewhere_Stmt":
                branches.append((None, [], self.loc_of(part)))
            elif kind != "End_Where_Stmt":
                branches[-1][1].append(part)
        orelse: tuple[ir.Stmt, ...] = ()
        for test, parts, loc in reversed(branches):
            body = tuple(self.block(parts))
            orelse = body if test is None else (ir.Where(test, body, orelse, loc=loc),)
        return list(orelse)


def _label_of(node: Any) -> str | None:
    label = getattr(getattr(node, "item", None), "label", None)
    return str(label) if label is not None else None


def _gotos_to_continue(body: list[ir.Stmt], label: str) -> list[ir.Stmt]:
    """GOTO `label` (the loop's terminal CONTINUE) -> Continue, outside nested loops."""
    out: list[ir.Stmt] = []
    for s in body:
        if isinstance(s, ir.Goto) and s.label == label:
            s = ir.Continue(loc=s.loc)
        elif isinstance(s, ir.If | ir.Where):
            s = dataclasses.replace(s, body=tuple(_gotos_to_continue(list(s.body), label)),
                                    orelse=tuple(_gotos_to_continue(list(s.orelse), label)))
        elif isinstance(s, ir.Select):
            s = dataclasses.replace(s, cases=tuple(
                dataclasses.replace(c, body=tuple(_gotos_to_continue(list(c.body), label)))
                for c in s.cases))
        out.append(s)
    return out
