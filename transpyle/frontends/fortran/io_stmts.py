"""Fortran I/O statements -> IR: OPEN, CLOSE, INQUIRE, REWIND, BACKSPACE, ENDFILE, FLUSH
(`FileStmt`), READ and the WRITEs that `Print` cannot say (`Transfer`).

A READ's input list becomes assignments of `ReadItem`s, in `For` loops for implied DOs, so
that an item read earlier (`READ(u, *) n, (a(i), i = 1, n)`) bounds the ones after it. ERR=
and END= become a local IOSTAT variable tested after the statement (`IF (ios > 0) GOTO err`),
which the GOTO structuring passes take from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.errors import TranspileError
from transpyle.frontends.fortran.namelist import is_group
from transpyle.frontends.fortran.namelist import transfer as namelist_transfer
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Character, Integer, Logical

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering
    from transpyle.frontends.fortran.scope import Scope

_INPUTS = {
    "open": ("unit", "file", "status", "action", "position", "form", "access", "recl"),
    "close": ("unit", "status"),
    "inquire": ("unit", "file"),
    "rewind": ("unit",), "backspace": ("unit",), "endfile": ("unit",), "flush": ("unit",),
}
_OUTPUTS = {"iostat", "iomsg"}
_INQUIRED = {"exist", "opened", "number", "size", "name", "recl", "nextrec", "pos"}
# OPEN specifiers whose default value (the only one taken) changes nothing here
_DEFAULTS = {"blank": ("null",), "delim": ("none",), "pad": ("yes",),
             "encoding": ("default",), "sign": ("suppress", "processor_defined"),
             "decimal": ("point",), "round": ("processor_defined", "nearest"),
             "asynchronous": ("no", "yes")}
_INT4 = Integer(4)


class IoLowering:
    """Mixed into `StmtLowering`."""

    scope: Scope
    x: ExprLowering
    io_temps: int = 0
    runtime_fmt: ir.Expr | None = None  # a format read at run time (`format_of`)

    if TYPE_CHECKING:
        def error(self, message: str, hint: str | None = None) -> TranspileError: ...
        def loc(self) -> Any: ...
        def format_of(self, node: Any) -> str | None: ...
        def output_items(self, node: Any) -> tuple[ir.Expr, ...]: ...
        def runtime_format_spec(self) -> ir.IoSpec: ...

    # -- OPEN, CLOSE, INQUIRE, positioning
    def file_stmt(self, kind: str, specs: Any) -> list[ir.Stmt]:
        inputs: list[ir.IoSpec] = []
        outputs: list[ir.IoSpec] = []
        labels: dict[str, str] = {}
        for k, spec in enumerate(specs):
            key = str(spec.items[0]).lower() if spec.items[0] is not None else \
                ("unit" if k == 0 else "?")
            value = spec.items[1]
            if key == "err":
                labels[key] = str(value)
            elif key in _OUTPUTS or kind == "inquire" and key in _INQUIRED or \
                    kind == "open" and key == "newunit":
                outputs.append(self.io_spec(key, self.x.expr(value)))
            elif key in _INPUTS[kind]:
                inputs.append(self.io_spec(key, self.x.expr(value)))
            elif kind != "open" or key not in _DEFAULTS or \
                    str(value).strip("'\" ").lower() not in _DEFAULTS[key]:
                raise self.error(f"{kind.upper()} specifier {key.upper()}= is not supported"
                                 + (f" (other than {key.upper()}='{_DEFAULTS[key][0]}')"
                                    if kind == "open" and key in _DEFAULTS else ""))
        if kind != "inquire" and not any(s.key == "unit" for s in inputs) and \
                not any(s.key == "newunit" for s in outputs):
            raise self.error(f"{kind.upper()} without a unit")
        outputs, after = self.jumps(outputs, labels)
        return [ir.FileStmt(kind, tuple(inputs), tuple(outputs), loc=self.loc()), *after]

    def io_spec(self, key: str, value: ir.Expr) -> ir.IoSpec:
        return ir.IoSpec(key, value, loc=self.loc())

    def jumps(self, outputs: list[ir.IoSpec], labels: dict[str, str]
              ) -> tuple[list[ir.IoSpec], list[ir.Stmt]]:
        """ERR=/END=/EOR= labels: an IOSTAT variable (the statement's own, or a new local)
        tested after the statement."""
        if not labels:
            return outputs, []
        loc = self.loc()
        status = next((s.value for s in outputs if s.key == "iostat"), None)
        if status is None:
            self.io_temps += 1
            sym = self.scope.declare(f"io_status{self.io_temps}_", loc)
            sym.type = _INT4
            status = ir.Name(sym.name, type=_INT4, loc=loc)
            key = "iostat" if "err" in labels and ("end" in labels or "eor" in labels) else \
                "iostat_err" if "err" in labels else "iostat_end"
            outputs = [*outputs, self.io_spec(key, status)]
        zero = ir.Const(0, type=_INT4, loc=loc)
        after: list[ir.Stmt] = []
        for key, op in (("err", ">"), ("end", "<"), ("eor", "<")):
            if key in labels:
                test = ir.Compare(op, status, zero, type=Logical(4), loc=loc)
                after.append(ir.If(test, (ir.Goto(labels[key], loc=loc),), loc=loc))
        return outputs, after

    def s_Open_Stmt(self, node: Any) -> list[ir.Stmt]:
        return self.file_stmt("open", node.items[1].items)

    def s_Close_Stmt(self, node: Any) -> list[ir.Stmt]:
        return self.file_stmt("close", node.items[1].items)

    def s_Inquire_Stmt(self, node: Any) -> list[ir.Stmt]:
        if node.items[0] is None:
            raise self.error("INQUIRE (IOLENGTH=) is not supported")
        return self.file_stmt("inquire", node.items[0].items)

    def positioning(self, kind: str, node: Any) -> list[ir.Stmt]:
        if node.items[0] is not None:
            unit = node.items[0]
            return [ir.FileStmt(kind, (self.io_spec("unit", self.x.expr(unit)),),
                                loc=self.loc())]
        return self.file_stmt(kind, node.items[1].items)

    def s_Rewind_Stmt(self, node: Any) -> list[ir.Stmt]:
        return self.positioning("rewind", node)

    def s_Backspace_Stmt(self, node: Any) -> list[ir.Stmt]:
        return self.positioning("backspace", node)

    def s_Endfile_Stmt(self, node: Any) -> list[ir.Stmt]:
        return self.positioning("endfile", node)

    def s_Flush_Stmt(self, node: Any) -> list[ir.Stmt]:
        return self.positioning("flush", node)

    # -- READ and WRITE
    def control(self, specs: Any, what: str) -> tuple[Any, Any, dict[str, Any]]:
        """(unit, format, the other specifiers by key) of an io-control-spec list."""
        unit, fmt, other = None, None, {}
        for k, spec in enumerate(specs):
            key = str(spec.items[0]).lower() if spec.items[0] is not None else \
                ("unit", "fmt")[k] if k < 2 else "?"
            if key == "unit":
                unit = spec.items[1]
            elif key == "nml" or key == "fmt" and is_group(self.scope, spec.items[1]):
                other["nml"] = spec.items[1]
            elif key == "fmt":
                fmt = spec.items[1]
            elif key in ("iostat", "iomsg", "err", "end", "eor", "rec", "pos", "size"):
                other[key] = spec.items[1]
            elif key == "advance" and str(spec.items[1]).strip("'\"").lower() == "yes":
                continue
            elif key == "advance":  # 'NO' (or an expression: the runtime reads it)
                other[key] = spec.items[1]
            else:
                raise self.error(f"{what} specifier {spec} is not supported")
        if "advance" in other and (fmt is None or str(fmt) == "*"):
            raise self.error("ADVANCE= needs an explicit format (not list-directed, NAMELIST "
                             "or unformatted)")
        return unit, fmt, other

    def transfer_fmt(self, fmt: Any) -> str | None:
        if fmt is None:
            return None
        return "*" if str(fmt) == "*" else self.format_of(fmt)

    def transfer_unit(self, unit: Any, standard: tuple[str, ...]) -> ir.Expr | None:
        if unit is None or str(unit) in standard:
            return None
        value = self.x.expr(unit)
        t = value.type.elem if isinstance(value.type, Array) else value.type
        if not isinstance(t, Integer | Character):
            raise self.error(f"unit {unit} is not an integer or a CHARACTER variable")
        return value

    def options(self, other: dict[str, Any]) -> tuple[list[ir.IoSpec], list[ir.IoSpec],
                                                      list[ir.Stmt]]:
        specs = [self.io_spec(k, self.x.expr(other[k])) for k in ("rec", "pos", "advance")
                 if k in other]
        outputs = [self.io_spec(k, self.x.expr(other[k])) for k in ("iostat", "iomsg", "size")
                   if k in other]
        if ("size" in other or "eor" in other) and "advance" not in other:
            raise self.error("SIZE= and EOR= need ADVANCE='NO'")
        labels = {k: str(other[k]) for k in ("err", "end", "eor") if k in other}
        outputs, after = self.jumps(outputs, labels)
        return specs, outputs, after

    def s_Read_Stmt(self, node: Any) -> list[ir.Stmt]:
        if node.items[0] is None:  # READ fmt, list
            unit, fmt, other = None, node.items[1], {}
        else:
            unit, fmt, other = self.control(node.items[0].items, "READ")
        unit_expr = self.transfer_unit(unit, ("*",))
        specs, outputs, after = self.options(other)
        if "nml" in other:
            return [namelist_transfer(self.x, "read", unit_expr, other["nml"], specs, outputs,
                                      self.loc()), *after]
        items = node.items[2].items if node.items[2] is not None else ()
        body = [s for item in items for s in self.input_item(item)]
        read_fmt = self.transfer_fmt(fmt)
        if self.runtime_fmt is not None:
            specs = [*specs, self.runtime_format_spec()]
        read = ir.Transfer("read", unit_expr, read_fmt, tuple(specs),
                           tuple(outputs), tuple(body), loc=self.loc())
        return [read, *after]

    def input_item(self, node: Any) -> list[ir.Stmt]:
        loc = self.loc()
        if type(node).__name__ == "Io_Implied_Do":
            do = self.x.implied_do(node)
            assert isinstance(do, ir.ImpliedDo)
            body = [s for v in node.items[0].items for s in self.input_item(v)]
            return [ir.For(do.var, self.x.cast(do.start, _INT4), self.x.cast(do.stop, _INT4),
                           self.x.cast(do.step, _INT4), tuple(body), loc=loc)]
        target = self.x.expr(node)
        if not isinstance(target, ir.Name | ir.Subscript | ir.Field):
            raise self.error(f"cannot read into {node}")
        like = target if isinstance(target.type, Array) else None
        return [ir.Assign(target, ir.ReadItem(like, type=target.type, loc=loc), loc=loc)]

    def s_Write_Stmt(self, node: Any) -> list[ir.Stmt]:
        unit, fmt, other = self.control(node.items[0].items, "WRITE")
        unit_expr = self.transfer_unit(unit, ("*", "6"))
        if "nml" in other:
            specs, outputs, after = self.options(other)
            return [namelist_transfer(self.x, "write", unit_expr, other["nml"], specs, outputs,
                                      self.loc()), *after]
        values = self.output_items(node.items[1])
        internal = unit_expr is not None and isinstance(
            unit_expr.type.elem if isinstance(unit_expr.type, Array) else unit_expr.type,
            Character)
        text = self.transfer_fmt(fmt)
        if not other and fmt is not None and not internal and self.runtime_fmt is None:
            return [ir.Print(values, text if str(fmt) != "*" else None,
                             unit_expr, loc=self.loc())]
        if internal and not isinstance(unit_expr.type, Character) and (  # type: ignore[union-attr]
                text is None or text == "*" or getattr(unit_expr.type, "rank", 0) != 1):
            raise self.error("a list-directed WRITE to a CHARACTER array (or one of rank 2 "
                             "and up) is not supported", hint="write to one element at a time")
        specs, outputs, after = self.options(other)
        if self.runtime_fmt is not None:
            specs = [*specs, self.runtime_format_spec()]
        write = ir.Transfer("write", unit_expr, text, tuple(specs),
                            tuple(outputs), values=values, loc=self.loc())
        return [write, *after]
