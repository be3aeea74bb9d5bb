"""Derived types in expressions: a structure constructor `point(1.0, y=2.0)` anywhere in an
expression is a `Call` of the type's name with one value per component, in component order
(defaults filled in from the components' initialisations, values converted to the
components' types), typed `Record(name)`. Backends write it as the type's constructor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Character, Record, Type

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering


def typedef(x: ExprLowering, name: str) -> ir.TypeDef:
    return next(s.types[name] for s in x.scope.visible() if name in s.types)


def component_values(x: ExprLowering, name: str, args_node: Any) -> dict[str, Any]:
    """The constructor's fparser values by component name (positional, then keywords)."""
    fields = typedef(x, name).fields
    values: dict[str, Any] = {}
    for k, item in enumerate(args_node.items if args_node is not None else ()):
        if type(item).__name__ in ("Component_Spec", "Actual_Arg_Spec"):
            key = str(item.items[0]).lower()
            if all(f.name != key for f in fields):
                raise x.error(f"type({name}) has no component '{key}'")
            values[key] = item.items[1]
        elif k < len(fields):
            values[fields[k].name] = item
        else:
            raise x.error(f"type({name}) has {len(fields)} components")
    return values


def structure_constructor(x: ExprLowering, name: str, args_node: Any) -> ir.Expr:
    """`name(values)` as a `Call` of the type with every component's value in order."""
    given = component_values(x, name, args_node)
    args: list[ir.Expr] = []
    for decl in typedef(x, name).fields:
        if decl.name not in given and decl.init is None:
            raise x.error(f"no value for component {decl.name} of type({name})")
        value = x.expr(given[decl.name]) if decl.name in given else decl.init
        assert value is not None and decl.type is not None
        args.append(converted(x, value, decl.type, decl.name))
    return ir.Call(name, tuple(args), type=Record(name), loc=x.loc)


def converted(x: ExprLowering, value: ir.Expr, t: Type, component: str) -> ir.Expr:
    """A component's value as the component's type (a scalar for an array component is
    refused: the constructor would need the component's shape)."""
    if isinstance(t, Array) and not isinstance(value.type, Array):
        raise x.error(f"a scalar value for the array component '{component}' in a structure "
                      "constructor is not supported", hint="give an array value")
    base = t.elem if isinstance(t, Array) else t
    if isinstance(base, Character | Record):
        return value
    return x.cast(value, base)


def is_constructor(value: ir.Expr) -> bool:
    """A structure constructor's `Call` (a fresh value: assigning it needs no copy)."""
    return isinstance(value, ir.Call) and isinstance(value.type, Record) \
        and value.func == value.type.name


def read_bindings(x: ExprLowering, tname: str, part: Any, loc_of: Any,
                  inherited: dict[str, tuple[str, bool]] | None = None
                  ) -> dict[str, tuple[str, bool]]:
    """`procedure :: norm => vec_norm` and `procedure, nopass :: f` of a type's CONTAINS
    part; generic bindings, FINAL and PASS(name) are refused at their line."""
    out: dict[str, tuple[str, bool]] = {}
    for b in part.content:
        kind = type(b).__name__
        if kind in ("Contains_Stmt", "Comment", "Binding_Private_Stmt"):
            continue
        x.loc = loc_of(b)
        if kind != "Specific_Binding" or b.items[0] is not None:
            raise x.error(f"{str(b).split('::')[0].strip()} in type({tname}) is not supported",
                          hint="bind specific procedures: procedure :: name => proc")
        nopass = False
        for attr in b.items[1].items if b.items[1] is not None else ():
            text = str(attr).upper()
            if text == "NOPASS":
                nopass = True
            elif text not in ("PASS", "PUBLIC", "PRIVATE", "NON_OVERRIDABLE"):
                raise x.error(f"binding attribute {text} in type({tname}) is not supported")
        name = str(b.items[3]).lower()
        if name in (inherited or {}):  # a CLASS(parent) object would need dynamic dispatch
            raise x.error(f"type({tname}) overrides the type-bound procedure '{name}' of its "
                          "parent: overriding is not supported")
        out[name] = (str(b.items[4] or b.items[3]).lower(), nopass)
    return out


def binding(x: ExprLowering, rec: Type | None, name: str) -> tuple[str, bool]:
    """The procedure (and NOPASS) that `object%name(...)` calls."""
    if not isinstance(rec, Record):
        raise x.error(f"%{name}(...) on a value of type {rec} is not a type-bound call")
    for scope in x.scope.visible():
        if rec.name in scope.types:
            found = scope.bindings.get(rec.name, {}).get(name)
            if found is None:
                raise x.error(f"type({rec.name}) has no type-bound procedure '{name}'")
            return found
    raise x.error(f"the type-bound procedures of type({rec.name}) are not known here",
                  hint="define the type in the file that calls them")


def bound_arguments(x: ExprLowering, designator: Any,
                    args_node: Any) -> tuple[str, tuple[ir.Expr, ...]]:
    """`v%norm(a)`: the bound procedure and its arguments, the object first (unless NOPASS)."""
    base, _, member = designator.items
    obj = x.expr(base)
    if isinstance(obj.type, Array):
        raise x.error(f"a type-bound call on the array '{base}' is not supported")
    proc, nopass = binding(x, obj.type, str(member).lower())
    args: list[ir.Expr] = []
    for a in args_node.items if args_node is not None else ():
        if type(a).__name__ in ("Actual_Arg_Spec", "Component_Spec"):
            raise x.error(f"keyword arguments in the type-bound call {designator} are not "
                          "supported")
        args.append(x.expr(a))
    return proc, tuple(args if nopass else [obj, *args])


