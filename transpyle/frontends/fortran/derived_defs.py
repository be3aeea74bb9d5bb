"""Derived-type definitions -> `ir.TypeDef`: components with their attributes, parents
(EXTENDS) and type-bound procedures; and the checks on POINTER declarations shared with
ordinary declarations. Mixed into `DeclLowering`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.errors import TranspileError
from transpyle.frontends.fortran.scope import Symbol
from transpyle.frontends.fortran.types import parent_of, read_bindings
from transpyle.ir import nodes as ir
from transpyle.ir.types import Character, Record, Type

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering
    from transpyle.frontends.fortran.scope import Scope


class DerivedTypeMixin:
    """Mixed into `DeclLowering`."""

    scope: Scope
    x: ExprLowering
    current_type: str
    loc_of: Any

    if TYPE_CHECKING:
        def error(self, node: Any, message: str) -> TranspileError: ...
        def type_of(self, spec: Any) -> Type: ...
        def char_length(self, selector: Any) -> Character: ...
        def set_dims(self, sym: Symbol, spec: Any) -> None: ...

    def d_Derived_Type_Def(self, node: Any) -> None:
        name = ""
        fields: list[ir.VarDecl] = []
        inherited: dict[str, tuple[str, bool]] = {}
        parent = None
        for part in node.content:
            kind = type(part).__name__
            if kind == "Derived_Type_Stmt":
                name = str(part.items[1]).lower()
                self.x.loc = self.loc_of(part)
                fields, inherited, parent = parent_of(self.x, name, part.items[0])
                self.scope.bindings[name] = dict(inherited)
            elif kind == "Component_Part":
                self.current_type = name
                for comp in part.content:
                    fields += self.components(comp)
            elif kind == "Type_Bound_Procedure_Part":
                own = read_bindings(self.x, name, part, self.loc_of, inherited)
                self.scope.bindings[name] = inherited | own
            elif kind not in ("End_Type_Stmt", "Comment", "Sequence_Stmt",
                              "Private_Components_Stmt"):
                raise self.error(part, f"{str(part).splitlines()[0]} in a derived type is "
                                 "not supported")
        if self.x.interfaces is not None:
            self.x.interfaces.bound[name] = dict(self.scope.bindings.get(name, {}))
        bound = tuple((b, p, n) for b, (p, n) in self.scope.bindings.get(name, {}).items())
        self.scope.types[name] = ir.TypeDef(name, tuple(fields), parent, bound,
                                            loc=self.loc_of(node))

    def components(self, comp: Any) -> list[ir.VarDecl]:
        if type(comp).__name__ == "Comment":
            return []
        self.x.loc = self.loc_of(comp)
        if type(comp).__name__ != "Data_Component_Def_Stmt":
            raise self.error(comp, f"the component {str(comp).strip()} is not supported"
                             + (" (a procedure pointer component)" if type(comp).__name__ ==
                                "Proc_Component_Def_Stmt" else ""))
        base = self.type_of(comp.items[0])
        polymorphic = is_class_spec(comp.items[0])
        out = []
        for decl in comp.items[2].items:
            name, spec, length, init = decl.items
            sym = Symbol(str(name).lower(), self.x.loc, type=base)
            if length is not None:
                sym.type = self.char_length(length)
            for attr in comp.items[1].items if comp.items[1] is not None else ():
                if type(attr).__name__ == "Dimension_Component_Attr_Spec":
                    self.set_dims(sym, attr.items[1])
                elif str(attr).upper() == "ALLOCATABLE":
                    sym.allocatable = True
                elif str(attr).upper() == "POINTER":
                    sym.pointer = True
                elif str(attr).upper() not in ("PRIVATE", "PUBLIC", "CONTIGUOUS"):  # access,
                    raise self.error(comp, f"component attribute {attr} is not supported")
            if spec is not None:
                self.set_dims(sym, spec)
            check_pointer(self.x, sym)
            if polymorphic and self.x.interfaces is not None:
                self.x.interfaces.polymorphic.add((self.current_type, sym.name))
            if init is not None and not is_null_init(init.items[1]):
                sym.init = self.x.cast(self.x.expr(init.items[1]), base)
            out.append(sym.decl())
        return out


def is_class_spec(spec: Any) -> bool:
    """A CLASS(t) declaration (polymorphic: its dynamic type may be an extension of t)."""
    return type(spec).__name__ == "Declaration_Type_Spec" and str(spec.items[0]).upper() == \
        "CLASS"


def is_null_init(node: Any) -> bool:
    """`=> NULL()` (a pointer's initial association: disassociated, as with none)."""
    return str(node).replace(" ", "").upper() == "NULL()"


def check_pointer(x: ExprLowering, sym: Symbol) -> None:
    """POINTERs of derived type and arrays are Python references (None disassociated); a
    POINTER to a scalar of intrinsic type would need a box: refused."""
    if sym.pointer and sym.dims is None and not isinstance(sym.type, Record) \
            and not sym.external:
        raise TranspileError(x.loc, f"a POINTER to a scalar of intrinsic type ('{sym.name}') "
                             "is not supported", hint="point to an array of one element, or "
                             "to a derived-type value", code="E-fortran")
