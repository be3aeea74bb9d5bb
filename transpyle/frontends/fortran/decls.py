"""Fortran specification parts -> a `Scope`: type declarations, IMPLICIT rules, DIMENSION,
PARAMETER, DATA, COMMON, SAVE, EXTERNAL, USE and interface bodies; type and array
specifications are read in type_specs.py, derived-type definitions in derived_defs.py."""

from __future__ import annotations

from typing import Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.fortran.data_stmts import DataMixin
from transpyle.frontends.fortran.derived_defs import (
    DerivedTypeMixin,
    check_pointer,
    is_class_spec,
    is_null_init,
)
from transpyle.frontends.fortran.equivalence import Sets, read_sets
from transpyle.frontends.fortran.equivalence import resolve as resolve_equivalences
from transpyle.frontends.fortran.exprs import ExprLowering
from transpyle.frontends.fortran.interfaces import procedure_declaration, read_generic
from transpyle.frontends.fortran.mpi import (
    MPI_MODULES,
    declare_mpi,
    is_mpi_include,
    use_mpi,
    uses_mpi,
)
from transpyle.frontends.fortran.namelist import declare as declare_namelist
from transpyle.frontends.fortran.runtime_intrinsics import IEEE_CONSTANTS
from transpyle.frontends.fortran.scope import Scope, Symbol
from transpyle.frontends.fortran.type_specs import TypeSpecMixin
from transpyle.frontends.fortran.types import implied_extent
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Character, Integer, Type, Void

_IGNORED = ("Access_Stmt", "Implicit_Part", "Specification_Part",
            "Contains_Stmt", "Import_Stmt",  # IMPORT: the host is seen anyway
            "Entry_Stmt")  # an ENTRY before the first executable statement: entries.py
_INTENTS = {"IN": "in", "OUT": "out", "INOUT": "inout", "IN OUT": "inout"}
_UNSUPPORTED = {
    "Stmt_Function_Stmt": "a statement function",
}