def bound_function(x: ExprLowering, designator: Any, args_node: Any) -> ir.Expr:
    proc, args = bound_arguments(x, designator, args_node)
    result = x.procs.get(proc)
    if result is None:
        raise x.error(f"'{proc}', bound to {designator}, is not a function of this file")
    return ir.Call(proc, args, type=result, loc=x.loc)


def array_component(x: ExprLowering, base: ir.Expr, name: str) -> ir.Expr:
    """`w%x` of an array of records: a `Field` typed as the array of the (scalar) component."""
    rec, shape = base.type.elem, base.type  # type: ignore[union-attr]
    assert isinstance(rec, Record) and isinstance(shape, Array)
    decl = x.scope.record_field(rec, name, x.loc)
    if isinstance(decl.type, Array | Record) or decl.type is None:
        raise x.error(f"the component {name} of an array of type({rec.name}) is an array or "
                      "a record: taking it from every element is not supported")
    return ir.Field(base, name, type=Array(decl.type, shape.rank, "F", shape.lower),  # type: ignore[arg-type]
                    loc=x.loc)


def _component(x: ExprLowering, node: Any, what: str) -> tuple[str, ir.Field]:
    target = x.expr(node)
    if not isinstance(target, ir.Field) or not isinstance(target.type, Array):
        raise x.error(f"{what} of {node}: only an allocatable array component is supported")
    base: ir.Expr = target
    while isinstance(base, ir.Field | ir.Subscript):
        base = base.value
    if not isinstance(base, ir.Name):
        raise x.error(f"{what} of {node} is not supported")
    rec = target.value.type
    decl = x.scope.record_field(rec, target.name, x.loc) if isinstance(rec, Record) else None
    if decl is None or not decl.allocatable:
        raise x.error(f"{what} of {node}: the component is not ALLOCATABLE")
    return base.id, target


def component_allocate(x: ExprLowering, node: Any, shape: tuple[ir.Dim, ...]) -> ir.Stmt:
    """`allocate(p%a(n))`: an `Allocate` of the variable `p` with the component as target
    (lower bounds 1: the component's type holds its bounds)."""
    from transpyle.frontends.fortran.exprs import fold
    name, target = _component(x, node.items[0] if type(node).__name__ == "Allocation"
                              else node, "ALLOCATE")
    for d in shape:
        if d.lower is not None and fold(d.lower, x.scope) != 1:
            raise x.error("ALLOCATE of a component with a lower bound other than 1 is not "
                          "supported")
    return ir.Allocate(name, shape, target=target, loc=x.loc)


def component_deallocate(x: ExprLowering, node: Any) -> ir.Stmt:
    name, target = _component(x, node, "DEALLOCATE")
    return ir.Deallocate(name, target=target, loc=x.loc)


def parent_of(x: ExprLowering, name: str, attrs: Any
              ) -> tuple[list[ir.VarDecl], dict[str, tuple[str, bool]]]:
    """The components and type-bound procedures `type, extends(parent) :: name` inherits
    (the parent's components come first, as in a structure constructor); ABSTRACT and BIND
    refused."""
    parent = None
    for attr in attrs.items if attrs is not None else ():
        text = str(attr).upper()
        if text.startswith("EXTENDS"):
            parent = str(attr.items[1]).lower()
        elif text not in ("PUBLIC", "PRIVATE"):
            raise x.error(f"type({name}) is {text}: not supported")
    if parent is None:
        return [], {}
    for scope in x.scope.visible():
        if parent in scope.types:
            return list(scope.types[parent].fields), dict(scope.bindings.get(parent, {}))
    raise x.error(f"type({name}) extends type({parent}), which is not defined here")


def allocated(x: ExprLowering, args: tuple[ir.Expr, ...]) -> ir.Expr:
    """ALLOCATED(a) of an ALLOCATABLE array variable or component."""
    from transpyle.ir.types import Logical
    arg = args[0] if len(args) == 1 else None
    ok = False
    if isinstance(arg, ir.Name):
        sym = x.scope.find(arg.id)
        ok = sym is not None and sym.allocatable
    elif isinstance(arg, ir.Field) and isinstance(arg.value.type, Record):
        ok = x.scope.record_field(arg.value.type, arg.name, x.loc).allocatable
    if arg is None or not ok:
        raise x.error("ALLOCATED takes one ALLOCATABLE array")
    return ir.Intrinsic("allocated", (arg,), type=Logical(4), loc=x.loc)


def freed_if_allocated(test: ir.Expr, body: tuple[ir.Stmt, ...]) -> bool:
    """`if (allocated(a)) deallocate(a)`: the IR's Deallocate alone says it."""
    if len(body) != 1 or not isinstance(body[0], ir.Deallocate):
        return False
    freed = body[0].target if body[0].target is not None else body[0].name
    return isinstance(test, ir.Intrinsic) and test.name == "allocated" and (
        test.args[0] == freed if not isinstance(freed, str) else
        isinstance(test.args[0], ir.Name) and test.args[0].id == freed)
