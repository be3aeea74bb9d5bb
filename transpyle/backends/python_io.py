"""Python backend, Fortran I/O statements (`FileStmt`, `Transfer`, `ReadItem`): calls of
`transpyle.runtime.fortran_io` (`fio`). A READ is a reader and one line per item:

    _r = fio.read_start(10, '*')
    n = _r.item('i4')
    for i in range(1, n + 1):
        a[i - 1] = _r.item('f8')
    _r.finish()

IOSTAT=/IOMSG= wrap the statement in `try`/`except fio.IoError`; without them an error stops
the program (the runtime's `IoError` is a `SystemExit` with gfortran's message).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.backends.python_exprs import P_ATOM
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Character, Complex, Integer, Logical, Real

_STATUS = Integer(4)


def item_code(t: Any) -> str:
    """The runtime's name of an input item's type: 'i4', 'f8', 'c16', 'l4', 'a10'."""
    t = t.elem if isinstance(t, Array) else t
    if isinstance(t, Character):
        return f"a{t.length or 0}"
    letter = {Integer: "i", Real: "f", Complex: "c", Logical: "l"}.get(type(t))
    if letter is None:
        raise TypeError(f"cannot read an item of type {t}")
    return f"{letter}{t.kind}"  # type: ignore[union-attr]


class IoMixin:
    imports: set[str]
    counter: int

    if TYPE_CHECKING:
        def expr(self, e: ir.Expr) -> str: ...
        def visit(self, node: Any) -> Any: ...
        def block(self, stmts: tuple[ir.Stmt, ...] | list[ir.Stmt]) -> list[str]: ...
        def print_values(self, values: tuple[ir.Expr, ...]) -> str: ...
        def type_of(self, e: ir.Expr) -> Any: ...

    def set_var(self, target: ir.Expr, value: str, t: Any) -> list[str]:
        """`target = value` as an assignment of the target's type says it."""
        result: list[str] = self.visit(ir.Assign(target, ir.Name(value, type=t,
                                                                 loc=target.loc),
                                                 loc=target.loc))
        return result

    def guarded(self, lines: list[str], outputs: tuple[ir.IoSpec, ...]) -> list[str]:
        """The statement's lines, with IOSTAT=/IOMSG= set from what happens in them."""
        status = [o for o in outputs if o.key.startswith("iostat") or o.key == "iomsg"]
        if not status:
            return lines
        self.counter += 1
        e = f"_e{self.counter}"
        ok: list[str] = []
        failed: list[str] = []
        for o in status:
            if o.key == "iomsg":
                failed += self.set_var(o.value, f"{e}.iomsg", Character(None))
                continue
            ok += self.set_var(o.value, "0", _STATUS)
            if o.key == "iostat_end":
                failed.append(f"if {e}.iostat > 0:")
                failed.append("    raise")
            elif o.key == "iostat_err":
                failed.append(f"if {e}.iostat < 0:")
                failed.append("    raise")
            failed += self.set_var(o.value, f"{e}.iostat", _STATUS)
        return ["try:", *("    " + x for x in lines + ok), f"except fio.IoError as {e}:",
                *("    " + x for x in failed)]

    def visit_FileStmt(self, s: ir.FileStmt) -> list[str]:
        self.imports.add("fio")
        specs = {o.key: o for o in s.specs}
        args = [self.expr(specs.pop("unit").value)] if "unit" in specs and \
            s.kind != "inquire" else ["None"] if s.kind == "open" else []
        args += [f"{k}={self.expr(o.value)}" for k, o in specs.items()]
        name = {"open": "open_unit"}.get(s.kind, s.kind)
        call = f"fio.{name}({', '.join(args)})"
        answers = [o for o in s.outputs if not o.key.startswith("iostat") and o.key != "iomsg"]
        if not answers:
            return self.guarded([call], s.outputs)
        self.counter += 1
        q = f"_q{self.counter}"
        lines = [f"{q} = {call}"]
        for o in answers:
            t = self.type_of(o.value)
            text = f"{q}.{o.key}"
            if o.key == "recl" and isinstance(t, Integer) and t.kind < 8:  # as gfortran: HUGE
                text = f"min({text}, {2 ** (8 * t.kind - 1) - 1})"
            lines += self.set_var(o.value, text, t)
        return self.guarded(lines, s.outputs)

    def visit_Transfer(self, s: ir.Transfer) -> list[str]:
        self.imports.add("fio")
        lines = self.read_lines(s) if s.kind == "read" else self.write_lines(s)
        return self.guarded(lines, s.outputs)

    def is_internal(self, unit: ir.Expr | None) -> bool:
        if unit is None:
            return False
        t = self.type_of(unit)
        return isinstance(t.elem if isinstance(t, Array) else t, Character)

    def namelist_lines(self, s: ir.Transfer, spec: ir.IoSpec) -> list[str]:
        """`fio.write_namelist(6, 'run:i,k(1)', i, k)`; a READ takes every object's current
        value and keeps it where the input does not name the object."""
        unit = "'*'" if s.unit is None else self.expr(s.unit)
        text = spec.value.value  # type: ignore[attr-defined]
        if s.kind == "write":
            values = self.print_values(s.values)
            return [f"fio.write_namelist({unit}, {text!r}, {values})"]
        lines = [f"_r = fio.read_namelist({unit}, {text!r})"]
        names = [n.split("(")[0] for n in text.split(":", 1)[1].split(",") if n[:1].isalpha()]
        for name, a in zip(names, s.body, strict=True):
            assert isinstance(a, ir.Assign)
            code, t = item_code(a.target.type), self.type_of(a.target)
            if isinstance(t, Array):
                lines.append(f"_r.fill({name!r}, {self.expr(a.target)}, {code!r})")
            else:
                lines += self.set_var(a.target, f"_r.value({name!r}, {self.expr(a.target)}, "
                                      f"{code!r})", t)
        return [*lines, "_r.finish()"]

    def read_lines(self, s: ir.Transfer) -> list[str]:
        spec = next((o for o in s.specs if o.key == "nml"), None)
        if spec is not None:
            return self.namelist_lines(s, spec)
        unit = "'*'" if s.unit is None else self.expr(s.unit)
        fmt = self.format_code(s)
        specs = "".join(f", {o.key}={self.expr(o.value)}" for o in s.specs if o.key != "fmt")
        if self.is_internal(s.unit):
            start = f"fio.read_internal({unit}, {fmt})"
        else:
            start = f"fio.read_start({unit}, {fmt}{specs})"
        self.list_read = s.fmt == "*"
        body = [x[4:] for x in self.block(s.body)]
        self.list_read = False
        size = [line for o in s.outputs if o.key == "size"
                for line in self.set_var(o.value, "_r.transferred", _STATUS)]
        return [f"_r = {start}", *body, *size, "_r.finish()"]

    def write_lines(self, s: ir.Transfer) -> list[str]:
        spec = next((o for o in s.specs if o.key == "nml"), None)
        if spec is not None:
            return self.namelist_lines(s, spec)
        values = self.print_values(s.values)
        tail = f", {values}" if values else ""
        fmt = None if s.fmt == "*" else s.fmt
        specs = {o.key: self.expr(o.value) for o in s.specs if o.key != "fmt"}
        code = self.format_code(s)
        if self.is_internal(s.unit) and isinstance(self.type_of(s.unit), Array):
            assert s.unit is not None  # one record per element, in place
            return [f"fio.write_internal_records({self.expr(s.unit)}, {code}{tail})"]
        if self.is_internal(s.unit):
            assert s.unit is not None
            t = self.type_of(s.unit)
            length = t.length if isinstance(t, Character) and t.length else \
                f"len({self.expr(s.unit)})"
            return self.set_var(s.unit, f"fio.write_internal({length}, {code}{tail})", t)
        unit = "'*'" if s.unit is None else self.expr(s.unit)
        if s.fmt is None:
            extra = "".join(f", {k}={v}" for k, v in specs.items())
            return [f"fio.write_unf({unit}{tail}{extra})"]
        if "rec" in specs:
            return [f"fio.write_rec({unit}, {specs['rec']}, {code}{tail})"]
        if fmt is None:
            return [f"fio.write({unit}{tail})"]
        advance = f", advance={specs['advance']}" if "advance" in specs else ""
        return [f"fio.write_fmt({unit}, {code}{tail}{advance})"]

    def format_code(self, s: ir.Transfer) -> str:
        """The format's text as a literal, or the expression of a format read at run time
        (a CHARACTER variable: its trailing blanks dropped)."""
        spec = next((o for o in s.specs if o.key == "fmt"), None)
        if spec is not None:
            return f"{self.operand(spec.value, P_ATOM)}.strip()"
        return repr(None if s.fmt == "*" else s.fmt) if s.kind == "write" else repr(s.fmt)

    def read_into(self, s: ir.Assign) -> list[str] | None:
        """A whole array (or section) read in one call: `_r.into(a, 'f8')`."""
        if not isinstance(s.value, ir.ReadItem):
            return None
        if s.value.like is None:  # a list-directed null value leaves an element as it was
            t = self.type_of(s.target)
            if not getattr(self, "list_read", False) or not isinstance(s.target, ir.Subscript) \
                    or isinstance(t, Character | Array):
                return None
            old = self.expr(s.target)
            return [f"{old} = _r.item({item_code(s.value.type)!r}, {old})"]
        return [f"_r.into({self.expr(s.target)}, {item_code(s.value.type)!r})"]

    def visit_ReadItem(self, e: ir.ReadItem) -> tuple[str, int]:
        return f"_r.item({item_code(e.type)!r})", P_ATOM