class DeclLowering(DataMixin, TypeSpecMixin, DerivedTypeMixin):
    """Reads one specification part into `scope`; comments and FORMATs are collected."""

    def __init__(self, scope: Scope, x: ExprLowering, loc_of: Any,
                 modules: dict[str, Scope]) -> None:
        self.scope = scope
        self.current_type = ""  # the derived type whose components are read
        self.pointer_stmts: list[tuple[Symbol, SourceLoc]] = []
        self.modules = modules  # the file's modules read so far
        self.x = x
        self.loc_of = loc_of  # fparser statement -> SourceLoc
        self.comments: list[ir.Comment] = []
        self.formats: dict[str, str] = {}
        self.data: dict[str, dict[int, ir.Expr]] = {}
        self.save_all = False
        self.equivalences: Sets = []

    def error(self, node: Any, message: str) -> TranspileError:
        return TranspileError(self.loc_of(node), message, code="E-fortran")

    def read(self, spec: Any) -> None:
        self.pretype(spec)
        self.read_statements(spec)

    def pretype(self, spec: Any) -> None:
        """Types of declared names first: a bound may use a name declared further down."""
        for node in getattr(spec, "content", ()) or ():
            if type(node).__name__ != "Type_Declaration_Stmt":
                continue
            self.x.loc = self.loc_of(node)
            spec = node.items[0]
            selector = spec.items[1] if type(spec).__name__ == "Intrinsic_Type_Spec" else None
            if selector is not None and not all(
                    str(x).strip("()*").isdigit() for x in selector.items if x is not None
                    and str(x) not in "()*"):
                continue  # its kind comes from a USE or PARAMETER, read in order
            base = self.type_of(spec)
            for entity in node.items[2].items:
                sym = self.scope.declare(str(entity.items[0]), self.x.loc)
                sym.type = sym.type or base

    def read_statements(self, spec: Any) -> None:
        for node in getattr(spec, "content", ()) or ():
            kind = type(node).__name__
            if kind in ("Implicit_Part",):
                self.read_statements(node)
                continue
            self.x.loc = self.loc_of(node)
            method = getattr(self, "d_" + kind, None)
            if method is not None:
                method(node)
            elif kind in _UNSUPPORTED:
                raise self.error(node, f"{_UNSUPPORTED[kind]} is not supported")
            elif kind not in _IGNORED:
                raise self.error(node, f"unsupported declaration: {str(node).splitlines()[0]}")

    def finish(self) -> None:
        """Whole-array DATA values, SAVE for every local, POINTER statements' checks."""
        for sym, loc in self.pointer_stmts:
            self.x.loc = loc
            if sym.type is None:
                sym.type = self.scope.implicit_type(sym.name, loc)
            check_pointer(self.x, sym)
        for sym in self.scope.symbols.values():
            if sym.optional and (sym.allocatable or sym.pointer):  # PRESENT and ALLOCATED
                raise TranspileError(sym.loc, f"the OPTIONAL dummy '{sym.name}' is "  # alike
                                     "ALLOCATABLE or a POINTER: not supported",
                                     code="E-fortran")
        for name, values in self.data.items():
            sym = self.scope.symbols[name]
            self.array_data(sym, values)
        if self.save_all:
            for sym in self.scope.symbols.values():
                if not sym.is_arg and not sym.constant and sym.common is None:
                    sym.saved = True
        if self.equivalences:
            resolve_equivalences(self.equivalences, self.x)

    # -- simple statements
    def d_Comment(self, node: Any) -> None:
        text = comment_text(str(node))
        if text is not None:
            self.comments.append(ir.Comment(text, loc=self.loc_of(node)))

    def d_Format_Stmt(self, node: Any) -> None:
        self.formats[str(node.item.label)] = str(node.items[1])

    def d_Use_Stmt(self, node: Any) -> None:
        name = str(node.items[2]).lower()
        if node.items[4] is not None and "only" not in str(node).lower():
            raise self.error(node, "USE with renames is not supported")
        if name in MPI_MODULES:
            use_mpi(self.scope, self.x, node, name)
            return
        if name in INTRINSIC_MODULES:
            only = {str(n).lower() for n in node.items[4].items} if node.items[4] else None
            for const, value in INTRINSIC_MODULES[name].items():
                if only is None or const in only:
                    sym = self.scope.declare(const, self.x.loc)
                    sym.type, sym.constant = Integer(4), True
                    sym.init = ir.Const(value, type=Integer(4), loc=self.x.loc)
            return
        if name in self.modules:
            self.scope.imports.append(self.modules[name])
            if uses_mpi(self.modules[name]):  # a module that USEs mpi passes its names on
                declare_mpi(self.scope, self.x.loc, None, node)
        if name not in self.modules or self.modules[name].external:
            self.scope.uses.append(name)

    def d_Include_Stmt(self, node: Any) -> None:
        if not is_mpi_include(str(node)):
            raise self.error(node, f"{node}: the included file was not found")
        declare_mpi(self.scope, self.x.loc, None, node)

    def d_Implicit_Stmt(self, node: Any) -> None:
        spec = node.items[0]
        if spec is None or isinstance(spec, str) and spec.upper() == "NONE":
            self.scope.implicit = None
            return
        rules = self.scope.implicit if self.scope.implicit is not None else {}
        for item in spec.items:
            t = self.type_of(item.items[0])
            for letters in item.items[1].items:
                lo, hi = (str(x).lower() for x in letters.items) if letters.items[1] else \
                    (str(letters.items[0]).lower(),) * 2
                for code in range(ord(lo), ord(hi) + 1):
                    rules[chr(code)] = t
        self.scope.implicit = rules

    def d_Save_Stmt(self, node: Any) -> None:
        if node.items[1] is None:
            self.save_all = True
            return
        for item in node.items[1].items:
            if not str(item).startswith("/"):
                self.scope.declare(str(item), self.x.loc).saved = True

    def d_Intrinsic_Stmt(self, node: Any) -> None:
        """INTRINSIC names: passing one as an actual argument is refused once the unit is
        lowered (file.py); naming them alone (LAPACK's habit) changes nothing."""
        self.intrinsic_names = getattr(self, "intrinsic_names", set()) | {
            str(n).lower() for n in node.items[1].items}

    def d_External_Stmt(self, node: Any) -> None:
        for name in node.items[1].items:
            self.scope.declare(str(name), self.x.loc).external = True

    def d_Optional_Stmt(self, node: Any) -> None:
        for name in node.items[1].items:
            self.scope.declare(str(name), self.x.loc).optional = True

    def d_Intent_Stmt(self, node: Any) -> None:
        intent = _INTENTS[" ".join(str(node.items[0]).upper().split())]
        for name in node.items[1].items:
            self.scope.declare(str(name), self.x.loc).intent = intent

    def d_Value_Stmt(self, node: Any) -> None:
        for name in node.items[1].items:
            self.scope.declare(str(name), self.x.loc).value = True

    def d_Namelist_Stmt(self, node: Any) -> None:
        declare_namelist(self.scope, node, self.x.loc)

    def d_Equivalence_Stmt(self, node: Any) -> None:
        self.equivalences += read_sets(node, self.x.loc)

    def d_Pointer_Stmt(self, node: Any) -> None:
        """`pointer :: p, q(:)`; each one checked once its type is known (`finish`)."""
        for decl in node.items[1].items:
            name = decl.items[0] if type(decl).__name__ == "Pointer_Decl" else decl
            sym = self.scope.declare(str(name), self.x.loc)
            sym.pointer = sym.deferred = True
            if type(decl).__name__ == "Pointer_Decl" and decl.items[1] is not None:
                self.set_dims(sym, decl.items[1])
            self.pointer_stmts.append((sym, self.x.loc))

    def d_Allocatable_Stmt(self, node: Any) -> None:
        for item in node.items[1].items:
            name, spec = (item.items if type(item).__name__ ==
                          "Object_Name_Deferred_Shape_Spec_List_Item" else (item, None))
            sym = self.scope.declare(str(name), self.x.loc)
            sym.allocatable = sym.deferred = True
            if spec is not None:
                self.set_dims(sym, spec)

    def d_Target_Stmt(self, node: Any) -> None:
        """TARGET: nothing to do (a Python object may be referred to anywhere); a shape
        given here is the object's."""
        for decl in node.items[0].items:
            sym = self.scope.declare(str(decl.items[0]), self.x.loc)
            if decl.items[1] is not None:
                self.set_dims(sym, decl.items[1])

    def d_Dimension_Stmt(self, node: Any) -> None:
        for name, spec in node.items[0]:
            self.set_dims(self.scope.declare(str(name), self.x.loc), spec)

    def d_Parameter_Stmt(self, node: Any) -> None:
        for item in node.items[1].items:
            sym = self.scope.declare(str(item.items[0]), self.x.loc)
            if sym.type is None:
                sym.type = self.scope.implicit_type(sym.name, self.x.loc)
            sym.constant = True
            sym.init = self.x.cast(self.x.expr(item.items[1]), sym.type)

    def d_Common_Stmt(self, node: Any) -> None:
        for block, objects in node.items[0]:
            bname = str(block).lower() if block is not None else ""
            members = self.scope.commons.setdefault(bname, [])
            for obj in objects.items:
                if type(obj).__name__ == "Name":
                    sym = self.scope.declare(str(obj), self.x.loc)
                else:
                    sym = self.scope.declare(str(obj.items[0]), self.x.loc)
                    self.set_dims(sym, obj.items[1])
                sym.common = bname
                members.append(sym.name)
                # the unit's locals list a block's members in block order (the IR's promise:
                # storage is shared by position), not in the order declarations name them
                self.scope.symbols[sym.name] = self.scope.symbols.pop(sym.name)

    # -- type declarations
    def d_Type_Declaration_Stmt(self, node: Any) -> None:
        self.runtime_length = False
        base = self.type_of(node.items[0])
        base_runtime = self.runtime_length
        attrs = node.items[1].items if node.items[1] is not None else ()
        for entity in node.items[2].items:
            name, spec, length, init = entity.items
            sym = self.scope.declare(str(name), self.x.loc)
            self.runtime_length = base_runtime
            sym.type = self.char_length(length) if length is not None else base
            if self.runtime_length and not sym.is_arg:
                what = self.scope.name if sym.name.startswith("%") else sym.name
                raise TranspileError(self.x.loc, f"'{what}' is a CHARACTER whose length is "
                                     "known only at run time (an automatic object): not "
                                     "supported", hint="declare it CHARACTER(LEN=:), "
                                     "ALLOCATABLE", code="E-fortran")
            sym.polymorphic = is_class_spec(node.items[0])
            for attr in attrs:
                self.attribute(sym, attr)
            if spec is not None:
                self.set_dims(sym, spec)
            check_pointer(self.x, sym)
            if init is not None and is_null_init(init.items[1]):
                sym.saved = True  # `p => null()`: an initialisation (SAVE), disassociated
                continue
            if init is not None:
                value = self.x.expr(init.items[1])
                vt = value.type.elem if isinstance(value.type, Array) else value.type
                if sym.constant and sym.type == Character(None) and \
                        isinstance(vt, Character) and vt.length is not None:
                    sym.type = vt  # CHARACTER(*), PARAMETER: the length of its value
                if sym.constant and sym.dims is not None and len(sym.dims) == 1 and \
                        sym.dims[0].upper is None:  # implied shape, `a(*)`: its value's
                    sym.dims = (implied_extent(self.x, sym, value),)
                sym.init = self.x.cast(value, sym.type)
                sym.saved = sym.saved or not sym.constant

    def attribute(self, sym: Symbol, attr: Any) -> None:
        kind = type(attr).__name__
        text = str(attr).upper()
        if kind == "Intent_Attr_Spec":
            sym.intent = _INTENTS[" ".join(str(attr.items[1]).upper().split())]
        elif kind == "Dimension_Attr_Spec":
            self.set_dims(sym, attr.items[1])
        elif text == "PARAMETER":
            sym.constant = True
        elif text == "SAVE":
            sym.saved = True
        elif text == "ALLOCATABLE":
            sym.allocatable = True
            sym.deferred = True
        elif text == "EXTERNAL":
            sym.external = True
        elif text == "VALUE":
            sym.value = True
        elif text == "OPTIONAL":
            sym.optional = True
        elif text == "POINTER":
            sym.pointer = True
            sym.deferred = True
        elif text not in ("TARGET", "INTRINSIC", "PUBLIC", "PRIVATE", "CONTIGUOUS"):
            raise TranspileError(self.x.loc, f"attribute {text} is not supported",
                                 code="E-fortran")

    # -- explicit interfaces of external (and dummy) procedures
    def d_Interface_Block(self, node: Any) -> None:
        assert self.x.interfaces is not None
        if read_generic(node, self.x.interfaces, self.error, self):
            return
        abstract = node.content[0].items[0] is not None  # ABSTRACT INTERFACE
        for body in node.content[1:]:
            kind = type(body).__name__
            if kind == "Comment" or kind == "End_Interface_Stmt":
                continue
            if kind not in ("Function_Body", "Subroutine_Body"):
                raise self.error(body, f"{str(body).splitlines()[0]} in an INTERFACE block "
                                 "is not supported")
            self.interface(body, kind == "Function_Body", abstract)

    def interface(self, body: Any, is_function: bool, abstract: bool = False) -> None:
        """The procedure an interface body describes becomes an EXTERNAL of this scope, with
        its result type read from the body's own declarations (an abstract interface: a
        name for PROCEDURE(name) declarations)."""
        head = _head(body)
        name = str(head.items[1]).lower()
        if abstract:
            assert self.x.interfaces is not None
            self.x.interfaces.abstract[name] = Void()
            if is_function:
                self.x.interfaces.abstract[name] = self.result_type(body, name)
            return
        sym = self.scope.declare(name, self.loc_of(body))
        sym.external = True
        sym.type = self.result_type(body, name) if is_function else Void()

    def result_type(self, body: Any, name: str) -> Type:
        """The result type of the function an interface body describes."""
        head = _head(body)
        inner = Scope(name, "function", self.x.loc, host=self.scope)
        inner_x = ExprLowering(inner, self.x.procs, self.x.loc)
        inner_x.interfaces = self.x.interfaces
        reader = DeclLowering(inner, inner_x, self.loc_of, self.modules)
        suffix = head.items[3]
        result = str(suffix.items[0]).lower() if suffix is not None else name
        for item in head.items[0].items if head.items[0] is not None else ():
            if type(item).__name__ in ("Intrinsic_Type_Spec", "Declaration_Type_Spec"):
                inner.declare(result, self.x.loc).type = reader.type_of(item)
        for part in body.content[1:]:
            if type(part).__name__ == "Specification_Part":
                reader.read(part)
        declared = inner.symbols.get(result)
        if declared is not None and declared.dims is not None:
            raise self.error(body, f"the array result of interface {name} is not supported")
        self.x.loc = self.loc_of(body)
        return declared.type if declared is not None and declared.type is not None \
            else self.scope.implicit_type(name, self.x.loc)

    def d_Procedure_Declaration_Stmt(self, node: Any) -> None:
        procedure_declaration(self, node)



