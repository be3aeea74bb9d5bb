"""Python backend, derived types: a `TypeDef` as a dataclass (`class circle(shape)` where it
EXTENDS a parent), one method per type-bound procedure that forwards to its procedure, and
type-bound calls that the object's dynamic type decides (`Call.dispatch`) as method calls:
`s.area()` runs the override of the object's class."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.backends.python_exprs import hint
from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Procedure, Record
from transpyle.ir.visitor import walk

if TYPE_CHECKING:
    from transpyle.passes.out_args import Convention


class RecordsMixin:
    """Mixed into `PythonEmitter`."""

    imports: set[str]
    conventions: dict[str, Convention]
    record_types: dict[str, ir.TypeDef]

    if TYPE_CHECKING:
        def name(self, n: str) -> str: ...
        def initial_value(self, d: ir.VarDecl) -> str: ...

    def typedef(self, t: ir.TypeDef) -> list[str]:
        self.imports.add("dataclass")
        self.record_types = {**getattr(self, "record_types", {}), t.name: t}
        head = f"class {t.name}({t.parent}):" if t.parent else f"class {t.name}:"
        lines = ["@dataclass", head]
        for d in t.fields:
            h = f"'{self.decl_hint(d)} | None'" if d.pointer else self.decl_hint(d)
            lines.append(f"    {d.name}: {h} = {self.field_default(d)}")
        parent = self.record_types.get(t.parent) if t.parent else None
        inherited = dict(((b, (p, n)) for b, p, n in parent.bindings)) if parent else {}
        pointers = tuple(d.name for d in t.fields if d.pointer)
        if pointers:  # intrinsic assignment shares the POINTER components' targets
            self.imports |= {"any", "fio"}
            lines += ["", "    def __deepcopy__(self, memo: Any) -> Any:",
                      f"        return fio.copy_record(self, memo, {pointers!r})"]
        for b, proc, nopass in t.bindings:
            if not proc or proc.startswith("generic:") or inherited.get(b) == (proc, nopass):
                continue  # deferred, or the parent's method
            forward = f"{self.name(proc)}(*args)" if nopass else \
                f"{self.name(proc)}(self, *args)"
            lines += ["", f"    def {b}(self, *args: Any) -> Any:", f"        return {forward}"]
            self.imports.add("any")
        return lines if len(lines) > 2 else [*lines, "    pass"]

    def field_default(self, d: ir.VarDecl) -> str:
        if d.pointer or d.allocatable and not isinstance(d.type, Array | Record):
            return "None"  # disassociated, or an intrinsic scalar not allocated
        if isinstance(d.type, Array) or isinstance(d.type, Record):
            return f"field(default_factory=lambda: {self.initial_value(d)})"
        return self.initial_value(d)

    def decl_hint(self, d: ir.VarDecl) -> str:
        if isinstance(d.type, Procedure):
            self.imports.add("callable")
        h = hint(d.type)
        if h.startswith("np."):
            self.imports.add("numpy")
        return h

    def dispatched(self, binding: str, func: str, args: list[str], loc: Any) -> str:
        """`obj.binding(rest)`: every procedure bound to `binding` in the module's types must
        take and return its arguments as `func` does (one calling convention)."""
        conv = self.conventions.get(func)
        for t in getattr(self, "record_types", {}).values():
            for b, proc, _ in t.bindings:
                other = self.conventions.get(proc) if b == binding and proc else None
                if other is not None and conv is not None and (
                        other.changed != conv.changed or other.has_result != conv.has_result
                        or len(other.params) != len(conv.params)):
                    raise TranspileError(loc, f"the procedures bound to '{binding}' ({func}, "
                                         f"{proc}) change different arguments: a call that "
                                         "the object's type decides is not supported",
                                         code="E-fortran")
        obj = args[0] if args[0].isidentifier() else f"({args[0]})"
        return f"{obj}.{binding}({', '.join(args[1:])})"


def defined_first(decls: tuple[ir.VarDecl, ...]) -> list[ir.VarDecl]:
    """Module variables in their order, each after the ones its value and shape read (a
    USEd module's constants come last in the IR: `i8 = int64`)."""
    names = {d.name for d in decls}
    reads = {d.name: {n.id for n in walk(d)
                      if isinstance(n, ir.Name) and n.id in names and n.id != d.name}
             for d in decls}
    out: list[ir.VarDecl] = []
    done: set[str] = set()
    pending = list(decls)
    while pending:
        ready = [d for d in pending if reads[d.name] <= done] or pending[:1]
        out.append(ready[0])
        done.add(ready[0].name)
        pending.remove(ready[0])
    return out
