"""Procedure interfaces of the Fortran frontend, resolved at migrate time.

- Every procedure of the file has a signature (its dummies: name, type, rank, OPTIONAL), so
  that a call binds keyword arguments and left-out OPTIONAL arguments to positions: a left-out
  argument before one that is passed is `ir.Absent` (None in Python), trailing ones are left
  off (the Python parameter's default None).
- A generic name (`INTERFACE name; MODULE PROCEDURE a, b`) is resolved per call to the one
  specific procedure whose dummies match the actuals by type, kind and rank; so are defined
  and extended operators (`INTERFACE OPERATOR(+)`, `OPERATOR(.dot.)`) and defined assignment
  (`INTERFACE ASSIGNMENT(=)`). No run-time dispatch is left in the migrated code.
- An ABSTRACT INTERFACE names a procedure's characteristics for `PROCEDURE(name)` dummies and
  procedure pointers: they get its result type.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering
    from transpyle.frontends.fortran.scope import Scope

_OPERATORS = {".eq.": "==", ".ne.": "/=", ".lt.": "<", ".le.": "<=", ".gt.": ">",
              ".ge.": ">="}


@dataclasses.dataclass(frozen=True)
class Dummy:
    name: str
    type: Type | None  # the IR type (an Array for arrays, a Procedure for dummy procedures)
    optional: bool = False


@dataclasses.dataclass
class Interfaces:
    """The interfaces of one file (generic names are the file's, whichever module declares
    them: a USE of another file's module does not bring its generics)."""

    signatures: dict[str, tuple[Dummy, ...]] = dataclasses.field(default_factory=dict)
    generics: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    abstract: dict[str, Type] = dataclasses.field(default_factory=dict)  # name -> result
    imported: set[str] = dataclasses.field(default_factory=set)  # generics of other files
    # a name of another file's module -> that module: it applies where a USE makes it visible
    homes: dict[str, str] = dataclasses.field(default_factory=dict)
    # the derived types of the file (and of the other files' modules): type -> the type it
    # EXTENDS, type -> binding -> (procedure, NOPASS), and the (type, binding) pairs called
    # statically so far (`types.py`: an override after such a call is refused)
    parents: dict[str, str] = dataclasses.field(default_factory=dict)
    bound: dict[str, dict[str, tuple[str, bool]]] = dataclasses.field(default_factory=dict)
    static_bound: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    polymorphic: set[tuple[str, str]] = dataclasses.field(default_factory=set)  # CLASS comps

    def known(self, other: ir.Module) -> None:
        """The generic names and the signatures of another file's modules (that this one may
        USE)."""
        procs: dict[str, list[tuple[str, str]]] = {}
        for t in other.types:
            self.bound.setdefault(t.name, {b: (p, n) for b, p, n in t.bindings})
            if t.parent is not None:
                self.parents.setdefault(t.name, t.parent)
            for b, p, _ in t.bindings:
                procs.setdefault(p, []).append((t.name, b))
        from transpyle.ir.visitor import walk
        for node in walk(other):  # its static calls of bound procedures: not to be overridden
            if isinstance(node, ir.Call | ir.CallStmt) and node.dispatch is None:
                self.static_bound.update(procs.get(node.func, ()))
        for f in other.functions().values():
            if f.name not in self.signatures:
                self.signatures[f.name] = tuple(Dummy(p.name, p.type, p.optional)
                                                for p in f.params)
                self.homes[f.name] = other.name
        for key, specifics in other.generics:
            if key not in self.generics:
                self.generics[key] = list(specifics)
                self.homes[key] = other.name
                self.imported.add(key)

    def visible(self, name: str, scope: Scope) -> bool:
        """Whether the signature or generic `name` is seen from `scope` (one of another file
        only through a USE of its module)."""
        home = self.homes.get(name)
        return home is None or any(s.name == home for s in scope.visible())

    def declare(self, scope: Scope) -> None:
        """The signature of the procedure `scope` is the unit of (declarations read)."""
        dummies = []
        for a in scope.args:
            sym = scope.symbols.get(a)
            t = sym.ir_type() if sym is not None and sym.type is not None else None
            dummies.append(Dummy(a, t, sym.optional if sym is not None else False))
        self.signatures[scope.name] = tuple(dummies)


    def entry(self, scope: Scope, name: str, args: tuple[str, ...]) -> None:
        """The signature of an ENTRY point of `scope`'s unit (`entries`)."""
        dummies = []
        for a in args:
            sym = scope.symbols.get(a)
            t = sym.ir_type() if sym is not None and sym.type is not None else None
            dummies.append(Dummy(a, t, sym.optional if sym is not None else False))
        self.signatures[name] = tuple(dummies)


def generic_key(spec: Any) -> str:
    """The name an INTERFACE block's generic spec is kept under: `show`, `operator(+)`,
    `operator(.dot.)`, `assignment(=)`."""
    if type(spec).__name__ == "Name":
        return str(spec).lower()
    kind, op = str(spec.items[0]).lower(), str(spec.items[1]).lower()
    return f"{kind}({_OPERATORS.get(op, op)})"


def read_generic(node: Any, interfaces: Interfaces, error: Any, decls: Any = None) -> bool:
    """A generic INTERFACE block (MODULE PROCEDURE lists, interface bodies of external
    procedures) into `interfaces`; False where the block is no generic one (an interface body
    list or ABSTRACT)."""
    spec = node.content[0].items[0]
    if spec is None or str(spec).upper() == "ABSTRACT":
        return False
    specifics = interfaces.generics.setdefault(generic_key(spec), [])
    for part in node.content[1:]:
        kind = type(part).__name__
        if kind == "Procedure_Stmt":
            specifics += [str(n).lower() for n in part.items[0].items]
        elif kind in ("Function_Body", "Subroutine_Body") and decls is not None:
            decls.interface(part, kind == "Function_Body")  # an EXTERNAL of this scope
            name = str(part.content[0].items[1]).lower()
            interfaces.signatures[name] = body_signature(decls, part)
            specifics.append(name)
        elif kind not in ("Comment", "End_Interface_Stmt"):
            raise error(part, f"{str(part).splitlines()[0]} in generic interface "
                        f"{generic_key(spec)} is not supported", )
    return True


def body_signature(decls: Any, body: Any) -> tuple[Dummy, ...]:
    """The dummies an interface body declares."""
    from transpyle.frontends.fortran.exprs import ExprLowering
    from transpyle.frontends.fortran.scope import Scope
    head = next(c for c in body.content if type(c).__name__ != "Comment")  # blank lines
    name = str(head.items[1]).lower()
    inner = Scope(name, "subroutine", decls.x.loc, host=decls.scope)
    inner.args = [str(a).lower() for a in (head.items[2].items if head.items[2] else ())]
    inner_x = ExprLowering(inner, decls.x.procs, decls.x.loc)
    inner_x.interfaces = decls.x.interfaces
    reader = type(decls)(inner, inner_x, decls.loc_of, decls.modules)
    for part in body.content[1:]:
        if type(part).__name__ == "Specification_Part":
            reader.read(part)
    out = []
    for a in inner.args:
        sym = inner.lookup(a, decls.x.loc)
        out.append(Dummy(a, sym.ir_type(), sym.optional))
    decls.x.loc = decls.loc_of(body)
    return tuple(out)


# -- calls
def bind_call(x: ExprLowering, name: str, node: Any) -> tuple[str, tuple[ir.Expr, ...]]:
    """The procedure a call `name(args)` reaches (a generic resolved) and its actual
    arguments in dummy order."""
    positional: list[ir.Expr] = []
    keywords: dict[str, ir.Expr] = {}
    for a in (node.items if node is not None else ()):
        if type(a).__name__ in ("Actual_Arg_Spec", "Component_Spec"):  # fparser's guess
            keywords[str(a.items[0]).lower()] = x.expr(a.items[1])
        elif keywords:
            raise x.error(f"a positional argument after a keyword one in the call to {name}")
        else:
            positional.append(x.expr(a))
    table = x.interfaces
    if table is not None and name in table.generics and x.scope.find(name) is None \
            and table.visible(name, x.scope):
        for specific in table.generics[name]:
            bound = bind(table.signatures.get(specific), positional, keywords)
            if bound is not None and matches(table.signatures[specific], bound):
                return specific, bound
        raise x.error(f"no specific procedure of generic {name} takes "
                      f"({', '.join(describe(a.type) for a in (*positional, *keywords.values()))})")
    sym = x.scope.find(name)
    variable = sym is not None and sym.external and (sym.is_arg or name not in x.procs)
    signature = table.signatures.get(name) if table is not None and not variable \
        and table.visible(name, x.scope) else None
    if signature is None:  # unknown, or a dummy procedure or pointer (of any procedure)
        if keywords:
            raise x.error(f"keyword arguments in a call to {name}, whose interface is not "
                          "known here, are not supported")
        return name, tuple(positional)
    bound = bind(signature, positional, keywords)
    if bound is None:
        raise x.error(f"the arguments of this call do not fit {name}("
                      f"{', '.join(d.name for d in signature)})",
                      hint="a dummy that is not OPTIONAL must be passed, each one once")
    return name, bound


def bind(signature: tuple[Dummy, ...] | None, positional: list[ir.Expr],
         keywords: dict[str, ir.Expr]) -> tuple[ir.Expr, ...] | None:
    """Actuals in dummy order, or None where they do not fit the signature."""
    if signature is None or len(positional) > len(signature):
        return None
    slots: list[ir.Expr | None] = [*positional, *([None] * (len(signature) - len(positional)))]
    names = [d.name for d in signature]
    for key, value in keywords.items():
        if key not in names or slots[names.index(key)] is not None:
            return None
        slots[names.index(key)] = value
    if any(s is None and not d.optional for s, d in zip(slots, signature, strict=True)):
        return None
    while slots and slots[-1] is None:
        slots.pop()
    return tuple(s if s is not None else ir.Absent(loc=_loc(positional, keywords))
                 for s in slots)


def _loc(positional: list[ir.Expr], keywords: dict[str, ir.Expr]) -> Any:
    return next(iter((*positional, *keywords.values()))).loc


def matches(signature: tuple[Dummy, ...], actuals: tuple[ir.Expr, ...]) -> bool:
    """Whether the actuals agree with the dummies in type, kind and rank (TKR)."""
    return all(isinstance(a, ir.Absent) or same_tkr(d.type, a.type)
               for d, a in zip(signature, actuals, strict=False))


def same_tkr(dummy: Type | None, actual: Type | None) -> bool:
    if dummy is None or actual is None:
        return False
    if isinstance(dummy, Procedure) or isinstance(actual, Procedure):
        return isinstance(dummy, Procedure) and isinstance(actual, Procedure)
    rank_d = (dummy.rank or 0) if isinstance(dummy, Array) else 0
    rank_a = (actual.rank or 0) if isinstance(actual, Array) else 0
    ed = dummy.elem if isinstance(dummy, Array) else dummy
    ea = actual.elem if isinstance(actual, Array) else actual
    if rank_d != rank_a:
        return False
    if isinstance(ed, Character):
        return isinstance(ea, Character)
    return ed == ea


def describe(t: Type | None) -> str:
    if isinstance(t, Array):
        return f"{describe(t.elem)} rank {t.rank}"
    if isinstance(t, Record):
        return f"type({t.name})"
    if isinstance(t, Character):
        return "character"
    if isinstance(t, Complex):
        return f"complex({t.kind // 2})"
    if isinstance(t, Integer | Real | Logical):
        return f"{type(t).__name__.lower()}({t.kind})"
    return "a procedure" if isinstance(t, Procedure) else "?"


def operator_call(x: ExprLowering, op: str, operands: tuple[ir.Expr, ...]) -> ir.Expr | None:
    """`a + b` as a call of the specific procedure of `INTERFACE OPERATOR(+)` whose dummies
    fit the operands, or None (the intrinsic operator)."""
    table = x.interfaces
    key = f"operator({op})"
    if table is None or key not in table.generics or not table.visible(key, x.scope):
        return None
    for specific in table.generics[key]:
        signature = table.signatures.get(specific)
        if signature is not None and len(signature) == len(operands) \
                and matches(signature, operands):
            result = x.procs.get(specific)
            if result is None or isinstance(result, Void):
                raise x.error(f"{specific}, the procedure of OPERATOR({op}), is no function")
            return ir.Call(specific, operands, type=result, loc=x.loc)
    return None


def assignment_call(x: ExprLowering, target: ir.Expr, value: ir.Expr) -> ir.Stmt | None:
    """`a = b` as a call of the specific subroutine of `INTERFACE ASSIGNMENT(=)` that fits,
    or None (intrinsic assignment)."""
    table = x.interfaces
    if table is None or "assignment(=)" not in table.generics \
            or not table.visible("assignment(=)", x.scope):
        return None
    for specific in table.generics["assignment(=)"]:
        signature = table.signatures.get(specific)
        if signature is not None and len(signature) == 2 \
                and matches(signature, (target, value)):
            return ir.CallStmt(specific, (target, value), loc=x.loc)
    from transpyle.ir.types import Array, Record
    t, v = (e.type.elem if isinstance(e.type, Array) else e.type for e in (target, value))
    if isinstance(t, Record) and t != v:  # no intrinsic assignment either
        raise TranspileError(x.loc, "no specific subroutine of ASSIGNMENT(=) takes these "
                             "operands (an ELEMENTAL one applied to arrays is not supported)",
                             code="E-fortran")
    return None


def present(x: ExprLowering, args: tuple[ir.Expr, ...]) -> ir.Expr:
    """PRESENT(a) of an OPTIONAL dummy argument of this procedure."""
    from transpyle.ir.types import Logical
    arg = args[0] if len(args) == 1 else None
    sym = x.scope.find(arg.id) if isinstance(arg, ir.Name) else None
    if arg is None or sym is None or not sym.optional:
        raise TranspileError(x.loc, "PRESENT takes one OPTIONAL dummy argument",
                             code="E-fortran")
    return ir.Intrinsic("present", (arg,), type=Logical(4), loc=x.loc)


# -- procedure pointers and PROCEDURE() dummies
def procedure_declaration(decls: Any, node: Any) -> None:
    """`PROCEDURE(iface) [, POINTER | OPTIONAL | INTENT(IN)] :: names`: procedure variables
    (a pointer is a name the program rebinds with `=>`) with the result type of `iface` (an
    abstract interface, a procedure of the file, or a type)."""
    iface, attrs, names = node.items
    x = decls.x
    result = procedure_result(decls, iface)
    optional = False
    for attr in attrs.items if attrs is not None else ():
        text = " ".join(str(attr).upper().split())
        if text == "OPTIONAL":
            optional = True
        elif text not in ("POINTER", "INTENT(IN)", "INTENT (IN)", "PUBLIC", "PRIVATE", "SAVE"):
            raise TranspileError(x.loc, f"PROCEDURE attribute {text} is not supported",
                                 code="E-fortran")
    for decl in names.items:
        if type(decl).__name__ == "Proc_Decl":  # name => NULL()
            decl = decl.items[0]
        sym = decls.scope.declare(str(decl), x.loc)
        sym.external = True
        sym.type = result
        sym.optional = sym.optional or optional


def procedure_result(decls: Any, iface: Any) -> Type | None:
    x = decls.x
    if iface is None:
        return None  # PROCEDURE(): the IMPLICIT rules, as an EXTERNAL
    if type(iface).__name__ != "Name":
        return decls.type_of(iface)  # type: ignore[no-any-return]
    name = str(iface).lower()
    if x.interfaces is not None and name in x.interfaces.abstract:
        return x.interfaces.abstract[name]
    if name in x.procs:
        return x.procs[name]  # type: ignore[no-any-return]
    raise TranspileError(x.loc, f"PROCEDURE({name}): no abstract interface or procedure of "
                         "this file is named so", code="E-fortran")


def pointer_assignment(x: ExprLowering, node: Any) -> list[ir.Stmt]:
    """`p => f` of a procedure pointer `p`: the name is bound to the procedure."""
    target, bounds, value = node.items
    if bounds is not None:
        raise x.error(f"pointer assignment with bounds ({target}({bounds}) => ...) is not "
                      "supported")
    sym = x.scope.find(str(target)) if type(target).__name__ == "Name" else None
    if sym is None or not sym.external:
        from transpyle.frontends.fortran.types import data_pointer_assignment
        return [data_pointer_assignment(x, target, value)]
    if type(value).__name__ == "Intrinsic_Function_Reference" and \
            str(value.items[0]).upper() == "NULL":
        raise x.error("a procedure pointer set to NULL() is not supported")
    rhs = x.expr(value)
    if not isinstance(rhs.type, Procedure):
        raise x.error(f"{value} is no procedure: cannot be the target of procedure pointer "
                      f"{target}")
    lhs = ir.Name(sym.name, type=sym.ir_type(), loc=x.loc)
    return [ir.Assign(lhs, rhs, loc=x.loc)]


def defined_unary(x: ExprLowering, node: Any) -> ir.Expr:
    op, operand = node.items
    value = x.expr(operand)
    call = operator_call(x, str(op).lower(), (value,))
    if call is None:
        raise x.error(f"no procedure of OPERATOR({str(op).lower()}) takes "
                      f"({describe(value.type)})")
    return call