# constants of the intrinsic modules (gfortran's values on x86-64)
INTRINSIC_MODULES: dict[str, dict[str, int]] = {
    "iso_fortran_env": {"int8": 1, "int16": 2, "int32": 4, "int64": 8, "real32": 4,
                        "real64": 8, "real128": 16, "output_unit": 6, "error_unit": 0,
                        "input_unit": 5},
    "iso_c_binding": {"c_int": 4, "c_short": 2, "c_long": 8, "c_long_long": 8,
                      "c_signed_char": 1, "c_size_t": 8, "c_int8_t": 1, "c_int16_t": 2,
                      "c_int32_t": 4, "c_int64_t": 8, "c_float": 4, "c_double": 8,
                      "c_bool": 1, "c_char": 1, "c_float_complex": 4,
                      "c_double_complex": 8, "c_intptr_t": 8},
    "ieee_arithmetic": IEEE_CONSTANTS,
    "ieee_exceptions": {},
    "ieee_features": {},
}


def comment_text(raw: str) -> str | None:
    """A comment's text without its marker (`!`, or `C`/`*` in column 1); None when empty."""
    text = raw.strip()
    if not text:
        return None
    if text[0] in "!cC*":
        text = text[1:]
    return text.strip()


def loc_from(filename: str, lines: list[str], node: Any) -> SourceLoc:
    item = getattr(node, "item", None)
    line = item.span[0] if item is not None else 0
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return SourceLoc(filename, line, len(text) - len(text.lstrip()) + 1 if text else 1)


def _head(body: Any) -> Any:
    """The FUNCTION or SUBROUTINE statement of an interface body (a blank line or comment
    may come first)."""
    return next(c for c in body.content if type(c).__name__ != "Comment")
